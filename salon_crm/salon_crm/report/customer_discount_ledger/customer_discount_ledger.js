// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

frappe.query_reports["Customer Discount Ledger"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
		},
		{
			fieldname: "customer_discount",
			label: __("Card"),
			fieldtype: "Link",
			options: "Customer Discount",
			get_query() {
				const filters = { docstatus: ["!=", 0] };
				const profile = frappe.query_report.get_filter_value("customer_profile");
				if (profile) filters.customer_profile = profile;
				return { filters };
			},
		},
		{
			fieldname: "customer_profile",
			label: __("Customer"),
			fieldtype: "Link",
			options: "Customer Profile",
		},
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_months(frappe.datetime.get_today(), -12),
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
		},
		{
			fieldname: "include_cancelled",
			label: __("Include Cancelled Entries"),
			fieldtype: "Check",
			default: 0,
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && data.is_opening) {
			value = `<b>${value}</b>`;
		} else if (data && data.is_cancelled && column.fieldname !== "is_cancelled") {
			value = `<span class="text-muted" style="text-decoration: line-through">${value}</span>`;
		}
		return value;
	},
};
