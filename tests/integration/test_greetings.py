"""Greetings on the real site, sent through a real HTTP SMS gateway started on 127.0.0.1 by the test and
configured in Frappe's SMS Settings; emails read back from Frappe's Email Queue."""

from __future__ import annotations

import email
import json
import threading
from datetime import date, datetime, time

import frappe
import pytest

from salon_crm.greetings import jobs, service
from salon_crm.greetings.setup import ensure_default_templates
from salon_crm.messaging import outbox
from salon_crm.rules.greetings import DEFAULT_TEMPLATES
from salon_crm.salon_crm.doctype.greeting_template.greeting_template import InvalidGreetingTemplateError
from salon_crm.salon_crm.report.greeting_report import greeting_report
from tests.conftest import BENCH
from tests.integration.factories import make_customer_profile, unique_mobile
from tests.integration.gateway import API_KEY, SENDER_ID, Gateway, configure_sms_settings

DAY = date(2025, 3, 14)  # the day greeted in most tests (a Friday, not a leap year)
SALON = "Glow Studio"
BIRTHDAY_TEMPLATE_ID = "1107160000000001"


# ---------------------------------------------------------------- the SMS gateway (tests/integration/gateway.py)


def configure_greetings(**values) -> None:
	settings = {
		"enable_greetings": 1,
		"salon_name": SALON,
		"send_both_channels": 0,
		"greet_family_on_own_number": 0,
		"quiet_hours_start": None,
		"quiet_hours_end": None,
		"greeting_batch_size": 200,
		"sms_template_id_parameter": "template_id",
		"sms_deadline_seconds": 10,
		"sms_parallel_requests": 1,  # one at a time: the tests read the gateway's requests in order
		"gateway_failure_limit": 5,
		**values,
	}
	for fieldname, value in settings.items():
		frappe.db.set_single_value("Salon CRM Settings", fieldname, value)


GREETING_SETTINGS = (
	"enable_greetings",
	"salon_name",
	"send_both_channels",
	"greet_family_on_own_number",
	"quiet_hours_start",
	"quiet_hours_end",
	"greeting_batch_size",
	"sms_template_id_parameter",
	"sms_deadline_seconds",
	"sms_parallel_requests",
	"gateway_failure_limit",
)


def committed_state() -> dict:
	"""What the gateway fixture changes, as committed; restored by tests that must commit."""
	sms_settings = frappe.get_single("SMS Settings")
	return {
		"sms": {
			"sms_gateway_url": sms_settings.sms_gateway_url,
			"message_parameter": sms_settings.message_parameter,
			"receiver_parameter": sms_settings.receiver_parameter,
			"use_post": sms_settings.use_post,
			"parameters": [
				{"parameter": r.parameter, "value": r.value, "header": r.header}
				for r in sms_settings.parameters
			],
		},
		"greetings": {f: frappe.db.get_single_value("Salon CRM Settings", f) for f in GREETING_SETTINGS},
		"templates": frappe.get_all(
			"Greeting Template", fields=["name", "enabled", "subject", "message", "sms_template_id"]
		),
	}


def restore_committed_state(state: dict) -> None:
	settings = frappe.get_single("SMS Settings")
	settings.update(state["sms"])
	settings.flags.ignore_mandatory = True  # a new site has no gateway
	settings.save()
	for fieldname, value in state["greetings"].items():
		frappe.db.set_single_value("Salon CRM Settings", fieldname, value)
	for row in state["templates"]:
		frappe.db.set_value("Greeting Template", row.pop("name"), row)
	frappe.db.commit()


@pytest.fixture
def gateway():
	ensure_default_templates()
	state = committed_state()
	for (occasion, channel), text in DEFAULT_TEMPLATES.items():
		frappe.db.set_value(
			"Greeting Template",
			f"{occasion}-{channel}",
			{"enabled": 1, "subject": text["subject"], "message": text["message"], "sms_template_id": None},
		)
	frappe.db.set_value("Greeting Template", "Birthday-SMS", "sms_template_id", BIRTHDAY_TEMPLATE_ID)
	outbox.resume("SMS")
	outbox.resume("Email")
	server = Gateway()
	server.saved_state = state
	configure_sms_settings(server.url)
	configure_greetings()
	make_outgoing_email_account()
	try:
		yield server
	finally:
		forget_outgoing_email_account()
		server.stop()
		outbox.resume("SMS")
		outbox.resume("Email")


OUTGOING_ACCOUNT = "Salon Greetings Test"


def make_outgoing_email_account() -> None:
	"""A default outgoing account (rolled back with the test); nothing sends the Email Queue in tests."""
	forget_outgoing_email_account()
	frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": OUTGOING_ACCOUNT,
			"email_id": "greetings@glow.example.com",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "127.0.0.1",
			"smtp_port": 2525,
			"no_smtp_authentication": 1,
			"awaiting_password": 1,
		}
	).insert(ignore_permissions=True)


def forget_outgoing_email_account() -> None:
	"""Frappe caches the outgoing account for the life of frappe.local (a request or a job; here the session)."""
	frappe.local.outgoing_email_account = {}


# ---------------------------------------------------------------- factories and read-backs


def make_profile(first_name="Priya", last_name="Sharma", family=(), restrictions=(), **fields):
	fields.setdefault("mobile_no", unique_mobile())
	return make_customer_profile(
		first_name,
		last_name,
		family_members=[dict(row) for row in family],
		communication_restrictions=[{"channel": c, "purpose": p} for c, p in restrictions],
		**fields,
	)


def delete_profile(profile) -> None:
	"""Delete a committed profile with its Customer, Contact and Address."""
	customer = frappe.db.get_value("Customer Profile", profile.name, "customer")
	if customer:  # the Customer points at its Contact/Address, which the profile deletes first
		frappe.db.set_value(
			"Customer", customer, {"customer_primary_contact": None, "customer_primary_address": None}
		)
	frappe.delete_doc("Customer Profile", profile.name, force=True, ignore_permissions=True)


def logs_of(profile) -> list[dict]:
	return frappe.get_all(
		"Salon Message",
		filters={"customer_profile": profile.name},
		fields=["occasion", "channel", "status", "recipient", "attempts", "reason", "message", "subject"],
		order_by="occasion asc, channel asc",
	)


def statuses(profile) -> list[tuple]:
	return [(r.occasion, r.channel, r.status) for r in logs_of(profile)]


def sms(text: str, to: str, **extra) -> dict:
	return {"text": text, "api_key": API_KEY, "sender": SENDER_ID, **extra, "to": to}


def queued_emails(profile) -> list[dict]:
	"""Email Queue rows referencing the profile: recipients, subject and the text of the message."""
	found = []
	for queue in frappe.get_all(
		"Email Queue",
		order_by="creation asc",
		filters={"reference_doctype": "Customer Profile", "reference_name": profile.name},
		fields=["name", "message"],
	):
		mail = email.message_from_string(queue.message)
		html = next(
			part.get_payload(decode=True).decode()
			for part in mail.walk()
			if part.get_content_type() == "text/html"
		)
		found.append(
			{
				"recipients": frappe.get_all(
					"Email Queue Recipient", filters={"parent": queue.name}, pluck="recipient"
				),
				"subject": str(email.header.make_header(email.header.decode_header(mail["Subject"]))),
				"html": html,
			}
		)
	return found


def at(on_date=DAY, hour=10, minute=0) -> datetime:
	return datetime.combine(on_date, time(hour, minute))


def run(on_date=DAY, hour=10, minute=0) -> dict:
	"""The greeting job for `on_date` at hour:minute of that day, sending in this process."""
	return service.queue_todays_greetings(at=at(on_date, hour, minute), now=True)


def send(names) -> dict:
	return outbox.send_due(names=names, at=at(), commit=False)


# ---------------------------------------------------------------- occasions


def test_birthday_sms_is_sent_through_sms_settings_with_template_id(gateway):
	priya = make_profile(date_of_birth=date(1990, 3, 14))

	result = run()

	assert gateway.messages() == [
		sms(
			"Happy birthday, Priya! Warm wishes from Glow Studio.",
			priya.mobile_no,
			template_id=BIRTHDAY_TEMPLATE_ID,
		)
	]
	assert gateway.requests[0]["method"] == "GET"
	assert (result["found"], result["queued"]) == (1, 1)
	[log] = logs_of(priya)
	assert (log.occasion, log.channel, log.status, log.recipient, log.attempts) == (
		"Birthday",
		"SMS",
		"Sent",
		priya.mobile_no,
		1,
	)


def test_family_birthday_sms_has_relation_and_ordinal_and_goes_to_the_customer(gateway):
	priya = make_profile(
		date_of_birth=date(1985, 7, 1),
		family=[
			{
				"member_name": "Raja",
				"relation": "Son",
				"gender": "Male",
				"date_of_birth": date(2012, 3, 14),
				"mobile_no": unique_mobile(),
			}
		],
	)

	run()

	assert gateway.messages() == [
		sms(
			"Happy birthday to your son Raja on his 13th birthday! Warm wishes from Glow Studio.",
			priya.mobile_no,
		)
	]
	assert statuses(priya) == [("Family Birthday", "SMS", "Sent")]


def test_family_member_own_number_is_used_only_when_the_setting_says_so(gateway):
	configure_greetings(greet_family_on_own_number=1)
	raja_mobile = unique_mobile()
	priya = make_profile(
		family=[
			{
				"member_name": "Raja",
				"relation": "Son",
				"date_of_birth": date(2012, 3, 14),
				"mobile_no": raja_mobile,
			}
		],
	)

	run()

	assert gateway.messages() == [
		sms(
			"Happy birthday, Raja! Warm wishes from Glow Studio.",
			raja_mobile,
			template_id=BIRTHDAY_TEMPLATE_ID,
		)
	]
	[log] = logs_of(priya)
	assert (log.occasion, log.status, log.recipient) == ("Family Birthday", "Sent", raja_mobile)


def test_family_member_without_own_number_is_greeted_through_the_customer(gateway):
	configure_greetings(greet_family_on_own_number=1)
	priya = make_profile(
		family=[
			{
				"member_name": "Anu",
				"relation": "Daughter",
				"gender": "Female",
				"date_of_birth": date(2015, 3, 14),
			}
		]
	)

	run()

	assert gateway.messages() == [
		sms(
			"Happy birthday to your daughter Anu on her 10th birthday! Warm wishes from Glow Studio.",
			priya.mobile_no,
		)
	]


def test_anniversary_sms_and_email_when_both_channels_are_on(gateway):
	configure_greetings(send_both_channels=1)
	priya = make_profile(
		date_of_birth=date(1988, 1, 2),
		marital_status="Married",
		anniversary=date(2015, 3, 14),
		email_id="priya.greet@example.com",
	)

	run()

	assert gateway.messages() == [
		sms("Wishing you and your family a happy anniversary, Priya! - Glow Studio", priya.mobile_no)
	]
	[mail] = queued_emails(priya)
	assert mail["recipients"] == ["priya.greet@example.com"]
	assert mail["subject"] == "Happy Anniversary, Priya!"
	assert "Wishing you and your family a very happy anniversary." in mail["html"]
	assert statuses(priya) == [("Anniversary", "Email", "Sent"), ("Anniversary", "SMS", "Sent")]


def test_leap_day_birthday_is_greeted_on_28_february_of_a_non_leap_year(gateway):
	priya = make_profile(
		date_of_birth=date(2000, 2, 29),
		family=[
			{"member_name": "Raja", "relation": "Son", "gender": "Male", "date_of_birth": date(2012, 2, 29)}
		],
	)

	run(date(2025, 2, 27))
	run(date(2025, 3, 1))
	assert gateway.messages() == []

	run(date(2025, 2, 28))

	assert sorted(gateway.messages(), key=lambda m: m["text"]) == [
		sms(
			"Happy birthday to your son Raja on his 13th birthday! Warm wishes from Glow Studio.",
			priya.mobile_no,
		),
		sms(
			"Happy birthday, Priya! Warm wishes from Glow Studio.",
			priya.mobile_no,
			template_id=BIRTHDAY_TEMPLATE_ID,
		),
	]


def test_leap_day_birthday_is_greeted_on_29_february_of_a_leap_year_only(gateway):
	priya = make_profile(date_of_birth=date(2000, 2, 29))

	run(date(2024, 2, 28))
	assert gateway.messages() == []

	run(date(2024, 2, 29))
	assert [m["to"] for m in gateway.messages()] == [priya.mobile_no]


def test_no_greeting_on_the_day_of_birth_itself(gateway):
	make_profile(date_of_birth=DAY)  # born today: no 0th birthday

	run()

	assert gateway.messages() == []


# ---------------------------------------------------------------- restrictions


def test_sms_restricted_for_greetings_falls_back_to_email(gateway):
	priya = make_profile(
		date_of_birth=date(1990, 3, 14),
		email_id="priya.mail@example.com",
		restrictions=[("SMS", "Greetings")],
	)

	run()

	assert gateway.messages() == []
	[mail] = queued_emails(priya)
	assert (mail["recipients"], mail["subject"]) == (["priya.mail@example.com"], "Happy Birthday, Priya!")
	logs = {log.channel: log for log in logs_of(priya)}
	assert (logs["SMS"].status, logs["SMS"].reason) == (
		"Skipped",
		"SMS greetings are restricted on the profile",
	)
	assert logs["Email"].status == "Sent"


def test_restriction_for_another_purpose_does_not_stop_greetings(gateway):
	priya = make_profile(
		date_of_birth=date(1990, 3, 14), restrictions=[("SMS", "Promotions"), ("Email", "All Purposes")]
	)

	run()

	assert [m["to"] for m in gateway.messages()] == [priya.mobile_no]


def test_all_channels_restricted_for_greetings_sends_nothing(gateway):
	priya = make_profile(
		date_of_birth=date(1990, 3, 14),
		email_id="priya.all@example.com",
		restrictions=[("All Channels", "Greetings")],
	)

	run()

	assert gateway.messages() == []
	assert queued_emails(priya) == []
	assert statuses(priya) == [("Birthday", "Email", "Skipped"), ("Birthday", "SMS", "Skipped")]


def test_do_not_contact_sends_nothing(gateway):
	priya = make_profile(date_of_birth=date(1990, 3, 14), email_id="priya.dnc@example.com", do_not_contact=1)

	run()

	assert gateway.messages() == []
	assert queued_emails(priya) == []
	[log] = logs_of(priya)
	assert (log.status, log.reason) == ("Skipped", "Customer asked not to be contacted")


def test_disabled_customer_is_skipped(gateway):
	priya = make_profile(date_of_birth=date(1990, 3, 14), email_id="priya.off@example.com", disabled=1)

	run()

	assert gateway.messages() == []
	assert queued_emails(priya) == []
	[log] = logs_of(priya)
	assert (log.status, log.reason) == ("Skipped", "Customer is disabled")


def test_customer_without_mobile_gets_email(gateway):
	priya = make_profile(date_of_birth=date(1990, 3, 14), mobile_no=None, email_id="priya.nomob@example.com")

	run()

	assert gateway.messages() == []
	assert [m["recipients"] for m in queued_emails(priya)] == [["priya.nomob@example.com"]]
	logs = {log.channel: log for log in logs_of(priya)}
	assert (logs["SMS"].status, logs["SMS"].reason) == ("Skipped", "No mobile number")
	assert logs["Email"].status == "Sent"


def test_customer_who_opts_out_after_queueing_is_not_sent(gateway):
	priya = make_profile(date_of_birth=date(1990, 3, 14))
	service.queue_todays_greetings(at=at(), enqueue=False)
	priya.reload()
	priya.append("communication_restrictions", {"channel": "All Channels", "purpose": "All Purposes"})
	priya.save()

	send(frappe.get_all("Salon Message", filters={"customer_profile": priya.name}, pluck="name"))

	assert gateway.messages() == []
	[log] = logs_of(priya)
	assert (log.status, log.reason) == ("Skipped", "SMS greetings are restricted on the profile")


def test_customer_who_asks_not_to_be_contacted_after_queueing_is_not_sent(gateway):
	priya = make_profile(date_of_birth=date(1990, 3, 14))
	service.queue_todays_greetings(at=at(), enqueue=False)
	frappe.db.set_value("Customer Profile", priya.name, "do_not_contact", 1)

	send(frappe.get_all("Salon Message", filters={"customer_profile": priya.name}, pluck="name"))

	assert gateway.messages() == []
	[log] = logs_of(priya)
	assert (log.channel, log.status, log.reason) == ("SMS", "Skipped", "Customer asked not to be contacted")


# ---------------------------------------------------------------- templates


def test_the_salons_edited_template_is_used_with_jinja(gateway):
	template = frappe.get_doc("Greeting Template", "Birthday-SMS")
	template.message = "{{ first_name | upper }}, {{ salon_name }} wishes you a happy {{ ordinal }} birthday!"
	template.sms_template_id = "TPL-77"
	template.save()
	priya = make_profile(date_of_birth=date(1990, 3, 14))

	run()

	assert gateway.messages() == [
		sms("PRIYA, Glow Studio wishes you a happy 35th birthday!", priya.mobile_no, template_id="TPL-77")
	]


def test_a_disabled_sms_template_sends_the_email_instead(gateway):
	frappe.db.set_value("Greeting Template", "Birthday-SMS", "enabled", 0)
	priya = make_profile(date_of_birth=date(1990, 3, 14), email_id="priya.tpl@example.com")

	run()

	assert gateway.messages() == []
	assert statuses(priya) == [("Birthday", "Email", "Sent")]


def test_a_broken_template_is_refused():
	template = frappe.get_doc("Greeting Template", "Birthday-SMS")
	template.message = "Happy birthday {{ first_name "
	with pytest.raises(InvalidGreetingTemplateError):
		template.save()


def test_a_template_reaching_for_private_attributes_is_refused_and_never_sent(gateway):
	template = frappe.get_doc("Greeting Template", "Birthday-SMS")
	template.message = "{{ first_name.__class__ }}"
	with pytest.raises(InvalidGreetingTemplateError):
		template.save()
	# stored without the form's check
	frappe.db.set_value("Greeting Template", "Birthday-SMS", "message", template.message)
	priya = make_profile(date_of_birth=date(1990, 3, 14))

	run()

	assert gateway.messages() == []
	[log] = logs_of(priya)
	assert (log.channel, log.status) == ("SMS", "Skipped")
	assert log.reason == "Template Birthday-SMS could not be rendered: attribute access (.__class__)"


# Templates are written by Salon Managers: what was tried on the demo site, and Frappe's usual objects.
HOSTILE_TEMPLATES = {
	"read users": '{{ frappe.db.sql("select name from tabUser") }}',
	"read through an error": '{{ frappe.throw(frappe.db.sql("select name from tabUser")|string) }}',
	"write settings": "{{ frappe.db.set_value('Salon CRM Settings', None, 'salon_name', 'Owned') }}",
	"get_doc": "{{ frappe.get_doc('User', 'Administrator').roles }}",
	"call": "{{ frappe.call('frappe.client.set_value', 'Salon CRM Settings', None, 'salon_name', 'Owned') }}",
	"self": "{{ self }}",
	"request": "{{ request }}",
}


@pytest.mark.parametrize("source", HOSTILE_TEMPLATES.values(), ids=HOSTILE_TEMPLATES.keys())
def test_a_salon_manager_cannot_save_a_template_that_reaches_beyond_its_variables(source):
	from salon_crm.salon_crm.doctype.greeting_template.greeting_template import TemplateNotAllowedError
	from tests.integration.plan_factories import make_user

	salon_name = frappe.db.get_single_value("Salon CRM Settings", "salon_name")
	frappe.set_user(make_user("Salon Manager"))
	template = frappe.get_doc("Greeting Template", "Birthday-SMS")
	template.message = source
	with pytest.raises(TemplateNotAllowedError) as refused:
		template.save()
	assert "may not use" in str(refused.value)
	assert "tabUser" not in str(refused.value) and "Administrator" not in str(refused.value)
	frappe.set_user("Administrator")
	assert frappe.db.get_single_value("Salon CRM Settings", "salon_name") == salon_name
	assert frappe.db.get_value("Greeting Template", "Birthday-SMS", "message") != source


@pytest.mark.parametrize("source", HOSTILE_TEMPLATES.values(), ids=HOSTILE_TEMPLATES.keys())
def test_a_hostile_template_already_stored_is_harmless_at_render(gateway, source):
	"""Stored without the form's check (an older version, a direct write): the daily run renders nothing
	of it, sends nothing, writes nothing, and logs why."""
	salon_name = frappe.db.get_single_value("Salon CRM Settings", "salon_name")
	frappe.db.set_value("Greeting Template", "Birthday-SMS", "message", source)
	priya = make_profile(date_of_birth=date(1990, 3, 14))

	run()

	assert gateway.messages() == []
	[log] = logs_of(priya)
	assert (log.channel, log.status) == ("SMS", "Skipped")
	assert log.reason.startswith("Template Birthday-SMS could not be rendered: ")
	assert "Administrator" not in (log.message or "") + log.reason
	assert frappe.db.get_single_value("Salon CRM Settings", "salon_name") == salon_name


def test_default_templates_are_created_once_and_edits_are_kept():
	ensure_default_templates()
	frappe.db.set_value("Greeting Template", "Anniversary-SMS", "message", "Edited")
	frappe.delete_doc("Greeting Template", "Birthday-Email")

	assert ensure_default_templates() == ["Birthday-Email"]
	assert frappe.db.get_value("Greeting Template", "Anniversary-SMS", "message") == "Edited"
	assert ensure_default_templates() == []


# ---------------------------------------------------------------- never twice


def test_running_twice_the_same_day_sends_once(gateway):
	priya = make_profile(date_of_birth=date(1990, 3, 14))

	first = run()
	second = run()

	assert len(gateway.requests) == 1
	assert (first["queued"], second["queued"], second["already_logged"]) == (1, 0, 1)
	assert statuses(priya) == [("Birthday", "SMS", "Sent")]


def test_hourly_job_sends_once_inside_the_window_and_waits_outside(gateway):
	configure_greetings(quiet_hours_start="09:00:00", quiet_hours_end="21:00:00")
	priya = make_profile(date_of_birth=date(1990, 3, 14))

	assert jobs.hourly(at=datetime(2025, 3, 14, 8, 0)) is None
	assert gateway.messages() == []
	assert logs_of(priya) == []

	jobs.hourly(at=datetime(2025, 3, 14, 9, 0))
	jobs.hourly(at=datetime(2025, 3, 14, 10, 0))
	assert jobs.hourly(at=datetime(2025, 3, 14, 21, 0)) is None

	assert [m["to"] for m in gateway.messages()] == [priya.mobile_no]


def test_hourly_job_does_nothing_when_greetings_are_disabled(gateway):
	configure_greetings(enable_greetings=0)
	make_profile(date_of_birth=date(1990, 3, 14))

	assert jobs.hourly(at=datetime(2025, 3, 14, 10, 0)) is None
	assert gateway.messages() == []


def _in_own_connection(work, barrier, results, errors):
	"""Run `work()` in this thread with its own connection to the site, as a worker would, and commit."""
	try:
		frappe.init(site=BENCH.site, sites_path=str(BENCH.sites))
		frappe.connect()
		frappe.set_user("Administrator")
		frappe.flags.in_test = True
		barrier.wait(timeout=30)
		results.append(work())
		frappe.db.commit()
	except Exception as e:
		errors.append(e)
	finally:
		frappe.destroy()


def run_concurrently(work, times: int = 2) -> list:
	barrier = threading.Barrier(times)
	results, errors = [], []
	threads = [
		threading.Thread(target=_in_own_connection, args=(work, barrier, results, errors))
		for _ in range(times)
	]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join(timeout=120)
	assert errors == []
	return results


@pytest.fixture
def committed(gateway):
	"""For tests whose work runs in other connections: commits the gateway settings and the profiles the
	test makes, and deletes and restores all of it afterwards."""
	frappe.delete_doc("Email Account", OUTGOING_ACCOUNT, ignore_permissions=True)  # not needed here
	profiles = []
	yield profiles
	frappe.db.rollback()
	try:
		for profile in profiles:
			frappe.db.delete("Salon Message", {"customer_profile": profile.name})
			delete_profile(profile)
	finally:
		restore_committed_state(gateway.saved_state)


def test_two_concurrent_runs_send_once(gateway, committed):
	priya = make_profile("Concurrent", "Priya", date_of_birth=date(1990, 3, 14))
	committed.append(priya)
	frappe.db.commit()  # the other connections must see the profile and the gateway settings

	results = run_concurrently(lambda: service.queue_todays_greetings(at=at(), now=True))

	assert len(gateway.requests) == 1
	assert sorted(r["queued"] for r in results) == [0, 1]
	frappe.db.rollback()  # a fresh snapshot that sees what the threads committed
	assert statuses(priya) == [("Birthday", "SMS", "Sent")]


def test_two_workers_sending_the_same_batch_send_each_greeting_once(gateway, committed):
	people = [
		make_profile(first, "Worker", date_of_birth=date(1990, 3, 14)) for first in ("Asha", "Bela", "Chitra")
	]
	committed.extend(people)
	service.queue_todays_greetings(at=at(), enqueue=False)
	names = frappe.get_all("Salon Message", filters={"message_date": DAY}, pluck="name", order_by="name")
	frappe.db.commit()

	run_concurrently(lambda: outbox.send_due(names=names, at=at(), commit=True))

	assert sorted(m["to"] for m in gateway.messages()) == sorted(p.mobile_no for p in people)
	frappe.db.rollback()
	for person in people:
		[log] = logs_of(person)
		assert (log.status, log.attempts) == ("Sent", 1)


# ---------------------------------------------------------------- failures


def test_gateway_error_is_logged_and_retried_after_its_backoff(gateway):
	gateway.reply((500, "quota exceeded"))
	priya = make_profile(date_of_birth=date(1990, 3, 14))

	run()

	[log] = logs_of(priya)
	assert (log.status, log.attempts) == ("Failed", 1)
	assert log.reason == "SMS gateway answered HTTP 500: quota exceeded"

	run(minute=4)  # the first retry waits 5 minutes
	assert len(gateway.requests) == 1

	result = run(minute=5)

	assert result["sending"] == {"Sent": 1}
	[log] = logs_of(priya)
	assert (log.status, log.attempts, log.reason) == ("Sent", 2, None)
	assert [m["to"] for m in gateway.messages()] == [priya.mobile_no, priya.mobile_no]  # one 500, one 200

	run(minute=30)
	assert len(gateway.requests) == 2


def test_one_failure_does_not_stop_the_batch(gateway):
	gateway.reply((503, "busy"))
	first = make_profile("Asha", "Rao", date_of_birth=date(1990, 3, 14))
	second = make_profile("Bela", "Iyer", date_of_birth=date(1991, 3, 14))

	run()

	assert len(gateway.requests) == 2
	failed = gateway.messages()[0]["to"]
	by_number = {p.mobile_no: statuses(p)[0][2] for p in (first, second)}
	assert sorted(by_number.values()) == ["Failed", "Sent"]
	assert by_number[failed] == "Failed"


def test_unreachable_gateway_is_logged_as_failed(gateway):
	frappe.db.set_single_value("SMS Settings", "sms_gateway_url", "http://127.0.0.1:9/closed")
	priya = make_profile(date_of_birth=date(1990, 3, 14))

	run()

	[log] = logs_of(priya)
	assert log.status == "Failed"
	assert log.reason.startswith("SMS gateway unreachable")


def test_a_failing_greeting_is_given_up_after_the_maximum_attempts(gateway):
	gateway.reply(*[(500, "down")] * (service.MAX_ATTEMPTS + 2))
	priya = make_profile(date_of_birth=date(1990, 3, 14))

	for hour in range(10, 10 + service.MAX_ATTEMPTS + 2):  # each retry's backoff is over an hour later
		run(hour=hour)

	assert len(gateway.requests) == service.MAX_ATTEMPTS
	[log] = logs_of(priya)
	assert (log.status, log.attempts) == ("Failed", service.MAX_ATTEMPTS)


def test_email_without_an_outgoing_account_is_failed_and_retried(gateway):
	frappe.delete_doc("Email Account", OUTGOING_ACCOUNT, ignore_permissions=True)
	forget_outgoing_email_account()
	priya = make_profile(date_of_birth=date(1990, 3, 14), mobile_no=None, email_id="priya.retry@example.com")

	run()

	log = {log.channel: log for log in logs_of(priya)}["Email"]
	assert (log.status, log.attempts) == ("Failed", 1)
	assert "outgoing Email Account" in log.reason
	assert queued_emails(priya) == []

	make_outgoing_email_account()
	run(minute=5)

	log = {log.channel: log for log in logs_of(priya)}["Email"]
	assert (log.status, log.attempts) == ("Sent", 2)
	assert [m["recipients"] for m in queued_emails(priya)] == [["priya.retry@example.com"]]


def test_json_gateway_gets_a_post_with_header_parameters(gateway):
	configure_sms_settings(
		gateway.url,
		use_post=1,
		extra=[
			{"parameter": "Content-Type", "value": "application/json", "header": 1},
			{"parameter": "Authorization", "value": "Bearer secret", "header": 1},
		],
	)
	priya = make_profile(date_of_birth=date(1990, 3, 14))

	run()

	[request] = gateway.requests
	assert request["method"] == "POST"
	assert request["headers"]["authorization"] == "Bearer secret"
	assert json.loads(request["body"]) == sms(
		"Happy birthday, Priya! Warm wishes from Glow Studio.",
		priya.mobile_no,
		template_id=BIRTHDAY_TEMPLATE_ID,
	)


# ---------------------------------------------------------------- report


def test_report_shows_sent_skipped_and_failed(gateway):
	gateway.reply((500, "down"))
	make_profile("Asha", "Rao", date_of_birth=date(1990, 3, 14))
	make_profile("Bela", "Iyer", date_of_birth=date(1991, 3, 14))
	make_profile("Chitra", "Nair", date_of_birth=date(1992, 3, 14), do_not_contact=1)
	run()

	columns, rows, _message, chart, summary = greeting_report.execute({"from_date": DAY, "to_date": DAY})

	counts = {s["label"]: s["value"] for s in summary}
	assert counts == {"Sent": 1, "Queued": 0, "Skipped": 1, "Failed": 1}
	assert {r["recipient_name"]: r["status"] for r in rows}["Chitra Nair"] == "Skipped"
	assert chart["data"]["labels"] == ["Customer asked not to be contacted"]
	failed = greeting_report.execute({"from_date": DAY, "to_date": DAY, "status": "Failed"})[1]
	assert [r["reason"] for r in failed] == ["SMS gateway answered HTTP 500: down"]
