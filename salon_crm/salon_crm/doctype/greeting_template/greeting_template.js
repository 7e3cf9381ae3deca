// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

frappe.ui.form.on("Greeting Template", {
	channel(frm) {
		frm.toggle_reqd("subject", frm.doc.channel === "Email");
	},
	refresh(frm) {
		frm.toggle_reqd("subject", frm.doc.channel === "Email");
	},
});
