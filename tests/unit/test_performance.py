from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_crm.rules.performance import (
	PERIODS,
	SEGMENTS,
	average_bill,
	edges_from_positions,
	period_start,
	quintile_edges,
	quintile_positions,
	rfm_segment,
	score,
	segment_index,
	segment_table,
)


class TestPeriods:
	def test_order_and_content(self):
		assert list(PERIODS) == ["income_7_days", "income_30_days", "income_6_months", "income_1_year"]
		assert [kind_n[1:] for kind_n in PERIODS.values()] == [
			("days", 7),
			("days", 30),
			("months", 6),
			("years", 1),
		]
		assert all(label for label, _, _ in PERIODS.values())

	@pytest.mark.parametrize(
		"today,kind,n,expected",
		[
			(date(2024, 6, 15), "days", 7, date(2024, 6, 9)),
			(date(2024, 6, 15), "days", 1, date(2024, 6, 15)),
			(date(2024, 1, 3), "days", 7, date(2023, 12, 28)),
			(date(2024, 3, 1), "days", 7, date(2024, 2, 24)),
			(date(2024, 3, 1), "days", 30, date(2024, 2, 1)),  # leap February has 29 days
			(date(2024, 6, 15), "months", 6, date(2023, 12, 16)),
			(date(2024, 8, 31), "months", 6, date(2024, 3, 1)),  # 29 Feb + 1
			(date(2025, 8, 31), "months", 6, date(2025, 3, 1)),  # 28 Feb + 1
			(date(2024, 12, 31), "years", 1, date(2024, 1, 1)),
			(date(2024, 2, 29), "years", 1, date(2023, 3, 1)),
			(date(2025, 1, 1), "years", 1, date(2024, 1, 2)),
		],
	)
	def test_period_start(self, today, kind, n, expected):
		assert period_start(today, kind, n) == expected

	def test_every_period_resolves(self):
		for _label, kind, n in PERIODS.values():
			assert period_start(date(2024, 6, 15), kind, n) <= date(2024, 6, 15)

	def test_days_window_length(self):
		today = date(2024, 6, 15)
		assert (today - period_start(today, "days", 30)).days + 1 == 30

	@pytest.mark.parametrize("kind,n", [("weeks", 1), ("days", 0), ("months", -1)])
	def test_bad_arguments(self, kind, n):
		with pytest.raises(ValueError):
			period_start(date(2024, 6, 15), kind, n)


class TestQuintiles:
	def test_one_to_ten(self):
		assert quintile_edges([float(v) for v in range(1, 11)]) == pytest.approx([2.8, 4.6, 6.4, 8.2])

	def test_unsorted_input(self):
		assert quintile_edges([5, 1, 4, 2, 3]) == pytest.approx([1.8, 2.6, 3.4, 4.2])

	def test_single_value(self):
		assert quintile_edges([7.0]) == [7.0, 7.0, 7.0, 7.0]

	def test_empty(self):
		assert quintile_edges([]) == []

	@pytest.mark.parametrize("n,expected", [(1, [0]), (2, [0, 1]), (5, [0, 1, 2, 3, 4]), (100_000, None)])
	def test_positions_are_the_few_values_needed(self, n, expected):
		positions = quintile_positions(n)
		if expected is not None:
			assert positions == expected
		assert len(positions) <= 8 and all(0 <= i < n for i in positions)

	@given(st.lists(st.floats(-1e9, 1e9, allow_nan=False), min_size=1, max_size=300))
	def test_property_edges_from_positions_need_only_those_values(self, values):
		ordered = sorted(values)
		positions = quintile_positions(len(ordered))
		edges = edges_from_positions(len(ordered), {i: ordered[i] for i in positions})
		assert edges == quintile_edges(values)

	def test_ties(self):
		assert quintile_edges([1, 1, 1, 1, 1, 1, 1, 2, 5, 9]) == pytest.approx([1, 1, 1, 2.6])

	@given(st.lists(st.floats(-1e9, 1e9, allow_nan=False), min_size=1, max_size=200))
	def test_property_edges_sorted_within_range(self, values):
		edges = quintile_edges(values)
		assert len(edges) == 4
		assert edges == sorted(edges)
		assert min(values) <= edges[0] and edges[-1] <= max(values)


class TestScore:
	edges = (10.0, 20.0, 30.0, 40.0)

	@pytest.mark.parametrize(
		"value,expected",
		[(0, 1), (10, 1), (10.01, 2), (20, 2), (25, 3), (30, 3), (35, 4), (40, 4), (40.5, 5), (1e9, 5)],
	)
	def test_higher_is_better(self, value, expected):
		assert score(value, self.edges) == expected

	def test_one_time_customers_all_score_low(self):
		frequencies = [1] * 7 + [2, 5, 9]
		edges = quintile_edges(frequencies)
		assert score(1, edges) == 1
		assert score(9, edges) == 5

	def test_wrong_edges(self):
		with pytest.raises(ValueError):
			score(1, [])

	@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=100), st.floats(0, 1e6))
	def test_property_range_and_monotonic(self, values, value):
		edges = quintile_edges(values)
		s = score(value, edges)
		assert 1 <= s <= 5
		assert score(value + 1, edges) >= s

	@given(st.lists(st.integers(0, 1000), min_size=20, max_size=200, unique=True))
	def test_property_distinct_values_spread_over_all_scores(self, values):
		edges = quintile_edges(values)
		assert {score(v, edges) for v in values} == {1, 2, 3, 4, 5}


class TestRfmSegment:
	@pytest.mark.parametrize(
		"r,f,m,segment",
		[
			(5, 5, 5, "Champions"),
			(5, 4, 4, "Champions"),
			(4, 5, 5, "Loyal Customers"),
			(3, 4, 5, "Loyal Customers"),
			(5, 3, 2, "Potential Loyalists"),
			(4, 2, 2, "Potential Loyalists"),
			(5, 1, 1, "New Customers"),
			(4, 1, 1, "Promising"),
			(3, 3, 3, "Need Attention"),
			(3, 2, 1, "About To Sleep"),
			(3, 1, 1, "About To Sleep"),
			(2, 3, 3, "At Risk"),
			(1, 4, 3, "At Risk"),
			(1, 5, 5, "Cannot Lose Them"),
			(2, 5, 4, "Cannot Lose Them"),  # FM = 4.5 -> 5 (half up)
			(2, 2, 2, "Hibernating"),
			(2, 1, 1, "Hibernating"),
			(1, 2, 2, "Hibernating"),
			(1, 1, 1, "Lost"),
			(1, 1, 2, "Hibernating"),  # FM = 1.5 -> 2
		],
	)
	def test_examples(self, r, f, m, segment):
		assert rfm_segment(r, f, m) == segment

	def test_every_combination_has_a_segment(self):
		seen = {rfm_segment(r, f, m) for r in range(1, 6) for f in range(1, 6) for m in range(1, 6)}
		assert seen == set(SEGMENTS)
		assert len(SEGMENTS) == 11

	def test_segment_table_is_indexed_like_elt(self):
		table = segment_table()
		assert len(table) == 125
		for r in range(1, 6):
			for f in range(1, 6):
				for m in range(1, 6):
					assert table[segment_index(r, f, m) - 1] == rfm_segment(r, f, m)

	def test_more_recent_is_never_worse_for_champions(self):
		assert rfm_segment(5, 5, 5) == "Champions"
		assert rfm_segment(1, 5, 5) != "Champions"

	@pytest.mark.parametrize("scores", [(0, 3, 3), (3, 6, 3), (3, 3, -1), (3.5, 3, 3)])
	def test_out_of_range(self, scores):
		with pytest.raises(ValueError):
			rfm_segment(*scores)


class TestAverageBill:
	def test_average(self):
		assert average_bill(3000, 4) == 750.0

	def test_rounding_half_up(self):
		assert average_bill(100, 3) == 33.33
		assert average_bill(0.05, 2) == 0.03  # 0.025 -> 0.03
		assert average_bill(200, 3) == 66.67

	@pytest.mark.parametrize("visits", [0, None, -1])
	def test_no_visits(self, visits):
		assert average_bill(5000, visits) == 0.0

	def test_no_income(self):
		assert average_bill(None, 3) == 0.0
