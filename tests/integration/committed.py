"""For the few tests that must commit (concurrency across database connections): run code in a thread with
its own Frappe connection, and purge committed documents afterwards so the site is left as it was."""

from __future__ import annotations

import threading

import frappe


def in_own_connection(
	site: str, sites_path: str, fn, results: list, barrier: threading.Barrier | None = None
):
	"""Thread target: connect to the site, wait at the barrier, run fn(), commit; record ("ok", value) or
	("error", exception)."""
	frappe.init(site=site, sites_path=sites_path)
	frappe.connect()
	try:
		frappe.set_user("Administrator")
		frappe.flags.in_test = True
		if barrier:
			barrier.wait(timeout=30)
		value = fn()
		frappe.db.commit()
		results.append(("ok", value))
	except Exception as e:
		frappe.db.rollback()
		results.append(("error", e))
	finally:
		frappe.destroy()


def run_concurrently(fns: list) -> list:
	site, sites_path = frappe.local.site, frappe.local.sites_path
	frappe.db.commit()
	results: list = []
	barrier = threading.Barrier(len(fns))
	threads = [
		threading.Thread(target=in_own_connection, args=(site, sites_path, fn, results, barrier))
		for fn in fns
	]
	for t in threads:
		t.start()
	for t in threads:
		t.join(timeout=120)
	frappe.db.rollback()  # a fresh snapshot: see what the threads committed
	return results


def purge(doctype: str, names) -> None:
	"""Delete documents with their child rows and ledger rows, bypassing controllers (test cleanup only)."""
	names = [n for n in names if n]
	if not names:
		return
	meta = frappe.get_meta(doctype)
	for df in meta.get_table_fields():
		frappe.db.delete(df.options, {"parent": ("in", names), "parenttype": doctype})
	for ledger in ("GL Entry", "Payment Ledger Entry", "Stock Ledger Entry"):
		frappe.db.delete(ledger, {"voucher_type": doctype, "voucher_no": ("in", names)})
	frappe.db.delete(doctype, {"name": ("in", names)})
