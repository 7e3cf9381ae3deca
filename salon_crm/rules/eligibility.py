"""Special Plan eligibility: rules as data, evaluated against pre-computed customer facts.

All rules must pass (AND); an empty rule list means everyone is eligible. An invalid rule never
passes (it yields a Failure with code "invalid_rule"), so a misconfigured plan fails closed.

"In the last N months" is the customer performance figures' window (rules.performance.period_start): it
ends with today, inclusive, and starts the day after the same day N months before.

The same rules describe a campaign's audience, with four more kinds: the customer's RFM segment (as the
performance refresh stored it), a last visit more than / less than N days before the day (a customer without
a visit meets neither), and never visited (no visit on or before the day: a customer who joined and never
came; a visit dated before the profile was made, as imported history is, still counts as a visit).
"Birthday this month" is Birthday Month.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from salon_crm.rules.cards import to_decimal
from salon_crm.rules.dates import add_months, age_on
from salon_crm.rules.performance import MONTHS, SEGMENTS, period_start

MINIMUM_SPEND = "Minimum Spend"
MINIMUM_VISITS = "Minimum Visits"
AGE_RANGE = "Age Range"
GENDER = "Gender"
BIRTHDAY_MONTH = "Birthday Month"
ANNIVERSARY_MONTH = "Anniversary Month"
ACTIVE_CUSTOMER_DISCOUNT = "Active Customer Discount"
MINIMUM_REFERRALS = "Minimum Referrals"
CUSTOMER_TAG = "Customer Tag"
RFM_SEGMENT = "RFM Segment"
LAST_VISIT_MORE_THAN = "Last Visit More Than N Days Ago"
LAST_VISIT_LESS_THAN = "Last Visit Less Than N Days Ago"
NEVER_VISITED = "Never Visited"
RULE_TYPES = (
	MINIMUM_SPEND,
	MINIMUM_VISITS,
	AGE_RANGE,
	GENDER,
	BIRTHDAY_MONTH,
	ANNIVERSARY_MONTH,
	ACTIVE_CUSTOMER_DISCOUNT,
	MINIMUM_REFERRALS,
	CUSTOMER_TAG,
	RFM_SEGMENT,
	LAST_VISIT_MORE_THAN,
	LAST_VISIT_LESS_THAN,
	NEVER_VISITED,
)
WINDOWED_RULE_TYPES = (MINIMUM_SPEND, MINIMUM_VISITS)
LAST_VISIT_RULE_TYPES = (LAST_VISIT_MORE_THAN, LAST_VISIT_LESS_THAN, NEVER_VISITED)
"""Rules that need the customer's last visit (CustomerFacts.last_visit)."""


class EligibilityError(ValueError):
	"""Programming error: the facts lack something the rules need (code "missing_fact")."""

	def __init__(self, code: str, **params: object) -> None:
		super().__init__(code, params)
		self.code = code
		self.params = params


@dataclass
class Rule:
	"""One eligibility rule; which fields matter depends on `rule_type`."""

	rule_type: str
	amount: float = 0
	months: int = 0
	count: int = 0
	min_age: int | None = None
	max_age: int | None = None
	gender: str | None = None
	tag: str | None = None
	days: int = 0
	segment: str | None = None


@dataclass
class CustomerFacts:
	"""What the rules look at; `spend`/`visits` map a window in months to the figure for that window
	(spend: income as the performance figures count it; visits: days with a non-return invoice).
	`last_visit` is the latest visit day on or before the day evaluated (None: never), `rfm_segment` the
	stored segment."""

	dob: date | None = None
	gender: str | None = None
	anniversary: date | None = None
	tags: frozenset[str] = frozenset()
	referrals: int = 0
	has_active_card: bool = False
	spend: dict[int, float] = field(default_factory=dict)
	visits: dict[int, int] = field(default_factory=dict)
	last_visit: date | None = None
	rfm_segment: str | None = None


@dataclass(frozen=True)
class Failure:
	"""A rule the customer does not meet, e.g. ("Minimum Spend", "spend_below", {"required": ...})."""

	rule_type: str
	code: str
	params: dict = field(default_factory=dict)


def validate_rule(rule: Rule) -> str | None:
	"""Problem code of a rule's configuration, or None if it is usable.

	Codes: "unknown_type", "missing_amount", "missing_months", "missing_count", "bad_age_range"
	(no bound, a negative bound or min > max), "missing_gender", "missing_tag", "missing_days",
	"unknown_segment".
	"""
	kind = rule.rule_type
	if kind not in RULE_TYPES:
		return "unknown_type"
	if kind == MINIMUM_SPEND and not (rule.amount or 0) > 0:
		return "missing_amount"
	if kind in (MINIMUM_VISITS, MINIMUM_REFERRALS) and not (rule.count or 0) > 0:
		return "missing_count"
	if kind in WINDOWED_RULE_TYPES and not (rule.months or 0) > 0:
		return "missing_months"
	if kind == AGE_RANGE:
		bounds = [b for b in (rule.min_age, rule.max_age) if b is not None]
		if not bounds or any(b < 0 for b in bounds):
			return "bad_age_range"
		if rule.min_age is not None and rule.max_age is not None and rule.min_age > rule.max_age:
			return "bad_age_range"
	if kind == GENDER and not (rule.gender or "").strip():
		return "missing_gender"
	if kind == CUSTOMER_TAG and not (rule.tag or "").strip():
		return "missing_tag"
	if kind in (LAST_VISIT_MORE_THAN, LAST_VISIT_LESS_THAN) and not (rule.days or 0) > 0:
		return "missing_days"
	if kind == RFM_SEGMENT and (rule.segment or "").strip() not in SEGMENTS:
		return "unknown_segment"
	return None


def _window_figure(figures: dict, months: int, name: str) -> float:
	if months not in figures:
		raise EligibilityError("missing_fact", fact=name, months=months)
	return figures[months] or 0


def _check(rule: Rule, facts: CustomerFacts, today: date) -> Failure | None:
	kind = rule.rule_type

	def fail(code: str, **params: object) -> Failure:
		return Failure(kind, code, params)

	if kind == MINIMUM_SPEND:
		actual = to_decimal(_window_figure(facts.spend, rule.months, "spend"))
		if actual < to_decimal(rule.amount):
			return fail("spend_below", required=float(rule.amount), actual=float(actual), months=rule.months)
	elif kind == MINIMUM_VISITS:
		actual_visits = int(_window_figure(facts.visits, rule.months, "visits"))
		if actual_visits < rule.count:
			return fail("visits_below", required=rule.count, actual=actual_visits, months=rule.months)
	elif kind == AGE_RANGE:
		if facts.dob is None or facts.dob > today:
			return fail("no_birth_date")
		age = age_on(facts.dob, today)
		if rule.min_age is not None and age < rule.min_age:
			return fail("age_below", required=rule.min_age, actual=age)
		if rule.max_age is not None and age > rule.max_age:
			return fail("age_above", required=rule.max_age, actual=age)
	elif kind == GENDER:
		if (facts.gender or "").strip().casefold() != (rule.gender or "").strip().casefold():
			return fail("gender_mismatch", required=rule.gender, actual=facts.gender)
	elif kind == BIRTHDAY_MONTH:
		if facts.dob is None:
			return fail("no_birth_date")
		if facts.dob.month != today.month:
			return fail("not_birthday_month", month=today.month, actual=facts.dob.month)
	elif kind == ANNIVERSARY_MONTH:
		if facts.anniversary is None:
			return fail("no_anniversary")
		if facts.anniversary.month != today.month:
			return fail("not_anniversary_month", month=today.month, actual=facts.anniversary.month)
	elif kind == ACTIVE_CUSTOMER_DISCOUNT:
		if not facts.has_active_card:
			return fail("no_active_card")
	elif kind == MINIMUM_REFERRALS:
		if (facts.referrals or 0) < rule.count:
			return fail("referrals_below", required=rule.count, actual=facts.referrals or 0)
	elif kind == CUSTOMER_TAG:
		wanted = (rule.tag or "").strip().casefold()
		if wanted not in {t.strip().casefold() for t in facts.tags or ()}:
			return fail("tag_absent", tag=rule.tag)
	elif kind == RFM_SEGMENT:
		if facts.rfm_segment != rule.segment.strip():
			return fail("segment_mismatch", required=rule.segment.strip(), actual=facts.rfm_segment)
	elif kind in (LAST_VISIT_MORE_THAN, LAST_VISIT_LESS_THAN):
		if facts.last_visit is None:
			return fail("no_visit", days=rule.days)
		days_since = (today - facts.last_visit).days
		if kind == LAST_VISIT_MORE_THAN and not days_since > rule.days:
			return fail("visited_recently", days=rule.days, actual=days_since)
		if kind == LAST_VISIT_LESS_THAN and not days_since < rule.days:
			return fail("not_visited_recently", days=rule.days, actual=days_since)
	elif kind == NEVER_VISITED:
		if facts.last_visit is not None:
			return fail("visited", last_visit=facts.last_visit)
	return None


def evaluate(rules: list[Rule], facts: CustomerFacts, today: date) -> list[Failure]:
	"""Failures of `facts` against every rule (empty list = eligible), in rule order.

	A badly configured rule gives Failure(rule_type, "invalid_rule", {"problem": code}).
	Raises EligibilityError("missing_fact") if spend/visits lack a window the rules need.
	"""
	failures = []
	for rule in rules:
		problem = validate_rule(rule)
		failure = Failure(rule.rule_type, "invalid_rule", {"problem": problem}) if problem else None
		failure = failure or _check(rule, facts, today)
		if failure is not None:
			failures.append(failure)
	return failures


def window_starts(rules: list[Rule], today: date) -> dict[int, date]:
	"""{N: first day counted} of each "last N months" window the rules need (for `CustomerFacts.spend` and
	`visits`): rules.performance.period_start, so Special Plans and the performance figures count the same
	days. Intended as an inclusive lower bound: window_starts(...)[N] <= posting_date <= today."""
	months = {
		rule.months for rule in rules if rule.rule_type in WINDOWED_RULE_TYPES and (rule.months or 0) > 0
	}
	return {n: period_start(today, MONTHS, n) for n in sorted(months)}


# ---------------------------------------------------------------- set-based forms of the rules


def birth_date_bounds(rule: Rule, today: date) -> tuple[date | None, date]:
	"""Dates of birth meeting an Age Range rule on `today`: `born_after < dob <= born_on_or_before`.

	Returns (born_after, born_on_or_before); born_after is None without a maximum age. Same leap-day rule
	as `age_on`, so a query on these bounds selects exactly the people `evaluate` accepts.
	"""
	latest = add_months(today, -12 * rule.min_age) if rule.min_age else today
	earliest = add_months(today, -12 * (rule.max_age + 1)) if rule.max_age is not None else None
	return earliest, latest


def last_visit_cutoff(rule: Rule, today: date) -> date:
	"""The day N days before `today` for a last-visit rule: "more than N days ago" is a last visit before it,
	"less than N days ago" one after it (so a query on it selects exactly the customers `evaluate` accepts)."""
	return today - timedelta(days=rule.days)


def month_day_range(month: int) -> tuple[int, int]:
	"""Inclusive range of `month * 100 + day` keys (the indexed month-day columns) of one month."""
	return month * 100 + 1, month * 100 + 31


# ---------------------------------------------------------------- plans held together


def periods_overlap(start_a: date, end_a: date | None, start_b: date, end_b: date | None) -> bool:
	"""Whether two inclusive date ranges share a day; an open end (None) runs forever."""
	return (end_b is None or start_a <= end_b) and (end_a is None or start_b <= end_a)


def scopes_overlap(
	codes_a: set[str],
	groups_a: list[tuple[int, int]],
	codes_b: set[str],
	groups_b: list[tuple[int, int]],
	item_positions: dict[str, int],
) -> bool:
	"""Whether two plans can discount the same item.

	A scope is a set of item codes and a list of item groups as nested-set ranges (lft, rgt);
	`item_positions` maps item codes to the `lft` of their item group.
	"""
	if codes_a & codes_b:
		return True
	for lft_a, rgt_a in groups_a:
		for lft_b, rgt_b in groups_b:
			if lft_a <= lft_b <= rgt_a or lft_b <= lft_a <= rgt_b:
				return True
	for codes, groups in ((codes_a, groups_b), (codes_b, groups_a)):
		for code in codes:
			position = item_positions.get(code)
			if position is not None and any(lft <= position <= rgt for lft, rgt in groups):
				return True
	return False
