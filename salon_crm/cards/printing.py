"""Jinja helpers of the card print formats (Membership Card, PV Status Statement, Salon Invoice), declared
under `jinja` in hooks.py. Each one checks that the user may read what it returns."""

from __future__ import annotations

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
