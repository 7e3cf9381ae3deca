"""Special Plan eligibility benchmark: seconds to compute, set-based, which of all customers are eligible
for plans of each rule kind, beside the naive per-customer check (timed on a sample and extrapolated) in
the same run. The plans are created in a transaction that is rolled back. Prints a Markdown table.

	~/frappe-bench/env/bin/python benchmarks/bench_eligibility.py --site salon-bench.localhost
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import connect, machine, parser, table, timed

PLANS = {
	"No rules": [],
	"Age 60+": [{"rule_type": "Age Range", "min_age": 60}],
	"Birthday month": [{"rule_type": "Birthday Month"}],
	"Spend at least 5000 in 6 months": [{"rule_type": "Minimum Spend", "amount": 5000, "months": 6}],
	"Visits at least 3 in 12 months": [{"rule_type": "Minimum Visits", "count": 3, "months": 12}],
	"Female + spend + visits + referrals": [
		{"rule_type": "Gender", "gender": "Female"},
		{"rule_type": "Minimum Spend", "amount": 2000, "months": 12},
		{"rule_type": "Minimum Visits", "count": 2, "months": 12},
		{"rule_type": "Minimum Referrals", "count": 1},
	],
	# the audience rule kinds campaigns add (salon_crm.plans.eligibility.audience runs the same SQL)
	"RFM segment At Risk": [{"rule_type": "RFM Segment", "segment": "At Risk"}],
	"Last visit more than 60 days ago": [{"rule_type": "Last Visit More Than N Days Ago", "days": 60}],
	"Last visit less than 30 days ago": [{"rule_type": "Last Visit Less Than N Days Ago", "days": 30}],
	"Never visited": [{"rule_type": "Never Visited"}],
}


def make_plan(name: str, rules: list[dict], company: str) -> str:
	import frappe
	from frappe.utils import nowdate

	item = frappe.db.get_value("Item", {"is_stock_item": 0, "disabled": 0}, "name")
	frappe.get_doc(
		{
			"doctype": "Special Plan",
			"plan_name": f"Benchmark {name}",
			"company": company,
			"valid_from": nowdate(),
			"rate_or_discount": "Discount Percentage",
			"discount_percentage": 10,
			"apply_on": "Item Code",
			"items": [{"item_code": item}],
			"rules": rules,
		}
	).insert(ignore_permissions=True)
	return f"Benchmark {name}"


def main() -> None:
	p = parser(__doc__.splitlines()[0])
	p.add_argument("--sample", type=int, default=200, help="customers the naive check is timed on")
	args = p.parse_args()
	connect(args.site)
	import frappe

	from salon_crm.plans.eligibility import check, eligible_customers

	company = frappe.defaults.get_global_default("company") or frappe.db.get_value("Company", {})
	profiles = frappe.get_all("Customer Profile", pluck="name", limit=0)
	sample = random.Random(7).sample(profiles, min(args.sample, len(profiles)))
	rows = []
	try:
		for label, rules in PLANS.items():
			plan = make_plan(label, rules, company)
			ours_s, eligible = timed(eligible_customers, plan)
			naive_s, _ = timed(lambda plan=plan: [check(plan, name) for name in sample])
			naive_all = naive_s / max(len(sample), 1) * len(profiles)
			rows.append(
				[
					label,
					f"{ours_s:.2f}",
					f"{len(eligible):,}",
					f"{naive_all:,.0f} (est. from {len(sample)})",
					f"{naive_all / ours_s:,.0f}x" if ours_s else "-",
				]
			)
	finally:
		frappe.db.rollback()
	print(f"Eligibility for {len(profiles):,} customers; {machine()}")
	print(table(["Plan rules", "Set-based s (all)", "Eligible", "Naive s (all)", "Speed-up"], rows))


if __name__ == "__main__":
	main()
