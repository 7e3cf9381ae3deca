# Copyright (c) 2026, salon_crm developers
# For license information, please see license.txt
"""Customers ranked by value, with recency-frequency-monetary scores and segments, for loyalty and
marketing programs.

Without a company and for today, the figures are the profiles' stored ones (kept by the nightly refresh).
With a company, or as of another date, they are computed live by the same SQL the refresh uses.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt, getdate, nowdate

from salon_crm.performance import service
from salon_crm.rules import performance as rules
from salon_crm.utils.report import column, currency_column, link_column, text_shown_as_html

PROFILE_FIELDS = (
	"name",
	"full_name",
	"customer_number",
	"mobile_no",
	"customer",
	"referral_count",
	"card_balance",
	"average_bill",
	"rfm_segment",
	*service.FIGURES,
)


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	rows = get_rows(filters)
	cols = columns()
	return cols, text_shown_as_html(cols, rows), None, chart(rows)


def columns() -> list[dict]:
	return [
		link_column("customer_profile", _("Customer"), "Customer Profile", 110),
		column("full_name", _("Name"), width=160),
		column("mobile_no", _("Mobile"), width=130),
		column("rfm_segment", _("Segment"), width=140),
		column("r", _("R"), "Int", 45),
		column("f", _("F"), "Int", 45),
		column("m", _("M"), "Int", 45),
		*[currency_column(f, _(label), 120) for f, (label, _k, _n) in rules.PERIODS.items()],
		currency_column("lifetime_income", _("Lifetime Income"), 120),
		currency_column("gross_profit_1_year", _("Gross Profit (1 Year)"), 120),
		column("visits", _("Visits"), "Int", 70),
		column("last_visit", _("Last Visit"), "Date", 100),
		currency_column("average_bill", _("Average Bill"), 120),
		currency_column("card_balance", _("Card Value Outstanding"), 120),
		column("referral_count", _("Referrals"), "Int", 80),
	]


def get_rows(filters) -> list[dict]:
	as_of = getdate(filters.get("date") or nowdate())
	live = bool(filters.get("company")) or as_of != getdate(nowdate())
	conditions = {"customer": ("is", "set")}
	if not live:  # the stored figures can be filtered by the database; live ones only after computing
		if filters.get("segment"):
			conditions["rfm_segment"] = filters.segment
		if filters.get("min_income") not in (None, ""):
			conditions["lifetime_income"] = (">=", flt(filters.min_income))
		if not filters.get("include_inactive"):
			conditions["visits"] = (">", 0)
	profiles = frappe.get_list(
		"Customer Profile",
		fields=list(PROFILE_FIELDS),
		filters=conditions,
		order_by="lifetime_income desc, name asc",
		limit_page_length=0,
	)
	if live:
		profiles = _with_live_figures(profiles, as_of, filters.get("company"))
	# the stored segments were scored against every customer; live figures against the rows themselves
	edges = service.rfm_edges(profiles if live else None)
	rows = []
	for p in profiles:
		scores = service.scores(p, edges)
		row = {
			**p,
			"customer_profile": p.name,
			"r": scores[0] if scores else None,
			"f": scores[1] if scores else None,
			"m": scores[2] if scores else None,
		}
		if live:
			row["rfm_segment"] = rules.rfm_segment(*scores) if scores else None
		rows.append(row)

	if filters.get("segment"):
		rows = [r for r in rows if r["rfm_segment"] == filters.segment]
	if filters.get("min_income") not in (None, ""):
		rows = [r for r in rows if flt(r["lifetime_income"]) >= flt(filters.min_income)]
	if not filters.get("include_inactive"):
		rows = [r for r in rows if r.get("visits")]
	rows.sort(key=lambda r: (-flt(r["lifetime_income"]), r["customer_profile"]))
	return rows


def _with_live_figures(profiles: list[dict], as_of, company: str | None) -> list[dict]:
	"""The profiles with their figures computed now, by the SQL the refresh writes them with (rounded there),
	from `company`'s invoices only when given."""
	live = {r.name: r for r in service.figures(today=as_of, company=company)}
	fields = (*service.FIGURES, "average_bill")
	return [frappe._dict(p, **{field: live[p.name][field] for field in fields}) for p in profiles]


def chart(rows: list[dict]) -> dict | None:
	"""Customers per RFM segment."""
	if not rows:
		return None
	count = dict.fromkeys(rules.SEGMENTS, 0)
	for r in rows:
		if r["rfm_segment"] in count:
			count[r["rfm_segment"]] += 1
	labels = [s for s in rules.SEGMENTS if count[s]]
	return {
		"data": {
			"labels": [_(s) for s in labels],
			"datasets": [{"name": _("Customers"), "values": [count[s] for s in labels]}],
		},
		"type": "bar",
		"height": 260,
	}
