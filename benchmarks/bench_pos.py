"""The till under load: what a card adds to an invoice's save and submit, and several tills at once over HTTP.

Part 1, in this process (one database connection, everything rolled back at the end): the same till invoice
(Sales Invoice with Include Payment: a 400 haircut and a 1,200 facial) saved and submitted with a card and
without one, interleaved, `--invoices` of each; p50/p95 of save, submit and both. Goal: the card adds less
than 20 %.

Part 2, over HTTP: the site served by gunicorn (`--workers`, default 4) on 127.0.0.1 as production benches
serve it; `--tills` (default 8) tills for `--seconds` (default 60), each logged in as a cashier (Salon Staff,
Sales User, Accounts User) and looping: find the customer by 5 phone digits (the Customer link search) → make
the invoice with her card (frappe.client.insert: the server applies the card) → submit it
(frappe.client.submit). Half of the tills share one card (its balance runs out during the run), the others
each have their own. Prints requests/s, p50/p95 per step, errors by kind, overdraws (must be 0: a card below
zero, or a card whose balance is not the sum of its ledger) and whether the card ledger equals the GL of the
card liability for everything the run made. The records the load run commits are deleted at the end.

	~/frappe-bench/env/bin/python benchmarks/bench_pos.py --site salon-bench.localhost
	~/frappe-bench/env/bin/python benchmarks/bench_pos.py --site my.site --allow-any-site --tills 8 --seconds 60

Prints Markdown tables; no asserts on time.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import BENCH, CHECKOUT, connect, machine, parser, percentiles, table

SERVICES = (("SVC-HAIRCUT", "Haircut", 400), ("SVC-FACIAL", "Facial", 1200))
PASSWORD = "Salon-Bench-Till-2026!"


# ---------------------------------------------------------------- part 1: save and submit, card or not


def _company() -> str:
	import frappe

	return frappe.defaults.get_global_default("company") or frappe.db.get_value("Company", {}, "name")


def _services() -> None:
	import frappe

	from salon_crm.setup.masters import ensure_item, item_group

	price_list = frappe.db.get_single_value("Selling Settings", "selling_price_list") or "Standard Selling"
	for code, name, rate in SERVICES:
		ensure_item(code, name, item_group("Services"), price_list=price_list, rate=rate)


def _discount_type(company: str, name: str, value: float, price: float) -> str:
	import frappe

	if not frappe.db.exists("Discount Type", name):
		frappe.get_doc(
			{
				"doctype": "Discount Type",
				"discount_type_name": name,
				"company": company,
				"value": value,
				"price": price,
				"validity_months": 12,
			}
		).insert(ignore_permissions=True)
	return name


def _profile(first_name: str, last_name: str, mobile: str):
	import frappe

	doc = frappe.get_doc(
		{"doctype": "Customer Profile", "first_name": first_name, "last_name": last_name, "mobile_no": mobile}
	)
	doc.insert(ignore_permissions=True)
	return doc


def _mobile(n: int, run: str) -> str:
	"""A valid Indian mobile no profile uses (+91 98 then 8 digits from the run id and n)."""
	import frappe

	base = int(run, 16) % 10**6
	while True:
		number = f"+9198{(base * 100 + n) % 10**8:08d}"
		if not frappe.db.exists("Customer Profile", {"mobile_no": number}):
			return number
		n += 37


def _till_invoice(company: str, customer: str, card: str | None):
	import frappe

	si = frappe.new_doc("Sales Invoice")
	si.company = company
	si.customer = customer
	si.is_pos = 1
	if card:
		si.salon_customer_discount = card
	for code, _name, rate in SERVICES:
		si.append("items", {"item_code": code, "qty": 1, "rate": rate})
	si.set_missing_values()
	si.set("payments", [])
	if not card:
		si.append("payments", {"mode_of_payment": "Cash", "amount": sum(r for _c, _n, r in SERVICES)})
	return si


def submit_timings(count: int) -> list[list]:
	"""Part 1: `count` invoices with a card and `count` without, interleaved; rolled back at the end."""
	import frappe

	from salon_crm.setup.masters import sell_card

	company = _company()
	run = frappe.generate_hash(length=6)
	try:
		_services()
		dt = _discount_type(company, f"Bench Till {run}", value=10_000_000, price=9_000_000)
		profile = _profile("Bench", f"Till{run}", _mobile(1, run))
		card = sell_card(profile.name, dt)
		samples = {label: defaultdict(list) for label in ("without card", "with card")}
		for i in range(count * 2):
			label = "with card" if i % 2 else "without card"
			si = _till_invoice(company, profile.customer, card if label == "with card" else None)
			started = time.perf_counter()
			si.insert()
			saved = time.perf_counter()
			si.submit()
			done = time.perf_counter()
			samples[label]["save"].append(saved - started)
			samples[label]["submit"].append(done - saved)
			samples[label]["save + submit"].append(done - started)
		used = frappe.db.get_value("Customer Discount", card, "used_value")
		assert abs(float(used) - count * 1600) < 0.01, used  # every card invoice redeemed exactly once
	finally:
		frappe.db.rollback()
	rows = []
	for step in ("save", "submit", "save + submit"):
		base = percentiles(samples["without card"][step])
		with_card = percentiles(samples["with card"][step])
		rows.append(
			[
				step,
				f"{base[0]:.1f}",
				f"{base[1]:.1f}",
				f"{with_card[0]:.1f}",
				f"{with_card[1]:.1f}",
				f"{(with_card[0] / base[0] - 1) * 100:+.0f} %",
			]
		)
	return rows


# ---------------------------------------------------------------- part 2: tills over HTTP


class Server:
	"""gunicorn serving the bench's sites on 127.0.0.1:<free port> with this checkout's salon_crm."""

	def __init__(self, workers: int):
		with socket.socket() as s:
			s.bind(("127.0.0.1", 0))
			self.port = s.getsockname()[1]
		self.log = open(CHECKOUT / "benchmarks" / "bench_pos_server.log", "w")
		self.proc = subprocess.Popen(
			[
				str(BENCH / "env" / "bin" / "gunicorn"),
				"--bind",
				f"127.0.0.1:{self.port}",
				"--workers",
				str(workers),
				"--timeout",
				"120",
				"frappe.app:application_with_statics()",
			],
			cwd=BENCH / "sites",
			env={**os.environ, "PYTHONPATH": str(CHECKOUT)},
			stdout=self.log,
			stderr=subprocess.STDOUT,
			start_new_session=True,
		)

	def stop(self) -> None:
		if self.proc.poll() is None:
			os.killpg(self.proc.pid, signal.SIGTERM)
			try:
				self.proc.wait(timeout=20)
			except subprocess.TimeoutExpired:
				os.killpg(self.proc.pid, signal.SIGKILL)
		self.log.close()


class Client:
	"""One till: a logged-in HTTP session (cookies) against the site, chosen by the Host header."""

	def __init__(self, port: int, site: str):
		import http.cookiejar
		import urllib.request

		self.base = f"http://127.0.0.1:{port}"
		self.site = site
		self.opener = urllib.request.build_opener(
			urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
		)

	def call(self, method: str, path: str, data: dict | None = None) -> tuple[int, dict]:
		import urllib.error
		import urllib.request

		body = urllib.parse.urlencode(data).encode() if data is not None else None
		request = urllib.request.Request(
			self.base + path,
			data=body,
			method=method,
			headers={"Host": self.site, "Accept": "application/json"},
		)
		try:
			with self.opener.open(request, timeout=120) as response:
				return response.status, json.loads(response.read() or b"{}")
		except urllib.error.HTTPError as e:
			try:
				return e.code, json.loads(e.read() or b"{}")
			except ValueError:
				return e.code, {}
		except (urllib.error.URLError, ConnectionError) as e:
			return 0, {"exc_type": type(e).__name__}

	def login(self, user: str) -> None:
		status, _body = self.call("POST", "/api/method/login", {"usr": user, "pwd": PASSWORD})
		if status != 200:
			raise RuntimeError(f"login of {user} failed: {status}")


def _error_kind(body: dict) -> str:
	kind = body.get("exc_type") or "HTTP error"
	return kind


def till_loop(client: Client, customer: dict, deadline: float, stats: dict, lock: threading.Lock) -> None:
	"""search by 5 digits → invoice with the card → submit, until the deadline."""
	digits = customer["mobile"][-7:-2]
	items = [{"item_code": code, "qty": 1, "rate": rate} for code, _name, rate in SERVICES]
	while time.monotonic() < deadline:
		started = time.perf_counter()
		status, body = client.call(
			"GET",
			"/api/method/frappe.desk.search.search_link?"
			+ urllib.parse.urlencode({"doctype": "Customer", "txt": digits, "page_length": 10}),
		)
		found = status == 200 and any(r.get("value") == customer["customer"] for r in body.get("message", []))
		searched = time.perf_counter()
		doc = {
			"doctype": "Sales Invoice",
			"company": customer["company"],
			"customer": customer["customer"],
			"is_pos": 1,
			"salon_customer_discount": customer["card"],
			"items": items,
			"payments": [],
		}
		status_i, body_i = client.call("POST", "/api/method/frappe.client.insert", {"doc": json.dumps(doc)})
		inserted = time.perf_counter()
		outcome = None
		if status_i != 200:
			outcome = "insert: " + _error_kind(body_i)
		else:
			saved = body_i["message"]
			status_s, body_s = client.call(
				"POST", "/api/method/frappe.client.submit", {"doc": json.dumps(saved)}
			)
			submitted = time.perf_counter()
			outcome = "submitted" if status_s == 200 else "submit: " + _error_kind(body_s)
		with lock:
			stats["requests"] += 1 + 1 + (1 if status_i == 200 else 0)
			stats["search"].append(searched - started)
			stats["found"][found] += 1
			stats["insert"].append(inserted - searched)
			if status_i == 200:
				stats["submit"].append(submitted - inserted)
			stats["outcomes"][(customer["shared"], outcome)] += 1


def make_tills(tills: int, run: str) -> tuple[dict, list[dict]]:
	"""Committed: a cashier user, one customer per till with a card of her own (the shared-card tills use
	the first customer's card). Returns (created records, till specs)."""
	import frappe

	from salon_crm.setup.masters import sell_card

	company = _company()
	_services()
	user = f"bench-till-{run}@example.com"
	doc = frappe.get_doc(
		{
			"doctype": "User",
			"email": user,
			"first_name": "Bench",
			"last_name": "Cashier",
			"send_welcome_email": 0,
			"new_password": PASSWORD,
			"roles": [{"role": r} for r in ("Salon Staff", "Sales User", "Accounts User")],
		}
	)
	doc.flags.ignore_password_policy = True
	doc.insert(ignore_permissions=True)
	frappe.defaults.set_user_default("Company", company, user=user)
	own_type = _discount_type(company, f"Bench Own {run}", value=10_000_000, price=9_000_000)
	shared_type = _discount_type(company, f"Bench Shared {run}", value=40 * 1600, price=40 * 1400)
	created = {"users": [user], "profiles": [], "discount_types": [own_type, shared_type]}
	specs = []
	shared_card = None
	for n in range(tills):
		shared = n < tills // 2
		profile = _profile("Bench", f"Till{run}{n}", _mobile(n, run))
		created["profiles"].append(profile.name)
		if shared:
			if shared_card is None:
				shared_card = (sell_card(profile.name, shared_type), profile)
			card, owner = shared_card
		else:
			card, owner = sell_card(profile.name, own_type), profile
		specs.append(
			{
				"company": company,
				"customer": owner.customer,
				"mobile": owner.mobile_no,
				"card": card,
				"shared": shared,
			}
		)
	frappe.db.commit()
	return created, specs


def check_books(created: dict, specs: list[dict]) -> dict:
	"""Overdraws and ledger = GL over everything the run made."""
	import frappe

	from salon_crm.cards.accounts import card_accounts

	frappe.db.rollback()
	cards = sorted({s["card"] for s in specs})
	overdrawn = 0
	for card in cards:
		row = frappe.db.get_value("Customer Discount", card, ["balance_value", "balance_money"], as_dict=True)
		sums = frappe.db.sql(
			"""select coalesce(sum(value_delta), 0), coalesce(sum(money_delta), 0)
			from `tabCustomer Discount Entry` where customer_discount = %s and is_cancelled = 0""",
			card,
		)[0]
		if (
			row.balance_value < 0
			or row.balance_money < 0
			or abs(row.balance_value - float(sums[0])) > 0.005
			or abs(row.balance_money - float(sums[1])) > 0.005
		):
			overdrawn += 1
	customers = sorted({s["customer"] for s in specs})
	vouchers = frappe.get_all(
		"Sales Invoice", filters={"customer": ("in", customers), "docstatus": 1}, pluck="name"
	)
	ledger = frappe.db.sql(
		"""select coalesce(sum(money_delta), 0) from `tabCustomer Discount Entry`
		where customer_discount in %(cards)s and is_cancelled = 0""",
		{"cards": cards},
	)[0][0]
	liability = card_accounts(specs[0]["company"]).liability_account
	gl = frappe.db.sql(
		"""select coalesce(sum(credit) - sum(debit), 0) from `tabGL Entry`
		where account = %(account)s and is_cancelled = 0 and voucher_no in %(vouchers)s""",
		{"account": liability, "vouchers": vouchers or [""]},
	)[0][0]
	redemptions = frappe.db.count(
		"Customer Discount Entry",
		{"customer_discount": ("in", cards), "entry_type": "Redemption", "is_cancelled": 0},
	)
	orphans = frappe.db.sql(
		"""select count(*) from `tabCustomer Discount Entry` e
		left join `tabSales Invoice` si on si.name = e.voucher_no and si.docstatus = 1
		where e.customer_discount in %(cards)s and e.entry_type = 'Redemption' and e.is_cancelled = 0
			and si.name is null""",
		{"cards": cards},
	)[0][0]
	return {
		"cards": len(cards),
		"overdrawn": overdrawn,
		"ledger money": round(float(ledger), 2),
		"GL liability": round(float(gl), 2),
		"redemptions": redemptions,
		"redemptions without a submitted invoice": orphans,
	}


def remove(created: dict) -> None:
	"""Delete what the load run committed (the browser suite's cleanup: invoices and their GL, cards and
	their ledger, profiles with their customers, card types with their items, the user)."""
	from tests.browser.records import Created
	from tests.browser.records import remove as remove_records

	remove_records(
		Created(
			users=created["users"], profiles=created["profiles"], discount_types=created["discount_types"]
		)
	)


def load_run(site: str, tills: int, seconds: int, workers: int) -> tuple[list[list], dict, dict, float]:
	import frappe

	run = frappe.generate_hash(length=6)
	created, specs = make_tills(tills, run)
	server = None
	try:
		server = Server(workers)
		client = Client(server.port, site)
		for _ in range(240):
			status, _body = client.call("GET", "/api/method/ping")
			if status == 200:
				break
			time.sleep(0.5)
		clients = []
		for _spec in specs:
			c = Client(server.port, site)
			c.login(created["users"][0])
			clients.append(c)
		stats = {
			"requests": 0,
			"search": [],
			"insert": [],
			"submit": [],
			"found": Counter(),
			"outcomes": Counter(),
		}
		lock = threading.Lock()
		deadline = time.monotonic() + seconds
		started = time.monotonic()
		threads = [
			threading.Thread(target=till_loop, args=(c, spec, deadline, stats, lock))
			for c, spec in zip(clients, specs, strict=True)
		]
		for t in threads:
			t.start()
		for t in threads:
			t.join()
		elapsed = time.monotonic() - started
		server.stop()
		server = None
		books = check_books(created, specs)
	finally:
		if server:
			server.stop()
		remove(created)
	rows = []
	for step in ("search", "insert", "submit"):
		p50, p95 = percentiles(stats[step]) if stats[step] else (0, 0)
		rows.append([step, len(stats[step]), f"{p50:.0f}", f"{p95:.0f}"])
	stats["elapsed"] = elapsed
	return rows, stats, books, stats["requests"] / elapsed


def main() -> None:
	p = parser("The till under load: card vs no card, and tills over HTTP.")
	p.add_argument("--allow-any-site", action="store_true", help="run on a site whose name lacks 'bench'")
	p.add_argument("--invoices", type=int, default=200, help="invoices with and without a card (each)")
	p.add_argument("--tills", type=int, default=8)
	p.add_argument("--seconds", type=int, default=60)
	p.add_argument("--workers", type=int, default=4, help="gunicorn workers")
	p.add_argument("--skip-submit", action="store_true", help="skip part 1")
	p.add_argument("--skip-load", action="store_true", help="skip part 2")
	args = p.parse_args()
	connect(args.site, allow_any_site=args.allow_any_site)
	import frappe

	print(f"Site {args.site}; machine {machine()}\n")
	if not args.skip_submit:
		print(f"## Till invoice (haircut + facial) save and submit, {args.invoices} each, interleaved (ms)\n")
		rows = submit_timings(args.invoices)
		print(table(["step", "no card p50", "no card p95", "card p50", "card p95", "card adds (p50)"], rows))
		print()
	if not args.skip_load:
		print(
			f"## {args.tills} tills x {args.seconds} s over HTTP, gunicorn {args.workers} workers on 127.0.0.1"
			f" ({args.tills // 2} on one shared card)\n"
		)
		rows, stats, books, rate = load_run(args.site, args.tills, args.seconds, args.workers)
		print(table(["step", "requests", "p50 ms", "p95 ms"], rows))
		print(f"\n{stats['requests']} requests in {stats['elapsed']:.0f} s: {rate:.1f} requests/s")
		print(f"search found the customer: {stats['found'][True]} of {sum(stats['found'].values())}")
		outcome_rows = [
			["shared card" if shared else "own card", outcome, n]
			for (shared, outcome), n in sorted(stats["outcomes"].items())
		]
		print()
		print(table(["tills", "outcome", "count"], outcome_rows))
		print()
		print(table(list(books), [list(books.values())]))
	frappe.destroy()


if __name__ == "__main__":
	main()
