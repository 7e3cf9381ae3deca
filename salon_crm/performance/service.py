"""Customer performance figures, refreshed set-based for all customers at once.

Sources (GL-independent, company currency):
- Sales Invoices (docstatus 1, consolidated POS invoices included) and POS Invoices not yet consolidated
  (`consolidated_invoice` empty: once consolidated, their lines are in the consolidated Sales Invoice, so they
  are never counted twice). Returns carry negative amounts and reduce income.
- Income and visits are salon_crm.performance.income's (the one definition every user shares), read here in
  its invoice-totals shape: the invoices' `base_net_total` (ERPNext's sum of the lines' `base_net_amount`)
  less the prepaid-card lines (a card sale is a liability, its value is income when redeemed).
- Cost of goods is ERPNext's own valuation: `stock_qty * incoming_rate` of the line, where `incoming_rate` is
  what the stock ledger wrote back for update_stock lines (the outgoing rate of the Stock Ledger Entry,
  kept in step by reposts), the Delivery Note Item's for invoices made from a delivery note, and the rate at
  posting ERPNext set on validate otherwise (the Gross Profit report's average buying rate). Services cost 0.
  Unconsolidated POS Invoices post no stock ledger yet: their products are costed at the Bin valuation rate.
- Visits are days with a non-return invoice; the average bill is lifetime income / visits.

A refresh is a handful of statements: the figures are sums of a few per-customer parts (see SQL below), each
one GROUP BY served by an index; one UPDATE ... JOIN of the profiles to the parts writes the rows whose
figures change, and one UPDATE sets the RFM segments that change, from score edges over all customers.
The incremental mode runs the same statements for the customers whose figures can have changed
since the last run: invoices or cards modified since then, new profiles, and invoices whose posting date
crossed a window boundary (left the 7-day, 30-day, 6-month or 1-year window, or a future-dated invoice
reaching today). Both modes therefore write the same figures.
"""

from __future__ import annotations

import json
import time
from datetime import date, datetime, timedelta

import frappe
from frappe.utils import add_to_date, get_datetime, getdate, now_datetime, nowdate

from salon_crm.performance import income
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
#
# The figures are sums of per-customer parts, each one GROUP BY that an index serves:
#   h (_INVOICES): every submitted Sales Invoice's net total (ERPNext keeps base_net_total as the sum of its
#      lines' base_net_amount, so the lines need not be read for income), and the visit days, from the
#      covering index salon_perf_customer alone.
#   k (_COSTS): cost of goods of the last year: the lines of the year's invoices, costed at their incoming
#      rate (services carry none).
#   a (_ADJUSTMENTS): the few lines the plain parts get wrong or cannot see, found through their own
#      indexes: prepaid-card lines leave income, lines delivered by a Delivery Note take its valuation, and
#      POS Invoices not yet consolidated add their lines and any visit day no Sales Invoice has.
# and c (_CARD_BALANCES): active card balances per profile.


def _income_sums(posting_date: str, amount: str) -> str:
	"""The income windows and lifetime income: sums of `amount` (a column) by `posting_date`."""
	windows = [f"sum(if({posting_date} >= %({f})s, {amount}, 0)) as {f}" for f in rules.PERIODS]
	return ",\n\t\t".join([*windows, f"sum({amount}) as lifetime_income"])


_INVOICES = f"""
	select si.customer,
		{_income_sums("si.posting_date", "si.base_net_total")},
		count(distinct if({income.visit_invoice("si")}, si.posting_date, null)) as visits,
		max(if({income.visit_invoice("si")}, si.posting_date, null)) as last_visit
	from `tabSales Invoice` si
	where {income.counted_sales_invoice("si")} and si.posting_date <= %(today)s {{si_filter}}
	group by si.customer
"""

_COSTS = """
	select si.customer, sum(sii.stock_qty * sii.incoming_rate) as cost_1_year
	from `tabSales Invoice` si
	join `tabSales Invoice Item` sii on sii.parent = si.name
	where si.docstatus = 1 and si.posting_date between %(income_1_year)s and %(today)s {si_filter}
	group by si.customer
"""

_ADJUSTMENTS = f"""
	select adj.customer,
		{_income_sums("adj.posting_date", "adj.amount")},
		sum(if(adj.posting_date >= %(income_1_year)s, adj.cost, 0)) as cost_1_year,
		count(distinct adj.visit_day) as visits,
		max(adj.visit_day) as last_visit
	from (
		select si.customer, si.posting_date, -sii.base_net_amount as amount, 0 as cost, null as visit_day
		from `tabSales Invoice Item` sii
		join `tabSales Invoice` si on si.name = sii.parent
		where {income.card_line("sii")}
			and {income.counted_sales_invoice("si")} and si.posting_date <= %(today)s {{si_filter}}
		union all
		select si.customer, si.posting_date, 0, sii.stock_qty * (dni.incoming_rate - sii.incoming_rate), null
		from `tabSales Invoice Item` sii
		join `tabSales Invoice` si on si.name = sii.parent
		join `tabDelivery Note Item` dni on dni.name = sii.dn_detail
		where sii.dn_detail > '' and si.update_stock = 0
			and si.docstatus = 1 and si.posting_date <= %(today)s {{si_filter}}
		union all
		select pi.customer, pi.posting_date,
			if({income.income_line("pii")}, pii.base_net_amount, 0),
			pii.stock_qty * coalesce(bin.valuation_rate, 0),
			if({income.visit_invoice("pi")} and not exists (
				select 1 from `tabSales Invoice` day_si
				where day_si.customer = pi.customer and {income.counted_sales_invoice("day_si")}
					and {income.visit_invoice("day_si")} and day_si.posting_date = pi.posting_date
			), pi.posting_date, null)
		from `tabPOS Invoice` pi
		join `tabPOS Invoice Item` pii on pii.parent = pi.name and pii.parenttype = 'POS Invoice'
		left join `tabBin` bin on bin.item_code = pii.item_code and bin.warehouse = pii.warehouse
		where {income.counted_pos_invoice("pi")}
			and pi.posting_date <= %(today)s {{pi_filter}}
	) adj
	group by adj.customer
"""

_CARD_BALANCES = """
	select cd.customer_profile, sum(cd.balance_value) as card_balance
	from `tabCustomer Discount` cd
	where cd.docstatus = 1 and cd.status = 'Active' {card_filter}
	group by cd.customer_profile
"""


def _sum(field: str) -> str:
	return f"coalesce(h.{field}, 0) + coalesce(a.{field}, 0)"


_VISITS = "coalesce(h.visits, 0) + coalesce(a.visits, 0)"
_NEW_VALUES = {
	**{field: f"round({_sum(field)}, 2)" for field in (*rules.PERIODS, "lifetime_income")},
	"gross_profit_1_year": (
		f"round({_sum('income_1_year')} - coalesce(k.cost_1_year, 0) - coalesce(a.cost_1_year, 0), 2)"
	),
	"visits": _VISITS,
	"last_visit": "greatest(coalesce(h.last_visit, a.last_visit), coalesce(a.last_visit, h.last_visit))",
	"average_bill": f"if({_VISITS} > 0, round(({_sum('lifetime_income')}) / ({_VISITS}), 2), 0)",
	"card_balance": "round(coalesce(c.card_balance, 0), 2)",
}
"""Each figure's new value from the parts (h, k, a, c), as the write-back UPDATE sets it."""

_SET_FIGURES = ",\n".join(f"p.{field} = {value}" for field, value in _NEW_VALUES.items()) + (
	",\np.performance_updated_on = %(now)s"
)
_CHANGED = "not (" + " and ".join(f"p.{field} <=> {value}" for field, value in _NEW_VALUES.items()) + ")"
"""Only rows whose figures change are written (the WHERE sees the old values), so a repeat run writes little
and `performance_updated_on` is when the figures last changed."""


def _parts(customers: bool, company: bool = False) -> dict[str, str]:
	"""The four parts' SELECTs; with `customers`, limited to %(customers)s; with `company`, to
	%(company)s's invoices."""
	si_filter = " and si.customer in %(customers)s" if customers else ""
	pi_filter = " and pi.customer in %(customers)s" if customers else ""
	if company:
		si_filter += " and si.company = %(company)s"
		pi_filter += " and pi.company = %(company)s"
	return {
		"h": _INVOICES.format(si_filter=si_filter),
		"k": _COSTS.format(si_filter=si_filter),
		"a": _ADJUSTMENTS.format(si_filter=si_filter, pi_filter=pi_filter),
		"c": _CARD_BALANCES.format(card_filter=" and cd.customer in %(customers)s" if customers else ""),
	}


def _joined(sources: dict[str, str]) -> str:
	"""Customer Profile joined to each part (a derived table's SELECT in parentheses, or a table name)."""
	return "`tabCustomer Profile` p " + " ".join(
		f"left join {sources[alias]} {alias} on {alias}.{key} = p.{column}"
		for alias, key, column in (
			("h", "customer", "customer"),
			("k", "customer", "customer"),
			("a", "customer", "customer"),
			("c", "customer_profile", "name"),
		)
	)


def _derived(parts: dict[str, str]) -> dict[str, str]:
	return {alias: f"({sql})" for alias, sql in parts.items()}


def _update_sql(sources: dict[str, str], customers: bool) -> str:
	scope = " and p.customer in %(customers)s" if customers else ""
	return f"update {_joined(sources)} set {_SET_FIGURES} where {_CHANGED}{scope}"


WHOLE_BASE = (
	"set statement optimizer_switch = 'split_materialized=off',"
	" tmp_table_size = 268435456, max_heap_table_size = 268435456 for"
)
"""How a statement over every customer runs (MariaDB's per-statement settings, nothing else changes): each
part is materialised once, in memory, and joined by key; without it MariaDB's default plan evaluates the
parts per profile ("lateral derived", right for a few customers, 2.5x slower for all) and a part larger than
16 MiB spills to disk."""


def _select_sql(customers: bool, company: bool = False) -> str:
	"""Every profile's figures computed live (no write)."""
	values = ",\n".join(f"{value} as {field}" for field, value in _NEW_VALUES.items())
	scope = " and p.customer in %(customers)s" if customers else ""
	return (
		f"select p.name, p.customer, {values} from {_joined(_derived(_parts(customers, company)))}"
		f" where p.customer is not null{scope}"
	)


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
		**income.params(),
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
	last run (incremental; a first run is always full), then the RFM segments. With `commit` (background
	jobs only), commits after each statement. Returns {"mode", "customers", "seconds"}."""
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
	"""Every profile's figures, then every segment."""
	if frappe.conf.read_from_replica:
		# read on the replica, write back on the primary in bulk (JSON_TABLE chunks)
		write_figures(_read_figures_on_replica(today))
	else:
		sql = _update_sql(_derived(_parts(customers=False)), customers=False)
		frappe.db.sql(f"{WHOLE_BASE} {sql}", _params(today))
	update_rfm_segments()
	if commit:
		frappe.db.commit()
	return frappe.db.count("Customer Profile")


def refresh_customers(
	customers: list[str], today: date | None = None, commit: bool = False, rfm: bool = True
) -> int:
	"""Recompute the figures of these ERPNext customers' profiles, CHUNK_SIZE customers per statement."""
	today = getdate(today or nowdate())
	customers = sorted({c for c in customers if c})
	sql = _update_sql(_derived(_parts(customers=True)), customers=True)
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
	# new profiles by `creation`; card ledger movements too (card balances change without `modified`)
	for doctype, column in (
		("Sales Invoice", "modified"),
		("POS Invoice", "modified"),
		("Customer Discount", "modified"),
		("Customer Profile", "creation"),
		("Customer Discount Entry", "creation"),
	):
		found.update(
			frappe.db.sql(
				f"select distinct customer from `tab{doctype}` where {column} >= %s and customer is not null",
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
	"""Every profile's figures read on the site's read replica (frappe.read_only switches the connection
	when `read_from_replica` is configured)."""
	return figures(today)


def figures(today: date | None = None, company: str | None = None, customers: list[str] | None = None):
	"""Every profile's figures computed live (no write), by the SQL the refresh writes them with:
	{name, customer, income_*, lifetime_income, gross_profit_1_year, visits, last_visit, average_bill,
	card_balance}, from one company's invoices or all."""
	today = getdate(today or nowdate())
	return frappe.db.sql(
		_select_sql(customers=customers is not None, company=bool(company)),
		_params(today, customers, company),
		as_dict=True,
	)


_WRITE_ROWS_SQL = """
	update `tabCustomer Profile` p
	join json_table(%(rows)s, '$[*]' columns (
		name varchar(140) path '$[0]',
		{columns}
	)) t on t.name = p.name
	set {assignments}, p.performance_updated_on = %(now)s
	where not ({unchanged})
"""
_COLUMN_TYPES = {"visits": "int", "last_visit": "date"}


def _write_rows_sql() -> str:
	fields = list(_NEW_VALUES)
	return _WRITE_ROWS_SQL.format(
		columns=",\n\t\t".join(
			f"{field} {_COLUMN_TYPES.get(field, 'decimal(21, 9)')} path '$[{i}]'"
			for i, field in enumerate(fields, start=1)
		),
		assignments=", ".join(f"p.{field} = t.{field}" for field in fields),
		unchanged=" and ".join(f"p.{field} <=> t.{field}" for field in fields),
	)


def write_figures(rows: list[dict], chunk_size: int = 10000) -> None:
	"""Write figures computed elsewhere (figures(), on a replica) back in bulk: one UPDATE ... JOIN
	JSON_TABLE per chunk, the rows passed as one JSON parameter; unchanged rows are not written."""
	sql = _write_rows_sql()
	now = now_datetime()
	for i in range(0, len(rows), chunk_size):
		payload = [
			[r["name"], *(None if r[f] is None else str(r[f]) for f in _NEW_VALUES)]
			for r in rows[i : i + chunk_size]
		]
		frappe.db.sql(sql, {"rows": json.dumps(payload), "now": now})


# ---------------------------------------------------------------- RFM

_STORED = {
	rules.RECENCY: "to_days(p.last_visit)",
	rules.FREQUENCY: "p.visits",
	rules.MONETARY: "p.lifetime_income",
}
"""What each score ranks, in the stored figures of every customer with a visit: recency (TO_DAYS of the last
visit), frequency (visits), monetary (lifetime income)."""


def _visited(values: dict[str, str]) -> str:
	return f"{values[rules.FREQUENCY]} > 0 and {values[rules.RECENCY]} is not null"


def rfm_edges(rows: list[dict] | None = None) -> dict[str, list[float]] | None:
	"""The edges of the R, F and M scores (rules.performance.score_edges) over every customer with a visit
	(the stored figures, or the figures in `rows`); None when nobody has visited. Over the stored figures,
	the database ranks the values and only the few at the edge positions are read."""
	if rows is not None:
		values = [
			(_to_days(r["last_visit"]), r["visits"], r["lifetime_income"])
			for r in rows
			if r.get("visits") and r.get("last_visit")
		]
		if not values:
			return None
		columns = list(zip(*values, strict=True))
		return {
			key: rules.score_edges(key, [float(v or 0) for v in column])
			for key, column in zip(_STORED, columns, strict=True)
		}

	exprs = _STORED
	base = f"`tabCustomer Profile` p where {_visited(exprs)}"
	n = frappe.db.sql(f"select count(*) from {base}")[0][0]
	if not n:
		return None
	positions = {key: rules.edge_positions(key, n) for key in exprs}
	params = {f"{key}_positions": tuple(p + 1 for p in positions[key]) for key in exprs}  # ROW_NUMBER from 1
	ranked = ", ".join(
		f"{expr} as {key}, row_number() over (order by {expr}) as {key}_rank" for key, expr in exprs.items()
	)
	wanted = " or ".join(f"{key}_rank in %({key}_positions)s" for key in exprs)
	found = frappe.db.sql(
		f"select * from (select {ranked} from {base}) ranked where {wanted}", params, as_dict=True
	)
	edges = {}
	for key in exprs:
		value_at = {r[f"{key}_rank"] - 1: float(r[key]) for r in found}
		edges[key] = [value_at[p] for p in positions[key]]
	return edges


def _segment_sql(exprs: dict[str, str], edges: dict | None, params: dict) -> str:
	"""SQL of the segment of the figures in `exprs`: each score is 1 + the number of edges the value reaches
	(>= for recency, > for frequency and monetary, as rules.performance.score), the edges added to `params`,
	and ELT() picks the segment from rules.segment_table()."""
	if edges is None:
		return "null"

	def score(key: str) -> str:
		reaches = ">=" if key in rules.TIES_SCORE_HIGH else ">"
		parts = []
		for i, edge in enumerate(edges[key]):
			params[f"{key}{i}"] = edge
			parts.append(f"({exprs[key]} {reaches} %({key}{i})s)")
		return "(1 + " + " + ".join(parts) + ")"

	table = rules.segment_table()
	params.update({f"s{i}": name for i, name in enumerate(table)})
	index = (
		f"({score(rules.RECENCY)} - 1) * 25 + ({score(rules.FREQUENCY)} - 1) * 5 + {score(rules.MONETARY)}"
	)
	choices = ", ".join(f"%(s{i})s" for i in range(len(table)))
	return f"if({_visited(exprs)}, elt({index}, {choices}), null)"


def update_rfm_segments(names: list[str] | None = None) -> None:
	"""Set rfm_segment from the stored figures, for all profiles (or these), against the score edges of the
	whole customer base, in one UPDATE that writes only the rows whose segment changes."""
	if names is not None and not names:
		return
	params: dict = {"names": tuple(names or ("",))}
	segment = _segment_sql(_STORED, rfm_edges(), params)
	scope = " and p.name in %(names)s" if names is not None else ""
	frappe.db.sql(
		f"""update `tabCustomer Profile` p set p.rfm_segment = {segment}
		where not (p.rfm_segment <=> {segment}) {scope}""",
		params,
	)


def scores(row: dict, edges: dict[str, list[float]] | None) -> tuple[int, int, int] | None:
	"""(R, F, M) scores of one customer's figures, None without visits."""
	if not edges or not row.get("visits") or not row.get("last_visit"):
		return None
	return (
		rules.score(rules.RECENCY, _to_days(row["last_visit"]), edges[rules.RECENCY]),
		rules.score(rules.FREQUENCY, float(row["visits"]), edges[rules.FREQUENCY]),
		rules.score(rules.MONETARY, float(row["lifetime_income"] or 0), edges[rules.MONETARY]),
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
