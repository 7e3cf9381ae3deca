// salon_crm on Sales Invoice and POS Invoice: find the customer by number, name or phone digits, show the
// customer number beside the customer, and apply one of the customer's prepaid cards (Customer Discount).
// The server computes the real split on save (salon_crm.cards.invoice.before_validate); the form shows an
// estimate before saving and the saved figures after.

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
			salon_crm_show_customer_number(frm);
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
		salon_customer_number(frm) {
			salon_crm_show_customer_number(frm);
		},
		salon_customer_discount(frm) {
			if (!frm.doc.salon_customer_discount) {
				frm.__salon_card = null;
			}
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
});

function salon_crm_set_customer_query(frm) {
	frm.set_query("customer", () => ({ query: "salon_crm.api.search.customer_query" }));
	frm.set_query("salon_customer_discount", () => ({
		filters: {
			customer: frm.doc.customer || "",
			company: frm.doc.company || "",
			docstatus: 1,
			status: "Active",
		},
	}));
}

function salon_crm_show_customer_number(frm) {
	const number = frm.doc.salon_customer_number;
	frm.set_df_property(
		"customer",
		"description",
		number
			? `<span class="salon-customer-number">${__("Customer Number: {0}", [
					frappe.utils.escape_html(number).bold(),
			  ])}</span>`
			: ""
	);
}

function salon_crm_card_money(frm, amount) {
	return format_currency(amount, frm.doc.currency);
}

function salon_crm_may_apply_card(frm) {
	return frm.doc.docstatus === 0 && frm.doc.customer && !frm.doc.is_return && !frm.doc.is_consolidated;
}

function salon_crm_card_button(frm) {
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

function salon_crm_fetch_cards(frm) {
	return frappe
		.call({
			method: "salon_crm.api.cards.active_cards",
			args: {
				customer: frm.doc.customer,
				company: frm.doc.company,
				posting_date: frm.doc.posting_date,
			},
		})
		.then((r) => r.message || []);
}

// Items on the invoice that are stock items (a card without listed services pays for services only)
function salon_crm_stock_items(frm) {
	const codes = [...new Set((frm.doc.items || []).map((row) => row.item_code).filter(Boolean))];
	if (!codes.length) {
		return Promise.resolve(new Set());
	}
	return frappe.db
		.get_list("Item", {
			filters: { name: ["in", codes], is_stock_item: 1 },
			fields: ["name"],
			limit: codes.length,
		})
		.then((rows) => new Set(rows.map((row) => row.name)));
}

// The redemption the server will make, estimated with the same rule (salon_crm.rules.cards.split_redemption)
function salon_crm_estimate(frm, card, stock_items) {
	const precision = frappe.boot.sysdefaults.currency_precision || 2;
	const covered = new Set(card.services || []);
	let eligible = 0;
	(frm.doc.items || []).forEach((row) => {
		if (!row.item_code) {
			return;
		}
		if (covered.size ? !covered.has(row.item_code) : stock_items.has(row.item_code)) {
			return;
		}
		const rate =
			flt(row.rate) || flt(row.price_list_rate) * (1 - flt(row.discount_percentage) / 100);
		eligible += flt(row.qty) * rate;
	});
	eligible = flt(Math.abs(eligible), precision);
	const balance_value = flt(card.balance_value, precision);
	const balance_money = flt(card.balance_money, precision);
	const value_used = Math.min(balance_value, eligible);
	let money_used = 0;
	if (value_used > 0) {
		money_used =
			value_used === balance_value
				? balance_money
				: flt((value_used * balance_money) / balance_value, precision);
	}
	return {
		eligible: eligible,
		value_used: value_used,
		money_used: money_used,
		benefit: flt(value_used - money_used, precision),
		value_after: flt(balance_value - value_used, precision),
	};
}

function salon_crm_choose_card(frm) {
	Promise.all([salon_crm_fetch_cards(frm), salon_crm_stock_items(frm)]).then(([cards, stock_items]) => {
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
		const money = (v) => salon_crm_card_money(frm, v);
		const rows = cards
			.map((card) => {
				const estimate = salon_crm_estimate(frm, card, stock_items);
				const chosen = card.name === frm.doc.salon_customer_discount;
				return `<tr data-card="${frappe.utils.escape_html(card.name)}">
					<td><b>${frappe.utils.escape_html(card.name)}</b><div class="small text-muted">${frappe.utils.escape_html(
					card.discount_type
				)}</div></td>
					<td class="text-right">${money(card.balance_value)}</td>
					<td>${frappe.datetime.str_to_user(card.valid_until)}</td>
					<td class="small">${
						(card.services || []).length
							? frappe.utils.escape_html(card.services.join(", "))
							: __("Any service")
					}</td>
					<td class="text-right salon-card-benefit">${
						estimate.value_used > 0
							? __("{0} of value, benefit {1}", [money(estimate.value_used), money(estimate.benefit).bold()])
							: `<span class="text-muted">${__("nothing covered")}</span>`
					}</td>
					<td class="text-right"><button class="btn btn-xs ${
						chosen ? "btn-default" : "btn-primary"
					} salon-use-card" data-card="${frappe.utils.escape_html(card.name)}">${
					chosen ? __("Applied") : __("Use")
				}</button></td>
				</tr>`;
			})
			.join("");
		const dialog = new frappe.ui.Dialog({
			title: __("Apply a Card of {0}", [frm.doc.customer_name || frm.doc.customer]),
			size: "extra-large",
			fields: [
				{
					fieldtype: "HTML",
					fieldname: "cards_html",
					options: `<table class="table table-sm salon-card-choices">
						<thead><tr>
							<th>${__("Card")}</th><th class="text-right">${__("Balance")}</th>
							<th>${__("Valid Until")}</th><th>${__("Services")}</th>
							<th class="text-right">${__("On This Invoice")}</th><th></th>
						</tr></thead><tbody>${rows}</tbody></table>
						<p class="small text-muted">${__(
							"The benefit is given as the invoice's discount; the rest is paid from the card when the invoice is saved."
						)}</p>`,
				},
			],
		});
		dialog.$wrapper.find(".salon-use-card").on("click", (e) => {
			const name = $(e.currentTarget).attr("data-card");
			const card = cards.find((c) => c.name === name);
			frm.__salon_card = card;
			frm.__salon_card_customer = frm.doc.customer;
			frm.__salon_stock_items = stock_items;
			dialog.hide();
			frm.set_value("salon_customer_discount", name).then(() => {
				const estimate = salon_crm_estimate(frm, card, stock_items);
				frappe.show_alert(
					{
						message: __("Card {0} applied: expected benefit {1}", [
							name,
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
	const render = (details, stock_items) => {
		const estimate = salon_crm_estimate(frm, details, stock_items);
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
	};
	if (frm.__salon_card && frm.__salon_card.name === card && frm.__salon_stock_items) {
		render(frm.__salon_card, frm.__salon_stock_items);
		return;
	}
	Promise.all([salon_crm_fetch_cards(frm), salon_crm_stock_items(frm)]).then(([cards, stock_items]) => {
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
		frm.__salon_card = details;
		frm.__salon_card_customer = frm.doc.customer;
		frm.__salon_stock_items = stock_items;
		render(details, stock_items);
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
