"""Customer value figures: income periods, RFM scoring and segments, average bill."""

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


QUINTILES = (1, 2, 3, 4)


def quintile_positions(n: int) -> list[int]:
	"""The 0-based positions in n sorted values that the quintile edges interpolate between."""
	positions: set[int] = set()
	if n <= 0:
		return []
	for step in QUINTILES:
		low = step * (n - 1) // 5
		positions.update((low, min(low + 1, n - 1)))
	return sorted(positions)


def edges_from_positions(n: int, value_at: dict[int, float]) -> list[float]:
	"""The 20th/40th/60th/80th percentiles (linear interpolation, like numpy's default) of n sorted values,
	given the values at quintile_positions(n); [] if n is 0."""
	if n <= 0:
		return []
	edges = []
	for step in QUINTILES:
		position = step * (n - 1) / 5
		low = int(position)
		high = min(low + 1, n - 1)
		fraction = position - low
		edges.append(value_at[low] + (value_at[high] - value_at[low]) * fraction)
	return edges


def quintile_edges(values: list[float]) -> list[float]:
	"""The 20th/40th/60th/80th percentiles (linear interpolation, like numpy's default); [] if empty."""
	ordered = sorted(values)
	return edges_from_positions(len(ordered), {i: ordered[i] for i in quintile_positions(len(ordered))})


def score(value: float, edges: Sequence[float]) -> int:
	"""Quintile score 1..5: buckets (-inf, e1], (e1, e2], (e2, e3], (e3, e4], (e4, inf) score 1..5 (higher
	values score higher: a recent last visit, many visits, much income)."""
	if len(edges) != 4:
		raise ValueError("need 4 edges")
	return 1 + sum(value > edge for edge in edges)


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
