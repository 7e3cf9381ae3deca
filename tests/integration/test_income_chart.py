"""The workspace's Income by Month chart on the real site: Sales Invoices and POS Invoices not yet consolidated
count once each, card sales never, returns negatively. Each test reads the chart before and after its
documents and asserts the difference per month (the site may hold other invoices)."""

from __future__ import annotations

import json

from frappe.utils import add_months, flt, get_first_day, getdate, nowdate

from salon_crm.salon_crm.dashboard_chart_source.salon_income_by_month.salon_income_by_month import get
from tests.integration import performance_factories as pf
from tests.integration.card_factories import make_discount_type, sell_card
from tests.integration.factories import make_sales_invoice
from tests.integration.site_setup import COMPANY

CHART = json.dumps({"name": "Income by Month", "filters_json": json.dumps({"company": COMPANY})})
THIS_MONTH = get_first_day(getdate(nowdate()))
LAST_MONTH = add_months(THIS_MONTH, -1)


def chart() -> dict[str, float]:
	data = get(chart=CHART, no_cache=1)
	return dict(zip(data["labels"], data["datasets"][0]["values"], strict=True))


def label(month) -> str:
	return month.strftime("%b %Y")


def change(before: dict[str, float]) -> dict[str, float]:
	"""The months whose income moved since `before`, with the amount it moved by."""
	after = chart()
	moved = {month: flt(after[month] - before[month], 2) for month in after}
	return {month: amount for month, amount in moved.items() if amount}


def test_sales_invoices_and_unconsolidated_pos_invoices_each_count_once():
	before = chart()
	customer = pf.profile("Chart").customer
	pf.invoice(customer, [("SVC-HAIRCUT", 1, 400)])
	pf.pos_invoice(customer, [("SVC-MANICURE", 650)], posting_date=THIS_MONTH)
	# a POS invoice already consolidated: its lines are those of the Sales Invoice standing in for the
	# consolidated one
	consolidated = pf.invoice(customer, [("SVC-FACIAL", 1, 1200)])
	pf.pos_invoice(customer, [("SVC-FACIAL", 1200)], THIS_MONTH, consolidated_invoice=consolidated.name)

	assert change(before) == {label(THIS_MONTH): 400 + 650 + 1200}


def test_each_invoice_counts_in_the_month_of_its_posting_date():
	before = chart()
	customer = pf.profile("Chart").customer
	make_sales_invoice(customer, [("SVC-SPA", 1, 2000)], posting_date=LAST_MONTH)
	pf.pos_invoice(customer, [("SVC-HAIRCUT", 400)], posting_date=LAST_MONTH)
	pf.pos_invoice(customer, [("SVC-MANICURE", 600)], posting_date=THIS_MONTH)

	assert change(before) == {label(LAST_MONTH): 2000 + 400, label(THIS_MONTH): 600}


def test_card_sales_are_left_out_of_sales_and_pos_invoices():
	before = chart()
	profile = pf.profile("Chart")
	card_type = make_discount_type()
	sell_card(profile, card_type)
	pf.pos_invoice(profile.customer, [(card_type.item, 3500), ("SVC-HAIRCUT", 400)], posting_date=THIS_MONTH)

	assert change(before) == {label(THIS_MONTH): 400}


def test_returns_reduce_income():
	customer = pf.profile("Chart").customer
	facial = pf.invoice(customer, [("SVC-FACIAL", 1, 1200)])
	before = chart()
	pf.sales_return(facial)
	pf.pos_invoice(customer, [("SVC-MANICURE", -600)], posting_date=THIS_MONTH, is_return=1)

	assert change(before) == {label(THIS_MONTH): -1200 - 600}
