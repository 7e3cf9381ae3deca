"""Checks of a Salon Campaign before it is saved: messages that render with only the documented variables,
a time inside the sending window, an offer that can be given, rules the engine accepts."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import flt, get_datetime

from salon_crm.messaging.templates import validate_template
from salon_crm.messaging.window import sending_allowed_at
from salon_crm.rules import campaigns as rules
from salon_crm.rules import messaging


class InvalidCampaignError(frappe.ValidationError):
	pass


class CampaignTemplateNotAllowedError(InvalidCampaignError):
	pass


def validate_messages(doc) -> None:
	channels = rules.channels_for(doc.channel)
	needed = []
	if messaging.SMS in channels:
		needed.append("sms_message")
	if messaging.EMAIL in channels:
		needed += ["email_subject", "email_message"]
	context = rules.sample_context()
	for fieldname in needed:
		label = frappe.bold(_(doc.meta.get_label(fieldname)))
		if not (doc.get(fieldname) or "").strip():
			frappe.throw(
				_("{0} is needed for the channel {1}").format(label, frappe.bold(_(doc.channel))),
				title=_("Missing Message"),
				exc=InvalidCampaignError,
			)
		validate_template(
			doc,
			fieldname,
			{name: context.get(name) for name in rules.VARIABLES},
			CampaignTemplateNotAllowedError,
			InvalidCampaignError,
		)


def validate_schedule(doc) -> None:
	if doc.send_mode == rules.AT_TIME:
		if not doc.send_at:
			frappe.throw(_("Choose when to send"), title=_("Missing Time"), exc=InvalidCampaignError)
		if not sending_allowed_at(get_datetime(doc.send_at)):
			frappe.throw(
				_("{0} is outside the sending window of Salon CRM Settings").format(
					frappe.bold(get_datetime(doc.send_at).strftime("%H:%M"))
				),
				title=_("Outside the Sending Window"),
				exc=InvalidCampaignError,
			)
	if doc.send_mode == rules.RECURRING and doc.frequency not in (rules.DAILY, rules.WEEKLY, rules.MONTHLY):
		frappe.throw(_("Choose how often to run"), title=_("Missing Frequency"), exc=InvalidCampaignError)
	if not 0 <= flt(doc.holdout_percent) < 100:
		frappe.throw(
			_("The holdout must be at least 0 % and below 100 %"),
			title=_("Invalid Holdout"),
			exc=InvalidCampaignError,
		)


def validate_offer(doc) -> None:
	if doc.offer_type != "Special Plan":
		doc.special_plan = None
	if doc.offer_type != "Coupon Code":
		doc.coupon_code = None
	if doc.special_plan:
		company = frappe.db.get_value("Special Plan", doc.special_plan, "company")
		if company != doc.company:
			frappe.throw(
				_("Special Plan {0} belongs to {1}, not {2}").format(
					frappe.bold(doc.special_plan), company, doc.company
				),
				title=_("Wrong Company"),
				exc=InvalidCampaignError,
			)


def validate_rules(doc) -> None:
	from salon_crm.plans import plan

	plan.validate_rules(doc)
