"""Campaign audiences on the real site (salon_crm.plans.eligibility.audience): the rule kinds campaigns add
to the Special Plan rules, each selected set-based and agreeing with the single-customer reasons()."""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import add_days, getdate, nowdate

from salon_crm.plans import eligibility
from salon_crm.plans.plan import InvalidPlanRuleError
from tests.integration.plan_factories import (
	make_person,
	make_plan,
	other_month_day,
	past_invoice,
	this_month_day,
)
from tests.integration.site_setup import COMPANY

TODAY = getdate(nowdate())


def selected(rules, people, company=COMPANY, on_date=None):
	"""Which of `people` the audience holds, as 'x' (in) and '.' (out), after checking that the
	single-customer reasons() agree with the set-based audience() for each of them."""
	audience = eligibility.audience(rules, company, on_date)
	for person in people:
		assert (person.name in audience) == (
			not eligibility.reasons(rules, company, person.name, on_date)
		), person.name
	return "".join("x" if p.name in audience else "." for p in people)


@pytest.fixture
def visitors():
	"""Lapsed (last visit 90 days ago), regular (90 and 10 days ago), today (a visit today), never (none)."""
	lapsed, regular, today, never = (make_person() for _ in range(4))
	past_invoice(lapsed, 400, days_ago=90)
	past_invoice(regular, 400, days_ago=90)
	past_invoice(regular, 600, days_ago=10)
	past_invoice(today, 400, days_ago=0)
	return [lapsed, regular, today, never]


def test_last_visit_more_than_n_days_ago_selects_lapsed_customers_only(visitors):
	rules = [{"rule_type": "Last Visit More Than N Days Ago", "days": 60}]
	assert selected(rules, visitors) == "x..."


def test_last_visit_less_than_n_days_ago_selects_recent_customers(visitors):
	rules = [{"rule_type": "Last Visit Less Than N Days Ago", "days": 30}]
	assert selected(rules, visitors) == ".xx."


def test_the_day_of_n_days_ago_is_neither_more_nor_less_than_n_days_ago(visitors):
	assert selected([{"rule_type": "Last Visit More Than N Days Ago", "days": 90}], visitors) == "...."
	assert selected([{"rule_type": "Last Visit Less Than N Days Ago", "days": 90}], visitors) == ".xx."


def test_reasons_say_how_long_ago_the_last_visit_was(visitors):
	rules = [{"rule_type": "Last Visit More Than N Days Ago", "days": 60}]
	(failure,) = eligibility.reasons(rules, COMPANY, visitors[1].name)
	assert (failure.code, failure.params) == ("visited_recently", {"days": 60, "actual": 10})
	assert eligibility.describe(failure) == "Last visit 10 days ago; the rule needs more than 60"


def test_last_visit_is_counted_on_the_day_asked_for(visitors):
	"""Forty days from now the regular's last visit is 50 days old: a scheduled campaign sees that."""
	rules = [{"rule_type": "Last Visit More Than N Days Ago", "days": 45}]
	assert selected(rules, visitors, on_date=add_days(TODAY, 40)) == "xx.."


def test_never_visited_selects_customers_without_any_visit(visitors):
	assert selected([{"rule_type": "Never Visited"}], visitors) == "...x"


def test_rfm_segment_selects_the_stored_segment(visitors):
	frappe.db.set_value("Customer Profile", visitors[0].name, "rfm_segment", "At Risk")
	frappe.db.set_value("Customer Profile", visitors[1].name, "rfm_segment", "Champions")
	assert selected([{"rule_type": "RFM Segment", "segment": "At Risk"}], visitors) == "x..."


def test_birthday_this_month_is_the_birthday_month_rule():
	people = [make_person(date_of_birth=this_month_day()), make_person(date_of_birth=other_month_day())]
	assert selected([{"rule_type": "Birthday Month"}], people) == "x."


def test_visits_count_only_the_campaigns_company(visitors):
	rules = [{"rule_type": "Last Visit Less Than N Days Ago", "days": 30}]
	assert frappe.db.count("Company") > 1  # the site's own company and the test company
	assert selected(rules, visitors, company="Glow Salon") == "...."


def test_rules_combine_with_the_plan_rules(visitors):
	lapsed_man = make_person(gender="Male")
	past_invoice(lapsed_man, 400, days_ago=90)
	thrifty = make_person(gender="Female")
	past_invoice(thrifty, 200, days_ago=90)
	for person in visitors:
		frappe.db.set_value("Customer Profile", person.name, "gender", "Female")
	rules = [
		{"rule_type": "Last Visit More Than N Days Ago", "days": 30},
		{"rule_type": "Gender", "gender": "Female"},
		{"rule_type": "Minimum Spend", "amount": 300, "months": 6},
	]
	assert selected(rules, [*visitors, lapsed_man, thrifty]) == "x....."


def test_disabled_profiles_are_never_in_the_audience(visitors):
	frappe.db.set_value("Customer Profile", visitors[0].name, "disabled", 1)
	assert selected([{"rule_type": "Last Visit More Than N Days Ago", "days": 60}], visitors) == "...."


def test_an_invalid_rule_selects_nobody(visitors):
	assert eligibility.audience([{"rule_type": "Last Visit More Than N Days Ago"}], COMPANY) == set()


def test_a_special_plan_may_use_the_new_rule_kinds(visitors):
	plan = make_plan(rules=[{"rule_type": "Last Visit More Than N Days Ago", "days": 60}])
	assert set(eligibility.eligible_customers(plan)) & {p.name for p in visitors} == {visitors[0].name}
	with pytest.raises(InvalidPlanRuleError):
		make_plan(rules=[{"rule_type": "RFM Segment"}])
