"""Custom fields salon_crm adds to ERPNext doctypes. All fieldnames start with `salon_`."""

INVOICE_DOCTYPES = ("Sales Invoice", "POS Invoice")


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
		],
	}
