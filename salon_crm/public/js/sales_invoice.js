// salon_crm on Sales Invoice and POS Invoice: find the customer by number, name or phone digits, show the
// customer number beside the customer, and apply one of the customer's prepaid cards (Customer Discount).
// The server computes the split on save (salon_crm.cards.invoice.validate, from the line amounts ERPNext
// priced); before saving, the form shows the server's preview of it (salon_crm.api.cards.active_cards with
// the invoice's items), after saving the saved figures. Customer links search by number, name or phone
// digits through the app's standard query for Customer (hooks.standard_queries). The customer number shows
// once, in its own field beside the customer (salon_customer_number, fetched from the Customer).

// This file is loaded for both Sales Invoice and POS Invoice: register the handlers once.
if (!frappe.flags.salon_crm_invoice_js) {
	frappe.flags.salon_crm_invoice_js = true;
	["Sales Invoice", "POS Invoice"].forEach(salon_crm_register);
}

function salon_crm_register(doctype) {
	frappe.ui.form.on(doctype, {
		setup(frm) {
			// the customer's name as ERPNext copies it from the Customer: shown as text
			salon_crm.plain_text.show_as_text(doctype, ["customer_name", "contact_display"]);
			salon_crm_set_card_query(frm);
		},
		refresh(frm) {
			salon_crm_card_button(frm);
			salon_crm_card_summary(frm);
		},
		customer(frm) {
			const card_customer = frm.__salon_card_customer;
			if (frm.doc.salon_customer_discount && card_customer && card_customer !== frm.doc.customer) {
				frm.set_value("salon_customer_discount", null);
			}
			salon_crm_card_button(frm);
		},
		salon_customer_discount(frm) {
			salon_crm_card_button(frm);
			salon_crm_card_summary(frm);
		},
		after_save(frm) {
			salon_crm_card_summary(frm);
		},
	});
	frappe.ui.form.on(`${doctype} Item`, {
		qty(frm) {
			salon_crm_card_summary(frm);
		},
		rate(frm) {
			salon_crm_card_summary(frm);
		},
		items_remove(frm) {
			salon_crm_card_summary(frm);
		},
	});
}

function salon_crm_set_card_query(frm) {
	frm.set_query("salon_customer_discount", () => ({
		filters: {
			customer: frm.doc.customer || "",
			company: frm.doc.company || "",
			docstatus: 1,
			status: "Active",
		},
	}));
}

function salon_crm_card_money(frm, amount) {
	return format_currency(amount, frm.doc.currency);
}

function salon_crm_may_apply_card(frm) {
	return frm.doc.docstatus === 0 && frm.doc.customer && !frm.doc.is_return && !frm.doc.is_consolidated;
}

// The Point of Sale page works with a hidden POS Invoice form (not in the page): the card tile there does the
// card work, the form's button and banner are left out
function salon_crm_hidden_form(frm) {
	return !frm.$wrapper || !$.contains(document.body, frm.$wrapper.get(0));
}

function salon_crm_card_button(frm) {
	if (salon_crm_hidden_form(frm)) {
		return;
	}
	frm.remove_custom_button(__("Apply Card"));
	frm.remove_custom_button(__("Remove Card"));
	if (!salon_crm_may_apply_card(frm)) {
		return;
	}
	frm.add_custom_button(__("Apply Card"), () => salon_crm_choose_card(frm));
	if (frm.doc.salon_customer_discount) {
		frm.add_custom_button(__("Remove Card"), () => {
			frm.set_value("salon_customer_discount", null);
			frappe.show_alert({ message: __("Card removed: save to update the totals"), indicator: "orange" });
		});
	}
}

// The customer's usable cards, each with the server's preview of its redemption on this invoice (the shared
// card picker, public/js/card_picker.js)
function salon_crm_fetch_cards(frm) {
	return salon_crm.cards.fetch(frm.doc);
}

function salon_crm_choose_card(frm) {
	salon_crm_fetch_cards(frm).then((cards) => {
		if (!cards.length) {
			frappe.msgprint({
				title: __("No Active Card"),
				message: __("{0} has no active card usable on {1}", [
					frappe.utils.escape_html(frm.doc.customer_name || frm.doc.customer).bold(),
					frappe.datetime.str_to_user(frm.doc.posting_date),
				]),
				indicator: "orange",
			});
			return;
		}
		const dialog = new frappe.ui.Dialog({
			title: __("Apply a Card of {0}", [
				frappe.utils.escape_html(frm.doc.customer_name || frm.doc.customer),
			]),
			size: "extra-large",
			fields: [
				{
					fieldtype: "HTML",
					fieldname: "cards_html",
					options: `${salon_crm.cards.picker_html(cards, {
						currency: frm.doc.currency,
						chosen: frm.doc.salon_customer_discount,
					})}
						<p class="small text-muted">${__(
							"The benefit is given as the invoice's discount; the rest is paid from the card when the invoice is saved."
						)}</p>`,
				},
			],
		});
		dialog.$wrapper.find(".salon-use-card").on("click", (e) => {
			const name = $(e.currentTarget).attr("data-card");
			const card = cards.find((c) => c.name === name);
			frm.__salon_card_customer = frm.doc.customer;
			dialog.hide();
			frm.set_value("salon_customer_discount", name).then(() => {
				const estimate = card.preview;
				frappe.show_alert(
					{
						message: __("Card {0} applied: expected benefit {1}", [
							frappe.utils.escape_html(name),
							salon_crm_card_money(frm, estimate.benefit),
						]),
						indicator: "green",
					},
					7
				);
			});
		});
		dialog.show();
	});
}

function salon_crm_card_summary(frm) {
	if (salon_crm_hidden_form(frm)) {
		return;
	}
	const wrapper = salon_crm_card_wrapper(frm);
	if (!wrapper) {
		return;
	}
	const card = frm.doc.salon_customer_discount;
	if (!card) {
		wrapper.empty().hide();
		return;
	}
	const money = (v) => salon_crm_card_money(frm, v);
	const saved = !frm.is_dirty() && !frm.is_new() && flt(frm.doc.salon_card_value_used) !== 0;
	if (saved || frm.doc.docstatus !== 0) {
		wrapper
			.html(
				`<div class="salon-card-summary">${__("Card {0}: value used {1}, paid from card {2}, card benefit {3}", [
					frappe.utils.escape_html(card).bold(),
					money(frm.doc.salon_card_value_used),
					money(frm.doc.salon_card_money_used),
					money(frm.doc.salon_card_benefit).bold(),
				])}</div>`
			)
			.show();
		return;
	}
	salon_crm_fetch_cards(frm).then((cards) => {
		const details = cards.find((c) => c.name === card);
		if (!details) {
			wrapper
				.html(
					`<div class="salon-card-summary text-danger">${__(
						"Card {0} is not active for this customer on this date",
						[frappe.utils.escape_html(card).bold()]
					)}</div>`
				)
				.show();
			return;
		}
		const estimate = details.preview;
		wrapper
			.html(
				`<div class="salon-card-summary">${__(
					"Card {0} (balance {1}): expected value used {2}, expected benefit {3}. Saving computes the final figures.",
					[
						frappe.utils.escape_html(card).bold(),
						money(details.balance_value),
						money(estimate.value_used),
						money(estimate.benefit).bold(),
					]
				)}</div>`
			)
			.show();
	});
}

// A line above the form's fields (inside the form layout, so it survives the dashboard's refresh)
function salon_crm_card_wrapper(frm) {
	if (!frm.layout || !frm.layout.wrapper) {
		return null;
	}
	let wrapper = frm.layout.wrapper.find(".salon-card-banner");
	if (!wrapper.length) {
		wrapper = $(
			`<div class="salon-card-banner form-message blue" style="display:none; margin: var(--margin-md) var(--margin-md) 0;"></div>`
		).prependTo(frm.layout.wrapper);
	}
	return wrapper;
}
