from datetime import date
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from salon_crm.rules.cards import (
	ENTRY_TYPES,
	STATUSES,
	CardRuleError,
	Split,
	breakage,
	check_type_amounts,
	refund_amounts,
	round_money,
	split_redemption,
	split_return,
	status_after,
	suggested_value,
	valid_until,
)

# Amounts in cents, turned into 2-decimal floats the way Frappe stores currency.
cents = st.integers(min_value=1, max_value=10_000_000)


def money(c: int) -> float:
	return c / 100


def card_balances():
	"""(value, money) with 0 <= money <= value, value > 0."""
	return cents.flatmap(lambda v: st.tuples(st.just(v), st.integers(0, v))).map(
		lambda t: (money(t[0]), money(t[1]))
	)


class TestRoundMoney:
	@pytest.mark.parametrize(
		"x,expected",
		[
			(2.675, 2.68),  # float 2.675 is 2.67499999...; Decimal(str()) rounds as typed
			(1.005, 1.01),
			(0.125, 0.13),
			(0.135, 0.14),
			(2.5, 2.5),
			(1.004999, 1.0),
			(-2.675, -2.68),
			(0.1 + 0.2, 0.3),
			(None, 0.0),
			(0, 0.0),
			(Decimal("3.14159"), 3.14),
			("7.995", 8.0),
			(1e-7, 0.0),
		],
	)
	def test_half_up(self, x, expected):
		assert round_money(x) == expected

	def test_precision(self):
		assert round_money(2.5, 0) == 3.0
		assert round_money(3.5, 0) == 4.0
		assert round_money(1.0005, 3) == 1.001
		assert round_money(1234.5678, 1) == 1234.6

	def test_no_negative_zero(self):
		assert str(round_money(-0.001)) == "0.0"

	def test_returns_float(self):
		assert type(round_money(Decimal("1.5"))) is float


class TestCheckTypeAmounts:
	def test_ok(self):
		check_type_amounts(4000, 3500)

	@pytest.mark.parametrize(
		"value,price,code",
		[
			(0, 100, "value_not_positive"),
			(-1, 100, "value_not_positive"),
			(100, 0, "price_not_positive"),
			(100, -5, "price_not_positive"),
			(100, 100, "price_not_below_value"),
			(100, 150, "price_not_below_value"),
			(100.004, 100, "price_not_below_value"),  # equal once rounded to money
		],
	)
	def test_errors(self, value, price, code):
		with pytest.raises(CardRuleError) as info:
			check_type_amounts(value, price)
		assert info.value.code == code
		assert isinstance(info.value.params, dict)

	def test_error_params(self):
		with pytest.raises(CardRuleError) as info:
			check_type_amounts(100, 150)
		assert info.value.params == {"value": 100, "price": 150}


class TestSuggestedValue:
	def test_sum_times_multiplier(self):
		assert suggested_value([1000, 1500, 500], 1.2) == 3600.0

	def test_no_float_drift(self):
		assert suggested_value([0.1, 0.2], 3) == 0.9
		assert suggested_value([333.33] * 3, 1.5) == 1499.99  # 999.99 * 1.5 = 1499.985 -> half up

	def test_empty(self):
		assert suggested_value([], 2) == 0.0

	def test_precision(self):
		assert suggested_value([99.99], 1.1, precision=0) == 110.0

	def test_negative(self):
		with pytest.raises(CardRuleError) as info:
			suggested_value([100], -1)
		assert info.value.code == "negative"


class TestSplitRedemptionExamples:
	def test_member_c_single_use(self):
		split = split_redemption(4000, 3500, 400)
		assert split == Split(
			value_used=400.0, money_used=350.0, benefit=50.0, value_after=3600.0, money_after=3150.0
		)

	def test_member_c_sequence_ends_at_zero(self):
		value, money_left = 4000.0, 3500.0
		used = []
		for eligible in (400, 400, 3200):
			split = split_redemption(value, money_left, eligible)
			used.append((split.value_used, split.money_used, split.benefit))
			value, money_left = split.value_after, split.money_after
		assert used == [(400.0, 350.0, 50.0), (400.0, 350.0, 50.0), (3200.0, 2800.0, 400.0)]
		assert (value, money_left) == (0.0, 0.0)

	def test_eligible_above_balance_uses_whole_card(self):
		split = split_redemption(4000, 3500, 5000)
		assert (split.value_used, split.money_used, split.benefit) == (4000.0, 3500.0, 500.0)
		assert (split.value_after, split.money_after) == (0.0, 0.0)

	def test_requested_value_limits(self):
		split = split_redemption(4000, 3500, 1000, requested_value=200)
		assert (split.value_used, split.money_used) == (200.0, 175.0)

	def test_requested_value_above_eligible(self):
		split = split_redemption(4000, 3500, 1000, requested_value=2000)
		assert split.value_used == 1000.0

	def test_requested_zero(self):
		split = split_redemption(4000, 3500, 1000, requested_value=0)
		assert split == Split(0.0, 0.0, 0.0, 4000.0, 3500.0)

	def test_rounding_half_up(self):
		# 1 of value on a 3 / 1 card: money 1/3 = 0.333.. -> 0.33
		assert split_redemption(3, 1, 1).money_used == 0.33
		# 0.01 of value on a 2.00 / 1.00 card: 0.005 -> 0.01 (half up)
		assert split_redemption(2, 1, 0.01).money_used == 0.01
		# 0.03 on 2/1: 0.015 -> 0.02
		assert split_redemption(2, 1, 0.03).money_used == 0.02

	def test_emptying_takes_the_residue(self):
		value, money_left = 3.0, 1.0
		moneys = []
		for _ in range(3):
			split = split_redemption(value, money_left, 1)
			moneys.append(split.money_used)
			value, money_left = split.value_after, split.money_after
		# 1/3 = 0.333 -> 0.33; then 0.67/2 = 0.335 -> 0.34; the last takes the 0.33 left.
		assert moneys == [0.33, 0.34, 0.33]
		assert round_money(sum(moneys)) == 1.0
		assert (value, money_left) == (0.0, 0.0)

	def test_free_card(self):
		split = split_redemption(500, 0, 200)
		assert (split.money_used, split.benefit) == (0.0, 200.0)

	def test_precision_zero(self):
		split = split_redemption(3000, 1000, 1000, precision=0)
		assert split.money_used == 333.0

	def test_float_inputs_are_rounded_to_precision(self):
		split = split_redemption(0.1 + 0.2, 0.3, 1)
		assert (split.value_used, split.money_used, split.value_after) == (0.3, 0.3, 0.0)

	@pytest.mark.parametrize(
		"value,money_balance",
		[(0, 0), (-1, 0), (0, 10), (100, -1), (0.004, 0)],
	)
	def test_no_balance(self, value, money_balance):
		with pytest.raises(CardRuleError) as info:
			split_redemption(value, money_balance, 100)
		assert info.value.code == "no_balance"

	@pytest.mark.parametrize("eligible", [0, -5, 0.001])
	def test_nothing_eligible(self, eligible):
		with pytest.raises(CardRuleError) as info:
			split_redemption(100, 80, eligible)
		assert info.value.code == "nothing_eligible"

	def test_negative_request(self):
		with pytest.raises(CardRuleError) as info:
			split_redemption(100, 80, 50, requested_value=-1)
		assert info.value.code == "negative"


class TestSplitRedemptionProperties:
	@given(card_balances(), cents, st.one_of(st.none(), st.integers(0, 10_000_000)))
	def test_single_invariants(self, balances, eligible_c, requested_c):
		value, money_balance = balances
		requested = None if requested_c is None else money(requested_c)
		split = split_redemption(value, money_balance, money(eligible_c), requested_value=requested)
		assert 0 <= split.money_used <= money_balance
		assert 0 <= split.value_used <= min(value, money(eligible_c))
		if requested is not None:
			assert split.value_used <= requested
		assert split.money_used <= split.value_used
		assert split.value_after >= 0 and split.money_after >= 0
		assert split.benefit == round_money(split.value_used - split.money_used)
		assert split.benefit >= 0
		assert round_money(split.value_after + split.value_used) == value
		assert round_money(split.money_after + split.money_used) == money_balance
		if split.value_after == 0:
			assert split.money_after == 0
		# Proportional to within half a cent, except the emptying redemption.
		if split.value_after > 0:
			exact = Decimal(str(split.value_used)) * Decimal(str(money_balance)) / Decimal(str(value))
			assert abs(Decimal(str(split.money_used)) - exact) <= Decimal("0.005")

	@given(card_balances(), st.lists(cents, min_size=1, max_size=40))
	def test_full_consumption_ends_at_exactly_zero(self, balances, eligibles):
		value0, money0 = balances
		assume(sum(eligibles) >= round(value0 * 100))
		value, money_left = value0, money0
		total_value = total_money = Decimal(0)
		for eligible_c in eligibles:
			if value == 0:
				break
			split = split_redemption(value, money_left, money(eligible_c))
			assert 0 <= split.money_used <= money_left
			assert split.money_used <= split.value_used
			total_value += Decimal(str(split.value_used))
			total_money += Decimal(str(split.money_used))
			value, money_left = split.value_after, split.money_after
			assert value >= 0 and money_left >= 0
		assert (value, money_left) == (0.0, 0.0)
		assert total_value == Decimal(str(value0))
		assert total_money == Decimal(str(money0))

	@given(card_balances(), st.lists(st.integers(1, 100_000), min_size=1, max_size=30))
	def test_partial_sequences_never_overdraw(self, balances, requests):
		value, money_left = balances
		for request_c in requests:
			if value == 0:
				break
			split = split_redemption(value, money_left, 1_000_000_000, requested_value=money(request_c))
			assert 0 <= split.money_used <= money_left
			value, money_left = split.value_after, split.money_after
			assert 0 <= money_left <= value or (value == 0 and money_left == 0)


class TestSplitReturnExamples:
	# Invoice with 1000 eligible; the card paid 400 of value, 350 of money.
	def test_full_return(self):
		assert split_return(400, 350, 1000, 1000) == (400.0, 350.0)

	def test_over_return_is_capped(self):
		assert split_return(400, 350, 1000, 1500) == (400.0, 350.0)

	def test_half_return(self):
		assert split_return(400, 350, 1000, 500) == (200.0, 175.0)

	def test_nothing_returned(self):
		assert split_return(400, 350, 1000, 0) == (0.0, 0.0)

	def test_two_halves_restore_everything(self):
		first = split_return(400, 350, 1000, 500)
		second = split_return(400, 350, 1000, 500, *first, returned_eligible_so_far=500)
		assert first == (200.0, 175.0)
		assert second == (200.0, 175.0)

	def test_thirds_without_drift(self):
		restored_v = restored_m = 0.0
		returned = 0.0
		for _ in range(3):
			v, m = split_return(100, 70, 3, 1, restored_v, restored_m, returned_eligible_so_far=returned)
			restored_v, restored_m = round_money(restored_v + v), round_money(restored_m + m)
			returned += 1
		assert (restored_v, restored_m) == (100.0, 70.0)

	def test_thirds_without_history_cap_at_remainder(self):
		# Without returned_eligible_so_far each return stands alone: 33.33 each, never more than used.
		restored_v = restored_m = 0.0
		for _ in range(4):
			v, m = split_return(100, 70, 3, 1, restored_v, restored_m)
			restored_v, restored_m = round_money(restored_v + v), round_money(restored_m + m)
		assert restored_v <= 100 and restored_m <= 70
		assert (restored_v, restored_m) == (100.0, 70.0)  # the 4th return gets only the 0.01 left

	def test_never_more_than_used(self):
		assert split_return(400, 350, 1000, 800, 300, 260) == (100.0, 90.0)

	def test_already_fully_restored(self):
		assert split_return(400, 350, 1000, 200, 400, 350) == (0.0, 0.0)

	def test_rounding_half_up(self):
		# 0.01 of value used against 2 eligible; returning 1 -> 0.005 -> 0.01
		assert split_return(0.01, 0.01, 2, 1) == (0.01, 0.01)

	def test_negative(self):
		with pytest.raises(CardRuleError) as info:
			split_return(400, 350, 1000, -1)
		assert info.value.code == "negative"
		with pytest.raises(CardRuleError):
			split_return(400, 350, 1000, 10, returned_eligible_so_far=-1)

	def test_no_eligible(self):
		with pytest.raises(CardRuleError) as info:
			split_return(400, 350, 0, 10)
		assert info.value.code == "nothing_eligible"


class TestSplitReturnProperties:
	@given(
		cents.flatmap(lambda ue: st.tuples(st.just(ue), st.integers(1, ue))).flatmap(
			lambda t: st.tuples(st.just(t[0]), st.just(t[1]), st.integers(0, t[1]))
		),
		st.lists(st.integers(1, 10_000_000), min_size=1, max_size=20),
	)
	def test_cumulative_returns_restore_exactly(self, amounts, parts):
		eligible_c, value_c, money_c = amounts
		used_value, used_money, used_eligible = money(value_c), money(money_c), money(eligible_c)
		restored_v = restored_m = Decimal(0)
		returned = 0
		for part in parts:
			part = min(part, eligible_c - returned)
			if part <= 0:
				break
			v, m = split_return(
				used_value,
				used_money,
				used_eligible,
				money(part),
				float(restored_v),
				float(restored_m),
				returned_eligible_so_far=money(returned),
			)
			assert v >= 0 and m >= 0
			restored_v += Decimal(str(v))
			restored_m += Decimal(str(m))
			returned += part
			assert restored_v <= Decimal(str(used_value))
			assert restored_m <= Decimal(str(used_money))
			# Never drifts more than half a cent from the exact proportion.
			exact_v = Decimal(value_c) * returned / eligible_c / 100
			assert abs(restored_v - exact_v) <= Decimal("0.005")
		if returned == eligible_c:
			assert restored_v == Decimal(str(used_value))
			assert restored_m == Decimal(str(used_money))

	@given(
		cents.flatmap(lambda ue: st.tuples(st.just(ue), st.integers(1, ue))).flatmap(
			lambda t: st.tuples(st.just(t[0]), st.just(t[1]), st.integers(0, t[1]))
		),
		st.lists(st.integers(1, 10_000_000), min_size=1, max_size=20),
	)
	def test_independent_returns_never_exceed_used(self, amounts, parts):
		eligible_c, value_c, money_c = amounts
		restored_v = restored_m = Decimal(0)
		for part in parts:
			v, m = split_return(
				money(value_c),
				money(money_c),
				money(eligible_c),
				money(part),
				float(restored_v),
				float(restored_m),
			)
			restored_v += Decimal(str(v))
			restored_m += Decimal(str(m))
		assert restored_v <= Decimal(value_c) / 100
		assert restored_m <= Decimal(money_c) / 100


class TestTrivialHelpers:
	def test_breakage(self):
		assert breakage(3150.004) == 3150.0
		assert breakage(0) == 0.0

	def test_refund_amounts(self):
		assert refund_amounts(3600, 3150) == (3600.0, 3150.0)
		assert refund_amounts(0.125, 0.105) == (0.13, 0.11)


class TestStatusAfter:
	def status(self, value=100, money_balance=80, current="Active", docstatus=1):
		return status_after(current, value, money_balance, docstatus)

	def test_draft(self):
		assert self.status(docstatus=0) == "Draft"

	def test_cancelled(self):
		assert self.status(docstatus=2, current="Refunded") == "Cancelled"

	def test_active(self):
		assert self.status() == "Active"

	def test_consumed(self):
		assert self.status(value=0, money_balance=0) == "Consumed"
		assert self.status(value=0.001, money_balance=0) == "Consumed"

	def test_consumed_card_with_value_restored_is_active_again(self):
		assert self.status(current="Consumed") == "Active"

	def test_refunded_and_expired_are_kept(self):
		assert self.status(value=0, money_balance=0, current="Refunded") == "Refunded"
		assert self.status(current="Expired") == "Expired"

	def test_all_in_statuses(self):
		for docstatus in (0, 1, 2):
			for current in STATUSES:
				assert self.status(docstatus=docstatus, current=current) in STATUSES


class TestValidUntil:
	@pytest.mark.parametrize(
		"start,months,expected",
		[
			(date(2024, 1, 1), 12, date(2024, 12, 31)),
			(date(2024, 1, 15), 1, date(2024, 2, 14)),
			(date(2023, 8, 31), 6, date(2024, 2, 28)),  # 29 Feb 2024 (clamped) - 1 day
			(date(2024, 8, 31), 6, date(2025, 2, 27)),  # 28 Feb 2025 (clamped) - 1 day
			(date(2024, 2, 29), 12, date(2025, 2, 27)),
			(date(2024, 3, 1), 12, date(2025, 2, 28)),
			(date(2024, 12, 31), 1, date(2025, 1, 30)),
			(date(2024, 12, 1), 1, date(2024, 12, 31)),
		],
	)
	def test_examples(self, start, months, expected):
		assert valid_until(start, months) == expected

	@pytest.mark.parametrize("months", [0, -1])
	def test_months_not_positive(self, months):
		with pytest.raises(CardRuleError) as info:
			valid_until(date(2024, 1, 1), months)
		assert info.value.code == "months_not_positive"


def test_the_card_ledger_accepts_exactly_the_entry_types_the_rules_list():
	import json
	from pathlib import Path

	doctype = Path(__file__).resolve().parents[2] / (
		"salon_crm/salon_crm/doctype/customer_discount_entry/customer_discount_entry.json"
	)
	field = next(f for f in json.loads(doctype.read_text())["fields"] if f["fieldname"] == "entry_type")
	assert sorted(field["options"].split("\n")) == sorted(ENTRY_TYPES)
