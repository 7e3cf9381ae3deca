// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

frappe.query_reports["Card Liability Reconciliation"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
		},
		{
			fieldname: "as_of_date",
			label: __("As of Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (!data) return value;
		if (data.row_type === "Summary") {
			value = `<b>${value}</b>`;
		}
		if (column.fieldname === "difference" && data.difference) {
			value = `<span style="color: var(--red-600)">${value}</span>`;
		}
		if (column.fieldname === "remark" && data.row_type === "Awaiting POS Closing") {
			value = `<span style="color: var(--orange-600)">${value}</span>`;
		}
		return value;
	},
};
