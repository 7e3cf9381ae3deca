// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

frappe.ui.form.on("Salon Message", {
	setup(frm) {
		salon_crm.plain_text.setup(frm);
	},
});
