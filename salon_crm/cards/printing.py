"""Jinja helpers of the card print formats (Membership Card, PV Status Statement, Salon Invoice), declared
under `jinja` in hooks.py. Each one checks that the user may read what it returns (the company header returns
only what every bill prints)."""

from __future__ import annotations

import re

import frappe

from salon_crm.cards import reporting


def salon_card_qr(text: str, scale: int = 4) -> str:
	"""A `data:` URI of a PNG QR code of `text` (a card name), for an <img> in a print format; PNG rather
	than SVG so that wkhtmltopdf renders it too."""
	from pyqrcode import create

	if not text:
		return ""
	return "data:image/png;base64," + create(str(text), error="M").png_as_base64_str(scale=int(scale))


def salon_card_statement(card: str) -> list[dict]:
	"""The card's ledger, oldest first, with running value and money balances (live entries only)."""
	frappe.has_permission("Customer Discount", "read", doc=card, throw=True)
	return reporting.ledger_rows({"customer_discount": card})


def salon_card_balance_after(voucher_type: str, voucher_no: str) -> dict | None:
	"""The card's balances right after this invoice used it: {card, value_balance, money_balance}."""
	frappe.has_permission(voucher_type, "read", doc=voucher_no, throw=True)
	return frappe.db.get_value(
		"Customer Discount Entry",
		{
			"voucher_type": voucher_type,
			"voucher_no": voucher_no,
			"is_cancelled": 0,
			"entry_type": ("in", list(reporting.USE)),
		},
		["customer_discount as card", "value_balance", "money_balance"],
		as_dict=True,
		order_by="creation desc",
	)


def salon_company_header(company: str, address: str | None = None) -> dict:
	"""What a salon invoice prints at its top: the company's name, address lines, phone, email and tax ID
	(the details every bill carries). `address`: the invoice's company address, else the company's default
	one. Lines are plain text (the template escapes them)."""
	from erpnext.setup.doctype.company.company import get_default_company_address
	from frappe.contacts.doctype.address.address import get_address_display

	details = (
		frappe.db.get_value("Company", company, ["company_name", "phone_no", "email", "tax_id"], as_dict=True)
		or frappe._dict()
	)
	address = address or get_default_company_address(company)
	lines, address_phone = [], None
	if address and frappe.db.exists("Address", address):
		address_doc = frappe.get_cached_doc("Address", address)
		address_phone = address_doc.phone
		display = get_address_display(address_doc.as_dict()) or ""
		lines = [
			text
			for text in (frappe.utils.strip_html(part).strip() for part in re.split(r"<br\s*/?>", display))
			if text and not text.lower().startswith(("phone", "email", "fax"))
		]
	return frappe._dict(
		name=details.company_name or company,
		address_lines=lines,
		phone=details.phone_no or address_phone,
		email=details.email,
		tax_id=details.tax_id,
	)
