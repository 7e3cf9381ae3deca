"""Campaigns: who of the audience is messaged, on which channel, and when a recurring campaign runs again.

A customer of the audience "enters" a run of the campaign unless they entered it within its re-entry period
(any outcome counts: messaged, held out, or excluded). Of those who enter, a fixed share is held out as the
control group (the same customers on every run: a hash of the campaign and the profile), the others are
messaged unless an exclusion applies, in this order: the marketing purpose of their communication
restrictions (or do-not-contact), no mobile / no email for the channel, the frequency cap across campaigns.
"""

from __future__ import annotations

import hashlib
from datetime import date

from salon_crm.rules import messaging

# channel settings of a campaign
SMS_ONLY = "SMS"
EMAIL_ONLY = "Email"
SMS_THEN_EMAIL = "SMS, or Email without SMS"
CHANNEL_CHOICES = {
	SMS_ONLY: (messaging.SMS,),
	EMAIL_ONLY: (messaging.EMAIL,),
	SMS_THEN_EMAIL: (messaging.SMS, messaging.EMAIL),
}

# when
# ("Now" would be taken by the desk for the current time as a Select default)
IMMEDIATELY, AT_TIME, RECURRING = "Immediately", "At a Date and Time", "Recurring"
DAILY, WEEKLY, MONTHLY = "Daily", "Weekly", "Monthly"

# exclusion reason codes (beside rules.messaging's refusal codes)
HOLDOUT = "holdout"
FREQUENCY_CAP = "frequency_cap"
REENTRY = "reentry"

CAP_DAYS = 30  # the frequency cap counts marketing messages of the last 30 days

VARIABLES = frozenset(
	{
		"first_name",
		"last_name",
		"full_name",
		"salon_name",
		"campaign_name",
		"offer",
		"coupon_code",
		"offer_valid_until",
	}
)


def _clean(text: str | None) -> str:
	return " ".join((text or "").split())


def build_context(
	*,
	first_name: str | None,
	last_name: str | None,
	salon_name: str | None,
	campaign_name: str | None,
	offer: str | None = None,
	coupon_code: str | None = None,
	offer_valid_until: str | None = None,
) -> dict:
	"""The variables a campaign message may use (exactly VARIABLES)."""
	first, last = _clean(first_name), _clean(last_name)
	return {
		"first_name": first,
		"last_name": last,
		"full_name": " ".join(part for part in (first, last) if part),
		"salon_name": _clean(salon_name),
		"campaign_name": _clean(campaign_name),
		"offer": _clean(offer),
		"coupon_code": _clean(coupon_code),
		"offer_valid_until": _clean(offer_valid_until),
	}


def sample_context() -> dict:
	return build_context(
		first_name="Priya",
		last_name="Sharma",
		salon_name="Salon",
		campaign_name="We miss you",
		offer="20% off any facial",
		coupon_code="WELCOME20",
		offer_valid_until="31-12-2026",
	)


def held_out(campaign: str, profile: str, percent: float) -> bool:
	"""Whether the customer is in the campaign's control group: a stable hash of (campaign, profile) falls in
	the first `percent` % (the same customers on every run; about that share of any audience)."""
	if not percent or percent <= 0:
		return False
	if percent >= 100:
		return True
	digest = hashlib.sha1(f"{campaign}\x1f{profile}".encode(), usedforsecurity=False).hexdigest()
	return int(digest[:8], 16) / 0x100000000 * 100 < percent


def capped(recent_marketing: int, cap: int) -> bool:
	"""Whether a customer who got `recent_marketing` marketing messages in the last CAP_DAYS days may get no
	more (a cap of 0 means no cap)."""
	return bool(cap) and cap > 0 and recent_marketing >= cap


def channels_for(choice: str) -> tuple[str, ...]:
	if choice not in CHANNEL_CHOICES:
		raise ValueError(f"unknown channel choice {choice!r}")
	return CHANNEL_CHOICES[choice]


def recurring_due(frequency: str, last_run: date | None, today: date) -> bool:
	"""Whether a recurring campaign runs on `today`: never ran, or daily on another day, weekly 7 days or more
	after its last run, monthly in a later month."""
	if last_run is None:
		return True
	if last_run >= today:
		return False
	if frequency == DAILY:
		return True
	if frequency == WEEKLY:
		return (today - last_run).days >= 7
	if frequency == MONTHLY:
		return (today.year, today.month) > (last_run.year, last_run.month)
	raise ValueError(f"unknown frequency {frequency!r}")


def dedupe_key(campaign: str, profile: str, run_date: date, channel: str) -> str:
	"""One message of one campaign run to one customer on one channel ("" for a customer not messaged)."""
	parts = ["Salon Campaign", campaign, profile, run_date.isoformat(), channel]
	return hashlib.sha1("\x1f".join(parts).encode("utf-8"), usedforsecurity=False).hexdigest()
