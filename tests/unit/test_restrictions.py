import pytest

from salon_crm.rules.restrictions import (
	ALL_CHANNELS,
	ALL_PURPOSES,
	CHANNELS,
	EMAIL,
	GREETINGS,
	PHONE_CALL,
	PROMOTIONS,
	PURPOSES,
	SERVICE_MESSAGES,
	SMS,
	WHATSAPP,
	is_allowed,
)


def test_no_restrictions_allows_everything():
	for channel in CHANNELS:
		for purpose in PURPOSES:
			assert is_allowed([], False, channel, purpose)


def test_do_not_contact_blocks_everything():
	for channel in CHANNELS:
		for purpose in PURPOSES:
			assert not is_allowed([], True, channel, purpose)


def test_exact_row_blocks_only_that_channel_and_purpose():
	rows = [(SMS, GREETINGS)]
	assert not is_allowed(rows, False, SMS, GREETINGS)
	assert is_allowed(rows, False, EMAIL, GREETINGS)
	assert is_allowed(rows, False, SMS, PROMOTIONS)
	assert is_allowed(rows, False, SMS, SERVICE_MESSAGES)


def test_all_channels_wildcard():
	rows = [(ALL_CHANNELS, GREETINGS)]
	for channel in CHANNELS:
		assert not is_allowed(rows, False, channel, GREETINGS)
		assert is_allowed(rows, False, channel, PROMOTIONS)


def test_all_purposes_wildcard():
	rows = [(EMAIL, ALL_PURPOSES)]
	for purpose in PURPOSES:
		assert not is_allowed(rows, False, EMAIL, purpose)
		assert is_allowed(rows, False, SMS, purpose)


def test_both_wildcards_block_everything():
	rows = [(ALL_CHANNELS, ALL_PURPOSES)]
	for channel in CHANNELS:
		for purpose in PURPOSES:
			assert not is_allowed(rows, False, channel, purpose)


def test_case_and_spaces_are_ignored():
	assert not is_allowed([(" sms ", "greetings")], False, SMS, GREETINGS)
	assert not is_allowed([("all  channels", "ALL PURPOSES")], False, WHATSAPP, PROMOTIONS)


@pytest.mark.parametrize("row", [(None, GREETINGS), (SMS, None), ("", ""), (" ", GREETINGS)])
def test_incomplete_rows_restrict_nothing(row):
	assert is_allowed([row], False, SMS, GREETINGS)


def test_other_rows_do_not_leak():
	rows = [(WHATSAPP, GREETINGS), (PHONE_CALL, ALL_PURPOSES), (SMS, PROMOTIONS)]
	assert is_allowed(rows, False, SMS, GREETINGS)
	assert is_allowed(rows, False, EMAIL, GREETINGS)
	assert not is_allowed(rows, False, WHATSAPP, GREETINGS)
	assert not is_allowed(rows, False, PHONE_CALL, SERVICE_MESSAGES)


def test_restrictions_may_be_a_generator():
	assert not is_allowed(((c, p) for c, p in [(EMAIL, PROMOTIONS), (SMS, GREETINGS)]), False, SMS, GREETINGS)
	assert is_allowed(((c, p) for c, p in [(SMS, GREETINGS)]), False, EMAIL, GREETINGS)
