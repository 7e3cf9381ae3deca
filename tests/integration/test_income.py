"""One definition of income (salon_crm.performance.income) on the real site: the performance figures, the
Customer Performance report, Special Plan spend, the Income by Month chart and campaign results
(income_and_visits) count the same lines, and the chart answers only for companies the user may see."""

from __future__ import annotations

import frappe
import pytest
from frappe.utils import add_days, flt, getdate, nowdate

from salon_crm.performance import income
from salon_crm.performance import service as performance
from salon_crm.plans import eligibility
from salon_crm.salon_crm.dashboard_chart_source.salon_income_by_month.salon_income_by_month import get
from salon_crm.salon_crm.report.customer_performance import customer_performance
from tests.integration import performance_factories as pf
from tests.integration.card_factories import make_discount_type
from tests.integration.plan_factories import make_plan, make_user
from tests.integration.site_setup import COMPANY
from tests.integration.test_income_chart import THIS_MONTH, change, chart, label

OTHER_COMPANY = "Glow Salon"  # the site's own company (made by the setup wizard)
TODAY = getdate(nowdate())


@pytest.fixture
def mixed_invoices():
	"""Today: a Sales Invoice with a haircut 400, a line without an item code 250 and a prepaid card 3000;
	a POS Invoice not yet consolidated with a line without an item code 300, a manicure 600 and the card
	3500. Income 400 + 250 + 300 + 600 = 1550 on one visit day."""
	profile = pf.profile("Income")
	card_type = make_discount_type(
		name="Income Card " + frappe.generate_hash(length=5), value=4000, price=3000
	)
	before = chart()
	si = pf.invoice(profile.customer, [("SVC-HAIRCUT", 1, 400), (None, 1, 250), (card_type.item, 1, 3000)])
	assert [row.item_code for row in si.items] == ["SVC-HAIRCUT", None, card_type.item]
	pf.pos_invoice(profile.customer, [(None, 300), ("SVC-MANICURE", 600), (card_type.item, 3500)], TODAY)
	return profile, before


def test_every_user_of_income_counts_a_line_without_item_code_and_leaves_out_card_lines(mixed_invoices):
	profile, chart_before = mixed_invoices
	expected = 1550

	performance.refresh_customers([profile.customer])
	stored = frappe.db.get_value(
		"Customer Profile", profile.name, ["lifetime_income", "visits"], as_dict=True
	)
	live = performance.figures(company=COMPANY, customers=[profile.customer])
	_c, rows, _m, _ch = customer_performance.execute({"company": COMPANY})
	report_row = next(r for r in rows if r["customer_profile"] == profile.name)
	plan = make_plan(rules=[{"rule_type": "Minimum Spend", "amount": expected + 1, "months": 1}])
	(failure,) = eligibility.check(plan, profile.name)
	at_threshold = make_plan(rules=[{"rule_type": "Minimum Spend", "amount": expected, "months": 1}])
	results = income.income_and_visits([profile.customer], TODAY, TODAY, COMPANY)

	assert flt(stored.lifetime_income) == expected and stored.visits == 1
	assert [(flt(r.lifetime_income), r.visits) for r in live] == [(expected, 1)]
	assert flt(report_row["lifetime_income"]) == expected
	assert failure.code == "spend_below" and failure.params["actual"] == expected
	assert profile.name in eligibility.eligible_customers(at_threshold)
	assert profile.name not in eligibility.eligible_customers(plan)
	assert change(chart_before) == {label(THIS_MONTH): expected}
	assert (results[profile.customer].income, results[profile.customer].visits) == (expected, 1)


# ---------------------------------------------------------------- campaign results


def test_income_and_visits_counts_only_the_days_asked_for():
	profile = pf.profile("Window")
	pf.invoice(profile.customer, [("SVC-FACIAL", 1, 1200)], days_ago=20)
	pf.invoice(profile.customer, [("SVC-HAIRCUT", 1, 400)], days_ago=10)
	pf.invoice(profile.customer, [("SVC-SPA", 1, 2000)], days_ago=9)
	pf.invoice(profile.customer, [("SVC-MANICURE", 1, 600)], days_ago=0)

	result = income.income_and_visits([profile.customer], add_days(TODAY, -10), add_days(TODAY, -1))

	assert result[profile.customer] == {
		"income": 2400,
		"visits": 2,
		"last_visit": getdate(add_days(TODAY, -9)),
	}


def test_income_and_visits_counts_returns_negatively_but_not_as_visits():
	profile = pf.profile("Returner")
	facial = pf.invoice(profile.customer, [("SVC-FACIAL", 1, 1200)], days_ago=5)
	pf.sales_return(facial, days_ago=2)

	result = income.income_and_visits([profile.customer], add_days(TODAY, -3), TODAY)

	assert result[profile.customer] == {"income": -1200, "visits": 0, "last_visit": None}


def test_income_and_visits_of_profiles_answers_every_profile_asked_for():
	buyer, idle = pf.profile("Buyer"), pf.profile("Idle")
	pf.invoice(buyer.customer, [("SVC-HAIRCUT", 1, 400)])

	result = income.income_and_visits_of_profiles([buyer.name, idle.name], TODAY, TODAY)

	assert {name: (r.income, r.visits) for name, r in result.items()} == {
		buyer.name: (400, 1),
		idle.name: (0, 0),
	}


def test_income_and_visits_of_another_company_is_zero():
	profile = pf.profile("Company")
	pf.invoice(profile.customer, [("SVC-HAIRCUT", 1, 400)])

	result = income.income_and_visits([profile.customer], TODAY, TODAY, company=OTHER_COMPANY)

	assert result[profile.customer].income == 0


# ---------------------------------------------------------------- who may see the chart


@pytest.fixture
def accounts_user_of_other_company():
	"""An Accounts User whom a User Permission limits to the other company."""
	user = make_user("Accounts User")
	frappe.get_doc(
		{
			"doctype": "User Permission",
			"user": user,
			"allow": "Company",
			"for_value": OTHER_COMPANY,
			"apply_to_all_doctypes": 1,
		}
	).insert(ignore_permissions=True)
	yield user
	frappe.cache.hdel("user_permissions", user)


def test_chart_refuses_a_company_a_user_permission_keeps_from_the_user(accounts_user_of_other_company):
	frappe.set_user(accounts_user_of_other_company)
	with pytest.raises(income.CompanyNotPermittedError):
		chart()


def test_chart_answers_for_the_company_the_user_may_see(accounts_user_of_other_company):
	frappe.set_user(accounts_user_of_other_company)
	data = get(filters={"company": OTHER_COMPANY})
	assert len(data["datasets"][0]["values"]) == 12


def test_chart_refuses_a_user_who_may_not_read_invoices():
	frappe.set_user(make_user("Salon Staff"))
	with pytest.raises(frappe.PermissionError):
		chart()
