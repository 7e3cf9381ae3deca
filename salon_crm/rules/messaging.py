"""Outgoing messages (greetings, campaigns): who may be messaged on which channel for which purpose, how long a
failed message waits before it is tried again, and when a failing gateway pauses sending.

Purposes of the outbox map onto the purposes of a customer's Communication Restriction rows: a greeting is
refused by a "Greetings" (or "All Purposes") restriction, a marketing message by a "Promotions" one.
"""

from collections.abc import Iterable, Mapping
from datetime import timedelta

from salon_crm.rules.restrictions import GREETINGS, PROMOTIONS, is_allowed

SMS = "SMS"
EMAIL = "Email"
CHANNELS = (SMS, EMAIL)

# purposes of a message in the outbox
GREETING = "Greeting"
MARKETING = "Marketing"
PURPOSES = (GREETING, MARKETING)
RESTRICTION_PURPOSE = {GREETING: GREETINGS, MARKETING: PROMOTIONS}

# statuses of a message in the outbox
QUEUED, SENT, SKIPPED, FAILED = "Queued", "Sent", "Skipped", "Failed"
STATUSES = (QUEUED, SENT, SKIPPED, FAILED)

# reason codes: why a message is not sent on a channel
DISABLED = "disabled"
DO_NOT_CONTACT = "do_not_contact"
NO_MOBILE = "no_mobile"
NO_EMAIL = "no_email"
RESTRICTED_SMS = "restricted_sms"
RESTRICTED_EMAIL = "restricted_email"
WHOLE_PROFILE = (DISABLED, DO_NOT_CONTACT)  # refusals that hold for every channel alike
_RESTRICTED = {SMS: RESTRICTED_SMS, EMAIL: RESTRICTED_EMAIL}

MAX_ATTEMPTS = 5
RETRY_FIRST = timedelta(minutes=5)
RETRY_LONGEST = timedelta(hours=1)
PAUSE_FIRST = timedelta(minutes=5)
PAUSE_LONGEST = timedelta(hours=1)


def refusal(
	channel: str,
	purpose: str,
	*,
	disabled: bool,
	do_not_contact: bool,
	restrictions: Iterable[tuple[str | None, str | None]],
) -> str | None:
	"""Why this customer must not get a message of `purpose` on `channel` now (a reason code), or None when
	they may.

	A disabled customer gets nothing ("disabled"); otherwise the communication rules decide
	(`restrictions.is_allowed` for the purpose's restriction purpose): do-not-contact refuses every channel
	("do_not_contact"), a restriction row the channel ("restricted_sms"/"restricted_email").
	"""
	if channel not in _RESTRICTED:
		raise ValueError(f"unknown channel {channel!r}")
	if purpose not in RESTRICTION_PURPOSE:
		raise ValueError(f"unknown purpose {purpose!r}")
	if disabled:
		return DISABLED
	if is_allowed(restrictions, do_not_contact, channel, RESTRICTION_PURPOSE[purpose]):
		return None
	return DO_NOT_CONTACT if do_not_contact else _RESTRICTED[channel]


def choose_channels(
	*,
	has_mobile: bool,
	has_email: bool,
	refused: Mapping[str, str | None] | None = None,
	prefer: tuple[str, ...] = (SMS, EMAIL),
	send_both: bool = False,
) -> tuple[list[str], list[tuple[str, str]]]:
	"""(channels to send, [(channel, reason code)] skipped).

	Channels are tried in `prefer` order; the first usable one is sent (every usable one when
	`send_both`). Skipped lists only channels tried and unusable: refused (`refused[channel]`, the
	`refusal` of that channel; takes precedence) or "no_mobile"/"no_email".
	"""
	missing = {SMS: None if has_mobile else NO_MOBILE, EMAIL: None if has_email else NO_EMAIL}
	refused = refused or {}
	send: list[str] = []
	skipped: list[tuple[str, str]] = []
	for channel in dict.fromkeys(prefer):
		if channel not in missing:
			raise ValueError(f"unknown channel {channel!r}")
		reason = refused.get(channel) or missing[channel]
		if reason is None:
			send.append(channel)
			if not send_both:
				break
		else:
			skipped.append((channel, reason))
	return send, skipped


def _doubling(first: timedelta, longest: timedelta, times: int) -> timedelta:
	"""`first`, doubled `times - 1` times, at most `longest` (times < 1 counts as 1)."""
	return min(first * (2 ** min(max(times, 1) - 1, 20)), longest)


def retry_delay(attempts: int) -> timedelta:
	"""How long a message that failed `attempts` times waits before the next try: 5, 10, 20, 40 minutes, then
	at most an hour."""
	return _doubling(RETRY_FIRST, RETRY_LONGEST, attempts)


def pause_after_trips(trips: int) -> timedelta:
	"""How long a channel rests after its gateway failed enough times in a row, the `trips`-th time in a row
	(a success in between starts again at 1): 5, 10, 20, 40 minutes, then at most an hour."""
	return _doubling(PAUSE_FIRST, PAUSE_LONGEST, trips)


class FailureStreak:
	"""Counts a channel's consecutive failed hand-overs in the order their outcomes arrive; `tripped` once
	`limit` failures came in a row (a success starts the count again). Once tripped it stays tripped."""

	def __init__(self, limit: int):
		self.limit = max(int(limit), 1)
		self.count = 0
		self.tripped = False
		self.succeeded = False

	def record(self, ok: bool) -> bool:
		"""Record one outcome; returns whether the streak is (now) tripped."""
		if ok:
			self.succeeded = True
			if not self.tripped:
				self.count = 0
		else:
			self.count += 1
			if self.count >= self.limit:
				self.tripped = True
		return self.tripped
