// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

frappe.listview_settings["Customer Discount"] = {
	add_fields: ["status", "docstatus", "balance_value", "valid_until", "customer_number"],
	has_indicator_for_draft: true,
	has_indicator_for_cancelled: true,
	get_indicator(doc) {
		const colours = {
			Draft: "red",
			Active: "green",
			Consumed: "gray",
			Expired: "orange",
			Refunded: "blue",
			Cancelled: "red",
		};
		let status = doc.status;
		if (doc.docstatus == 0) {
			status = "Draft";
		} else if (doc.docstatus == 2) {
			status = "Cancelled";
		}
		return [__(status), colours[status] || "gray", "status,=," + status];
	},
};
