"""Greeting messages: find today's occasions and plan each greeting once into the outbox (messaging.outbox),
which sends, retries and logs them.

- Selection is set-based on the indexed month-day columns of Customer Profile and Family Member (one query
  per occasion, whatever the number of customers), in the site's time zone.
- Who may be greeted on which channel is decided by `messaging.consent` (the greeting purpose of the
  customer's restrictions) when the greetings are planned; the outbox asks again right before sending.
- Never twice: every (person, occasion, date, channel) becomes one Salon Message row (purpose Greeting),
  inserted insert-or-skip on its unique `dedupe_key`. Running the job again, or two workers running it at
  once, adds nothing more.
- A greeting is for its day: the outbox skips it as too late once the day is over (site time zone).
"""

from __future__ import annotations

from datetime import date, datetime, time

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import get_datetime, getdate, now_datetime

from salon_crm.messaging import outbox
from salon_crm.messaging.consent import Consent, reason_text
from salon_crm.messaging.templates import salon_name
from salon_crm.rules import greetings as rules
from salon_crm.rules import messaging, templates
from salon_crm.rules.dates import month_day_keys

QUEUED, SKIPPED = messaging.QUEUED, messaging.SKIPPED
MAX_ATTEMPTS = messaging.MAX_ATTEMPTS
PROFILE = "Customer Profile"


# ---------------------------------------------------------------- selecting and logging


def queue_todays_greetings(
	on_date: date | str | None = None,
	now: bool | None = None,
	enqueue: bool = True,
	at: datetime | str | None = None,
) -> dict:
	"""Plan today's greetings into the outbox (insert-or-skip) and have the outbox send them.

	`at`: the moment of the run (default: now, site time zone); `on_date`: the day to greet for (default:
	the day of `at`). `now`: send in this process instead of on the background queue (default: only in
	tests). `enqueue=False` only selects and plans. Returns counts: found, logged, already_logged, queued,
	skipped, and the outbox's counts of what it sent in this process (`sending`).
	"""
	at = get_datetime(at) if at else now_datetime()
	on_date = getdate(on_date) if on_date else at.date()
	if now is None:
		now = bool(frappe.flags.in_test)
	occasions = find_occasions(on_date)
	run = _Run(on_date, Consent({o.name: o for o in occasions}))

	rows = [row for occasion in occasions for row in run.plan(occasion)]
	inserted = outbox.add(rows)

	sending = {}
	if enqueue:
		if now:
			sending = outbox.send_due(at=at, commit=False)
		else:
			outbox.enqueue_sending()
	return {
		"date": on_date.isoformat(),
		"found": len(occasions),
		"logged": len(inserted),
		"already_logged": run.already_logged + len(rows) - len(inserted),
		"queued": sum(1 for r in rows if r["name"] in inserted and r["status"] == QUEUED),
		"skipped": sum(1 for r in rows if r["name"] in inserted and r["status"] == SKIPPED),
		"sending": sending,
	}


def find_occasions(on_date: date) -> list[frappe._dict]:
	"""Everyone to greet on `on_date`: customers' birthdays and wedding anniversaries, family members'
	birthdays, each with the profile's contact fields. Disabled customers are included (they are logged as
	skipped)."""
	found = []
	for occasion, query in occasion_queries(on_date).items():
		for row in query.run(as_dict=True):
			row.occasion = occasion
			row.occurred_on = getdate(row.occurred_on)
			found.append(row)
	return found


def occasion_queries(on_date: date) -> dict:
	"""{occasion: query} selecting the day's occasions through the indexed month-day columns
	(`birth_month_day`/`anniversary_month_day` IN keys; 29 Feb is included on 28 Feb of non-leap years).
	No 0th birthday: the date itself must be before `on_date`."""
	keys = month_day_keys(on_date)
	Profile = DocType(PROFILE)
	Member = DocType("Family Member")
	profile_columns = (
		Profile.name,
		Profile.first_name,
		Profile.last_name,
		Profile.full_name,
		Profile.mobile_no,
		Profile.email_id,
		Profile.disabled,
		Profile.do_not_contact,
	)
	return {
		rules.BIRTHDAY: (
			frappe.qb.from_(Profile)
			.select(*profile_columns, Profile.date_of_birth.as_("occurred_on"))
			.where(Profile.birth_month_day.isin(keys))
			.where(Profile.date_of_birth < on_date)
		),
		rules.ANNIVERSARY: (
			frappe.qb.from_(Profile)
			.select(*profile_columns, Profile.anniversary.as_("occurred_on"))
			.where(Profile.anniversary_month_day.isin(keys))
			.where(Profile.anniversary < on_date)
			.where(Profile.marital_status == "Married")
		),
		rules.FAMILY_BIRTHDAY: (
			frappe.qb.from_(Member)
			.join(Profile)
			.on(Profile.name == Member.parent)
			.select(
				*profile_columns,
				Member.date_of_birth.as_("occurred_on"),
				Member.name.as_("member"),
				Member.member_name,
				Member.relation,
				Member.gender.as_("member_gender"),
				Member.mobile_no.as_("member_mobile"),
			)
			.where(Member.birth_month_day.isin(keys))
			.where(Member.date_of_birth < on_date)
			.where(Member.parenttype == PROFILE)
			.where(Member.parentfield == "family_members")
		),
	}


class _Run:
	"""Settings, templates and consent read once per run, and the plan of one occasion's log rows."""

	def __init__(self, on_date: date, consent: Consent):
		settings = frappe.get_single("Salon CRM Settings")
		self.on_date = on_date
		self.send_until = datetime.combine(on_date, time(23, 59, 59))
		self.send_both = bool(settings.send_both_channels)
		self.own_number = bool(settings.greet_family_on_own_number)
		self.salon_name = salon_name(settings)
		self.templates = load_templates()
		self.consent = consent
		self._compiled: dict[str, object] = {}
		# greetings of the day already logged: the hourly run renders and inserts only new ones
		self.logged = set(
			frappe.get_all(
				outbox.DOCTYPE,
				filters={"message_date": on_date, "purpose": messaging.GREETING},
				pluck="dedupe_key",
			)
		)
		self.already_logged = 0

	def plan(self, occ: frappe._dict) -> list[dict]:
		"""The outbox rows of one occasion not logged yet today: Queued (with the rendered message) or
		Skipped (why)."""
		refused = {channel: self.consent.refusal(occ.name, channel) for channel in rules.CHANNELS}
		whole_profile = refused[rules.SMS]  # disabled / do-not-contact refuse every channel alike: one row
		if whole_profile in rules.WHOLE_PROFILE:
			if self._logged(occ, ""):
				return []
			return [self._row(occ, "", SKIPPED, reason=reason_text(whole_profile))]

		prefer = tuple(c for c in rules.CHANNELS if self.templates[(occ.occasion, c)].enabled)
		if not prefer:
			return []  # the salon switched this occasion off
		to_member = bool(occ.occasion == rules.FAMILY_BIRTHDAY and self.own_number and occ.member_mobile)
		sms_number = occ.member_mobile if to_member else occ.mobile_no
		send, skipped = rules.choose_channels(
			has_mobile=bool(sms_number),
			has_email=bool(occ.email_id),
			refused=refused,
			prefer=prefer,
			send_both=self.send_both,
		)

		rows = [
			self._row(occ, channel, SKIPPED, reason=reason_text(code))
			for channel, code in skipped
			if not self._logged(occ, channel)
		]
		for channel in (c for c in send if not self._logged(occ, c)):
			if channel == rules.SMS:
				rows.append(self._message_row(occ, channel, sms_number, to_member))
			else:
				rows.append(self._message_row(occ, channel, occ.email_id, False))
		return rows

	def _message_row(self, occ, channel: str, recipient: str, to_member: bool) -> dict:
		occasion = rules.BIRTHDAY if to_member else occ.occasion
		template = self.templates[(occasion, channel)]
		context = rules.build_context(
			occasion,
			first_name=occ.member_name if to_member else occ.first_name,
			last_name=None if to_member else occ.last_name,
			person_name=occ.member_name,
			relation=occ.relation,
			person_gender=occ.member_gender,
			occurred_on=occ.occurred_on,
			today=self.on_date,
			salon_name=self.salon_name,
		)
		name = occ.member_name if to_member else occ.full_name
		try:
			message = render_text(template.message, context, self._compiled)
			subject = (
				render_text(template.subject, context, self._compiled) if channel == rules.EMAIL else None
			)
		except Exception as e:
			reason = _("Template {0} could not be rendered: {1}").format(f"{occasion}-{channel}", e)
			return self._row(occ, channel, SKIPPED, reason=reason, recipient_name=name)
		return self._row(
			occ,
			channel,
			QUEUED,
			recipient_name=name,
			recipient=recipient,
			subject=subject,
			message=message,
			sms_template_id=template.sms_template_id if channel == rules.SMS else None,
		)

	def _key(self, occ, channel: str) -> str:
		return rules.dedupe_key(
			PROFILE, occ.name, occ.occasion, self.on_date, channel, member=occ.get("member")
		)

	def _logged(self, occ, channel: str) -> bool:
		if self._key(occ, channel) in self.logged:
			self.already_logged += 1
			return True
		return False

	def _row(self, occ, channel: str, status: str, **values) -> dict:
		member = occ.get("member")
		return {
			"name": frappe.generate_hash(length=10),
			"dedupe_key": self._key(occ, channel),
			"purpose": messaging.GREETING,
			"occasion": occ.occasion,
			"channel": channel or None,
			"message_date": self.on_date,
			"send_until": self.send_until,
			"status": status,
			"customer_profile": occ.name,
			"family_member": member,
			"recipient_name": values.pop("recipient_name", occ.full_name),
			"attempts": 0,
			**values,
		}


def load_templates() -> dict[tuple[str, str], frappe._dict]:
	"""Greeting Templates by (occasion, channel); the app's default text where a template was deleted."""
	templates = {
		key: frappe._dict(enabled=1, sms_template_id=None, **default)
		for key, default in rules.DEFAULT_TEMPLATES.items()
	}
	for row in frappe.get_all(
		"Greeting Template",
		fields=["occasion", "channel", "enabled", "sms_template_id", "subject", "message"],
	):
		templates[(row.occasion, row.channel)] = row
	return templates


def render_text(source: str | None, context: dict, compiled: dict | None = None) -> str:
	"""A greeting template's subject or message rendered with only `context`'s documented variables
	(rules.templates: no Frappe globals, no attribute access or calls), stripped. Raises
	rules.templates.TemplateNotAllowed for anything else, and Jinja's errors. `compiled` caches the checked,
	parsed templates of a run by source text. The Greeting Template form and the daily run both render
	through here."""
	return templates.render(source, context, compiled)
