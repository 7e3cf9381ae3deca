// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

frappe.ui.form.on("Treatment Record", {
	setup(frm) {
		salon_crm.plain_text.setup(frm);
	},
});
