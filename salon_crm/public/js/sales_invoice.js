// salon_crm: find the customer by number, name or phone digits on Sales Invoice and POS Invoice.

["Sales Invoice", "POS Invoice"].forEach((doctype) => {
	frappe.ui.form.on(doctype, {
		setup(frm) {
			salon_crm_set_customer_query(frm);
		},
		onload(frm) {
			salon_crm_set_customer_query(frm);
		},
		refresh(frm) {
			salon_crm_set_customer_query(frm);
		},
	});
});

function salon_crm_set_customer_query(frm) {
	frm.set_query("customer", () => ({ query: "salon_crm.api.search.customer_query" }));
}
