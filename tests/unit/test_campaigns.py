from datetime import date

import pytest

from salon_crm.rules import templates
from salon_crm.rules.campaigns import (
	DAILY,
	MONTHLY,
	SMS_THEN_EMAIL,
	VARIABLES,
	WEEKLY,
	capped,
	channels_for,
	dedupe_key,
	held_out,
	recurring_due,
	sample_context,
)


def test_the_holdout_takes_about_its_share_of_a_large_audience():
	names = [f"SC-{i:05d}" for i in range(10_000)]
	share = sum(held_out("We miss you", n, 10) for n in names) / len(names)
	assert 0.085 < share < 0.115


def test_the_holdout_is_the_same_customers_on_every_run_and_differs_by_campaign():
	names = [f"SC-{i:05d}" for i in range(500)]
	first = {n for n in names if held_out("A", n, 20)}
	assert first == {n for n in names if held_out("A", n, 20)}
	assert first != {n for n in names if held_out("B", n, 20)}


def test_no_holdout_and_full_holdout():
	assert not held_out("A", "SC-1", 0)
	assert not held_out("A", "SC-1", None)
	assert held_out("A", "SC-1", 100)


def test_the_cap_applies_at_the_limit_and_zero_means_none():
	assert not capped(3, 4)
	assert capped(4, 4)
	assert not capped(100, 0)


@pytest.mark.parametrize(
	"frequency,last,today,due",
	[
		(DAILY, None, date(2025, 3, 14), True),
		(DAILY, date(2025, 3, 14), date(2025, 3, 14), False),
		(DAILY, date(2025, 3, 13), date(2025, 3, 14), True),
		(WEEKLY, date(2025, 3, 8), date(2025, 3, 14), False),
		(WEEKLY, date(2025, 3, 7), date(2025, 3, 14), True),
		(MONTHLY, date(2025, 3, 1), date(2025, 3, 31), False),
		(MONTHLY, date(2025, 2, 28), date(2025, 3, 1), True),
		(MONTHLY, date(2024, 12, 31), date(2025, 1, 1), True),
	],
)
def test_recurring_runs(frequency, last, today, due):
	assert recurring_due(frequency, last, today) is due


def test_channel_choices():
	assert channels_for("SMS") == ("SMS",)
	assert channels_for(SMS_THEN_EMAIL) == ("SMS", "Email")
	with pytest.raises(ValueError):
		channels_for("Pigeon")


def test_one_message_per_campaign_customer_day_and_channel():
	day = date(2025, 3, 14)
	key = dedupe_key("C", "SC-1", day, "SMS")
	assert key == dedupe_key("C", "SC-1", day, "SMS")
	assert len({key, dedupe_key("C", "SC-1", day, "Email"), dedupe_key("C", "SC-2", day, "SMS")}) == 3
	assert key != dedupe_key("C", "SC-1", date(2025, 3, 15), "SMS")


def test_the_sample_context_has_exactly_the_documented_variables():
	assert set(sample_context()) == VARIABLES
	assert (
		templates.render("{{ offer }} {{ coupon_code }}", sample_context()) == "20% off any facial WELCOME20"
	)
