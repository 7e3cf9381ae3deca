"""Customer History on the real site: one row per source document kind, newest first, each pointing at a
document that exists."""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import getdate

from salon_crm.api import history as history_api
from salon_crm.history import service
from salon_crm.salon_crm.report.customer_history import customer_history
from tests.integration import performance_factories as pf


@pytest.fixture
def customer():
	"""A profile with a service, a product sale, a card sold and redeemed, a plan, a treatment and a
	greeting, on distinct days."""
	p = pf.profile("History")
	docs = frappe._dict()
	docs.service = pf.invoice(p.customer, [("SVC-FACIAL", 1, 1200)], days_ago=1)
	docs.product = pf.invoice(p.customer, [("PRD-SHAMPOO", 2, 500)], days_ago=2, update_stock=1)
	docs.card = pf.card(p, 3000, price=2500)
	docs.sale_entry = pf.card_entry(
		docs.card, "Sale", 3000, 2500, days_ago=3, voucher_type="Sales Invoice", voucher_no=docs.service.name
	)
	docs.redemption = pf.card_entry(
		docs.card,
		"Redemption",
		-400,
		-333.33,
		days_ago=1,
		voucher_type="Sales Invoice",
		voucher_no=docs.service.name,
	)
	docs.plan = pf.plan_assignment(p, days_ago=4)
	docs.treatment = pf.treatment(p, days_ago=5)
	docs.greeting = pf.greeting(p, days_ago=6)
	return p, docs


def test_history_has_a_row_for_each_kind_of_source(customer):
	p, docs = customer
	rows = service.get_history(p.name)
	by_kind = {}
	for row in rows:
		by_kind.setdefault(row.kind, []).append(row)
	assert set(by_kind) == set(service.KINDS)
	assert [(r.reference_doctype, r.reference_name) for r in by_kind[service.SERVICES]] == [
		("Sales Invoice", docs.service.name)
	]
	assert [(r.reference_doctype, r.reference_name) for r in by_kind[service.PRODUCTS]] == [
		("Sales Invoice", docs.product.name)
	]
	assert {(r.detail, r.reference_name) for r in by_kind[service.CARDS]} == {
		("Sale", docs.card.name),
		("Redemption", docs.card.name),
	}
	assert by_kind[service.PLANS][0].reference_name == docs.plan.name
	assert by_kind[service.TREATMENTS][0].reference_name == docs.treatment.name
	assert by_kind[service.GREETINGS][0].reference_name == docs.greeting.name


def test_every_history_row_links_to_an_existing_document(customer):
	p, _docs = customer
	for row in service.get_history(p.name):
		assert frappe.db.exists(row.reference_doctype, row.reference_name), row
		if row.voucher_no:
			assert frappe.db.exists(row.voucher_type, row.voucher_no), row


def test_history_is_newest_first(customer):
	p, _docs = customer
	dates = [getdate(r.date) for r in service.get_history(p.name)]
	assert dates == sorted(dates, reverse=True)


def test_service_and_product_rows_carry_item_quantity_and_amount(customer):
	p, _docs = customer
	service_row = service.get_history(p.name, kinds=[service.SERVICES])[0]
	product_row = service.get_history(p.name, kinds=[service.PRODUCTS])[0]
	assert (service_row.title, service_row.qty, service_row.amount) == ("Facial", 1, 1200)
	assert (product_row.detail, product_row.qty, product_row.amount) == ("PRD-SHAMPOO", 2, 1000)


def test_treatment_rows_carry_their_photos(customer):
	p, _docs = customer
	row = service.get_history(p.name, kinds=[service.TREATMENTS])[0]
	assert (row.before_photo, row.after_photo) == ("/files/before-test.jpg", "/files/after-test.jpg")
	assert row.detail == "Dry skin"


def test_cancelled_invoices_are_not_history(customer):
	p, _docs = customer
	cancelled = pf.invoice(p.customer, [("SVC-SPA", 1, 2000)], days_ago=0)
	cancelled.cancel()
	names = {r.reference_name for r in service.get_history(p.name, kinds=[service.SERVICES])}
	assert cancelled.name not in names


def test_returns_appear_with_negative_amounts(customer):
	p, docs = customer
	credit = pf.sales_return(docs.service, days_ago=0)
	row = next(
		r for r in service.get_history(p.name, kinds=[service.SERVICES]) if r.reference_name == credit.name
	)
	assert (row.qty, row.amount, row.status) == (-1, -1200, "Return")


def test_date_filters_and_paging(customer):
	p, docs = customer
	from frappe.utils import add_days, nowdate

	rows = service.get_history(p.name, from_date=add_days(nowdate(), -2), to_date=add_days(nowdate(), -1))
	assert {r.kind for r in rows} == {service.SERVICES, service.PRODUCTS, service.CARDS}
	everything = service.get_history(p.name)
	assert service.get_history(p.name, limit=2, start=1) == everything[1:3]


def test_report_filters_by_kind_and_links_rows_with_a_dynamic_link_column(customer):
	p, docs = customer
	columns, rows = customer_history.execute({"customer_profile": p.name, "kind": "Treatments"})
	reference = next(c for c in columns if c["fieldname"] == "reference_name")
	assert reference["fieldtype"] == "Dynamic Link" and reference["options"] == "reference_doctype"
	assert [(r.reference_doctype, r.reference_name) for r in rows] == [
		("Treatment Record", docs.treatment.name)
	]


def test_endpoint_returns_only_the_kinds_asked_for(customer):
	p, _docs = customer
	rows = history_api.get_history(p.name, kinds='["Plans", "Greetings"]')
	assert {r.kind for r in rows} == {"Plans", "Greetings"}


def test_endpoint_requires_read_permission_on_the_profile(customer):
	p, _docs = customer
	frappe.set_user("Guest")
	with pytest.raises(frappe.PermissionError):
		history_api.get_history(p.name)


def test_consolidated_sales_invoice_is_not_shown_twice(customer):
	p, docs = customer
	frappe.db.set_value("Sales Invoice", docs.service.name, "is_consolidated", 1, update_modified=False)
	names = {r.reference_name for r in service.get_history(p.name, kinds=[service.SERVICES])}
	assert docs.service.name not in names


def test_salon_staff_can_run_the_customer_history_report(customer):
	from frappe.desk.query_report import run

	from tests.integration.test_customer_profile import _user_with_roles

	p, docs = customer
	frappe.set_user(_user_with_roles("history.staff@example.com", ["Salon Staff"]))
	result = run("Customer History", filters={"customer_profile": p.name, "kind": "Treatments"})
	assert [(r["reference_doctype"], r["reference_name"]) for r in result["result"]] == [
		("Treatment Record", docs.treatment.name)
	]
