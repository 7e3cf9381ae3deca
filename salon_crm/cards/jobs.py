"""Scheduled card jobs."""

import frappe

from salon_crm.cards import closing


def expire_cards() -> None:
	"""Daily: expire every card past its validity and post its breakage, one card per transaction so one
	failure never blocks the rest (it is logged and retried the next day)."""
	for name in closing.due_cards():
		try:
			closing.expire(name)
			frappe.db.commit()  # noqa: scheduled job: commit per card
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=f"salon_crm: could not expire Customer Discount {name}")
