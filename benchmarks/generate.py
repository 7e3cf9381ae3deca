"""Generate a salon at scale directly in a benchmark site's database.

Writes, with multi-row INSERTs (executemany) and a commit per chunk, never through document controllers:
- Customers and their Customer Profiles (names, E.164 mobiles, birthdays and anniversaries with their
  month-day columns, some referrals), the phone-suffix Salon Search Key rows (as
  salon_crm.customers.profile.update_search_keys writes them) and 2 Family Members each;
- submitted, POS-paid Sales Invoices over the last two years with their lines: about 70 % service lines
  (non-stock items) and 30 % product lines (stock items, with ERPNext's `incoming_rate` valuation), 1-9
  lines per invoice, 1 % returns and 1 % cancelled; customers' visit counts are skewed (a few heavy
  customers, a long tail).

Usage (bench Python, from anywhere):
	~/frappe-bench/env/bin/python benchmarks/generate.py --site salon-bench.localhost --size small
	~/frappe-bench/env/bin/python benchmarks/generate.py --site salon-bench.localhost --size full --reset
Sizes: small = 2,000 customers / 20,000 lines; medium = 20,000 / 200,000; full = 100,000 / 1,000,000;
or --customers N --lines M. Other benchmarks (search, greetings, eligibility) import `add_invoices` and the
generated naming (profiles SC-00001.., customers BC-000001..) from here.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import connect, parser

SIZES = {"small": (2_000, 20_000), "medium": (20_000, 200_000), "full": (100_000, 1_000_000)}
CHUNK = 5_000
DAYS = 730
SEED = 20261123

FIRST_NAMES = (
	"Aarav Aditi Akash Ananya Anjali Arjun Asha Deepa Divya Gaurav Harsh Ishita Kavya Kiran Lakshmi Maya "
	"Meera Neha Nikhil Pooja Priya Rahul Raj Ravi Riya Rohan Sakshi Sanjay Sara Shreya Simran Sneha Suresh "
	"Tanvi Uma Varun Vikram Vivek Yash Zoya Fatima Joseph Maria Noor Omar Ayesha Daniel Grace Irfan Leela"
).split()
LAST_NAMES = (
	"Sharma Verma Gupta Iyer Nair Reddy Rao Patel Shah Mehta Joshi Kulkarni Desai Menon Pillai Singh Kaur "
	"Gill Khan Ali Das Ghosh Banerjee Mukherjee Bose Sen Chatterjee Fernandes DSouza Pereira Thomas George "
	"Mathew Varghese Kapoor Malhotra Chopra Bhatia Agarwal Jain"
).split()
RELATIONS = ("Spouse", "Son", "Daughter", "Father", "Mother", "Brother", "Sister")

SERVICES = [
	(f"BSVC-{i:02d}", f"Service {i:02d}", price)
	for i, price in enumerate(
		(
			300,
			400,
			500,
			600,
			800,
			1000,
			1200,
			1500,
			1800,
			2000,
			2500,
			3000,
			350,
			450,
			700,
			900,
			1100,
			1400,
			2200,
			4000,
		),
		start=1,
	)
]
PRODUCTS = [
	(f"BPRD-{i:02d}", f"Product {i:02d}", price, round(price * 0.55, 2))
	for i, price in enumerate(
		(250, 300, 450, 500, 650, 800, 950, 1200, 1500, 1800, 2100, 2500, 399, 599, 899), start=1
	)
]


def mobile(i: int) -> str:
	"""A unique valid Indian mobile per customer index (48271 is coprime with 10**9: a bijection)."""
	return "+919" + f"{(i * 48271) % 10**9:09d}"


def month_day(d: date | None) -> int:
	return d.month * 100 + d.day if d else 0


# ---------------------------------------------------------------- low level


def insert_rows(table: str, columns: list[str], rows: list[tuple]) -> None:
	"""One multi-row INSERT per CHUNK rows (pymysql's executemany batches the VALUES), committed per chunk."""
	import frappe

	if not rows:
		return
	cols = ", ".join(f"`{c}`" for c in columns)
	placeholders = ", ".join(["%s"] * len(columns))
	sql = f"insert into `{table}` ({cols}) values ({placeholders})"
	for i in range(0, len(rows), CHUNK):
		frappe.db._cursor.executemany(sql, rows[i : i + CHUNK])
		frappe.db.commit()


def context() -> dict:
	import frappe

	company = frappe.get_all("Company", fields=["*"], limit=1)[0]
	warehouse = frappe.db.get_value(
		"Warehouse", {"company": company.name, "is_group": 0}, "name", order_by="name"
	)
	return {
		"company": company.name,
		"currency": company.default_currency,
		"debit_to": company.default_receivable_account,
		"income_account": company.default_income_account,
		"cost_center": company.cost_center,
		"warehouse": warehouse,
		"customer_group": frappe.db.get_value("Customer Group", {"is_group": 0}, "name", order_by="lft"),
		"territory": frappe.db.get_value("Territory", {"is_group": 0}, "name", order_by="lft"),
		"price_list": frappe.db.get_single_value("Selling Settings", "selling_price_list")
		or "Standard Selling",
	}


def ensure_items() -> None:
	"""The generator's services and products as Items (no prices: invoices carry their rates)."""
	import frappe

	from salon_crm.setup.masters import ensure_item, item_group

	for code, name, *_rest in SERVICES:
		ensure_item(code, name, item_group("Services"))
	for code, name, _price, valuation in PRODUCTS:
		ensure_item(code, name, item_group("Products"), is_stock=True, valuation=valuation)
	frappe.db.commit()


BENCH_TABLES = (
	"tabCustomer",
	"tabCustomer Profile",
	"tabSalon Search Key",
	"tabFamily Member",
	"tabSales Invoice",
	"tabSales Invoice Item",
)


def reset() -> None:
	"""Empty the tables the generator fills (benchmark sites only: connect() refuses other sites)."""
	import frappe

	frappe.db.commit()
	for table in BENCH_TABLES:
		frappe.db.sql_ddl(f"truncate table `{table}`")
	frappe.db.sql("delete from `tabSeries` where name in ('SC-', 'BSINV-')")
	for field in ("last_performance_refresh", "last_full_performance_refresh"):
		frappe.db.set_single_value("Salon CRM Settings", field, None)
	frappe.db.commit()


# ---------------------------------------------------------------- customers


def generate_customers(n: int, ctx: dict, rng: random.Random) -> None:
	from frappe.utils import now_datetime

	from salon_crm.rules import phone as phone_rules

	created = now_datetime() - timedelta(days=DAYS + 30)
	customers, profiles, keys, family = [], [], [], []
	for i in range(1, n + 1):
		first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
		full = f"{first} {last}"
		profile = f"SC-{i:05d}"
		customer = f"BC-{i:06d}"
		phone = mobile(i)
		gender = rng.choice(("Female", "Female", "Male"))
		dob = date(rng.randint(1960, 2005), rng.randint(1, 12), rng.randint(1, 28))
		married = rng.random() < 0.5
		anniversary = (
			date(rng.randint(1985, 2024), rng.randint(1, 12), rng.randint(1, 28)) if married else None
		)
		referred_by = f"SC-{rng.randint(1, i - 1):05d}" if i > 10 and rng.random() < 0.1 else None
		customers.append(
			(
				customer,
				full,
				"Individual",
				ctx["customer_group"],
				ctx["territory"],
				profile,
				profile,
				phone,
				gender,
				created,
				created,
				"Administrator",
				"Administrator",
			)
		)
		profiles.append(
			(
				profile,
				profile,
				first,
				last,
				full,
				gender,
				dob,
				month_day(dob),
				"Married" if married else "Single",
				anniversary,
				month_day(anniversary),
				customer,
				ctx["customer_group"],
				ctx["territory"],
				ctx["price_list"],
				phone,
				"SC-.#####",
				referred_by,
				0,
				created,
				created,
				"Administrator",
				"Administrator",
			)
		)
		for key in phone_rules.search_keys([phone]):
			keys.append(
				(f"{profile}-{key}", profile, key, created, created, "Administrator", "Administrator")
			)
		for idx in (1, 2):
			member_dob = date(rng.randint(1950, 2020), rng.randint(1, 12), rng.randint(1, 28))
			family.append(
				(
					f"{profile}-F{idx}",
					profile,
					"Customer Profile",
					"family_members",
					idx,
					f"{rng.choice(FIRST_NAMES)} {last}",
					rng.choice(RELATIONS),
					member_dob,
					month_day(member_dob),
					created,
					created,
					"Administrator",
					"Administrator",
				)
			)
	audit = ["creation", "modified", "owner", "modified_by"]
	insert_rows(
		"tabCustomer",
		[
			"name",
			"customer_name",
			"customer_type",
			"customer_group",
			"territory",
			"salon_customer_profile",
			"salon_customer_number",
			"mobile_no",
			"gender",
			*audit,
		],
		customers,
	)
	insert_rows(
		"tabCustomer Profile",
		[
			"name",
			"customer_number",
			"first_name",
			"last_name",
			"full_name",
			"gender",
			"date_of_birth",
			"birth_month_day",
			"marital_status",
			"anniversary",
			"anniversary_month_day",
			"customer",
			"customer_group",
			"territory",
			"default_price_list",
			"mobile_no",
			"naming_series",
			"referred_by",
			"disabled",
			*audit,
		],
		profiles,
	)
	insert_rows("tabSalon Search Key", ["name", "customer_profile", "search_key", *audit], keys)
	insert_rows(
		"tabFamily Member",
		[
			"name",
			"parent",
			"parenttype",
			"parentfield",
			"idx",
			"member_name",
			"relation",
			"date_of_birth",
			"birth_month_day",
			*audit,
		],
		family,
	)
	import frappe

	frappe.db.sql(
		"""update `tabCustomer Profile` p join (select referred_by, count(*) c from `tabCustomer Profile`
		where referred_by is not null group by referred_by) r on r.referred_by = p.name set p.referral_count = r.c"""
	)
	frappe.db.sql(
		"insert into `tabSeries` (name, current) values ('SC-', %s) on duplicate key update current = %s",
		(n, n),
	)
	frappe.db.commit()


# ---------------------------------------------------------------- invoices


def _pick_customer(n: int, rng: random.Random) -> int:
	"""Skewed: the first customers visit most (customer 1 gets about 0.2 % of all invoices at 100,000)."""
	return min(n, 1 + int(n * rng.random() ** 1.8))


def add_invoices(
	count: int,
	customers: int,
	ctx: dict,
	rng: random.Random,
	start_number: int | None = None,
	days: int = DAYS,
	lines_per_invoice: float = 5.0,
	now: datetime | None = None,
	only_today: bool = False,
) -> int:
	"""Insert `count` submitted invoices with their lines (about `lines_per_invoice` each); returns the number
	of lines. With `only_today`, all are dated today and modified now (the incremental benchmark)."""
	import frappe
	from frappe.utils import now_datetime

	now = now or now_datetime()  # the site's time zone, like `modified` everywhere else
	today = now.date()
	if start_number is None:
		current = frappe.db.sql("select current from `tabSeries` where name = 'BSINV-'")
		start_number = int(current[0][0] if current else 0) + 1
	max_lines = max(1, int(round(2 * lines_per_invoice - 1)))
	invoices, lines = [], []
	line_count = 0
	for number in range(start_number, start_number + count):
		name = f"BSINV-{number:07d}"
		c = _pick_customer(customers, rng)
		customer = f"BC-{c:06d}"
		posting = today if only_today else today - timedelta(days=rng.randint(0, days - 1))
		stamp = (
			now
			if only_today
			else datetime.combine(posting, datetime.min.time()) + timedelta(hours=rng.randint(9, 20))
		)
		roll = rng.random()
		is_return = 1 if roll < 0.01 else 0
		docstatus = 2 if 0.01 <= roll < 0.02 else 1
		sign = -1 if is_return else 1
		total = 0.0
		for idx in range(1, rng.randint(1, max_lines) + 1):
			if rng.random() < 0.7:
				code, item_name, price = rng.choice(SERVICES)
				valuation, warehouse, group = 0, None, "Services"
			else:
				code, item_name, price, valuation = rng.choice(PRODUCTS)
				warehouse, group = ctx["warehouse"], "Products"
			qty = sign * (1 if rng.random() < 0.85 else 2)
			amount = round(qty * price, 2)
			total += amount
			lines.append(
				(
					frappe.generate_hash(length=12),
					name,
					"Sales Invoice",
					"items",
					idx,
					code,
					item_name,
					group,
					qty,
					qty,
					1,
					"Nos",
					"Nos",
					price,
					amount,
					price,
					amount,
					price,
					amount,
					price,
					amount,
					valuation,
					warehouse,
					ctx["income_account"],
					ctx["cost_center"],
					docstatus,
					stamp,
					stamp,
					"Administrator",
					"Administrator",
				)
			)
			line_count += 1
		invoices.append(
			(
				name,
				"BSINV-",
				customer,
				customer,
				ctx["company"],
				posting,
				"12:00:00",
				1,
				docstatus,
				is_return,
				0,
				ctx["currency"],
				1,
				ctx["price_list"],
				ctx["currency"],
				1,
				total,
				total,
				total,
				total,
				total,
				total,
				total,
				total,
				0,
				"Return" if is_return else ("Cancelled" if docstatus == 2 else "Paid"),
				ctx["debit_to"],
				stamp,
				stamp,
				"Administrator",
				"Administrator",
			)
		)
		if len(lines) >= CHUNK * 4:
			_flush_invoices(invoices, lines)
			invoices, lines = [], []
	_flush_invoices(invoices, lines)
	frappe.db.sql(
		"insert into `tabSeries` (name, current) values ('BSINV-', %s) on duplicate key update current = %s",
		(start_number + count - 1, start_number + count - 1),
	)
	frappe.db.commit()
	return line_count


def _flush_invoices(invoices: list[tuple], lines: list[tuple]) -> None:
	audit = ["creation", "modified", "owner", "modified_by"]
	insert_rows(
		"tabSales Invoice",
		[
			"name",
			"naming_series",
			"customer",
			"customer_name",
			"company",
			"posting_date",
			"posting_time",
			"set_posting_time",
			"docstatus",
			"is_return",
			"update_stock",
			"currency",
			"conversion_rate",
			"selling_price_list",
			"price_list_currency",
			"plc_conversion_rate",
			"total",
			"base_total",
			"net_total",
			"base_net_total",
			"grand_total",
			"base_grand_total",
			"rounded_total",
			"base_rounded_total",
			"outstanding_amount",
			"status",
			"debit_to",
			*audit,
		],
		invoices,
	)
	insert_rows(
		"tabSales Invoice Item",
		[
			"name",
			"parent",
			"parenttype",
			"parentfield",
			"idx",
			"item_code",
			"item_name",
			"item_group",
			"qty",
			"stock_qty",
			"conversion_factor",
			"uom",
			"stock_uom",
			"rate",
			"amount",
			"base_rate",
			"base_amount",
			"net_rate",
			"net_amount",
			"base_net_rate",
			"base_net_amount",
			"incoming_rate",
			"warehouse",
			"income_account",
			"cost_center",
			"docstatus",
			*audit,
		],
		lines,
	)


# ---------------------------------------------------------------- main


def generate(customers: int, lines: int, seed: int = SEED) -> dict:
	import frappe

	rng = random.Random(seed)
	ensure_items()
	ctx = context()
	started = time.perf_counter()
	generate_customers(customers, ctx, rng)
	customers_seconds = time.perf_counter() - started
	invoices = max(1, lines // 5)
	started = time.perf_counter()
	line_count = add_invoices(invoices, customers, ctx, rng, start_number=1)
	invoices_seconds = time.perf_counter() - started
	frappe.db.commit()
	return {
		"customers": customers,
		"invoices": invoices,
		"lines": line_count,
		"customers_seconds": round(customers_seconds, 1),
		"invoices_seconds": round(invoices_seconds, 1),
	}


def main() -> None:
	p = parser("Generate a salon at scale in a benchmark site's database.")
	p.add_argument("--size", choices=sorted(SIZES), default="small")
	p.add_argument("--customers", type=int, help="overrides the size's customers")
	p.add_argument("--lines", type=int, help="overrides the size's invoice lines")
	p.add_argument("--reset", action="store_true", help="empty the generated tables first")
	p.add_argument("--seed", type=int, default=SEED)
	args = p.parse_args()
	customers, lines = SIZES[args.size]
	customers, lines = args.customers or customers, args.lines or lines
	connect(args.site)
	import frappe

	if args.reset:
		reset()
	elif frappe.db.count("Customer Profile"):
		sys.exit("the site already has customer profiles: pass --reset to replace them")
	result = generate(customers, lines, args.seed)
	print(
		f"{result['customers']:,} customers in {result['customers_seconds']} s; "
		f"{result['invoices']:,} invoices / {result['lines']:,} lines in {result['invoices_seconds']} s"
	)
	frappe.destroy()


if __name__ == "__main__":
	main()
