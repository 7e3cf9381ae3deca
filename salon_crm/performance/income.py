"""What the salon counts as income and as a visit: the one definition that the customer performance figures,
Special Plan spend and visits, the Income by Month chart and campaign results all use.

- Invoices counted: submitted Sales Invoices (consolidated POS invoices included) and submitted POS Invoices
  not yet consolidated (`consolidated_invoice` empty: once consolidated, their lines are in the consolidated
  Sales Invoice, so they never count twice). Cancelled and draft invoices never count.
- Income is the sum of the counted invoices' lines' `base_net_amount` (company currency, net of discounts,
  before taxes), except prepaid-card lines (the Discount Types' items: a card sale is a liability; the card
  is income when it is used). A line without an item code counts (ERPNext allows one: a tip, a custom
  charge). Returns carry negative amounts and reduce income.
- A visit is a day with a counted invoice that is not a return; visits are distinct days.

The SQL pieces below are the only place these rules are written. Two shapes read them:
- lines (`income_lines`, `visit_days`): one row per income line / per visit invoice, for sums over a window
  or a month (Special Plans, the chart, campaign results);
- invoice totals: an invoice's `base_net_total` is the sum of its lines' `base_net_amount` (ERPNext keeps it
  so), hence its income is `base_net_total` less its card lines (`card_line`). The performance refresh sums
  every invoice of every customer this way, reading the totals from a covering index instead of the lines.
tests/integration/test_income.py puts a line without an item code and a card line through every user and
checks that they agree.

Every fragment is fixed SQL chosen in code; every value is a named parameter (`params()` gives
%(card_items)s; callers give the dates, customers and company).
"""

from __future__ import annotations

from datetime import date

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate

from salon_crm.cards.types import card_item_codes

CHUNK_SIZE = 2000
"""Customers per statement in income_and_visits."""


class CompanyNotPermittedError(frappe.PermissionError):
	"""The user may not read this company's invoices."""


def params() -> dict:
	"""The parameters every fragment needs besides the caller's: the prepaid-card item codes."""
	return {"card_items": card_item_codes()}


# ---------------------------------------------------------------- predicates


def card_line(line: str) -> str:
	"""An invoice line (alias `line`) that sells a prepaid card. A line without an item code never does."""
	return f"({line}.item_code > '' and {line}.item_code in %(card_items)s)"


def income_line(line: str) -> str:
	"""An invoice line that counts as income: every line but a card line (lines without an item code
	count)."""
	return f"({line}.item_code is null or {line}.item_code = '' or {line}.item_code not in %(card_items)s)"


def counted_sales_invoice(si: str) -> str:
	"""A Sales Invoice (alias `si`) whose lines count: submitted."""
	return f"{si}.docstatus = 1"


def counted_pos_invoice(pi: str) -> str:
	"""A POS Invoice (alias `pi`) whose lines count: submitted and not yet consolidated into a Sales
	Invoice."""
	return f"{pi}.docstatus = 1 and coalesce({pi}.consolidated_invoice, '') = ''"


def visit_invoice(invoice: str) -> str:
	"""A counted invoice that makes its posting date a visit: not a return."""
	return f"{invoice}.is_return = 0"


def scope(
	since: str | None = None,
	until: str | None = None,
	customer: str | None = None,
	customers: str | None = None,
	company: str | None = None,
) -> str:
	"""Conditions on the invoice alias `{inv}` (filled in per invoice doctype), each naming the parameter
	that holds its value: posting date from %(since)s and/or to %(until)s inclusive, one customer, a tuple
	of customers, one company. Starts with " and" (or is empty)."""
	parts = []
	if since:
		parts.append(f"{{inv}}.posting_date >= %({since})s")
	if until:
		parts.append(f"{{inv}}.posting_date <= %({until})s")
	if customer:
		parts.append(f"{{inv}}.customer = %({customer})s")
	if customers:
		parts.append(f"{{inv}}.customer in %({customers})s")
	if company:
		parts.append(f"{{inv}}.company = %({company})s")
	return "".join(f" and {part}" for part in parts)


# ---------------------------------------------------------------- row sources


def income_lines(where: str = "") -> str:
	"""Rows (customer, posting_date, amount, visit_day) of every income line of the counted invoices within
	`where` (a scope()), visit_day null. The Sales Invoice lines are read through the covering index
	salon_perf_lines (parent, item_code, base_net_amount, ...); a company condition reads the invoice row."""
	return f"""
	select si.customer, si.posting_date, sii.base_net_amount as amount, cast(null as date) as visit_day
	from `tabSales Invoice` si
	join `tabSales Invoice Item` sii on sii.parent = si.name
	where {counted_sales_invoice("si")}{where.format(inv="si")} and {income_line("sii")}
	union all
	select pi.customer, pi.posting_date, pii.base_net_amount, null
	from `tabPOS Invoice` pi
	join `tabPOS Invoice Item` pii on pii.parent = pi.name and pii.parenttype = 'POS Invoice'
	where {counted_pos_invoice("pi")}{where.format(inv="pi")} and {income_line("pii")}
	"""


def visit_days(where: str = "") -> str:
	"""Rows (customer, posting_date, amount, visit_day) of every counted invoice within `where` that makes a
	visit, amount 0 and visit_day its posting date (count distinct visit_day). All customers' Sales Invoices
	are read index-only from salon_perf_customer (customer, docstatus, posting_date, is_return, ...) when
	`where` has no company condition."""
	return f"""
	select si.customer, si.posting_date, 0 as amount, si.posting_date as visit_day
	from `tabSales Invoice` si
	where {counted_sales_invoice("si")} and {visit_invoice("si")}{where.format(inv="si")}
	union all
	select pi.customer, pi.posting_date, 0, pi.posting_date
	from `tabPOS Invoice` pi
	where {counted_pos_invoice("pi")} and {visit_invoice("pi")}{where.format(inv="pi")}
	"""


def has_visit(customer: str, where: str = "") -> str:
	"""SQL that is true when the customer named by `customer` (a column of the outer query, e.g.
	"p.customer") has a visit within `where` (a scope()): the per-row form of visit_days, one index probe
	per invoice doctype (salon_perf_customer; the POS Invoice customer index), for a test on every profile."""
	return f"""(exists (
		select 1 from `tabSales Invoice` si
		where si.customer = {customer} and {counted_sales_invoice("si")} and {visit_invoice("si")}{where.format(inv="si")}
	) or exists (
		select 1 from `tabPOS Invoice` pi
		where pi.customer = {customer} and {counted_pos_invoice("pi")} and {visit_invoice("pi")}{where.format(inv="pi")}
	))"""


def income_and_visit_rows(where: str = "") -> str:
	"""income_lines and visit_days together: sum(amount) is the income, count(distinct visit_day) the
	visits, max(visit_day) the last visit."""
	return f"{income_lines(where)} union all {visit_days(where)}"


# ---------------------------------------------------------------- answers


def income_and_visits(
	customers: list[str], from_date: date | str, to_date: date | str, company: str | None = None
) -> dict[str, frappe._dict]:
	"""Income, visits and last visit of these ERPNext customers between two dates (inclusive), from
	`company`'s invoices (all companies when None): {customer: {income, visits, last_visit}}, every customer
	asked for present (zeros and None when nothing counted). Set-based: one statement per CHUNK_SIZE
	customers, each customer's invoices found through the customer index."""
	wanted = sorted({c for c in customers if c})
	result = {c: frappe._dict(income=0.0, visits=0, last_visit=None) for c in wanted}
	where = scope(
		since="from_date", until="to_date", customers="customers", company="company" if company else None
	)
	sql = f"""select t.customer, sum(t.amount) as income, count(distinct t.visit_day) as visits,
		max(t.visit_day) as last_visit
		from ({income_and_visit_rows(where)}) t group by t.customer"""
	values = {**params(), "from_date": getdate(from_date), "to_date": getdate(to_date), "company": company}
	for i in range(0, len(wanted), CHUNK_SIZE):
		values["customers"] = tuple(wanted[i : i + CHUNK_SIZE])
		for row in frappe.db.sql(sql, values, as_dict=True):
			result[row.customer] = frappe._dict(
				income=flt(row.income, 2), visits=cint(row.visits), last_visit=row.last_visit
			)
	return result


def income_and_visits_of_profiles(
	profiles: list[str], from_date: date | str, to_date: date | str, company: str | None = None
) -> dict[str, frappe._dict]:
	"""income_and_visits keyed by Customer Profile name (a profile without an ERPNext customer has zeros)."""
	customer_of = (
		dict(
			frappe.get_all(
				"Customer Profile",
				filters={"name": ("in", list(profiles))},
				fields=["name", "customer"],
				as_list=True,
				limit=0,
			)
		)
		if profiles
		else {}
	)
	figures = income_and_visits(list(customer_of.values()), from_date, to_date, company)
	return {
		name: figures.get(customer_of.get(name)) or frappe._dict(income=0.0, visits=0, last_visit=None)
		for name in profiles
	}


def income_by_month(company: str, from_date: date, to_date: date) -> dict[str, float]:
	"""Income of one company's counted invoices per month ("YYYY-MM"), between two dates inclusive."""
	where = scope(since="from_date", until="to_date", company="company")
	rows = frappe.db.sql(
		f"""select date_format(t.posting_date, '%%Y-%%m') as month, sum(t.amount) as income
		from ({income_lines(where)}) t group by month""",
		{**params(), "company": company, "from_date": from_date, "to_date": to_date},
	)
	return {month: flt(amount) for month, amount in rows}


# ---------------------------------------------------------------- who may see it


def check_company_permission(company: str | None) -> None:
	"""Raise CompanyNotPermittedError unless the user may read `company`'s Sales Invoices: the role reads
	Sales Invoices, and no User Permission keeps this company's invoices from the user."""
	frappe.has_permission("Sales Invoice", "read", throw=True)
	if not company or not frappe.db.exists("Company", company):
		frappe.throw(_("Choose a company"), exc=CompanyNotPermittedError)
	probe = frappe.get_doc({"doctype": "Sales Invoice", "company": company})
	if not frappe.has_permission("Sales Invoice", "read", doc=probe):
		frappe.throw(
			_("You may not see the income of company {0}").format(frappe.bold(company)),
			title=_("Not Permitted"),
			exc=CompanyNotPermittedError,
		)
