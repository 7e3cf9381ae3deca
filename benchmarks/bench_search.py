"""Customer search benchmark: p50/p95 latency of salon_crm.customers.search.search_profiles against the
stock Customer link search of Frappe/ERPNext v15 (frappe.desk.search.search_widget for "Customer" without
salon_crm's standard query: LIKE '%txt%' over name and Customer's search fields) on the same data, and how
often each finds the customer the query was made from. Prints Markdown tables; no asserts on time.

A second table, the first-page share: who walks in is drawn in proportion to her visits (the regulars come
most often), and for each lookup kind (5 phone digits, the last 4 digits, first name + the last 4 digits,
surname + first name) it counts how often the intended customer is on the first page of a link field (10
rows), with salon_crm's ranking by visit score and with the ranking before it (benchmarks/search_before.py:
alphabetical, each query limited before ranking, no name + digits or reversed-name lookups).

	~/frappe-bench/env/bin/python benchmarks/bench_search.py --site salon-bench.localhost

Run benchmarks/generate.py on the site first (customers BC-000001.. with profiles SC-00001..), then the
performance refresh (benchmarks/bench_performance.py, or the nightly job), which stores the visit figures
the ranking reads. Or, on any site (`--allow-site`), `--generate N` adds N profiles with phone search keys
and visit figures (visits skewed as generate.py skews invoices) inside the benchmark's transaction, and
rolls everything back at the end: nothing is written.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import timedelta
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


PAGE = 10
"""A link field's first page (Frappe's link_field_results_limit default)."""


def share_kinds(profile: dict) -> dict[str, str]:
	"""The lookups of the first-page table, by kind."""
	digits = profile["mobile_no"][3:]
	return {
		"5 phone digits (middle)": digits[3:8],
		"last 4 phone digits": digits[-4:],
		"first name + last 4 digits": f"{profile['first_name']} {digits[-4:]}",
		"surname + first name": f"{profile['last_name']} {profile['first_name']}",
	}


def before(txt: str) -> list[str]:
	from benchmarks.search_before import search_profiles

	return [r.name for r in search_profiles(txt, limit=PAGE)]


def now(txt: str) -> list[str]:
	from salon_crm.customers.search import search_profiles

	return [r.name for r in search_profiles(txt, limit=PAGE)]


def walk_ins(n: int, seed: int) -> list[dict]:
	"""`n` lookups' intended customers, each drawn with a chance proportional to her visits."""
	import frappe

	people = frappe.db.sql(
		"""select name, first_name, last_name, mobile_no, visits from `tabCustomer Profile`
		where mobile_no like '+91%%' and visits > 0 and coalesce(disabled, 0) = 0""",
		as_dict=True,
	)
	if not people:
		sys.exit("no profile has visit figures: run the performance refresh first (or use --generate)")
	return random.Random(seed).choices(people, weights=[p.visits for p in people], k=n)


def first_page_rows(lookups: int, seed: int) -> list[list[str]]:
	sample = walk_ins(lookups, seed)
	rows = []
	for kind in share_kinds(sample[0]):
		found = {"now": 0, "before": 0}
		timings = {"now": [], "before": []}
		for person in sample:
			txt = share_kinds(person)[kind]
			for label, fn in (("now", now), ("before", before)):
				started = time.perf_counter()
				found[label] += person["name"] in fn(txt)
				timings[label].append(time.perf_counter() - started)
		row = [kind]
		for label in ("now", "before"):
			p50, p95 = percentiles(timings[label])
			row.append(
				f"{found[label] / len(sample):.0%} ({found[label]}/{len(sample)}), {p50:.1f} / {p95:.1f} ms"
			)
		rows.append(row)
	return rows


def generate_profiles(n: int, seed: int) -> None:
	"""`n` profiles BSRCH-00001.. with mobiles, phone search keys and visit figures, not committed: visits
	are the distinct days of 3 invoices per customer on average over two years, picked as generate.py picks
	a customer (a few heavy customers, a long tail)."""
	import frappe
	from frappe.utils import getdate, now_datetime, nowdate

	from benchmarks.generate import FIRST_NAMES, LAST_NAMES, _pick_customer
	from salon_crm.rules import phone as phone_rules

	rng = random.Random(seed)
	today = getdate(nowdate())
	days: dict[int, set[int]] = {}
	for _ in range(3 * n):
		days.setdefault(_pick_customer(n, rng), set()).add(rng.randint(0, 729))
	stamp = now_datetime()
	profiles, keys = [], []
	for i in range(1, n + 1):
		first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
		mobile = "+917" + f"{(i * 387420489 + 123456789) % 10**9:09d}"  # 3**18: a bijection mod 10**9
		visited = days.get(i, set())
		last_visit = today - timedelta(days=min(visited)) if visited else None
		name = f"BSRCH-{i:05d}"
		profiles.append(
			(name, stamp, stamp, "Administrator", "Administrator", "BSRCH-.#####", name, first, last,
			 f"{first} {last}", mobile, 0, len(visited), last_visit)
		)  # fmt: skip
		keys += [
			(f"{name}-{j}", stamp, stamp, name, key)
			for j, key in enumerate(phone_rules.search_keys([mobile]))
		]
	frappe.db.sql("select 1")  # opens the connection's cursor
	sql = (
		"insert into `tabCustomer Profile` (name, creation, modified, owner, modified_by, naming_series, "
		"customer_number, first_name, last_name, full_name, mobile_no, disabled, visits, last_visit) "
		"values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
	)
	for i in range(0, len(profiles), 5000):
		frappe.db._cursor.executemany(sql, profiles[i : i + 5000])
	sql = (
		"insert into `tabSalon Search Key` (name, creation, modified, customer_profile, search_key) "
		"values (%s, %s, %s, %s, %s)"
	)
	for i in range(0, len(keys), 5000):
		frappe.db._cursor.executemany(sql, keys[i : i + 5000])


def main() -> None:
	p = parser("Customer search benchmark.")
	p.add_argument("--queries", type=int, default=40, help="queries per kind")
	p.add_argument("--lookups", type=int, default=400, help="visit-weighted lookups per kind (first page)")
	p.add_argument("--seed", type=int, default=13)
	p.add_argument(
		"--allow-site", action="store_true", help="run on a site whose name does not contain 'bench'"
	)
	p.add_argument(
		"--generate",
		type=int,
		default=0,
		metavar="N",
		help="add N profiles inside the benchmark's transaction (rolled back: nothing is written)",
	)
	p.add_argument("--share-only", action="store_true", help="only the first-page table")
	args = p.parse_args()
	connect(args.site, allow_any_site=args.allow_site)
	import frappe

	if args.generate:
		generate_profiles(args.generate, args.seed)
	try:
		report(args)
	finally:
		frappe.db.rollback()  # (only --generate wrote anything)
		frappe.destroy()


def report(args) -> None:
	import frappe

	count = frappe.db.count("Customer Profile")
	facts = machine()
	share = first_page_rows(args.lookups, args.seed)
	print(
		f"First page ({PAGE} rows) share, {args.lookups} visit-weighted lookups per kind, {count:,} profiles"
		f"{f' ({args.generate:,} generated, rolled back)' if args.generate else ''}. Machine: "
		f"{facts['cpus']} CPUs, {facts['memory']} RAM, MariaDB {facts['mariadb']}."
	)
	print()
	print(
		table(
			[
				"Lookup",
				"salon_crm (visit score): first page, p50 / p95",
				"before (alphabetical): first page, p50 / p95",
			],
			share,
		)
	)
	if args.share_only or args.generate:  # generated profiles have no ERPNext Customer to compare
		return
	print()
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


if __name__ == "__main__":
	main()
