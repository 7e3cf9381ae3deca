"""Communication restrictions: may this customer be contacted on this channel for this purpose?

A restriction row on a Customer Profile means "do not contact on <channel> for <purpose>". "All Channels" and
"All Purposes" are wildcards. `do_not_contact` blocks every channel and purpose. `is_allowed` is the one
place this is decided; greetings ask it through `rules.greetings.greeting_refusal` when they are planned and
again right before they are sent.
"""

from collections.abc import Iterable

ALL_CHANNELS = "All Channels"
ALL_PURPOSES = "All Purposes"

SMS = "SMS"
EMAIL = "Email"
WHATSAPP = "WhatsApp"
PHONE_CALL = "Phone Call"
CHANNELS = (SMS, EMAIL, WHATSAPP, PHONE_CALL)

GREETINGS = "Greetings"
PROMOTIONS = "Promotions"
SERVICE_MESSAGES = "Service Messages"
PURPOSES = (GREETINGS, PROMOTIONS, SERVICE_MESSAGES)


def _norm(value: str | None) -> str:
	return " ".join((value or "").split()).casefold()


def _matches(restricted: str | None, asked: str, wildcard: str) -> bool:
	restricted = _norm(restricted)
	return restricted in (_norm(wildcard), _norm(asked))


def is_allowed(
	restrictions: Iterable[tuple[str | None, str | None]],
	do_not_contact: bool,
	channel: str,
	purpose: str,
) -> bool:
	"""True when the customer may be contacted on `channel` for `purpose`: not `do_not_contact`, and no
	restriction row forbids it.

	`restrictions` are (channel, purpose) pairs as stored on the profile; names compare case- and
	space-insensitively. A row with an empty channel or purpose restricts nothing (an incomplete row).
	"""
	if do_not_contact:
		return False
	for row_channel, row_purpose in restrictions:
		if not _norm(row_channel) or not _norm(row_purpose):
			continue
		if _matches(row_channel, channel, ALL_CHANNELS) and _matches(row_purpose, purpose, ALL_PURPOSES):
			return False
	return True
