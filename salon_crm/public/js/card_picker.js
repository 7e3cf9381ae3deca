// The card picker of salon_crm, one for the invoice form's Apply Card dialog (sales_invoice.js, doctype_js of
// Sales Invoice and POS Invoice) and the Point of Sale page's card tile and customer panel (point_of_sale.js,
// page_js). It only shows what the server decides: the customer's usable cards and, for the cart's plain rows,
// the split the server will make on save (salon_crm.api.cards.active_cards: value used, money used, benefit,
// balance after). Every value put into HTML is escaped.
//
// Loaded both as doctype_js and as page_js: everything is defined once.
frappe.provide("salon_crm.cards");

if (!salon_crm.cards.fetch) {
	Object.assign(salon_crm.cards, {
		// The cart as the preview API takes it: plain rows, nothing of the form
		cart_rows(doc) {
			return (doc.items || [])
				.filter((row) => row.item_code)
				.map((row) => ({
					item_code: row.item_code,
					qty: row.qty,
					rate: row.rate,
					price_list_rate: row.price_list_rate,
					discount_percentage: row.discount_percentage,
				}));
		},

		// The customer's usable cards, each with the server's preview of its split on this cart
		fetch(doc) {
			if (!doc.customer) {
				return Promise.resolve([]);
			}
			return frappe
				.call({
					method: "salon_crm.api.cards.active_cards",
					args: {
						customer: doc.customer,
						company: doc.company,
						posting_date: doc.posting_date,
						items: salon_crm.cards.cart_rows(doc),
					},
				})
				.then((r) => r.message || []);
		},

		money(amount, currency) {
			return format_currency(amount, currency);
		},

		// What a card would do on this cart, as one line
		preview_text(card, currency) {
			const preview = card.preview;
			if (!preview) {
				return "";
			}
			if (!(preview.value_used > 0)) {
				return `<span class="text-muted">${__("nothing covered on this cart")}</span>`;
			}
			const money = (v) => salon_crm.cards.money(v, currency);
			return __("{0} of value, paid from card {1}, benefit {2}", [
				money(preview.value_used),
				money(preview.money_used),
				money(preview.benefit).bold(),
			]);
		},

		// The picker: one row per card (card and type, value left, valid until, services, what it does on this
		// cart) with a Use button, or Applied for the card already on the invoice
		picker_html(cards, { currency, chosen, show_services = true } = {}) {
			const esc = frappe.utils.escape_html;
			const money = (v) => salon_crm.cards.money(v, currency);
			const rows = cards
				.map((card) => {
					const applied = card.name === chosen;
					const services = (card.services || []).length
						? esc(card.services.join(", "))
						: __("Any service");
					return `<tr class="salon-card-choice" data-card="${esc(card.name)}">
						<td><b>${esc(card.name)}</b><div class="small text-muted">${esc(card.discount_type)}</div></td>
						<td class="text-right">${money(card.balance_value)}</td>
						<td>${frappe.datetime.str_to_user(card.valid_until)}</td>
						${show_services ? `<td class="small">${services}</td>` : ""}
						<td class="text-right salon-card-benefit small">${salon_crm.cards.preview_text(card, currency)}</td>
						<td class="text-right"><button class="btn btn-xs ${
							applied ? "btn-default" : "btn-primary"
						} salon-use-card" data-card="${esc(card.name)}">${
						applied ? __("Applied") : __("Use")
					}</button></td>
					</tr>`;
				})
				.join("");
			return `<table class="table table-sm salon-card-choices">
				<thead><tr>
					<th>${__("Card")}</th><th class="text-right">${__("Value Left")}</th>
					<th>${__("Valid Until")}</th>${show_services ? `<th>${__("Services")}</th>` : ""}
					<th class="text-right">${__("On This Cart")}</th><th></th>
				</tr></thead><tbody>${rows}</tbody></table>`;
		},

		// ERPNext pre-fills the default mode of payment with what is to pay (less loyalty points); a card the
		// server applied pays its share too (salon_card_money_used), so the pre-filled line gets only what is
		// left, and never the whole total beside the card (which would hand the card's money out as change).
		wrap_default_payment() {
			const proto = window.erpnext && erpnext.taxes_and_totals && erpnext.taxes_and_totals.prototype;
			if (!proto || proto.__salon_card_default_payment) {
				return;
			}
			const set_default_payment = proto.set_default_payment;
			proto.set_default_payment = function (total_amount_to_pay, update_paid_amount) {
				const doc = this.frm && this.frm.doc;
				const card = doc && doc.salon_customer_discount && !doc.is_return ? flt(doc.salon_card_money_used) : 0;
				const rest = card
					? Math.max(flt(total_amount_to_pay - card, precision("grand_total")), 0)
					: total_amount_to_pay;
				const updates = update_paid_amount === undefined || update_paid_amount;
				if (card && rest <= 0 && doc.is_pos && !cint(this.frm.skip_default_payment) && updates) {
					// the card pays it all: ERPNext leaves a line alone when nothing is to pay, so empty it here
					(doc.payments || [])
						.filter((row) => row.default && flt(row.amount))
						.forEach((row) => {
							frappe.model.set_value(row.doctype, row.name, "amount", 0);
							frappe.model.set_value(row.doctype, row.name, "base_amount", 0);
						});
					return;
				}
				return set_default_payment.call(this, rest, update_paid_amount);
			};
			proto.__salon_card_default_payment = true;
		},
	});
}

salon_crm.cards.wrap_default_payment();
