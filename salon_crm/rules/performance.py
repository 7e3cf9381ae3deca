"""Customer value figures: income periods, R/F/M scores and segments, average bill."""

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from salon_crm.rules.cards import round_money
from salon_crm.rules.dates import add_months

DAYS, MONTHS, YEARS = "days", "months", "years"

PERIODS: dict[str, tuple[str, str, int]] = {
	"income_7_days": ("Income (7 Days)", DAYS, 7),
	"income_30_days": ("Income (30 Days)", DAYS, 30),
	"income_6_months": ("Income (6 Months)", MONTHS, 6),
	"income_1_year": ("Income (1 Year)", YEARS, 1),
}
"""fieldname -> (label, kind, n), in display order."""


def period_start(today: date, kind: str, n: int) -> date:
	"""First day counted in the last `n` days/months/years ending with `today` (inclusive).

	7 days = today and the 6 days before; 6 months on 15 Aug = 16 Feb .. 15 Aug (month-end clamped);
	1 year on 29 Feb 2024 = 1 Mar 2023 .. 29 Feb 2024.
	"""
	if n < 1:
		raise ValueError("n must be >= 1")
	if kind == DAYS:
		return today - timedelta(days=n - 1)
	if kind == MONTHS:
		return add_months(today, -n) + timedelta(days=1)
	if kind == YEARS:
		return add_months(today, -12 * n) + timedelta(days=1)
	raise ValueError(f"unknown period kind {kind!r}")


# ---------------------------------------------------------------- R/F/M scores
# Each score (1..5) says which fifth of the customers with a visit a customer reaches, counting shares of
# customers rather than cutting the sorted values at interpolated quintiles (which collapse when there are
# few customers or many equal values, and then scored everyone 1):
# - Recency (the day of the last visit, later is better): 5 x the share of customers whose last visit is on or
#   before the customer's, rounded up. Equal days share the best score of their group, so everyone who came
#   on the latest day scores 5 - the only customer, or a whole opening day's customers, included - and a
#   customer who visited today is never "Lost".
# - Frequency (visits) and monetary value (lifetime income): 1 + 5 x the share of customers strictly below,
#   rounded down. Equal values share the lowest score of their group: a crowd of one-visit customers scores
#   1, not the 3 or 4 their share of the base would give, and the only customer scores 1 (with R 5: "New
#   Customers").
# With many distinct values both are the usual quintiles. Both are step functions of the value, so they are
# computed as 4 edges read at fixed positions of the sorted values (edge_positions) and compared with the
# value (score): the database ranks the values and reads only those few.

RECENCY, FREQUENCY, MONETARY = "r", "f", "m"
SCORED = (RECENCY, FREQUENCY, MONETARY)
TIES_SCORE_HIGH = frozenset({RECENCY})
"""The scores whose equal values share the best score of their group (the others share the lowest)."""
STEPS = (1, 2, 3, 4)


def _check_key(key: str) -> None:
	if key not in SCORED:
		raise ValueError(f"unknown score {key!r}")


def edge_positions(key: str, n: int) -> list[int]:
	"""0-based positions, in n ascending values, of the 4 edges of score `key` ([] if n is 0).

	Recency: score >= k+1 when at least floor(k n / 5) + 1 values are <= the value, i.e. value >= the value at
	position floor(k n / 5). Frequency/monetary: score >= k+1 when at least ceil(k n / 5) values are < the
	value, i.e. value > the value at position ceil(k n / 5) - 1."""
	_check_key(key)
	if n <= 0:
		return []
	if key in TIES_SCORE_HIGH:
		return [k * n // 5 for k in STEPS]
	return [-(-k * n // 5) - 1 for k in STEPS]


def score_edges(key: str, values: Sequence[float]) -> list[float]:
	"""The 4 edges of score `key` over these values (any order); [] if there are none."""
	ordered = sorted(values)
	return [ordered[i] for i in edge_positions(key, len(ordered))]


def score(key: str, value: float, edges: Sequence[float]) -> int:
	"""Score 1..5 of `value` against the edges of score `key` (higher values score higher: a later last
	visit, more visits, more income)."""
	_check_key(key)
	if len(edges) != 4:
		raise ValueError("need 4 edges")
	if key in TIES_SCORE_HIGH:
		return 1 + sum(value >= edge for edge in edges)
	return 1 + sum(value > edge for edge in edges)


def share_score(key: str, value: float, values: Sequence[float]) -> int:
	"""The score by its definition (shares of customers), in O(n): what score(key, value, score_edges(key,
	values)) computes with 4 comparisons."""
	_check_key(key)
	n = len(values)
	if not n:
		raise ValueError("no values")
	if key in TIES_SCORE_HIGH:
		at_or_below = sum(v <= value for v in values)
		return max(1, -(-5 * at_or_below // n))
	below = sum(v < value for v in values)
	return min(5, 1 + 5 * below // n)


def segment_index(r: int, f: int, m: int) -> int:
	"""1-based index of (r, f, m) in segment_table(): how SQL's ELT() picks a segment."""
	return (r - 1) * 25 + (f - 1) * 5 + m


def segment_table() -> list[str]:
	"""rfm_segment() of every (r, f, m), in segment_index() order."""
	return [rfm_segment(r, f, m) for r in range(1, 6) for f in range(1, 6) for m in range(1, 6)]


# Classic RFM map keyed on R and FM = average of F and M rounded half up, both 1..5:
#   R 5, FM 4-5 Champions | R 3-4, FM 4-5 Loyal Customers | R 4-5, FM 2-3 Potential Loyalists
#   R 5, FM 1 New Customers | R 4, FM 1 Promising | R 3, FM 3 Need Attention | R 3, FM 1-2 About To Sleep
#   R 1-2, FM 5 Cannot Lose Them | R 1-2, FM 3-4 At Risk | R 1-2, FM 1-2 Hibernating, except R 1, FM 1 Lost
CHAMPIONS = "Champions"
LOYAL_CUSTOMERS = "Loyal Customers"
POTENTIAL_LOYALISTS = "Potential Loyalists"
NEW_CUSTOMERS = "New Customers"
PROMISING = "Promising"
NEED_ATTENTION = "Need Attention"
ABOUT_TO_SLEEP = "About To Sleep"
AT_RISK = "At Risk"
CANNOT_LOSE_THEM = "Cannot Lose Them"
HIBERNATING = "Hibernating"
LOST = "Lost"
SEGMENTS = (
	CHAMPIONS,
	LOYAL_CUSTOMERS,
	POTENTIAL_LOYALISTS,
	NEW_CUSTOMERS,
	PROMISING,
	NEED_ATTENTION,
	ABOUT_TO_SLEEP,
	AT_RISK,
	CANNOT_LOSE_THEM,
	HIBERNATING,
	LOST,
)


def rfm_segment(r: int, f: int, m: int) -> str:
	"""Segment name for recency/frequency/monetary scores 1..5 (see the map above)."""
	if not all(isinstance(s, int) and 1 <= s <= 5 for s in (r, f, m)):
		raise ValueError("scores must be integers 1..5")
	fm = int((Decimal(f + m) / 2).quantize(Decimal(1), rounding=ROUND_HALF_UP))
	if r <= 2:
		if fm == 5:
			return CANNOT_LOSE_THEM
		if fm >= 3:
			return AT_RISK
		return LOST if r == 1 and fm == 1 else HIBERNATING
	if r == 3:
		if fm >= 4:
			return LOYAL_CUSTOMERS
		return NEED_ATTENTION if fm == 3 else ABOUT_TO_SLEEP
	if fm >= 4:
		return CHAMPIONS if r == 5 else LOYAL_CUSTOMERS
	if fm >= 2:
		return POTENTIAL_LOYALISTS
	return NEW_CUSTOMERS if r == 5 else PROMISING


def average_bill(income: float, visits: int, precision: int = 2) -> float:
	"""income / visits rounded half-up; 0.0 when there are no visits."""
	if not visits or visits <= 0:
		return 0.0
	return round_money(Decimal(str(income or 0)) / Decimal(visits), precision)
