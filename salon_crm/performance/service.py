"""Customer performance figures, refreshed set-based for all customers at once.

Sources (GL-independent, company currency):
- Sales Invoices (docstatus 1, consolidated POS invoices included) and POS Invoices not yet consolidated
  (`consolidated_invoice` empty: once consolidated, their lines are in the consolidated Sales Invoice, so they
  are never counted twice). Returns carry negative amounts and reduce income.
- Income is `base_net_amount` of every line except prepaid-card lines (items of the settings' card item group:
  a card sale is a liability, its value is income when redeemed).
- Cost of goods is ERPNext's own valuation: `stock_qty * incoming_rate` of the line, where `incoming_rate` is
  what the stock ledger wrote back for update_stock lines (the outgoing rate of the Stock Ledger Entry,
  kept in step by reposts), the Delivery Note Item's for invoices made from a delivery note, and the rate at
  posting ERPNext set on validate otherwise (the Gross Profit report's average buying rate). Services cost 0.
  Unconsolidated POS Invoices post no stock ledger yet: their products are costed at the Bin valuation rate.
- Visits are days with a non-return invoice; the average bill is lifetime income / visits.

A refresh is a handful of statements: one UPDATE ... JOIN over derived tables (lines grouped per customer
and day, then per customer; active card balances per profile) writes every figure, and one UPDATE sets the
RFM segment from quintile edges over all customers. The incremental mode runs the same statements for the
customers whose figures can have changed since the last run: invoices or cards modified since then, new
profiles, and invoices whose posting date crossed a window boundary (left the 7-day, 30-day, 6-month or
1-year window, or a future-dated invoice reaching today). Both modes therefore write the same figures.
"""

from __future__ import annotations

import json
import time
from datetime import date, datetime, timedelta

import frappe
from frappe.utils import add_to_date, get_datetime, getdate, now_datetime, nowdate

from salon_crm.cards.types import card_item_codes
from salon_crm.rules import performance as rules

SETTINGS = "Salon CRM Settings"
CHUNK_SIZE = 2000
"""Customers per statement in incremental mode."""
FULL_WHEN_SHARE = 0.25
FULL_WHEN_MORE_THAN = 5000
"""An incremental run touching more than this share of all profiles, and more than this many customers, runs
as a full refresh instead (same figures, one statement)."""
SINCE_MARGIN = timedelta(hours=1)
"""Overlap with the previous run, so an invoice saved just before it and committed just after is seen."""

FIGURES = (*rules.PERIODS, "lifetime_income", "gross_profit_1_year", "visits", "last_visit")

# ---------------------------------------------------------------- SQL
# Fragments in {braces} are fixed SQL chosen in code, never values; every value is a parameter.

_SALES_INVOICE_LINES = """
	select si.customer, si.posting_date, si.is_return,
		sum(if(sii.item_code in %(card_items)s, 0, sii.base_net_amount)) as amount,
		sum(if(si.posting_date >= %(year_start)s, sii.stock_qty * coalesce(
			if(si.update_stock = 0 and coalesce(sii.dn_detail, '') != '',
				(select dni.incoming_rate from `tabDelivery Note Item` dni where dni.name = sii.dn_detail),
				null),
			sii.incoming_rate, 0), 0)) as cost
	from `tabSales Invoice` si
	join `tabSales Invoice Item` sii on sii.parent = si.name
	where si.docstatus = 1 and si.posting_date <= %(today)s {si_filter}
	group by si.customer, si.posting_date, si.is_return
"""

_POS_INVOICE_LINES = """
	select pi.customer, pi.posting_date, pi.is_return,
		sum(if(pii.item_code in %(card_items)s, 0, pii.base_net_amount)) as amount,
		sum(if(pi.posting_date >= %(year_start)s,
			pii.stock_qty * coalesce(bin.valuation_rate, 0), 0)) as cost
	from `tabPOS Invoice` pi
	join `tabPOS Invoice Item` pii on pii.parent = pi.name and pii.parenttype = 'POS Invoice'
	left join `tabBin` bin on bin.item_code = pii.item_code and bin.warehouse = pii.warehouse
	where pi.docstatus = 1 and coalesce(pi.consolidated_invoice, '') = ''
		and pi.posting_date <= %(today)s {pi_filter}
	group by pi.customer, pi.posting_date, pi.is_return
"""

_PER_CUSTOMER = """
	select per_day.customer,
		sum(if(per_day.posting_date >= %(income_7_days)s, per_day.amount, 0)) as income_7_days,
		sum(if(per_day.posting_date >= %(income_30_days)s, per_day.amount, 0)) as income_30_days,
		sum(if(per_day.posting_date >= %(income_6_months)s, per_day.amount, 0)) as income_6_months,
		sum(if(per_day.posting_date >= %(income_1_year)s, per_day.amount, 0)) as income_1_year,
		sum(per_day.amount) as lifetime_income,
		sum(if(per_day.posting_date >= %(year_start)s, per_day.amount - per_day.cost, 0)) as gross_profit_1_year,
		count(distinct if(per_day.is_return = 0, per_day.posting_date, null)) as visits,
		max(if(per_day.is_return = 0, per_day.posting_date, null)) as last_visit
	from ({si_lines} union all {pos_lines}) per_day
	group by per_day.customer
"""

_CARD_BALANCES = """
	select cd.customer_profile, sum(cd.balance_value) as card_balance
	from `tabCustomer Discount` cd
	where cd.docstatus = 1 and cd.status = 'Active' {card_filter}
	group by cd.customer_profile
"""

_NEW_VALUES = {
	"income_7_days": "round(coalesce(t.income_7_days, 0), 2)",
	"income_30_days": "round(coalesce(t.income_30_days, 0), 2)",
	"income_6_months": "round(coalesce(t.income_6_months, 0), 2)",
	"income_1_year": "round(coalesce(t.income_1_year, 0), 2)",
	"lifetime_income": "round(coalesce(t.lifetime_income, 0), 2)",
	"gross_profit_1_year": "round(coalesce(t.gross_profit_1_year, 0), 2)",
	"visits": "coalesce(t.visits, 0)",
	"last_visit": "t.last_visit",
	"average_bill": "if(coalesce(t.visits, 0) > 0, round(t.lifetime_income / t.visits, 2), 0)",
	"card_balance": "round(coalesce(c.card_balance, 0), 2)",
}
"""Each figure's new value in the write-back UPDATE (t: per-customer figures, c: card balances)."""

_SET_FIGURES = ",\n".join(f"p.{field} = {value}" for field, value in _NEW_VALUES.items()) + (
	",\np.performance_updated_on = %(now)s"
)
_CHANGED = "not (" + " and ".join(f"p.{field} <=> {value}" for field, value in _NEW_VALUES.items()) + ")"
"""Only rows whose figures change are written (the WHERE sees the old values), so a repeat run writes little
and `performance_updated_on` is when the figures last changed."""


def _aggregate_sql(customers: bool, company: bool = False) -> str:
	"""The per-customer figures query; with `customers`, limited to %(customers)s."""
	si_filter = " and si.customer in %(customers)s" if customers else ""
	pi_filter = " and pi.customer in %(customers)s" if customers else ""
	if company:
		si_filter += " and si.company = %(company)s"
		pi_filter += " and pi.company = %(company)s"
	return _PER_CUSTOMER.format(
		si_lines=_SALES_INVOICE_LINES.format(si_filter=si_filter),
		pos_lines=_POS_INVOICE_LINES.format(pi_filter=pi_filter),
	)


def _update_sql(customers: bool) -> str:
	card_filter = " and cd.customer in %(customers)s" if customers else ""
	where = f"where {_CHANGED}" + (" and p.customer in %(customers)s" if customers else "")
	return f"""
		update `tabCustomer Profile` p
		left join ({_aggregate_sql(customers)}) t on t.customer = p.customer
		left join ({_CARD_BALANCES.format(card_filter=card_filter)}) c on c.customer_profile = p.name
		set {_SET_FIGURES}
		{where}
	"""


# ---------------------------------------------------------------- parameters


def window_starts(today: date) -> dict[str, date]:
	"""First day of each income window ending `today` (inclusive), keyed by fieldname."""
	return {
		fieldname: rules.period_start(today, kind, n)
		for fieldname, (_label, kind, n) in rules.PERIODS.items()
	}


def _params(today: date, customers: list[str] | None = None, company: str | None = None) -> dict:
	starts = window_starts(today)
	params = {
		**starts,
		"year_start": starts["income_1_year"],
		"today": today,
		"card_items": card_item_codes(),
		"now": now_datetime(),
	}
	if customers is not None:
		params["customers"] = tuple(customers) or ("",)
	if company:
		params["company"] = company
	return params


# ---------------------------------------------------------------- refresh


def refresh(full: bool = False, commit: bool = False, today: date | None = None) -> dict:
	"""Recompute the figures of every customer (`full`) or of those whose figures can have changed since the
	last run (incremental; a first run is always full). With `commit` (background jobs only), commits after
	each statement. Returns {"mode", "customers", "seconds"}."""
	started = time.monotonic()
	run_at = now_datetime()
	today = getdate(today or nowdate())
	last_run = last_refresh("last_performance_refresh")
	if not last_run:
		full = True

	customers: list[str] | None = None
	if not full:
		customers = changed_customers(last_run, today)
		total = frappe.db.count("Customer Profile") or 1
		if len(customers) > max(FULL_WHEN_MORE_THAN, FULL_WHEN_SHARE * total):
			full = True

	if full:
		updated = _refresh_all(today, commit)
	else:
		updated = refresh_customers(customers, today=today, commit=commit, rfm=False)
	update_rfm_segments()

	values = {"last_performance_refresh": run_at}
	if full:
		values["last_full_performance_refresh"] = run_at
	frappe.db.set_single_value(SETTINGS, values)
	if commit:
		frappe.db.commit()
	return {
		"mode": "full" if full else "incremental",
		"customers": updated,
		"seconds": round(time.monotonic() - started, 3),
	}


def _refresh_all(today: date, commit: bool) -> int:
	if frappe.conf.read_from_replica:
		# read on the replica, write back on the primary in bulk (JSON_TABLE chunks)
		rows = _read_figures_on_replica(today)
		frappe.db.sql(_ZERO_SQL, {"now": now_datetime()})
		write_figures(rows)
		_write_card_balances(None)
	elif not frappe.db.transaction_writes:
		_refresh_all_through_temporary_tables(today)
	else:
		frappe.db.sql(_update_sql(customers=False), _params(today))
	if commit:
		frappe.db.commit()
	return frappe.db.count("Customer Profile")


def _refresh_all_through_temporary_tables(today: date) -> None:
	"""The full refresh as a job runs it (a transaction with no writes yet): the per-customer figures and card
	balances are materialised into temporary tables with primary keys first, so the write-back UPDATE is a
	key join instead of a join on derived tables (about 5x faster at 100,000 customers). Temporary tables
	cause no implicit commit in MariaDB; Frappe refuses DDL after writes, hence the fallback in
	_refresh_all."""
	suffix = frappe.generate_hash(length=8)
	figures_table, cards_table = f"salon_perf_{suffix}", f"salon_cards_{suffix}"
	params = _params(today)
	frappe.db.sql(
		f"create temporary table `{figures_table}` (primary key (customer)) as {_aggregate_sql(False)}",
		params,
	)
	frappe.db.sql(
		f"create temporary table `{cards_table}` (primary key (customer_profile)) as "
		+ _CARD_BALANCES.format(card_filter=""),
	)
	frappe.db.sql(
		f"""update `tabCustomer Profile` p
		left join `{figures_table}` t on t.customer = p.customer
		left join `{cards_table}` c on c.customer_profile = p.name
		set {_SET_FIGURES}
		where {_CHANGED}""",
		params,
	)
	# (no DROP: Frappe refuses DDL after a write in the transaction; temporary tables end with the
	# connection, which a background job closes when it finishes)


_ZERO_SQL = """
	update `tabCustomer Profile` p
	set p.income_7_days = 0, p.income_30_days = 0, p.income_6_months = 0, p.income_1_year = 0,
		p.lifetime_income = 0, p.gross_profit_1_year = 0, p.visits = 0, p.last_visit = null,
		p.average_bill = 0, p.card_balance = 0, p.performance_updated_on = %(now)s
"""


def refresh_customers(
	customers: list[str], today: date | None = None, commit: bool = False, rfm: bool = True
) -> int:
	"""Recompute the figures of these ERPNext customers' profiles, CHUNK_SIZE customers per statement."""
	today = getdate(today or nowdate())
	customers = sorted({c for c in customers if c})
	sql = _update_sql(customers=True)
	params = _params(today)
	for i in range(0, len(customers), CHUNK_SIZE):
		params["customers"] = tuple(customers[i : i + CHUNK_SIZE])
		frappe.db.sql(sql, params)
		if commit:
			frappe.db.commit()
	if rfm and customers:
		names = frappe.get_all(
			"Customer Profile", filters={"customer": ("in", customers)}, pluck="name", limit=0
		)
		update_rfm_segments(names)
	return len(customers)


def changed_customers(since: datetime, today: date) -> list[str]:
	"""Customers whose figures can differ from what the run at `since` wrote, as of `today`."""
	since = since - SINCE_MARGIN
	last_day = getdate(since + SINCE_MARGIN)
	found: set[str] = set()
	for doctype in ("Sales Invoice", "POS Invoice", "Customer Discount"):
		found.update(
			frappe.db.sql(
				f"select distinct customer from `tab{doctype}` where modified >= %s and customer is not null",
				since,
				pluck=True,
			)
		)
	for doctype in ("Customer Profile", "Customer Discount Entry"):
		# new profiles; card ledger movements (card status and balances are written without `modified`)
		found.update(
			frappe.db.sql(
				f"select distinct customer from `tab{doctype}` where creation >= %s and customer is not null",
				since,
				pluck=True,
			)
		)

	# invoices whose posting date crossed a boundary: left a window, or (future-dated) reached today
	ranges = []
	if today > last_day:
		old, new = window_starts(last_day), window_starts(today)
		ranges = [(old[f], new[f]) for f in rules.PERIODS if new[f] > old[f]]
		ranges.append((last_day + timedelta(days=1), today + timedelta(days=1)))
	if ranges:
		condition = " or ".join("(posting_date >= %s and posting_date < %s)" for _ in ranges)
		values = [d for pair in ranges for d in pair]
		for doctype in ("Sales Invoice", "POS Invoice"):
			found.update(
				frappe.db.sql(
					f"select distinct customer from `tab{doctype}` where docstatus = 1 and ({condition})",
					values,
					pluck=True,
				)
			)
	return sorted(c for c in found if c)


# ---------------------------------------------------------------- read replica


@frappe.read_only()
def _read_figures_on_replica(today: date) -> list[dict]:
	"""The per-customer figures read on the site's read replica (frappe.read_only switches the connection
	when `read_from_replica` is configured)."""
	return frappe.db.sql(_aggregate_sql(customers=False), _params(today), as_dict=True)


def figures(today: date | None = None, company: str | None = None, customers: list[str] | None = None):
	"""Per-customer figures computed live (no write): {customer, income_*, lifetime_income,
	gross_profit_1_year, visits, last_visit}, for one company or all."""
	today = getdate(today or nowdate())
	return frappe.db.sql(
		_aggregate_sql(customers=customers is not None, company=bool(company)),
		_params(today, customers, company),
		as_dict=True,
	)


_WRITE_ROWS_SQL = """
	update `tabCustomer Profile` p
	join json_table(%(rows)s, '$[*]' columns (
		customer varchar(140) path '$[0]',
		income_7_days decimal(21, 9) path '$[1]',
		income_30_days decimal(21, 9) path '$[2]',
		income_6_months decimal(21, 9) path '$[3]',
		income_1_year decimal(21, 9) path '$[4]',
		lifetime_income decimal(21, 9) path '$[5]',
		gross_profit_1_year decimal(21, 9) path '$[6]',
		visits int path '$[7]',
		last_visit date path '$[8]'
	)) t on t.customer = p.customer
	set p.income_7_days = round(t.income_7_days, 2),
		p.income_30_days = round(t.income_30_days, 2),
		p.income_6_months = round(t.income_6_months, 2),
		p.income_1_year = round(t.income_1_year, 2),
		p.lifetime_income = round(t.lifetime_income, 2),
		p.gross_profit_1_year = round(t.gross_profit_1_year, 2),
		p.visits = t.visits,
		p.last_visit = t.last_visit,
		p.average_bill = if(t.visits > 0, round(t.lifetime_income / t.visits, 2), 0),
		p.performance_updated_on = %(now)s
"""


def write_figures(rows: list[dict], chunk_size: int = 10000) -> None:
	"""Write figures computed elsewhere (on a replica) back in bulk: one UPDATE ... JOIN JSON_TABLE per
	chunk, the rows passed as one JSON parameter."""
	now = now_datetime()
	for i in range(0, len(rows), chunk_size):
		payload = [
			[
				r["customer"],
				*(str(r[f] or 0) for f in FIGURES[:-2]),
				int(r["visits"] or 0),
				str(r["last_visit"]) if r["last_visit"] else None,
			]
			for r in rows[i : i + chunk_size]
		]
		frappe.db.sql(_WRITE_ROWS_SQL, {"rows": json.dumps(payload), "now": now})


def _write_card_balances(customers: list[str] | None) -> None:
	card_filter = " and cd.customer in %(customers)s" if customers else ""
	frappe.db.sql(
		f"""update `tabCustomer Profile` p
		join ({_CARD_BALANCES.format(card_filter=card_filter)}) c on c.customer_profile = p.name
		set p.card_balance = round(c.card_balance, 2)""",
		{"customers": tuple(customers or ("",))},
	)


# ---------------------------------------------------------------- RFM


def rfm_edges(rows: list[dict] | None = None) -> dict[str, list[float]] | None:
	"""Quintile edges of recency (TO_DAYS of the last visit), frequency (visits) and monetary (lifetime
	income) over all customers with a visit (the stored figures, or the figures in `rows`); None when
	nobody has visited."""
	if rows is None:
		values = frappe.db.sql(
			"""select to_days(last_visit), visits, lifetime_income from `tabCustomer Profile`
			where visits > 0 and last_visit is not null"""
		)
	else:
		values = [
			(_to_days(r["last_visit"]), r["visits"], r["lifetime_income"])
			for r in rows
			if r.get("visits") and r.get("last_visit")
		]
	if not values:
		return None
	columns = list(zip(*values, strict=True))
	return {
		key: rules.quintile_edges([float(v or 0) for v in values])
		for key, values in zip(("r", "f", "m"), columns, strict=True)
	}


def update_rfm_segments(names: list[str] | None = None) -> None:
	"""Set rfm_segment from the current figures: one UPDATE for all profiles (or these), with the quintile
	edges of the whole customer base as parameters and the segment map as a CASE."""
	edges = rfm_edges()
	scope = " and p.name in %(names)s" if names is not None else ""
	if names is not None and not names:
		return
	params: dict = {"names": tuple(names or ("",))}
	if edges is None:
		frappe.db.sql(f"update `tabCustomer Profile` p set p.rfm_segment = null where 1 = 1 {scope}", params)
		return

	def bucket(expr: str, key: str) -> str:
		parts = []
		for i, edge in enumerate(edges[key]):
			params[f"{key}{i}"] = edge
			parts.append(f"({expr} > %({key}{i})s)")
		return "(1 + " + " + ".join(parts) + ")"

	key_expr = (
		f"{bucket('to_days(p.last_visit)', 'r')} * 100 + {bucket('p.visits', 'f')} * 10"
		f" + {bucket('p.lifetime_income', 'm')}"
	)
	whens = []
	for r in range(1, 6):
		for f in range(1, 6):
			for m in range(1, 6):
				key = r * 100 + f * 10 + m
				params[f"k{key}"] = key
				params[f"s{key}"] = rules.rfm_segment(r, f, m)
				whens.append(f"when %(k{key})s then %(s{key})s")
	frappe.db.sql(
		f"""update `tabCustomer Profile` p
		set p.rfm_segment = case {key_expr} {" ".join(whens)} end
		where p.visits > 0 and p.last_visit is not null {scope}""",
		params,
	)
	frappe.db.sql(
		f"""update `tabCustomer Profile` p set p.rfm_segment = null
		where (p.visits = 0 or p.last_visit is null) and p.rfm_segment is not null {scope}""",
		params,
	)


def scores(row: dict, edges: dict[str, list[float]] | None) -> tuple[int, int, int] | None:
	"""(R, F, M) quintile scores of one customer's stored figures, None without visits."""
	if not edges or not row.get("visits") or not row.get("last_visit"):
		return None
	recency = _to_days(row["last_visit"])
	return (
		rules.score(recency, edges["r"]),
		rules.score(float(row["visits"]), edges["f"]),
		rules.score(float(row["lifetime_income"] or 0), edges["m"]),
	)


def _to_days(day) -> int:
	"""MariaDB's TO_DAYS() of a date."""
	return getdate(day).toordinal() + 365


def full_refresh_due(days: int = 7) -> bool:
	"""True when no full refresh ran in the last `days` days."""
	last_full = last_refresh("last_full_performance_refresh")
	return not last_full or last_full < add_to_date(now_datetime(), days=-days)


def last_refresh(fieldname: str) -> datetime | None:
	"""A run time kept in the settings, None when never set (Frappe reads an empty Datetime single as
	0001-01-01)."""
	value = frappe.db.get_single_value(SETTINGS, fieldname)
	value = get_datetime(value) if value else None
	return value if value and value.year > 1900 else None
