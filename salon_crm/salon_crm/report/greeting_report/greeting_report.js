// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

frappe.query_reports["Greeting Report"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_days(frappe.datetime.get_today(), -6),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: ["", "Queued", "Sent", "Skipped", "Failed"],
		},
		{
			fieldname: "occasion",
			label: __("Occasion"),
			fieldtype: "Select",
			options: ["", "Birthday", "Family Birthday", "Anniversary"],
		},
		{
			fieldname: "channel",
			label: __("Channel"),
			fieldtype: "Select",
			options: ["", "SMS", "Email"],
		},
		{
			fieldname: "customer_profile",
			label: __("Customer Profile"),
			fieldtype: "Link",
			options: "Customer Profile",
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "status" && data) {
			const colour = { Sent: "green", Queued: "blue", Skipped: "gray", Failed: "red" }[data.status];
			if (colour) {
				value = `<span class="indicator-pill ${colour}">${value}</span>`;
			}
		}
		return value;
	},
};
