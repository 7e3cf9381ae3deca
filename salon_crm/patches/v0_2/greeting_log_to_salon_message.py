"""Greeting Log becomes Salon Message, the outbox of every message (greetings and campaigns).

Before the model sync: the doctype is renamed (its table too, links and reports follow), `occasion_date`
becomes `message_date`, and the doctype is reloaded from its new JSON; every existing row is a greeting.
On a site where a Salon Message table already exists beside the old one (a development site synced before
this patch ran), the old rows are copied into it instead and the old doctype is deleted.
"""

import frappe

OLD, NEW = "Greeting Log", "Salon Message"
COPIED = (
	"name",
	"creation",
	"modified",
	"modified_by",
	"owner",
	"docstatus",
	"idx",
	"dedupe_key",
	"occasion",
	"channel",
	"status",
	"customer_profile",
	"family_member",
	"recipient_name",
	"recipient",
	"attempts",
	"sent_on",
	"sms_template_id",
	"subject",
	"message",
	"reason",
)


def execute():
	if not frappe.db.table_exists(OLD):
		return
	if frappe.db.table_exists(NEW):
		_copy_rows()
	else:
		frappe.rename_doc("DocType", OLD, NEW, force=True)
		if frappe.db.has_column(NEW, "occasion_date"):
			frappe.db.rename_column(NEW, "occasion_date", "message_date")
		frappe.reload_doc("salon_crm", "doctype", "salon_message")
	frappe.db.sql(f"update `tab{NEW}` set purpose = 'Greeting' where ifnull(purpose, '') = ''")


def _copy_rows():
	frappe.reload_doc("salon_crm", "doctype", "salon_message")
	columns = ", ".join(f"`{c}`" for c in COPIED)
	frappe.db.sql(
		f"""insert ignore into `tab{NEW}` ({columns}, `message_date`, `purpose`)
		select {columns}, `occasion_date`, 'Greeting' from `tab{OLD}`"""
	)
	frappe.delete_doc("DocType", OLD, force=True, ignore_missing=True)
