"""Greetings benchmark: seconds to select one day's occasions among all customers and family members and
plan them into the outbox (Salon Message rows; the sending job is queued after commit), beside a naive baseline that loads every
profile and family member through the ORM and filters birthdays in Python. Everything is rolled back, so
nothing is sent (jobs are enqueued only after a commit). Prints a Markdown table.

	~/frappe-bench/env/bin/python benchmarks/bench_greetings.py --site salon-bench.localhost [--date 2026-06-15]
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import connect, machine, parser, table, timed


def naive_select(on_date: date) -> int:
	"""Every profile and family member loaded through the ORM, birthdays and anniversaries matched in
	Python: what a job without the indexed month-day columns would do."""
	import frappe

	found = 0
	for p in frappe.get_all(
		"Customer Profile", fields=["name", "date_of_birth", "anniversary", "disabled"], limit=0
	):
		for d in (p.date_of_birth, p.anniversary):
			if d and not p.disabled and (d.month, d.day) == (on_date.month, on_date.day):
				found += 1
	for m in frappe.get_all("Family Member", fields=["name", "date_of_birth"], limit=0):
		if m.date_of_birth and (m.date_of_birth.month, m.date_of_birth.day) == (on_date.month, on_date.day):
			found += 1
	return found


def main() -> None:
	p = parser(__doc__.splitlines()[0])
	p.add_argument("--date", help="the day to greet for (default: today)")
	args = p.parse_args()
	connect(args.site)
	import frappe
	from frappe.utils import getdate, nowdate

	from salon_crm.greetings.service import find_occasions, queue_todays_greetings

	on_date = getdate(args.date or nowdate())
	profiles = frappe.db.count("Customer Profile")
	members = frappe.db.count("Family Member")

	select_s, occasions = timed(find_occasions, on_date)
	frappe.db.rollback()
	queue_s, counts = timed(queue_todays_greetings, on_date, False, True)
	frappe.db.rollback()
	naive_s, naive_found = timed(naive_select, on_date)
	frappe.db.rollback()

	print(f"Greetings for {on_date}: {profiles:,} customers, {members:,} family members; {machine()}")
	print(
		table(
			["What", "Seconds", "Occasions"],
			[
				["select the day's occasions (indexed month-day columns)", f"{select_s:.3f}", len(occasions)],
				[
					"select + plan into the outbox (ours, rolled back)",
					f"{queue_s:.3f}",
					f"{counts['logged']} logged, {counts['queued']} queued",
				],
				["naive: load everyone through the ORM, filter in Python", f"{naive_s:.3f}", naive_found],
			],
		)
	)


if __name__ == "__main__":
	main()
