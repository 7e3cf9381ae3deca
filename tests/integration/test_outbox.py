"""The outbox against a bad gateway: a real HTTP stub on 127.0.0.1 (tests/integration/gateway.py) that hangs,
trickles, fails or answers, configured in Frappe's SMS Settings. Times are measured with the wall clock, with
margins wide enough for a busy machine and far below what the old sender took (15 s per read, one message
after another)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

import frappe
import pytest

from salon_crm.messaging import outbox
from tests.integration.factories import make_customer_profile, unique_mobile
from tests.integration.gateway import FAILING, HANGING, HEALTHY, TRICKLING, Gateway, configure_sms_settings

AT = datetime(2025, 3, 14, 10, 0)


def configure(deadline=10, parallel=8, failure_limit=5, batch_size=200) -> None:
	for fieldname, value in {
		"quiet_hours_start": None,
		"quiet_hours_end": None,
		"sms_deadline_seconds": deadline,
		"sms_parallel_requests": parallel,
		"gateway_failure_limit": failure_limit,
		"greeting_batch_size": batch_size,
		"sms_template_id_parameter": None,
	}.items():
		frappe.db.set_single_value("Salon CRM Settings", fieldname, value)


@pytest.fixture
def stub():
	"""Start a gateway in the mode a test asks for (`stub(mode, **options)`); stopped afterwards. The
	channels' pauses (kept in the cache, not rolled back) are cleared before and after."""
	started = []
	outbox.resume("SMS")
	outbox.resume("Email")

	def start(mode=HEALTHY, **options) -> Gateway:
		gateway = Gateway(mode, **options)
		started.append(gateway)
		configure_sms_settings(gateway.url)
		return gateway

	try:
		yield start
	finally:
		for gateway in started:
			gateway.stop()
		outbox.resume("SMS")
		outbox.resume("Email")


@pytest.fixture
def profile():
	return make_customer_profile("Outbox", "Tester", mobile_no=unique_mobile())


def queue(profile, count: int, channel: str = "SMS") -> list[str]:
	"""`count` queued greetings for the profile (distinct dedupe keys), in the outbox."""
	rows = [
		{
			"name": frappe.generate_hash(length=10),
			"dedupe_key": frappe.generate_hash(length=40),
			"purpose": "Greeting",
			"channel": channel,
			"message_date": AT.date(),
			"status": "Queued",
			"customer_profile": profile.name,
			"recipient_name": profile.full_name,
			"recipient": profile.mobile_no if channel == "SMS" else "outbox.tester@example.com",
			"subject": "Hello" if channel == "Email" else None,
			"message": f"Message {i}",
		}
		for i in range(count)
	]
	outbox.add(rows)
	return [r["name"] for r in rows]


def rows(names) -> list[frappe._dict]:
	return frappe.get_all(
		"Salon Message",
		filters={"name": ("in", names)},
		fields=["name", "status", "attempts", "reason", "claimed_by", "claimed_until", "next_attempt_at"],
	)


def by_status(names) -> dict[str, int]:
	counts: dict[str, int] = {}
	for row in rows(names):
		counts[row.status] = counts.get(row.status, 0) + 1
	return counts


def timed_send(at=AT, names=None) -> tuple[float, dict]:
	started = time.monotonic()
	result = outbox.send_due(names=names, at=at, commit=False)
	return time.monotonic() - started, result


# ---------------------------------------------------------------- a real deadline


def test_a_gateway_that_never_answers_fails_the_message_at_its_deadline(stub, profile):
	configure(deadline=1)
	gateway = stub(HANGING)
	[name] = queue(profile, 1)

	seconds, _result = timed_send()

	assert gateway.count == 1
	assert seconds < 3  # the old sender waited 15 s
	[row] = rows([name])
	assert (row.status, row.attempts) == ("Failed", 1)
	assert row.reason == "SMS gateway gave no complete answer within 1 seconds"
	assert row.next_attempt_at == AT + timedelta(minutes=5)


def test_a_trickling_gateway_is_cut_off_at_the_total_deadline_not_per_read(stub, profile):
	"""One byte every 0.3 s never trips a per-read timeout; the whole answer (about 70 bytes) would take
	20 s. The message fails at its 2-second deadline instead of ending Sent."""
	configure(deadline=2)
	stub(TRICKLING, interval=0.3)
	[name] = queue(profile, 1)

	seconds, _result = timed_send()

	assert seconds < 4.5
	[row] = rows([name])
	assert (row.status, row.reason) == ("Failed", "SMS gateway gave no complete answer within 2 seconds")


def test_a_trickling_answer_that_completes_within_the_deadline_is_sent(stub, profile):
	configure(deadline=10)
	stub(TRICKLING, interval=0.01)
	[name] = queue(profile, 1)

	timed_send()

	[row] = rows([name])
	assert (row.status, row.attempts, row.reason) == ("Sent", 1, None)


# ---------------------------------------------------------------- the circuit breaker


def test_a_hanging_gateway_stops_the_batch_after_the_failure_limit(stub, profile):
	"""30 messages, a gateway that never answers: the old sender held its worker 30 x 15 s. Here 2 in flight
	at a time with a 1-second deadline; once failures start, no more requests go out than could still fail
	before the limit, and the batch stops at 3 failures in a row. The rest stay Queued, released, for a
	later run, and SMS pauses 5 minutes."""
	configure(deadline=1, parallel=2, failure_limit=3)
	gateway = stub(HANGING)
	names = queue(profile, 30)

	seconds, result = timed_send()

	assert seconds < 4
	assert gateway.count == 3
	assert by_status(names) == {"Failed": 3, "Queued": 27}
	assert result == {"Failed": 3, "released": 27}
	assert all(r.claimed_by is None and r.claimed_until is None for r in rows(names))
	assert outbox.paused_until("SMS", AT) == AT + timedelta(minutes=5)


def test_a_paused_channel_waits_then_pauses_longer_while_the_gateway_keeps_failing(stub, profile):
	configure(parallel=1, failure_limit=2)
	gateway = stub(FAILING)
	names = queue(profile, 10)

	outbox.send_due(at=AT, commit=False)
	assert gateway.count == 2

	outbox.send_due(at=AT + timedelta(minutes=4), commit=False)
	assert gateway.count == 2  # paused for 5 minutes

	outbox.send_due(at=AT + timedelta(minutes=5), commit=False)
	assert gateway.count == 4  # tried again, failed twice again: now 10 minutes
	assert outbox.paused_until("SMS", AT + timedelta(minutes=5)) == AT + timedelta(minutes=15)

	outbox.send_due(at=AT + timedelta(minutes=14), commit=False)
	assert gateway.count == 4
	assert sum(r.attempts for r in rows(names)) == 4


def test_a_success_ends_the_pause_and_the_queued_rest_goes_out(stub, profile):
	configure(parallel=1, failure_limit=2)
	gateway = stub(FAILING)
	names = queue(profile, 10)
	outbox.send_due(at=AT, commit=False)
	assert by_status(names) == {"Failed": 2, "Queued": 8}

	gateway.mode = HEALTHY
	outbox.send_due(at=AT + timedelta(minutes=5), commit=False)

	assert by_status(names) == {"Sent": 10}
	assert gateway.count == 12
	assert outbox.paused_until("SMS", AT + timedelta(minutes=5)) is None


def test_email_goes_on_while_sms_is_paused(stub, profile):
	from tests.integration.test_greetings import forget_outgoing_email_account, make_outgoing_email_account

	make_outgoing_email_account()
	configure(parallel=1, failure_limit=2)
	stub(FAILING)
	sms = queue(profile, 5)
	emails = queue(profile, 3, channel="Email")

	outbox.send_due(at=AT, commit=False)

	forget_outgoing_email_account()
	assert by_status(sms) == {"Failed": 2, "Queued": 3}
	assert by_status(emails) == {"Sent": 3}


# ---------------------------------------------------------------- bounded parallel sending


def test_a_healthy_gateway_gets_parallel_requests_up_to_the_setting(stub, profile):
	"""24 messages to a gateway that takes 0.3 s each: 7 s one after another, under 4 s four at a time."""
	configure(parallel=4)
	gateway = stub(HEALTHY, delay=0.3)
	names = queue(profile, 24)

	seconds, result = timed_send()

	assert result == {"Sent": 24}
	assert by_status(names) == {"Sent": 24}
	assert gateway.max_in_flight == 4
	assert seconds < 4


# ---------------------------------------------------------------- leases: one job per row


def test_rows_a_live_job_holds_are_not_taken_by_another_job(stub, profile):
	configure()
	gateway = stub(HEALTHY)
	held = queue(profile, 3)
	outbox.claim("live-job", 10, ["SMS"], AT, timedelta(minutes=30))  # a job still sending them
	free = queue(profile, 2)

	result = outbox.send_due(at=AT + timedelta(minutes=20), commit=False)  # the old code re-queued at 15

	assert result == {"Sent": 2}
	assert gateway.count == 2
	assert by_status(free) == {"Sent": 2}
	assert {(r.status, r.claimed_by) for r in rows(held)} == {("Queued", "live-job")}


def test_rows_of_a_job_that_died_are_sent_once_its_lease_is_over(stub, profile):
	configure()
	gateway = stub(HEALTHY)
	held = queue(profile, 3)
	outbox.claim("dead-job", 10, ["SMS"], AT, timedelta(minutes=30))

	outbox.send_due(at=AT + timedelta(minutes=31), commit=False)

	assert gateway.count == 3
	assert by_status(held) == {"Sent": 3}


def test_a_claim_takes_only_due_rows_of_open_channels_up_to_its_limit(profile):
	configure()
	sms = queue(profile, 5)
	emails = queue(profile, 2, channel="Email")

	taken = outbox.claim("job-a", 3, ["SMS"], AT, timedelta(minutes=10))
	again = outbox.claim("job-b", 10, ["SMS"], AT, timedelta(minutes=10))

	assert len(taken) == 3 and len(again) == 2
	assert {r.name for r in taken} | {r.name for r in again} == set(sms)
	assert not {r.name for r in taken} & {r.name for r in again}
	assert by_status(emails) == {"Queued": 2}
	assert outbox.claim("job-c", 10, ["SMS"], AT, timedelta(minutes=10)) == []


def test_nothing_is_sent_outside_the_sending_window(stub, profile):
	configure()
	frappe.db.set_single_value("Salon CRM Settings", "quiet_hours_start", "09:00:00")
	frappe.db.set_single_value("Salon CRM Settings", "quiet_hours_end", "21:00:00")
	gateway = stub(HEALTHY)
	names = queue(profile, 2)

	outbox.send_due(at=AT.replace(hour=22), commit=False)
	assert gateway.count == 0

	outbox.send_due(at=AT, commit=False)
	assert by_status(names) == {"Sent": 2}


def test_the_scheduler_tick_asks_for_the_sending_job_inside_the_window_when_messages_are_due(profile):
	from frappe.utils import now_datetime

	from salon_crm.messaging import jobs

	configure()
	queue(profile, 1)
	assert jobs.every_five_minutes() is True

	later = now_datetime() + timedelta(hours=2)  # a window that does not include now
	frappe.db.set_single_value("Salon CRM Settings", "quiet_hours_start", later.strftime("%H:00:00"))
	frappe.db.set_single_value(
		"Salon CRM Settings", "quiet_hours_end", (later + timedelta(hours=1)).strftime("%H:00:00")
	)
	assert jobs.every_five_minutes() is False


# ---------------------------------------------------------------- the patch from Greeting Log


def test_the_patch_moves_greeting_log_rows_into_the_outbox():
	"""A site that has both tables (a Greeting Log left by the old version beside a synced Salon Message):
	the old rows are copied, as greetings with their date. (Where only Greeting Log exists the patch renames
	the doctype; that path needs a site without the outbox table.)"""
	from salon_crm.patches.v0_2 import greeting_log_to_salon_message as patch

	created = not frappe.db.table_exists("Greeting Log")
	if created:  # DDL commits: this test cleans up after itself
		frappe.db.sql_ddl(
			"""create table `tabGreeting Log` (name varchar(140) primary key, creation datetime(6),
			modified datetime(6), modified_by varchar(140), owner varchar(140), docstatus int default 0,
			idx int default 0, dedupe_key varchar(140), occasion varchar(140), channel varchar(140),
			occasion_date date, status varchar(140), customer_profile varchar(140), family_member varchar(140),
			recipient_name varchar(140), recipient varchar(140), attempts int default 0, sent_on datetime(6),
			sms_template_id varchar(140), subject varchar(140), message text, reason text)"""
		)
	name = "old-" + frappe.generate_hash(length=8)
	frappe.db.sql(
		"""insert into `tabGreeting Log` (name, creation, modified, owner, modified_by, dedupe_key, occasion,
		channel, occasion_date, status, attempts, recipient, message)
		values (%s, now(), now(), 'Administrator', 'Administrator', %s, 'Birthday', 'SMS', '2025-03-14',
		'Sent', 1, '+919800000001', 'Happy birthday')""",
		(name, name),
	)
	frappe.db.commit()
	try:
		patch.execute()

		[row] = frappe.get_all(
			"Salon Message",
			filters={"name": name},
			fields=["purpose", "occasion", "message_date", "status", "attempts", "dedupe_key"],
		)
		assert row == {
			"purpose": "Greeting",
			"occasion": "Birthday",
			"message_date": AT.date(),
			"status": "Sent",
			"attempts": 1,
			"dedupe_key": name,
		}
		assert not frappe.db.exists("DocType", "Greeting Log")
	finally:
		frappe.db.rollback()
		frappe.db.delete("Salon Message", {"name": name})
		if frappe.db.table_exists("Greeting Log"):
			frappe.db.delete("Greeting Log", {"name": name})
		frappe.db.commit()
		if created:
			frappe.db.sql_ddl("drop table if exists `tabGreeting Log`")


def test_a_window_ending_at_midnight_is_a_window_not_any_hour():
	"""Frappe reads a stored 00:00:00 as timedelta(0), which is falsy: it must still close the window."""
	from datetime import datetime

	from salon_crm.messaging.window import sending_allowed_at

	frappe.db.set_single_value(
		"Salon CRM Settings", {"quiet_hours_start": "22:00:00", "quiet_hours_end": "00:00:00"}
	)
	assert sending_allowed_at(datetime(2026, 12, 4, 23, 30))
	assert not sending_allowed_at(datetime(2026, 12, 4, 21, 30))
	assert not sending_allowed_at(datetime(2026, 12, 4, 0, 30))
	frappe.db.set_single_value(
		"Salon CRM Settings", {"quiet_hours_start": "00:00:00", "quiet_hours_end": "06:00:00"}
	)
	assert sending_allowed_at(datetime(2026, 12, 4, 5, 0))
	assert not sending_allowed_at(datetime(2026, 12, 4, 7, 0))
