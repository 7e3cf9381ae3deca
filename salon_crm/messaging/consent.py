"""Who may get a message: a customer's disabled and do-not-contact flags and Communication Restriction rows,
read once for a set of profiles and judged per channel and purpose by `rules.messaging.refusal`. Asked when
messages are planned and again by the outbox right before each is sent (the customer may have opted out in
between)."""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import create_batch

from salon_crm.rules import messaging as rules

PROFILE = "Customer Profile"


def reason_text(code: str, purpose: str = rules.GREETING) -> str:
	"""The sentence stored in Salon Message.reason for a refusal code."""
	if code == rules.RESTRICTED_SMS:
		if purpose == rules.MARKETING:
			return _("SMS marketing is restricted on the profile")
		return _("SMS greetings are restricted on the profile")
	if code == rules.RESTRICTED_EMAIL:
		if purpose == rules.MARKETING:
			return _("Email marketing is restricted on the profile")
		return _("Email greetings are restricted on the profile")
	texts = {
		rules.DISABLED: _("Customer is disabled"),
		rules.DO_NOT_CONTACT: _("Customer asked not to be contacted"),
		rules.NO_MOBILE: _("No mobile number"),
		rules.NO_EMAIL: _("No email address"),
	}
	return texts.get(code, code)


WHOLE_TABLE_FROM = 20_000  # profiles from which all restriction rows are read once instead of by name


def restrictions_of(profiles) -> dict[str, list[tuple[str, str]]]:
	"""{profile: [(channel, purpose), ...]} of the Communication Restriction rows of these profiles. For a
	large set (a campaign's audience) the restriction rows of all profiles are read in one pass (few
	customers have any) instead of asking for each chunk of names."""
	Restriction = DocType("Communication Restriction")
	found: dict[str, list[tuple[str, str]]] = defaultdict(list)
	if len(profiles) >= WHOLE_TABLE_FROM:
		wanted = set(profiles)
		rows = (
			frappe.qb.from_(Restriction)
			.select(Restriction.parent, Restriction.channel, Restriction.purpose)
			.where(Restriction.parenttype == PROFILE)
		).run()
		for parent, channel, purpose in rows:
			if parent in wanted:
				found[parent].append((channel, purpose))
		return found
	for chunk in create_batch(sorted(profiles), 1000):
		rows = (
			frappe.qb.from_(Restriction)
			.select(Restriction.parent, Restriction.channel, Restriction.purpose)
			.where(Restriction.parenttype == PROFILE)
			.where(Restriction.parent.isin(chunk))
		).run()
		for parent, channel, purpose in rows:
			found[parent].append((channel, purpose))
	return found


class Consent:
	"""The flags and restrictions of a set of profiles, read once."""

	def __init__(self, flags: dict[str, frappe._dict]):
		"""`flags`: {profile: a row with `disabled` and `do_not_contact`}."""
		self.flags = flags
		self.restrictions = restrictions_of(flags)

	@classmethod
	def of_profiles(cls, names) -> Consent:
		"""Read the flags of these profiles now (profiles that no longer exist are left out)."""
		flags = {}
		for chunk in create_batch(sorted({n for n in names if n}), 1000):
			for row in frappe.get_all(
				PROFILE, filters={"name": ("in", chunk)}, fields=["name", "disabled", "do_not_contact"]
			):
				flags[row.name] = row
		return cls(flags)

	def knows(self, profile: str) -> bool:
		return profile in self.flags

	def refusal(self, profile: str, channel: str, purpose: str = rules.GREETING) -> str | None:
		"""The reason code why `profile` must not get a message of `purpose` on `channel`, or None."""
		flags = self.flags[profile]
		return rules.refusal(
			channel,
			purpose,
			disabled=bool(flags.disabled),
			do_not_contact=bool(flags.do_not_contact),
			restrictions=self.restrictions.get(profile, ()),
		)
