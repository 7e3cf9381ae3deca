// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

// The customer is found by number, name or phone digits: the Customer Profile link uses the app's
// standard query (hooks.standard_queries), no set_query needed.

frappe.ui.form.on("Customer Discount", {
	setup(frm) {
		salon_crm.plain_text.setup(frm);
		frm.set_query("discount_type", () => ({ filters: { enabled: 1 } }));
		frm.set_query("mode_of_payment", () => ({ filters: { enabled: 1 } }));
	},
	refresh(frm) {
		salon_crm_card_summary(frm);
		salon_crm_card_buttons(frm);
		salon_crm_render_ledger(frm);
	},
	// customer, name, number, company, value and price come from the links' fetch_from; validity is
	// computed by the server on save (rules.cards.valid_until)
	customer_profile(frm) {
		if (!frm.doc.customer_profile) {
			return;
		}
		frappe.db
			.get_value("Customer Profile", frm.doc.customer_profile, ["full_name", "disabled"])
			.then(({ message }) => {
				if (message && message.disabled) {
					frappe.msgprint({
						title: __("Disabled Customer"),
						message: __("Customer {0} is disabled", [
							frappe.utils.escape_html(message.full_name).bold(),
						]),
						indicator: "red",
					});
				}
			});
	},
	discount_type(frm) {
		salon_crm_card_summary(frm);
	},
	value(frm) {
		salon_crm_card_summary(frm);
	},
	on_submit(frm) {
		// the sale invoice submitted with the card wrote the balances and the ledger: show them
		frm.reload_doc();
	},
});

function salon_crm_money(frm, amount) {
	return format_currency(amount, frm.doc.currency);
}

function salon_crm_card_summary(frm) {
	frm.dashboard.clear_headline();
	if (frm.doc.docstatus === 0) {
		if (frm.doc.discount_type && flt(frm.doc.value)) {
			frm.dashboard.set_headline(
				__("The customer pays {0} and can use {1} until {2}", [
					salon_crm_money(frm, frm.doc.price).bold(),
					salon_crm_money(frm, frm.doc.value).bold(),
					frm.doc.valid_until
						? frappe.datetime.str_to_user(frm.doc.valid_until)
						: __("the end of its validity"),
				]),
				"blue"
			);
		}
		return;
	}
	if (frm.doc.docstatus === 1) {
		const colour = frm.doc.status === "Active" ? "green" : "gray";
		frm.dashboard.add_indicator(
			__("Balance: {0}", [salon_crm_money(frm, frm.doc.balance_value)]),
			colour
		);
		frm.dashboard.add_indicator(
			__("Paid Balance: {0}", [salon_crm_money(frm, frm.doc.balance_money)]),
			"blue"
		);
		frm.dashboard.add_indicator(__("Visits: {0}", [cint(frm.doc.visits)]), "gray");
		if (frm.doc.valid_until) {
			frm.dashboard.add_indicator(
				__("Valid Until: {0}", [frappe.datetime.str_to_user(frm.doc.valid_until)]),
				frm.doc.status === "Expired" ? "orange" : "gray"
			);
		}
	}
}

function salon_crm_card_buttons(frm) {
	if (frm.doc.docstatus !== 1) {
		return;
	}
	frm.add_custom_button(__("Membership Card"), () => {
		frappe.utils.print(frm.doctype, frm.doc.name, "Membership Card", null, frappe.boot.lang);
	});
	salon_crm_report_button(frm, __("PV Status"), "Customer Discount Balance", {
		customer_profile: frm.doc.customer_profile,
	});
	salon_crm_report_button(frm, __("Card Ledger"), "Customer Discount Ledger", {
		customer_discount: frm.doc.name,
	});
	const may_refund = frappe.user.has_role(["Salon Manager", "System Manager"]);
	if (may_refund && frm.doc.status === "Active" && flt(frm.doc.balance_money) > 0) {
		frm.add_custom_button(__("Refund"), () => salon_crm_refund_dialog(frm));
	}
}

function salon_crm_report_button(frm, label, report, filters) {
	// a "View" button opening the query report `report` filtered on this card's company and `filters`
	frm.add_custom_button(
		label,
		() => {
			frappe.route_options = { ...filters, company: frm.doc.company };
			frappe.set_route("query-report", report);
		},
		__("View")
	);
}

function salon_crm_refund_dialog(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Refund {0}", [frappe.utils.escape_html(frm.doc.name)]),
		fields: [
			{
				fieldtype: "HTML",
				fieldname: "intro",
				options: `<p>${__("Pay back {0} to {1}; the card's value balance of {2} is closed.", [
					salon_crm_money(frm, frm.doc.balance_money).bold(),
					frappe.utils.escape_html(frm.doc.customer_name || frm.doc.customer_profile),
					salon_crm_money(frm, frm.doc.balance_value),
				])}</p>`,
			},
			{
				fieldtype: "Link",
				fieldname: "mode_of_payment",
				label: __("Mode of Payment"),
				options: "Mode of Payment",
				reqd: 1,
				default: frm.doc.mode_of_payment,
				get_query: () => ({ filters: { enabled: 1 } }),
			},
			{
				fieldtype: "Date",
				fieldname: "posting_date",
				label: __("Posting Date"),
				default: frappe.datetime.get_today(),
			},
		],
		primary_action_label: __("Refund"),
		primary_action(values) {
			frm.call({
				method: "refund",
				doc: frm.doc,
				args: { mode_of_payment: values.mode_of_payment, posting_date: values.posting_date },
				freeze: true,
				freeze_message: __("Refunding..."),
			}).then((r) => {
				dialog.hide();
				frappe.show_alert({
					message: __("Refunded with Journal Entry {0}", [r.message]),
					indicator: "green",
				});
				frm.reload_doc();
			});
		},
	});
	dialog.show();
}

function salon_crm_render_ledger(frm) {
	const field = frm.get_field("ledger_html");
	if (!field) {
		return;
	}
	if (frm.is_new() || frm.doc.docstatus === 0) {
		field.$wrapper.html(
			`<p class="text-muted">${__("The ledger starts when the card is sold (on submit).")}</p>`
		);
		return;
	}
	frappe
		.call({ method: "salon_crm.api.cards.card_ledger", args: { card: frm.doc.name } })
		.then(({ message }) => {
			const rows = message || [];
			if (!rows.length) {
				field.$wrapper.html(`<p class="text-muted">${__("No ledger entries yet.")}</p>`);
				return;
			}
			const money = (v) => salon_crm_money(frm, v);
			const body = rows
				.map(
					(row) => `<tr class="${row.is_cancelled ? "text-muted" : ""}">
						<td>${frappe.datetime.str_to_user(row.posting_date)}</td>
						<td>${__(row.entry_type)}${row.is_cancelled ? " (" + __("cancelled") + ")" : ""}</td>
						<td>${
							row.voucher_no
								? `<a href="/app/${frappe.router.slug(row.voucher_type)}/${encodeURIComponent(
										row.voucher_no
								  )}">${frappe.utils.escape_html(row.voucher_no)}</a>`
								: ""
						}</td>
						<td class="text-right">${money(row.value_delta)}</td>
						<td class="text-right">${money(row.money_delta)}</td>
						<td class="text-right">${money(row.value_balance)}</td>
						<td class="text-right">${money(row.money_balance)}</td>
					</tr>`
				)
				.join("");
			field.$wrapper.html(`<div class="table-responsive"><table class="table table-sm table-bordered salon-card-ledger">
				<thead><tr>
					<th>${__("Date")}</th><th>${__("Entry")}</th><th>${__("Voucher")}</th>
					<th class="text-right">${__("Value")}</th><th class="text-right">${__("Money")}</th>
					<th class="text-right">${__("Value Balance")}</th><th class="text-right">${__("Money Balance")}</th>
				</tr></thead><tbody>${body}</tbody></table></div>`);
		});
}
