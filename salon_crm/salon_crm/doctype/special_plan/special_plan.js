// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

frappe.ui.form.on("Special Plan", {
	refresh(frm) {
		frm.set_query("item_code", "items", () => ({ filters: { disabled: 0, is_sales_item: 1 } }));
		if (frm.is_new() || !frm.doc.enabled) {
			return;
		}
		frm.add_custom_button(__("Assign to Customers"), () => salon_crm_assign_plan_dialog(frm));
		frm.add_custom_button(__("Eligible Customers"), () => salon_crm_show_eligible(frm));
	},
	apply_on(frm) {
		// the other column of the items table is cleared on save
		frm.refresh_field("items");
	},
});

function salon_crm_assign_plan_dialog(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Assign {0}", [frappe.utils.escape_html(frm.doc.plan_name)]),
		fields: [
			{
				fieldname: "profiles",
				fieldtype: "MultiSelectList",
				label: __("Customers"),
				reqd: 1,
				get_data: (txt) => frappe.db.get_link_options("Customer Profile", txt, { disabled: 0 }),
			},
			{
				fieldname: "add_eligible",
				fieldtype: "Button",
				label: __("Add All Eligible Customers Without This Plan"),
			},
			{ fieldname: "dates_section", fieldtype: "Section Break" },
			{
				fieldname: "from_date",
				fieldtype: "Date",
				label: __("From Date"),
				description: __("Empty: today, or the plan's start if later"),
			},
			{ fieldname: "dates_column", fieldtype: "Column Break" },
			{
				fieldname: "to_date",
				fieldtype: "Date",
				label: __("To Date"),
				default: frm.doc.valid_until,
				description: __("Empty: the plan's end"),
			},
		],
		primary_action_label: __("Assign"),
		primary_action(values) {
			frappe.call({
				method: "salon_crm.api.plans.assign_plan",
				type: "POST",
				args: {
					plan: frm.doc.name,
					profiles: values.profiles,
					from_date: values.from_date,
					to_date: values.to_date,
				},
				freeze: true,
				freeze_message: __("Assigning..."),
				callback(r) {
					if (!r.message) {
						return;
					}
					dialog.hide();
					const { assigned, skipped } = r.message;
					let message = __("{0} customers assigned.", [assigned.length]);
					if (skipped.length) {
						message += " " + __("{0} already held the plan.", [skipped.length]);
					}
					frappe.msgprint({ title: __("Special Plan Assigned"), message, indicator: "green" });
					frm.reload_doc();
				},
			});
		},
	});
	dialog.fields_dict.add_eligible.$input.on("click", () => {
		frappe.call({
			method: "salon_crm.api.plans.get_eligible_profiles",
			args: { plan: frm.doc.name },
			freeze: true,
			callback(r) {
				const current = dialog.get_value("profiles") || [];
				const names = [...new Set(current.concat(r.message.unassigned))];
				dialog.set_value("profiles", names);
				if (r.message.unassigned_count > r.message.unassigned.length) {
					frappe.show_alert({
						message: __("Added the first {0} of {1} eligible customers", [
							r.message.unassigned.length,
							r.message.unassigned_count,
						]),
						indicator: "orange",
					});
				}
			},
		});
	});
	dialog.show();
}

function salon_crm_show_eligible(frm) {
	frappe.call({
		method: "salon_crm.api.plans.get_eligible_profiles",
		args: { plan: frm.doc.name, limit: 20 },
		callback(r) {
			const { count, unassigned_count, unassigned } = r.message;
			const list = unassigned.map((name) => `<li>${frappe.utils.escape_html(name)}</li>`).join("");
			frappe.msgprint({
				title: __("Eligible Customers"),
				message:
					`<p>${__("{0} customers qualify today; {1} of them do not hold the plan yet.", [
						count,
						unassigned_count,
					])}</p>` + (list ? `<ul>${list}</ul>` : ""),
			});
		},
	});
}
