// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

frappe.listview_settings["Special Plan Assignment"] = {
	add_fields: ["status", "auto_assigned"],
	get_indicator(doc) {
		if (doc.status === "Active") {
			return [__("Active"), "green", "status,=,Active"];
		}
		return [__("Ended"), "gray", "status,=,Ended"];
	},
};
