// salon_crm at ERPNext's Point of Sale page (hooks.page_js, after card_picker.js). Small, documented
// extensions of ERPNext's classes, never edits of ERPNext: each wraps one method of the page's classes
// (erpnext/selling/page/point_of_sale/*.js), calls ERPNext's own first and then adds the salon's part.
//
// - ItemCart.fetch_customer_details / update_customer_section: the customer panel shows her customer number,
//   her usable cards (type, value left, valid until, what each does on this cart) and her Special Plans.
// - Controller.on_cart_update: the panel's card figures follow the cart.
// - Payment.render_payment_mode_dom: a "Prepaid Card" tile beside Cash, the way ERPNext offers loyalty points.
//   Choosing a card sets it on the invoice and saves it: the server makes the split (covered services only,
//   the benefit as the invoice's discount, the card's money as the Customer Discount payment, the pre-filled
//   line set to what is left) and the tile shows the value used, the benefit and what is still due. The plain
//   tile of the card's mode of payment is removed: its amount is the server's, never typed.
// - PastOrderSummary.attach_payments_info: the order summary (after a sale, and in the order history) shows
//   the card used, the benefit and the card's balance after.
// Returns from the order history and the POS closing are ERPNext's own; the server's doc_events give the card
// back what the returned lines used and keep the closing's GL exact.
frappe.provide("salon_crm.pos");

(function () {
	const page = frappe.pages["point-of-sale"];
	if (!page || page.__salon_crm) {
		return;
	}
	page.__salon_crm = true;
	const on_page_load = page.on_page_load;
	// ERPNext's loader requires the page's bundle, then builds the Controller: extend its classes in between
	page.on_page_load = function (wrapper) {
		frappe.require("point-of-sale.bundle.js", () => {
			salon_crm.pos.extend();
			on_page_load.call(this, wrapper);
		});
	};
})();

salon_crm.pos.wrap = function (cls, method, after) {
	const original = cls.prototype[method];
	cls.prototype[method] = function (...args) {
		const result = original.apply(this, args);
		return after.call(this, result, args);
	};
};

salon_crm.pos.extend = function () {
	const POS = erpnext.PointOfSale;
	if (!POS || POS.__salon_crm) {
		return;
	}
	POS.__salon_crm = true;
	salon_crm.cards.wrap_default_payment();

	salon_crm.pos.wrap(POS.ItemCart, "fetch_customer_details", function (result, [customer]) {
		return Promise.resolve(result).then(() => salon_crm.pos.load_customer(this, customer));
	});
	salon_crm.pos.wrap(POS.ItemCart, "update_customer_section", function (result) {
		salon_crm.pos.render_panel(this);
		return result;
	});
	salon_crm.pos.wrap(POS.Controller, "on_cart_update", function (result) {
		return Promise.resolve(result).then((row) => {
			salon_crm.pos.refresh_panel(this.cart);
			return row;
		});
	});
	salon_crm.pos.wrap(POS.Payment, "render_payment_mode_dom", function (result) {
		salon_crm.pos.render_card_tile(this);
		return result;
	});
	salon_crm.pos.wrap(POS.PastOrderSummary, "attach_payments_info", function (result, [doc]) {
		salon_crm.pos.render_summary_card(this, doc);
		return result;
	});
};

// ---------------------------------------------------------------- the customer panel

salon_crm.pos.panel_args = function (frm, customer) {
	const doc = frm ? frm.doc : {};
	return {
		customer,
		company: doc.company,
		posting_date: doc.posting_date,
		// a return's cart says nothing of what a card could pay today
		items: frm && !doc.is_return ? salon_crm.cards.cart_rows(doc) : [],
	};
};

salon_crm.pos.load_customer = function (cart, customer) {
	if (!customer || !cart.customer_info) {
		return;
	}
	const frm = cart.events.get_frm();
	return frappe
		.call({ method: "salon_crm.api.pos.customer_panel", args: salon_crm.pos.panel_args(frm, customer) })
		.then((r) => {
			if (!cart.customer_info || cart.customer_info.customer !== customer) {
				return;
			}
			cart.customer_info.salon = r.message;
			// a card of the customer before is not hers: the sale goes on without it
			const card = frm && frm.doc.salon_customer_discount;
			if (card && !(r.message.cards || []).some((c) => c.name === card) && !frm.doc.is_return) {
				return frappe.model.set_value(frm.doc.doctype, frm.doc.name, "salon_customer_discount", null);
			}
		});
};

salon_crm.pos.refresh_panel = frappe.utils.debounce(function (cart) {
	const customer = cart.customer_info && cart.customer_info.customer;
	if (!customer) {
		return;
	}
	salon_crm.pos.load_customer(cart, customer).then(() => salon_crm.pos.render_panel(cart));
}, 300);

salon_crm.pos.render_panel = function (cart) {
	const info = cart.customer_info && cart.customer_info.salon;
	cart.$customer_section.find(".salon-customer-panel").remove();
	if (!info || !cart.customer_info.customer) {
		return;
	}
	const frm = cart.events.get_frm();
	const currency = frm && frm.doc.currency;
	const esc = frappe.utils.escape_html;
	const money = (v) => salon_crm.cards.money(v, currency);
	const cards = (info.cards || [])
		.map(
			(card) => `<div class="salon-panel-card" data-card="${esc(card.name)}">
				<b>${esc(card.discount_type)}</b> <span class="text-muted">${esc(card.name)}</span><br>
				${__("Value left {0}, valid until {1}", [
					money(card.balance_value).bold(),
					frappe.datetime.str_to_user(card.valid_until),
				])}
				<div class="small">${salon_crm.cards.preview_text(card, currency)}</div>
			</div>`
		)
		.join("");
	const plans = (info.plans || [])
		.map(
			(plan) => `<div class="salon-panel-plan">${__("Special Plan {0}: {1}", [
				esc(plan.plan).bold(),
				esc(plan.benefit),
			])}${plan.to_date ? ` <span class="text-muted">${__("until {0}", [frappe.datetime.str_to_user(plan.to_date)])}</span>` : ""}</div>`
		)
		.join("");
	cart.$customer_section.append(
		`<div class="salon-customer-panel" style="padding: var(--padding-sm) var(--padding-md); border-top: 1px solid var(--border-color); font-size: var(--text-sm);">
			<div class="salon-customer-number">${__("Customer No. {0}", [esc(info.customer_number || "-").bold()])}</div>
			${cards ? `<div class="salon-panel-cards" style="margin-top: var(--margin-xs)">${cards}</div>` : `<div class="text-muted">${__("No usable card")}</div>`}
			${plans}
		</div>`
	);
};

// ---------------------------------------------------------------- the card payment tile

salon_crm.pos.render_card_tile = function (payment) {
	const frm = payment.events.get_frm();
	const doc = frm && frm.doc;
	const info = (payment.events.get_customer_details() || {}).salon;
	payment.$payment_modes.find(".salon-card-tile-wrapper").remove();
	if (!doc || !doc.customer || !info || !payment.$payment_modes.is(":visible")) {
		return;
	}
	// the card's own mode of payment: its amount is the server's, shown on the card tile
	const mode = payment.sanitize_mode_of_payment(info.card_mode_of_payment || "");
	payment.$payment_modes.find(`.mode-of-payment[data-mode="${mode}"]`).closest(".payment-mode-wrapper").remove();
	if (!(info.cards || []).length && !doc.salon_customer_discount) {
		return;
	}
	const $tile = $(`<div class="payment-mode-wrapper salon-card-tile-wrapper" style="width: 100%; max-width: 100%; flex-basis: 100%">
		<div class="salon-card-tile" style="border: 1px solid var(--border-color); border-radius: var(--border-radius-md); padding: var(--padding-md); margin-bottom: var(--margin-md);">
			<div style="font-weight: 600">${__("Prepaid Card")}</div>
			<div class="salon-card-applied"></div>
			<div class="salon-card-list text-muted small">${__("Loading cards…")}</div>
		</div>
	</div>`).appendTo(payment.$payment_modes);
	salon_crm.pos.render_applied(payment, $tile, doc);
	if (doc.is_return) {
		$tile.find(".salon-card-list").empty();
		return;
	}
	salon_crm.cards.fetch(doc).then((cards) => {
		const $list = $tile.find(".salon-card-list").removeClass("text-muted small");
		if (!cards.length) {
			$list.html(`<span class="text-muted">${__("No usable card on this date")}</span>`);
			return;
		}
		$list.html(
			salon_crm.cards.picker_html(cards, {
				currency: doc.currency,
				chosen: doc.salon_customer_discount,
				show_services: false,
			})
		);
		$list.find(".salon-use-card").on("click", (e) => {
			e.stopPropagation();
			salon_crm.pos.apply_card(payment, $(e.currentTarget).attr("data-card"));
		});
	});
};

salon_crm.pos.render_applied = function (payment, $tile, doc) {
	const $applied = $tile.find(".salon-card-applied");
	if (!doc.salon_customer_discount) {
		$applied.empty();
		return;
	}
	const esc = frappe.utils.escape_html;
	const money = (v) => salon_crm.cards.money(Math.abs(flt(v)), doc.currency);
	const due = flt(doc.rounded_total || doc.grand_total) - flt(doc.salon_card_money_used);
	const figures = salon_crm.pos.figures_are_saved(payment.events.get_frm())
		? doc.is_return
			? __("Gives back {0} of value ({1} of money) to the card", [
					money(doc.salon_card_value_used).bold(),
					money(doc.salon_card_money_used),
			  ])
			: __("Value used {0}, benefit {1}, paid from card {2}; still due {3}", [
					money(doc.salon_card_value_used).bold(),
					money(doc.salon_card_benefit).bold(),
					money(doc.salon_card_money_used),
					`<span class="salon-card-still-due">${money(due).bold()}</span>`,
			  ])
		: __("The figures are made when the sale is saved");
	$applied.html(
		`<div class="salon-card-summary" style="margin: var(--margin-xs) 0 var(--margin-sm)">
			${__("Card {0} applied", [esc(doc.salon_customer_discount).bold()])}: ${figures}
			${
				doc.is_return
					? ""
					: `<button class="btn btn-xs btn-default salon-remove-card" style="margin-left: var(--margin-sm)">${__(
							"Remove Card"
					  )}</button>`
			}
		</div>`
	);
	$applied.find(".salon-remove-card").on("click", (e) => {
		e.stopPropagation();
		salon_crm.pos.apply_card(payment, null);
	});
};

// The card figures on the invoice are the server's for this cart and card as long as neither changed since
// the last save (the POS page saves when going to the payment screen, the card tile when a card is chosen)
salon_crm.pos.signature = function (doc) {
	return JSON.stringify([doc.name, doc.salon_customer_discount || null, salon_crm.cards.cart_rows(doc)]);
};

salon_crm.pos.figures_are_saved = function (frm) {
	return !frm.doc.__islocal && frm.__salon_saved === salon_crm.pos.signature(frm.doc);
};

frappe.ui.form.on("POS Invoice", {
	after_save(frm) {
		frm.__salon_saved = salon_crm.pos.signature(frm.doc);
	},
});

// Set (or remove) the card and save: the server decides every figure. A card that cannot pay is refused by
// the server with its reason; the sale then goes on without it.
salon_crm.pos.apply_card = async function (payment, card) {
	const frm = payment.events.get_frm();
	const doc = frm.doc;
	frappe.dom.freeze(__("Applying the card…"));
	try {
		await frappe.model.set_value(doc.doctype, doc.name, "salon_customer_discount", card || null);
		let failed = false;
		await frm.save(null, null, null, () => (failed = true));
		if (failed && card) {
			await frappe.model.set_value(doc.doctype, doc.name, "salon_customer_discount", null);
		}
	} finally {
		frappe.dom.unfreeze();
	}
	payment.render_payment_mode_dom();
	payment.update_totals_section(frm.doc);
};

// ---------------------------------------------------------------- the order summary (receipt on screen)

salon_crm.pos.render_summary_card = function (summary, doc) {
	summary.$payment_container.find(".salon-summary-card").remove();
	if (!doc || !doc.salon_customer_discount || doc.docstatus !== 1) {
		return;
	}
	frappe
		.call({ method: "salon_crm.api.pos.sale_card", args: { doctype: doc.doctype, name: doc.name } })
		.then((r) => {
			const card = r.message;
			if (!card || summary.doc !== doc) {
				return;
			}
			const money = (v) => salon_crm.cards.money(Math.abs(flt(v)), doc.currency);
			const row = (label, value, cls = "") =>
				`<div class="summary-row-wrapper salon-summary-card ${cls}"><div>${label}</div><div>${value}</div></div>`;
			summary.$payment_container.append(
				row(__("Card Used"), frappe.utils.escape_html(card.card)) +
					row(doc.is_return ? __("Card Value Given Back") : __("Card Value Used"), money(card.value_used)) +
					row(__("Card Benefit"), money(card.benefit)) +
					(card.value_after === null || card.value_after === undefined
						? ""
						: row(__("Card Balance After"), money(card.value_after), "salon-card-balance-after"))
			);
		});
};
