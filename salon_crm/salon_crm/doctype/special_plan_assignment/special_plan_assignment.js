// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

frappe.ui.form.on("Special Plan Assignment", {
	setup(frm) {
		salon_crm.plain_text.setup(frm);
	},
	refresh(frm) {
		frm.set_query("special_plan", () => ({ filters: { enabled: 1 } }));
		frm.set_query("customer_profile", () => ({ filters: { disabled: 0 } }));
		if (frm.doc.not_eligible_reason) {
			frm.dashboard.set_headline_alert(
				__("Assigned although not eligible: {0}", [frappe.utils.escape_html(frm.doc.not_eligible_reason)]),
				"orange"
			);
		}
		if (!frm.is_new() && frm.doc.status === "Active") {
			frm.add_custom_button(__("End Now"), () => {
				const customer = frappe.utils.escape_html(frm.doc.customer_name || frm.doc.customer_profile);
				frappe.confirm(__("End this plan for {0} today?", [customer]), () => {
					frappe.call({
						method: "salon_crm.api.plans.end_assignment",
						type: "POST",
						args: { assignment: frm.doc.name },
						freeze: true,
						callback: () => frm.reload_doc(),
					});
				});
			});
		}
	},
});
