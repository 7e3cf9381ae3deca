"""Who may get a Special Plan, on the site.

`check(plan, profile)` gives the failures of one customer (for the profile form and the assignment); it reads
the customer's facts with a few indexed queries and hands them to the pure rules (salon_crm.rules.eligibility).
`eligible_customers(plan)` computes the same answer for ALL profiles with one SQL statement: every rule becomes
one condition (a column test or an uncorrelated subquery over invoices, cards or tags) and MariaDB intersects
them. Both read spend and visits from the same two SQL fragments of salon_crm.performance.income
(income_lines, visit_days); tests/integration/test_plans.py checks that they agree, and
tests/integration/test_income.py that they agree with the performance figures and the income chart.

Spend and visits "in the last N months" are income and visits as salon_crm.performance.income defines them
(the customer performance figures' definition), limited to the plan's company, over the window
rules.performance.period_start(day, "months", N) to the day, inclusive.
Birthday and anniversary months use the profiles' indexed month-day columns. An active card is a card usable on the
day (salon_crm.cards.usable: submitted, Active, the day within its validity). Disabled profiles are never
eligible.
"""

from __future__ import annotations

from datetime import date, timedelta

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, escape_html, flt, fmt_money, formatdate, getdate, today

from salon_crm.cards import usable
from salon_crm.performance import income
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
	"rfm_segment",
)

# ---------------------------------------------------------------- SQL
# Spend and visits are read from salon_crm.performance.income (the one definition of income and visits):
# income_lines and visit_days from the parameter named by `since` to %(on_date)s, limited to %(customer)s
# and/or %(company)s.


def _invoice_rows(fragment, since: str, by_customer: bool, by_company: bool) -> str:
	"""`fragment` (income.income_lines or income.visit_days) from the parameter `since` to %(on_date)s,
	limited to %(customer)s and/or %(company)s."""
	return fragment(
		income.scope(
			since=since,
			until="on_date",
			customer="customer" if by_customer else None,
			company="company" if by_company else None,
		)
	)


# ---------------------------------------------------------------- plan rules


def get_plan(plan) -> Document:
	"""The Special Plan document of a name (or the document itself)."""
	return frappe.get_doc("Special Plan", plan) if isinstance(plan, str) else plan


def rule_from_row(row) -> Rule:
	"""A pure Rule from a Special Plan Rule row (a document row or a dict of its fields). An age bound of 0
	means no bound."""
	if isinstance(row, Rule):
		return row
	row = frappe._dict(row) if isinstance(row, dict) else row
	return Rule(
		rule_type=row.rule_type,
		amount=flt(row.amount),
		months=cint(row.months),
		count=cint(row.count),
		min_age=cint(row.min_age) or None,
		max_age=cint(row.max_age) or None,
		gender=(row.gender or "").strip() or None,
		tag=(row.tag or "").strip() or None,
		days=cint(row.get("days")),
		segment=(row.get("segment") or "").strip() or None,
	)


def plan_rules(plan) -> list[Rule]:
	return [rule_from_row(row) for row in get_plan(plan).rules]


# ---------------------------------------------------------------- one customer


def facts_for(
	profile,
	windows: dict[int, date] | None = None,
	company: str | None = None,
	on_date: date | None = None,
	with_last_visit: bool = False,
) -> CustomerFacts:
	"""What the rules look at for one profile (a name or the document). Spend and visits are computed for
	each window of `windows` ({months: first day}, rules.eligibility.window_starts) from the invoices of
	`company` (all companies when None); the last visit (on or before `on_date`) only `with_last_visit`."""
	on_date = getdate(on_date or today())
	return _facts(profile, _profile_row(profile), windows or {}, company, on_date, with_last_visit)


def check(plan, profile, on_date: date | None = None) -> list[Failure]:
	"""Why `profile` may not get `plan` on `on_date` (empty list = eligible). Plan and profile are names
	or documents."""
	plan = get_plan(plan)
	return _evaluate(plan_rules(plan), plan.company, profile, getdate(on_date or today()))


def reasons(rule_rows, company: str | None, profile, on_date: date | None = None) -> list[Failure]:
	"""Why `profile` is not in the audience of these rules (Rules, or Special Plan Rule rows or dicts) on
	`on_date`, counting `company`'s invoices (empty list = in the audience): the single-customer form of
	audience(), for a preview's sample."""
	return _evaluate([rule_from_row(r) for r in rule_rows], company, profile, getdate(on_date or today()))


def _evaluate(rule_list: list[Rule], company: str | None, profile, on_date: date) -> list[Failure]:
	row = _profile_row(profile)
	failures = [Failure(PROFILE, PROFILE_DISABLED, {})] if cint(row.disabled) else []
	needs_last_visit = any(rule.rule_type in rules.LAST_VISIT_RULE_TYPES for rule in rule_list)
	windows = rules.window_starts(rule_list, on_date)
	facts = _facts(profile, row, windows, company, on_date, needs_last_visit)
	return failures + rules.evaluate(rule_list, facts, on_date)


def _facts(
	profile, row, windows: dict[int, date], company: str | None, on_date: date, with_last_visit: bool
) -> CustomerFacts:
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
		last_visit=_last_visit(row.customer, company, on_date) if with_last_visit else None,
		rfm_segment=row.rfm_segment,
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
	return usable.has_usable_card(profile, on_date)


def _last_visit(customer: str | None, company: str | None, on_date: date) -> date | None:
	"""One customer's latest visit day on or before `on_date`, from `company`'s invoices (all when None)."""
	if not customer:
		return None
	rows = income.visit_days(
		income.scope(until="on_date", customer="customer", company="company" if company else None)
	)
	last = frappe.db.sql(
		f"select max(t.visit_day) from ({rows}) t",
		{"customer": customer, "company": company, "on_date": on_date},
	)[0][0]
	return getdate(last) if last else None


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
		**income.params(),
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
		for fragment in (income.income_lines, income.visit_days)
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

	One SQL statement whatever the number of customers: each rule is one condition, the invoice rules one
	uncorrelated subquery each (a GROUP BY over the window's invoices). A plan with an invalid rule selects
	nobody (fails closed, like `check`). Only the rules are looked at, not whether the plan is enabled or
	valid on the day.
	"""
	plan = get_plan(plan)
	return _matching(plan_rules(plan), plan.company, getdate(on_date or today()))


def audience(rule_rows, company: str | None, on_date: date | None = None) -> set[str]:
	"""Names of all enabled Customer Profiles that meet every rule (Rules, or Special Plan Rule rows or dicts
	of their fields) on `on_date`, counting `company`'s invoices (all companies when None): a campaign's
	audience. Set-based like eligible_customers (one statement); invalid rules select nobody; reasons() says
	why one profile is left out."""
	return set(_matching([rule_from_row(r) for r in rule_rows], company, getdate(on_date or today())))


def _matching(rule_list: list[Rule], company: str | None, on_date: date) -> list[str]:
	if any(rules.validate_rule(rule) for rule in rule_list):
		return []
	windows = rules.window_starts(rule_list, on_date)
	params = {"on_date": on_date, "company": company, **income.params()}
	# with one company every invoice is its: leave the test out, so that the invoice reads are index-only
	# (salon_perf_customer and salon_perf_lines hold no company)
	reads_invoices = windows or any(r.rule_type in rules.LAST_VISIT_RULE_TYPES for r in rule_list)
	by_company = bool(company and reads_invoices and frappe.db.count("Company") > 1)
	conditions = ["p.disabled = 0"]
	for i, rule in enumerate(rule_list):
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
			fragment, value = income.income_lines, str(to_decimal(rule.amount))
			having = f"round(sum(t.amount), 2) >= %(threshold_{i})s"
		else:
			fragment, value = income.visit_days, rule.count
			having = f"count(distinct t.visit_day) >= %(threshold_{i})s"
		invoices = _invoice_rows(fragment, f"since_{i}", by_customer=False, by_company=by_company)
		return (
			f"p.customer in (select t.customer from ({invoices}) t group by t.customer having {having})",
			{f"since_{i}": windows[rule.months], f"threshold_{i}": value},
		)
	if kind == rules.LAST_VISIT_LESS_THAN:  # a visit day after the cutoff
		visits = _invoice_rows(income.visit_days, f"after_{i}", by_customer=False, by_company=by_company)
		return (
			f"p.customer in (select t.customer from ({visits}) t)",
			{f"after_{i}": rules.last_visit_cutoff(rule, on_date) + timedelta(days=1)},
		)
	if kind == rules.LAST_VISIT_MORE_THAN:  # a visit before the cutoff, none from it to the day
		company = "company" if by_company else None
		before = income.scope(until=f"before_{i}", company=company)
		since = income.scope(since=f"cutoff_{i}", until="on_date", company=company)
		cutoff = rules.last_visit_cutoff(rule, on_date)
		return (
			f"{income.has_visit('p.customer', before)} and not {income.has_visit('p.customer', since)}",
			{f"cutoff_{i}": cutoff, f"before_{i}": cutoff - timedelta(days=1)},
		)
	if kind == rules.NEVER_VISITED:
		until = income.scope(until="on_date", company="company" if by_company else None)
		return f"not {income.has_visit('p.customer', until)}", {}
	if kind == rules.RFM_SEGMENT:
		return f"p.rfm_segment = %(segment_{i})s", {f"segment_{i}": rule.segment.strip()}
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
		condition = usable.sql_condition("cd", "on_date", f"card_status_{i}")
		return (
			f"p.name in (select cd.customer_profile from `tabCustomer Discount` cd where {condition})",
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
		"missing_days": _("set N Days above zero"),
		"unknown_segment": _("choose an RFM Segment"),
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
	if code == "segment_mismatch":
		return _("RFM segment is {0}; the rule needs {1}").format(
			_(p["actual"]) if p["actual"] else _("not set"), _(p["required"])
		)
	if code == "no_visit":
		return _("Has not visited yet")
	if code == "visited_recently":
		return _("Last visit {0} days ago; the rule needs more than {1}").format(p["actual"], p["days"])
	if code == "not_visited_recently":
		return _("Last visit {0} days ago; the rule needs less than {1}").format(p["actual"], p["days"])
	if code == "visited":
		return _("Last visited on {0}").format(formatdate(p["last_visit"]))
	return _("{0}: not met").format(_(failure.rule_type))


def describe_all(failures: list[Failure], currency: str | None = None) -> str:
	return "; ".join(describe(f, currency) for f in failures)
