"""Greeting messages: template context, default templates, who may be greeted on which channel, channel
choice and de-duplication."""

import hashlib
from collections.abc import Iterable
from datetime import date

from salon_crm.rules import messaging
from salon_crm.rules.dates import occurrence_number, ordinal

BIRTHDAY = "Birthday"
FAMILY_BIRTHDAY = "Family Birthday"
ANNIVERSARY = "Anniversary"
OCCASIONS = (BIRTHDAY, FAMILY_BIRTHDAY, ANNIVERSARY)

# channels and reason codes are the outbox's (rules.messaging), named here for the greeting code
CHANNELS, SMS, EMAIL = messaging.CHANNELS, messaging.SMS, messaging.EMAIL
DISABLED, DO_NOT_CONTACT = messaging.DISABLED, messaging.DO_NOT_CONTACT
NO_MOBILE, NO_EMAIL = messaging.NO_MOBILE, messaging.NO_EMAIL
RESTRICTED_SMS, RESTRICTED_EMAIL = messaging.RESTRICTED_SMS, messaging.RESTRICTED_EMAIL
WHOLE_PROFILE = messaging.WHOLE_PROFILE
choose_channels = messaging.choose_channels

DEFAULT_RELATION = "family member"
SMS_MAX_CHARS = 160

_PRONOUNS = {"male": "his", "female": "her"}


def _clean(text: str | None) -> str:
	return " ".join((text or "").split())


def build_context(
	occasion: str,
	*,
	first_name: str | None,
	last_name: str | None,
	person_name: str | None = None,
	relation: str | None = None,
	person_gender: str | None = None,
	occurred_on: date,
	today: date,
	salon_name: str,
) -> dict:
	"""Jinja context for a greeting to a customer (first/last name) about an occasion.

	member_name is the family member's name (`person_name`), else the customer's full name;
	relation is lowercased ("family member" if unknown); pronoun is his/her/their by `person_gender`;
	age == years == occurrence number of `occurred_on` as of `today`, ordinal e.g. "13th".
	"""
	first, last = _clean(first_name), _clean(last_name)
	full_name = " ".join(part for part in (first, last) if part)
	count = occurrence_number(occurred_on, today)
	return {
		"occasion": occasion,
		"first_name": first,
		"last_name": last,
		"full_name": full_name,
		"member_name": _clean(person_name) or full_name,
		"relation": _clean(relation).lower() or DEFAULT_RELATION,
		"pronoun": _PRONOUNS.get(_clean(person_gender).lower(), "their"),
		"age": count,
		"years": count,
		"ordinal": ordinal(count),
		"salon_name": _clean(salon_name),
	}


def sample_context(occasion: str | None) -> dict:
	"""A context with every variable the greeting templates receive (to try a template before it is used)."""
	return build_context(
		occasion or BIRTHDAY,
		first_name="Priya",
		last_name="Sharma",
		person_name="Raja",
		relation="Son",
		person_gender="Male",
		occurred_on=date(2011, 3, 14),
		today=date(2024, 3, 14),
		salon_name="Salon",
	)


DEFAULT_TEMPLATES: dict[tuple[str, str], dict] = {
	(BIRTHDAY, SMS): {
		"subject": "Happy Birthday",
		"message": "Happy birthday, {{ first_name }}! Warm wishes from {{ salon_name }}.",
	},
	(FAMILY_BIRTHDAY, SMS): {
		"subject": "Happy Birthday",
		"message": (
			"Happy birthday to your {{ relation }} {{ member_name }} "
			"on {{ pronoun }} {{ ordinal }} birthday! Warm wishes from {{ salon_name }}."
		),
	},
	(ANNIVERSARY, SMS): {
		"subject": "Happy Anniversary",
		"message": "Wishing you and your family a happy anniversary, {{ first_name }}! - {{ salon_name }}",
	},
	(BIRTHDAY, EMAIL): {
		"subject": "Happy Birthday, {{ first_name }}!",
		"message": (
			"<p>Dear {{ first_name }},</p>"
			"<p>Wishing you a very happy birthday and a wonderful year ahead.</p>"
			"<p>Warm wishes,<br>{{ salon_name }}</p>"
		),
	},
	(FAMILY_BIRTHDAY, EMAIL): {
		"subject": "Happy birthday to your {{ relation }} {{ member_name }}!",
		"message": (
			"<p>Dear {{ first_name }},</p>"
			"<p>Happy birthday to your {{ relation }} {{ member_name }} "
			"on {{ pronoun }} {{ ordinal }} birthday!</p>"
			"<p>Warm wishes,<br>{{ salon_name }}</p>"
		),
	},
	(ANNIVERSARY, EMAIL): {
		"subject": "Happy Anniversary, {{ first_name }}!",
		"message": (
			"<p>Dear {{ first_name }},</p>"
			"<p>Wishing you and your family a very happy anniversary.</p>"
			"<p>Warm wishes,<br>{{ salon_name }}</p>"
		),
	},
}


def greeting_refusal(
	channel: str,
	*,
	disabled: bool,
	do_not_contact: bool,
	restrictions: Iterable[tuple[str | None, str | None]],
) -> str | None:
	"""Why this customer must not be greeted on `channel` now (a reason code), or None when they may be:
	`messaging.refusal` for the greeting purpose (a "Greetings" or "All Purposes" restriction refuses)."""
	return messaging.refusal(
		channel,
		messaging.GREETING,
		disabled=disabled,
		do_not_contact=do_not_contact,
		restrictions=restrictions,
	)


def dedupe_key(
	party_doctype: str,
	party_name: str,
	occasion: str,
	occasion_date: date,
	channel: str,
	*,
	member: str | None = None,
) -> str:
	"""Stable 40-char key (sha1 hex) of one greeting; `occasion_date` is the day it is sent for.

	Pass `member` (e.g. the family member row name) for Family Birthday, so that two family members
	with the same birthday each get a greeting. Fixed length: fits a unique Data column.
	"""
	parts = [party_doctype, party_name, occasion, occasion_date.isoformat(), channel]
	if member:
		parts.append(member)
	return hashlib.sha1("\x1f".join(parts).encode("utf-8"), usedforsecurity=False).hexdigest()
