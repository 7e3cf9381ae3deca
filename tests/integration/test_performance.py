"""Customer performance figures on the real site: known invoices, returns, cancellations and stock
valuation give exact figures, and the full and incremental refreshes agree."""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import add_days, add_to_date, flt, getdate, now_datetime, nowdate

from salon_crm.performance import jobs, service
from salon_crm.salon_crm.report.customer_performance import customer_performance
from tests.integration import performance_factories as pf

FIELDS = [*service.FIGURES, "average_bill", "card_balance", "rfm_segment"]


def figures(profile_name: str) -> dict:
	row = frappe.db.get_value("Customer Profile", profile_name, FIELDS, as_dict=True)
	return {
		k: (flt(v, 2) if isinstance(v, int | float) or hasattr(v, "as_integer_ratio") else v)
		for k, v in row.items()
	}


@pytest.fixture
def regular():
	"""Haircut today, facial 10 days ago (returned 5 days ago), spa 100 days ago, manicure 300 days ago,
	haircut 500 days ago, and a cancelled spa 40 days ago."""
	p = pf.profile("Regular")
	pf.invoice(p.customer, [("SVC-HAIRCUT", 1, 400)], days_ago=0)
	facial = pf.invoice(p.customer, [("SVC-FACIAL", 1, 1200)], days_ago=10)
	pf.sales_return(facial, days_ago=5)
	pf.invoice(p.customer, [("SVC-SPA", 1, 2000)], days_ago=100)
	pf.invoice(p.customer, [("SVC-MANICURE", 1, 600)], days_ago=300)
	pf.invoice(p.customer, [("SVC-HAIRCUT", 1, 400)], days_ago=500)
	cancelled = pf.invoice(p.customer, [("SVC-SPA", 1, 2000)], days_ago=40)
	cancelled.cancel()
	return p


@pytest.fixture
def shopper():
	"""Two serums (valuation 900 each) and a haircut with update_stock, one serum returned."""
	p = pf.profile("Shopper")
	sale = pf.invoice(
		p.customer, [("PRD-SERUM", 2, 1500), ("SVC-HAIRCUT", 1, 400)], days_ago=3, update_stock=1
	)
	pf.sales_return(sale, days_ago=1, qty_by_item={"PRD-SERUM": 1})
	return p, sale


def test_income_windows_visits_and_average_bill_from_known_invoices(regular):
	service.refresh(full=True)
	f = figures(regular.name)
	assert f["income_7_days"] == 400 - 1200
	assert f["income_30_days"] == 400 + 1200 - 1200
	assert f["income_6_months"] == 400 + 2000
	assert f["income_1_year"] == 400 + 2000 + 600
	assert f["lifetime_income"] == 400 + 2000 + 600 + 400
	assert f["visits"] == 5  # days with a non-return invoice; the cancelled one is not counted
	assert f["last_visit"] == getdate(nowdate())
	assert f["average_bill"] == flt(3400 / 5, 2)


def test_cancelled_invoice_is_not_income(regular):
	service.refresh(full=True)
	before = figures(regular.name)
	cancelled = frappe.get_all(
		"Sales Invoice", filters={"customer": regular.customer, "docstatus": 2}, pluck="name"
	)
	assert len(cancelled) == 1
	assert before["income_6_months"] == 2400  # the 2000 spa 40 days ago is absent


def test_gross_profit_uses_erpnext_stock_valuation(shopper):
	p, sale = shopper
	service.refresh(full=True)
	f = figures(p.name)
	cost = -flt(
		frappe.db.sql(
			"""select sum(stock_value_difference) from `tabStock Ledger Entry`
			where voucher_type = 'Sales Invoice' and is_cancelled = 0 and voucher_no in
			(select name from `tabSales Invoice` where customer = %s)""",
			p.customer,
		)[0][0],
		2,
	)
	assert cost == 900  # 2 x 900 out, 1 x 900 back
	assert f["income_1_year"] == 3000 + 400 - 1500
	assert f["gross_profit_1_year"] == 1900 - 900
	assert f["visits"] == 1


def test_services_have_no_cost(regular):
	service.refresh(full=True)
	f = figures(regular.name)
	assert f["gross_profit_1_year"] == f["income_1_year"]


def test_card_balance_counts_active_cards_only():
	p = pf.profile("Cardholder")
	pf.card(p, 3500)
	pf.card(p, 1000)
	pf.card(p, 700, status="Expired")
	pf.card(p, 900, docstatus=2, status="Cancelled")
	service.refresh(full=True)
	assert figures(p.name)["card_balance"] == 4500


def test_prepaid_card_lines_are_not_income(regular):
	from tests.integration.card_factories import make_discount_type

	card_type = make_discount_type(name="Perf Card " + frappe.generate_hash(length=5), value=4000, price=3000)
	pf.invoice(regular.customer, [(card_type.item, 1, 3000), ("SVC-HAIRCUT", 1, 400)], days_ago=2)
	service.refresh(full=True)
	assert figures(regular.name)["income_7_days"] == 400 - 1200 + 400


def test_unconsolidated_pos_invoice_counts_and_consolidated_does_not(regular):
	open_pos = pf.pos_invoice(regular.customer, [("SVC-MANICURE", 650)], add_days(nowdate(), -1))
	pf.pos_invoice(
		regular.customer,
		[("SVC-MANICURE", 999)],
		add_days(nowdate(), -2),
		consolidated_invoice="ACC-SINV-CONSOLIDATED",
	)
	service.refresh(full=True)
	f = figures(regular.name)
	assert f["income_7_days"] == 400 - 1200 + 650
	assert f["visits"] == 6
	assert open_pos


def test_pos_invoice_on_a_day_with_a_sales_invoice_is_not_a_second_visit(regular):
	pf.pos_invoice(regular.customer, [("SVC-MANICURE", 650)], nowdate())  # the haircut invoice is today too
	service.refresh(full=True)
	f = figures(regular.name)
	assert f["visits"] == 5
	assert f["income_7_days"] == 400 - 1200 + 650
	assert f["last_visit"] == getdate(nowdate())


def test_invoice_from_a_delivery_note_is_costed_at_the_delivery_valuation():
	"""An invoice made from a Delivery Note moves no stock: its cost is the delivery's valuation, which a
	repost may change later (simulated here on the Delivery Note Item, as a repost writes it)."""
	from erpnext.stock.doctype.delivery_note.delivery_note import make_sales_invoice as invoice_from_delivery

	p = pf.profile("Delivered")
	dn = frappe.get_doc(
		{
			"doctype": "Delivery Note",
			"company": pf.COMPANY,
			"customer": p.customer,
			"currency": "INR",
			"selling_price_list": "Standard Selling",
			"set_warehouse": pf.warehouse(),
			"items": [{"item_code": "PRD-SERUM", "qty": 1, "rate": 1500}],
		}
	).insert()
	dn.submit()
	si = invoice_from_delivery(dn.name)
	si.insert()
	si.submit()
	assert not si.update_stock and si.items[0].dn_detail
	frappe.db.set_value("Delivery Note Item", si.items[0].dn_detail, "incoming_rate", 950)
	service.refresh(full=True)
	f = figures(p.name)
	assert f["income_1_year"] == 1500
	assert f["gross_profit_1_year"] == 1500 - 950


def test_incremental_refresh_updates_customers_with_new_invoices(regular):
	service.refresh(full=True)
	pf.invoice(regular.customer, [("SVC-FACIAL", 1, 1200)], days_ago=0)
	result = service.refresh(full=False)
	assert result["mode"] == "incremental"
	assert figures(regular.name)["income_7_days"] == 400 - 1200 + 1200


def test_incremental_refresh_sees_invoices_leaving_a_window():
	"""An invoice 8 days old, untouched since, leaves the 7-day window between two runs 3 days apart."""
	p = pf.profile("Aging")
	si = pf.invoice(p.customer, [("SVC-SPA", 1, 2000)], days_ago=8)
	long_ago = add_to_date(now_datetime(), days=-10)
	frappe.db.sql("update `tabSales Invoice` set modified = %s where name = %s", (long_ago, si.name))
	frappe.db.sql("update `tabCustomer Profile` set creation = %s where name = %s", (long_ago, p.name))

	three_days_ago = add_days(nowdate(), -3)
	service.refresh(full=True, today=getdate(three_days_ago))
	assert figures(p.name)["income_7_days"] == 2000
	frappe.db.set_single_value(
		"Salon CRM Settings", "last_performance_refresh", add_to_date(now_datetime(), days=-3)
	)

	assert p.customer in service.changed_customers(add_to_date(now_datetime(), days=-3), getdate(nowdate()))
	result = service.refresh(full=False)
	assert result["mode"] == "incremental"
	assert figures(p.name)["income_7_days"] == 0
	assert figures(p.name)["income_30_days"] == 2000


def test_full_and_incremental_refresh_agree(regular, shopper):
	other = pf.profile("Other")
	pf.invoice(other.customer, [("SVC-MANICURE", 2, 600)], days_ago=20)
	names = [regular.name, shopper[0].name, other.name]

	service.refresh(full=True)
	pf.invoice(other.customer, [("PRD-SHAMPOO", 1, 500)], days_ago=0, update_stock=1)
	extra = pf.invoice(regular.customer, [("SVC-SPA", 1, 2000)], days_ago=0)
	extra.cancel()
	assert service.refresh(full=False)["mode"] == "incremental"
	incremental = {n: figures(n) for n in names}

	service.refresh(full=True)
	full = {n: figures(n) for n in names}
	assert incremental == full
	assert full[other.name]["gross_profit_1_year"] == 1200 + 500 - 200


def test_refresh_records_run_times_in_settings(regular):
	service.refresh(full=True)
	first_full = frappe.db.get_single_value("Salon CRM Settings", "last_full_performance_refresh")
	assert first_full
	service.refresh(full=False)
	assert frappe.db.get_single_value("Salon CRM Settings", "last_full_performance_refresh") == first_full
	assert frappe.db.get_single_value("Salon CRM Settings", "last_performance_refresh") >= first_full


def test_first_refresh_is_always_full(regular):
	frappe.db.set_single_value("Salon CRM Settings", "last_performance_refresh", None)
	assert service.refresh(full=False)["mode"] == "full"


def test_rfm_segments_follow_the_rules(regular, shopper):
	service.refresh(full=True)
	edges = service.rfm_edges()
	for name in (regular.name, shopper[0].name):
		row = frappe.db.get_value(
			"Customer Profile", name, ["last_visit", "visits", "lifetime_income", "rfm_segment"], as_dict=True
		)
		from salon_crm.rules import performance as rules

		assert row.rfm_segment == rules.rfm_segment(*service.scores(row, edges))


def test_rfm_edges_from_the_database_equal_the_edges_of_the_stored_rows(regular, shopper):
	other = pf.profile("Third")
	pf.invoice(other.customer, [("SVC-SPA", 1, 2000)], days_ago=30)
	service.refresh(full=True)
	stored = frappe.get_all(
		"Customer Profile", fields=["last_visit", "visits", "lifetime_income"], filters={"visits": (">", 0)}
	)
	assert service.rfm_edges() == service.rfm_edges(stored)


def test_profile_without_invoices_has_zero_figures_and_no_segment():
	p = pf.profile("Newcomer")
	service.refresh(full=True)
	f = figures(p.name)
	assert f["lifetime_income"] == 0 and f["visits"] == 0 and f["last_visit"] is None
	assert f["rfm_segment"] is None


def test_replica_write_path_gives_the_same_figures(regular, shopper):
	"""The path used with a read replica (figures read, then written back through JSON_TABLE)."""
	service.refresh(full=True)
	expected = {n: figures(n) for n in (regular.name, shopper[0].name)}
	frappe.db.sql(
		"update `tabCustomer Profile` set lifetime_income = 0, visits = 0 where name in %s",
		(tuple(expected),),
	)
	service.write_figures(service.figures())
	assert {n: figures(n) for n in expected} == expected


def test_refresh_customer_endpoint_recomputes_one_profile(regular):
	from salon_crm.api.performance import refresh_customer

	result = refresh_customer(regular.name)
	assert flt(result.lifetime_income) == 3400
	assert result.visits == 5


def test_refresh_customer_requires_write_permission(regular):
	from salon_crm.api.performance import refresh_customer

	frappe.set_user("Guest")
	with pytest.raises(frappe.PermissionError):
		refresh_customer(regular.name)


def test_nightly_refresh_runs_full_when_none_ran_this_week(regular):
	frappe.db.set_single_value("Salon CRM Settings", "last_full_performance_refresh", None)
	assert jobs.nightly_refresh()["mode"] == "full"
	assert jobs.nightly_refresh()["mode"] == "incremental"


def test_report_ranks_customers_with_stored_and_live_figures_agreeing(regular, shopper):
	service.refresh(full=True)
	_columns, stored, _msg, chart = customer_performance.execute({})
	_columns, live, _msg, _chart = customer_performance.execute({"company": pf.COMPANY})
	by_name = {r["customer_profile"]: r for r in live}
	for row in stored:
		if row["customer_profile"] in (regular.name, shopper[0].name):
			other = by_name[row["customer_profile"]]
			for field in (*service.FIGURES, "average_bill"):
				assert flt(row[field], 2) == flt(other[field], 2) if field != "last_visit" else True
	incomes = [flt(r["lifetime_income"]) for r in stored]
	assert incomes == sorted(incomes, reverse=True)
	assert chart["type"] == "bar"


def test_report_filters_by_segment_and_minimum_income(regular, shopper):
	service.refresh(full=True)
	segment = frappe.db.get_value("Customer Profile", regular.name, "rfm_segment")
	_c, rows, _m, _ch = customer_performance.execute({"segment": segment, "min_income": 3000})
	assert rows and all(r["rfm_segment"] == segment and flt(r["lifetime_income"]) >= 3000 for r in rows)
	assert regular.name in {r["customer_profile"] for r in rows}


def test_report_shows_referral_counts():
	referrer = pf.profile("Referrer")
	pf.profile("Friend", referred_by=referrer.name)
	pf.profile("Cousin", referred_by=referrer.name)
	pf.invoice(referrer.customer, [("SVC-HAIRCUT", 1, 400)])
	service.refresh(full=True)
	_c, rows, _m, _ch = customer_performance.execute({})
	row = next(r for r in rows if r["customer_profile"] == referrer.name)
	assert row["referral_count"] == 2


def test_covering_indexes_exist_on_the_invoice_tables():
	from salon_crm.performance.indexes import INDEXES, index_columns

	for doctype, (name, fields) in INDEXES.items():
		assert index_columns(doctype, name) == fields, (doctype, name)


def test_income_is_the_discounted_net_total():
	"""An invoice-level discount is spread over the lines by ERPNext; income is what remains (net of tax)."""
	p = pf.profile("Discounted")
	si = pf.invoice(
		p.customer,
		[("SVC-FACIAL", 1, 1200), ("SVC-HAIRCUT", 1, 400)],
		apply_discount_on="Net Total",
		additional_discount_percentage=12.5,
	)
	assert si.base_net_total == 1400
	service.refresh(full=True)
	assert figures(p.name)["lifetime_income"] == 1400


def test_full_refresh_repairs_figures_written_wrong(regular, shopper):
	"""The weekly full run puts back figures something else changed (the reason it exists)."""
	service.refresh(full=True)
	expected = {n: figures(n) for n in (regular.name, shopper[0].name)}
	frappe.db.sql(
		"""update `tabCustomer Profile` set lifetime_income = 0, visits = 0, card_balance = 99,
		rfm_segment = 'Lost' where name in %s""",
		(tuple(expected),),
	)
	assert service.refresh(full=True)["mode"] == "full"
	assert {n: figures(n) for n in expected} == expected


# ---------------------------------------------------------------- segments for a salon of any size


def _only_these_have_visited(names: list[str]) -> None:
	"""Within this test's transaction, every other profile has no visit (as in a new salon)."""
	frappe.db.sql(
		"update `tabCustomer Profile` set visits = 0, last_visit = null, rfm_segment = null where name not in %s",
		(tuple(names),),
	)


def test_the_only_customer_of_a_new_salon_who_came_today_is_a_new_customer():
	p = pf.profile("First")
	_only_these_have_visited([p.name])
	pf.invoice(p.customer, [("SVC-HAIRCUT", 1, 400)], days_ago=0)

	service.refresh_customers([p.customer])

	assert frappe.db.get_value("Customer Profile", p.name, "rfm_segment") == "New Customers"


def test_customers_tied_on_the_latest_day_all_score_recency_5():
	"""Four one-visit customers today, two regulars last seen 200 days ago: today's share the best recency
	(R 5, F 1, M 1: New Customers), the regulars rank on frequency and income (R 2, F 4, M 4: At Risk)."""
	today_ones = [pf.profile("Today") for _ in range(4)]
	regulars = [pf.profile("Regular") for _ in range(2)]
	_only_these_have_visited([p.name for p in today_ones + regulars])
	for people, last_visit, visits, income in (
		(today_ones, nowdate(), 1, 400),
		(regulars, add_days(nowdate(), -200), 3, 5000),
	):
		frappe.db.sql(
			"update `tabCustomer Profile` set last_visit = %s, visits = %s, lifetime_income = %s where name in %s",
			(last_visit, visits, income, tuple(p.name for p in people)),
		)

	service.update_rfm_segments()

	segments = dict(frappe.get_all("Customer Profile", fields=["name", "rfm_segment"], as_list=True))
	assert {segments[p.name] for p in today_ones} == {"New Customers"}
	assert {segments[p.name] for p in regulars} == {"At Risk"}
