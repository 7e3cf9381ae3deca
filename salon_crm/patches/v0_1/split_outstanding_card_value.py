"""The workspace's "Outstanding Card Value" showed the money owed under a name that read as the value customers
can spend: two number cards named for what they count replace it (imported with the dashboards; the workspace,
synced before this patch, no longer shows the old one)."""

import frappe


def execute():
	frappe.delete_doc("Number Card", "Outstanding Card Value", force=True, ignore_missing=True)
