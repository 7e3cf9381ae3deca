"""What a campaign earned: per customer who entered it, whether they were messaged, held out or excluded, and
whether they came back within the campaign's "Count Visits within (Days)" after their first entry, with the
income of those days; per campaign the totals, and with a holdout the lift (return rate and income per
customer of messaged beside held-out customers).

A customer counts once per campaign, from the first run they entered (message_date of their first row).
Income and visits are the salon's one definition (performance.income, as in Customer Performance, Special
Plans and the Income by Month chart), from the campaign's company's invoices: submitted invoices less
prepaid-card lines (lines without an item code count), returns reduce income; a visit is a day with a
non-return invoice. Offer redemptions: invoices of messaged customers in their window that carry
the campaign's coupon code (POS Invoices: ERPNext takes coupon codes there), or Sales Invoices whose lines
were priced by the Pricing Rule of a Special Plan assignment of the campaign's plan.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import frappe
from frappe.utils import add_days, cint, flt, getdate, today

from salon_crm.campaigns import service
from salon_crm.performance import income
from salon_crm.rules import messaging

MESSAGED, HELD_OUT, EXCLUDED, NOT_REACHED = "Messaged", "Held Out", "Excluded", "Not Reached"
GROUPS = (MESSAGED, HELD_OUT, EXCLUDED, NOT_REACHED)


def customers(campaign, on_date: date | None = None) -> list[frappe._dict]:
	"""One row per customer who entered the campaign: customer_profile, group, reason (why not messaged),
	entered_on, until (last day of the window counted), visits, income, redemptions."""
	campaign = service.get_campaign(campaign)
	on_date = getdate(on_date or today())
	days = max(cint(campaign.results_days), 1)
	entries = frappe.db.sql(
		"""select m.customer_profile, p.customer, min(m.message_date) as entered_on,
			max(if(m.status = %(sent)s, null, m.reason)) as reason,
			case
				when sum(m.status = %(sent)s) > 0 then %(messaged)s
				when sum(m.held_out) > 0 then %(held_out)s
				when sum(m.status in (%(failed)s, %(queued)s)) > 0 then %(failed_group)s
				else %(excluded)s
			end as `group`
		from `tabSalon Message` m
		join `tabCustomer Profile` p on p.name = m.customer_profile
		where m.reference_doctype = %(doctype)s and m.reference_name = %(campaign)s
		group by m.customer_profile, p.customer
		order by m.customer_profile""",
		{
			"doctype": service.DOCTYPE,
			"campaign": campaign.name,
			"sent": messaging.SENT,
			"failed": messaging.FAILED,
			"queued": messaging.QUEUED,
			"messaged": MESSAGED,
			"held_out": HELD_OUT,
			"failed_group": NOT_REACHED,
			"excluded": EXCLUDED,
		},
		as_dict=True,
	)
	if not entries:
		return []
	for row in entries:
		row.until = min(add_days(row.entered_on, days - 1), on_date)
		row.visits, row.income, row.redemptions = 0, 0.0, 0

	windows: dict[tuple, list] = defaultdict(list)  # customers who entered on the same day share a window
	for row in entries:
		windows[(row.entered_on, row.until)].append(row)
	for (since, until), rows in windows.items():
		figures = income.income_and_visits([r.customer for r in rows], since, until, campaign.company)
		for row in rows:
			counted = figures.get(row.customer)
			if counted:
				row.visits, row.income = counted.visits, counted.income
	_count_redemptions(campaign, [r for r in entries if r.group == MESSAGED and r.customer])
	return entries


def _count_redemptions(campaign, rows: list) -> None:
	if not rows or not campaign.offer_type:
		return
	by_customer = {row.customer: row for row in rows}
	since = min(row.entered_on for row in rows)
	until = max(row.until for row in rows)
	params = {"customers": list(by_customer), "since": since, "until": until, "company": campaign.company}
	if campaign.offer_type == "Coupon Code" and campaign.coupon_code:
		params["coupon"] = campaign.coupon_code
		# ERPNext takes coupon codes on POS Invoices (the customer's receipt, consolidated or not)
		found = frappe.db.sql(
			"""select customer, posting_date from `tabPOS Invoice`
			where docstatus = 1 and is_return = 0 and coupon_code = %(coupon)s and company = %(company)s
				and customer in %(customers)s and posting_date between %(since)s and %(until)s""",
			params,
		)
	elif campaign.offer_type == "Special Plan" and campaign.special_plan:
		params["plan"] = campaign.special_plan
		found = frappe.db.sql(
			"""select distinct si.customer, si.posting_date, si.name
			from `tabSales Invoice` si
			join `tabSales Invoice Item` sii on sii.parent = si.name
			join `tabPricing Rule` pr on sii.pricing_rules like concat('%%', pr.name, '%%')
			join `tabSpecial Plan Assignment` a on a.name = pr.salon_special_plan_assignment
			where si.docstatus = 1 and si.is_return = 0 and si.company = %(company)s
				and a.special_plan = %(plan)s and si.customer in %(customers)s
				and si.posting_date between %(since)s and %(until)s""",
			params,
		)
	else:
		return
	for customer, posting_date, *_rest in found:
		row = by_customer.get(customer)
		if row and row.entered_on <= getdate(posting_date) <= row.until:
			row.redemptions += 1


def summary(campaign, on_date: date | None = None) -> dict:
	"""The campaign's figures: customers by group, messages by status and skip reason, returned customers
	and income of messaged and held-out customers, return rates, income per customer, the lift, offer
	redemptions."""
	campaign = service.get_campaign(campaign)
	rows = customers(campaign, on_date)
	groups = {g: [r for r in rows if r.group == g] for g in GROUPS}
	messages = frappe.db.sql(
		"""select status, reason, count(*) from `tabSalon Message`
		where reference_doctype = %s and reference_name = %s and customer_profile is not null
		group by status, reason""",
		(service.DOCTYPE, campaign.name),
	)
	skipped = {}
	by_status = dict.fromkeys(messaging.STATUSES, 0)
	for status, reason, count in messages:
		by_status[status] += count
		if status == messaging.SKIPPED:
			skipped[reason] = skipped.get(reason, 0) + count

	def figures(members: list) -> dict:
		returned = [r for r in members if r.visits]
		income = flt(sum(r.income for r in members), 2)
		return {
			"customers": len(members),
			"returned": len(returned),
			"return_rate": flt(100 * len(returned) / len(members), 2) if members else None,
			"income": income,
			"income_per_customer": flt(income / len(members), 2) if members else None,
		}

	messaged, held = figures(groups[MESSAGED]), figures(groups[HELD_OUT])
	lift = None
	if messaged["customers"] and held["customers"]:
		lift = {
			"return_rate_points": flt(messaged["return_rate"] - held["return_rate"], 2),
			"income_per_customer": flt(messaged["income_per_customer"] - held["income_per_customer"], 2),
		}
	return {
		"campaign": campaign.name,
		"audience": len(rows),
		"groups": {g: len(groups[g]) for g in GROUPS},
		"messages": by_status,
		"skipped": skipped,
		"messaged": messaged,
		"held_out": held,
		"lift": lift,
		"redemptions": sum(r.redemptions for r in groups[MESSAGED]),
	}
