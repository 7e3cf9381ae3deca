// Copyright (c) 2026, salon_crm developers
// For license information, please see license.txt

frappe.ui.form.on("Customer Profile", {
	setup(frm) {
		salon_crm.plain_text.setup(frm);
		frm.set_query("customer", () => ({ filters: { salon_customer_profile: ["is", "not set"] } }));
	},
	refresh(frm) {
		salon_crm_profile_headline(frm);
		salon_crm_profile_buttons(frm);
		salon_crm_render_gallery(frm);
		salon_crm_render_performance(frm);
		salon_crm_render_specials(frm);
	},
	image(frm) {
		salon_crm_render_gallery(frm);
	},
});

frappe.ui.form.on("Customer Photo", {
	image(frm) {
		salon_crm_render_gallery(frm);
	},
	photos_remove(frm) {
		salon_crm_render_gallery(frm);
	},
});

const SALON_CRM_INCOME_FIELDS = [
	["income_7_days", __("7 Days")],
	["income_30_days", __("30 Days")],
	["income_6_months", __("6 Months")],
	["income_1_year", __("1 Year")],
	["lifetime_income", __("Lifetime")],
];

function salon_crm_esc(value) {
	return frappe.utils.escape_html(value == null ? "" : String(value));
}

function salon_crm_money(value) {
	return format_currency(flt(value), frappe.defaults.get_default("currency"));
}

function salon_crm_profile_headline(frm) {
	frm.dashboard.clear_headline(); // set_headline adds a banner: one per refresh would pile up
	if (frm.is_new()) {
		return;
	}
	const parts = [__("Customer Number: {0}", [salon_crm_esc(frm.doc.customer_number).bold()])];
	if (frm.doc.mobile_no) {
		parts.push(__("Mobile: {0}", [salon_crm_esc(frm.doc.mobile_no)]));
	}
	if (frm.doc.do_not_contact) {
		parts.push(`<span class="text-danger">${__("Do not contact")}</span>`);
	}
	frm.dashboard.set_headline(parts.join(" &middot; "), frm.doc.disabled ? "gray" : "blue");
}

function salon_crm_profile_buttons(frm) {
	if (frm.is_new()) {
		return;
	}
	const history = (kind) => salon_crm_open_profile_report(frm, "Customer History", { kind: kind });
	frm.add_custom_button(__("Service History"), () => history("Services"), __("History"));
	frm.add_custom_button(__("Purchase History"), () => history("Products"), __("History"));
	frm.add_custom_button(__("All History"), () => history("All"), __("History"));
	frm.add_custom_button(__("PV Status"), () =>
		salon_crm_open_profile_report(frm, "Customer Discount Balance", {})
	);
	if (!frm.doc.disabled && frappe.model.can_create("Customer Discount")) {
		frm.add_custom_button(
			__("Sell a Card"),
			() => frappe.new_doc("Customer Discount", { customer_profile: frm.doc.name }),
			__("Create")
		);
	}
	if (frm.doc.customer && !frm.doc.disabled && frappe.model.can_create("Sales Invoice")) {
		frm.add_custom_button(
			__("Sales Invoice"),
			() => frappe.new_doc("Sales Invoice", { customer: frm.doc.customer }),
			__("Create")
		);
	}
	if (frappe.model.can_create("Treatment Record")) {
		frm.add_custom_button(
			__("Treatment Record"),
			() => frappe.new_doc("Treatment Record", { customer_profile: frm.doc.name }),
			__("Create")
		);
	}
	if (frm.perm[0] && frm.perm[0].write) {
		// the customer asked the salon to stop offers by SMS: honoured at once, also for queued messages
		frm.add_custom_button(__("Stop SMS Offers"), () => {
			frappe.confirm(__("Stop marketing SMS to this customer? Greetings are not affected."), () => {
				frappe
					.xcall("salon_crm.api.campaigns.opt_out", { profile: frm.doc.name, channel: "SMS" })
					.then((r) => {
						frappe.show_alert({
							message: r.added
								? __("Marketing SMS stopped")
								: __("Marketing SMS were already stopped"),
							indicator: "green",
						});
						frm.reload_doc();
					});
			});
		});
	}
}

// A report filtered on this customer. Frappe shows a Customer Profile filter by the customer's name, which it
// fetches after setting the filter from the route: until then the filter reads empty and the report's first
// run ignores it. Handing Frappe the name first keeps the filter's value for that first run.
function salon_crm_open_profile_report(frm, report, filters) {
	frappe.utils.add_link_title("Customer Profile", frm.doc.name, frm.doc.full_name);
	frappe.set_route("query-report", report, { ...filters, customer_profile: frm.doc.name });
}

// ---------------------------------------------------------------- photos

function salon_crm_render_gallery(frm) {
	const field = frm.get_field("photos_html");
	if (!field) {
		return;
	}
	const photos = [];
	if (salon_crm.plain_text.is_safe_link(frm.doc.image)) {
		photos.push({ url: frm.doc.image, caption: __("Profile Photo") });
	}
	(frm.doc.photos || []).forEach((row) => {
		if (salon_crm.plain_text.is_safe_link(row.image)) {
			const caption = [row.step, row.caption, row.taken_on && frappe.datetime.str_to_user(row.taken_on)]
				.filter(Boolean)
				.join(" · ");
			photos.push({ url: row.image, caption: caption });
		}
	});
	if (!photos.length) {
		field.$wrapper.html(
			`<p class="text-muted salon-gallery-empty">${__(
				"No photos yet: add treatment photos in the table below."
			)}</p>`
		);
		return;
	}
	const tiles = photos
		.map(
			(p) => `<a class="salon-gallery-tile" href="${encodeURI(p.url)}" target="_blank" rel="noopener"
				style="display:inline-block;width:150px;margin:0 12px 12px 0;text-decoration:none;">
				<img src="${encodeURI(p.url)}" alt="${salon_crm_esc(p.caption)}"
					style="width:150px;height:150px;object-fit:cover;border-radius:8px;border:1px solid var(--border-color);">
				<div class="small text-muted text-truncate" style="margin-top:4px">${salon_crm_esc(p.caption)}</div>
			</a>`
		)
		.join("");
	field.$wrapper.html(`<div class="salon-gallery">${tiles}</div>`);
}

// ---------------------------------------------------------------- performance

function salon_crm_render_performance(frm) {
	const field = frm.get_field("performance_html");
	if (!field) {
		return;
	}
	if (frm.is_new()) {
		field.$wrapper.html(
			`<p class="text-muted">${__("Figures appear once the customer has invoices.")}</p>`
		);
		return;
	}
	const doc = frm.doc;
	const refresh_button = `<button class="btn btn-xs btn-default salon-refresh-performance" style="margin-left:8px">${__(
		"Refresh"
	)}</button>`;
	if (!doc.performance_updated_on) {
		// the stored figures are zeros until first computed: never show them as the customer's
		field.$wrapper.html(`<div class="salon-performance salon-performance-pending">
			<p class="text-muted">${__(
				"Not computed yet: the figures are computed on the queue a few minutes after an invoice or card of this customer, and every night."
			)}</p>
			<div class="small text-muted">${__("Not computed yet")}${refresh_button}</div>
		</div>`);
		field.$wrapper.find(".salon-refresh-performance").on("click", () => salon_crm_refresh_performance(frm));
		return;
	}
	const figure = (label, value) => `<div class="salon-figure" style="display:inline-block;min-width:140px;margin:0 16px 12px 0;">
			<div class="small text-muted">${label}</div>
			<div class="h5" style="margin:2px 0 0">${value}</div>
		</div>`;
	const figures = [
		figure(__("Lifetime Income"), salon_crm_money(doc.lifetime_income)),
		figure(__("Last 1 Year"), salon_crm_money(doc.income_1_year)),
		figure(__("Visits"), cint(doc.visits)),
		figure(__("Average Bill"), salon_crm_money(doc.average_bill)),
		figure(__("Last Visit"), doc.last_visit ? frappe.datetime.str_to_user(doc.last_visit) : "-"),
		figure(__("Card Balance"), salon_crm_money(doc.card_balance)),
		figure(__("Segment"), salon_crm_esc(doc.rfm_segment ? __(doc.rfm_segment) : "-")),
	].join("");
	const updated = __("Updated {0}", [comment_when(doc.performance_updated_on)]);
	field.$wrapper.html(`<div class="salon-performance">
		<div class="salon-figures">${figures}</div>
		<div class="salon-performance-chart"></div>
		<div class="small text-muted">${updated}${refresh_button}</div>
	</div>`);
	field.$wrapper.find(".salon-refresh-performance").on("click", () => salon_crm_refresh_performance(frm));

	const values = SALON_CRM_INCOME_FIELDS.map(([fieldname]) => flt(doc[fieldname]));
	if (values.some((v) => v) && frappe.Chart) {
		new frappe.Chart(field.$wrapper.find(".salon-performance-chart")[0], {
			type: "bar",
			height: 180,
			colors: ["#ec4899"],
			data: {
				labels: SALON_CRM_INCOME_FIELDS.map(([, label]) => label),
				datasets: [{ name: __("Income"), values: values }],
			},
			tooltipOptions: { formatTooltipY: (v) => salon_crm_money(v) },
		});
	}
}

function salon_crm_refresh_performance(frm) {
	frappe
		.call({
			method: "salon_crm.api.performance.refresh_customer",
			type: "POST",
			args: { profile: frm.doc.name },
			freeze: true,
			freeze_message: __("Computing figures..."),
		})
		.then(() => frm.reload_doc())
		.then(() => frappe.show_alert({ message: __("Figures refreshed"), indicator: "green" }));
}

// ---------------------------------------------------------------- specials

function salon_crm_render_specials(frm) {
	const field = frm.get_field("specials_html");
	if (!field) {
		return;
	}
	if (frm.is_new()) {
		field.$wrapper.html(`<p class="text-muted">${__("Save the customer to see the specials.")}</p>`);
		return;
	}
	if (!frappe.model.can_read("Special Plan")) {
		field.$wrapper.html(`<p class="text-muted">${__("You are not permitted to see Special Plans.")}</p>`);
		return;
	}
	field.$wrapper.html(`<p class="text-muted">${__("Loading specials...")}</p>`);
	frappe
		.call({ method: "salon_crm.api.plans.get_specials", args: { profile: frm.doc.name } })
		.then(({ message }) => {
			const data = message || { available: [], eligible: [], assigned: [] };
			const may_assign = !frm.doc.disabled && data.may_assign;
			const is_manager = data.may_assign_ineligible;
			const row = (plan, show_reasons) => {
				let action = "";
				if (plan.assignment) {
					action = `<span class="indicator-pill green">${__("Assigned")}</span>`;
				} else if (may_assign && (plan.eligible || is_manager)) {
					action = `<button class="btn btn-xs btn-primary salon-assign-plan" data-plan="${salon_crm_esc(
						plan.name
					)}">${__("Assign")}</button>`;
				}
				const reasons =
					show_reasons && !plan.eligible && (plan.reasons || []).length
						? `<div class="small text-muted">${plan.reasons.map(salon_crm_esc).join("<br>")}</div>`
						: "";
				const until = plan.valid_until
					? __("until {0}", [frappe.datetime.str_to_user(plan.valid_until)])
					: "";
				return `<tr>
					<td><a href="/app/special-plan/${encodeURIComponent(plan.name)}">${salon_crm_esc(
						plan.plan_name || plan.name
					)}</a>${reasons}</td>
					<td>${salon_crm_esc(plan.benefit)}</td>
					<td class="small text-muted">${salon_crm_esc((plan.items || []).join(", "))}</td>
					<td class="small text-muted">${until}</td>
					<td class="text-right">${action}</td>
				</tr>`;
			};
			const table = (title, plans, empty, show_reasons) => `<div class="salon-specials-block" style="margin-bottom:16px">
				<div class="h6">${title} <span class="text-muted">(${plans.length})</span></div>
				${
					plans.length
						? `<table class="table table-sm"><tbody>${plans
								.map((p) => row(p, show_reasons))
								.join("")}</tbody></table>`
						: `<p class="text-muted small">${empty}</p>`
				}</div>`;
			field.$wrapper.html(
				`<div class="salon-specials">${table(
					__("Eligible Specials"),
					data.eligible || [],
					__("This customer qualifies for none of the current specials."),
					false
				)}${table(
					__("Available Specials"),
					data.available || [],
					__("No specials are on offer today."),
					true
				)}</div>`
			);
			field.$wrapper.find(".salon-assign-plan").on("click", (e) => {
				const plan = $(e.currentTarget).attr("data-plan");
				salon_crm_assign_plan(frm, plan);
			});
		});
}

function salon_crm_assign_plan(frm, plan) {
	frappe
		.call({
			method: "salon_crm.api.plans.assign_plan",
			type: "POST",
			args: { plan: plan, profiles: [frm.doc.name] },
			freeze: true,
		})
		.then(({ message }) => {
			const result = message || {};
			if ((result.assigned || []).length) {
				frappe.show_alert({
					message: __("Special {0} assigned", [salon_crm_esc(plan)]),
					indicator: "green",
				});
			} else {
				const skipped = (result.skipped || []).map((s) => salon_crm_esc(s.reason || s)).join(", ");
				frappe.msgprint({
					title: __("Not Assigned"),
					message: skipped || __("The special was not assigned."),
					indicator: "orange",
				});
			}
			frm.reload_doc();
		});
}
