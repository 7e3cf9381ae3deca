"""Customer import benchmark: rows per second of Frappe's Data Import of Customer Profile (the shipped
template's columns: phones typed in varied ways, birthdays written day first in the five accepted ways,
gender, one family member in five; every row runs the profile's controller and creates its ERPNext
Customer and Contact) beside a Data Import of the same people as plain ERPNext Customers (name, group,
territory, mobile: ERPNext creates the Contact). Both run the very function Data Import's background job
runs (frappe.core.doctype.data_import.data_import.start_import), in this process. Prints a Markdown table;
what it created is deleted afterwards (the profiles are kept with --keep).

	~/frappe-bench/env/bin/python benchmarks/bench_import.py --site salon-bench.localhost --rows 10000

The site needs salon_crm installed and its settings (default customer group and territory) in place.
"""

from __future__ import annotations

import random
import sys
import threading
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import connect, machine, parser, table

FIRST = ["Priya", "Kavya", "Meera", "Anita", "Sunita", "Divya", "Pooja", "Neha", "Ritu", "Asha", "Lakshmi"]
LAST = ["Sharma", "Rao", "Iyer", "Nair", "Menon", "Pillai", "Das", "Joshi", "Kapoor", "Reddy", "Bose"]
CUSTOMER_HEADER = [
	"Previous System Number",
	"First Name",
	"Last Name",
	"Gender as Written",
	"Mobile",
	"Birthday as Written",
	"Name (Family Information)",
	"Relation as Written (Family Information)",
]
DATE_WRITINGS = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d %b %Y", "%Y-%m-%d")


def people(count: int, seed: int) -> list[dict]:
	rng = random.Random(seed)
	out = []
	for i in range(count):
		digits = f"9{rng.randint(100000000, 999999999)}"
		typed = rng.choice(
			[f"{digits[:5]} {digits[5:]}", f"+91{digits}", f"0{digits}", f"+91-{digits[:5]}-{digits[5:]}"]
		)
		out.append(
			{
				"old": f"BENCH-{seed}-{i:06d}",
				"first": rng.choice(FIRST),
				"last": f"{rng.choice(LAST)}{i}",
				"mobile": typed,
				"dob": date(rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28)).strftime(
					rng.choice(DATE_WRITINGS)
				),
				"family": rng.random() < 0.2,
			}
		)
	return out


def csv_content(rows: list[list]) -> bytes:
	import csv
	import io

	out = io.StringIO()
	csv.writer(out, lineterminator="\n").writerows(rows)
	return out.getvalue().encode()


def profile_file(persons: list[dict]) -> bytes:
	rows = [CUSTOMER_HEADER]
	for p in persons:
		rows.append(
			[p["old"], p["first"], p["last"], "Female", p["mobile"], p["dob"]]
			+ ([f"Child of {p['first']}", "Daughter"] if p["family"] else ["", ""])
		)
	return csv_content(rows)


def customer_file(persons: list[dict]) -> bytes:
	import frappe

	group = frappe.db.get_single_value("Salon CRM Settings", "customer_group") or "Individual"
	territory = frappe.db.get_single_value("Salon CRM Settings", "territory") or "All Territories"
	rows = [["Customer Name", "Customer Type", "Customer Group", "Territory", "Mobile No"]]
	for p in persons:
		rows.append([f"{p['first']} {p['last']}", "Individual", group, territory, p["mobile"]])
	return csv_content(rows)


def run_import(doctype: str, content: bytes, file_name: str, site: str) -> tuple[float, int, int, str]:
	"""(seconds, rows imported, rows failed, Data Import name), printing progress every 15 s."""
	import frappe
	from frappe.core.doctype.data_import.data_import import start_import

	file = frappe.get_doc({"doctype": "File", "file_name": file_name, "content": content, "is_private": 1})
	file.insert()
	data_import = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": doctype,
			"import_type": "Insert New Records",
			"import_file": file.file_url,
			"mute_emails": 1,
		}
	).insert()
	frappe.db.commit()
	total = data_import.payload_count
	done = threading.Event()
	watcher = threading.Thread(target=_progress, args=(site, data_import.name, total, done), daemon=True)
	watcher.start()
	started = time.perf_counter()
	start_import(data_import.name)
	seconds = time.perf_counter() - started
	done.set()
	watcher.join(timeout=20)
	ok = frappe.db.count("Data Import Log", {"data_import": data_import.name, "success": 1})
	failed = frappe.db.count("Data Import Log", {"data_import": data_import.name, "success": 0})
	if failed:
		first = frappe.get_all(
			"Data Import Log",
			{"data_import": data_import.name, "success": 0},
			["row_indexes", "messages", "exception"],
			limit=1,
		)[0]
		reason = frappe.utils.strip_html(first.messages or "") or (first.exception or "").strip()[-300:]
		print(f"  {failed:,} rows failed; the first (rows {first.row_indexes}): {reason}", flush=True)
	return seconds, ok, failed, data_import.name


def _progress(site: str, data_import: str, total: int, done: threading.Event) -> None:
	import frappe

	from benchmarks.common import BENCH

	frappe.init(site=site, sites_path=str(BENCH / "sites"))
	frappe.connect()
	started = time.perf_counter()
	try:
		while not done.wait(15):
			frappe.db.rollback()  # a fresh snapshot
			n = frappe.db.count("Data Import Log", {"data_import": data_import})
			elapsed = time.perf_counter() - started
			print(f"  {n:,}/{total:,} rows after {elapsed:.0f} s ({n / elapsed:.1f} rows/s)", flush=True)
	finally:
		frappe.destroy()


def cleanup(data_imports: list[str]) -> None:
	"""Delete what the imports created (documents named in their logs, with contacts, addresses and
	search keys), the imports and their files."""
	import frappe

	for name in data_imports:
		doctype = frappe.db.get_value("Data Import", name, "reference_doctype")
		docs = frappe.get_all("Data Import Log", {"data_import": name, "success": 1}, pluck="docname")
		for chunk in [docs[i : i + 500] for i in range(0, len(docs), 500)]:
			if doctype == "Customer Profile":
				customers = frappe.get_all("Customer Profile", {"name": ("in", chunk)}, pluck="customer")
				frappe.db.delete("Salon Search Key", {"customer_profile": ("in", chunk)})
				frappe.db.delete("Family Member", {"parent": ("in", chunk)})
				frappe.db.delete("Customer Profile", {"name": ("in", chunk)})
			else:
				customers = chunk
			_delete_customers([c for c in customers if c])
			frappe.db.commit()
		file_url = frappe.db.get_value("Data Import", name, "import_file")
		frappe.db.delete("Data Import Log", {"data_import": name})
		frappe.db.delete("Data Import", {"name": name})
		frappe.db.delete("File", {"file_url": file_url})
		frappe.db.commit()


def _delete_customers(customers: list[str]) -> None:
	import frappe

	if not customers:
		return
	for linked in ("Contact", "Address"):
		names = frappe.get_all(
			"Dynamic Link",
			{"parenttype": linked, "link_doctype": "Customer", "link_name": ("in", customers)},
			pluck="parent",
		)
		if names:
			for child in ("Dynamic Link", "Contact Phone", "Contact Email"):
				frappe.db.delete(child, {"parent": ("in", names), "parenttype": linked})
			frappe.db.delete(linked, {"name": ("in", names)})
	frappe.db.delete("Customer", {"name": ("in", customers)})


def main() -> None:
	p = parser(__doc__.splitlines()[0])
	p.add_argument("--rows", type=int, default=10000, help="customers per import (default 10000)")
	p.add_argument("--seed", type=int, default=int(time.time()), help="names and numbers of this run")
	p.add_argument("--keep", action="store_true", help="keep the imported profiles")
	p.add_argument(
		"--allow-any-site",
		action="store_true",
		help="run on a site whose name lacks 'bench' (a developer's own site, at a small --rows)",
	)
	args = p.parse_args()
	connect(args.site, allow_any_site=args.allow_any_site)
	import frappe

	facts = machine()
	print(f"site {args.site}, {args.rows:,} rows per import; machine: {facts}", flush=True)
	persons = people(args.rows, args.seed)
	results = []
	try:
		# the same people twice: as plain Customers first (deleted again, so the profiles below find no
		# Customer to take over and create their own, as on a site that never had them)
		for label, doctype, content, keep in (
			("plain ERPNext Customer", "Customer", customer_file(persons), False),
			("Customer Profile (salon_crm rules)", "Customer Profile", profile_file(persons), args.keep),
		):
			print(f"importing {args.rows:,} rows as {label} ...", flush=True)
			seconds, ok, failed, name = run_import(
				doctype, content, f"bench_{args.seed}_{doctype}.csv", args.site
			)
			results.append([label, f"{ok:,}", f"{failed:,}", f"{seconds:.1f}", f"{ok / seconds:.1f}"])
			if not keep:
				print("  deleting what it created ...", flush=True)
				cleanup([name])
	finally:
		frappe.destroy()
	print()
	print(table(["Data Import of", "Rows imported", "Failed", "Seconds", "Rows/s"], results))
	print()
	print(
		f"{facts['cpus']} CPUs, {facts['memory']} RAM, MariaDB {facts['mariadb']}, "
		f"innodb_buffer_pool_size {facts['innodb_buffer_pool_size']}"
	)


if __name__ == "__main__":
	main()
