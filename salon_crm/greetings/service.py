"""Greeting messages: find today's occasions, log each greeting once, send the logged greetings in batches.

- Selection is set-based on the indexed month-day columns of Customer Profile and Family Member (one query
  per occasion, whatever the number of customers), in the site's time zone.
- Who may be greeted on which channel is decided by one pure rule (`rules.greetings.greeting_refusal`, which
  asks `rules.restrictions.is_allowed`), applied by `_Consent` when the greetings are planned and again right
  before each is sent (the customer may have opted out in between).
- Never twice: every (person, occasion, date, channel) becomes one Greeting Log row, inserted insert-or-skip on
  its unique `dedupe_key`; a row is sent only under its row lock while it is Queued or Failed. Running the job
  again, or two workers running it at once, sends nothing more.
- A failed send is logged Failed with the reason and sent again by the next run the same day (at most
  MAX_ATTEMPTS tries); one failure never stops the rest of the batch.
- SMS goes through Frappe's SMS Settings (URL, parameters, headers, GET/POST/JSON exactly as Frappe's own
  `send_sms` builds them, but with a timeout and the HTTP status checked); email through Frappe's Email Queue.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

import frappe
import requests
from frappe import _
from frappe.core.doctype.sms_settings.sms_settings import get_headers, validate_receiver_nos
from frappe.query_builder import DocType
from frappe.utils import add_to_date, cint, create_batch, getdate, now_datetime, nowdate

from salon_crm.rules import greetings as rules
from salon_crm.rules import templates
from salon_crm.rules.dates import month_day_keys

QUEUED, SENT, SKIPPED, FAILED = "Queued", "Sent", "Skipped", "Failed"
MAX_ATTEMPTS = 5
GATEWAY_TIMEOUT = 15  # seconds for one SMS gateway request
STALE_QUEUED_MINUTES = 15  # a row still Queued after this long lost its worker: the next run queues it again
DEFAULT_BATCH_SIZE = 200
SEND_METHOD = "salon_crm.greetings.service.send_batch"
PROFILE = "Customer Profile"

LOG_FIELDS = (
	"name",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"docstatus",
	"dedupe_key",
	"occasion",
	"channel",
	"occasion_date",
	"status",
	"customer_profile",
	"family_member",
	"recipient_name",
	"recipient",
	"attempts",
	"sms_template_id",
	"subject",
	"message",
	"reason",
)


class GreetingSendError(Exception):
	"""The message could not be handed over now (gateway down or refusing, no email account): retry later."""


class GreetingNotSendable(Exception):
	"""The message must not be sent at all (opted out since it was queued, unsubscribed, bad address)."""


def reason_text(code: str) -> str:
	"""The sentence stored in Greeting Log.reason for a skip reason code."""
	texts = {
		rules.DISABLED: _("Customer is disabled"),
		rules.DO_NOT_CONTACT: _("Customer asked not to be contacted"),
		rules.NO_MOBILE: _("No mobile number"),
		rules.NO_EMAIL: _("No email address"),
		rules.RESTRICTED_SMS: _("SMS greetings are restricted on the profile"),
		rules.RESTRICTED_EMAIL: _("Email greetings are restricted on the profile"),
	}
	return texts.get(code, code)


# ---------------------------------------------------------------- selecting and logging


def queue_todays_greetings(
	on_date: date | str | None = None, now: bool | None = None, enqueue: bool = True
) -> dict:
	"""Log today's greetings (insert-or-skip) and enqueue their sending in batches.

	`on_date`: the day to greet for (default: today in the site's time zone). `now`: send in this process
	instead of on the background queue (default: only in tests). `enqueue=False` only selects and logs.
	Also re-queues this day's Failed rows (fewer than MAX_ATTEMPTS tries) and Queued rows a worker lost.
	Returns counts: found, logged, already_logged, queued, skipped, retried, batches.
	"""
	on_date = getdate(on_date or nowdate())
	if now is None:
		now = bool(frappe.flags.in_test)
	occasions = find_occasions(on_date)
	run = _Run(on_date, _Consent({o.name: o for o in occasions}))

	rows = [row for occasion in occasions for row in run.plan(occasion)]
	inserted = insert_logs(rows)
	fresh = [r["name"] for r in rows if r["name"] in inserted and r["status"] == QUEUED]
	retry = [name for name in logs_to_retry(on_date) if name not in inserted]
	to_send = fresh + retry

	batches = 0
	if enqueue and to_send:
		batches = enqueue_sending(to_send, run.batch_size, now=now)
	return {
		"date": on_date.isoformat(),
		"found": len(occasions),
		"logged": len(inserted),
		"already_logged": run.already_logged + len(rows) - len(inserted),
		"queued": len(fresh),
		"skipped": sum(1 for r in rows if r["name"] in inserted and r["status"] == SKIPPED),
		"retried": len(retry),
		"batches": batches,
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


def restrictions_of(profiles) -> dict[str, list[tuple[str, str]]]:
	"""{profile: [(channel, purpose), ...]} of the Communication Restriction rows of these profiles."""
	Restriction = DocType("Communication Restriction")
	found: dict[str, list[tuple[str, str]]] = defaultdict(list)
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


class _Consent:
	"""Whether customers may be greeted on a channel: their disabled and do-not-contact flags and their
	Communication Restriction rows, read once for a set of profiles and judged by `rules.greeting_refusal`."""

	def __init__(self, flags: dict[str, frappe._dict]):
		"""`flags`: {profile: a row with `disabled` and `do_not_contact`}."""
		self.flags = flags
		self.restrictions = restrictions_of(flags)

	@classmethod
	def of_profiles(cls, names) -> _Consent:
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

	def refusal(self, profile: str, channel: str) -> str | None:
		"""The reason code why `profile` must not be greeted on `channel`, or None when it may be."""
		flags = self.flags[profile]
		return rules.greeting_refusal(
			channel,
			disabled=bool(flags.disabled),
			do_not_contact=bool(flags.do_not_contact),
			restrictions=self.restrictions.get(profile, ()),
		)


class _Run:
	"""Settings, templates and consent read once per run, and the plan of one occasion's log rows."""

	def __init__(self, on_date: date, consent: _Consent):
		settings = frappe.get_single("Salon CRM Settings")
		self.on_date = on_date
		self.send_both = bool(settings.send_both_channels)
		self.own_number = bool(settings.greet_family_on_own_number)
		self.batch_size = cint(settings.greeting_batch_size) or DEFAULT_BATCH_SIZE
		self.salon_name = salon_name(settings)
		self.templates = load_templates()
		self.consent = consent
		self._compiled: dict[str, object] = {}
		# greetings of the day already logged: the hourly run renders and inserts only new ones
		self.logged = set(
			frappe.get_all("Greeting Log", filters={"occasion_date": on_date}, pluck="dedupe_key")
		)
		self.already_logged = 0

	def plan(self, occ: frappe._dict) -> list[dict]:
		"""The Greeting Log rows of one occasion not logged yet today: Queued (with the rendered message) or
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
			"occasion": occ.occasion,
			"channel": channel or None,
			"occasion_date": self.on_date,
			"status": status,
			"customer_profile": occ.name,
			"family_member": member,
			"recipient_name": values.pop("recipient_name", occ.full_name),
			"attempts": 0,
			**values,
		}


def insert_logs(rows: list[dict]) -> set[str]:
	"""Insert the rows, skipping those whose dedupe_key is already logged (INSERT IGNORE on the unique key).
	Returns the names of the rows this call inserted. Rows go in key order, so concurrent runs wait on each
	other instead of deadlocking."""
	if not rows:
		return set()
	rows = sorted(rows, key=lambda r: r["dedupe_key"])
	stamp = now_datetime()
	user = frappe.session.user
	defaults = {"creation": stamp, "modified": stamp, "owner": user, "modified_by": user, "docstatus": 0}
	values = [tuple({**defaults, **row}.get(field) for field in LOG_FIELDS) for row in rows]
	frappe.db.bulk_insert("Greeting Log", LOG_FIELDS, values, ignore_duplicates=True, chunk_size=1000)

	Log = DocType("Greeting Log")
	inserted: set[str] = set()
	for chunk in create_batch([r["name"] for r in rows], 1000):
		inserted.update(frappe.qb.from_(Log).select(Log.name).where(Log.name.isin(chunk)).run(pluck=True))
	return inserted


def logs_to_retry(on_date: date) -> list[str]:
	"""This day's rows to send again: Failed with tries left, and Queued rows no worker finished."""
	Log = DocType("Greeting Log")
	stale = add_to_date(now_datetime(), minutes=-STALE_QUEUED_MINUTES)
	return (
		frappe.qb.from_(Log)
		.select(Log.name)
		.where(Log.occasion_date == on_date)
		.where(
			((Log.status == FAILED) & (Log.attempts < MAX_ATTEMPTS))
			| ((Log.status == QUEUED) & (Log.modified < stale))
		)
		.orderby(Log.creation)
	).run(pluck=True)


def enqueue_sending(log_names: list[str], batch_size: int, now: bool = False) -> int:
	"""Hand the rows to `send_batch` in batches on the default queue (after this transaction commits, so
	the worker sees them); `now` runs each batch here instead. Returns the number of batches."""
	batches = 0
	for batch in create_batch(log_names, max(batch_size, 1)):
		frappe.enqueue(
			SEND_METHOD,
			queue="default",
			timeout=len(batch) * (GATEWAY_TIMEOUT + 1) + 120,
			now=now,
			enqueue_after_commit=True,
			log_names=list(batch),
			commit=not now,
		)
		batches += 1
	return batches


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


def salon_name(settings=None) -> str:
	settings = settings or frappe.get_single("Salon CRM Settings")
	return (
		settings.salon_name
		or frappe.db.get_single_value("Global Defaults", "default_company")
		or frappe.db.get_value("Company", {}, "name", order_by="creation asc")
		or ""
	)


# ---------------------------------------------------------------- sending


def send_batch(log_names: list[str], commit: bool = False) -> dict:
	"""Send the logged greetings. Each row is sent under its row lock only while Queued or Failed (so two
	workers never send it twice) and its status, attempts and reason are written right after; `commit`
	(background jobs) commits after every row. A failure is recorded and the batch goes on."""
	sender = _Sender(
		_Consent.of_profiles(
			frappe.get_all("Greeting Log", filters={"name": ("in", log_names)}, pluck="customer_profile")
		)
	)
	counts: Counter = Counter()
	for name in log_names:
		frappe.db.savepoint("salon_greeting")
		try:
			status = _send_one(name, sender)
		except Exception as e:
			frappe.db.rollback(save_point="salon_greeting")
			frappe.log_error(
				title=_("Greeting could not be sent"), reference_doctype="Greeting Log", reference_name=name
			)
			status = _record_crash(name, e)
		frappe.clear_messages()
		counts[status or "unchanged"] += 1
		if commit:
			frappe.db.commit()  # a sent message is recorded before the next one is tried
	return dict(counts)


def _send_one(name: str, sender: _Sender) -> str | None:
	log = frappe.db.get_value(
		"Greeting Log",
		name,
		[
			"name",
			"status",
			"attempts",
			"channel",
			"customer_profile",
			"recipient",
			"subject",
			"message",
			"sms_template_id",
		],
		as_dict=True,
		for_update=True,
	)
	if not log or log.status not in (QUEUED, FAILED) or cint(log.attempts) >= MAX_ATTEMPTS:
		return None
	attempts = cint(log.attempts) + 1
	try:
		if log.channel not in rules.CHANNELS:
			raise GreetingNotSendable(_("Unknown channel {0}").format(log.channel))
		sender.check_allowed(log)
		if log.channel == rules.SMS:
			sender.send_sms(log)
		else:
			sender.send_email(log)
	except GreetingNotSendable as e:
		_update(name, status=SKIPPED, reason=str(e))
		return SKIPPED
	except GreetingSendError as e:
		_update(name, status=FAILED, attempts=attempts, reason=str(e))
		return FAILED
	_update(name, status=SENT, attempts=attempts, sent_on=now_datetime(), reason=None)
	return SENT


def _record_crash(name: str, error: Exception) -> str | None:
	"""An unexpected error: mark the row Failed (one try used) so it is retried and the batch goes on."""
	try:
		attempts = cint(frappe.db.get_value("Greeting Log", name, "attempts")) + 1
		_update(name, status=FAILED, attempts=attempts, reason=_("Error: {0}").format(error))
		return FAILED
	except Exception:
		return None


def _update(name: str, **values) -> None:
	if values.get("reason"):
		values["reason"] = str(values["reason"])[:1000]
	frappe.db.set_value("Greeting Log", name, values)


class _Sender:
	"""Sends one logged greeting; settings are read once per batch (not from cache: tests change them)."""

	def __init__(self, consent: _Consent):
		self.consent = consent
		self.sms_settings = None
		self.template_id_parameter = frappe.db.get_single_value(
			"Salon CRM Settings", "sms_template_id_parameter"
		)

	def check_allowed(self, log) -> None:
		"""The profile may have opted out (or been disabled) since the row was queued."""
		if not self.consent.knows(log.customer_profile):
			raise GreetingNotSendable(_("Customer Profile {0} no longer exists").format(log.customer_profile))
		code = self.consent.refusal(log.customer_profile, log.channel)
		if code:
			raise GreetingNotSendable(reason_text(code))

	def send_sms(self, log) -> None:
		"""One request to the gateway of SMS Settings, built as Frappe's `send_via_gateway` builds it (message,
		static parameters, receiver; header parameters as headers; GET, POST form or JSON), plus the template
		ID parameter. Raises GreetingSendError unless the gateway answers 2xx."""
		if self.sms_settings is None:
			self.sms_settings = frappe.get_single("SMS Settings")
		settings = self.sms_settings
		if not settings.sms_gateway_url:
			raise GreetingSendError(_("No SMS gateway: set the gateway URL in SMS Settings"))

		headers = get_headers(settings)
		params = {settings.message_parameter: log.message}
		for row in settings.get("parameters"):
			if not row.header:
				params[row.parameter] = row.value
		if log.sms_template_id and self.template_id_parameter:
			params[self.template_id_parameter] = log.sms_template_id
		params[settings.receiver_parameter] = validate_receiver_nos([log.recipient])[0]

		kwargs = {"headers": headers, "timeout": GATEWAY_TIMEOUT}
		if headers.get("Content-Type") == "application/json":
			kwargs["json"] = params
		elif settings.use_post:
			kwargs["data"] = params
		else:
			kwargs["params"] = params
		try:
			if settings.use_post:
				response = requests.post(settings.sms_gateway_url, **kwargs)
			else:
				response = requests.get(settings.sms_gateway_url, **kwargs)
		except requests.RequestException as e:
			raise GreetingSendError(_("SMS gateway unreachable: {0}").format(e))
		if not 200 <= response.status_code < 300:
			raise GreetingSendError(
				_("SMS gateway answered HTTP {0}: {1}").format(
					response.status_code, (response.text or "").strip()[:300]
				)
			)

	def send_email(self, log) -> None:
		"""Into Frappe's Email Queue (sent by Frappe's email worker), referencing the Customer Profile, so
		Frappe's own unsubscribe records are obeyed."""
		try:
			queued = frappe.sendmail(
				recipients=[log.recipient],
				subject=log.subject,
				message=log.message,
				reference_doctype=PROFILE,
				reference_name=log.customer_profile,
				delayed=True,
			)
		except frappe.OutgoingEmailError as e:
			raise GreetingSendError(str(e) or _("No outgoing email account"))
		if not queued:
			raise GreetingNotSendable(
				_("Email to {0} not queued: unsubscribed or invalid address").format(log.recipient)
			)
