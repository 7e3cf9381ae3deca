"""Default Greeting Templates, created once; the salon's edits are never overwritten."""

import frappe

from salon_crm.rules.greetings import DEFAULT_TEMPLATES


def ensure_default_templates() -> list[str]:
	"""Create the missing (occasion, channel) templates from the app's default texts. Returns the names
	created."""
	created = []
	for (occasion, channel), text in DEFAULT_TEMPLATES.items():
		if frappe.db.exists("Greeting Template", {"occasion": occasion, "channel": channel}):
			continue
		doc = frappe.get_doc(
			{
				"doctype": "Greeting Template",
				"occasion": occasion,
				"channel": channel,
				"enabled": 1,
				"subject": text["subject"],
				"message": text["message"],
			}
		)
		doc.insert(ignore_permissions=True)
		created.append(doc.name)
	return created
