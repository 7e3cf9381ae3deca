"""Customer search benchmark: p50/p95 latency of salon_crm.customers.search.search_profiles against the
stock Customer link search of Frappe/ERPNext v15 (frappe.desk.search.search_widget for "Customer" without
salon_crm's standard query: LIKE '%txt%' over name and Customer's search fields) on the same data, and how
often each finds the customer the query was made from. Prints a Markdown table; no asserts on time.

	~/frappe-bench/env/bin/python benchmarks/bench_search.py --site salon-bench.localhost

Run benchmarks/generate.py on the site first (customers BC-000001.. with profiles SC-00001..).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import connect, machine, parser, percentiles, table


def query_kinds(profile: dict) -> dict[str, str]:
	"""What a receptionist types to find this customer, by kind."""
	digits = profile["mobile_no"][3:]  # national digits of +91XXXXXXXXXX
	return {
		"5 phone digits (middle)": digits[3:8],
		"full mobile typed with a space": f"{digits[:5]} {digits[5:]}",
		"mobile with +91": profile["mobile_no"],
		"first name prefix (4 letters)": profile["first_name"][:4],
		"surname": profile["last_name"],
		"customer number": profile["name"],
	}


def stock_search(txt: str) -> list[str]:
	"""Frappe's generic link search for Customer, as on a site without salon_crm's standard query."""
	import frappe
	from frappe.desk.search import search_widget

	real = frappe.get_hooks

	def without_salon_query(hook=None, *args, **kwargs):
		hooks = real(hook, *args, **kwargs)
		if hook is None:
			hooks = frappe._dict(hooks)
			queries = dict(hooks.get("standard_queries") or {})
			queries.pop("Customer", None)
			hooks["standard_queries"] = queries
		return hooks

	frappe.get_hooks = without_salon_query
	try:
		rows = search_widget("Customer", txt, page_length=20, as_dict=True)
	finally:
		frappe.get_hooks = real
	return [r.get("name") if isinstance(r, dict) else r[0] for r in rows or []]


def ours(txt: str) -> list[str]:
	from salon_crm.customers.search import search_profiles

	return [r.customer for r in search_profiles(txt, limit=20)]


def main() -> None:
	p = parser("Customer search benchmark.")
	p.add_argument("--queries", type=int, default=40, help="queries per kind")
	args = p.parse_args()
	connect(args.site)
	import frappe

	count = frappe.db.count("Customer Profile")
	sample = frappe.db.sql(
		"""select name, customer, first_name, last_name, mobile_no from `tabCustomer Profile`
		where mobile_no is not null order by rand(5) limit %s""",
		args.queries,
		as_dict=True,
	)
	kinds = list(query_kinds(sample[0]))
	rows = []
	for kind in kinds:
		timings = {"ours": [], "stock": []}
		found = {"ours": 0, "stock": 0}
		for profile in sample:
			txt = query_kinds(profile)[kind]
			for label, fn in (("ours", ours), ("stock", stock_search)):
				started = time.perf_counter()
				result = fn(txt)
				timings[label].append(time.perf_counter() - started)
				found[label] += profile["customer"] in result
		o50, o95 = percentiles(timings["ours"])
		s50, s95 = percentiles(timings["stock"])
		rows.append(
			[
				kind,
				f"{o50:.1f} / {o95:.1f}",
				f"{s50:.1f} / {s95:.1f}",
				f"{found['ours']}/{len(sample)}",
				f"{found['stock']}/{len(sample)}",
			]
		)
	facts = machine()
	print(
		f"Data: {count:,} customers. Machine: {facts['cpus']} CPUs, {facts['memory']} RAM, MariaDB "
		f"{facts['mariadb']}, innodb_buffer_pool_size {facts['innodb_buffer_pool_size']}. "
		f"{len(sample)} queries per kind, page of 20."
	)
	print()
	print(
		table(
			[
				"Query kind",
				"salon_crm p50 / p95 (ms)",
				"stock Customer search p50 / p95 (ms)",
				"salon_crm found it",
				"stock found it",
			],
			rows,
		)
	)
	frappe.destroy()


if __name__ == "__main__":
	main()
