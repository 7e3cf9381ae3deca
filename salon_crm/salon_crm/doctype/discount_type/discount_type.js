// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

frappe.ui.form.on("Discount Type", {
	refresh(frm) {
		frm.set_query("services", () => ({
			filters: { disabled: 0, is_sales_item: 1, is_stock_item: 0 },
		}));
		salon_crm_show_price_hint(frm);
	},
	services(frm) {
		salon_crm_update_suggested_value(frm);
	},
	price_list(frm) {
		salon_crm_update_suggested_value(frm);
	},
	value(frm) {
		salon_crm_show_price_hint(frm);
	},
	price(frm) {
		salon_crm_show_price_hint(frm);
		if (salon_crm_price_not_below_value(frm)) {
			frappe.show_alert(
				{
					message: __("The price should be lower than the value, otherwise the card gives nothing"),
					indicator: "orange",
				},
				7
			);
		}
	},
	// the server refuses a price not below the value on save (rules.cards.check_type_amounts)
});

frappe.ui.form.on("Discount Type Service", {
	item(frm) {
		salon_crm_update_suggested_value(frm);
	},
	services_remove(frm) {
		salon_crm_update_suggested_value(frm);
	},
});

function salon_crm_money(frm, amount) {
	return format_currency(amount, frm.doc.currency);
}

function salon_crm_price_not_below_value(frm) {
	const value = flt(frm.doc.value);
	const price = flt(frm.doc.price);
	return value > 0 && price > 0 && price >= value;
}

function salon_crm_show_price_hint(frm) {
	const field = frm.get_field("price");
	if (!field) {
		return;
	}
	let hint = __("What the customer pays; must be lower than the value");
	if (salon_crm_price_not_below_value(frm)) {
		hint = `<span class="text-danger">${__("Not below the value ({0}): the card cannot be saved", [
			salon_crm_money(frm, frm.doc.value),
		])}</span>`;
	} else if (flt(frm.doc.value) > 0 && flt(frm.doc.price) > 0) {
		const benefit = flt(frm.doc.value) - flt(frm.doc.price);
		hint = __("The customer gains {0} ({1}% of the price)", [
			salon_crm_money(frm, benefit),
			flt((benefit * 100) / flt(frm.doc.price), 1),
		]);
	}
	frm.set_df_property("price", "description", hint);
}

function salon_crm_update_suggested_value(frm) {
	// debounced: picking several services in a row makes one request
	clearTimeout(frm.__salon_suggest_timer);
	frm.__salon_suggest_timer = setTimeout(() => {
		const services = (frm.doc.services || []).map((row) => row.item).filter(Boolean);
		frappe.call({
			method: "salon_crm.salon_crm.doctype.discount_type.discount_type.get_suggested_value",
			args: { services: services, price_list: frm.doc.price_list || null },
			callback(r) {
				const suggested = flt(r.message);
				frm.set_value("suggested_value", suggested);
				if (suggested > 0 && !flt(frm.doc.value)) {
					frm.set_value("value", suggested);
					frappe.show_alert(
						{
							message: __("Value set to the suggested {0}", [salon_crm_money(frm, suggested)]),
							indicator: "green",
						},
						5
					);
				} else if (suggested > 0 && flt(frm.doc.value) !== suggested) {
					frm.set_df_property(
						"value",
						"description",
						__("Value the customer can use (suggested: {0})", [salon_crm_money(frm, suggested)])
					);
				}
			},
		});
	}, 300);
}
