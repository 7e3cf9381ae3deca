// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

frappe.query_reports["Customer Performance"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
		},
		{
			fieldname: "date",
			label: __("As Of"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
		},
		{
			fieldname: "segment",
			label: __("Segment"),
			fieldtype: "Select",
			options: [
				"",
				"Champions",
				"Loyal Customers",
				"Potential Loyalists",
				"New Customers",
				"Promising",
				"Need Attention",
				"About To Sleep",
				"At Risk",
				"Cannot Lose Them",
				"Hibernating",
				"Lost",
			].join("\n"),
		},
		{
			fieldname: "min_income",
			label: __("Minimum Lifetime Income"),
			fieldtype: "Currency",
		},
		{
			fieldname: "include_inactive",
			label: __("Include Customers Without Visits"),
			fieldtype: "Check",
		},
	],
	onload(report) {
		if (!frappe.user.has_role(["System Manager", "Salon Manager"])) return;
		report.page.add_inner_button(__("Refresh All Figures"), () => {
			frappe
				.xcall("salon_crm.api.performance.refresh_all", { full: 0 })
				.then(() => frappe.show_alert({ message: __("Refresh queued"), indicator: "green" }));
		});
	},
};
