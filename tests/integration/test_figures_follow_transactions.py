"""A customer's figures follow her transactions: invoices and card movements queue a refresh of that customer
once their transaction commits (one queued job per customer), and figures never computed are shown as such,
never as zeros."""

from __future__ import annotations

import frappe
import pytest
from frappe.utils.background_jobs import get_job

from salon_crm.performance import jobs, service
from tests.integration.card_factories import make_discount_type, sell_card
from tests.integration.performance_factories import invoice, profile


def _pending() -> set:
	return set(frappe.flags.get(jobs.PENDING) or ())


def _job(customer: str):
	return get_job(jobs.CUSTOMER_JOB_ID.format(customer))  # (get_job adds the site)


@pytest.fixture
def queued_jobs():
	"""Customers whose queued jobs this test made: the jobs are removed from the queue afterwards."""
	customers: list[str] = []
	yield customers
	for customer in customers:
		job = _job(customer)
		if job:
			job.delete()


def test_submitting_an_invoice_queues_its_customer_for_after_the_commit():
	walk_in = profile()
	frappe.flags.pop(jobs.PENDING, None)

	invoice(walk_in.customer, [("SVC-HAIRCUT", 1, 400)])

	assert _pending() == {walk_in.customer}


def test_cancelling_an_invoice_queues_its_customer():
	walk_in = profile()
	si = invoice(walk_in.customer, [("SVC-HAIRCUT", 1, 400)])
	frappe.flags.pop(jobs.PENDING, None)

	si.cancel()

	assert _pending() == {walk_in.customer}


def test_selling_a_card_queues_its_customer():
	buyer = profile()
	card_type = make_discount_type()
	frappe.flags.pop(jobs.PENDING, None)

	_si, card = sell_card(buyer, card_type)

	assert card.customer == buyer.customer
	assert _pending() == {buyer.customer}


def test_after_the_commit_each_customer_has_one_queued_job(queued_jobs):
	walk_in = profile()
	queued_jobs.append(walk_in.customer)
	invoice(walk_in.customer, [("SVC-HAIRCUT", 1, 400)])
	invoice(walk_in.customer, [("SVC-FACIAL", 1, 1200)])
	assert _job(walk_in.customer) is None  # nothing is queued before the commit

	frappe.db.after_commit.run()  # what frappe.db.commit() runs once the COMMIT is done

	job = _job(walk_in.customer)
	assert job is not None
	assert job.kwargs["method"] == "salon_crm.performance.jobs.refresh_customer"
	assert job.kwargs["kwargs"] == {"customer": walk_in.customer}
	assert job.kwargs["site"] == frappe.local.site
	assert not _pending()


def test_a_rolled_back_transaction_queues_nothing(queued_jobs):
	customer = profile().customer
	queued_jobs.append(customer)
	jobs.queue_customer_refresh(customer)

	frappe.db.rollback()
	frappe.db.after_commit.run()

	assert not _pending()
	assert _job(customer) is None


def test_the_queued_job_computes_the_customers_figures():
	walk_in = profile()
	invoice(walk_in.customer, [("SVC-FACIAL", 1, 1200)])
	frappe.db.set_value("Customer Profile", walk_in.name, "performance_updated_on", None)

	service.refresh_customers([walk_in.customer])  # the job's body, without its commit

	stored = frappe.db.get_value(
		"Customer Profile",
		walk_in.name,
		["lifetime_income", "visits", "performance_updated_on"],
		as_dict=True,
	)
	assert (stored.lifetime_income, stored.visits) == (1200, 1)
	assert stored.performance_updated_on


def test_figures_of_a_customer_without_invoices_are_marked_computed():
	newcomer = profile()
	frappe.db.set_value("Customer Profile", newcomer.name, "performance_updated_on", None)

	service.refresh_customers([newcomer.customer])

	assert frappe.db.get_value("Customer Profile", newcomer.name, "performance_updated_on")


def test_a_full_refresh_marks_never_computed_profiles_computed():
	newcomer = profile()
	frappe.db.set_value("Customer Profile", newcomer.name, "performance_updated_on", None)

	service.refresh(full=True)

	assert frappe.db.get_value("Customer Profile", newcomer.name, "performance_updated_on")


def test_report_lists_never_computed_customers_as_not_computed_instead_of_zeros():
	from salon_crm.salon_crm.report.customer_performance import customer_performance as report

	walk_in = profile()
	invoice(walk_in.customer, [("SVC-FACIAL", 1, 1200)])
	frappe.db.set_value(
		"Customer Profile",
		walk_in.name,
		{"performance_updated_on": None, "lifetime_income": 0, "visits": 0},
	)

	rows = {r["customer_profile"]: r for r in report.get_rows(frappe._dict())}

	row = rows[walk_in.name]
	assert row["rfm_segment"] == "Not computed yet"
	assert row["lifetime_income"] is None
	assert row["visits"] is None
	assert row["card_balance"] is None
