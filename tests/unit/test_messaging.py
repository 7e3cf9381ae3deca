from datetime import timedelta

import pytest

from salon_crm.rules.messaging import (
	DISABLED,
	DO_NOT_CONTACT,
	EMAIL,
	GREETING,
	MARKETING,
	RESTRICTED_EMAIL,
	RESTRICTED_SMS,
	SMS,
	FailureStreak,
	pause_after_trips,
	refusal,
	retry_delay,
)


def refused(channel, purpose, restrictions=(), disabled=False, do_not_contact=False):
	return refusal(
		channel, purpose, disabled=disabled, do_not_contact=do_not_contact, restrictions=restrictions
	)


def test_a_promotions_restriction_refuses_marketing_but_not_greetings():
	rows = [("SMS", "Promotions")]
	assert refused(SMS, MARKETING, rows) == RESTRICTED_SMS
	assert refused(SMS, GREETING, rows) is None
	assert refused(EMAIL, MARKETING, rows) is None


def test_a_greetings_restriction_refuses_greetings_but_not_marketing():
	rows = [("Email", "Greetings")]
	assert refused(EMAIL, GREETING, rows) == RESTRICTED_EMAIL
	assert refused(EMAIL, MARKETING, rows) is None


def test_all_purposes_and_do_not_contact_and_disabled_refuse_every_purpose():
	for purpose in (GREETING, MARKETING):
		assert refused(SMS, purpose, [("All Channels", "All Purposes")]) == RESTRICTED_SMS
		assert refused(EMAIL, purpose, do_not_contact=True) == DO_NOT_CONTACT
		assert refused(SMS, purpose, disabled=True, do_not_contact=True) == DISABLED


def test_unknown_channel_or_purpose_is_an_error():
	with pytest.raises(ValueError):
		refused("Pigeon", GREETING)
	with pytest.raises(ValueError):
		refused(SMS, "Gossip")


def test_retry_waits_double_each_time_up_to_an_hour():
	assert [retry_delay(n) for n in range(1, 7)] == [
		timedelta(minutes=5),
		timedelta(minutes=10),
		timedelta(minutes=20),
		timedelta(minutes=40),
		timedelta(hours=1),
		timedelta(hours=1),
	]
	assert retry_delay(0) == timedelta(minutes=5)
	assert retry_delay(10_000) == timedelta(hours=1)


def test_a_channel_pauses_longer_each_trip_in_a_row_up_to_an_hour():
	assert [pause_after_trips(n) for n in (1, 2, 3, 4, 5, 50)] == [
		timedelta(minutes=5),
		timedelta(minutes=10),
		timedelta(minutes=20),
		timedelta(minutes=40),
		timedelta(hours=1),
		timedelta(hours=1),
	]


def test_a_streak_trips_at_the_limit_of_failures_in_a_row():
	streak = FailureStreak(3)
	assert [streak.record(False) for _ in range(3)] == [False, False, True]
	assert streak.record(True) is True  # stays tripped: the batch stops using the channel
	assert streak.succeeded


def test_a_success_starts_the_count_again():
	streak = FailureStreak(3)
	for ok in (False, False, True, False, False):
		streak.record(ok)
	assert (streak.tripped, streak.count) == (False, 2)


def test_a_limit_below_one_counts_as_one():
	streak = FailureStreak(0)
	assert streak.record(False) is True
