"""Salon Campaigns on the real site: the audience through the Special Plan rule engine, exclusions with their
reasons, the frequency cap, re-entry, holdout, consent (opt-out and unsubscribe honoured for queued messages),
offers, and SMS through the real HTTP gateway stub on 127.0.0.1. Every campaign's audience is limited by a
tag of its own, so customers of other tests never enter it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import frappe
import pytest
from frappe.utils import add_days

from salon_crm.campaigns import consent, jobs, service
from salon_crm.campaigns.setup import CampaignTemplateNotAllowedError, InvalidCampaignError
from salon_crm.messaging import outbox
from salon_crm.rules import campaigns as rules
from tests.integration.factories import make_customer_profile, unique_mobile
from tests.integration.gateway import Gateway, configure_sms_settings
from tests.integration.plan_factories import ensure_tag, make_plan
from tests.integration.site_setup import COMPANY

AT = datetime(2025, 3, 14, 10, 0)
SALON = "Glow Studio"
SMS_TEXT = "Hi {{ first_name }}, we miss you at {{ salon_name }}!{% if offer %} {{ offer }} until {{ offer_valid_until }}.{% endif %}"


@pytest.fixture
def gateway():
	outbox.resume("SMS")
	server = Gateway()
	configure_sms_settings(server.url)
	for fieldname, value in {
		"salon_name": SALON,
		"quiet_hours_start": None,
		"quiet_hours_end": None,
		"sms_parallel_requests": 1,
		"sms_template_id_parameter": "template_id",
		"marketing_messages_per_30_days": 4,
	}.items():
		frappe.db.set_single_value("Salon CRM Settings", fieldname, value)
	try:
		yield server
	finally:
		server.stop()
		outbox.resume("SMS")


@pytest.fixture
def tag():
	return ensure_tag("_Test Campaign " + frappe.generate_hash(length=8))


def person(tag, first_name="Asha", **fields):
	fields.setdefault("mobile_no", unique_mobile())
	restrictions = fields.pop("restrictions", ())
	return make_customer_profile(
		first_name,
		fields.pop("last_name", "Rao"),
		tags=[{"tag": tag}],
		communication_restrictions=[{"channel": c, "purpose": p} for c, p in restrictions],
		**fields,
	)


def make_campaign(tag, rules_=(), **fields):
	doc = frappe.get_doc(
		{
			"doctype": "Salon Campaign",
			"campaign_name": "_Test Campaign " + frappe.generate_hash(length=8),
			"company": COMPANY,
			"channel": "SMS",
			"send_mode": "Immediately",
			"sms_message": SMS_TEXT,
			"rules": [{"rule_type": "Customer Tag", "tag": tag}, *rules_],
			**fields,
		}
	)
	doc.insert()
	return doc


def messages_of(campaign) -> list[frappe._dict]:
	return frappe.get_all(
		"Salon Message",
		filters={"reference_doctype": "Salon Campaign", "reference_name": campaign.name},
		fields=["customer_profile", "channel", "status", "reason", "recipient", "message", "purpose"],
		order_by="creation asc",
	)


def outcome(campaign) -> dict[str, tuple]:
	return {m.customer_profile: (m.status, m.reason) for m in messages_of(campaign) if m.customer_profile}


def marketing_message(profile, days_ago: int, status="Sent", purpose="Marketing") -> None:
	outbox.add(
		[
			{
				"name": frappe.generate_hash(length=10),
				"dedupe_key": frappe.generate_hash(length=40),
				"purpose": purpose,
				"channel": "SMS",
				"message_date": add_days(AT.date(), -days_ago),
				"status": status,
				"customer_profile": profile.name,
				"recipient": profile.mobile_no,
				"message": "earlier",
			}
		]
	)


# ---------------------------------------------------------------- audience and preview


def test_the_audience_is_who_meets_the_campaigns_rules(tag):
	asha = person(tag, gender="Female")
	person(tag, "Ravi", gender="Male")
	campaign = make_campaign(tag, [{"rule_type": "Gender", "gender": "Female"}])

	assert service.audience(campaign, AT.date()) == [asha.name]


def test_preview_counts_the_audience_and_exclusions_with_reasons_and_writes_nothing(gateway, tag):
	person(tag, "Asha")
	person(tag, "Bela", restrictions=[("SMS", "Promotions")])
	person(tag, "Chitra", mobile_no=None)
	person(tag, "Devi", do_not_contact=1)
	capped = person(tag, "Esha")
	for days in (1, 5, 10, 20):
		marketing_message(capped, days)
	campaign = make_campaign(tag)
	before = frappe.db.count("Salon Message")

	result = service.preview(campaign, at=AT)

	assert (result["audience"], result["entering"], result["to_send"]) == (5, 5, 1)
	assert {row["label"]: row["count"] for row in result["excluded"]} == {
		"SMS marketing is restricted on the profile": 1,
		"No mobile number": 1,
		"Customer asked not to be contacted": 1,
		"Frequency cap: enough marketing messages in the last 30 days": 1,
	}
	[sample] = result["sample"]
	assert sample["message"] == "Hi Asha, we miss you at Glow Studio!"
	assert frappe.db.count("Salon Message") == before
	assert gateway.count == 0


def test_a_greeting_restriction_does_not_exclude_from_marketing(tag):
	person(tag, restrictions=[("SMS", "Greetings")])
	campaign = make_campaign(tag)

	assert service.preview(campaign, at=AT)["to_send"] == 1


# ---------------------------------------------------------------- sending


def test_sending_now_messages_the_audience_through_the_gateway_and_logs_the_excluded(gateway, tag):
	asha = person(tag, "Asha")
	bela = person(tag, "Bela", restrictions=[("All Channels", "Promotions")])
	campaign = make_campaign(tag, sms_template_id="TPL-9")

	result = service.run(campaign, at=AT, now=True)

	assert result["to_send"] == 1 and result["sending"] == {"Sent": 1}
	[request] = gateway.messages()
	assert request["to"] == asha.mobile_no
	assert request["text"] == "Hi Asha, we miss you at Glow Studio!"
	assert request["template_id"] == "TPL-9"
	assert outcome(campaign) == {
		asha.name: ("Sent", None),
		bela.name: ("Skipped", "SMS marketing is restricted on the profile"),
	}
	assert {m.purpose for m in messages_of(campaign)} == {"Marketing"}


def test_a_one_off_campaign_is_sent_once(gateway, tag):
	person(tag)
	campaign = make_campaign(tag)
	service.run(campaign, at=AT, now=True)

	with pytest.raises(service.CampaignAlreadySentError):
		service.run(campaign, at=AT + timedelta(days=1), now=True)
	assert gateway.count == 1


def test_sms_with_email_fallback_emails_a_customer_without_mobile(gateway, tag):
	from tests.integration.test_greetings import forget_outgoing_email_account, make_outgoing_email_account

	make_outgoing_email_account()
	nomobile = person(tag, "Chitra", mobile_no=None, email_id="chitra.campaign@example.com")
	campaign = make_campaign(
		tag,
		channel=rules.SMS_THEN_EMAIL,
		email_subject="We miss you, {{ first_name }}",
		email_message="<p>Dear {{ first_name }}, come back to {{ salon_name }}.</p>",
	)

	service.run(campaign, at=AT, now=True)

	forget_outgoing_email_account()
	[message] = messages_of(campaign)
	assert (message.channel, message.status, message.recipient) == ("Email", "Sent", nomobile.email_id)
	assert gateway.count == 0


def test_customer_names_are_escaped_in_marketing_email(gateway, tag):
	from tests.integration.test_greetings import forget_outgoing_email_account, make_outgoing_email_account

	make_outgoing_email_account()
	mallory = person(tag, "Mallory", email_id="mallory.campaign@example.com")
	# stored as imported, without the form's checks
	frappe.db.set_value("Customer Profile", mallory.name, "first_name", "<b>Mallory</b>")
	campaign = make_campaign(
		tag,
		channel="Email",
		email_subject="Hello",
		email_message="<p>Dear {{ first_name }}</p>",
	)

	service.run(campaign, at=AT, now=False)

	forget_outgoing_email_account()
	[message] = messages_of(campaign)
	assert message.message == "<p>Dear &lt;b&gt;Mallory&lt;/b&gt;</p>"


# ---------------------------------------------------------------- cap, re-entry, holdout


def test_the_frequency_cap_counts_marketing_messages_not_greetings(tag):
	frappe.db.set_single_value("Salon CRM Settings", "marketing_messages_per_30_days", 2)
	greeted = person(tag, "Asha")
	marketed = person(tag, "Bela")
	old = person(tag, "Chitra")
	for days in (1, 2, 3):
		marketing_message(greeted, days, purpose="Greeting")
	marketing_message(marketed, 1)
	marketing_message(marketed, 29)
	marketing_message(old, 30)  # outside the 30 days
	marketing_message(old, 2, status="Failed")  # never reached her
	campaign = make_campaign(tag)

	result = service.plan(campaign, at=AT)

	queued = {r["customer_profile"] for r in result.rows if r["status"] == "Queued"}
	assert queued == {greeted.name, old.name}
	assert result.excluded == {rules.FREQUENCY_CAP: 1}


def test_a_recurring_campaign_run_twice_in_one_day_sends_nothing_twice(gateway, tag):
	person(tag)
	campaign = make_campaign(tag, send_mode="Recurring", frequency="Daily", reentry_days=30)

	first = jobs.every_five_minutes(at=AT)
	second = jobs.every_five_minutes(at=AT + timedelta(hours=4))
	direct = service.run(campaign, at=AT + timedelta(hours=5), now=True)  # even when forced

	assert first[campaign.name]["to_send"] == 1
	assert campaign.name not in second
	assert (direct["entering"], direct["to_send"]) == (0, 0)
	assert gateway.count == 1


def test_a_recurring_campaign_messages_a_customer_again_only_after_the_reentry_period(gateway, tag):
	asha = person(tag)
	campaign = make_campaign(tag, send_mode="Recurring", frequency="Daily", reentry_days=30)

	service.run(campaign, at=AT, now=True)
	service.run(campaign, at=AT + timedelta(days=29), now=True)
	assert gateway.count == 1

	service.run(campaign, at=AT + timedelta(days=30), now=True)

	assert [m["to"] for m in gateway.messages()] == [asha.mobile_no, asha.mobile_no]


def test_the_holdout_keeps_its_share_unmessaged_and_logs_them(gateway, tag):
	campaign = make_campaign(tag, holdout_percent=50)
	people = [person(tag, f"Holdout{i}") for i in range(6)]
	while len({rules.held_out(campaign.name, p.name, 50) for p in people}) < 2:  # both sides present
		people.append(person(tag, f"Holdout{len(people)}"))

	service.run(campaign, at=AT, now=True)

	held = {p.name for p in people if rules.held_out(campaign.name, p.name, 50)}
	result = outcome(campaign)
	assert {name for name, (status, _r) in result.items() if status == "Skipped"} == held
	assert {reason for status, reason in result.values() if status == "Skipped"} == {
		"Held out (control group)"
	}
	assert gateway.count == len(people) - len(held)


# ---------------------------------------------------------------- consent after queueing


def test_an_sms_opt_out_stops_the_message_already_queued(gateway, tag):
	asha = person(tag)
	campaign = make_campaign(tag)
	service.run(campaign, at=AT, now=False)  # queued for the sending job
	assert outcome(campaign) == {asha.name: ("Queued", None)}

	assert consent.opt_out(asha.name, "SMS") is True
	outbox.send_due(at=AT, commit=False)

	assert gateway.count == 0
	assert outcome(campaign) == {asha.name: ("Skipped", "SMS marketing is restricted on the profile")}
	assert consent.opt_out(asha.name, "SMS") is False  # once is enough


def test_a_marketing_email_carries_the_unsubscribe_link_and_unsubscribing_restricts_the_profile(gateway, tag):
	from tests.integration.test_greetings import forget_outgoing_email_account, make_outgoing_email_account

	make_outgoing_email_account()
	bela = person(tag, "Bela", email_id="bela.campaign@example.com")
	campaign = make_campaign(
		tag, channel="Email", email_subject="Come back", email_message="<p>Dear {{ first_name }}</p>"
	)
	service.run(campaign, at=AT, now=True)
	forget_outgoing_email_account()

	[queue] = frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": "Salon Campaign", "reference_name": campaign.name},
		fields=["name", "add_unsubscribe_link", "message", "unsubscribe_method"],
	)
	assert queue.add_unsubscribe_link == 1
	assert "<!--unsubscribe_url-->" in queue.message
	assert "Unsubscribe from offers" in queue.message

	frappe.get_doc(  # what Frappe's unsubscribe link records
		{
			"doctype": "Email Unsubscribe",
			"email": bela.email_id,
			"reference_doctype": "Salon Campaign",
			"reference_name": campaign.name,
		}
	).insert(ignore_permissions=True)

	restrictions = frappe.get_all(
		"Communication Restriction",
		filters={"parent": bela.name, "parenttype": "Customer Profile"},
		fields=["channel", "purpose"],
	)
	assert [(r.channel, r.purpose) for r in restrictions] == [("Email", "Promotions")]


# ---------------------------------------------------------------- offer, schedule, test send


def test_the_special_plan_offer_is_assigned_to_messaged_customers_only(gateway, tag):
	asha = person(tag, "Asha")
	bela = person(tag, "Bela", restrictions=[("SMS", "Promotions")])
	plan = make_plan(valid_from=add_days(AT.date(), -10))
	campaign = make_campaign(
		tag,
		offer_type="Special Plan",
		special_plan=plan.name,
		offer_description="15% off facials",
		offer_days=14,
	)

	result = service.run(campaign, at=AT, now=True)

	assert result["offers_assigned"] == 1
	assignments = frappe.get_all(
		"Special Plan Assignment",
		filters={"special_plan": plan.name},
		fields=["customer_profile", "from_date", "to_date", "status"],
	)
	assert [(a.customer_profile, a.from_date, a.to_date) for a in assignments] == [
		(asha.name, AT.date(), date(2025, 3, 27))
	]
	assert bela.name not in {a.customer_profile for a in assignments}
	assert gateway.messages()[0]["text"].endswith("15% off facials until 27-03-2025.")


def test_a_campaign_at_a_time_runs_when_its_time_comes(gateway, tag):
	person(tag)
	campaign = make_campaign(tag, send_mode="At a Date and Time", send_at=AT + timedelta(hours=2))

	assert campaign.name not in jobs.every_five_minutes(at=AT + timedelta(hours=1))
	done = jobs.every_five_minutes(at=AT + timedelta(hours=2, minutes=3))
	again = jobs.every_five_minutes(at=AT + timedelta(hours=3))

	assert done[campaign.name]["to_send"] == 1
	assert campaign.name not in again
	assert gateway.count == 1


def test_a_send_time_outside_the_sending_window_is_refused(tag):
	frappe.db.set_single_value("Salon CRM Settings", "quiet_hours_start", "09:00:00")
	frappe.db.set_single_value("Salon CRM Settings", "quiet_hours_end", "21:00:00")

	with pytest.raises(InvalidCampaignError):
		make_campaign(tag, send_mode="At a Date and Time", send_at=AT.replace(hour=22))


def test_a_test_send_goes_only_to_the_chosen_number_and_is_not_a_result(gateway, tag):
	asha = person(tag, "Asha")
	campaign = make_campaign(tag)

	row = service.test_message(campaign, "+919800012345", at=AT)

	assert row.status == "Sent"
	assert gateway.messages()[0]["to"] == "+919800012345"
	assert gateway.messages()[0]["text"] == "Hi Asha, we miss you at Glow Studio!"
	assert outcome(campaign) == {}  # no customer row
	assert service.preview(campaign, at=AT)["to_send"] == 1  # and asha is still to be messaged
	assert asha.name


def test_a_template_reaching_beyond_its_variables_is_refused_on_save(tag):
	with pytest.raises(CampaignTemplateNotAllowedError):
		make_campaign(tag, sms_message="{{ frappe.db.sql('select 1') }}")


# ---------------------------------------------------------------- results


def test_results_count_who_returned_within_the_days_and_their_income_beside_the_holdout(gateway, tag):
	from frappe.utils import now_datetime

	from salon_crm.campaigns import results
	from salon_crm.salon_crm.report.campaign_results import campaign_results
	from tests.integration.factories import make_sales_invoice

	campaign = make_campaign(tag, holdout_percent=50, results_days=7)
	held, messaged = [], []
	while len(held) < 2 or len(messaged) < 2:  # the hash decides: enough customers on both sides
		someone = person(tag, f"Result{len(held) + len(messaged)}")
		(held if rules.held_out(campaign.name, someone.name, 50) else messaged).append(someone)
	run_at = now_datetime().replace(hour=10, minute=0, second=0, microsecond=0) - timedelta(days=20)
	service.run(campaign, at=run_at, now=True)

	def bought(profile, days_after, amount):
		make_sales_invoice(
			profile.customer,
			[("SVC-HAIRCUT", 1, amount)],
			posting_date=add_days(run_at.date(), days_after),
		)

	bought(messaged[0], 2, 1000)
	bought(messaged[0], 6, 200)  # the same customer, still inside 7 days
	bought(messaged[0], 10, 300)  # after the 7 days: not counted
	bought(messaged[1], 8, 500)  # returned too late
	bought(held[0], 3, 400)

	s = results.summary(campaign)

	assert s["groups"] == {"Messaged": len(messaged), "Held Out": len(held), "Excluded": 0, "Not Reached": 0}
	assert s["messaged"]["returned"] == 1
	assert s["messaged"]["income"] == 1200
	assert s["messaged"]["return_rate"] == round(100 / len(messaged), 2)
	assert (s["held_out"]["returned"], s["held_out"]["income"]) == (1, 400)
	assert s["lift"]["return_rate_points"] == round(100 / len(messaged) - 100 / len(held), 2)
	by_profile = {r.customer_profile: r for r in results.customers(campaign)}
	assert (by_profile[messaged[0].name].visits, by_profile[messaged[0].name].income) == (2, 1200)
	assert by_profile[messaged[1].name].visits == 0

	returned = campaign_results.execute({"campaign": campaign.name, "group": "Messaged", "returned": 1})[1]
	assert [r["customer_profile"] for r in returned] == [messaged[0].name]
	held_rows = campaign_results.execute({"campaign": campaign.name, "group": "Held Out"})[1]
	assert {r["reason"] for r in held_rows} == {"Held out (control group)"}
	[row] = [r for r in campaign_results.execute({})[1] if r["campaign"] == campaign.name]
	assert (row["messaged"], row["held_out"], row["returned"], row["income"]) == (
		len(messaged),
		len(held),
		1,
		1200,
	)


def test_the_plan_offer_applies_on_a_later_invoice_and_counts_as_redeemed(gateway, tag):
	from salon_crm.campaigns import results
	from tests.integration.plan_factories import api_invoice

	asha = person(tag, "Asha")
	bela = person(tag, "Bela", restrictions=[("SMS", "Promotions")])
	plan = make_plan(discount=15)
	campaign = make_campaign(tag, offer_type="Special Plan", special_plan=plan.name, offer_days=30)
	service.run(campaign, now=True)

	mine = api_invoice(asha.customer, [("SVC-FACIAL", 1)])
	theirs = api_invoice(bela.customer, [("SVC-FACIAL", 1)])

	assert [row.rate for row in mine.items] == [1020]  # 1200 less the plan's 15 %
	assert [row.rate for row in theirs.items] == [1200]
	assert results.summary(campaign)["redemptions"] == 1


def test_a_shared_coupon_code_is_shown_in_the_message_and_its_use_counts_as_redeemed(gateway, tag):
	from frappe.utils import formatdate, nowdate

	from salon_crm.campaigns import results
	from tests.integration.plan_factories import open_pos, pos_invoice

	asha = person(tag, "Asha")
	rule = frappe.get_doc(
		{
			"doctype": "Pricing Rule",
			"title": "_Test Campaign Coupon " + frappe.generate_hash(length=6),
			"apply_on": "Item Code",
			"items": [{"item_code": "SVC-HAIRCUT"}],
			"selling": 1,
			"coupon_code_based": 1,
			"price_or_product_discount": "Price",
			"rate_or_discount": "Discount Percentage",
			"discount_percentage": 10,
			"company": COMPANY,
			"currency": "INR",
		}
	).insert()
	code = "BACK" + frappe.generate_hash(length=6).upper()
	coupon = frappe.get_doc(
		{
			"doctype": "Coupon Code",
			"coupon_name": code,
			"coupon_code": code,
			"coupon_type": "Promotional",
			"pricing_rule": rule.name,
			"maximum_use": 100,
		}
	).insert()
	campaign = make_campaign(
		tag,
		offer_type="Coupon Code",
		coupon_code=coupon.name,
		sms_message="{{ first_name }}, use {{ coupon_code }} for 10% off until {{ offer_valid_until }}",
		offer_days=10,
	)
	service.run(campaign, now=True)

	until = formatdate(add_days(nowdate(), 9))
	assert gateway.messages()[0]["text"] == f"Asha, use {code} for 10% off until {until}"

	# the customer comes back and pays at the counter with the code
	receipt = pos_invoice(asha.customer, open_pos(), items=(("SVC-HAIRCUT", 1),), coupon_code=coupon.name)

	assert [row.discount_percentage for row in receipt.items] == [10]
	assert results.summary(campaign)["redemptions"] == 1


def test_send_now_queues_one_run_job_and_refuses_a_campaign_already_sent(tag):
	person(tag)
	campaign = make_campaign(tag)

	assert service.enqueue_run(campaign) == {"queued": 1}  # the job is queued when the request commits

	service.run_job(campaign.name)
	with pytest.raises(service.CampaignAlreadySentError):
		service.enqueue_run(campaign.name)


def test_a_daily_client_reconnect_campaign_messages_those_whose_last_visit_is_over_60_days_ago(gateway, tag):
	from frappe.utils import now_datetime

	from tests.integration.factories import make_sales_invoice

	today = now_datetime().replace(hour=10, minute=0, second=0, microsecond=0)
	lapsed = person(tag, "Lapsed")
	recent = person(tag, "Recent")
	person(tag, "Never")  # never visited: not a lapsed client
	make_sales_invoice(lapsed.customer, [("SVC-HAIRCUT", 1, 500)], posting_date=add_days(today.date(), -61))
	make_sales_invoice(recent.customer, [("SVC-HAIRCUT", 1, 500)], posting_date=add_days(today.date(), -61))
	make_sales_invoice(recent.customer, [("SVC-HAIRCUT", 1, 500)], posting_date=add_days(today.date(), -10))
	campaign = make_campaign(
		tag,
		[{"rule_type": "Last Visit More Than N Days Ago", "days": 60}],
		send_mode="Recurring",
		frequency="Daily",
		reentry_days=90,
	)

	first = jobs.every_five_minutes(at=today)
	tomorrow = jobs.every_five_minutes(at=today + timedelta(days=1))

	assert first[campaign.name]["to_send"] == 1
	assert tomorrow[campaign.name]["entering"] == 0  # she entered yesterday: not again within 90 days
	assert [m["to"] for m in gateway.messages()] == [lapsed.mobile_no]
