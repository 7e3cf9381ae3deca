"""Reading salon_crm's files as Frappe v15 reads them (without Frappe), and what the checks know of Frappe.

Nothing here imports Frappe or the app's Python modules: JSON is read with json, Python files are parsed
with ast, hooks.py is evaluated as module-level literal assignments.

The sets of Frappe/ERPNext v15 names below (fieldtypes, standard fields, doctypes, roles, fields, hook and
event names) are written by hand from the Frappe v15 / ERPNext v15 sources. They hold only what the app uses
plus obvious core names: when the app starts linking to another standard doctype, role or field, check that
it exists in v15 (e.g. that apps/erpnext/erpnext/<module>/doctype/<name>/<name>.json exists) and add it here.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

APP_NAME = "salon_crm"
REPO_ROOT = Path(__file__).resolve().parents[2]
APP_ROOT = REPO_ROOT / APP_NAME  # the app's Python package: hooks.py, modules.txt and the module folders

# --------------------------------------------------------------------------------------------------
# Fieldtypes and field names (frappe/model/__init__.py, frappe/model/base_document.py, doctype.py of v15)
# --------------------------------------------------------------------------------------------------

DATA_FIELDTYPES = frozenset(
	{
		"Currency",
		"Int",
		"Long Int",
		"Float",
		"Percent",
		"Check",
		"Small Text",
		"Long Text",
		"Code",
		"Text Editor",
		"Markdown Editor",
		"HTML Editor",
		"Date",
		"Datetime",
		"Time",
		"Text",
		"Data",
		"Link",
		"Dynamic Link",
		"Password",
		"Select",
		"Rating",
		"Read Only",
		"Attach",
		"Attach Image",
		"Signature",
		"Color",
		"Barcode",
		"Geolocation",
		"Duration",
		"Icon",
		"Phone",
		"Autocomplete",
		"JSON",
	}
)
TABLE_FIELDTYPES = frozenset({"Table", "Table MultiSelect"})
DISPLAY_FIELDTYPES = frozenset(
	{"Section Break", "Column Break", "Tab Break", "HTML", "Button", "Image", "Fold", "Heading"}
)
NO_VALUE_FIELDTYPES = DISPLAY_FIELDTYPES | TABLE_FIELDTYPES
FIELDTYPES = DATA_FIELDTYPES | NO_VALUE_FIELDTYPES

DATA_FIELD_OPTIONS = frozenset({"Email", "Name", "Phone", "URL", "Barcode", "IBAN"})
UNIQUE_FIELDTYPES = frozenset({"Data", "Link", "Read Only", "Int"})
UNINDEXABLE_FIELDTYPES = frozenset({"Text", "Long Text", "Small Text", "Code", "Text Editor"})
PRECISION_FIELDTYPES = frozenset({"Currency", "Float", "Percent"})

# Columns Frappe adds to every table itself (default_fields), and to child tables (child_table_fields).
DEFAULT_FIELDS = ("doctype", "name", "owner", "creation", "modified", "modified_by", "docstatus", "idx")
CHILD_TABLE_FIELDS = ("parent", "parentfield", "parenttype")
OPTIONAL_FIELDS = ("_user_tags", "_comments", "_assign", "_liked_by", "_seen")
STANDARD_FIELDS = frozenset(DEFAULT_FIELDS + CHILD_TABLE_FIELDS + OPTIONAL_FIELDS)

# A doctype's own fields may not use these: standard columns, DocType.scrub_field_names' restricted names and
# BaseDocument._reserved_keywords.
RESERVED_FIELDNAMES = frozenset(
	{
		*DEFAULT_FIELDS,
		*CHILD_TABLE_FIELDS,
		*OPTIONAL_FIELDS,
		"file_list",
		"flags",
		"meta",
		"parent_doc",
		"permitted_fieldnames",
		"dont_update_if_missing",
	}
)

# Public methods and properties of frappe.model.document.Document / BaseDocument in v15. A data field with
# one of these names shadows the method: DocType.validate_field_name_conflicts refuses it when the doctype is
# saved again.
DOCUMENT_ATTRIBUTES = frozenset(
	{
		"add_comment",
		"add_seen",
		"add_tag",
		"add_viewed",
		"append",
		"apply_fieldlevel_read_permissions",
		"as_dict",
		"as_json",
		"cancel",
		"cast",
		"check_docstatus_transition",
		"check_if_latest",
		"check_if_locked",
		"check_no_back_links_exist",
		"check_permission",
		"clear_cache",
		"copy_attachments_from_amended_from",
		"db_get",
		"db_insert",
		"db_set",
		"db_update",
		"db_update_all",
		"deferred_insert",
		"delete",
		"delete_key",
		"extend",
		"get",
		"get_all_children",
		"get_assigned_users",
		"get_db_value",
		"get_doc_before_save",
		"get_document_share_key",
		"get_formatted",
		"get_invalid_links",
		"get_label_from_fieldname",
		"get_latest",
		"get_liked_by",
		"get_onload",
		"get_parentfield_of_doctype",
		"get_password",
		"get_permissions",
		"get_signature",
		"get_table_field_doctype",
		"get_tags",
		"get_title",
		"get_url",
		"get_valid_columns",
		"get_valid_dict",
		"get_value",
		"getone",
		"has_permission",
		"has_value_changed",
		"hook",
		"in_format_data",
		"init_child_tables",
		"init_valid_columns",
		"insert",
		"is_child_table_same",
		"is_dummy_password",
		"is_locked",
		"is_new",
		"is_print_hide",
		"is_whitelisted",
		"load_doc_before_save",
		"load_from_db",
		"lock",
		"log_error",
		"notify_update",
		"precision",
		"queue_action",
		"reload",
		"remove",
		"remove_tag",
		"rename",
		"reset_seen",
		"round_floats_in",
		"run_before_save_methods",
		"run_method",
		"run_notifications",
		"run_post_save_methods",
		"run_trigger",
		"save",
		"save_version",
		"set",
		"set_docstatus",
		"set_new_name",
		"set_onload",
		"set_parent_in_children",
		"set_title_field",
		"set_user_and_timestamp",
		"submit",
		"unlock",
		"update",
		"update_child_table",
		"update_children",
		"update_if_missing",
		"update_modified",
		"update_single",
		"validate_amended_from",
		"validate_from_to_dates",
		"validate_higher_perm_levels",
		"validate_set_only_once",
		"validate_table_has_rows",
		"validate_update_after_submit",
		"validate_value",
		"validate_workflow",
	}
)

FIELDNAME_MAX_LENGTH = 64  # frappe.db.MAX_COLUMN_LENGTH
DOCTYPE_NAME_MAX_LENGTH = 61  # 64 minus the "tab" prefix of the table name

# --------------------------------------------------------------------------------------------------
# Frappe / ERPNext v15 doctypes, fields, reports and roles the app may refer to (checked in the v15 sources)
# --------------------------------------------------------------------------------------------------

KNOWN_EXTERNAL_DOCTYPES = frozenset(
	{
		# frappe
		"Address",
		"Communication",
		"Contact",
		"Country",
		"Currency",
		"Custom Field",
		"Dashboard",
		"Dashboard Chart",
		"DocType",
		"Email Account",
		"Email Template",
		"Email Unsubscribe",
		"Event",
		"File",
		"Gender",
		"Language",
		"Letter Head",
		"Module Def",
		"Note",
		"Notification",
		"Number Card",
		"Page",
		"Print Format",
		"Property Setter",
		"Report",
		"Role",
		"Salutation",
		"SMS Settings",
		"Tag",
		"ToDo",
		"User",
		"Workspace",
		# erpnext
		"Account",
		"Appointment",
		"Bank Account",
		"Brand",
		"Campaign",
		"Company",
		"Cost Center",
		"Coupon Code",
		"Customer",
		"Customer Group",
		"Delivery Note",
		"Department",
		"Designation",
		"Employee",
		"Fiscal Year",
		"GL Entry",
		"Holiday List",
		"Item",
		"Item Group",
		"Item Price",
		"Journal Entry",
		"Lead",
		"Loyalty Point Entry",
		"Loyalty Program",
		"Mode of Payment",
		"Opportunity",
		"Payment Entry",
		"Payment Request",
		"POS Invoice",
		"POS Profile",
		"Price List",
		"Pricing Rule",
		"Project",
		"Promotional Scheme",
		"Quotation",
		"Sales Invoice",
		"Sales Order",
		"Sales Partner",
		"Sales Person",
		"Sales Taxes and Charges Template",
		"Stock Entry",
		"Supplier",
		"Territory",
		"UOM",
		"Warehouse",
	}
)

# Child doctypes (istable) of Frappe/ERPNext a Table field of the app may embed.
KNOWN_EXTERNAL_CHILD_DOCTYPES = frozenset(
	{
		"Contact Email",
		"Contact Phone",
		"Dynamic Link",
		"Has Role",
		"Party Account",
		"POS Invoice Item",
		"Portal User",
		"Sales Invoice Item",
		"Sales Invoice Payment",
		"Sales Team",
	}
)

# Fields of external doctypes the app's fetch_from, dashboard links and custom fields refer to:
# {doctype: {fieldname: fieldtype, or "<fieldtype>:<options>" for Link and Table fields}}. The app's own
# custom fields (CUSTOM_FIELD_SOURCES) are added to these when checking.
KNOWN_EXTERNAL_FIELDS = {
	"Company": {
		"company_name": "Data",
		"abbr": "Data",
		"country": "Link:Country",
		"default_currency": "Link:Currency",
	},
	"Customer": {
		"customer_name": "Data",
		"customer_group": "Link:Customer Group",
		"territory": "Link:Territory",
		"gender": "Link:Gender",
		"mobile_no": "Read Only",
		"email_id": "Read Only",
	},
	"Item": {"item_name": "Data", "item_group": "Link:Item Group", "stock_uom": "Link:UOM"},
	"POS Invoice": {
		"customer": "Link:Customer",
		"customer_name": "Data",
		"company": "Link:Company",
		"currency": "Link:Currency",
		"posting_date": "Date",
		"is_pos": "Check",
		"is_return": "Check",
		"items": "Table:POS Invoice Item",
		"payments": "Table:Sales Invoice Payment",
	},
	"POS Invoice Item": {"item_code": "Link:Item", "item_name": "Data", "qty": "Float", "rate": "Currency"},
	"Pricing Rule": {
		"title": "Data",
		"apply_on": "Select",
		"applicable_for": "Select",
		"customer": "Link:Customer",
		"company": "Link:Company",
		"currency": "Link:Currency",
		"valid_from": "Date",
		"valid_upto": "Date",
		"priority": "Select",
		"rate_or_discount": "Select",
		"discount_percentage": "Float",
		"discount_amount": "Currency",
		"disable": "Check",
		"selling": "Check",
		"items": "Table:Pricing Rule Item Code",
		"item_groups": "Table:Pricing Rule Item Group",
	},
	"Sales Invoice": {
		"customer": "Link:Customer",
		"customer_name": "Small Text",
		"company": "Link:Company",
		"currency": "Link:Currency",
		"posting_date": "Date",
		"is_pos": "Check",
		"is_return": "Check",
		"items": "Table:Sales Invoice Item",
		"payments": "Table:Sales Invoice Payment",
	},
	"Sales Invoice Item": {"item_code": "Link:Item", "item_name": "Data", "qty": "Float", "rate": "Currency"},
}

# Standard reports and desk pages a workspace of the app may link to.
KNOWN_EXTERNAL_REPORTS = frozenset({"Accounts Receivable", "General Ledger", "Sales Analytics"})
KNOWN_EXTERNAL_PAGES = frozenset({"point-of-sale"})

# Dotted paths outside the app that hooks may name (nothing outside salon_crm can be checked statically).
KNOWN_EXTERNAL_METHODS = frozenset()

# Roles every Frappe + ERPNext v15 site has (frappe.permissions AUTOMATIC_ROLES plus the roles in the v15
# doctype permissions of frappe and erpnext).
STANDARD_ROLES = frozenset(
	{
		# frappe
		"Administrator",
		"All",
		"Blogger",
		"Dashboard Manager",
		"Desk User",
		"Guest",
		"Inbox User",
		"Knowledge Base Contributor",
		"Knowledge Base Editor",
		"Newsletter Manager",
		"Prepared Report User",
		"Report Manager",
		"Script Manager",
		"System Manager",
		"Translator",
		"Website Manager",
		"Workspace Manager",
		# erpnext
		"Accounts Manager",
		"Accounts User",
		"Auditor",
		"Customer",
		"Delivery Manager",
		"Delivery User",
		"Employee",
		"Fleet Manager",
		"HR Manager",
		"HR User",
		"Item Manager",
		"Maintenance Manager",
		"Maintenance User",
		"Manufacturing Manager",
		"Manufacturing User",
		"Projects Manager",
		"Projects User",
		"Purchase Manager",
		"Purchase Master Manager",
		"Purchase User",
		"Quality Manager",
		"Sales Manager",
		"Sales Master Manager",
		"Sales User",
		"Stock Manager",
		"Stock User",
		"Support Team",
	}
)

# --------------------------------------------------------------------------------------------------
# Hooks (frappe/hooks.py, frappe/model/document.py, scheduled_job_type.py of v15)
# --------------------------------------------------------------------------------------------------

# Document methods doc_events may hook (the names Frappe passes to Document.run_method).
DOC_EVENTS = frozenset(
	{
		"after_delete",
		"after_insert",
		"after_mapping",
		"after_rename",
		"autoname",
		"before_cancel",
		"before_change",
		"before_export",
		"before_import",
		"before_insert",
		"before_mapping",
		"before_naming",
		"before_print",
		"before_rename",
		"before_save",
		"before_submit",
		"before_update_after_submit",
		"before_validate",
		"on_cancel",
		"on_change",
		"on_payment_authorized",
		"on_recurring",
		"on_submit",
		"on_trash",
		"on_update",
		"on_update_after_submit",
		"onload",
		"validate",
	}
)

SCHEDULER_FREQUENCIES = frozenset(
	{
		"all",
		"hourly",
		"hourly_long",
		"hourly_maintenance",
		"daily",
		"daily_long",
		"daily_maintenance",
		"weekly",
		"weekly_long",
		"monthly",
		"monthly_long",
		"yearly",
		"annual",
		"cron",
	}
)

# Hooks whose value is one dotted path or a list of them, with how Frappe calls the target:
# an int is the number of positional arguments it is called with; None means frappe.call (arguments matched by
# name, anything goes).
METHOD_HOOKS = {
	"before_install": 0,
	"after_install": 0,
	"before_uninstall": 0,
	"after_uninstall": 0,
	"before_app_install": 1,
	"after_app_install": 1,
	"before_app_uninstall": 1,
	"after_app_uninstall": 1,
	"before_migrate": 0,
	"after_migrate": 0,
	"before_tests": 0,
	"after_sync": 0,
	"boot_session": 1,
	"extend_bootinfo": None,
	"on_session_creation": None,
	"on_login": None,
	"on_logout": None,
	"before_request": None,
	"after_request": None,
	"before_job": None,
	"after_job": None,
	"notification_config": 0,
	"get_website_user_home_page": None,
	"leaderboards": 0,
	"get_changelog_feed": None,
	"setup_wizard_complete": None,
	"setup_wizard_success": None,
	"setup_wizard_exception": None,
	"make_email_body_message": None,
	"update_website_context": None,
	"website_clear_cache": None,
	"clear_cache": 0,
	"get_site_info": None,
	"welcome_email": None,
	"webform_list_context": None,
	"pdf_header_html": None,
	"pdf_body_html": None,
	"pdf_footer_html": None,
	"on_print_pdf": None,
	"auth_hooks": None,
	"website_path_resolver": None,
	"get_web_pages_with_dynamic_routes": None,
	"audit_system_hooks": None,
}

# Hooks whose value is {doctype: dotted path or list of dotted paths}.
DOCTYPE_METHOD_HOOKS = (
	"permission_query_conditions",
	"has_permission",
	"has_website_permission",
	"standard_queries",
	"override_doctype_class",
	"override_doctype_dashboards",
)

# Hooks whose value is {doctype: path of a JS file relative to the app package}.
DOCTYPE_JS_HOOKS = ("doctype_js", "doctype_list_js", "doctype_tree_js", "doctype_calendar_js")

# Hooks whose value is a list of assets included in desk/website pages.
ASSET_HOOKS = ("app_include_js", "app_include_css", "web_include_js", "web_include_css")

# Where the app declares the custom fields it adds to other apps' doctypes: (file in the app package, function
# returning the dict passed to frappe's create_custom_fields).
CUSTOM_FIELD_SOURCES = (("setup/custom_fields.py", "get_custom_fields"),)

# --------------------------------------------------------------------------------------------------
# Records Frappe syncs from a module folder: <module>/<kind>/<name>/<name>.json (frappe/model/sync.py
# IMPORTABLE_DOCTYPES, and frappe/utils/dashboard.py for charts, cards and <module>_dashboard)
# --------------------------------------------------------------------------------------------------

RECORD_KINDS = {
	"doctype": "DocType",
	"page": "Page",
	"report": "Report",
	"dashboard_chart_source": "Dashboard Chart Source",
	"print_format": "Print Format",
	"web_page": "Web Page",
	"website_theme": "Website Theme",
	"web_form": "Web Form",
	"web_template": "Web Template",
	"notification": "Notification",
	"print_style": "Print Style",
	"workspace": "Workspace",
	"onboarding_step": "Onboarding Step",
	"module_onboarding": "Module Onboarding",
	"form_tour": "Form Tour",
	"client_script": "Client Script",
	"server_script": "Server Script",
	"custom_field": "Custom Field",
	"property_setter": "Property Setter",
	"dashboard_chart": "Dashboard Chart",
	"number_card": "Number Card",
}
# Records that must name their module (the module decides the folder they are exported to and the app they
# belong to).
RECORD_KINDS_WITH_MODULE = frozenset(
	{
		"doctype",
		"page",
		"report",
		"print_format",
		"workspace",
		"dashboard_chart",
		"number_card",
		"notification",
	}
)


def scrub(txt: str) -> str:
	"""frappe.scrub: `Sales Order` -> `sales_order`."""
	return str(txt).replace(" ", "_").replace("-", "_").lower()


def slug(txt: str) -> str:
	"""frappe.desk.utils.slug: the /app/<route> of a doctype, page or workspace."""
	return str(txt).lower().replace(" ", "-")


def controller_class_name(doctype: str) -> str:
	"""The class Frappe looks for in a doctype's controller module (base_document.import_controller)."""
	return doctype.replace(" ", "").replace("-", "")


# --------------------------------------------------------------------------------------------------
# Literal evaluation of module-level Python (hooks.py, custom field definitions)
# --------------------------------------------------------------------------------------------------


class NotLiteral(ValueError):
	pass


def literal_value(node: ast.AST, env: dict | None = None):
	"""Value of a literal expression; names bound earlier in the same module (env) and `+` of lists, tuples
	and strings are allowed, as are `**other_dict` in dict displays. Anything else raises NotLiteral."""
	env = env or {}
	if isinstance(node, ast.Constant):
		return node.value
	if isinstance(node, ast.List):
		return [literal_value(e, env) for e in node.elts]
	if isinstance(node, ast.Tuple):
		return tuple(literal_value(e, env) for e in node.elts)
	if isinstance(node, ast.Set):
		return {literal_value(e, env) for e in node.elts}
	if isinstance(node, ast.Dict):
		out = {}
		for key, value in zip(node.keys, node.values, strict=True):
			if key is None:
				extra = literal_value(value, env)
				if not isinstance(extra, dict):
					raise NotLiteral(f"line {node.lineno}: ** of a non-dict")
				out.update(extra)
			else:
				out[literal_value(key, env)] = literal_value(value, env)
		return out
	if isinstance(node, ast.Name) and node.id in env:
		return env[node.id]
	if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
		left, right = literal_value(node.left, env), literal_value(node.right, env)
		try:
			return left + right
		except TypeError as e:
			raise NotLiteral(f"line {node.lineno}: {e}") from e
	if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
		return -literal_value(node.operand, env)
	raise NotLiteral(f"line {getattr(node, 'lineno', '?')}: {ast.unparse(node)[:60]!r} is not a literal")


def module_literals(tree: ast.Module) -> dict:
	"""Module-level names bound to literal values, in order (later assignments win)."""
	env: dict = {}
	for stmt in tree.body:
		targets, value = _assignment(stmt)
		if value is None:
			continue
		try:
			val = literal_value(value, env)
		except NotLiteral:
			continue
		for target in targets:
			env[target] = val
	return env


def _assignment(stmt: ast.stmt) -> tuple[list[str], ast.AST | None]:
	if isinstance(stmt, ast.Assign):
		return [t.id for t in stmt.targets if isinstance(t, ast.Name)], stmt.value
	if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
		return [stmt.target.id], stmt.value
	return [], None


# --------------------------------------------------------------------------------------------------
# The app's files
# --------------------------------------------------------------------------------------------------


@dataclass
class Record:
	"""One <module folder>/<kind>/<folder>/<folder>.json record file."""

	path: Path
	kind: str
	module_folder: str
	folder: str
	data: dict | None = None
	error: str = ""

	@property
	def label(self) -> str:
		return self.path.name

	@property
	def id(self) -> str:
		return f"{self.kind}/{self.folder}"

	@property
	def dir(self) -> Path:
		return self.path.parent

	@property
	def name(self):
		return (self.data or {}).get("name")


@dataclass
class Hooks:
	path: Path
	values: dict = field(default_factory=dict)  # hook name -> literal value (last assignment)
	lines: dict = field(default_factory=dict)  # hook name -> line numbers of its assignments
	non_literal: dict = field(default_factory=dict)  # hook name -> why it could not be evaluated
	error: str = ""


@dataclass
class FixtureFile:
	path: Path
	data: object = None
	error: str = ""

	@property
	def label(self) -> str:
		return f"fixtures/{self.path.name}"


@dataclass
class PyModule:
	path: Path
	tree: ast.Module | None = None
	error: str = ""

	@cached_property
	def members(self) -> dict[str, ast.AST]:
		"""Top-level names of the module: def, class, assignments and imports."""
		out: dict[str, ast.AST] = {}
		if self.tree is None:
			return out
		for stmt in self.tree.body:
			if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
				out[stmt.name] = stmt
			elif isinstance(stmt, ast.Import | ast.ImportFrom):
				for alias in stmt.names:
					out[(alias.asname or alias.name).split(".")[0]] = stmt
			elif isinstance(stmt, ast.Assign):
				for target in stmt.targets:  # `A = ...` and `A, B = ...`
					names = target.elts if isinstance(target, ast.Tuple) else [target]
					for name in names:
						if isinstance(name, ast.Name):
							out[name.id] = stmt
			else:
				for name in _assignment(stmt)[0]:
					out[name] = stmt
		return out


class App:
	"""The files of a Frappe app package (the folder holding hooks.py), read without Frappe."""

	def __init__(self, root: Path = APP_ROOT, name: str = APP_NAME):
		self.root = Path(root)
		self.name = name
		self.repo_root = self.root.parent
		self._py: dict[Path, PyModule] = {}

	def rel(self, path: Path) -> str:
		try:
			return Path(path).relative_to(self.repo_root).as_posix()
		except ValueError:
			return str(path)

	# ---- modules -------------------------------------------------------------------------------------------

	@cached_property
	def module_names(self) -> list[str]:
		"""modules.txt read like frappe.get_file_items: stripped lines, no blanks, no # comments."""
		path = self.root / "modules.txt"
		if not path.exists():
			return []
		return [
			line.strip()
			for line in path.read_text().strip().splitlines()
			if line.strip() and not line.startswith("#")
		]

	@cached_property
	def module_folders(self) -> dict[str, str]:
		"""scrubbed module folder -> module name."""
		return {scrub(m): m for m in self.module_names}

	# ---- records (doctypes, reports, workspaces, ...) ------------------------------------------------------

	@cached_property
	def records(self) -> list[Record]:
		out = []
		for module_folder in self.module_folders:
			module_path = self.root / module_folder
			if not module_path.is_dir():
				continue
			for kind_dir in sorted(p for p in module_path.iterdir() if p.is_dir()):
				kind = kind_dir.name
				if kind not in RECORD_KINDS and kind != f"{module_folder}_dashboard":
					continue
				for folder in sorted(p for p in kind_dir.iterdir() if p.is_dir() and p.name != "__pycache__"):
					out.append(self._load_record(folder / f"{folder.name}.json", kind, module_folder))
		return out

	def _load_record(self, path: Path, kind: str, module_folder: str) -> Record:
		rec = Record(path=path, kind=kind, module_folder=module_folder, folder=path.parent.name)
		if not path.exists():
			rec.error = f"{self.rel(path.parent)}/ has no {path.name}: Frappe skips the folder"
			return rec
		try:
			rec.data = json.loads(path.read_text(encoding="utf-8"))
		except (ValueError, UnicodeDecodeError) as e:
			rec.error = f"{path.name}: not valid JSON ({e})"
		return rec

	def records_of(self, kind: str) -> list[Record]:
		return [r for r in self.records if r.kind == kind]

	def _named(self, kind: str) -> dict[str, dict]:
		out: dict[str, dict] = {}
		for rec in self.records_of(kind):
			if isinstance(rec.data, dict) and isinstance(rec.data.get("name"), str):
				out.setdefault(rec.data["name"], rec.data)
		return out

	@cached_property
	def doctypes(self) -> dict[str, dict]:
		"""The app's doctypes by name (parsed JSON)."""
		return self._named("doctype")

	@cached_property
	def reports(self) -> dict[str, dict]:
		return self._named("report")

	@cached_property
	def pages(self) -> dict[str, dict]:
		return self._named("page")

	@cached_property
	def workspaces(self) -> dict[str, dict]:
		return self._named("workspace")

	@cached_property
	def dashboard_charts(self) -> dict[str, dict]:
		return self._named("dashboard_chart")

	@cached_property
	def number_cards(self) -> dict[str, dict]:
		return self._named("number_card")

	def known_doctype(self, name) -> bool:
		return (
			name in self.doctypes or name in KNOWN_EXTERNAL_DOCTYPES or name in KNOWN_EXTERNAL_CHILD_DOCTYPES
		)

	def is_child_doctype(self, name) -> bool:
		if name in self.doctypes:
			return bool(self.doctypes[name].get("istable"))
		return name in KNOWN_EXTERNAL_CHILD_DOCTYPES

	def fields_of(self, doctype: str) -> dict[str, dict] | None:
		"""The declared fields of an app doctype, or the known fields (plus the app's custom fields) of an
		external one; None when nothing is known of the doctype's fields."""
		if doctype in self.doctypes:
			fields = self.doctypes[doctype].get("fields") or []
			return {
				f["fieldname"]: f
				for f in fields
				if isinstance(f, dict) and isinstance(f.get("fieldname"), str)
			}
		custom = {
			f["fieldname"]: f for f in self.custom_fields_for(doctype) if isinstance(f.get("fieldname"), str)
		}
		if doctype in KNOWN_EXTERNAL_FIELDS:
			known = {}
			for name, spec in KNOWN_EXTERNAL_FIELDS[doctype].items():
				fieldtype, _, options = spec.partition(":")
				known[name] = {"fieldname": name, "fieldtype": fieldtype, "options": options or None}
			return {**known, **custom}
		return custom or None

	def parents_of(self, child_doctype: str) -> list[str]:
		"""App doctypes with a Table / Table MultiSelect field embedding child_doctype."""
		return [
			name
			for name, data in self.doctypes.items()
			if any(
				isinstance(f, dict)
				and f.get("fieldtype") in TABLE_FIELDTYPES
				and f.get("options") == child_doctype
				for f in data.get("fields") or []
			)
		]

	# ---- hooks ---------------------------------------------------------------------------------------------

	@cached_property
	def hooks(self) -> Hooks:
		path = self.root / "hooks.py"
		hooks = Hooks(path=path)
		if not path.exists():
			hooks.error = "hooks.py is missing"
			return hooks
		try:
			tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
		except SyntaxError as e:
			hooks.error = f"hooks.py: syntax error line {e.lineno}: {e.msg}"
			return hooks
		env: dict = {}
		for stmt in tree.body:
			if isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
				hooks.lines.setdefault(stmt.target.id, []).append(stmt.lineno)
				hooks.non_literal[stmt.target.id] = f"line {stmt.lineno}: augmented assignment"
				continue
			targets, value = _assignment(stmt)
			for target in targets:
				hooks.lines.setdefault(target, []).append(stmt.lineno)
				try:
					env[target] = hooks.values[target] = literal_value(value, env)
					hooks.non_literal.pop(target, None)
				except NotLiteral as e:
					hooks.values.pop(target, None)
					hooks.non_literal[target] = str(e)
		return hooks

	# ---- fixtures ------------------------------------------------------------------------------------------

	@cached_property
	def fixtures(self) -> list[FixtureFile]:
		folder = self.root / "fixtures"
		if not folder.is_dir():
			return []
		out = []
		for path in sorted(folder.glob("*.json")):
			fixture = FixtureFile(path=path)
			try:
				fixture.data = json.loads(path.read_text(encoding="utf-8"))
			except (ValueError, UnicodeDecodeError) as e:
				fixture.error = f"fixtures/{path.name}: not valid JSON ({e})"
			out.append(fixture)
		return out

	def fixture_records(self, doctype: str) -> list[dict]:
		return [
			doc
			for fixture in self.fixtures
			if isinstance(fixture.data, list)
			for doc in fixture.data
			if isinstance(doc, dict) and doc.get("doctype") == doctype
		]

	@cached_property
	def fixture_roles(self) -> frozenset[str]:
		return frozenset(doc.get("name") for doc in self.fixture_records("Role") if doc.get("name"))

	@cached_property
	def known_roles(self) -> frozenset[str]:
		return STANDARD_ROLES | self.fixture_roles

	# ---- custom fields the app adds to other doctypes ------------------------------------------------------

	@cached_property
	def custom_fields(self) -> tuple[dict[str, list[dict]], list[str]]:
		"""({doctype: [field dicts]}, problems) from CUSTOM_FIELD_SOURCES, keys of tuples expanded."""
		out: dict[str, list[dict]] = {}
		problems: list[str] = []
		for rel_path, function in CUSTOM_FIELD_SOURCES:
			module = self.py_module(self.root / rel_path)
			if module is None:
				continue
			label = self.rel(module.path)
			if module.tree is None:
				problems.append(f"{label}: {module.error}")
				continue
			func = module.members.get(function)
			if not isinstance(func, ast.FunctionDef):
				problems.append(f"{label}: no top-level function {function}()")
				continue
			returns = [s for s in func.body if isinstance(s, ast.Return)]
			if len(returns) != 1 or returns[0].value is None:
				problems.append(f"{label}: {function}() must end with one `return {{...}}` of a literal dict")
				continue
			try:
				value = literal_value(returns[0].value, module_literals(module.tree))
			except NotLiteral as e:
				problems.append(f"{label}: {function}() does not return a literal dict ({e})")
				continue
			if not isinstance(value, dict):
				problems.append(f"{label}: {function}() returns {type(value).__name__}, not a dict")
				continue
			for doctypes, fields in value.items():
				fields = [fields] if isinstance(fields, dict) else list(fields)
				for doctype in (doctypes,) if isinstance(doctypes, str) else doctypes:
					out.setdefault(doctype, []).extend(f for f in fields if isinstance(f, dict))
		return out, problems

	def custom_fields_for(self, doctype: str) -> list[dict]:
		return self.custom_fields[0].get(doctype, [])

	# ---- Python modules ------------------------------------------------------------------------------------

	def py_module(self, path: Path) -> PyModule | None:
		"""The parsed Python file at path (None when it does not exist)."""
		path = Path(path)
		if path not in self._py:
			if not path.is_file():
				return None
			module = PyModule(path=path)
			try:
				module.tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
			except SyntaxError as e:
				module.error = f"syntax error line {e.lineno}: {e.msg}"
			except UnicodeDecodeError as e:
				module.error = f"not UTF-8 ({e})"
			self._py[path] = module
		return self._py[path]

	def module_file(self, dotted: str) -> Path | None:
		"""The file of an importable module of the app (`salon_crm.install` -> salon_crm/install.py)."""
		parts = dotted.split(".")
		if parts[0] != self.name or not all(p.isidentifier() for p in parts):
			return None
		base = self.repo_root.joinpath(*parts)
		for candidate in (base.with_suffix(".py"), base / "__init__.py"):
			if candidate.is_file() and self._is_package_path(candidate.parent):
				return candidate
		return None

	def _is_package_path(self, folder: Path) -> bool:
		"""Every folder from the app package down to folder has an __init__.py (Frappe imports them)."""
		folder = Path(folder)
		while True:
			if not (folder / "__init__.py").is_file():
				return False
			if folder == self.root:
				return True
			if self.root not in folder.parents:
				return False
			folder = folder.parent

	def resolve(self, dotted: str) -> tuple[ast.AST | None, str]:
		"""(the top-level node `dotted` names in the app, "") or (None, why it cannot be imported)."""
		if not isinstance(dotted, str) or "." not in dotted:
			return None, f"{dotted!r} is not a dotted path"
		module_path, _, attr = dotted.rpartition(".")
		if not module_path.startswith(self.name + ".") and module_path != self.name:
			return None, f"{dotted!r} is outside {self.name}"
		path = self.module_file(module_path)
		if path is None:
			return (
				None,
				f"{dotted!r}: module {module_path} is not a file of the app (or a folder lacks __init__.py)",
			)
		module = self.py_module(path)
		if module.tree is None:
			return None, f"{dotted!r}: {self.rel(path)} has a {module.error}"
		node = module.members.get(attr)
		if node is None:
			return None, f"{dotted!r}: {self.rel(path)} defines no top-level {attr}"
		return node, ""


DEFAULT_APP = App()


def iter_doctypes(app: App | None = None):
	"""The app's doctype records (Record: path, folder, parsed data)."""
	yield from (app or DEFAULT_APP).records_of("doctype")


def load_hooks(app: App | None = None) -> dict:
	"""hooks.py's module-level literal assignments, as a dict."""
	return dict((app or DEFAULT_APP).hooks.values)
