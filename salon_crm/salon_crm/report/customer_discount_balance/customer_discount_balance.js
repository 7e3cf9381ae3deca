// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

frappe.query_reports["Customer Discount Balance"] = {
	filters: [
		{
			fieldname: "company",
			label: __("Company"),
			fieldtype: "Link",
			options: "Company",
			default: frappe.defaults.get_user_default("Company"),
		},
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Card", label: __("Card") },
				{ value: "Customer", label: __("Customer") },
			],
			default: "Card",
		},
		{
			fieldname: "customer_profile",
			label: __("Customer"),
			fieldtype: "Link",
			options: "Customer Profile",
		},
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: [
				"",
				{ value: "Active", label: __("Active") },
				{ value: "Consumed", label: __("Consumed") },
				{ value: "Expired", label: __("Expired") },
				{ value: "Refunded", label: __("Refunded") },
				{ value: "Cancelled", label: __("Cancelled") },
			],
		},
		{
			fieldname: "discount_type",
			label: __("Card Type"),
			fieldtype: "Link",
			options: "Discount Type",
			get_query() {
				const company = frappe.query_report.get_filter_value("company");
				return { filters: company ? { company } : {} };
			},
		},
	],
	// Opened with a customer (a link, a bookmark): Frappe fetches the filter's displayed name after setting it
	// from the route, and until then the filter reads empty; wait for it so the first run is that customer's.
	onload(report) {
		const filter = report.get_filter("customer_profile");
		if (filter && filter.value && !filter.get_value()) {
			return frappe.utils
				.fetch_link_title("Customer Profile", filter.value)
				.then(() => filter.set_input(filter.value));
		}
	},
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "status" && data && data.status) {
			const colors = { Active: "green", Consumed: "gray", Expired: "orange", Refunded: "blue", Cancelled: "red" };
			value = `<span class="indicator-pill ${colors[data.status] || "gray"}">${__(data.status)}</span>`;
		}
		return value;
	},
};
