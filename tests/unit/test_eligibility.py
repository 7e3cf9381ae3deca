from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salon_crm.rules import eligibility as el
from salon_crm.rules.eligibility import (
	RULE_TYPES,
	CustomerFacts,
	EligibilityError,
	Failure,
	Rule,
	evaluate,
	validate_rule,
	window_starts,
)
from salon_crm.rules.performance import MONTHS, period_start

TODAY = date(2024, 6, 15)


def facts(**kwargs) -> CustomerFacts:
	base = {
		"dob": date(1990, 6, 20),
		"gender": "Female",
		"anniversary": date(2015, 6, 1),
		"tags": frozenset({"VIP", "Bridal"}),
		"referrals": 2,
		"has_active_card": True,
		"spend": {6: 6000.0, 12: 15000.0},
		"visits": {6: 4, 12: 9},
	}
	base.update(kwargs)
	return CustomerFacts(**base)


def passes(rules: list[Rule], customer: CustomerFacts, today: date) -> bool:
	"""Every rule holds: `evaluate` reports no failure."""
	return evaluate(rules, customer, today) == []


class TestConstants:
	def test_rule_types(self):
		assert RULE_TYPES == (
			"Minimum Spend",
			"Minimum Visits",
			"Age Range",
			"Gender",
			"Birthday Month",
			"Anniversary Month",
			"Active Customer Discount",
			"Minimum Referrals",
			"Customer Tag",
			"RFM Segment",
			"Last Visit More Than N Days Ago",
			"Last Visit Less Than N Days Ago",
			"Never Visited",
		)
		assert el.MINIMUM_SPEND == "Minimum Spend"
		assert el.CUSTOMER_TAG == "Customer Tag"

	def test_facts_defaults(self):
		empty = CustomerFacts()
		assert empty.tags == frozenset() and empty.spend == {} and empty.visits == {}
		assert CustomerFacts().spend is not CustomerFacts().spend


class TestValidateRule:
	@pytest.mark.parametrize(
		"rule",
		[
			Rule(el.MINIMUM_SPEND, amount=5000, months=6),
			Rule(el.MINIMUM_VISITS, count=3, months=12),
			Rule(el.AGE_RANGE, min_age=18),
			Rule(el.AGE_RANGE, max_age=30),
			Rule(el.AGE_RANGE, min_age=18, max_age=18),
			Rule(el.AGE_RANGE, min_age=0, max_age=12),
			Rule(el.GENDER, gender="Female"),
			Rule(el.BIRTHDAY_MONTH),
			Rule(el.ANNIVERSARY_MONTH),
			Rule(el.ACTIVE_CUSTOMER_DISCOUNT),
			Rule(el.MINIMUM_REFERRALS, count=1),
			Rule(el.CUSTOMER_TAG, tag="VIP"),
			Rule(el.RFM_SEGMENT, segment="At Risk"),
			Rule(el.LAST_VISIT_MORE_THAN, days=60),
			Rule(el.LAST_VISIT_LESS_THAN, days=1),
			Rule(el.NEVER_VISITED),
		],
	)
	def test_valid(self, rule):
		assert validate_rule(rule) is None

	@pytest.mark.parametrize(
		"rule,code",
		[
			(Rule("Loyalty Points"), "unknown_type"),
			(Rule(""), "unknown_type"),
			(Rule(el.MINIMUM_SPEND, months=6), "missing_amount"),
			(Rule(el.MINIMUM_SPEND, amount=-1, months=6), "missing_amount"),
			(Rule(el.MINIMUM_SPEND, amount=None, months=6), "missing_amount"),
			(Rule(el.MINIMUM_SPEND, amount=5000), "missing_months"),
			(Rule(el.MINIMUM_SPEND, amount=5000, months=-3), "missing_months"),
			(Rule(el.MINIMUM_VISITS, months=6), "missing_count"),
			(Rule(el.MINIMUM_VISITS, count=2), "missing_months"),
			(Rule(el.AGE_RANGE), "bad_age_range"),
			(Rule(el.AGE_RANGE, min_age=40, max_age=30), "bad_age_range"),
			(Rule(el.AGE_RANGE, min_age=-1), "bad_age_range"),
			(Rule(el.GENDER), "missing_gender"),
			(Rule(el.GENDER, gender="  "), "missing_gender"),
			(Rule(el.MINIMUM_REFERRALS), "missing_count"),
			(Rule(el.CUSTOMER_TAG), "missing_tag"),
			(Rule(el.CUSTOMER_TAG, tag=""), "missing_tag"),
			(Rule(el.LAST_VISIT_MORE_THAN), "missing_days"),
			(Rule(el.LAST_VISIT_LESS_THAN, days=-5), "missing_days"),
			(Rule(el.RFM_SEGMENT), "unknown_segment"),
			(Rule(el.RFM_SEGMENT, segment="Whales"), "unknown_segment"),
		],
	)
	def test_problems(self, rule, code):
		assert validate_rule(rule) == code


class TestEvaluate:
	def test_empty_rules_eligible(self):
		assert evaluate([], CustomerFacts(), TODAY) == []

	def test_all_pass(self):
		rules = [
			Rule(el.MINIMUM_SPEND, amount=5000, months=6),
			Rule(el.MINIMUM_VISITS, count=4, months=6),
			Rule(el.AGE_RANGE, min_age=18, max_age=40),
			Rule(el.GENDER, gender="female"),
			Rule(el.BIRTHDAY_MONTH),
			Rule(el.ANNIVERSARY_MONTH),
			Rule(el.ACTIVE_CUSTOMER_DISCOUNT),
			Rule(el.MINIMUM_REFERRALS, count=2),
			Rule(el.CUSTOMER_TAG, tag="vip"),
		]
		assert evaluate(rules, facts(), TODAY) == []

	def test_spend_below(self):
		rule = Rule(el.MINIMUM_SPEND, amount=5000, months=6)
		assert evaluate([rule], facts(spend={6: 1200}), TODAY) == [
			Failure("Minimum Spend", "spend_below", {"required": 5000.0, "actual": 1200.0, "months": 6})
		]

	def test_spend_exactly_required_passes(self):
		rule = Rule(el.MINIMUM_SPEND, amount=5000, months=6)
		assert passes([rule], facts(spend={6: 4999.995}), TODAY)  # rounds to 5000.00
		assert not passes([rule], facts(spend={6: 4999.99}), TODAY)

	def test_spend_none_counts_as_zero(self):
		rule = Rule(el.MINIMUM_SPEND, amount=1, months=6)
		assert evaluate([rule], facts(spend={6: None}), TODAY)[0].params["actual"] == 0.0

	def test_missing_window_is_a_programming_error(self):
		with pytest.raises(EligibilityError) as info:
			evaluate([Rule(el.MINIMUM_SPEND, amount=1, months=3)], facts(), TODAY)
		assert info.value.code == "missing_fact"
		assert info.value.params == {"fact": "spend", "months": 3}
		with pytest.raises(EligibilityError):
			evaluate([Rule(el.MINIMUM_VISITS, count=1, months=3)], facts(), TODAY)

	def test_visits_below(self):
		rule = Rule(el.MINIMUM_VISITS, count=10, months=12)
		assert evaluate([rule], facts(), TODAY) == [
			Failure("Minimum Visits", "visits_below", {"required": 10, "actual": 9, "months": 12})
		]

	@pytest.mark.parametrize(
		"dob,min_age,max_age,expected",
		[
			(date(2006, 6, 15), 18, None, None),  # 18 today
			(date(2006, 6, 16), 18, None, ("age_below", {"required": 18, "actual": 17})),
			(date(1994, 6, 16), None, 29, None),  # 29, turning 30 tomorrow
			(date(1994, 6, 15), None, 29, ("age_above", {"required": 29, "actual": 30})),
			(date(2000, 1, 1), 20, 30, None),
		],
	)
	def test_age_range(self, dob, min_age, max_age, expected):
		failures = evaluate([Rule(el.AGE_RANGE, min_age=min_age, max_age=max_age)], facts(dob=dob), TODAY)
		if expected is None:
			assert failures == []
		else:
			assert [(f.code, f.params) for f in failures] == [expected]

	def test_age_leap_day(self):
		rule = Rule(el.AGE_RANGE, min_age=18)
		assert not passes([rule], facts(dob=date(2004, 2, 29)), date(2022, 2, 28))
		assert passes([rule], facts(dob=date(2004, 2, 29)), date(2022, 3, 1))

	@pytest.mark.parametrize("dob", [None, date(2030, 1, 1)])
	def test_age_without_usable_birth_date(self, dob):
		failures = evaluate([Rule(el.AGE_RANGE, min_age=18)], facts(dob=dob), TODAY)
		assert [f.code for f in failures] == ["no_birth_date"]

	def test_gender(self):
		rule = Rule(el.GENDER, gender="Male")
		assert evaluate([rule], facts(), TODAY) == [
			Failure("Gender", "gender_mismatch", {"required": "Male", "actual": "Female"})
		]
		assert evaluate([rule], facts(gender=None), TODAY)[0].code == "gender_mismatch"
		assert passes([rule], facts(gender=" male "), TODAY)

	def test_birthday_month(self):
		rule = Rule(el.BIRTHDAY_MONTH)
		assert passes([rule], facts(dob=date(2000, 6, 1)), TODAY)
		assert evaluate([rule], facts(dob=date(2000, 7, 1)), TODAY) == [
			Failure("Birthday Month", "not_birthday_month", {"month": 6, "actual": 7})
		]
		assert evaluate([rule], facts(dob=None), TODAY)[0].code == "no_birth_date"

	def test_birthday_month_december_january(self):
		rule = Rule(el.BIRTHDAY_MONTH)
		assert passes([rule], facts(dob=date(2000, 12, 31)), date(2024, 12, 1))
		assert not passes([rule], facts(dob=date(2000, 12, 31)), date(2025, 1, 1))

	def test_anniversary_month(self):
		rule = Rule(el.ANNIVERSARY_MONTH)
		assert passes([rule], facts(), TODAY)
		assert (
			evaluate([rule], facts(anniversary=date(2015, 2, 14)), TODAY)[0].code == "not_anniversary_month"
		)
		assert evaluate([rule], facts(anniversary=None), TODAY)[0].code == "no_anniversary"

	def test_active_card(self):
		rule = Rule(el.ACTIVE_CUSTOMER_DISCOUNT)
		assert evaluate([rule], facts(has_active_card=False), TODAY) == [
			Failure("Active Customer Discount", "no_active_card", {})
		]

	def test_referrals(self):
		rule = Rule(el.MINIMUM_REFERRALS, count=3)
		assert evaluate([rule], facts(), TODAY) == [
			Failure("Minimum Referrals", "referrals_below", {"required": 3, "actual": 2})
		]

	def test_tag(self):
		rule = Rule(el.CUSTOMER_TAG, tag="Gold")
		assert evaluate([rule], facts(), TODAY) == [Failure("Customer Tag", "tag_absent", {"tag": "Gold"})]
		assert passes([Rule(el.CUSTOMER_TAG, tag=" bridal")], facts(), TODAY)
		assert not passes([rule], facts(tags=frozenset()), TODAY)

	def test_invalid_rule_fails_closed(self):
		failures = evaluate([Rule("Mystery")], facts(), TODAY)
		assert failures == [Failure("Mystery", "invalid_rule", {"problem": "unknown_type"})]
		assert not passes([Rule(el.MINIMUM_SPEND, months=6)], facts(), TODAY)

	def test_all_failures_reported_in_order(self):
		rules = [
			Rule(el.GENDER, gender="Male"),
			Rule(el.MINIMUM_SPEND, amount=5000, months=6),
			Rule(el.MINIMUM_REFERRALS, count=5),
		]
		codes = [f.code for f in evaluate(rules, facts(spend={6: 10}), TODAY)]
		assert codes == ["gender_mismatch", "spend_below", "referrals_below"]


class TestWindowStarts:
	def test_windows_of_the_windowed_rules(self):
		rules = [
			Rule(el.MINIMUM_SPEND, amount=5000, months=6),
			Rule(el.MINIMUM_VISITS, count=2, months=12),
			Rule(el.MINIMUM_SPEND, amount=100, months=6),
			Rule(el.AGE_RANGE, min_age=18, months=99),  # months ignored for non-window rules
			Rule(el.MINIMUM_VISITS, count=2),  # invalid: no window
		]
		assert window_starts(rules, TODAY) == {6: date(2023, 12, 16), 12: date(2023, 6, 16)}

	def test_empty(self):
		assert window_starts([], TODAY) == {}

	@pytest.mark.parametrize(
		"today,months,expected",
		[
			(date(2024, 6, 15), 6, date(2023, 12, 16)),  # today is the window's last day
			(date(2024, 8, 31), 6, date(2024, 3, 1)),  # 29 Feb 2024 + 1 day
			(date(2025, 8, 31), 6, date(2025, 3, 1)),  # 28 Feb 2025 + 1 day
			(date(2024, 1, 1), 1, date(2023, 12, 2)),
			(date(2024, 3, 31), 1, date(2024, 3, 1)),
			(date(2024, 2, 29), 12, date(2023, 3, 1)),
		],
	)
	def test_examples(self, today, months, expected):
		assert window_starts([Rule(el.MINIMUM_VISITS, count=1, months=months)], today) == {months: expected}

	@given(
		today=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
		months=st.integers(1, 120),
	)
	def test_same_window_as_the_performance_figures(self, today, months):
		start = window_starts([Rule(el.MINIMUM_SPEND, amount=1, months=months)], today)[months]
		assert start == period_start(today, MONTHS, months)
		assert start <= today


class TestBirthDateBounds:
	"""The bounds a set-based query uses select exactly the people `evaluate` accepts."""

	def test_examples(self):
		assert el.birth_date_bounds(Rule(el.AGE_RANGE, min_age=18), TODAY) == (None, date(2006, 6, 15))
		assert el.birth_date_bounds(Rule(el.AGE_RANGE, max_age=29), TODAY) == (date(1994, 6, 15), TODAY)
		assert el.birth_date_bounds(Rule(el.AGE_RANGE, min_age=20, max_age=30), TODAY) == (
			date(1993, 6, 15),
			date(2004, 6, 15),
		)

	def test_leap_day_today(self):
		# on 29 Feb 2024, 18 years back is 28 Feb 2006 (no 29 Feb that year)
		assert el.birth_date_bounds(Rule(el.AGE_RANGE, min_age=18), date(2024, 2, 29))[1] == date(2006, 2, 28)

	@given(
		dob=st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)),
		today=st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
		min_age=st.one_of(st.none(), st.integers(0, 90)),
		span=st.one_of(st.none(), st.integers(0, 60)),
	)
	@settings(max_examples=500, deadline=None)
	def test_bounds_agree_with_evaluate(self, dob, today, min_age, span):
		max_age = None if span is None else (min_age or 0) + span
		if min_age is None and max_age is None:
			min_age = 0
		rule = Rule(el.AGE_RANGE, min_age=min_age, max_age=max_age)
		born_after, born_on_or_before = el.birth_date_bounds(rule, today)
		in_bounds = dob <= born_on_or_before and (born_after is None or dob > born_after)
		assert in_bounds == passes([rule], facts(dob=dob), today)


class TestAudienceRules:
	"""The rule kinds campaigns add: segment, last visit more / less than N days ago, never visited."""

	def test_rfm_segment(self):
		rule = Rule(el.RFM_SEGMENT, segment="At Risk")
		assert passes([rule], facts(rfm_segment="At Risk"), TODAY)
		assert evaluate([rule], facts(rfm_segment="Champions"), TODAY) == [
			Failure(el.RFM_SEGMENT, "segment_mismatch", {"required": "At Risk", "actual": "Champions"})
		]
		assert not passes([rule], facts(rfm_segment=None), TODAY)

	@pytest.mark.parametrize("days_ago,expected", [(61, True), (60, False), (0, False), (400, True)])
	def test_last_visit_more_than_n_days_ago(self, days_ago, expected):
		rule = Rule(el.LAST_VISIT_MORE_THAN, days=60)
		assert passes([rule], facts(last_visit=TODAY - timedelta(days=days_ago)), TODAY) == expected

	@pytest.mark.parametrize("days_ago,expected", [(0, True), (29, True), (30, False), (90, False)])
	def test_last_visit_less_than_n_days_ago(self, days_ago, expected):
		rule = Rule(el.LAST_VISIT_LESS_THAN, days=30)
		assert passes([rule], facts(last_visit=TODAY - timedelta(days=days_ago)), TODAY) == expected

	@pytest.mark.parametrize("kind", [el.LAST_VISIT_MORE_THAN, el.LAST_VISIT_LESS_THAN])
	def test_a_customer_who_never_visited_meets_no_last_visit_rule(self, kind):
		(failure,) = evaluate([Rule(kind, days=30)], facts(last_visit=None), TODAY)
		assert failure.code == "no_visit"

	@pytest.mark.parametrize("last_visit,expected", [(None, True), (TODAY, False), (date(2020, 1, 1), False)])
	def test_never_visited(self, last_visit, expected):
		assert passes([Rule(el.NEVER_VISITED)], facts(last_visit=last_visit), TODAY) == expected

	@given(
		st.integers(1, 1000),
		st.one_of(st.none(), st.dates(min_value=date(2020, 1, 1), max_value=TODAY)),
	)
	def test_cutoff_agrees_with_evaluate(self, days, last_visit):
		"""What the set-based query selects (last visit before / after the cutoff) is what evaluate accepts."""
		cutoff = el.last_visit_cutoff(Rule(el.LAST_VISIT_MORE_THAN, days=days), TODAY)
		customer = facts(last_visit=last_visit)
		more = passes([Rule(el.LAST_VISIT_MORE_THAN, days=days)], customer, TODAY)
		less = passes([Rule(el.LAST_VISIT_LESS_THAN, days=days)], customer, TODAY)
		assert more == (last_visit is not None and last_visit < cutoff)
		assert less == (last_visit is not None and last_visit > cutoff)


class TestMonthDayRange:
	@pytest.mark.parametrize("month,expected", [(1, (101, 131)), (2, (201, 231)), (12, (1201, 1231))])
	def test_range(self, month, expected):
		assert el.month_day_range(month) == expected

	@given(st.dates(), st.dates())
	def test_agrees_with_birthday_month(self, dob, today):
		low, high = el.month_day_range(today.month)
		key = dob.month * 100 + dob.day
		assert (low <= key <= high) == passes([Rule(el.BIRTHDAY_MONTH)], facts(dob=dob), today)


class TestPeriodsOverlap:
	@pytest.mark.parametrize(
		"a,b,expected",
		[
			((date(2024, 1, 1), date(2024, 1, 31)), (date(2024, 1, 31), date(2024, 2, 10)), True),
			((date(2024, 1, 1), date(2024, 1, 31)), (date(2024, 2, 1), None), False),
			((date(2024, 1, 1), None), (date(2030, 1, 1), None), True),
			((date(2024, 3, 1), None), (date(2024, 1, 1), date(2024, 2, 29)), False),
			((date(2024, 3, 1), date(2024, 3, 1)), (date(2024, 1, 1), None), True),
		],
	)
	def test_periods(self, a, b, expected):
		assert el.periods_overlap(*a, *b) is expected
		assert el.periods_overlap(*b, *a) is expected


class TestScopesOverlap:
	# item group tree: All (1, 10) > Services (2, 5) > Hair (3, 4); Products (6, 9) > Care (7, 8)
	ALL, SERVICES, HAIR, PRODUCTS, CARE = (1, 10), (2, 5), (3, 4), (6, 9), (7, 8)
	POSITIONS = {"SVC-HAIRCUT": 3, "SVC-FACIAL": 2, "PRD-SERUM": 7}

	def overlap(self, codes_a, groups_a, codes_b, groups_b):
		forward = el.scopes_overlap(set(codes_a), groups_a, set(codes_b), groups_b, self.POSITIONS)
		backward = el.scopes_overlap(set(codes_b), groups_b, set(codes_a), groups_a, self.POSITIONS)
		assert forward == backward
		return forward

	def test_same_item(self):
		assert self.overlap({"SVC-FACIAL"}, [], {"SVC-FACIAL", "SVC-SPA"}, [])
		assert not self.overlap({"SVC-FACIAL"}, [], {"SVC-SPA"}, [])

	def test_nested_groups(self):
		assert self.overlap([], [self.SERVICES], [], [self.HAIR])
		assert self.overlap([], [self.ALL], [], [self.CARE])
		assert not self.overlap([], [self.SERVICES], [], [self.PRODUCTS])

	def test_item_inside_group(self):
		assert self.overlap({"SVC-HAIRCUT"}, [], [], [self.SERVICES])
		assert self.overlap({"PRD-SERUM"}, [], [], [self.PRODUCTS])
		assert not self.overlap({"SVC-FACIAL"}, [], [], [self.HAIR])
		assert not self.overlap({"UNKNOWN"}, [], [], [self.ALL])
