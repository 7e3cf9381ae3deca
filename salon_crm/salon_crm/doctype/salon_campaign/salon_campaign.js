// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

frappe.ui.form.on("Salon Campaign", {
	onload(frm) {
		if (frm.is_new() && !frm.doc.company) {
			frm.set_value("company", frappe.defaults.get_user_default("Company"));
		}
	},
	refresh(frm) {
		if (frm.is_new()) {
			return;
		}
		frm.add_custom_button(__("Preview"), () => salon_crm_campaign_preview(frm));
		frm.add_custom_button(__("Send a Test"), () => salon_crm_campaign_test(frm));
		if (frm.doc.send_mode === "Immediately" && !frm.doc.last_run_on && frm.doc.enabled) {
			frm.add_custom_button(__("Send Now"), () => salon_crm_campaign_send(frm)).addClass(
				"btn-primary"
			);
		}
		frm.add_custom_button(__("Results"), () => {
			frappe.route_options = { campaign: frm.doc.name };
			frappe.set_route("query-report", "Campaign Results");
		});
		if (frm.doc.last_run_on) {
			frm.dashboard.set_headline(
				__("Last run on {0}", [frappe.datetime.str_to_user(frm.doc.last_run_on)])
			);
			salon_crm_campaign_dashboard(frm);
		}
	},
});

function salon_crm_campaign_dashboard(frm) {
	frappe.xcall("salon_crm.api.campaigns.get_results", { campaign: frm.doc.name }).then((r) => {
		const money = (value) => format_currency(value || 0, frappe.defaults.get_default("currency"));
		const percent = (value) => (value == null ? "–" : `${value} %`);
		frm.dashboard.add_indicator(__("Messaged: {0}", [r.groups["Messaged"]]), "blue");
		frm.dashboard.add_indicator(__("Held out: {0}", [r.groups["Held Out"]]), "gray");
		frm.dashboard.add_indicator(__("Excluded: {0}", [r.groups["Excluded"]]), "gray");
		frm.dashboard.add_indicator(__("Failed messages: {0}", [r.messages["Failed"]]), "red");
		frm.dashboard.add_indicator(
			__("Returned: {0} ({1})", [r.messaged.returned, percent(r.messaged.return_rate)]),
			"green"
		);
		frm.dashboard.add_indicator(__("Income: {0}", [money(r.messaged.income)]), "green");
		if (r.lift) {
			frm.dashboard.add_indicator(
				__("Lift: {0} points, {1} per customer", [
					r.lift.return_rate_points,
					money(r.lift.income_per_customer),
				]),
				r.lift.return_rate_points > 0 ? "green" : "orange"
			);
		}
		frm.dashboard.add_indicator(__("Offer redemptions: {0}", [r.redemptions]), "blue");
	});
}

function salon_crm_campaign_preview(frm) {
	if (frm.is_dirty()) {
		frappe.msgprint(__("Save the campaign first"));
		return;
	}
	frappe.xcall("salon_crm.api.campaigns.preview", { campaign: frm.doc.name }).then((r) => {
		const esc = frappe.utils.escape_html;
		const excluded = r.excluded
			.map((row) => `<tr><td>${esc(row.label)}</td><td class="text-right">${row.count}</td></tr>`)
			.join("");
		const sample = r.sample
			.map(
				(row) =>
					`<tr><td>${esc(row.recipient_name || "")}</td><td>${esc(row.channel)}</td>` +
					`<td>${esc(row.recipient || "")}</td><td>${esc(row.message || "")}</td></tr>`
			)
			.join("");
		const html = `
			<p>${__("Audience: {0} customers, {1} entering this run, {2} to message, {3} held out.", [
				r.audience,
				r.entering,
				r.to_send,
				r.held_out,
			])}</p>
			<h5>${__("Excluded")}</h5>
			<table class="table table-bordered table-sm">${
				excluded || `<tr><td>${__("Nobody")}</td></tr>`
			}</table>
			<h5>${__("Sample")}</h5>
			<table class="table table-bordered table-sm">
				<tr><th>${__("Customer")}</th><th>${__("Channel")}</th><th>${__("To")}</th><th>${__(
			"Message"
		)}</th></tr>${sample}</table>`;
		frappe.msgprint({ title: __("Preview of {0}", [esc(frm.doc.name)]), message: html, wide: true });
	});
}

function salon_crm_campaign_test(frm) {
	frappe.prompt(
		[{ fieldname: "recipient", fieldtype: "Data", label: __("Mobile Number or Email"), reqd: 1 }],
		(values) => {
			frappe
				.xcall("salon_crm.api.campaigns.send_test", {
					campaign: frm.doc.name,
					recipient: values.recipient,
				})
				.then((r) => {
					const ok = r.status === "Sent";
					frappe.msgprint({
						title: ok ? __("Test Sent") : __("Test Not Sent"),
						message: ok
							? __("Sent to {0}", [frappe.utils.escape_html(values.recipient)])
							: frappe.utils.escape_html(r.reason || r.status),
						indicator: ok ? "green" : "red",
					});
				});
		},
		__("Send a Test"),
		__("Send")
	);
}

function salon_crm_campaign_send(frm) {
	frappe.confirm(__("Send this campaign to its audience now?"), () => {
		frappe.xcall("salon_crm.api.campaigns.send_now", { campaign: frm.doc.name }).then(() => {
			frappe.show_alert({
				message: __("The campaign is being sent: its messages appear under Messages shortly"),
				indicator: "green",
			});
		});
	});
}
