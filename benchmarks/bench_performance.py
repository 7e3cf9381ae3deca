"""Customer performance and history benchmark: prints a Markdown table (no asserts on time).

Rows: the full refresh (salon_crm.performance.service.refresh), the bare SQL aggregate over the same invoice
rows (the floor: one GROUP BY, no write), a naive per-customer ORM loop (frappe.get_all per customer and per
invoice, then set_value; measured on a sample and extrapolated), the incremental refresh after 1,000 new
invoices, and one heavy customer's history.

	~/frappe-bench/env/bin/python benchmarks/bench_performance.py --site salon-bench.localhost

Run benchmarks/generate.py on the site first. The run adds 1,000 invoices to the site (re-run generate.py
with --reset to start again).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import best_of, connect, machine, parser, percentiles, settle, table, timed

BARE_AGGREGATE = """
	select si.customer,
		sum(if(si.posting_date >= %(d7)s, sii.base_net_amount, 0)),
		sum(if(si.posting_date >= %(d30)s, sii.base_net_amount, 0)),
		sum(if(si.posting_date >= %(m6)s, sii.base_net_amount, 0)),
		sum(if(si.posting_date >= %(y1)s, sii.base_net_amount, 0)),
		sum(sii.base_net_amount),
		count(*)
	from `tabSales Invoice` si
	join `tabSales Invoice Item` sii on sii.parent = si.name
	where si.docstatus = 1
	group by si.customer
"""


def bare_aggregate(today) -> int:
	import frappe

	from salon_crm.performance import service

	starts = service.window_starts(today)
	rows = frappe.db.sql(
		BARE_AGGREGATE,
		{
			"d7": starts["income_7_days"],
			"d30": starts["income_30_days"],
			"m6": starts["income_6_months"],
			"y1": starts["income_1_year"],
		},
	)
	return len(rows)


def naive_refresh(profiles: list[tuple[str, str]], today) -> None:
	"""What a per-customer loop through the ORM does: each customer's invoices, each invoice's lines,
	figures in Python, one set_value per profile."""
	import frappe
	from frappe.utils import flt, getdate

	from salon_crm.cards.types import card_item_codes
	from salon_crm.performance import service
	from salon_crm.rules import performance as rules

	starts = service.window_starts(today)
	cards = set(card_item_codes())
	for name, customer in profiles:
		totals = dict.fromkeys(rules.PERIODS, 0.0)
		lifetime, cost, days, last = 0.0, 0.0, set(), None
		for inv in frappe.get_all(
			"Sales Invoice",
			filters={"customer": customer, "docstatus": 1, "posting_date": ("<=", today)},
			fields=["name", "posting_date", "is_return"],
		):
			posting = getdate(inv.posting_date)
			for line in frappe.get_all(
				"Sales Invoice Item",
				filters={"parent": inv.name, "parenttype": "Sales Invoice"},
				fields=["item_code", "base_net_amount", "stock_qty", "incoming_rate"],
			):
				amount = 0 if line.item_code in cards else flt(line.base_net_amount)
				lifetime += amount
				for field, start in starts.items():
					if posting >= start:
						totals[field] += amount
				if posting >= starts["income_1_year"]:
					cost += flt(line.stock_qty) * flt(line.incoming_rate)
			if not inv.is_return:
				days.add(posting)
				last = max(last or posting, posting)
		frappe.db.set_value(
			"Customer Profile",
			name,
			{
				**{f: flt(v, 2) for f, v in totals.items()},
				"lifetime_income": flt(lifetime, 2),
				"gross_profit_1_year": flt(totals["income_1_year"] - cost, 2),
				"visits": len(days),
				"last_visit": last,
				"average_bill": rules.average_bill(lifetime, len(days)),
			},
			update_modified=False,
		)


def main() -> None:
	p = parser("Customer performance and history benchmark.")
	p.add_argument("--naive-sample", type=int, default=300, help="customers the naive loop is timed on")
	p.add_argument("--new-invoices", type=int, default=1000)
	p.add_argument("--history-runs", type=int, default=30)
	p.add_argument(
		"--repeat", type=int, default=3, help="runs of the floor and the full refresh (best shown)"
	)
	args = p.parse_args()
	connect(args.site)
	import frappe
	from frappe.utils import getdate, nowdate

	from benchmarks import generate
	from salon_crm.history import service as history
	from salon_crm.performance import service

	today = getdate(nowdate())
	customers = frappe.db.count("Customer Profile")
	invoices = frappe.db.count("Sales Invoice")
	lines = frappe.db.sql("select count(*) from `tabSales Invoice Item`")[0][0]
	rows = []

	# warm the caches the same way for every contender: one untimed pass over the invoice rows. Each
	# contender then runs `--repeat` times and its best time is shown (the machine's noise is one-sided).
	bare_aggregate(today)

	floor_s = best_of(args.repeat, bare_aggregate, today)
	rows.append(["Bare SQL aggregate (floor: one GROUP BY, no write)", f"{floor_s:.2f} s", "1.0x floor", ""])

	def first_run():
		# as after install: every profile gets its figures and segment for the first time
		frappe.db.sql(
			"""update `tabCustomer Profile` set income_7_days = 0, income_30_days = 0, income_6_months = 0,
			income_1_year = 0, lifetime_income = 0, gross_profit_1_year = 0, visits = 0, last_visit = null,
			average_bill = 0, card_balance = 0, rfm_segment = null"""
		)
		frappe.db.commit()
		settle()
		started = time.perf_counter()
		service.refresh(full=True, commit=True)
		return time.perf_counter() - started

	first_s = min(first_run() for _ in range(args.repeat))
	rows.append(
		[
			"Full refresh, first run (every profile's figures and segment written for the first time)",
			f"{first_s:.2f} s",
			f"{first_s / floor_s:.1f}x floor",
			f"{customers:,} profiles",
		]
	)
	full_s = best_of(args.repeat, service.refresh, full=True, commit=True)
	rows.append(
		[
			"Full refresh, the weekly repair run (same statements; only changed rows written)",
			f"{full_s:.2f} s",
			f"{full_s / floor_s:.1f}x floor",
			f"{customers:,} profiles",
		]
	)

	sample = frappe.db.sql(
		"select name, customer from `tabCustomer Profile` order by rand(7) limit %s", args.naive_sample
	)
	naive_s, _ = timed(naive_refresh, sample, today)
	frappe.db.commit()
	naive_total = naive_s / max(1, len(sample)) * customers
	rows.append(
		[
			f"Naive per-customer ORM loop (timed on {len(sample)} random customers, extrapolated to {customers:,})",
			f"{naive_total:.0f} s (est.)",
			f"{naive_total / first_s:.0f}x slower than our first run",
			f"{naive_s:.2f} s for the sample",
		]
	)

	ctx = generate.context()
	generate.add_invoices(args.new_invoices, customers, ctx, random.Random(99), only_today=True)
	settle()
	incr_s, result = timed(service.refresh, full=False, commit=True)
	rows.append(
		[
			f"Incremental refresh after {args.new_invoices:,} new invoices",
			f"{incr_s:.2f} s",
			"",
			f"{result['mode']}, {result['customers']:,} customers",
		]
	)

	heavy = frappe.db.sql(
		"""select p.name, count(*) from `tabSales Invoice` si join `tabCustomer Profile` p on p.customer = si.customer
		group by si.customer order by count(*) desc limit 1"""
	)[0]
	runs_page, runs_all = [], []
	all_rows = []
	for _ in range(args.history_runs):
		s, _r = timed(history.get_history, heavy[0], limit=100)
		runs_page.append(s)
		s, all_rows = timed(history.get_history, heavy[0], limit=10000)
		runs_all.append(s)
	p50, p95 = percentiles(runs_page)
	rows.append(
		[
			f"History of the heaviest customer ({heavy[1]} invoices), first 100 rows",
			f"{p50:.0f} ms p50",
			f"{p95:.0f} ms p95",
			f"{args.history_runs} runs",
		]
	)
	p50, p95 = percentiles(runs_all)
	rows.append(
		[
			f"History of the heaviest customer, all {len(all_rows):,} rows",
			f"{p50:.0f} ms p50",
			f"{p95:.0f} ms p95",
			f"{args.history_runs} runs",
		]
	)

	facts = machine()
	print(
		f"Data: {customers:,} customers, {invoices:,} invoices, {lines:,} invoice lines. Machine: "
		f"{facts['cpus']} CPUs, {facts['memory']} RAM, MariaDB {facts['mariadb']}, "
		f"innodb_buffer_pool_size {facts['innodb_buffer_pool_size']}."
	)
	print()
	print(table(["What", "Time", "Compared", "Notes"], rows))
	frappe.destroy()


if __name__ == "__main__":
	main()
