"""Read side of the card ledger for the reports and print formats: balances per card or customer, the
ledger with running balances, and the reconciliation of the ledger with the GL of the liability account.

Everything here reads live Customer Discount Entry rows (is_cancelled = 0), the single source of a card's
balance, with one grouped query per figure set; nothing writes.
"""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Coalesce, Min, Sum
from frappe.utils import flt, getdate, nowdate

from salon_crm.cards import ledger
from salon_crm.rules import cards as card_rules

SALE = card_rules.LOADING_ENTRY_TYPES  # "sold" includes the opening balance of imported cards
USE = card_rules.USE_ENTRY_TYPES
EXPIRY = (card_rules.EXPIRY,)
REFUND = (card_rules.REFUND,)

BALANCE_FIGURES = (
	"sold_value",
	"sold_money",
	"used_value",
	"used_money",
	"expired_money",
	"refunded_money",
	"balance_value",
	"balance_money",
	"visits",
)


# ---------------------------------------------------------------- balances ("PV Status")


def _part(entry, types: tuple[str, ...], field: str, sign: int = 1):
	"""sign x the sum of `field` over the entries of these types."""
	return Coalesce(Sum(Case().when(entry.entry_type.isin(types), entry[field]).else_(0)), 0) * sign


def card_balances(filters: dict) -> list[dict]:
	"""One row per card with its sold, used, expired and refunded amounts and its balances, all summed from
	the card's live ledger entries. Filters: company, customer_profile, status, discount_type."""
	filters = frappe._dict(filters or {})
	Card = frappe.qb.DocType("Customer Discount")
	Entry = frappe.qb.DocType("Customer Discount Entry")
	card_fields = (
		Card.name,
		Card.customer_profile,
		Card.customer_name,
		Card.customer_number,
		Card.discount_type,
		Card.company,
		Card.currency,
		Card.value,
		Card.price,
		Card.valid_from,
		Card.valid_until,
		Card.status,
	)
	query = (
		frappe.qb.from_(Card)
		.left_join(Entry)
		.on((Entry.customer_discount == Card.name) & (Entry.is_cancelled == 0))
		.select(
			*card_fields,
			_part(Entry, SALE, "value_delta").as_("sold_value"),
			_part(Entry, SALE, "money_delta").as_("sold_money"),
			_part(Entry, USE, "value_delta", -1).as_("used_value"),
			_part(Entry, USE, "money_delta", -1).as_("used_money"),
			_part(Entry, EXPIRY, "money_delta", -1).as_("expired_money"),
			_part(Entry, REFUND, "money_delta", -1).as_("refunded_money"),
			Coalesce(Sum(Entry.value_delta), 0).as_("balance_value"),
			Coalesce(Sum(Entry.money_delta), 0).as_("balance_money"),
			Coalesce(Sum(Entry.visits_delta), 0).as_("visits"),
		)
		.groupby(*card_fields)
		.orderby(Card.customer_name)
		.orderby(Card.name)
	)
	if filters.get("status") == card_rules.CANCELLED:
		query = query.where(Card.docstatus == 2)
	else:
		query = query.where(Card.docstatus == 1)
		if filters.get("status"):
			query = query.where(Card.status == filters.status)
	for field in ("company", "customer_profile", "discount_type"):
		if filters.get(field):
			query = query.where(Card[field] == filters[field])
	rows = query.run(as_dict=True)
	p = ledger.precision()
	for row in rows:
		row.customer_discount = row.pop("name")
		row.cards = 1
		row.active_cards = 1 if row.status == card_rules.ACTIVE else 0
		for key in BALANCE_FIGURES:
			row[key] = flt(row[key], p) + 0.0 if key != "visits" else int(row[key])
	return rows


def customer_balances(card_rows: list[dict]) -> list[dict]:
	"""The card rows folded per customer: sums, number of cards and active cards, the latest validity and
	"Active" while any card is, else the status of the card valid longest."""
	p = ledger.precision()
	customers: dict[str, frappe._dict] = {}
	for card in card_rows:
		row = customers.get(card.customer_profile)
		if row is None:
			row = customers[card.customer_profile] = frappe._dict(
				customer_profile=card.customer_profile,
				customer_name=card.customer_name,
				customer_number=card.customer_number,
				company=card.company,
				currency=card.currency,
				cards=0,
				active_cards=0,
				valid_until=None,
				status=None,
				**{key: 0 for key in BALANCE_FIGURES},
			)
		row.cards += 1
		row.active_cards += card.active_cards
		for key in BALANCE_FIGURES:
			row[key] = flt(row[key] + card[key], p) if key != "visits" else row[key] + card[key]
		if card.valid_until and (not row.valid_until or getdate(card.valid_until) > getdate(row.valid_until)):
			row.valid_until = card.valid_until
			row.status = card.status
		row.status = card_rules.ACTIVE if row.active_cards else (row.status or card.status)
	return list(customers.values())


# ---------------------------------------------------------------- ledger with running balances


def ledger_rows(filters: dict) -> list[dict]:
	"""The card ledger in posting order, per card, each row with the card's running value and money
	balance. A card gets an opening row when from_date is set. Cancelled entries (the originals of cancelled
	vouchers and their reversals) are listed only with include_cancelled, and never move the balance.
	Filters: company, customer_discount, customer_profile, from_date, to_date, include_cancelled."""
	filters = frappe._dict(filters or {})
	Entry = frappe.qb.DocType("Customer Discount Entry")
	Card = frappe.qb.DocType("Customer Discount")

	card_columns = (Entry.customer_discount, Card.customer_name, Card.customer_number, Card.discount_type)

	def entries_of_cards():
		"""Entries joined to their card, within the company / card / customer filters."""
		query = frappe.qb.from_(Entry).join(Card).on(Card.name == Entry.customer_discount)
		for field in ("company", "customer_discount", "customer_profile"):
			if filters.get(field):
				query = query.where(Entry[field] == filters[field])
		return query

	query = (
		entries_of_cards()
		.select(
			Entry.name,
			*card_columns,
			Entry.posting_date,
			Entry.entry_type,
			Entry.voucher_type,
			Entry.voucher_no,
			Entry.value_delta,
			Entry.money_delta,
			Entry.visits_delta,
			Entry.is_cancelled,
		)
		.orderby(Entry.customer_discount)
		.orderby(Entry.posting_date)
		.orderby(Entry.creation)
	)
	if filters.get("from_date"):
		query = query.where(Entry.posting_date >= getdate(filters.from_date))
	if filters.get("to_date"):
		query = query.where(Entry.posting_date <= getdate(filters.to_date))
	if not filters.get("include_cancelled"):
		query = query.where(Entry.is_cancelled == 0)
	entries = query.run(as_dict=True)

	openings = {}
	if filters.get("from_date"):
		opening_query = (
			entries_of_cards()
			.select(*card_columns, Sum(Entry.value_delta).as_("value"), Sum(Entry.money_delta).as_("money"))
			.where(Entry.posting_date < getdate(filters.from_date))
			.where(Entry.is_cancelled == 0)
			.groupby(*card_columns)
			# cards closed before the period (0/0) get no opening row
			.having((Sum(Entry.value_delta) != 0) | (Sum(Entry.money_delta) != 0))
		)
		openings = {row.customer_discount: row for row in opening_query.run(as_dict=True)}

	return _with_running_balances(entries, openings, filters.get("from_date"))


def _with_running_balances(entries: list[dict], openings: dict, from_date) -> list[dict]:
	p = ledger.precision()
	by_card: dict[str, list] = defaultdict(list)
	for entry in entries:
		by_card[entry.customer_discount].append(entry)
	rows = []
	for card in sorted(set(by_card) | set(openings)):
		opening = openings.get(card)
		value = flt(opening.value, p) if opening else 0.0
		money = flt(opening.money, p) if opening else 0.0
		if opening:
			rows.append(
				frappe._dict(
					customer_discount=card,
					customer_name=opening.customer_name,
					customer_number=opening.customer_number,
					discount_type=opening.discount_type,
					posting_date=getdate(from_date),
					entry_type=_("Opening"),
					value_balance=value,
					money_balance=money,
					is_opening=1,
				)
			)
		for entry in by_card.get(card, []):
			if not entry.is_cancelled:
				value = flt(value + flt(entry.value_delta, p), p)
				money = flt(money + flt(entry.money_delta, p), p)
			entry.value_balance = value + 0.0
			entry.money_balance = money + 0.0
			entry.entry = entry.pop("name")
			rows.append(entry)
	return rows


# ---------------------------------------------------------------- reconciliation with the GL

AWAITING_POS_CLOSING = "Awaiting POS Closing"
GL_WITHOUT_CARD = "GL Without Card Entries"
CARD_WITHOUT_GL = "Card Entries Without GL"
AMOUNTS_DIFFER = "Amounts Differ"


def liability_accounts(company: str | None = None) -> list[frappe._dict]:
	filters = {"parent": "Salon CRM Settings", "parenttype": "Salon CRM Settings"}
	if company:
		filters["company"] = company
	return frappe.get_all(
		"Salon CRM Company Account",
		filters=filters,
		fields=["company", "liability_account"],
		order_by="idx asc",
	)


def reconcile(company: str, liability_account: str, as_of=None) -> frappe._dict:
	"""The card ledger's money balance of `company` against the GL balance (credit - debit) of its
	liability account, both as of `as_of`, and every voucher whose two sides differ.

	Vouchers are matched on the document that carries the GL: a POS Invoice's card entries through its
	consolidated Sales Invoice (not yet consolidated: "awaiting POS closing", not an error), a credit
	Sales Invoice's card entries through the settling Journal Entry that references it."""
	as_of = getdate(as_of or nowdate())
	p = ledger.precision()
	card_side = _card_money_by_voucher(company, as_of)
	gl_side = _gl_money_by_voucher(company, liability_account, as_of, card_side)

	vouchers = []
	for key in sorted(set(card_side) | set(gl_side), key=lambda k: (str(k[0]), str(k[1]))):
		card = card_side.get(key, frappe._dict(money=0.0, awaiting=0.0, posting_date=None))
		gl = gl_side.get(key, frappe._dict(money=0.0, posting_date=None))
		card_money, awaiting, gl_money = flt(card.money, p), flt(card.awaiting, p), flt(gl.money, p)
		difference = flt(gl_money - (card_money - awaiting), p)
		if difference:
			if not gl_money:
				remark = CARD_WITHOUT_GL
			elif not card_money:
				remark = GL_WITHOUT_CARD
			else:
				remark = AMOUNTS_DIFFER
		elif awaiting:
			remark = AWAITING_POS_CLOSING
		else:
			continue
		vouchers.append(
			frappe._dict(
				voucher_type=key[0],
				voucher_no=key[1],
				posting_date=card.posting_date or gl.posting_date,
				card_money=card_money + 0.0,
				awaiting_money=awaiting + 0.0,
				gl_money=gl_money + 0.0,
				difference=difference + 0.0,
				remark=remark,
			)
		)

	card_total = flt(sum(flt(v.money) for v in card_side.values()), p)
	awaiting_total = flt(sum(flt(v.awaiting) for v in card_side.values()), p)
	gl_total = flt(sum(flt(v.money) for v in gl_side.values()), p)
	return frappe._dict(
		company=company,
		liability_account=liability_account,
		as_of=as_of,
		card_money=card_total + 0.0,
		awaiting_money=awaiting_total + 0.0,
		gl_money=gl_total + 0.0,
		difference=flt(gl_total - (card_total - awaiting_total), p) + 0.0,
		vouchers=vouchers,
	)


def _card_money_by_voucher(company: str, as_of) -> dict[tuple, frappe._dict]:
	"""Live card money per voucher, keyed by the voucher that carries its GL."""
	Entry = frappe.qb.DocType("Customer Discount Entry")
	POSInvoice = frappe.qb.DocType("POS Invoice")
	Consolidated = frappe.qb.DocType("Sales Invoice")
	rows = (
		frappe.qb.from_(Entry)
		.left_join(POSInvoice)
		.on((Entry.voucher_type == "POS Invoice") & (POSInvoice.name == Entry.voucher_no))
		.left_join(Consolidated)
		.on(
			(Consolidated.name == POSInvoice.consolidated_invoice)
			& (Consolidated.docstatus == 1)
			& (Consolidated.posting_date <= as_of)
		)
		.select(
			Entry.voucher_type,
			Entry.voucher_no,
			Consolidated.name.as_("consolidated_invoice"),
			Sum(Entry.money_delta).as_("money"),
			Min(Entry.posting_date).as_("posting_date"),
		)
		.where(Entry.company == company)
		.where(Entry.is_cancelled == 0)
		.where(Entry.posting_date <= as_of)
		.groupby(Entry.voucher_type, Entry.voucher_no, Consolidated.name)
		.run(as_dict=True)
	)
	out: dict[tuple, frappe._dict] = {}
	for row in rows:
		if row.voucher_type == "POS Invoice" and row.consolidated_invoice:
			key = ("Sales Invoice", row.consolidated_invoice)
			awaiting = 0.0
		else:
			key = (row.voucher_type, row.voucher_no)
			awaiting = flt(row.money) if row.voucher_type == "POS Invoice" else 0.0
		item = out.setdefault(key, frappe._dict(money=0.0, awaiting=0.0, posting_date=row.posting_date))
		item.money += flt(row.money)
		item.awaiting += awaiting
		if row.posting_date and (not item.posting_date or row.posting_date < item.posting_date):
			item.posting_date = row.posting_date
	return out


def _gl_money_by_voucher(company: str, account: str, as_of, card_side: dict) -> dict[tuple, frappe._dict]:
	"""Live GL balance (credit - debit) of the liability per voucher. A Journal Entry without card entries
	of its own that settles an invoice which has them counts under that invoice."""
	GL = frappe.qb.DocType("GL Entry")
	rows = (
		frappe.qb.from_(GL)
		.select(
			GL.voucher_type,
			GL.voucher_no,
			(Sum(GL.credit) - Sum(GL.debit)).as_("money"),
			Min(GL.posting_date).as_("posting_date"),
		)
		.where(GL.company == company)
		.where(GL.account == account)
		.where(GL.is_cancelled == 0)
		.where(GL.posting_date <= as_of)
		.groupby(GL.voucher_type, GL.voucher_no)
		.run(as_dict=True)
	)
	settled = _settled_invoices(company, account, as_of)
	out: dict[tuple, frappe._dict] = {}
	for row in rows:
		key = (row.voucher_type, row.voucher_no)
		if row.voucher_type == "Journal Entry" and key not in card_side:
			invoice = settled.get(row.voucher_no)
			if invoice and invoice in card_side:
				key = invoice
		item = out.setdefault(key, frappe._dict(money=0.0, posting_date=row.posting_date))
		item.money += flt(row.money)
	return out


def _settled_invoices(company: str, account: str, as_of) -> dict[str, tuple]:
	"""Journal Entries that move the liability and reference exactly one invoice: {je: (doctype, name)}."""
	JE = frappe.qb.DocType("Journal Entry")
	Row = frappe.qb.DocType("Journal Entry Account")
	Liability = frappe.qb.DocType("Journal Entry Account").as_("liability_row")
	rows = (
		frappe.qb.from_(Row)
		.join(JE)
		.on(JE.name == Row.parent)
		.join(Liability)
		.on((Liability.parent == Row.parent) & (Liability.account == account))
		.select(Row.parent, Row.reference_type, Row.reference_name)
		.distinct()
		.where(JE.company == company)
		.where(JE.docstatus == 1)
		.where(JE.posting_date <= as_of)
		.where(Row.reference_type.isin(["Sales Invoice", "POS Invoice"]))
		.where(Coalesce(Row.reference_name, "") != "")
		.run(as_dict=True)
	)
	references: dict[str, set] = defaultdict(set)
	for row in rows:
		references[row.parent].add((row.reference_type, row.reference_name))
	return {je: next(iter(refs)) for je, refs in references.items() if len(refs) == 1}
