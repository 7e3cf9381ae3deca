"""Salon Campaigns: the audience (the Special Plan rule engine, set-based), who is messaged and who is
excluded and why, the rendered messages, and a run that plans them into the outbox (messaging.outbox), which
sends, retries and logs them. Preview and run go through the same planning, so the preview's numbers are the
run's.

- Audience: `plans.eligibility.audience(rules, company, day)`: one SQL statement over all profiles with the
  campaign's rules (Special Plan Rule rows: spend, visits, age, gender, months, cards, referrals, tags, RFM
  segment, last visit more / less than N days ago, never visited) and company; disabled profiles are never
  in it.
- Entering: recurring campaigns leave out customers who entered a run within the re-entry period; a one-off
  campaign runs once.
- Holdout, consent for marketing (restrictions with the Promotions purpose, do-not-contact), no mobile / no
  email, frequency cap (Salon CRM Settings: marketing messages per customer in 30 days, all campaigns;
  greetings do not count): rules.campaigns and rules.messaging decide, with data read set-based.
- Every customer who enters gets one Salon Message row per run: Queued for the chosen channel, or Skipped
  with the reason (held out, restricted, no mobile, capped). Re-entry exclusions are counted, not logged.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count
from frappe.utils import (
	add_days,
	cint,
	create_batch,
	escape_html,
	flt,
	formatdate,
	get_datetime,
	now_datetime,
)

from salon_crm.messaging import outbox
from salon_crm.messaging.consent import Consent, reason_text
from salon_crm.plans import eligibility
from salon_crm.rules import campaigns as rules
from salon_crm.rules import messaging, templates

DOCTYPE = "Salon Campaign"
PROFILE = "Customer Profile"
SAMPLE_SIZE = 10


class CampaignAlreadySentError(frappe.ValidationError):
	pass


def reason_label(code: str) -> str:
	"""The sentence for an exclusion code (stored in Salon Message.reason, shown in the preview)."""
	texts = {
		rules.HOLDOUT: _("Held out (control group)"),
		rules.FREQUENCY_CAP: _("Frequency cap: enough marketing messages in the last 30 days"),
		rules.REENTRY: _("Entered this campaign within its re-entry period"),
	}
	return texts.get(code) or reason_text(code, messaging.MARKETING)


def get_campaign(campaign):
	return frappe.get_doc(DOCTYPE, campaign) if isinstance(campaign, str) else campaign


# ---------------------------------------------------------------- planning


@dataclass
class Plan:
	"""What a run would do: the outbox rows and the counts by outcome."""

	rows: list[dict] = field(default_factory=list)
	audience: int = 0
	reentry: int = 0
	excluded: Counter = field(default_factory=Counter)  # reason code -> customers
	to_send: int = 0
	held_out: int = 0

	def summary(self) -> dict:
		return {
			"audience": self.audience,
			"entering": self.audience - self.reentry,
			"to_send": self.to_send,
			"held_out": self.held_out,
			"excluded": [
				{"reason": code, "label": reason_label(code), "count": count}
				for code, count in sorted(self.excluded.items(), key=lambda item: -item[1])
			],
		}


def audience(campaign, on_date: date) -> list[str]:
	"""Names of the profiles that meet every rule of the campaign on `on_date` (enabled profiles only),
	sorted: the Special Plan rule engine's audience (one SQL statement), counting the campaign's company's
	invoices."""
	campaign = get_campaign(campaign)
	return sorted(eligibility.audience(campaign.rules, campaign.company, on_date))


def plan(campaign, at: datetime | None = None, render: int | None = None) -> Plan:
	"""Decide the run of `campaign` at `at` (default now) for its whole audience, writing nothing. Messages
	are rendered for every customer messaged, or only for the first `render` of them (a preview)."""
	campaign = get_campaign(campaign)
	at = get_datetime(at) if at else now_datetime()
	on_date = at.date()
	names = audience(campaign, on_date)
	result = Plan(audience=len(names))
	entered = _entered_within(campaign, on_date)
	names = [n for n in names if n not in entered]
	result.reentry = result.audience - len(names)
	if not names:
		return result

	profiles = _profiles(names)
	consent = Consent({p.name: p for p in profiles.values()})
	recent = _recent_marketing(names, on_date)
	cap = cint(frappe.db.get_single_value("Salon CRM Settings", "marketing_messages_per_30_days"))
	renderer = _Renderer(campaign, on_date)
	prefer = rules.channels_for(campaign.channel)

	for name in names:
		profile = profiles[name]
		row = _Row(campaign.name, profile, on_date)
		if rules.held_out(campaign.name, name, flt(campaign.holdout_percent)):
			result.held_out += 1
			result.rows.append(row.skipped(rules.HOLDOUT))
			continue
		refused = {c: consent.refusal(name, c, messaging.MARKETING) for c in messaging.CHANNELS}
		send, skipped = messaging.choose_channels(
			has_mobile=bool(profile.mobile_no),
			has_email=bool(profile.email_id),
			refused=refused,
			prefer=prefer,
		)
		if not send:
			code = skipped[0][1] if skipped else messaging.NO_MOBILE
			result.excluded[code] += 1
			result.rows.append(row.skipped(code))
			continue
		if rules.capped(recent.get(name, 0), cap):
			result.excluded[rules.FREQUENCY_CAP] += 1
			result.rows.append(row.skipped(rules.FREQUENCY_CAP))
			continue
		channel = send[0]
		if render is not None and result.to_send >= render:
			result.to_send += 1
			result.rows.append(row.queued(channel, {}))
			continue
		try:
			message = renderer.message(profile, channel)
		except Exception as e:
			reason = _("The campaign's message could not be rendered: {0}").format(e)
			result.excluded["render"] += 1
			result.rows.append(row.skipped("render", reason))
			continue
		result.to_send += 1
		result.rows.append(row.queued(channel, message))
	return result


def _entered_within(campaign, on_date: date) -> set[str]:
	"""Profiles that entered a run of this campaign within its re-entry period before `on_date` (recurring),
	or ever (a one-off campaign that ran already plans nobody again)."""
	Message = DocType("Salon Message")
	query = (
		frappe.qb.from_(Message)
		.select(Message.customer_profile)
		.distinct()
		.where(Message.reference_doctype == DOCTYPE)
		.where(Message.reference_name == campaign.name)
		.where(Message.customer_profile.isnotnull())
	)
	if campaign.send_mode == rules.RECURRING:
		query = query.where(Message.message_date > add_days(on_date, -max(cint(campaign.reentry_days), 1)))
	return set(query.run(pluck=True))


def _profiles(names: list[str]) -> dict[str, frappe._dict]:
	"""The contact fields of these profiles (plain SQL by chunks of names: an audience may be 100,000)."""
	found = {}
	for chunk in create_batch(names, 10_000):
		for row in frappe.db.sql(
			"""select name, first_name, last_name, full_name, mobile_no, email_id, disabled, do_not_contact
			from `tabCustomer Profile` where name in %(names)s""",
			{"names": chunk},
			as_dict=True,
		):
			found[row.name] = row
	return found


def _recent_marketing(names: list[str], on_date: date) -> dict[str, int]:
	"""{profile: marketing messages queued or sent to them in the CAP_DAYS days up to `on_date`} (every
	campaign; greetings are not marketing)."""
	Message = DocType("Salon Message")
	rows = (
		frappe.qb.from_(Message)
		.select(Message.customer_profile, Count("*"))
		.where(Message.purpose == messaging.MARKETING)
		.where(Message.status.isin([messaging.QUEUED, messaging.SENT]))
		.where(Message.message_date > add_days(on_date, -rules.CAP_DAYS))
		.where(Message.message_date <= on_date)
		.where(Message.customer_profile.isnotnull())
		.groupby(Message.customer_profile)
	).run()
	wanted = set(names)
	return {profile: count for profile, count in rows if profile in wanted}


class _Row:
	"""The outbox row of one customer in one run."""

	def __init__(self, campaign: str, profile, on_date: date):
		self.campaign = campaign
		self.profile = profile
		self.on_date = on_date

	def _base(self, channel: str, status: str) -> dict:
		return {
			"name": frappe.generate_hash(length=10),
			"dedupe_key": rules.dedupe_key(self.campaign, self.profile.name, self.on_date, channel),
			"purpose": messaging.MARKETING,
			"channel": channel or None,
			"message_date": self.on_date,
			"status": status,
			"reference_doctype": DOCTYPE,
			"reference_name": self.campaign,
			"customer_profile": self.profile.name,
			"recipient_name": self.profile.full_name,
		}

	def skipped(self, code: str, reason: str | None = None) -> dict:
		return {
			**self._base("", messaging.SKIPPED),
			"reason": reason or reason_label(code),
			"held_out": 1 if code == rules.HOLDOUT else 0,
		}

	def queued(self, channel: str, message: dict) -> dict:
		recipient = self.profile.mobile_no if channel == messaging.SMS else self.profile.email_id
		return {**self._base(channel, messaging.QUEUED), "recipient": recipient, **message}


class _Renderer:
	"""The campaign's templates, checked and compiled once per run, rendered per customer. Customer values
	are HTML-escaped in emails."""

	def __init__(self, campaign, on_date: date):
		from salon_crm.messaging.templates import salon_name

		self.campaign = campaign
		self.salon_name = salon_name()
		self.offer = offer_values(campaign, on_date)
		self.compiled: dict = {}

	def context(self, profile) -> dict:
		return rules.build_context(
			first_name=profile.first_name,
			last_name=profile.last_name,
			salon_name=self.salon_name,
			campaign_name=self.campaign.campaign_name,
			**self.offer,
		)

	def message(self, profile, channel: str) -> dict:
		context = self.context(profile)
		if channel == messaging.SMS:
			return {
				"message": templates.render(self.campaign.sms_message, context, self.compiled),
				"sms_template_id": self.campaign.sms_template_id,
			}
		escaped = {
			key: escape_html(value) if isinstance(value, str) else value for key, value in context.items()
		}
		return {
			"subject": templates.render(self.campaign.email_subject, context, self.compiled),
			"message": templates.render(self.campaign.email_message, escaped, self.compiled),
		}


def offer_values(campaign, on_date: date) -> dict:
	"""{offer, coupon_code, offer_valid_until} of the campaign's offer for a run on `on_date`."""
	until = offer_until(campaign, on_date)
	code = None
	if campaign.offer_type == "Coupon Code" and campaign.coupon_code:
		code = frappe.db.get_value("Coupon Code", campaign.coupon_code, "coupon_code")
	return {
		"offer": campaign.offer_description or (campaign.special_plan if campaign.offer_type else None),
		"coupon_code": code,
		"offer_valid_until": formatdate(until) if campaign.offer_type else None,
	}


def offer_until(campaign, on_date: date) -> date:
	return add_days(on_date, max(cint(campaign.offer_days), 1) - 1)


# ---------------------------------------------------------------- preview and run


def preview(campaign, at: datetime | None = None) -> dict:
	"""What a run now would do: counts, exclusions with reasons, and a sample of recipients with their
	rendered message."""
	result = plan(campaign, at, render=SAMPLE_SIZE)
	sample = [
		{
			"customer_profile": r["customer_profile"],
			"recipient_name": r["recipient_name"],
			"channel": r["channel"],
			"recipient": r["recipient"],
			"subject": r.get("subject"),
			"message": r.get("message"),
		}
		for r in result.rows
		if r["status"] == messaging.QUEUED
	][:SAMPLE_SIZE]
	return {**result.summary(), "sample": sample}


def run(campaign, at: datetime | None = None, now: bool | None = None) -> dict:
	"""Plan the campaign's run at `at` into the outbox, assign its Special Plan offer to the customers it
	messages, record the run, and have the outbox send (`now`: in this process, default only in tests). A
	one-off campaign runs once (CampaignAlreadySentError after). The campaign row is locked for the run, so
	two runs at once plan once."""
	at = get_datetime(at) if at else now_datetime()
	if now is None:
		now = bool(frappe.flags.in_test)
	campaign = get_campaign(campaign)
	frappe.db.get_value(DOCTYPE, campaign.name, "name", for_update=True)
	_refuse_second_run(campaign, frappe.db.get_value(DOCTYPE, campaign.name, "last_run_on"))
	result = plan(campaign, at)
	inserted = outbox.add(result.rows)
	messaged = [
		r["customer_profile"]
		for r in result.rows
		if r["status"] == messaging.QUEUED and r["name"] in inserted
	]
	assigned = assign_offer(campaign, messaged, at.date())
	frappe.db.set_value(DOCTYPE, campaign.name, "last_run_on", at.date(), update_modified=False)
	sending = {}
	if messaged:
		if now:
			sending = outbox.send_due(at=at, commit=False)
		else:
			outbox.enqueue_sending()
	return {**result.summary(), "logged": len(inserted), "offers_assigned": assigned, "sending": sending}


RUN_METHOD = "salon_crm.campaigns.service.run_job"


def enqueue_run(campaign) -> dict:
	"""Queue the campaign's run on the long queue once this transaction commits (one job per campaign at a
	time). A one-off campaign that ran already is refused now, not in the job."""
	campaign = get_campaign(campaign)
	_refuse_second_run(campaign, frappe.db.get_value(DOCTYPE, campaign.name, "last_run_on"))
	frappe.enqueue(
		RUN_METHOD,
		queue="long",
		timeout=3600,
		enqueue_after_commit=True,
		job_id=f"salon_campaign_run::{campaign.name}",
		deduplicate=True,
		campaign=campaign.name,
	)
	return {"queued": 1}


def run_job(campaign: str) -> dict:
	"""The background run of `enqueue_run`."""
	return run(campaign, now=False)


def _refuse_second_run(campaign, last_run_on) -> None:
	if campaign.send_mode != rules.RECURRING and last_run_on:
		frappe.throw(
			_("Campaign {0} was sent on {1}").format(frappe.bold(campaign.name), formatdate(last_run_on)),
			title=_("Already Sent"),
			exc=CampaignAlreadySentError,
		)


def assign_offer(campaign, profiles: list[str], on_date: date) -> int:
	"""The campaign's Special Plan, assigned to `profiles` from `on_date` for the offer's days (customers who
	hold it already keep their assignment). Returns the number of new assignments."""
	if campaign.offer_type != "Special Plan" or not campaign.special_plan or not profiles:
		return 0
	from salon_crm.plans import assignment

	result = assignment.assign(
		campaign.special_plan, profiles, from_date=on_date, to_date=offer_until(campaign, on_date)
	)
	return len(result["assigned"])


def due_campaigns(at: datetime) -> list[str]:
	"""Enabled campaigns to run at `at`: one-offs "at a date and time" whose time came and that never ran,
	recurring ones whose frequency says today."""
	Campaign = DocType(DOCTYPE)
	rows = (
		frappe.qb.from_(Campaign)
		.select(Campaign.name, Campaign.send_mode, Campaign.send_at, Campaign.frequency, Campaign.last_run_on)
		.where(Campaign.enabled == 1)
		.where(Campaign.send_mode.isin([rules.AT_TIME, rules.RECURRING]))
		.orderby(Campaign.name)
	).run(as_dict=True)
	due = []
	for row in rows:
		if row.send_mode == rules.AT_TIME:
			if not row.last_run_on and row.send_at and get_datetime(row.send_at) <= at:
				due.append(row.name)
		elif rules.recurring_due(row.frequency, row.last_run_on, at.date()):
			due.append(row.name)
	return due


def test_message(campaign, recipient: str, at: datetime | None = None) -> dict:
	"""Send the campaign's message to one chosen number or address now (through the outbox, any hour): with
	the first customer of the audience's names, or sample names when the audience is empty. Not counted in
	the campaign's results or any frequency cap (no customer on the row)."""
	campaign = get_campaign(campaign)
	at = get_datetime(at) if at else now_datetime()
	channel = messaging.EMAIL if "@" in (recipient or "") else messaging.SMS
	names = audience(campaign, at.date())[:1]
	profile = (
		_profiles(names)[names[0]]
		if names
		else frappe._dict(first_name="Priya", last_name="Sharma", full_name="Priya Sharma")
	)
	message = _Renderer(campaign, at.date()).message(profile, channel)
	name = frappe.generate_hash(length=10)
	outbox.add(
		[
			{
				"name": name,
				"dedupe_key": frappe.generate_hash(length=40),
				"purpose": messaging.MARKETING,
				"channel": channel,
				"message_date": at.date(),
				"status": messaging.QUEUED,
				"reference_doctype": DOCTYPE,
				"reference_name": campaign.name,
				"recipient_name": _("Test"),
				"recipient": recipient,
				**message,
			}
		]
	)
	outbox.send_due(names=[name], at=at, commit=False, any_hour=True)
	return frappe.db.get_value("Salon Message", name, ["name", "status", "reason", "channel"], as_dict=True)
