// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

frappe.query_reports["Customer History"] = {
	filters: [
		{
			fieldname: "customer_profile",
			label: __("Customer"),
			fieldtype: "Link",
			options: "Customer Profile",
			reqd: 1,
		},
		{
			fieldname: "kind",
			label: __("Kind"),
			fieldtype: "Select",
			options: ["All", "Services", "Products", "Cards", "Plans", "Treatments", "Greetings"].join("\n"),
			default: "All",
		},
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date" },
	],
	formatter(value, row, column, data, default_formatter) {
		if (["before_photo", "after_photo"].includes(column.fieldname) && data && data[column.fieldname]) {
			// the report returns only links of this site or http(s) (rules/text.py is_safe_link)
			const url = frappe.utils.escape_html(encodeURI(data[column.fieldname]));
			return `<a href="${url}" target="_blank" rel="noopener"><img src="${url}" style="height: 28px"></a>`;
		}
		return default_formatter(value, row, column, data);
	},
};
