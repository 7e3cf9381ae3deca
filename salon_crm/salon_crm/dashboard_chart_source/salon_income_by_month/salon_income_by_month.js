frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Salon Income by Month"] = {
	method: "salon_crm.salon_crm.dashboard_chart_source.salon_income_by_month.salon_income_by_month.get",
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
		},
	],
};
