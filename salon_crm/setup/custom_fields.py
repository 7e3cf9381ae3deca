"""Custom fields salon_crm adds to ERPNext doctypes. All fieldnames start with `salon_`."""

INVOICE_DOCTYPES = ("Sales Invoice", "POS Invoice")
INVOICE_ITEM_DOCTYPES = ("Sales Invoice Item", "POS Invoice Item")


def get_custom_fields() -> dict:
	return {
		"Customer": [
			{
				"fieldname": "salon_customer_profile",
				"fieldtype": "Link",
				"label": "Customer Profile",
				"options": "Customer Profile",
				"insert_after": "customer_name",
				"read_only": 1,
				"no_copy": 1,
				"unique": 1,
			},
			{
				"fieldname": "salon_customer_number",
				"fieldtype": "Data",
				"label": "Customer Number",
				"insert_after": "salon_customer_profile",
				"read_only": 1,
				"no_copy": 1,
				"in_standard_filter": 1,
				"search_index": 1,
				"bold": 1,
			},
		],
		INVOICE_ITEM_DOCTYPES: [
			{
				"fieldname": "salon_card",
				"fieldtype": "Link",
				"label": "Card Sold (Customer Discount)",
				"options": "Customer Discount",
				"insert_after": "item_name",
				"read_only": 1,
				"no_copy": 1,
				"depends_on": "salon_card",
			},
		],
		INVOICE_DOCTYPES: [
			{
				"fieldname": "salon_customer_number",
				"fieldtype": "Data",
				"label": "Customer Number",
				"insert_after": "customer_name",
				"read_only": 1,
				"no_copy": 0,
				"bold": 1,
				"in_standard_filter": 1,
				"fetch_from": "customer.salon_customer_number",
				"print_hide": 0,
			},
			{
				"fieldname": "salon_customer_profile",
				"fieldtype": "Link",
				"label": "Customer Profile",
				"options": "Customer Profile",
				"insert_after": "salon_customer_number",
				"read_only": 1,
				"fetch_from": "customer.salon_customer_profile",
				"search_index": 1,
				"print_hide": 1,
			},
			{
				"fieldname": "salon_card_section",
				"fieldtype": "Section Break",
				"label": "Salon Card",
				"insert_after": "payments",
				"collapsible": 1,
				"collapsible_depends_on": "salon_customer_discount",
			},
			{
				"fieldname": "salon_customer_discount",
				"fieldtype": "Link",
				"label": "Apply Customer Discount (Card)",
				"options": "Customer Discount",
				"insert_after": "salon_card_section",
				"no_copy": 1,
				"search_index": 1,
			},
			{
				"fieldname": "salon_card_column",
				"fieldtype": "Column Break",
				"insert_after": "salon_customer_discount",
			},
			{
				"fieldname": "salon_card_value_used",
				"fieldtype": "Currency",
				"label": "Card Value Used",
				"options": "currency",
				"insert_after": "salon_card_column",
				"read_only": 1,
				"no_copy": 1,
			},
			{
				"fieldname": "salon_card_money_used",
				"fieldtype": "Currency",
				"label": "Paid from Card",
				"options": "currency",
				"insert_after": "salon_card_value_used",
				"read_only": 1,
				"no_copy": 1,
			},
			{
				"fieldname": "salon_card_benefit",
				"fieldtype": "Currency",
				"label": "Card Benefit (Discount)",
				"options": "currency",
				"insert_after": "salon_card_money_used",
				"read_only": 1,
				"no_copy": 1,
			},
		],
		# Special Plans: the assignment a Pricing Rule applies (plain data: deleting either side stays free)
		"Pricing Rule": [
			{
				"fieldname": "salon_special_plan_assignment",
				"fieldtype": "Data",
				"label": "Special Plan Assignment",
				"insert_after": "title",
				"read_only": 1,
				"no_copy": 1,
				"depends_on": "salon_special_plan_assignment",
			},
		],
	}
