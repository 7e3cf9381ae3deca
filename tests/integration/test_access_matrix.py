"""The role matrix (salon_crm/rules/access.py) walked on the real site.

For each role of the matrix, a desk user holding only that role (and Frappe's automatic ones) gets exactly the
matrix's rights from frappe.has_permission on each app doctype, may open exactly the matrix's reports and desk
pages, and passes the permission check of exactly the matrix's whitelisted functions. A function is called
the way a desk request calls it (frappe.handler.execute_cmd under a GET or POST request, controller methods
through run_doc_method), with real records: frappe.PermissionError means refused; returning, or failing on
a business rule after the check, means allowed.
"""

from __future__ import annotations

import json

import frappe
import pytest
from frappe.desk.desktop import get_workspace_sidebar_items
from frappe.desk.doctype.dashboard_chart.dashboard_chart import has_permission as chart_permission
from frappe.desk.query_report import get_report_doc
from frappe.utils import set_request
from frappe.utils.background_jobs import get_job

from salon_crm.performance import jobs as performance_jobs
from salon_crm.plans import assignment as plan_assignment
from salon_crm.rules import access
from tests.integration import card_factories as cf
from tests.integration import plan_factories as plf
from tests.integration.site_setup import COMPANY

ALLOWED, REFUSED = "allowed", "refused"


def make_user(role: str) -> str:
	"""A desk user with `role` alone."""
	email = f"access-{frappe.scrub(role)}-{frappe.generate_hash(length=6)}@example.com"
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": role,
			"send_welcome_email": 0,
			"user_type": "System User",
			"roles": [{"role": role}],
		}
	)
	user.flags.no_welcome_mail = True
	user.insert(ignore_permissions=True)
	frappe.defaults.set_user_default("Company", COMPANY, user=email)
	return email


@pytest.fixture
def users() -> dict[str, str]:
	return {role: make_user(role) for role in access.ROLES}


@pytest.fixture
def records():
	"""A profile holding a sold card and an active plan assignment (made by Administrator)."""
	r = frappe._dict()
	r.profile = cf.make_profile("Matrix", frappe.generate_hash(length=6))
	r.card_type = cf.make_discount_type(
		f"Matrix {frappe.generate_hash(length=6)}", value=1000, price=900, services=("SVC-FACIAL",)
	)
	_invoice, r.card = cf.sell_card(r.profile, r.card_type)
	r.plan = plf.make_plan()
	r.assignment = plan_assignment.assign(r.plan.name, [r.profile.name])["assigned"][0]
	r.campaign = frappe.get_doc(
		{
			"doctype": "Salon Campaign",
			"campaign_name": f"Matrix {frappe.generate_hash(length=6)}",
			"company": COMPANY,
			"channel": "SMS",
			"sms_message": "Hello {{ first_name }}",
			"rules": [{"rule_type": "Customer Tag", "tag": plf.ensure_tag("_Test Matrix Nobody")}],
		}
	).insert()
	return r


@pytest.fixture
def request_as():
	"""Call a whitelisted function as `user` through Frappe's request handler; ALLOWED or REFUSED."""

	def call(user: str, m: access.Method, kwargs: dict) -> str:
		outer_request = getattr(frappe.local, "request", None)  # none outside a web request
		frappe.set_user(user)
		set_request(method="POST" if m.post_only else "GET", path="/api/method/" + m.path)
		if m.doctype:
			dn = kwargs.pop("dn")
			form = {"dt": m.doctype, "dn": dn, "method": m.path.rsplit(".", 1)[1], "args": json.dumps(kwargs)}
			cmd = "frappe.handler.run_doc_method"
		else:
			form, cmd = dict(kwargs), m.path
		frappe.local.form_dict = frappe._dict(form)
		try:
			frappe.handler.execute_cmd(cmd)
		except frappe.PermissionError:
			return REFUSED
		except Exception:
			return ALLOWED  # past the permission check, stopped by a business rule
		finally:
			frappe.local.form_dict = frappe._dict()
			frappe.local.message_log = []
			if outer_request is None:
				del frappe.local.request
			else:
				frappe.local.request = outer_request
			frappe.set_user("Administrator")
		return ALLOWED

	return call


def expected(roles) -> dict[str, str]:
	return {role: ALLOWED if role in roles else REFUSED for role in access.ROLES}


# ---------------------------------------------------------------- doctypes


@pytest.mark.parametrize("role", access.ROLES)
def test_role_has_exactly_the_matrix_rights_on_each_doctype(role, users):
	user = users[role]
	got = {
		doctype: {right for right in access.RIGHTS if frappe.has_permission(doctype, right, user=user)}
		for doctype in access.DOCTYPES
	}
	assert got == {doctype: set(access.doctype_rights(doctype, role)) for doctype in access.DOCTYPES}


# ---------------------------------------------------------------- reports and desk pages


def _opens_report(user: str, report: str) -> bool:
	frappe.set_user(user)
	try:
		get_report_doc(report)
		return True
	except frappe.PermissionError:
		return False
	finally:
		frappe.local.message_log = []
		frappe.set_user("Administrator")


@pytest.mark.parametrize("report", list(access.REPORTS))
def test_report_opens_for_exactly_the_matrix_roles(report, users):
	got = {role for role in access.ROLES if _opens_report(users[role], report)}
	assert got == set(access.REPORTS[report])


def _sees_workspace(user: str, workspace: str) -> bool:
	frappe.set_user(user)
	try:
		return workspace in {page.name for page in get_workspace_sidebar_items()["pages"]}
	finally:
		frappe.set_user("Administrator")


@pytest.mark.parametrize("workspace", list(access.WORKSPACES))
def test_workspace_shows_for_exactly_the_matrix_roles(workspace, users):
	got = {role for role in access.ROLES if _sees_workspace(users[role], workspace)}
	assert got == set(access.WORKSPACES[workspace])


@pytest.mark.parametrize("chart", list(access.DASHBOARD_CHARTS))
def test_dashboard_chart_shows_for_exactly_the_matrix_roles(chart, users):
	doc = frappe.get_doc("Dashboard Chart", chart)
	got = {role for role in access.ROLES if chart_permission(doc, "read", users[role])}
	assert got == set(access.DASHBOARD_CHARTS[chart])


# ---------------------------------------------------------------- whitelisted functions


def _search(doctype: str, txt: str = "") -> dict:
	return {"doctype": doctype, "txt": txt, "searchfield": "name", "start": 0, "page_len": 5, "filters": {}}


# the arguments of each function, from the records fixture
ARGUMENTS = {
	"salon_crm.api.cards.active_cards": lambda r: {"customer": r.profile.customer, "company": COMPANY},
	"salon_crm.api.cards.card_ledger": lambda r: {"card": r.card.name},
	"salon_crm.api.pos.customer_panel": lambda r: {"customer": r.profile.customer, "company": COMPANY},
	"salon_crm.api.pos.sale_card": lambda r: {"doctype": "Sales Invoice", "name": r.card.sales_invoice},
	"salon_crm.api.campaigns.preview": lambda r: {"campaign": r.campaign.name},
	"salon_crm.api.campaigns.get_results": lambda r: {"campaign": r.campaign.name},
	"salon_crm.api.campaigns.send_test": lambda r: {
		"campaign": r.campaign.name,
		"recipient": "matrix@example.com",
	},
	"salon_crm.api.campaigns.send_now": lambda r: {"campaign": r.campaign.name},
	"salon_crm.api.campaigns.opt_out": lambda r: {"profile": r.profile.name, "channel": "SMS"},
	"salon_crm.api.history.get_history": lambda r: {"customer_profile": r.profile.name},
	"salon_crm.api.performance.refresh_customer": lambda r: {"profile": r.profile.name},
	"salon_crm.api.performance.refresh_all": lambda r: {"full": 0},
	"salon_crm.api.plans.get_specials": lambda r: {"profile": r.profile.name},
	"salon_crm.api.plans.assign_plan": lambda r: {"plan": r.plan.name, "profiles": r.profile.name},
	"salon_crm.api.plans.end_assignment": lambda r: {"assignment": r.assignment},
	"salon_crm.api.plans.get_eligible_profiles": lambda r: {"plan": r.plan.name},
	"salon_crm.api.search.customer_profile_query": lambda r: _search("Customer Profile", "Matrix"),
	"salon_crm.api.search.customer_query": lambda r: _search("Customer", "Matrix"),
	"salon_crm.api.search.find_customers": lambda r: {"txt": "Matrix"},
	"salon_crm.salon_crm.dashboard_chart_source.salon_income_by_month.salon_income_by_month.get": lambda r: {
		"chart_name": "Income by Month",
		"no_cache": 1,
		"filters": json.dumps({"company": COMPANY}),
	},
	"salon_crm.salon_crm.doctype.customer_discount.customer_discount.CustomerDiscount.refund": lambda r: {
		"dn": r.card.name,
		"mode_of_payment": "Cash",
	},
	"salon_crm.salon_crm.doctype.discount_type.discount_type.get_suggested_value": lambda r: {
		"services": json.dumps(["SVC-FACIAL"]),
		"price_list": "Standard Selling",
	},
}


@pytest.fixture
def no_queued_refresh():
	"""refresh_all queues a real job: take it off the queue again."""
	yield
	job = get_job(performance_jobs.JOB_ID)
	if job and job.get_status() == "queued":
		job.delete()


def test_every_whitelisted_function_has_arguments_here():
	assert set(ARGUMENTS) == {m.path for m in access.METHODS}


@pytest.mark.parametrize("m", access.METHODS, ids=lambda m: m.label)
def test_whitelisted_function_admits_exactly_the_matrix_roles(
	m, users, records, request_as, no_queued_refresh
):
	got = {role: request_as(users[role], m, ARGUMENTS[m.path](records)) for role in access.ROLES}
	assert got == expected(m.roles)
