from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_crm.rules.performance import (
	FREQUENCY,
	LOST,
	MONETARY,
	NEW_CUSTOMERS,
	PERIODS,
	RECENCY,
	SCORED,
	SEGMENTS,
	average_bill,
	edge_positions,
	period_start,
	rfm_segment,
	score,
	score_edges,
	segment_index,
	segment_table,
	share_score,
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


values_lists = st.lists(st.integers(-1000, 1000), min_size=1, max_size=300)


class TestScores:
	"""R/F/M scores by shares of customers (see rules.performance): recency ties share the best score of their
	group, frequency and monetary ties the lowest."""

	@pytest.mark.parametrize("key", SCORED)
	def test_one_to_ten_are_quintiles(self, key):
		values = list(range(1, 11))
		assert [score(key, v, score_edges(key, values)) for v in values] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]

	def test_the_only_customer_is_recent_and_new(self):
		edges = {key: score_edges(key, [739000]) for key in SCORED}
		scores = tuple(score(key, 739000, edges[key]) for key in SCORED)
		assert scores == (5, 1, 1)
		assert rfm_segment(*scores) == NEW_CUSTOMERS

	def test_everyone_on_the_same_day_scores_recency_5(self):
		days = [739000] * 40
		assert {score(RECENCY, d, score_edges(RECENCY, days)) for d in days} == {5}

	def test_recency_ties_share_the_best_score_of_their_group(self):
		days = [100, 100, 100, 200]
		edges = score_edges(RECENCY, days)
		assert [score(RECENCY, d, edges) for d in (100, 200)] == [4, 5]  # 3 of 4 on or before day 100

	def test_one_time_customers_score_frequency_1(self):
		frequencies = [1] * 7 + [2, 5, 9]
		edges = score_edges(FREQUENCY, frequencies)
		assert [score(FREQUENCY, v, edges) for v in (1, 2, 5, 9)] == [1, 4, 5, 5]

	def test_equal_spend_shares_the_lowest_score_of_its_group(self):
		spend = [400] * 6 + [300, 1200, 2000, 5000]
		edges = score_edges(MONETARY, spend)
		assert [score(MONETARY, v, edges) for v in (300, 400, 1200, 2000, 5000)] == [1, 1, 4, 5, 5]

	@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 7, 10, 99, 100_000])
	@pytest.mark.parametrize("key", SCORED)
	def test_positions_are_four_and_inside(self, key, n):
		positions = edge_positions(key, n)
		assert len(positions) == 4 and positions == sorted(positions)
		assert all(0 <= i < n for i in positions)

	def test_no_values_no_edges(self):
		assert score_edges(RECENCY, []) == [] and edge_positions(MONETARY, 0) == []

	@pytest.mark.parametrize("call", [lambda: score("x", 1, [1, 2, 3, 4]), lambda: score(RECENCY, 1, [])])
	def test_bad_arguments(self, call):
		with pytest.raises(ValueError):
			call()

	@given(st.sampled_from(SCORED), values_lists, st.integers(-1100, 1100))
	def test_property_edges_give_the_share_definition(self, key, values, value):
		assert score(key, value, score_edges(key, values)) == share_score(key, value, values)

	@given(st.sampled_from(SCORED), values_lists, st.integers(-1100, 1100))
	def test_property_range_and_monotonic(self, key, values, value):
		edges = score_edges(key, values)
		assert 1 <= score(key, value, edges) <= score(key, value + 1, edges) <= 5

	@given(values_lists)
	def test_property_the_latest_visit_scores_5_and_is_never_lost(self, days):
		today = max(days)
		r = score(RECENCY, today, score_edges(RECENCY, days))
		assert r == 5
		assert all(rfm_segment(r, f, m) != LOST for f in range(1, 6) for m in range(1, 6))

	@given(st.sampled_from(SCORED), st.lists(st.integers(0, 10_000), min_size=5, max_size=300, unique=True))
	def test_property_distinct_values_spread_over_all_scores(self, key, values):
		edges = score_edges(key, values)
		assert {score(key, v, edges) for v in values} == {1, 2, 3, 4, 5}

	@given(st.sampled_from(SCORED), values_lists)
	def test_property_each_score_holds_at_most_its_fifth_plus_one_tie_group(self, key, values):
		"""No score takes more than a fifth of the customers except by a group of equal values."""
		edges = score_edges(key, values)
		for s in range(1, 6):
			holders = [v for v in values if score(key, v, edges) == s]
			largest_tie = max((values.count(v) for v in set(holders)), default=0)
			assert len(holders) <= len(values) / 5 + largest_tie


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
