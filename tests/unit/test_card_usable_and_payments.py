"""The usable-card rule, the eligible amount of a cart and the payments of a till sale paid partly by card."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_crm.rules.cards import (
	ACTIVE,
	NOT_ACTIVE,
	NOT_YET_VALID,
	PAST_VALIDITY,
	STATUSES,
	Line,
	card_overpays,
	eligible_amount,
	rest_after_card,
	unusable_reason,
)

FROM, UNTIL = date(2026, 1, 1), date(2026, 6, 30)


class TestUnusableReason:
	def reason(self, on, status=ACTIVE, docstatus=1, valid_from=FROM, valid_until=UNTIL):
		return unusable_reason(docstatus, status, valid_from, valid_until, on)

	@pytest.mark.parametrize("on", [FROM, date(2026, 3, 15), UNTIL])
	def test_an_active_card_pays_on_every_day_of_its_validity_bounds_included(self, on):
		assert self.reason(on) is None

	def test_the_day_after_the_last_valid_day_is_past_validity(self):
		assert self.reason(date(2026, 7, 1)) == PAST_VALIDITY

	def test_the_day_before_the_first_valid_day_is_not_yet_valid(self):
		assert self.reason(date(2025, 12, 31)) == NOT_YET_VALID

	@pytest.mark.parametrize("status", [s for s in STATUSES if s != ACTIVE])
	def test_every_other_status_is_not_active_even_within_validity(self, status):
		assert self.reason(date(2026, 3, 15), status=status) == NOT_ACTIVE

	@pytest.mark.parametrize("docstatus", [0, 2])
	def test_a_draft_or_cancelled_card_is_not_active(self, docstatus):
		assert self.reason(date(2026, 3, 15), docstatus=docstatus) == NOT_ACTIVE

	def test_empty_bounds_are_open(self):
		assert self.reason(date(2099, 1, 1), valid_from=None, valid_until=None) is None


class TestEligibleAmount:
	LINES = [
		Line("SVC-HAIRCUT", 400),
		Line("SVC-FACIAL", 1200),
		Line("PRD-SHAMPOO", 300, is_stock=True),
		Line("CARD-MEMBER-C", 3500, is_card=True),
	]

	def test_without_a_service_list_every_service_counts_but_products_and_cards_do_not(self):
		assert eligible_amount(self.LINES) == 1600

	def test_with_a_service_list_only_those_services_count(self):
		assert eligible_amount(self.LINES, covered={"SVC-FACIAL"}) == 1200

	def test_a_listed_product_counts(self):
		assert eligible_amount(self.LINES, covered={"PRD-SHAMPOO"}) == 300

	def test_a_card_line_never_counts_even_when_listed(self):
		assert eligible_amount(self.LINES, covered={"CARD-MEMBER-C"}) == 0

	def test_a_return_gives_the_same_figure(self):
		returned = [Line(line.item_code, -line.amount, line.is_card, line.is_stock) for line in self.LINES]
		assert eligible_amount(returned) == eligible_amount(self.LINES)

	def test_rounded_half_up_to_the_precision(self):
		assert eligible_amount([Line("A", 0.125), Line("B", 0.0)]) == 0.13


class TestRestAfterCard:
	def test_a_sale(self):
		assert rest_after_card(525, 350) == 175

	def test_never_below_zero(self):
		assert rest_after_card(350, 350) == 0
		assert rest_after_card(300, 350) == 0

	def test_a_return_is_negative_and_never_above_zero(self):
		assert rest_after_card(-525, -350) == -175
		assert rest_after_card(-350, -350) == 0


class TestCardOverpays:
	def test_the_pre_filled_cash_line_of_the_whole_total_beside_the_card_is_refused(self):
		# the till: 525 due, card 600, cash pre-filled 525 -> 600 "change"
		assert card_overpays(due=525, card_money=600, other_payments=525)

	def test_cash_for_the_rest_is_fine(self):
		assert not card_overpays(due=525, card_money=350, other_payments=175)

	def test_a_note_above_the_rest_gives_change_from_the_cash(self):
		assert not card_overpays(due=525, card_money=350, other_payments=200)

	def test_without_the_card_anything_goes(self):
		assert not card_overpays(due=525, card_money=0, other_payments=1000)

	@given(
		due=st.integers(1, 10**7).map(lambda c: c / 100),
		share=st.floats(0.01, 1),
		others=st.integers(0, 10**7).map(lambda c: c / 100),
	)
	def test_refused_exactly_when_the_other_payments_alone_pay_everything(self, due, share, others):
		card = round(due * share, 2)
		if card <= 0:
			return
		assert card_overpays(due, card, others) == (others >= due)
