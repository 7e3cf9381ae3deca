// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

frappe.query_reports["Campaign Results"] = {
	filters: [
		{
			fieldname: "campaign",
			label: __("Campaign"),
			fieldtype: "Link",
			options: "Salon Campaign",
		},
		{
			fieldname: "group",
			label: __("Group"),
			fieldtype: "Select",
			options: ["", "Messaged", "Held Out", "Excluded", "Not Reached"],
			depends_on: "campaign",
		},
		{
			fieldname: "returned",
			label: __("Only Customers Who Returned"),
			fieldtype: "Check",
			depends_on: "campaign",
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		// each count of a campaign opens the customers behind it
		const groups = {
			audience: "",
			messaged: "Messaged",
			held_out: "Held Out",
			excluded: "Excluded",
			not_reached: "Not Reached",
			returned: "Messaged",
		};
		if (data && data.campaign && column.fieldname in groups) {
			const params = new URLSearchParams({ campaign: data.campaign });
			if (groups[column.fieldname]) {
				params.set("group", groups[column.fieldname]);
			}
			if (column.fieldname === "returned") {
				params.set("returned", 1);
			}
			value = `<a href="/app/query-report/Campaign Results?${params.toString()}">${value}</a>`;
		}
		return value;
	},
};
