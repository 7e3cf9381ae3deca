"""The two ways a message leaves the salon: SMS through the gateway of Frappe's SMS Settings, email through
Frappe's Email Queue.

An SMS is prepared in the job's own thread (settings, parameters, the receiver: needs the site) and handed
over in a sending thread (`deliver`: plain HTTP with a deadline on the total time, no site needed). The request
is built as Frappe's `send_via_gateway` builds it: message, static parameters, receiver; header parameters as
headers; GET query, POST form or JSON body; plus the registered template ID parameter. Only a 2xx answer
counts as handed over.
"""

from __future__ import annotations

from dataclasses import dataclass

import frappe
import requests
from frappe import _
from frappe.core.doctype.sms_settings.sms_settings import get_headers, validate_receiver_nos

from salon_crm.messaging import transport
from salon_crm.rules import messaging as rules

PROFILE = "Customer Profile"


class MessageSendError(Exception):
	"""The message could not be handed over now (gateway down or refusing, no email account): retry later."""


class MessageNotSendable(Exception):
	"""The message must not be sent at all (opted out since it was queued, unsubscribed, bad address)."""


@dataclass(frozen=True)
class SmsCall:
	"""One prepared gateway request."""

	method: str
	url: str
	headers: dict
	body: bytes | None


class SmsChannel:
	"""Frappe's SMS Settings, read once per job (not from cache: tests change them)."""

	def __init__(self):
		self.settings = frappe.get_single("SMS Settings")
		self.template_id_parameter = frappe.db.get_single_value(
			"Salon CRM Settings", "sms_template_id_parameter"
		)

	def prepare(self, message) -> SmsCall:
		"""The gateway request for one outbox row (`message`, recipient, sms_template_id). Raises
		MessageSendError without a gateway URL, MessageNotSendable without a usable number."""
		settings = self.settings
		if not settings.sms_gateway_url:
			raise MessageSendError(_("No SMS gateway: set the gateway URL in SMS Settings"))
		try:
			receiver = validate_receiver_nos([message.recipient])[0]
		except frappe.ValidationError:
			raise MessageNotSendable(_("No mobile number"))
		finally:
			frappe.clear_messages()

		headers = get_headers(settings)
		params = {settings.message_parameter: message.message}
		for row in settings.get("parameters"):
			if not row.header:
				params[row.parameter] = row.value
		if message.sms_template_id and self.template_id_parameter:
			params[self.template_id_parameter] = message.sms_template_id
		params[settings.receiver_parameter] = receiver

		method = "POST" if settings.use_post else "GET"
		body = {}
		if headers.get("Content-Type") == "application/json":
			body["json"] = params
		elif settings.use_post:
			body["data"] = params
		else:
			body["params"] = params
		prepared = requests.Request(method, settings.sms_gateway_url, headers=headers, **body).prepare()
		data = prepared.body.encode() if isinstance(prepared.body, str) else prepared.body
		return SmsCall(method, prepared.url, dict(prepared.headers), data)


def deliver(call: SmsCall, deadline: float) -> None:
	"""Hand one SMS to the gateway within `deadline` seconds in total. Runs in a sending thread: no Frappe
	calls; the error messages are translated by the caller. Raises MessageSendError unless the gateway
	answered 2xx in time."""
	try:
		reply = transport.send(call.method, call.url, call.headers, call.body, deadline)
	except transport.DeadlineExceeded:
		raise MessageSendError(("deadline", deadline))
	except transport.GatewayError as e:
		raise MessageSendError(("unreachable", str(e)))
	if not 200 <= reply.status < 300:
		raise MessageSendError(("status", reply.status, reply.text.strip()[:300]))


def sms_error_text(error: MessageSendError) -> str:
	"""The reason stored for a failed SMS (translated here, in the job's thread)."""
	detail = error.args[0] if error.args else None
	if isinstance(detail, tuple):
		kind, *values = detail
		if kind == "deadline":
			return _("SMS gateway gave no complete answer within {0} seconds").format(values[0])
		if kind == "unreachable":
			return _("SMS gateway unreachable: {0}").format(values[0])
		if kind == "status":
			return _("SMS gateway answered HTTP {0}: {1}").format(*values)
	return str(error)


def send_email(message) -> None:
	"""Into Frappe's Email Queue (sent by Frappe's email worker). A greeting references the Customer Profile;
	a marketing email references its campaign and carries Frappe's unsubscribe link. Frappe's own unsubscribe
	records are obeyed (not queued: MessageNotSendable)."""
	marketing = message.purpose == rules.MARKETING
	if marketing and message.reference_doctype:
		# the unsubscribe link names the campaign; the app turns an unsubscribe into the profile's restriction
		reference = (message.reference_doctype, message.reference_name)
	elif message.customer_profile:
		reference = (PROFILE, message.customer_profile)
	else:
		reference = (None, None)
	try:
		queued = frappe.sendmail(
			recipients=[message.recipient],
			subject=message.subject,
			message=message.message,
			reference_doctype=reference[0],
			reference_name=reference[1],
			unsubscribe_message=_("Unsubscribe from offers") if marketing else None,
			delayed=True,
		)
	except frappe.OutgoingEmailError as e:
		raise MessageSendError(str(e) or _("No outgoing email account"))
	if not queued:
		raise MessageNotSendable(
			_("Email to {0} not queued: unsubscribed or invalid address").format(message.recipient)
		)
