"""Who may get a Special Plan, on the site.

`check(plan, profile)` gives the failures of one customer (for the profile form and the assignment); it reads
the customer's facts with a few indexed queries and hands them to the pure rules (salon_crm.rules.eligibility).
`eligible_customers(plan)` computes the same answer for ALL profiles with one SQL statement: every rule becomes
one condition (a column test or an uncorrelated subquery over invoices, cards or tags) and MariaDB intersects
them. Both read spend and visits from the same two SQL fragments (_SPEND_LINES, _VISIT_DAYS);
tests/integration/test_plans.py checks that they agree, and that they agree with the performance figures.

Spend and visits "in the last N months" mean what the customer performance figures mean
(salon_crm.performance.service), limited to the plan's company:
- the window is rules.performance.period_start(day, "months", N) to the day, inclusive;
- invoices are submitted Sales Invoices and POS Invoices not yet consolidated (`consolidated_invoice` empty;
  once consolidated, their lines are in the consolidated Sales Invoice);
- spend is income: the sum of the lines' base_net_amount, leaving out prepaid-card lines (the Discount
  Types' items: a card sale is a liability, not spend); returns carry negative amounts and reduce it;
- visits are distinct days with a non-return invoice, not the number of invoices.
Birthday and anniversary months use the profiles' indexed month-day columns. An active card is a submitted
Customer Discount with status Active and valid_until on or after the day. Disabled profiles are never
eligible.
"""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, escape_html, flt, fmt_money, getdate, today

from salon_crm.cards.types import card_item_codes
from salon_crm.rules import cards as card_rules
from salon_crm.rules import eligibility as rules
from salon_crm.rules.cards import to_decimal
from salon_crm.rules.eligibility import CustomerFacts, Failure, Rule

PROFILE = "Customer Profile"
PROFILE_DISABLED = "profile_disabled"

PROFILE_FIELDS = (
	"name",
	"customer",
	"disabled",
	"date_of_birth",
	"gender",
	"anniversary",
	"referral_count",
)

# ---------------------------------------------------------------- SQL
# Rows (customer, posting_date, amount, visit_day) of the invoices posted from the parameter named by {since}
# to %(on_date)s. {si_filter}/{pi_filter} are fixed SQL chosen in code (customer and/or company
# conditions), never values; every value is a parameter.
#
# _SPEND_LINES: one row per invoice line that counts as spend (not a prepaid-card line; a line without an
# item code counts, as in the performance figures), visit_day null. The Sales Invoice lines are read
# through the covering index salon_perf_lines (parent, item_code, base_net_amount, ...).
# _VISIT_DAYS: one row per non-return invoice, amount 0, visit_day = its posting date (count distinct
# visit_day). One customer's invoices are read through salon_perf_customer (customer, docstatus,
# posting_date, is_return, ...) and the POS Invoice customer index; all customers' Sales Invoices by an
# index-only scan of salon_perf_customer (and salon_perf_lines) when no company test is needed.

_SPEND_LINES = """
	select si.customer, si.posting_date, sii.base_net_amount as amount, cast(null as date) as visit_day
	from `tabSales Invoice` si
	join `tabSales Invoice Item` sii on sii.parent = si.name
	where si.docstatus = 1 and si.posting_date between %({since})s and %(on_date)s {si_filter}
		and (sii.item_code is null or sii.item_code not in %(card_items)s)
	union all
	select pi.customer, pi.posting_date, pii.base_net_amount, null
	from `tabPOS Invoice` pi
	join `tabPOS Invoice Item` pii on pii.parent = pi.name and pii.parenttype = 'POS Invoice'
	where pi.docstatus = 1 and ifnull(pi.consolidated_invoice, '') = ''
		and pi.posting_date between %({since})s and %(on_date)s {pi_filter}
		and (pii.item_code is null or pii.item_code not in %(card_items)s)
"""

_VISIT_DAYS = """
	select si.customer, si.posting_date, 0 as amount, si.posting_date as visit_day
	from `tabSales Invoice` si
	where si.docstatus = 1 and si.is_return = 0 and si.posting_date between %({since})s and %(on_date)s
		{si_filter}
	union all
	select pi.customer, pi.posting_date, 0, pi.posting_date
	from `tabPOS Invoice` pi
	where pi.docstatus = 1 and pi.is_return = 0 and ifnull(pi.consolidated_invoice, '') = ''
		and pi.posting_date between %({since})s and %(on_date)s {pi_filter}
"""


def _invoice_rows(fragment: str, since: str, by_customer: bool, by_company: bool) -> str:
	"""`fragment` (_SPEND_LINES or _VISIT_DAYS) from the parameter `since`, limited to %(customer)s and/or
	%(company)s."""
	filters = {"si_filter": "", "pi_filter": ""}
	for key, alias in (("si_filter", "si"), ("pi_filter", "pi")):
		if by_customer:
			filters[key] += f" and {alias}.customer = %(customer)s"
		if by_company:
			filters[key] += f" and {alias}.company = %(company)s"
	return fragment.format(since=since, **filters)


# ---------------------------------------------------------------- plan rules


def get_plan(plan) -> Document:
	"""The Special Plan document of a name (or the document itself)."""
	return frappe.get_doc("Special Plan", plan) if isinstance(plan, str) else plan


def rule_from_row(row) -> Rule:
	"""A pure Rule from a Special Plan Rule row. An age bound of 0 means no bound."""
	return Rule(
		rule_type=row.rule_type,
		amount=flt(row.amount),
		months=cint(row.months),
		count=cint(row.count),
		min_age=cint(row.min_age) or None,
		max_age=cint(row.max_age) or None,
		gender=(row.gender or "").strip() or None,
		tag=(row.tag or "").strip() or None,
	)


def plan_rules(plan) -> list[Rule]:
	return [rule_from_row(row) for row in get_plan(plan).rules]


# ---------------------------------------------------------------- one customer


def facts_for(
	profile,
	windows: dict[int, date] | None = None,
	company: str | None = None,
	on_date: date | None = None,
) -> CustomerFacts:
	"""What the rules look at for one profile (a name or the document). Spend and visits are computed for
	each window of `windows` ({months: first day}, rules.eligibility.window_starts) from the invoices of
	`company` (all companies when None)."""
	return _facts(profile, _profile_row(profile), windows or {}, company, getdate(on_date or today()))


def check(plan, profile, on_date: date | None = None) -> list[Failure]:
	"""Why `profile` may not get `plan` on `on_date` (empty list = eligible). Plan and profile are names
	or documents."""
	on_date = getdate(on_date or today())
	plan = get_plan(plan)
	plan_rule_list = plan_rules(plan)
	row = _profile_row(profile)
	failures = [Failure(PROFILE, PROFILE_DISABLED, {})] if cint(row.disabled) else []
	facts = _facts(profile, row, rules.window_starts(plan_rule_list, on_date), plan.company, on_date)
	return failures + rules.evaluate(plan_rule_list, facts, on_date)


def _facts(profile, row, windows: dict[int, date], company: str | None, on_date: date) -> CustomerFacts:
	spend, visits = _spend_and_visits(row.customer, windows, company, on_date)
	return CustomerFacts(
		dob=getdate(row.date_of_birth) if row.date_of_birth else None,
		gender=row.gender,
		anniversary=getdate(row.anniversary) if row.anniversary else None,
		tags=frozenset(_profile_tags(profile)),
		referrals=cint(row.referral_count),
		has_active_card=_has_active_card(row.name, on_date),
		spend=spend,
		visits=visits,
	)


def _profile_row(profile) -> frappe._dict:
	if isinstance(profile, str):
		row = frappe.db.get_value(PROFILE, profile, PROFILE_FIELDS, as_dict=True)
		if not row:
			frappe.throw(
				_("Customer Profile {0} not found").format(frappe.bold(escape_html(profile))),
				exc=frappe.DoesNotExistError,
			)
		return row
	return frappe._dict({f: profile.get(f) for f in PROFILE_FIELDS})


def _profile_tags(profile) -> list[str]:
	if isinstance(profile, str):
		return frappe.get_all(
			"Customer Profile Tag",
			filters={"parent": profile, "parenttype": PROFILE, "parentfield": "tags"},
			pluck="tag",
		)
	return [row.tag for row in profile.get("tags") or [] if row.tag]


def _has_active_card(profile: str, on_date: date) -> bool:
	if not profile:
		return False
	return bool(
		frappe.db.exists(
			"Customer Discount",
			{
				"customer_profile": profile,
				"docstatus": 1,
				"status": card_rules.ACTIVE,
				"valid_until": (">=", on_date),
			},
		)
	)


def _spend_and_visits(
	customer: str | None, windows: dict[int, date], company: str | None, on_date: date
) -> tuple[dict[int, float], dict[int, int]]:
	"""Spend and visits of one customer per window ({months: first day}), in one query."""
	spend = {m: 0.0 for m in windows}
	visits = {m: 0 for m in windows}
	if not (customer and windows):
		return spend, visits

	params = {
		"customer": customer,
		"on_date": on_date,
		"company": company,
		"since": min(windows.values()),
		"card_items": card_item_codes(),
	}
	columns = []
	for m, since in windows.items():
		params[f"since_{m}"] = since
		columns.append(
			f"sum(if(t.posting_date >= %(since_{m})s, t.amount, 0)) as spend_{m}, "
			f"count(distinct if(t.posting_date >= %(since_{m})s, t.visit_day, null)) as visits_{m}"
		)
	invoices = " union all ".join(
		_invoice_rows(fragment, "since", by_customer=True, by_company=bool(company))
		for fragment in (_SPEND_LINES, _VISIT_DAYS)
	)
	row = frappe.db.sql(f"select {', '.join(columns)} from ({invoices}) t", params, as_dict=True)[0]
	for m in windows:
		spend[m] = flt(row.get(f"spend_{m}"))
		visits[m] = cint(row.get(f"visits_{m}"))
	return spend, visits


# ---------------------------------------------------------------- all customers at once


def eligible_customers(plan, on_date: date | None = None) -> list[str]:
	"""Names of all enabled Customer Profiles that meet every rule of the plan (a name or the document) on
	`on_date`, sorted.

	One SQL statement whatever the number of customers: each rule is one condition, the windowed rules one
	uncorrelated subquery each (a GROUP BY over the window's invoices). A plan with an invalid rule selects
	nobody (fails closed, like `check`). Only the rules are looked at, not whether the plan is enabled or
	valid on the day.
	"""
	on_date = getdate(on_date or today())
	plan = get_plan(plan)
	plan_rule_list = plan_rules(plan)
	if any(rules.validate_rule(rule) for rule in plan_rule_list):
		return []

	windows = rules.window_starts(plan_rule_list, on_date)
	params = {"on_date": on_date, "company": plan.company}
	by_company = False
	if windows:
		params["card_items"] = card_item_codes()
		# with one company every invoice is the plan's: leave the test out, so that the invoice reads are
		# index-only (salon_perf_customer and salon_perf_lines hold no company)
		by_company = frappe.db.count("Company") > 1
	conditions = ["p.disabled = 0"]
	for i, rule in enumerate(plan_rule_list):
		condition, values = _rule_condition(rule, i, on_date, windows, by_company)
		conditions.append(condition)
		params.update(values)

	sql = "select p.name from `tabCustomer Profile` p where " + " and ".join(conditions) + " order by p.name"
	return frappe.db.sql_list(sql, params)


def _rule_condition(
	rule: Rule, i: int, on_date: date, windows: dict[int, date], by_company: bool
) -> tuple[str, dict]:
	"""SQL condition on the profile `p` for one rule (fixed text; values as parameters named per rule)."""
	kind = rule.rule_type
	if kind in rules.WINDOWED_RULE_TYPES:
		if kind == rules.MINIMUM_SPEND:
			fragment, value = _SPEND_LINES, str(to_decimal(rule.amount))
			having = f"round(sum(t.amount), 2) >= %(threshold_{i})s"
		else:
			fragment, value = _VISIT_DAYS, rule.count
			having = f"count(distinct t.visit_day) >= %(threshold_{i})s"
		invoices = _invoice_rows(fragment, f"since_{i}", by_customer=False, by_company=by_company)
		return (
			f"p.customer in (select t.customer from ({invoices}) t group by t.customer having {having})",
			{f"since_{i}": windows[rule.months], f"threshold_{i}": value},
		)
	if kind == rules.AGE_RANGE:
		born_after, born_on_or_before = rules.birth_date_bounds(rule, on_date)
		condition = f"p.date_of_birth <= %(born_on_or_before_{i})s"
		if born_after:
			condition += f" and p.date_of_birth > %(born_after_{i})s"
		return condition, {f"born_on_or_before_{i}": born_on_or_before, f"born_after_{i}": born_after}
	if kind == rules.GENDER:
		return f"p.gender = %(gender_{i})s", {f"gender_{i}": rule.gender.strip()}
	if kind in (rules.BIRTHDAY_MONTH, rules.ANNIVERSARY_MONTH):
		column = "p.birth_month_day" if kind == rules.BIRTHDAY_MONTH else "p.anniversary_month_day"
		low, high = rules.month_day_range(on_date.month)
		return f"{column} between %(md_low_{i})s and %(md_high_{i})s", {
			f"md_low_{i}": low,
			f"md_high_{i}": high,
		}
	if kind == rules.ACTIVE_CUSTOMER_DISCOUNT:
		return (
			"p.name in (select cd.customer_profile from `tabCustomer Discount` cd where cd.docstatus = 1"
			f" and cd.status = %(card_status_{i})s and cd.valid_until >= %(on_date)s)",
			{f"card_status_{i}": card_rules.ACTIVE},
		)
	if kind == rules.MINIMUM_REFERRALS:
		return f"ifnull(p.referral_count, 0) >= %(referrals_{i})s", {f"referrals_{i}": rule.count}
	if kind == rules.CUSTOMER_TAG:
		return (
			"p.name in (select pt.parent from `tabCustomer Profile Tag` pt"
			f" where pt.parenttype = %(tag_parenttype_{i})s and pt.parentfield = 'tags' and pt.tag = %(tag_{i})s)",
			{f"tag_parenttype_{i}": PROFILE, f"tag_{i}": rule.tag.strip()},
		)
	raise rules.EligibilityError("unknown_rule_type", rule_type=kind)


# ---------------------------------------------------------------- messages


def rule_problem_message(code: str) -> str:
	"""What to fix in a rule, for a problem code of rules.validate_rule."""
	messages = {
		"unknown_type": _("unknown rule type"),
		"missing_amount": _("set an Amount above zero"),
		"missing_months": _("set In the Last N Months above zero"),
		"missing_count": _("set a Count above zero"),
		"bad_age_range": _("set a Minimum and/or Maximum Age, the minimum not above the maximum"),
		"missing_gender": _("choose a Gender"),
		"missing_tag": _("choose a Tag"),
	}
	return messages.get(code, code)


def describe(failure: Failure, currency: str | None = None) -> str:
	"""A sentence for staff saying why a rule is not met."""
	p = failure.params
	code = failure.code
	if code == PROFILE_DISABLED:
		return _("The customer profile is disabled")
	if code == "invalid_rule":
		return _("The plan's rule {0} is not set up correctly: {1}").format(
			_(failure.rule_type), rule_problem_message(p["problem"])
		)
	if code == "spend_below":
		return _("Spent {0} in the last {1} months; the plan needs {2}").format(
			fmt_money(p["actual"], currency=currency),
			p["months"],
			fmt_money(p["required"], currency=currency),
		)
	if code == "visits_below":
		return _("{0} visits in the last {1} months; the plan needs {2}").format(
			p["actual"], p["months"], p["required"]
		)
	if code == "no_birth_date":
		return _("No valid date of birth on the profile")
	if code == "age_below":
		return _("Age {0}; the plan needs at least {1}").format(p["actual"], p["required"])
	if code == "age_above":
		return _("Age {0}; the plan allows at most {1}").format(p["actual"], p["required"])
	if code == "gender_mismatch":
		return _("Gender is {0}; the plan is for {1}").format(
			_(p["actual"]) if p["actual"] else _("not set"), _(p["required"])
		)
	if code == "not_birthday_month":
		return _("Birthday is not in this month")
	if code == "no_anniversary":
		return _("No anniversary on the profile")
	if code == "not_anniversary_month":
		return _("Anniversary is not in this month")
	if code == "no_active_card":
		return _("Holds no active Customer Discount")
	if code == "referrals_below":
		return _("Referred {0} customers; the plan needs {1}").format(p["actual"], p["required"])
	if code == "tag_absent":
		return _("Does not have the tag {0}").format(p["tag"])
	return _("{0}: not met").format(_(failure.rule_type))


def describe_all(failures: list[Failure], currency: str | None = None) -> str:
	return "; ".join(describe(f, currency) for f in failures)
