"""One chronological history per customer: services performed, products bought, card sales and
redemptions, special plans, treatment records (with photos) and greetings sent.

Each kind is one indexed query on its own source (the invoice's customer index, then each invoice's lines;
the customer_profile index of every salon doctype); the requested kinds are combined with UNION ALL, ordered
newest first and paged in the database. Every row names the document it came from (reference_doctype /
reference_name), so the desk opens it on click.

Invoices: submitted Sales Invoices except consolidated ones, and submitted POS Invoices (consolidated or
not: the POS Invoice is the customer's receipt, the consolidated Sales Invoice only its accounting). Returns
appear with negative quantity and amount. Prepaid-card lines are not services or products: card sales appear
as card rows from the card ledger.
"""

from __future__ import annotations

from datetime import date

import frappe
from frappe.utils import getdate

from salon_crm.cards.types import card_item_codes
from salon_crm.rules import cards as card_rules

SERVICES = "Services"
PRODUCTS = "Products"
CARDS = "Cards"
PLANS = "Plans"
TREATMENTS = "Treatments"
GREETINGS = "Greetings"
KINDS = (SERVICES, PRODUCTS, CARDS, PLANS, TREATMENTS, GREETINGS)

SOURCE_DOCTYPES = {
	SERVICES: ("Sales Invoice", "POS Invoice"),
	PRODUCTS: ("Sales Invoice", "POS Invoice"),
	CARDS: ("Customer Discount",),
	PLANS: ("Special Plan Assignment",),
	TREATMENTS: ("Treatment Record",),
	GREETINGS: ("Salon Message",),
}
"""The doctypes a user must be able to read to see each kind."""


def readable_kinds(kinds: list[str] | None = None) -> list[str]:
	"""The requested kinds (all by default) whose source documents the user may read."""
	return [
		kind
		for kind in (kinds or KINDS)
		if kind in KINDS and all(frappe.has_permission(dt, "read") for dt in SOURCE_DOCTYPES[kind])
	]


CARD_ENTRY_TYPES = card_rules.LIVE_ENTRY_TYPES

# Every part selects the same columns in the same order (kind, date, title, detail, qty, amount, status,
# reference_doctype, reference_name, voucher_type, voucher_no, before_photo, after_photo, seq). {stock} is a fixed fragment; values are parameters.
_INVOICE_LINES = """
	select %(kind_{kind})s as kind, inv.posting_date as date, line.item_name as title,
		line.item_code as detail, line.qty as qty, line.base_net_amount as amount,
		if(inv.is_return, 'Return', 'Paid') as status,
		'{doctype}' as reference_doctype, inv.name as reference_name,
		null as voucher_type, null as voucher_no, null as before_photo, null as after_photo,
		line.idx as seq
	from `tab{doctype}` inv
	join `tab{doctype} Item` line on line.parent = inv.name and line.parenttype = '{doctype}'
	join `tabItem` item on item.name = line.item_code
	where inv.customer = %(customer)s and inv.docstatus = 1 {consolidated} {dates}
		and item.is_stock_item = {stock} and line.item_code not in %(card_items)s
"""

_CARD_ENTRIES = """
	select %(kind_cards)s as kind, e.posting_date as date, cd.discount_type as title,
		e.entry_type as detail, e.value_delta as qty, e.money_delta as amount, cd.status as status,
		'Customer Discount' as reference_doctype, cd.name as reference_name,
		e.voucher_type as voucher_type, e.voucher_no as voucher_no, null as before_photo, null as after_photo,
		0 as seq
	from `tabCustomer Discount Entry` e
	join `tabCustomer Discount` cd on cd.name = e.customer_discount
	where cd.customer_profile = %(profile)s and e.is_cancelled = 0 and e.entry_type in %(card_entry_types)s
		{dates}
"""

_PLANS = """
	select %(kind_plans)s as kind, a.from_date as date, a.special_plan as title,
		a.to_date as detail, null as qty, null as amount, a.status as status,
		'Special Plan Assignment' as reference_doctype, a.name as reference_name,
		'Special Plan' as voucher_type, a.special_plan as voucher_no, null as before_photo, null as after_photo,
		0 as seq
	from `tabSpecial Plan Assignment` a
	where a.customer_profile = %(profile)s {dates}
"""

_TREATMENTS = """
	select %(kind_treatments)s as kind, t.date as date, coalesce(item.item_name, t.treatment_item) as title,
		t.symptoms as detail, null as qty, null as amount, null as status,
		'Treatment Record' as reference_doctype, t.name as reference_name,
		if(t.sales_invoice is null, null, 'Sales Invoice') as voucher_type, t.sales_invoice as voucher_no,
		t.before_photo as before_photo, t.after_photo as after_photo, 0 as seq
	from `tabTreatment Record` t
	left join `tabItem` item on item.name = t.treatment_item
	where t.customer_profile = %(profile)s {dates}
"""

_GREETINGS = """
	select %(kind_greetings)s as kind, g.message_date as date, g.occasion as title,
		concat_ws(' ', g.channel, g.recipient_name) as detail, null as qty, null as amount, g.status as status,
		'Salon Message' as reference_doctype, g.name as reference_name,
		null as voucher_type, null as voucher_no, null as before_photo, null as after_photo, 0 as seq
	from `tabSalon Message` g
	where g.customer_profile = %(profile)s and g.purpose = 'Greeting' {dates}
"""


def _dates(column: str, from_date, to_date) -> str:
	parts = []
	if from_date:
		parts.append(f"and {column} >= %(from_date)s")
	if to_date:
		parts.append(f"and {column} <= %(to_date)s")
	return " ".join(parts)


def _invoice_parts(kind: str, from_date, to_date) -> list[str]:
	return [
		_INVOICE_LINES.format(
			kind=kind.lower(),
			doctype=doctype,
			consolidated=consolidated,
			stock="1" if kind == PRODUCTS else "0",
			dates=_dates("inv.posting_date", from_date, to_date),
		)
		# a consolidated Sales Invoice (POS Invoices merged at closing) is left out: its POS Invoices are listed
		for doctype, consolidated in (("Sales Invoice", "and inv.is_consolidated = 0"), ("POS Invoice", ""))
	]


def get_history(
	customer_profile: str,
	kinds: list[str] | tuple[str, ...] | None = None,
	from_date: date | str | None = None,
	to_date: date | str | None = None,
	limit: int = 100,
	start: int = 0,
) -> list[dict]:
	"""The profile's history rows, newest first: {kind, date, title, detail, qty, amount, status,
	reference_doctype, reference_name, voucher_type, voucher_no, before_photo, after_photo}. `kinds` is a
	subset of KINDS (all when None). No permission check here: callers check (api/history.py)."""
	kinds = [k for k in (kinds or KINDS) if k in KINDS]
	if not kinds:
		return []
	from_date = getdate(from_date) if from_date else None
	to_date = getdate(to_date) if to_date else None
	customer = frappe.db.get_value("Customer Profile", customer_profile, "customer")

	parts: list[str] = []
	for kind in kinds:
		if kind in (SERVICES, PRODUCTS):
			if customer:
				parts += _invoice_parts(kind, from_date, to_date)
		elif kind == CARDS:
			parts.append(_CARD_ENTRIES.format(dates=_dates("e.posting_date", from_date, to_date)))
		elif kind == PLANS:
			parts.append(_PLANS.format(dates=_dates("a.from_date", from_date, to_date)))
		elif kind == TREATMENTS:
			parts.append(_TREATMENTS.format(dates=_dates("t.date", from_date, to_date)))
		elif kind == GREETINGS:
			parts.append(_GREETINGS.format(dates=_dates("g.message_date", from_date, to_date)))
	if not parts:
		return []

	params = {
		"profile": customer_profile,
		"customer": customer or "",
		"card_items": card_item_codes(),
		"card_entry_types": CARD_ENTRY_TYPES,
		"from_date": from_date,
		"to_date": to_date,
		"limit": max(1, min(int(limit or 100), 10000)),
		"start": max(0, int(start or 0)),
		**{f"kind_{k.lower()}": k for k in KINDS},
	}
	union = " union all ".join(f"({part})" for part in parts)
	rows = frappe.db.sql(
		f"""select * from ({union}) history
		order by history.date desc, history.kind, history.reference_name desc, history.seq
		limit %(start)s, %(limit)s""",
		params,
		as_dict=True,
	)
	for row in rows:
		row.pop("seq", None)
	return rows
