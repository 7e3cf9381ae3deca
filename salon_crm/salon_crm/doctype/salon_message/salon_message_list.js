// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

frappe.listview_settings["Salon Message"] = {
	add_fields: ["status", "reason"],
	get_indicator(doc) {
		const colour = {
			Queued: "blue",
			Sent: "green",
			Skipped: "grey",
			Failed: "red",
		};
		return [__(doc.status), colour[doc.status] || "grey", "status,=," + doc.status];
	},
};
