"""Records salon_crm needs in ERPNext, created idempotently and removed (or disabled) on uninstall."""

import frappe

from salon_crm.rules.dates import is_clock_reading

CARD_ITEM_GROUP = "Prepaid Cards"
CARD_MODE_OF_PAYMENT = "Customer Discount"
LIABILITY_ACCOUNT_NAME = "Customer Discount Liability"
BREAKAGE_ACCOUNT_NAME = "Breakage Income"


def ensure_all() -> None:
	ensure_settings_defaults()
	ensure_card_item_group()
	ensure_card_mode_of_payment()
	frappe.get_attr("salon_crm.greetings.setup.ensure_default_templates")()
	frappe.get_attr("salon_crm.performance.indexes.ensure_indexes")()  # performance: covering indexes
	for company in frappe.get_all("Company", pluck="name"):
		ensure_company_accounts(company)
	frappe.get_attr("salon_crm.setup.print_formats.ensure")()
	frappe.get_attr("salon_crm.setup.landing.ensure_for_existing_users")()


SETTINGS = "Salon CRM Settings"
DYNAMIC_DEFAULTS = ("today", "now", "__user")  # computed when a document is made, never stored as such


def ensure_settings_defaults() -> None:
	"""Store every setting the app relies on as declared, without touching what an administrator set.

	Frappe's install (`installer.post_install` -> `init_singles`) saves every Single as a new document,
	and a new document gets the current time in every Time field whatever its declared default
	(`model.create_new.set_dynamic_default_values`): the greeting window 09:00-21:00 was stored as the
	install moment twice, so no hour was ever inside it. Fields never stored get their declared default;
	Time fields holding such a clock reading (fractions of a second, which the desk never stores) get it
	too, on install and on every migrate, which also mends sites installed before this fix."""
	stored = frappe.db.get_singles_dict(SETTINGS)
	values = {
		df.fieldname: df.default
		for df in frappe.get_meta(SETTINGS).fields
		if df.default
		and not str(df.default).startswith(":")
		and str(df.default).lower() not in DYNAMIC_DEFAULTS
		and (
			df.fieldname not in stored
			or (df.fieldtype == "Time" and is_clock_reading(stored.get(df.fieldname)))
		)
	}
	from_site = {
		"customer_group": frappe.db.get_single_value("Selling Settings", "customer_group")
		or _first_leaf("Customer Group"),
		"territory": frappe.db.get_single_value("Selling Settings", "territory") or _first_leaf("Territory"),
		"default_price_list": frappe.db.get_single_value("Selling Settings", "selling_price_list"),
		"default_country": frappe.db.get_default("country"),
		"card_item_group": CARD_ITEM_GROUP if frappe.db.exists("Item Group", CARD_ITEM_GROUP) else None,
		"card_mode_of_payment": CARD_MODE_OF_PAYMENT
		if frappe.db.exists("Mode of Payment", CARD_MODE_OF_PAYMENT)
		else None,
	}
	values.update(
		{fieldname: value for fieldname, value in from_site.items() if value and not stored.get(fieldname)}
	)
	if values:
		frappe.db.set_single_value(SETTINGS, values)
		frappe.clear_document_cache(SETTINGS, SETTINGS)


def _first_leaf(doctype: str) -> str | None:
	return frappe.db.get_value(doctype, {"is_group": 0}, "name", order_by="lft asc")


def ensure_card_item_group() -> None:
	if frappe.db.exists("Item Group", CARD_ITEM_GROUP):
		return
	root = frappe.db.get_value("Item Group", {"is_group": 1, "parent_item_group": ("in", ("", None))}) or (
		"All Item Groups"
	)
	frappe.get_doc(
		{
			"doctype": "Item Group",
			"item_group_name": CARD_ITEM_GROUP,
			"parent_item_group": root,
			"is_group": 0,
		}
	).insert(ignore_permissions=True)
	frappe.db.set_single_value("Salon CRM Settings", "card_item_group", CARD_ITEM_GROUP)


def ensure_card_mode_of_payment() -> None:
	if not frappe.db.exists("Mode of Payment", CARD_MODE_OF_PAYMENT):
		frappe.get_doc(
			{
				"doctype": "Mode of Payment",
				"mode_of_payment": CARD_MODE_OF_PAYMENT,
				"type": "General",
				"enabled": 1,
			}
		).insert(ignore_permissions=True)
	elif not frappe.db.get_value("Mode of Payment", CARD_MODE_OF_PAYMENT, "enabled"):
		frappe.db.set_value("Mode of Payment", CARD_MODE_OF_PAYMENT, "enabled", 1)
	frappe.db.set_single_value("Salon CRM Settings", "card_mode_of_payment", CARD_MODE_OF_PAYMENT)


def ensure_company_accounts(company: str) -> dict:
	"""The liability and breakage accounts of one company, created when missing, registered in the settings
	and on the card mode of payment. Returns {"liability_account": ..., "breakage_account": ...}."""
	settings = frappe.get_single("Salon CRM Settings")
	row = next((r for r in settings.company_accounts if r.company == company), None)
	liability = row.liability_account if row else None
	breakage = row.breakage_account if row else None

	if not liability or not frappe.db.exists("Account", liability):
		liability = _ensure_account(company, LIABILITY_ACCOUNT_NAME, "Liability", ("Current Liabilities",))
	if not breakage or not frappe.db.exists("Account", breakage):
		breakage = _ensure_account(
			company, BREAKAGE_ACCOUNT_NAME, "Income", ("Indirect Income", "Direct Income")
		)
	if not (liability and breakage):
		return {}

	if not row:
		settings.append(
			"company_accounts",
			{"company": company, "liability_account": liability, "breakage_account": breakage},
		)
		settings.flags.ignore_permissions = True
		settings.flags.ignore_mandatory = True
		settings.save()
	elif row.liability_account != liability or row.breakage_account != breakage:
		frappe.db.set_value(
			row.doctype, row.name, {"liability_account": liability, "breakage_account": breakage}
		)

	_ensure_mode_of_payment_account(company, liability)
	return {"liability_account": liability, "breakage_account": breakage}


def _ensure_account(company: str, account_name: str, root_type: str, preferred_parents: tuple) -> str | None:
	existing = frappe.db.get_value(
		"Account", {"company": company, "account_name": account_name, "is_group": 0}, "name"
	)
	if existing:
		if frappe.db.get_value("Account", existing, "disabled"):
			frappe.db.set_value("Account", existing, "disabled", 0)
		return existing

	parent = None
	for parent_name in preferred_parents:
		parent = frappe.db.get_value(
			"Account",
			{"company": company, "account_name": parent_name, "is_group": 1, "root_type": root_type},
			"name",
		)
		if parent:
			break
	if not parent:
		# the deepest group of that root type: never the root itself
		parent = frappe.db.get_value(
			"Account",
			{"company": company, "is_group": 1, "root_type": root_type, "parent_account": ("is", "set")},
			"name",
			order_by="lft desc",
		)
	if not parent:
		return None

	account = frappe.get_doc(
		{
			"doctype": "Account",
			"account_name": account_name,
			"company": company,
			"parent_account": parent,
			"is_group": 0,
			"root_type": root_type,
			"report_type": "Balance Sheet" if root_type == "Liability" else "Profit and Loss",
			"account_currency": frappe.get_cached_value("Company", company, "default_currency"),
		}
	)
	account.flags.ignore_permissions = True
	account.insert()
	return account.name


def _ensure_mode_of_payment_account(company: str, liability: str) -> None:
	mop = frappe.get_doc("Mode of Payment", CARD_MODE_OF_PAYMENT)
	row = next((r for r in mop.accounts if r.company == company), None)
	if row and row.default_account == liability:
		return
	if row:
		row.default_account = liability
	else:
		mop.append("accounts", {"company": company, "default_account": liability})
	mop.flags.ignore_permissions = True
	mop.save()


# ---------------------------------------------------------------- uninstall


def remove_all() -> None:
	"""Delete what nothing references; disable what users' transactions reference."""
	frappe.get_attr("salon_crm.performance.indexes.drop_indexes")()  # performance: covering indexes
	frappe.get_attr("salon_crm.setup.print_formats.remove")()
	frappe.get_attr("salon_crm.setup.landing.remove")()
	_remove_card_items()
	for template in frappe.get_all(
		"Item Tax Template", filters={"title": "Prepaid Card (No Tax)"}, pluck="name", limit=0
	):
		_remove_or_disable("Item Tax Template", template, "disabled", 1)
	_remove_or_disable("Mode of Payment", CARD_MODE_OF_PAYMENT, "enabled", 0)
	for row in frappe.get_all(
		"Salon CRM Company Account", fields=["liability_account", "breakage_account"], limit=0
	):
		for account in (row.liability_account, row.breakage_account):
			if account:
				_remove_or_disable("Account", account, "disabled", 1)
	_remove_or_disable("Item Group", CARD_ITEM_GROUP, None, None)
	frappe.get_attr("salon_crm.plans.setup.remove_pricing_rules")()


def _remove_card_items() -> None:
	if not frappe.db.table_exists("Discount Type"):
		return
	for item in frappe.get_all("Discount Type", filters={"item": ("is", "set")}, pluck="item"):
		_remove_or_disable("Item", item, "disabled", 1)


def _remove_or_disable(doctype: str, name: str, flag: str | None, value) -> None:
	if not frappe.db.exists(doctype, name):
		return
	frappe.db.savepoint("salon_crm_uninstall")
	try:
		frappe.delete_doc(doctype, name, ignore_permissions=True, force=False)
	except (frappe.LinkExistsError, frappe.ValidationError):
		frappe.db.rollback(save_point="salon_crm_uninstall")
		if flag:
			frappe.db.set_value(doctype, name, flag, value)
