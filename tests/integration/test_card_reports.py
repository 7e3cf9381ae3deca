"""The card reports on real card data: balances ("PV Status"), the ledger with running balances and the
reconciliation of the card ledger with the GL of the liability account."""

import frappe
import pytest
from frappe.desk.query_report import run as run_report
from frappe.utils import add_days, add_months, flt, nowdate

from salon_crm.cards import closing, ledger
from salon_crm.cards.accounts import card_accounts
from salon_crm.cards.reporting import BALANCE_FIGURES
from salon_crm.salon_crm.report.card_liability_reconciliation import card_liability_reconciliation
from salon_crm.salon_crm.report.customer_discount_balance import customer_discount_balance
from salon_crm.salon_crm.report.customer_discount_ledger import customer_discount_ledger
from tests.integration.card_factories import make_discount_type, make_profile, redeem, sell_card
from tests.integration.factories import account
from tests.integration.site_setup import COMPANY

FIGURES = BALANCE_FIGURES


@pytest.fixture
def cards():
	"""Member C (value 4000 sold for 3500) three times: A used twice and still active, B used once then
	expired, C used once then refunded. A and B belong to the same customer."""
	dt = make_discount_type(name="Report Card")
	first, second = make_profile(), make_profile("Anita", "Rao")
	_si, a = sell_card(first, dt)
	r1 = redeem(first, a, [("SVC-HAIRCUT", 1, 400)])
	r2 = redeem(first, a, [("SVC-FACIAL", 1, 1200)])
	_si, b = sell_card(first, dt, posting_date=add_months(nowdate(), -7))
	rb = redeem(first, b, [("SVC-HAIRCUT", 1, 400)], posting_date=add_months(nowdate(), -6))
	expiry = closing.expire(b.name)
	_si, c = sell_card(second, dt)
	redeem(second, c, [("SVC-HAIRCUT", 1, 400)])
	refund = closing.refund(c.name, "Cash")
	return frappe._dict(
		type=dt, first=first, second=second, a=a, b=b, c=c, r1=r1, r2=r2, rb=rb, expiry=expiry, refund=refund
	)


def figures(row) -> tuple:
	return tuple(flt(row[k], 2) if k != "visits" else row[k] for k in FIGURES)


def by(rows, key):
	return {r[key]: r for r in rows if isinstance(r, dict) and r.get(key)}


# ---------------------------------------------------------------- Customer Discount Balance


def test_balance_per_card_sums_sales_use_expiry_and_refunds(cards):
	_columns, rows, _m, _chart, _summary = customer_discount_balance.execute(
		{"discount_type": cards.type.name}
	)
	rows = by(rows, "customer_discount")
	assert set(rows) == {cards.a.name, cards.b.name, cards.c.name}
	assert figures(rows[cards.a.name]) == (4000, 3500, 1600, 1400, 0, 0, 2400, 2100, 2)
	assert figures(rows[cards.b.name]) == (4000, 3500, 400, 350, 3150, 0, 0, 0, 1)
	assert figures(rows[cards.c.name]) == (4000, 3500, 400, 350, 0, 3150, 0, 0, 1)
	assert [rows[n].status for n in (cards.a.name, cards.b.name, cards.c.name)] == [
		"Active",
		"Expired",
		"Refunded",
	]
	assert rows[cards.a.name].valid_until == cards.a.valid_until
	assert rows[cards.a.name].customer_number == cards.first.customer_number


def test_balance_grouped_per_customer(cards):
	_c, rows, *_rest = customer_discount_balance.execute(
		{"discount_type": cards.type.name, "group_by": "Customer"}
	)
	rows = by(rows, "customer_profile")
	first, second = rows[cards.first.name], rows[cards.second.name]
	assert figures(first) == (8000, 7000, 2000, 1750, 3150, 0, 2400, 2100, 3)
	assert (first.cards, first.active_cards, first.status) == (2, 1, "Active")
	assert figures(second) == (4000, 3500, 400, 350, 0, 3150, 0, 0, 1)
	assert (second.cards, second.active_cards, second.status) == (1, 0, "Refunded")


def test_balance_filters_by_status_and_customer(cards):
	_c, rows, *_rest = customer_discount_balance.execute(
		{"discount_type": cards.type.name, "status": "Expired"}
	)
	assert [r.customer_discount for r in rows] == [cards.b.name]
	_c, rows, *_rest = customer_discount_balance.execute(
		{"discount_type": cards.type.name, "customer_profile": cards.second.name, "company": COMPANY}
	)
	assert [r.customer_discount for r in rows] == [cards.c.name]


def test_balance_report_has_a_totals_row_and_a_liability_summary(cards):
	result = run_report("Customer Discount Balance", {"discount_type": cards.type.name})
	columns = [c["fieldname"] for c in result["columns"]]
	total = result["result"][-1]
	assert isinstance(total, list)
	totals = {field: total[columns.index(field)] for field in FIGURES}
	assert figures(totals) == (12000, 10500, 2400, 2100, 3150, 3150, 2400, 2100, 4)
	summary = {s["label"]: s["value"] for s in result["report_summary"]}
	assert summary["Paid Balance"] == 2100
	assert result["report_summary"][0]["label"] == "Card Balance"  # what the customer can still spend
	assert summary["Card Balance"] == 2400


def test_cancelled_cards_only_under_the_cancelled_status():
	dt = make_discount_type(name="Report Card")
	profile = make_profile()
	si, card = sell_card(profile, dt)
	si.cancel()
	_c, rows, *_rest = customer_discount_balance.execute({"discount_type": dt.name})
	assert rows == []
	_c, rows, *_rest = customer_discount_balance.execute({"discount_type": dt.name, "status": "Cancelled"})
	assert [(r.customer_discount, r.balance_money, r.sold_money) for r in rows] == [(card.name, 0, 0)]


# ---------------------------------------------------------------- Customer Discount Ledger


def ledger_of(card, **filters):
	_columns, rows = customer_discount_ledger.execute({"customer_discount": card, **filters})
	return rows


def test_ledger_lists_entries_with_running_balances(cards):
	rows = ledger_of(cards.a.name)
	assert [(r.entry_type, r.value_delta, r.money_delta, r.value_balance, r.money_balance) for r in rows] == [
		("Sale", 4000, 3500, 4000, 3500),
		("Redemption", -400, -350, 3600, 3150),
		("Redemption", -1200, -1050, 2400, 2100),
	]
	assert [(r.voucher_type, r.voucher_no) for r in rows[1:]] == [
		("Sales Invoice", cards.r1.name),
		("Sales Invoice", cards.r2.name),
	]


def test_ledger_voucher_column_is_a_dynamic_link_to_the_voucher_type():
	columns = {c["fieldname"]: c for c in customer_discount_ledger.columns()}
	assert columns["voucher_no"]["fieldtype"] == "Dynamic Link"
	assert columns["voucher_no"]["options"] == "voucher_type"
	assert columns["voucher_type"]["fieldtype"] == "Data"  # a Link to DocType needs read access to DocType


def test_ledger_opens_with_the_balance_before_the_from_date(cards):
	rows = ledger_of(cards.b.name, from_date=add_days(add_months(nowdate(), -6), -1))
	assert [(r.entry_type, r.value_balance, r.money_balance) for r in rows] == [
		("Opening", 4000, 3500),
		("Redemption", 3600, 3150),
		("Expiry", 0, 0),
	]
	assert rows[2].voucher_no == cards.expiry


def test_ledger_hides_cancelled_entries_unless_asked_and_they_never_move_the_balance(cards):
	cards.r2.cancel()
	assert [(r.entry_type, r.money_balance) for r in ledger_of(cards.a.name)] == [
		("Sale", 3500),
		("Redemption", 3150),
	]
	rows = ledger_of(cards.a.name, include_cancelled=1)
	assert [(r.entry_type, r.money_delta, r.money_balance, r.is_cancelled) for r in rows] == [
		("Sale", 3500, 3500, 0),
		("Redemption", -350, 3150, 0),
		("Redemption", -1050, 3150, 1),
		("Redemption Reversal", 1050, 3150, 1),
	]


def test_ledger_filters_by_customer_and_date(cards):
	_c, rows = customer_discount_ledger.execute(
		{"customer_profile": cards.second.name, "from_date": nowdate(), "to_date": nowdate()}
	)
	assert [(r.customer_discount, r.entry_type) for r in rows] == [
		(cards.c.name, "Sale"),
		(cards.c.name, "Redemption"),
		(cards.c.name, "Refund"),
	]
	assert rows[-1].voucher_no == cards.refund


# ---------------------------------------------------------------- Card Liability Reconciliation


def reconciliation():
	_columns, rows, _message, _chart, summary = card_liability_reconciliation.execute({"company": COMPANY})
	company_row = next(r for r in rows if r["row_type"] == "Summary")
	return company_row, [r for r in rows if r["row_type"] != "Summary"], summary


def gl_balance() -> float:
	liability = card_accounts(COMPANY).liability_account
	return flt(
		frappe.db.sql(
			"""select sum(credit) - sum(debit) from `tabGL Entry` where account=%s and is_cancelled=0""",
			liability,
		)[0][0],
		2,
	)


def test_reconciliation_shows_no_difference_on_correct_data(cards):
	profile = make_profile("Meera", "Iyer")
	_si, card = sell_card(profile, cards.type)
	redeem(profile, card, [("SVC-FACIAL", 1, 1200)], is_pos=0)  # settled by a Journal Entry
	company_row, vouchers, summary = reconciliation()
	assert company_row["difference"] == 0
	assert company_row["gl_money"] == gl_balance()
	assert company_row["card_money"] == gl_balance()
	assert vouchers == []
	assert {s["label"]: s["value"] for s in summary}["Vouchers Not Matching"] == 0


def test_reconciliation_lists_a_stray_journal_entry_on_the_liability(cards):
	liability = card_accounts(COMPANY).liability_account
	je = frappe.get_doc(
		{
			"doctype": "Journal Entry",
			"company": COMPANY,
			"posting_date": nowdate(),
			"accounts": [
				{"account": liability, "debit_in_account_currency": 100},
				{"account": account("Cash"), "credit_in_account_currency": 100},
			],
		}
	).insert()
	je.submit()
	company_row, vouchers, _summary = reconciliation()
	assert company_row["difference"] == -100
	assert [
		(v["voucher_type"], v["voucher_no"], v["gl_money"], v["card_money"], v["difference"])
		for v in vouchers
	] == [("Journal Entry", je.name, -100, 0, -100)]
	assert vouchers[0]["row_type"] == "GL Without Card Entries"


def test_reconciliation_lists_card_entries_without_gl(cards):
	card = ledger.lock_card(cards.a.name)
	ledger.record(card, "Redemption", "Customer Discount", cards.a.name, -400, -350, 1)
	company_row, vouchers, _summary = reconciliation()
	assert company_row["difference"] == 350
	assert [(v["voucher_no"], v["card_money"], v["gl_money"], v["row_type"]) for v in vouchers] == [
		(cards.a.name, -350, 0, "Card Entries Without GL")
	]


def test_reconciliation_as_of_a_past_date_ignores_later_vouchers(cards):
	_columns, rows, *_rest = card_liability_reconciliation.execute(
		{"company": COMPANY, "as_of_date": add_months(nowdate(), -6)}
	)
	company_row = next(r for r in rows if r["row_type"] == "Summary")
	assert company_row["difference"] == 0
	before = flt(
		frappe.db.sql(
			"""select sum(money_delta) from `tabCustomer Discount Entry`
			where company=%s and is_cancelled=0 and posting_date<=%s""",
			(COMPANY, add_months(nowdate(), -6)),
		)[0][0],
		2,
	)
	assert company_row["card_money"] == before


# ---------------------------------------------------------------- access


def make_user(email: str, role: str) -> str:
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": role,
				"send_welcome_email": 0,
				"roles": [{"role": role}],
			}
		).insert(ignore_permissions=True)
	return email


def test_salon_staff_see_card_balances_and_ledger_but_not_the_reconciliation(cards):
	frappe.set_user(make_user("card-reports-staff@example.com", "Salon Staff"))
	balance = run_report("Customer Discount Balance", {"discount_type": cards.type.name})
	assert len(balance["result"]) == 4  # three cards and the totals row
	entries = run_report("Customer Discount Ledger", {"customer_discount": cards.a.name})
	assert len(entries["result"]) == 3
	with pytest.raises(frappe.PermissionError):
		run_report("Card Liability Reconciliation", {"company": COMPANY})


def test_accounts_users_run_the_reconciliation(cards):
	frappe.set_user(make_user("card-reports-accounts@example.com", "Accounts User"))
	result = run_report("Card Liability Reconciliation", {"company": COMPANY})
	summary = next(r for r in result["result"] if r["row_type"] == "Summary")
	assert summary["difference"] == 0
