// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

frappe.listview_settings["Greeting Template"] = {
	add_fields: ["enabled"],
	get_indicator(doc) {
		return doc.enabled
			? [__("Enabled"), "green", "enabled,=,1"]
			: [__("Disabled"), "grey", "enabled,=,0"];
	},
};
