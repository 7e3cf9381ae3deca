"""The outbox: every message the salon sends (greetings, campaigns) is one Salon Message row, planned by its
feature and sent from here.

- Once: a row is inserted insert-or-skip on its unique `dedupe_key`; planning the same message again adds
  nothing.
- Claimed with a lease: a sending job takes due rows with one atomic UPDATE (`claimed_by` = the job's token,
  `claimed_until` = now + a lease longer than the job can need for them), so a second job (or the scheduler's
  next tick while the first still runs) never takes rows a live job holds; rows of a job that died become due
  again when its lease ends.
- A real deadline: each SMS has a total deadline (connect, answer and body together; Salon CRM Settings), cut
  off by a watchdog, so a gateway that never answers or trickles holds a sending thread at most that long.
- Bounded parallel: SMS go to the gateway from a small pool of threads (Salon CRM Settings); the job's own
  thread reads and writes the rows.
- Circuit breaker: after a few consecutive failures of a channel (Salon CRM Settings) the job stops sending on
  it; the rows not tried stay Queued, and the channel pauses 5, 10, 20, 40, then 60 minutes while it keeps
  failing (reset by a success). Email goes on while SMS pauses.
- Retries with backoff: a failed row is tried again after 5, 10, 20, 40 minutes, at most MAX_ATTEMPTS times.
- Consent is asked again right before each message (the customer may have opted out since it was queued),
  and a row past its `send_until` is skipped as too late.
- Only inside the sending window (messaging.window).

The scheduler asks every five minutes (messaging.jobs); planners call `enqueue_sending()` after adding rows.
One sending job per site is queued at a time (an RQ job id, deduplicated).
"""

from __future__ import annotations

import math
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import datetime, timedelta

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import cint, create_batch, get_datetime, now_datetime

from salon_crm.messaging import channels, window
from salon_crm.messaging.consent import Consent, reason_text
from salon_crm.rules import messaging as rules

DOCTYPE = "Salon Message"
QUEUED, SENT, SKIPPED, FAILED = rules.QUEUED, rules.SENT, rules.SKIPPED, rules.FAILED
MAX_ATTEMPTS = rules.MAX_ATTEMPTS

DEFAULT_BATCH_SIZE = 200  # rows claimed at a time
DEFAULT_DEADLINE = 10  # seconds for one SMS, in total
DEFAULT_PARALLEL = 8  # SMS requests at once
DEFAULT_FAILURE_LIMIT = 5  # consecutive failures of a channel that pause it
JOB_BUDGET_SECONDS = 15 * 60  # a sending job claims no new batch after this long (the next tick goes on)
SEND_METHOD = "salon_crm.messaging.outbox.send_due"
JOB_ID = "salon_crm_outbox_send"
SENT_FLUSH = 50  # sent rows written by one UPDATE
PAUSE_KEY = "salon_crm:outbox_pause:{}"

FIELDS = (
	"name",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"docstatus",
	"dedupe_key",
	"purpose",
	"channel",
	"message_date",
	"status",
	"occasion",
	"reference_doctype",
	"reference_name",
	"held_out",
	"customer_profile",
	"family_member",
	"recipient_name",
	"recipient",
	"attempts",
	"send_until",
	"sms_template_id",
	"subject",
	"message",
	"reason",
)


# ---------------------------------------------------------------- adding


def add(rows: list[dict]) -> set[str]:
	"""Insert the rows (dicts of Salon Message fields; `name`, `dedupe_key`, `purpose`, `channel` and `status`
	required), skipping those whose dedupe_key is already there (INSERT IGNORE on the unique key). Returns
	the names of the rows this call inserted. Rows go in key order, so concurrent planners wait on each other
	instead of deadlocking."""
	if not rows:
		return set()
	rows = sorted(rows, key=lambda r: r["dedupe_key"])
	stamp = now_datetime()
	user = frappe.session.user
	defaults = {
		"creation": stamp,
		"modified": stamp,
		"owner": user,
		"modified_by": user,
		"docstatus": 0,
		"attempts": 0,
		"held_out": 0,
	}
	values = [tuple({**defaults, **row}.get(field) for field in FIELDS) for row in rows]
	frappe.db.bulk_insert(DOCTYPE, FIELDS, values, ignore_duplicates=True, chunk_size=1000)

	Message = DocType(DOCTYPE)
	inserted: set[str] = set()
	for chunk in create_batch([r["name"] for r in rows], 1000):
		inserted.update(
			frappe.qb.from_(Message).select(Message.name).where(Message.name.isin(chunk)).run(pluck=True)
		)
	return inserted


def enqueue_sending() -> None:
	"""Queue the sending job once this transaction commits, unless one is already queued or running."""
	frappe.enqueue(
		SEND_METHOD,
		queue="long",
		timeout=JOB_BUDGET_SECONDS + 30 * 60,
		enqueue_after_commit=True,
		job_id=JOB_ID,
		deduplicate=True,
	)


def has_due(at: datetime | None = None) -> bool:
	"""Whether any row is due for sending now (cheap; the scheduler's tick asks before queueing a job)."""
	at = get_datetime(at) if at else now_datetime()
	return bool(frappe.db.sql(f"select 1 from `tab{DOCTYPE}` where {_DUE} limit 1", _due_values(at)))


# ---------------------------------------------------------------- sending


class Settings:
	"""The outbox settings of Salon CRM Settings (read uncached: tests change them)."""

	def __init__(self):
		def value(fieldname: str, default: int) -> int:
			return cint(frappe.db.get_single_value("Salon CRM Settings", fieldname)) or default

		self.batch_size = max(value("greeting_batch_size", DEFAULT_BATCH_SIZE), 1)
		self.deadline = max(value("sms_deadline_seconds", DEFAULT_DEADLINE), 1)
		self.parallel = max(value("sms_parallel_requests", DEFAULT_PARALLEL), 1)
		self.failure_limit = max(value("gateway_failure_limit", DEFAULT_FAILURE_LIMIT), 1)

	def lease(self, rows: int) -> timedelta:
		"""Longer than sending `rows` can take: every SMS ends by its deadline, `parallel` at a time."""
		return timedelta(seconds=math.ceil(rows / self.parallel) * (self.deadline + 1) + 120)


def send_due(
	names: list[str] | None = None,
	at: datetime | str | None = None,
	commit: bool = True,
	any_hour: bool = False,
) -> dict:
	"""Send the due rows (all of them, or only `names`), a batch at a time, until none is left, every channel
	is paused or the job's time budget is spent. `at` stands in for the current time (tests); `commit`
	(background jobs) commits each claim and each batch's outcomes. Outside the sending window nothing is
	sent (`any_hour`: a test message the user sends now). Returns the count of rows by outcome ("released":
	claimed but left for later)."""
	fixed = get_datetime(at) if at else None
	counts: Counter = Counter()
	settings = Settings()
	started = time.monotonic()
	with ThreadPoolExecutor(max_workers=settings.parallel, thread_name_prefix="salon-sms") as pool:
		while time.monotonic() - started < JOB_BUDGET_SECONDS:
			# the clock of each batch: its lease, what is due and the window are those of its own start
			at = fixed or now_datetime()
			if not any_hour and not window.sending_allowed_at(at):
				break
			open_channels = [c for c in rules.CHANNELS if not paused_until(c, at)]
			if not open_channels:
				break
			token = frappe.generate_hash(length=20)
			rows = claim(
				token, settings.batch_size, open_channels, at, settings.lease(settings.batch_size), names
			)
			if commit:
				frappe.db.commit()  # the lease is visible to every other job before anything is sent
			if not rows:
				break
			outcome = _Batch(token, rows, at, settings, pool).send()
			counts.update(outcome)
			if commit:
				frappe.db.commit()
			if outcome.get("released", 0) == len(rows):
				break  # nothing of this batch could be finished: leave it to the next run
	return dict(counts)


_DUE = """status in ('Queued', 'Failed') and attempts < %(max_attempts)s
	and (next_attempt_at is null or next_attempt_at <= %(now)s)
	and (claimed_until is null or claimed_until < %(now)s)"""


def _due_values(at: datetime) -> dict:
	return {"max_attempts": MAX_ATTEMPTS, "now": at}


def claim(
	token: str,
	limit: int,
	channels_: list[str],
	at: datetime,
	lease: timedelta,
	names: list[str] | None = None,
) -> list[frappe._dict]:
	"""Take up to `limit` due rows of these channels (oldest first) for `token` until `at + lease`, in one
	atomic UPDATE: a row another job holds (its lease not over) is not due. Returns the rows taken."""
	values = {**_due_values(at), "token": token, "until": at + lease, "channels": channels_, "limit": limit}
	only = ""
	if names is not None:
		if not names:
			return []
		values["names"] = names
		only = "and name in %(names)s"
	frappe.db.sql(
		f"""update `tab{DOCTYPE}` set claimed_by = %(token)s, claimed_until = %(until)s
		where {_DUE} and channel in %(channels)s {only}
		order by creation limit %(limit)s""",
		values,
	)
	return frappe.db.sql(
		f"""select name, purpose, channel, status, attempts, customer_profile, recipient, subject, message,
			sms_template_id, send_until, reference_doctype, reference_name
		from `tab{DOCTYPE}` where claimed_by = %(token)s order by creation""",
		{"token": token},
		as_dict=True,
	)


def release(token: str) -> None:
	"""Give back the rows `token` holds and did not finish (they stay Queued/Failed and due)."""
	frappe.db.sql(
		f"update `tab{DOCTYPE}` set claimed_by = null, claimed_until = null where claimed_by = %s",
		token,
	)


# ---------------------------------------------------------------- pausing a failing channel


def paused_until(channel: str, at: datetime) -> datetime | None:
	"""The end of the channel's pause when it is paused at `at`, else None."""
	state = frappe.cache.get_value(PAUSE_KEY.format(channel), expires=True)
	if state and get_datetime(state["until"]) > at:
		return get_datetime(state["until"])
	return None


def pause(channel: str, at: datetime) -> datetime:
	"""Pause the channel after a failure streak: 5 minutes the first time, doubling while it keeps failing
	(at most an hour). Returns the end of the pause."""
	key = PAUSE_KEY.format(channel)
	state = frappe.cache.get_value(key, expires=True) or {}
	trips = cint(state.get("trips")) + 1
	until = at + rules.pause_after_trips(trips)
	frappe.cache.set_value(key, {"until": until.isoformat(), "trips": trips}, expires_in_sec=24 * 3600)
	return until


def resume(channel: str) -> None:
	"""A message went through: the channel is healthy again (the next streak pauses 5 minutes)."""
	frappe.cache.delete_value(PAUSE_KEY.format(channel))


class _Batch:
	"""Sends one claimed batch: consent and lateness checked, email handed to Frappe's Email Queue here, SMS
	to the gateway from the pool (at most `parallel` in flight), each outcome written as it arrives; a channel
	whose failures reach the limit in a row is paused and its remaining rows released."""

	def __init__(self, token: str, rows: list, at: datetime, settings: Settings, pool: ThreadPoolExecutor):
		self.token = token
		self.rows = rows
		self.at = at
		self.settings = settings
		self.pool = pool
		self.consent = Consent.of_profiles(r.customer_profile for r in rows if r.customer_profile)
		self.streaks = {c: rules.FailureStreak(settings.failure_limit) for c in rules.CHANNELS}
		self.counts: Counter = Counter()
		self._sms: channels.SmsChannel | None = None
		self.in_flight: dict[Future, frappe._dict] = {}
		self.sent: list[str] = []

	def send(self) -> Counter:
		for row in self.rows:
			if self.streaks[row.channel].tripped:
				continue  # released below
			try:
				self._one(row)
			except Exception as e:
				frappe.log_error(
					title=_("Message could not be sent"), reference_doctype=DOCTYPE, reference_name=row.name
				)
				self._failed(row, _("Error: {0}").format(e))
		while self.in_flight:
			self._collect(
				wait(self.in_flight, timeout=self.settings.deadline + 5, return_when=FIRST_COMPLETED)
			)
		self._flush_sent()
		for channel, streak in self.streaks.items():
			if streak.tripped:
				until = pause(channel, self.at)
				frappe.log_error(
					title=_("{0} sending paused").format(channel),
					message=_(
						"{0} messages failed in a row; sending on this channel resumes after {1}."
					).format(streak.count, until),
				)
			elif streak.succeeded:
				resume(channel)
		release(self.token)
		released = len(self.rows) - sum(self.counts.values())
		if released:
			self.counts["released"] += released
		return self.counts

	def _one(self, row) -> None:
		refused = self._refusal(row)
		if refused:
			self._finish(row, SKIPPED, reason=refused)
		elif row.channel == rules.EMAIL:
			frappe.db.savepoint("salon_message")
			try:
				channels.send_email(row)
			except channels.MessageNotSendable as e:
				frappe.db.rollback(save_point="salon_message")
				self._finish(row, SKIPPED, reason=str(e))
			except channels.MessageSendError as e:
				frappe.db.rollback(save_point="salon_message")
				self._failed(row, str(e))
			except Exception:
				frappe.db.rollback(save_point="salon_message")
				raise
			else:
				self._sent(row)
			frappe.clear_messages()
		elif row.channel == rules.SMS:
			try:
				call = self._sms_channel().prepare(row)
			except channels.MessageNotSendable as e:
				self._finish(row, SKIPPED, reason=str(e))
			except channels.MessageSendError as e:
				self._failed(row, str(e))
			else:
				while len(self.in_flight) >= self._room(rules.SMS):
					self._collect(
						wait(self.in_flight, timeout=self.settings.deadline + 5, return_when=FIRST_COMPLETED)
					)
				if not self.streaks[rules.SMS].tripped:
					self.in_flight[self.pool.submit(channels.deliver, call, self.settings.deadline)] = row
		else:
			self._finish(row, SKIPPED, reason=_("Unknown channel {0}").format(row.channel))

	def _room(self, channel: str) -> int:
		"""Requests allowed in flight: all `parallel` while the channel is healthy; during a failure streak
		only as many as could still fail before the limit (so a dead gateway gets few more requests)."""
		streak = self.streaks[channel]
		if not streak.count:
			return self.settings.parallel
		return max(min(self.settings.parallel, streak.limit - streak.count), 1)

	def _refusal(self, row) -> str | None:
		if row.send_until and get_datetime(row.send_until) < self.at:
			return _("Too late: not sent by {0}").format(row.send_until)
		if not row.customer_profile:
			return None
		if not self.consent.knows(row.customer_profile):
			return _("Customer Profile {0} no longer exists").format(row.customer_profile)
		code = self.consent.refusal(row.customer_profile, row.channel, row.purpose)
		return reason_text(code, row.purpose) if code else None

	def _sms_channel(self) -> channels.SmsChannel:
		if self._sms is None:
			self._sms = channels.SmsChannel()
		return self._sms

	def _collect(self, done_and_pending) -> None:
		done, _pending = done_and_pending
		if not done:  # cannot happen (every request ends by its deadline); give the rows back
			for future in list(self.in_flight):
				future.cancel()
			self.in_flight.clear()
			return
		for future in done:
			row = self.in_flight.pop(future)
			error = future.exception()
			if error is None:
				self._sent(row)
			elif isinstance(error, channels.MessageSendError):
				self._failed(row, channels.sms_error_text(error))
			else:
				self._failed(row, _("Error: {0}").format(error))

	def _sent(self, row) -> None:
		"""Sent rows are written together (one UPDATE per SENT_FLUSH rows and at the end of the batch)."""
		self.streaks[row.channel].record(True)
		self.sent.append(row.name)
		self.counts[SENT] += 1
		if len(self.sent) >= SENT_FLUSH:
			self._flush_sent()

	def _flush_sent(self) -> None:
		if not self.sent:
			return
		frappe.db.sql(
			f"""update `tab{DOCTYPE}` set status = %(sent)s, attempts = attempts + 1, sent_on = %(stamp)s,
				modified = %(stamp)s, reason = null, next_attempt_at = null, claimed_by = null,
				claimed_until = null
			where name in %(names)s""",
			{"sent": SENT, "stamp": now_datetime(), "names": self.sent},
		)
		self.sent = []

	def _failed(self, row, reason: str) -> None:
		self.streaks[row.channel].record(False)
		attempts = cint(row.attempts) + 1
		retry = self.at + rules.retry_delay(attempts) if attempts < MAX_ATTEMPTS else None
		self._finish(row, FAILED, attempts=attempts, reason=reason, next_attempt_at=retry)

	def _finish(self, row, status: str, **values) -> None:
		if values.get("reason"):
			values["reason"] = str(values["reason"])[:1000]
		values.update(status=status, claimed_by=None, claimed_until=None, modified=now_datetime())
		Message = DocType(DOCTYPE)
		query = frappe.qb.update(Message).where(Message.name == row.name)
		for fieldname, value in values.items():
			query = query.set(Message[fieldname], value)
		query.run()
		self.counts[status] += 1
