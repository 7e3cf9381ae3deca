// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

frappe.listview_settings["Customer Profile"] = {
	add_fields: ["disabled", "customer_number", "mobile_no", "image"],
	get_indicator(doc) {
		if (doc.disabled) {
			return [__("Disabled"), "gray", "disabled,=,1"];
		}
		return [__("Active"), "green", "disabled,=,0"];
	},
	onload(listview) {
		salon_crm_add_find_box(listview);
	},
	refresh(listview) {
		salon_crm_add_find_box(listview);
	},
};

// The front desk's search box: customer number, name or any run of phone digits (the app's search, the
// same as every Customer Profile link); choosing a customer opens the profile. Not a list filter, so it
// is kept out of the page's fields_dict (whose values become filters).
function salon_crm_add_find_box(listview) {
	const section = listview.page.page_form.find(".standard-filter-section");
	if (!section.length || section.find(".salon-find-customer").length) {
		return;
	}
	const parent = $('<div class="salon-find-customer col-md-3"></div>').prependTo(section);
	const control = frappe.ui.form.make_control({
		df: {
			fieldname: "salon_find_customer",
			fieldtype: "Link",
			options: "Customer Profile",
			label: __("Find Customer"),
			placeholder: __("Find: number, name or phone digits"),
			input_class: "input-xs",
			onchange() {
				const name = control.get_value();
				if (name) {
					control.set_value("");
					frappe.set_route("Form", "Customer Profile", name);
				}
			},
		},
		parent: parent,
		only_input: true,
		render_input: true,
	});
	control.refresh();
	$(control.wrapper).attr("title", __("Find a customer by number, name or phone digits"));
}
