// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

frappe.query_reports["Todays Occasions"] = {
	filters: [
		{
			fieldname: "date",
			label: __("Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "occasion",
			label: __("Occasion"),
			fieldtype: "Select",
			options: [
				"",
				{ value: "Birthday", label: __("Birthday") },
				{ value: "Anniversary", label: __("Anniversary") },
				{ value: "Family Birthday", label: __("Family Birthday") },
			],
		},
		{ fieldname: "include_disabled", label: __("Include Disabled Customers"), fieldtype: "Check" },
	],
};
