"""Checker functions of the static suite.

Each takes what it checks (a Record, a fixture file, a hook entry, ...) and the App, and returns a list of
problem messages naming the file, e.g. "customer_profile.json: field 'referred_by' links to unknown doctype
'Customer Profil'". An empty list means Frappe v15 would load the file and accept it. The rules mirror what
Frappe itself does or refuses (frappe/core/doctype/doctype/doctype.py validate_fields, validate_permissions,
validate_series; frappe/model/naming.py, frappe/model/sync.py, frappe/modules/patch_handler.py, ...).
"""

from __future__ import annotations

import ast
import configparser
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .appfiles import (
	ASSET_HOOKS,
	CHILD_TABLE_FIELDS,
	DATA_FIELD_OPTIONS,
	DEFAULT_FIELDS,
	DOC_EVENTS,
	DOCTYPE_JS_HOOKS,
	DOCTYPE_METHOD_HOOKS,
	DOCTYPE_NAME_MAX_LENGTH,
	DOCUMENT_ATTRIBUTES,
	FIELDNAME_MAX_LENGTH,
	FIELDTYPES,
	KNOWN_EXTERNAL_DOCTYPES,
	KNOWN_EXTERNAL_METHODS,
	KNOWN_EXTERNAL_PAGES,
	KNOWN_EXTERNAL_REPORTS,
	METHOD_HOOKS,
	NO_VALUE_FIELDTYPES,
	PRECISION_FIELDTYPES,
	RECORD_KINDS,
	RECORD_KINDS_WITH_MODULE,
	RESERVED_FIELDNAMES,
	SCHEDULER_FREQUENCIES,
	STANDARD_FIELDS,
	TABLE_FIELDTYPES,
	UNINDEXABLE_FIELDTYPES,
	UNIQUE_FIELDTYPES,
	App,
	FixtureFile,
	Record,
	controller_class_name,
	module_literals,
	scrub,
	slug,
)

FIELDNAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
# frappe doctype.py: a doctype name starts with a letter and holds letters, digits, spaces, _ and -
DOCTYPE_NAME_PATTERN = re.compile(r"^(?![\W])[^\d_\s][\w -]+$", flags=re.ASCII)
# frappe doctype.py DEPENDS_ON_PATTERN: an assignment where a condition is expected
DEPENDS_ON_ASSIGNMENT = re.compile(r'[\w\.:_]+\s*={1}\s*[\w\.@\'"]+')
DEPENDS_ON_KEYS = ("depends_on", "mandatory_depends_on", "read_only_depends_on", "collapsible_depends_on")
DOC_REFERENCE = re.compile(r"(?<![\w.$])doc\.([A-Za-z_]\w*)")
PARENT_REFERENCE = re.compile(r"(?<![\w.$])parent\.([A-Za-z_]\w*)")
BRACED_PARAM = re.compile(r"\{([\w | #]+)\}")
NAMING_DATE_PARTS = frozenset({"YY", "MM", "DD", "YYYY", "WW", "timestamp"})
PERM_RIGHTS = ("select", "read", "write", "submit", "cancel", "create")
VERSION_PATTERN = re.compile(r"^\d+(\.\d+)*([ab]|rc|\.dev|\.post)?\d*$")
CRON_FIELD = re.compile(
	r"^(\*|\d+(-\d+)?|[A-Za-z]{3}(-[A-Za-z]{3})?)(/\d+)?(,(\*|\d+(-\d+)?|[A-Za-z]{3})(/\d+)?)*$"
)

REPORT_TYPES = ("Report Builder", "Query Report", "Script Report", "Custom Report")
WORKSPACE_LINK_TYPES = ("DocType", "Report", "Page", "Dashboard", "URL")
WORKSPACE_BLOCKS = {
	"card": ("card_name", "cards"),
	"chart": ("chart_name", "charts"),
	"shortcut": ("shortcut_name", "shortcuts"),
	"number_card": ("number_card_name", "number_cards"),
	"quick_list": ("quick_list_name", "quick_lists"),
	"custom_block": ("custom_block_name", "custom_blocks"),
}

# Extra positional arguments Frappe passes to doc_events handlers after (doc, method), and keywords.
DOC_EVENT_EXTRA_ARGS = {
	"before_rename": 3,
	"after_rename": 3,
	"before_print": 1,
	"before_export": 1,
	"before_mapping": 2,
	"after_mapping": 1,
	"on_payment_authorized": 1,
}
DOC_EVENT_KEYWORDS = {"on_recurring": ("reference_doc", "auto_repeat_doc")}


def report(problems: list[str]) -> None:
	"""Fail the calling test with every problem, one per line."""
	assert not problems, "\n" + "\n".join(problems)


def _on(value) -> bool:
	return value not in (None, 0, "0", "", False)


def _is_function(node) -> bool:
	return isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)


def _call_problem(node, n_positional: int | None = None, keywords: tuple = ()) -> str:
	"""Why a top-level function cannot be called with n positional arguments and the keywords ('' when it can,
	or when node is not a function: a class, an assignment or an import cannot be checked)."""
	if not _is_function(node):
		return ""
	args = node.args
	positional = [*args.posonlyargs, *args.args]
	required = len(positional) - len(args.defaults)
	if n_positional is not None:
		if n_positional < required:
			return f"{node.name}() needs {required} positional argument(s), Frappe passes {n_positional}"
		if n_positional > len(positional) and args.vararg is None:
			return (
				f"{node.name}() takes {len(positional)} positional argument(s), Frappe passes {n_positional}"
			)
	for kwarg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
		if default is None:
			return f"{node.name}() has a required keyword-only argument {kwarg.arg!r} Frappe never passes"
	names = {a.arg for a in [*positional, *args.kwonlyargs]}
	for keyword in keywords:
		if keyword not in names and args.kwarg is None:
			return f"{node.name}() has no parameter {keyword!r}, which Frappe passes by name"
	return ""


def _is_whitelisted(node) -> bool:
	return _is_function(node) and any("whitelist" in ast.unparse(d) for d in node.decorator_list)


def _as_list(value) -> list:
	if value is None:
		return []
	return list(value) if isinstance(value, list | tuple) else [value]


def _js_balance_problem(js: str) -> str:
	"""Unbalanced brackets or an unterminated string in a JS expression ('' when fine)."""
	pairs = {")": "(", "]": "[", "}": "{"}
	stack: list[str] = []
	quote = ""
	escaped = False
	for ch in js:
		if quote:
			if escaped:
				escaped = False
			elif ch == "\\":
				escaped = True
			elif ch == quote:
				quote = ""
			continue
		if ch in "'\"`":
			quote = ch
		elif ch in "([{":
			stack.append(ch)
		elif ch in pairs:
			if not stack or stack.pop() != pairs[ch]:
				return f"unbalanced {ch!r}"
	if quote:
		return f"unterminated {quote} string"
	if stack:
		return f"unclosed {stack[-1]!r}"
	return ""


# ==================================================================================================
# Record files: <module folder>/<kind>/<folder>/<folder>.json
# ==================================================================================================


def check_record_file(rec: Record, app: App) -> list[str]:
	"""The file parses, is the record its folder says, and sits in the folder of its module."""
	if rec.error:
		return [rec.error]
	data = rec.data
	if not isinstance(data, dict):
		return [f"{rec.label}: top level is a JSON {type(data).__name__}, Frappe expects one object"]
	problems = []
	expected = RECORD_KINDS.get(rec.kind, "Dashboard")
	if data.get("doctype") != expected:
		problems.append(
			f"{rec.label}: 'doctype' is {data.get('doctype')!r}, "
			f"a file under {rec.kind}/ must be {expected!r}"
		)
	name = data.get("name")
	if not isinstance(name, str) or not name.strip():
		problems.append(f"{rec.label}: no 'name'")
	elif scrub(name) != rec.folder:
		problems.append(
			f"{rec.label}: name {name!r} scrubs to {scrub(name)!r}, "
			f"but the folder and file are {rec.folder!r} "
			"(Frappe finds the file by the scrubbed name)"
		)
	module = data.get("module")
	if module in (None, "") and rec.kind in RECORD_KINDS_WITH_MODULE:
		problems.append(f"{rec.label}: no 'module'")
	elif module not in (None, ""):
		if module not in app.module_names:
			problems.append(
				f"{rec.label}: module {module!r} is not in modules.txt "
				f"({', '.join(app.module_names) or 'empty'})"
			)
		elif scrub(module) != rec.module_folder:
			problems.append(
				f"{rec.label}: module {module!r} lives in folder {scrub(module)}/, but the file is under "
				f"{rec.module_folder}/"
			)
	for i, row in enumerate(data.get("roles") or [], 1):
		role = row.get("role") if isinstance(row, dict) else None
		if role not in app.known_roles:
			problems.append(f"{rec.label}: roles row {i}: unknown role {role!r}")
	return problems


def unloaded_record_folders(app: App) -> list[str]:
	"""Folders of a module folder that look like record folders (<x>/<y>/<y>.json) but that Frappe never
	syncs, e.g. `reports/` for `report/`; and module-like folders missing from modules.txt."""
	problems = []
	for module_folder in app.module_folders:
		module_path = app.root / module_folder
		if not module_path.is_dir():
			continue
		for kind_dir in sorted(p for p in module_path.iterdir() if p.is_dir()):
			kind = kind_dir.name
			if kind in RECORD_KINDS or kind == f"{module_folder}_dashboard" or kind == "__pycache__":
				continue
			if any((sub / f"{sub.name}.json").is_file() for sub in kind_dir.iterdir() if sub.is_dir()):
				problems.append(
					f"{app.rel(kind_dir)}/ holds <name>/<name>.json records, but Frappe syncs no {kind!r} "
					f"folder (known: {', '.join(sorted(RECORD_KINDS))})"
				)
	for folder in sorted(p for p in app.root.iterdir() if p.is_dir()):
		if folder.name in app.module_folders:
			continue
		kinds = [
			k for k in ("doctype", "report", "workspace", "page", "print_format") if (folder / k).is_dir()
		]
		if kinds:
			problems.append(
				f"{app.rel(folder)}/ has {', '.join(k + '/' for k in kinds)} but is not a module in "
				"modules.txt: Frappe never syncs it"
			)
	return problems


# ==================================================================================================
# DocTypes
# ==================================================================================================


def _fieldmap(data: dict) -> dict[str, dict]:
	return {
		f["fieldname"]: f
		for f in data.get("fields") or []
		if isinstance(f, dict) and isinstance(f.get("fieldname"), str)
	}


def check_doctype_definition(rec: Record, app: App) -> list[str]:
	"""The doctype's name and its kind (single / child / submittable / tree / custom)."""
	data = rec.data
	if not isinstance(data, dict) or not isinstance(data.get("name"), str):
		return []
	problems = []
	name = data["name"]
	if len(name) > DOCTYPE_NAME_MAX_LENGTH:
		problems.append(f"{rec.label}: name {name!r} is longer than {DOCTYPE_NAME_MAX_LENGTH} characters")
	if name != name.strip() or not DOCTYPE_NAME_PATTERN.match(name):
		problems.append(
			f"{rec.label}: name {name!r} must start with a letter and hold only letters, digits, "
			"spaces, _ and -"
		)
	if name in KNOWN_EXTERNAL_DOCTYPES:
		problems.append(f"{rec.label}: {name!r} is a Frappe/ERPNext doctype; the app would overwrite it")
	if _on(data.get("custom")):
		problems.append(
			f"{rec.label}: 'custom' is set: Frappe would not load the controller of a custom doctype"
		)
	kinds = [
		k for k in ("istable", "issingle", "is_submittable", "is_tree", "is_virtual") if _on(data.get(k))
	]
	for a, b in (("istable", "issingle"), ("istable", "is_submittable"), ("issingle", "is_submittable")):
		if a in kinds and b in kinds:
			problems.append(f"{rec.label}: cannot be both {a} and {b}")
	if data.get("engine") not in (None, "InnoDB", "MyISAM"):
		problems.append(f"{rec.label}: engine {data.get('engine')!r} is not InnoDB or MyISAM")
	return problems


def check_doctype_controller(rec: Record, app: App) -> list[str]:
	"""__init__.py and <folder>.py with the class Frappe imports (base_document.import_controller)."""
	data = rec.data
	if not isinstance(data, dict) or not isinstance(data.get("name"), str):
		return []
	problems = []
	folder = rec.dir
	if not (folder / "__init__.py").is_file():
		problems.append(
			f"{rec.label}: {app.rel(folder)}/__init__.py is missing: the controller cannot be imported"
		)
	elif not app._is_package_path(folder):
		problems.append(f"{rec.label}: a folder above {app.rel(folder)}/ lacks __init__.py")
	controller = folder / f"{rec.folder}.py"
	module = app.py_module(controller)
	class_name = controller_class_name(data["name"])
	if module is None:
		return [
			*problems,
			f"{rec.label}: controller {rec.folder}.py is missing (Frappe imports class {class_name})",
		]
	if module.tree is None:
		return [*problems, f"{rec.folder}.py: {module.error}"]
	node = module.members.get(class_name)
	if node is None:
		problems.append(
			f"{rec.folder}.py: defines no class {class_name}, the class Frappe imports for {data['name']!r}"
		)
		return problems
	if isinstance(node, ast.ClassDef):
		bases = [ast.unparse(b) for b in node.bases]
		if not bases:
			problems.append(
				f"{rec.folder}.py: class {class_name} has no base class (it must subclass Document)"
			)
		if _on(data.get("is_tree")) and not any(b.endswith("NestedSet") for b in bases):
			problems.append(f"{rec.folder}.py: tree doctype class {class_name} must subclass NestedSet")
		methods = {s.name for s in node.body if _is_function(s)}
		properties = {
			s.name
			for s in node.body
			if _is_function(s)
			and any(ast.unparse(d).endswith(("property", "cached_property")) for d in s.decorator_list)
		}
		# DocType.validate_field_name_conflicts: a field may not share its name with a controller method,
		# nor with a property unless it is a virtual field (whose value the property computes).
		for fieldname, f in _fieldmap(data).items():
			if f.get("fieldtype") in NO_VALUE_FIELDTYPES or fieldname not in methods:
				continue
			if fieldname not in properties:
				problems.append(
					f"{rec.label}: field {fieldname!r} has the name of a method of class {class_name}"
				)
			elif not _on(f.get("is_virtual")):
				problems.append(
					f"{rec.label}: field {fieldname!r} has the name of a property of class {class_name} "
					"but is not a virtual field (is_virtual)"
				)
		for fieldname, f in _fieldmap(data).items():
			if not _on(f.get("is_virtual")) or fieldname in properties or _on(data.get("is_virtual")):
				continue
			if not f.get("options") or f.get("fieldtype") in (
				"Link",
				"Dynamic Link",
				"Select",
				*TABLE_FIELDTYPES,
			):
				problems.append(
					f"{rec.label}: virtual field {fieldname!r} has neither a @property {fieldname} in class "
					f"{class_name} nor an options expression: its value is never computed"
				)
		if _on(data.get("is_virtual")):
			for method in (
				"db_insert",
				"load_from_db",
				"db_update",
				"delete",
				"get_list",
				"get_count",
				"get_stats",
			):
				if method not in methods:
					problems.append(f"{rec.folder}.py: virtual doctype class {class_name} lacks {method}()")
	return problems


def check_fields(rec: Record, app: App) -> list[str]:
	"""Every field: name, type, options, flags, fetch_from and depends_on; and field_order."""
	data = rec.data
	if not isinstance(data, dict):
		return []
	fields = data.get("fields")
	if not isinstance(fields, list):
		return [f"{rec.label}: 'fields' is missing or not a list"]
	problems = []
	seen: dict[str, int] = {}
	for i, f in enumerate(fields, 1):
		if not isinstance(f, dict):
			problems.append(f"{rec.label}: fields row {i} is not an object")
			continue
		fieldname = f.get("fieldname")
		if not isinstance(fieldname, str) or not fieldname:
			problems.append(f"{rec.label}: fields row {i} ({f.get('label')!r}) has no fieldname")
			continue
		seen[fieldname] = seen.get(fieldname, 0) + 1
	for fieldname, count in seen.items():
		if count > 1:
			problems.append(f"{rec.label}: field {fieldname!r} appears {count} times")
	fmap = _fieldmap(data)
	for f in fmap.values():
		problems += field_problems(rec.label, data, f, fmap, app, complete=True)

	field_order = data.get("field_order")
	if not isinstance(field_order, list):
		problems.append(f"{rec.label}: 'field_order' is missing or not a list")
	else:
		order_names = [n for n in field_order if isinstance(n, str)]
		for n in sorted({n for n in order_names if order_names.count(n) > 1}):
			problems.append(f"{rec.label}: field_order lists {n!r} twice")
		for n in [n for n in order_names if n not in fmap]:
			problems.append(f"{rec.label}: field_order lists {n!r}, which is not a field")
		for n in [n for n in fmap if n not in order_names]:
			problems.append(f"{rec.label}: field {n!r} is missing from field_order")

	folds = [i for i, f in enumerate(fields) if isinstance(f, dict) and f.get("fieldtype") == "Fold"]
	if len(folds) > 1:
		problems.append(f"{rec.label}: more than one Fold")
	for i in folds[:1]:
		nxt = fields[i + 1] if i + 1 < len(fields) else None
		if not isinstance(nxt, dict) or nxt.get("fieldtype") != "Section Break":
			problems.append(f"{rec.label}: a Fold must be followed by a Section Break")
	if _on(data.get("istable")):
		for fieldname, f in fmap.items():
			if f.get("fieldtype") in TABLE_FIELDTYPES:
				problems.append(
					f"{rec.label}: child table has table field {fieldname!r}: Frappe has no nested tables"
				)
	return problems


def field_problems(label: str, data: dict, f: dict, fmap: dict, app: App, complete: bool) -> list[str]:
	"""Problems of one field definition f of the doctype described by data (fmap: its fields by name).
	complete: fmap holds all the doctype's fields (false for custom fields of an external doctype)."""
	problems = []
	fieldname = f["fieldname"]
	ft = f.get("fieldtype")
	where = f"{label}: field {fieldname!r}"
	doctype = data.get("name")
	istable = _on(data.get("istable"))

	if not FIELDNAME_PATTERN.match(fieldname):
		problems.append(f"{where}: fieldname must be snake_case ([a-z][a-z0-9_]*)")
	if len(fieldname) > FIELDNAME_MAX_LENGTH:
		problems.append(f"{where}: fieldname is longer than {FIELDNAME_MAX_LENGTH} characters")
	if fieldname in RESERVED_FIELDNAMES:
		problems.append(f"{where}: {fieldname!r} is a name Frappe reserves for its own columns/attributes")
	elif ft not in NO_VALUE_FIELDTYPES and fieldname in DOCUMENT_ATTRIBUTES:
		problems.append(f"{where}: {fieldname!r} shadows the Document method/property of that name")
	if ft not in FIELDTYPES:
		problems.append(f"{where}: unknown fieldtype {ft!r}")
		return problems

	options = f.get("options")
	options = options.strip() if isinstance(options, str) else options
	if ft in ("Link", *TABLE_FIELDTYPES) and not options:
		problems.append(f"{where}: {ft} field has no options (the doctype it refers to)")
	elif ft == "Link" and options not in ("[Select]", doctype):
		if not app.known_doctype(options):
			problems.append(f"{where} links to unknown doctype {options!r}")
		elif app.is_child_doctype(options):
			problems.append(f"{where} links to child table doctype {options!r}")
	elif ft in TABLE_FIELDTYPES:
		if not app.known_doctype(options):
			problems.append(f"{where}: {ft} of unknown doctype {options!r}")
		elif not app.is_child_doctype(options):
			problems.append(f"{where}: {ft} of {options!r}, which is not a child table (istable)")
		elif ft == "Table MultiSelect" and options in app.doctypes:
			child_fields = _fieldmap(app.doctypes[options]).values()
			if not any(cf.get("fieldtype") == "Link" for cf in child_fields):
				problems.append(f"{where}: Table MultiSelect child {options!r} has no Link field")
	elif ft == "Dynamic Link":
		pointer = fmap.get(options) if options else None
		if pointer is None:
			if complete or not options:
				problems.append(f"{where}: Dynamic Link options {options!r} must name a field of {doctype!r}")
		elif not (
			pointer.get("fieldtype") == "Select"
			or (pointer.get("fieldtype") == "Link" and pointer.get("options") == "DocType")
		):
			problems.append(
				f"{where}: Dynamic Link options {options!r} must be a Link to DocType (or a Select)"
			)
	elif ft == "Select":
		choices = options.split("\n") if isinstance(options, str) else []
		if not any(c.strip() for c in choices):
			problems.append(f"{where}: Select field has no options")
		default = f.get("default")
		if default not in (None, "") and str(default) not in [c.strip() for c in choices]:
			problems.append(f"{where}: default {default!r} is not one of its options")
	elif ft == "Data" and options and options not in DATA_FIELD_OPTIONS:
		problems.append(
			f"{where}: Data options {options!r} is not one of {', '.join(sorted(DATA_FIELD_OPTIONS))}"
		)
	elif ft == "Currency" and options:
		problems += _currency_options_problems(where, data, options, fmap, app, complete)
	elif ft == "Rating" and options not in (None, ""):
		if not str(options).isdigit() or not 3 <= int(options) <= 10:
			problems.append(f"{where}: Rating options must be a number from 3 to 10")

	if ft == "Check" and f.get("default") not in (None, "", 0, 1, "0", "1"):
		problems.append(f"{where}: Check default must be 0 or 1, not {f.get('default')!r}")
	if _on(f.get("reqd")) and ft in NO_VALUE_FIELDTYPES and ft not in TABLE_FIELDTYPES:
		problems.append(f"{where}: a {ft} cannot be mandatory")
	if _on(f.get("reqd")) and _on(f.get("hidden")) and f.get("default") in (None, ""):
		problems.append(f"{where}: hidden and mandatory without a default: nobody can fill it in")
	not_in_list = set(NO_VALUE_FIELDTYPES) | {"Attach Image"}
	if istable:
		not_in_list -= {"HTML", "Button"}
	if _on(f.get("in_list_view")) and ft in not_in_list:
		problems.append(
			f"{where}: {'in grid view' if istable else 'in list view'} is not allowed for {ft} fields"
		)
	if _on(f.get("in_global_search")) and ft in NO_VALUE_FIELDTYPES:
		problems.append(f"{where}: in_global_search is not allowed for a {ft}")
	if _on(f.get("unique")) and ft not in UNIQUE_FIELDTYPES and not _on(data.get("issingle")):
		problems.append(f"{where}: a {ft} cannot be unique (only {', '.join(sorted(UNIQUE_FIELDTYPES))})")
	if _on(f.get("search_index")) and ft in UNINDEXABLE_FIELDTYPES:
		problems.append(f"{where}: a {ft} cannot be indexed")
	precision = f.get("precision")
	if ft in PRECISION_FIELDTYPES and precision not in (None, ""):
		if not str(precision).isdigit() or not 1 <= int(precision) <= 6:
			problems.append(f"{where}: precision must be 1 to 6, not {precision!r}")

	if f.get("fetch_from"):
		problems += _fetch_from_problems(where, f, fmap, app, complete)
	for key in DEPENDS_ON_KEYS:
		if f.get(key):
			problems += _depends_on_problems(where, key, f[key], data, fmap, app, complete)
	return problems


def _currency_options_problems(where, data, options, fmap, app, complete) -> list[str]:
	"""Currency options: a field holding the currency (here or, for a child table, in its parents), or
	`DocType:link_field:currency_field`."""
	if ":" in options:
		parts = options.split(":")
		if len(parts) != 3:
			return [f"{where}: Currency options {options!r} must be <DocType>:<link field>:<currency field>"]
		doctype, link_field, currency_field = parts
		problems = []
		if not app.known_doctype(doctype):
			problems.append(f"{where}: Currency options {options!r} names unknown doctype {doctype!r}")
		if complete and link_field not in fmap:
			problems.append(f"{where}: Currency options {options!r}: {link_field!r} is not a field")
		target = app.fields_of(doctype)
		if target is not None and currency_field not in target:
			problems.append(
				f"{where}: Currency options {options!r}: {doctype!r} has no field {currency_field!r}"
			)
		return problems
	if options in fmap or not complete:
		return []
	if _on(data.get("istable")):
		parents = app.parents_of(data.get("name"))
		missing = [p for p in parents if options not in _fieldmap(app.doctypes[p])]
		if parents and not missing:
			return []
		if missing:
			return [
				f"{where}: Currency options {options!r} is neither a field of this table nor of parent(s) "
				f"{', '.join(missing)}"
			]
	return [f"{where}: Currency options {options!r} is not a field of {data.get('name')!r}"]


def _fetch_from_problems(where, f, fmap, app, complete) -> list[str]:
	fetch_from = f["fetch_from"]
	if not isinstance(fetch_from, str) or fetch_from.strip().count(".") != 1:
		return [f"{where}: fetch_from {fetch_from!r} must be <link field>.<field>"]
	source, target = fetch_from.strip().split(".")
	if source == f["fieldname"]:
		return [f"{where}: fetch_from {fetch_from!r} fetches from itself"]
	link = fmap.get(source)
	if link is None:
		return (
			[f"{where}: fetch_from {fetch_from!r}: {source!r} is not a field of this doctype"]
			if complete
			else []
		)
	if link.get("fieldtype") == "Dynamic Link":
		return []
	if link.get("fieldtype") != "Link":
		return [f"{where}: fetch_from {fetch_from!r}: {source!r} is a {link.get('fieldtype')}, not a Link"]
	linked = link.get("options")
	target_fields = app.fields_of(linked) if linked else None
	if target_fields is None:
		return [
			f"{where}: fetch_from {fetch_from!r}: nothing is known of the fields of {linked!r}; "
			f"check {target!r} exists in v15 and add it to KNOWN_EXTERNAL_FIELDS"
		]
	if target not in target_fields and target not in STANDARD_FIELDS:
		return [f"{where}: fetch_from {fetch_from!r}: {linked!r} has no field {target!r}"]
	return []


def _depends_on_problems(where, key, expr, data, fmap, app, complete) -> list[str]:
	if not isinstance(expr, str):
		return [f"{where}: {key} must be a string"]
	expr = expr.strip()
	if "=" in expr and DEPENDS_ON_ASSIGNMENT.match(expr):
		return [f"{where}: {key} {expr!r} is an assignment, not a condition (use ==)"]
	if expr.startswith("fn:"):
		return []
	if not expr.startswith("eval:"):
		if complete and expr not in fmap and expr not in STANDARD_FIELDS:
			return [f"{where}: {key} {expr!r} is neither an eval: expression nor a field of this doctype"]
		return []
	js = expr[5:]
	if not js.strip():
		return [f"{where}: {key} is an empty eval: expression"]
	problems = []
	balance = _js_balance_problem(js)
	if balance:
		problems.append(f"{where}: {key} {expr!r}: {balance}")
	if not complete:
		return problems
	own = set(fmap) | STANDARD_FIELDS
	for ref in DOC_REFERENCE.findall(js):
		if ref not in own and not ref.startswith("__"):
			problems.append(f"{where}: {key} {expr!r} uses doc.{ref}, not a field of {data.get('name')!r}")
	parent_refs = [r for r in PARENT_REFERENCE.findall(js) if not r.startswith("__")]
	if parent_refs:
		if _on(data.get("istable")):
			parents = {
				p: set(_fieldmap(app.doctypes[p])) | STANDARD_FIELDS for p in app.parents_of(data["name"])
			}
		else:
			parents = {data.get("name"): own}  # in a form, `parent` is the document itself
		for ref in parent_refs:
			for parent, names in parents.items():
				if ref not in names:
					problems.append(f"{where}: {key} {expr!r} uses parent.{ref}, not a field of {parent!r}")
	return problems


def check_naming(rec: Record, app: App) -> list[str]:
	"""autoname (frappe.model.naming.set_name_from_naming_options, doctype.validate_series)."""
	data = rec.data
	if not isinstance(data, dict):
		return []
	autoname = data.get("autoname")
	if autoname in (None, ""):
		return []
	fmap = _fieldmap(data)
	where = f"{rec.label}: autoname {autoname!r}"
	if not isinstance(autoname, str):
		return [f"{where} is not a string"]
	low = autoname.lower()
	if low.startswith("field:"):
		fieldname = autoname.split(":", 1)[1].strip()
		f = fmap.get(fieldname)
		if f is None:
			return [f"{where}: {fieldname!r} is not a field"]
		if f.get("fieldtype") in NO_VALUE_FIELDTYPES:
			return [f"{where}: {fieldname!r} is a {f.get('fieldtype')}, which holds no value"]
		return []
	if low.startswith("naming_series:"):
		f = fmap.get("naming_series")
		if f is None:
			return [f"{where}: the doctype has no naming_series field"]
		if f.get("fieldtype") != "Select" or not str(f.get("options") or "").strip():
			return [f"{where}: naming_series must be a Select field with the series as options"]
		return []
	if low in ("hash", "autoincrement", "prompt"):
		if low == "autoincrement" and _on(data.get("issingle")):
			return [f"{where}: a single doctype cannot be autoincremented"]
		return []
	if low.startswith("format:"):
		params = BRACED_PARAM.findall(autoname)
		if not params:
			return [f"{where}: a format: autoname needs at least one {{...}} part"]
		variables = app.hooks.values.get("naming_series_variables") or {}
		problems = []
		for param in params:
			if param.startswith("#") or param in NAMING_DATE_PARTS or param in fmap or param in variables:
				continue
			problems.append(f"{where}: {{{param}}} is not a field, a date part or a {{#...}} counter")
		return problems
	if "#" in autoname and not autoname.startswith(("eval:", "by ")):
		return []
	return [
		f"{where} is not a form Frappe knows (field:<field>, naming_series:, hash, autoincrement, Prompt, "
		"format:..., or a series like PRE-.#####)"
	]


def check_doctype_properties(rec: Record, app: App) -> list[str]:
	"""Submittable, title/image/search/sort/timeline fields, tree fields and dashboard connections."""
	data = rec.data
	if not isinstance(data, dict) or not isinstance(data.get("name"), str):
		return []
	problems = []
	name = data["name"]
	fmap = _fieldmap(data)
	label = rec.label

	if _on(data.get("is_submittable")):
		amended = fmap.get("amended_from")
		if amended is None:
			problems.append(f"{label}: submittable doctype has no amended_from field")
		elif amended.get("fieldtype") != "Link" or amended.get("options") != name:
			problems.append(f"{label}: amended_from must be a Link to {name!r}")
	title_field = data.get("title_field")
	if title_field and title_field not in fmap:
		problems.append(f"{label}: title_field {title_field!r} is not a field")
	if _on(data.get("show_title_field_in_link")) and not title_field:
		problems.append(f"{label}: show_title_field_in_link without a title_field")
	image_field = data.get("image_field")
	if image_field:
		if image_field not in fmap:
			problems.append(f"{label}: image_field {image_field!r} is not a field")
		elif fmap[image_field].get("fieldtype") != "Attach Image":
			problems.append(f"{label}: image_field {image_field!r} must be an Attach Image field")
	for fieldname in [s.strip() for s in str(data.get("search_fields") or "").split(",") if s.strip()]:
		if fieldname not in fmap:
			problems.append(f"{label}: search_fields names {fieldname!r}, which is not a field")
		elif fmap[fieldname].get("fieldtype") in NO_VALUE_FIELDTYPES:
			problems.append(f"{label}: search_fields names {fieldname!r}, a field without a value")
	sort_field = data.get("sort_field")
	if sort_field:
		allowed = set(fmap) | set(DEFAULT_FIELDS) | set(CHILD_TABLE_FIELDS)
		for part in str(sort_field).split(","):
			fieldname = part.split()[0] if part.split() else ""
			if fieldname not in allowed:
				problems.append(f"{label}: sort_field {fieldname!r} is not a field")
	sort_order = data.get("sort_order")
	if sort_order and str(sort_order).upper() not in ("ASC", "DESC"):
		problems.append(f"{label}: sort_order {sort_order!r} is not ASC or DESC")
	timeline_field = data.get("timeline_field")
	if timeline_field:
		if timeline_field not in fmap:
			problems.append(f"{label}: timeline_field {timeline_field!r} is not a field")
		elif fmap[timeline_field].get("fieldtype") not in ("Link", "Dynamic Link"):
			problems.append(f"{label}: timeline_field {timeline_field!r} must be a Link or Dynamic Link")
	if _on(data.get("is_tree")):
		parent_field = data.get("nsm_parent_field") or f"parent_{scrub(name)}"
		for needed in (parent_field, "lft", "rgt", "is_group", "old_parent"):
			if needed not in fmap:
				problems.append(f"{label}: tree doctype lacks field {needed!r}")
		pf = fmap.get(parent_field)
		if pf is not None and (pf.get("fieldtype") != "Link" or pf.get("options") != name):
			problems.append(f"{label}: tree parent field {parent_field!r} must be a Link to {name!r}")

	problems += _connection_problems(rec, app)
	for i, action in enumerate(data.get("actions") or [], 1):
		if not isinstance(action, dict):
			continue
		kind, target = action.get("action_type"), action.get("action")
		if kind == "Server Action":
			node, why = app.resolve(target)
			if node is None and target not in KNOWN_EXTERNAL_METHODS:
				problems.append(f"{label}: actions row {i}: {why}")
			elif node is not None and not _is_whitelisted(node):
				problems.append(f"{label}: actions row {i}: {target!r} is not @frappe.whitelist()ed")
		elif kind == "DocType" and not app.known_doctype(target):
			problems.append(f"{label}: actions row {i}: unknown doctype {target!r}")
	return problems


def _connection_problems(rec: Record, app: App) -> list[str]:
	"""`links`: the dashboard connections (DocType Link rows)."""
	problems = []
	name = rec.data["name"]
	for i, link in enumerate(rec.data.get("links") or [], 1):
		if not isinstance(link, dict):
			problems.append(f"{rec.label}: links row {i} is not an object")
			continue
		link_doctype, link_fieldname = link.get("link_doctype"), link.get("link_fieldname")
		where = f"{rec.label}: connection to {link_doctype!r}"
		if not app.known_doctype(link_doctype):
			problems.append(f"{where}: unknown doctype")
			continue
		if not link_fieldname:
			problems.append(f"{where}: no link_fieldname")
			continue
		if _on(link.get("is_child_table")):
			parent, table_field = link.get("parent_doctype"), link.get("table_fieldname")
			if not app.known_doctype(parent):
				problems.append(
					f"{where}: child table connection needs a known parent_doctype, not {parent!r}"
				)
			elif not table_field:
				problems.append(f"{where}: child table connection needs a table_fieldname")
			else:
				parent_fields = app.fields_of(parent)
				if parent_fields is not None and table_field not in parent_fields:
					problems.append(f"{where}: {parent!r} has no field {table_field!r}")
		fields = app.fields_of(link_doctype)
		if fields is None:
			problems.append(
				f"{where}: nothing is known of its fields; check {link_fieldname!r} exists in v15 "
				"and add it to KNOWN_EXTERNAL_FIELDS"
			)
			continue
		f = fields.get(link_fieldname)
		if f is None and link_fieldname not in STANDARD_FIELDS:
			problems.append(f"{where}: {link_doctype!r} has no field {link_fieldname!r}")
		elif f is not None and f.get("fieldtype") and not _on(link.get("is_child_table")):
			if f.get("fieldtype") == "Link" and f.get("options") != name:
				problems.append(
					f"{where}: {link_doctype}.{link_fieldname} links to {f.get('options')!r}, not to {name!r}"
				)
			elif f.get("fieldtype") not in ("Link", "Dynamic Link"):
				problems.append(
					f"{where}: {link_doctype}.{link_fieldname} is a {f.get('fieldtype')}, not a Link"
				)
	return problems


def check_permissions(rec: Record, app: App) -> list[str]:
	"""Permission rows (doctype.validate_permissions), roles known."""
	data = rec.data
	if not isinstance(data, dict):
		return []
	perms = data.get("permissions") or []
	label = rec.label
	if _on(data.get("istable")):
		if perms:
			return [f"{label}: a child table must have no permissions (rows use their parent's)"]
		return []
	if not perms:
		return [f"{label}: no permissions: nobody but Administrator can use the doctype"]
	problems = []
	submittable = _on(data.get("is_submittable"))
	seen = set()
	for i, p in enumerate(perms, 1):
		if not isinstance(p, dict):
			problems.append(f"{label}: permissions row {i} is not an object")
			continue
		role, level = p.get("role"), int(p.get("permlevel") or 0)
		where = f"{label}: permission row {i} ({role!r}, level {level})"
		if role not in app.known_roles:
			problems.append(
				f"{where}: unknown role {role!r} (not a standard role nor in the app's Role fixtures)"
			)
		key = (role, level, _on(p.get("if_owner")))
		if key in seen:
			problems.append(f"{where}: a second row for the same role, level and if_owner")
		seen.add(key)
		if not any(_on(p.get(right)) for right in PERM_RIGHTS):
			problems.append(f"{where}: grants none of {', '.join(PERM_RIGHTS)}")
		if _on(p.get("cancel")) and not _on(p.get("submit")):
			problems.append(f"{where}: cancel without submit")
		if any(_on(p.get(r)) for r in ("submit", "cancel", "amend")) and not _on(p.get("write")):
			problems.append(f"{where}: submit/cancel/amend without write")
		if _on(p.get("import")) and not _on(p.get("create")):
			problems.append(f"{where}: import without create")
		if _on(p.get("import")) and not _on(data.get("allow_import")):
			problems.append(f"{where}: import, but the doctype does not allow_import")
		if not submittable and any(_on(p.get(r)) for r in ("submit", "amend")):
			problems.append(f"{where}: submit/amend on a doctype that is not submittable")
		if level > 0 and role not in ("All", "Desk User"):
			if not any(
				isinstance(q, dict) and q.get("role") == role and not q.get("permlevel") for q in perms
			):
				problems.append(f"{where}: level {level} without a level 0 row for the role")
	return problems


def doctype_route_problems(app: App) -> list[str]:
	"""Doctype, page and workspace names share the /app/<slug> routes; doctype names are unique."""
	problems = []
	owners: dict[str, str] = {}
	for rec in app.records:
		if rec.kind not in ("doctype", "page", "workspace") or not isinstance(rec.data, dict):
			continue
		name = rec.data.get("name")
		if not isinstance(name, str):
			continue
		key = slug(name)
		if key in owners:
			problems.append(f"{rec.label}: /app/{key} is already the route of {owners[key]}")
		owners[key] = f"{rec.kind} {name!r} ({app.rel(rec.path)})"
	return problems


# ==================================================================================================
# Custom fields the app adds to other doctypes
# ==================================================================================================


def check_custom_fields(doctype: str, app: App) -> list[str]:
	fields = app.custom_fields_for(doctype)
	label = f"custom fields of {doctype!r}"
	if doctype in app.doctypes:
		return [f"{label}: {doctype!r} is the app's own doctype; add the fields to its JSON instead"]
	if not app.known_doctype(doctype):
		return [f"{label}: unknown doctype {doctype!r}"]
	problems = []
	names = [f.get("fieldname") for f in fields]
	for n in sorted({n for n in names if names.count(n) > 1}, key=str):
		problems.append(f"{label}: field {n!r} is defined twice")
	known = app.fields_of(doctype) or {}
	data = {"name": doctype}
	for f in fields:
		if not isinstance(f.get("fieldname"), str):
			problems.append(f"{label}: a field has no fieldname ({f.get('label')!r})")
			continue
		problems += field_problems(label, data, f, known, app, complete=False)
		insert_after = f.get("insert_after")
		if insert_after and insert_after not in known and insert_after not in STANDARD_FIELDS:
			problems.append(
				f"{label}: field {f['fieldname']!r}: insert_after {insert_after!r} is not a known field of "
				f"{doctype!r} (add it to KNOWN_EXTERNAL_FIELDS after checking v15)"
			)
	return problems


# ==================================================================================================
# Reports, workspaces, pages, print formats, charts, cards
# ==================================================================================================


def check_report(rec: Record, app: App) -> list[str]:
	data = rec.data
	if not isinstance(data, dict):
		return []
	problems = []
	label = rec.label
	report_type = data.get("report_type")
	if report_type not in REPORT_TYPES:
		problems.append(f"{label}: report_type {report_type!r} is not one of {', '.join(REPORT_TYPES)}")
	ref = data.get("ref_doctype")
	if not app.known_doctype(ref):
		problems.append(f"{label}: ref_doctype {ref!r} is not a known doctype")
	if data.get("is_standard") != "Yes":
		problems.append(f"{label}: is_standard must be 'Yes' for a report shipped in the app")
	if data.get("report_name") not in (None, data.get("name")):
		problems.append(
			f"{label}: report_name {data.get('report_name')!r} differs from name {data.get('name')!r}"
		)
	if report_type == "Script Report":
		if not app._is_package_path(rec.dir):
			problems.append(f"{label}: {app.rel(rec.dir)}/ (and the folders above) need __init__.py")
		module = app.py_module(rec.dir / f"{rec.folder}.py")
		if module is None:
			problems.append(f"{label}: Script Report without {rec.folder}.py")
		elif module.tree is None:
			problems.append(f"{rec.folder}.py: {module.error}")
		elif not _is_function(module.members.get("execute")):
			problems.append(f"{rec.folder}.py: no top-level def execute(filters=None)")
		else:
			why = _call_problem(module.members["execute"], 1)
			if why:
				problems.append(f"{rec.folder}.py: {why}")
		if not (rec.dir / f"{rec.folder}.js").is_file():
			problems.append(f"{label}: Script Report without {rec.folder}.js (its filters)")
	elif report_type == "Query Report" and not str(data.get("query") or "").strip():
		problems.append(f"{label}: Query Report without a query")
	return problems


def _link_target_problem(link_type, target, app: App) -> str:
	if link_type == "DocType":
		return "" if app.known_doctype(target) else f"unknown doctype {target!r}"
	if link_type == "Report":
		return (
			"" if target in app.reports or target in KNOWN_EXTERNAL_REPORTS else f"unknown report {target!r}"
		)
	if link_type == "Page":
		return "" if target in app.pages or target in KNOWN_EXTERNAL_PAGES else f"unknown page {target!r}"
	if link_type == "Dashboard":
		return "" if target else "no dashboard named"
	return f"unknown link type {link_type!r}"


def check_workspace(rec: Record, app: App) -> list[str]:
	data = rec.data
	if not isinstance(data, dict):
		return []
	problems = []
	label = rec.label
	if data.get("label") != data.get("name"):
		problems.append(
			f"{label}: label {data.get('label')!r} differs from name {data.get('name')!r} (autoname)"
		)
	if not data.get("title"):
		problems.append(f"{label}: no title (mandatory)")
	if not _on(data.get("public")) and not data.get("for_user"):
		problems.append(f"{label}: neither public nor anybody's private workspace: nobody sees it")
	names: dict[str, set] = {"cards": set()}
	links = [link for link in data.get("links") or [] if isinstance(link, dict)]
	for i, link in enumerate(links):
		if link.get("type") != "Card Break" or not link.get("link_count"):
			continue
		following = 0
		for nxt in links[i + 1 :]:
			if nxt.get("type") == "Card Break":
				break
			following += 1
		if int(link["link_count"]) != following:
			problems.append(
				f"{label}: card {link.get('label')!r} has link_count {link['link_count']} but {following} "
				"links follow it (editing the workspace would delete the wrong rows)"
			)
	for i, link in enumerate(data.get("links") or [], 1):
		if not isinstance(link, dict):
			continue
		if link.get("type") == "Card Break":
			names["cards"].add(link.get("label"))
			continue
		where = f"{label}: links row {i} ({link.get('label')!r})"
		if link.get("type") != "Link":
			problems.append(f"{where}: type {link.get('type')!r} is not Link or Card Break")
			continue
		why = _link_target_problem(link.get("link_type"), link.get("link_to"), app)
		if why:
			problems.append(f"{where}: {why}")
		report_data = app.reports.get(link.get("link_to")) if link.get("link_type") == "Report" else None
		if report_data is not None:
			query = report_data.get("report_type") in ("Script Report", "Query Report")
			if query != _on(link.get("is_query_report")):
				problems.append(
					f"{where}: is_query_report must be {int(query)} for a {report_data.get('report_type')} "
					"(it picks the report's route)"
				)
		for dep in [d.strip() for d in str(link.get("dependencies") or "").split(",") if d.strip()]:
			if not app.known_doctype(dep):
				problems.append(f"{where}: dependency {dep!r} is not a known doctype")
	for i, shortcut in enumerate(data.get("shortcuts") or [], 1):
		if not isinstance(shortcut, dict):
			continue
		where = f"{label}: shortcuts row {i} ({shortcut.get('label')!r})"
		if shortcut.get("type") == "URL":
			if not shortcut.get("url"):
				problems.append(f"{where}: URL shortcut without url")
		else:
			why = _link_target_problem(shortcut.get("type"), shortcut.get("link_to"), app)
			if why:
				problems.append(f"{where}: {why}")
	names["shortcuts"] = {s.get("label") for s in data.get("shortcuts") or [] if isinstance(s, dict)}
	names["charts"] = set()
	for chart in data.get("charts") or []:
		names["charts"].add(chart.get("label"))
		if chart.get("chart_name") not in app.dashboard_charts:
			problems.append(f"{label}: chart {chart.get('chart_name')!r} is not a Dashboard Chart of the app")
	names["number_cards"] = set()
	for card in data.get("number_cards") or []:
		names["number_cards"].add(card.get("label"))
		if card.get("number_card_name") not in app.number_cards:
			problems.append(
				f"{label}: number card {card.get('number_card_name')!r} is not a Number Card of the app"
			)
	names["quick_lists"] = set()
	for quick in data.get("quick_lists") or []:
		names["quick_lists"].add(quick.get("label"))
		if not app.known_doctype(quick.get("document_type")):
			problems.append(f"{label}: quick list of unknown doctype {quick.get('document_type')!r}")
	names["custom_blocks"] = {b.get("label") for b in data.get("custom_blocks") or [] if isinstance(b, dict)}
	parent_page = data.get("parent_page")
	if parent_page and parent_page not in app.workspaces:
		problems.append(f"{label}: parent_page {parent_page!r} is not a workspace of the app")

	content = data.get("content")
	if content in (None, ""):
		return problems
	try:
		blocks = json.loads(content) if isinstance(content, str) else content
	except ValueError as e:
		return [*problems, f"{label}: content is not valid JSON ({e})"]
	if not isinstance(blocks, list):
		return [*problems, f"{label}: content must be a JSON list of blocks"]
	for block in blocks:
		if not isinstance(block, dict) or block.get("type") not in WORKSPACE_BLOCKS:
			continue
		key, group = WORKSPACE_BLOCKS[block["type"]]
		ref = (block.get("data") or {}).get(key)
		if ref not in names[group]:
			problems.append(f"{label}: content shows {block['type']} {ref!r}, which is not in {group}")
	return problems


def check_page(rec: Record, app: App) -> list[str]:
	if not isinstance(rec.data, dict):
		return []
	problems = []
	if not (rec.dir / f"{rec.folder}.js").is_file():
		problems.append(f"{rec.label}: page without {rec.folder}.js")
	if not (rec.dir / "__init__.py").is_file():
		problems.append(f"{rec.label}: {app.rel(rec.dir)}/__init__.py is missing")
	return problems


def check_print_format(rec: Record, app: App) -> list[str]:
	data = rec.data
	if not isinstance(data, dict):
		return []
	problems = []
	if not app.known_doctype(data.get("doc_type")):
		problems.append(f"{rec.label}: doc_type {data.get('doc_type')!r} is not a known doctype")
	if data.get("standard") != "Yes":
		problems.append(f"{rec.label}: standard must be 'Yes' for a print format shipped in the app")
	if data.get("print_format_type") not in (None, "Jinja", "JS"):
		problems.append(
			f"{rec.label}: print_format_type {data.get('print_format_type')!r} is not Jinja or JS"
		)
	return problems


def _doctype_field_problem(label, doctype, fieldname, app: App) -> str:
	if not fieldname or doctype not in app.doctypes:
		return ""
	if fieldname in _fieldmap(app.doctypes[doctype]) or fieldname in STANDARD_FIELDS:
		return ""
	return f"{label}: {doctype!r} has no field {fieldname!r}"


def check_dashboard_chart(rec: Record, app: App) -> list[str]:
	data = rec.data
	if not isinstance(data, dict):
		return []
	problems = []
	chart_type = data.get("chart_type")
	if chart_type in ("Count", "Sum", "Average", "Group By"):
		doctype = data.get("document_type")
		if not app.known_doctype(doctype):
			problems.append(f"{rec.label}: document_type {doctype!r} is not a known doctype")
		for key in ("based_on", "value_based_on", "group_by_based_on", "aggregate_function_based_on"):
			why = _doctype_field_problem(f"{rec.label}: {key}", doctype, data.get(key), app)
			if why:
				problems.append(why)
	elif chart_type == "Report":
		report_name = data.get("report_name")
		if report_name not in app.reports and report_name not in KNOWN_EXTERNAL_REPORTS:
			problems.append(f"{rec.label}: report_name {report_name!r} is not a known report")
	elif chart_type != "Custom":
		problems.append(
			f"{rec.label}: chart_type {chart_type!r} is not Count, Sum, Average, Group By, Custom, Report"
		)
	return problems


def check_number_card(rec: Record, app: App) -> list[str]:
	data = rec.data
	if not isinstance(data, dict):
		return []
	problems = []
	card_type = data.get("type")
	if card_type == "Document Type":
		doctype = data.get("document_type")
		if not app.known_doctype(doctype):
			problems.append(f"{rec.label}: document_type {doctype!r} is not a known doctype")
		why = _doctype_field_problem(
			f"{rec.label}: aggregate_function_based_on", doctype, data.get("aggregate_function_based_on"), app
		)
		if why:
			problems.append(why)
	elif card_type == "Report":
		if (
			data.get("report_name") not in app.reports
			and data.get("report_name") not in KNOWN_EXTERNAL_REPORTS
		):
			problems.append(f"{rec.label}: report_name {data.get('report_name')!r} is not a known report")
	elif card_type == "Custom":
		node, why = app.resolve(data.get("method"))
		if node is None:
			problems.append(f"{rec.label}: method {why}")
		elif not _is_whitelisted(node):
			problems.append(f"{rec.label}: method {data.get('method')!r} is not @frappe.whitelist()ed")
	else:
		problems.append(f"{rec.label}: type {card_type!r} is not Document Type, Report or Custom")
	return problems


RECORD_CHECKERS = {
	"report": check_report,
	"workspace": check_workspace,
	"page": check_page,
	"print_format": check_print_format,
	"dashboard_chart": check_dashboard_chart,
	"number_card": check_number_card,
}


# ==================================================================================================
# hooks.py
# ==================================================================================================


@dataclass(frozen=True)
class HookRef:
	"""One dotted path named in hooks.py, and how Frappe calls it."""

	where: str  # e.g. "doc_events['Sales Invoice'].on_submit"
	path: object
	positional: int | None = None  # positional arguments Frappe passes; None: called via frappe.call
	keywords: tuple = ()
	whitelisted: bool = False  # must be @frappe.whitelist()ed
	kind: str = "function"  # "function", "class" or "function or module"

	@property
	def id(self) -> str:
		return f"{self.where}={self.path}"


def hook_refs(app: App) -> list[HookRef]:
	"""Every dotted path hooks.py names (values of the wrong shape are reported by check_hook_shapes)."""
	hooks = app.hooks.values
	refs: list[HookRef] = []
	for hook, positional in METHOD_HOOKS.items():
		for path in _as_list(hooks.get(hook)):
			refs.append(HookRef(hook, path, positional))
	for hook in DOCTYPE_METHOD_HOOKS:
		value = hooks.get(hook)
		if not isinstance(value, dict):
			continue
		for doctype, paths in value.items():
			for path in _as_list(paths):
				where = f"{hook}[{doctype!r}]"
				if hook == "override_doctype_class":
					refs.append(HookRef(where, path, None, kind="class"))
				elif hook == "standard_queries":
					# desk/search.search_widget: whitelisted, called with (doctype, txt, searchfield, start,
					# page_len, filters)
					refs.append(HookRef(where, path, 6, whitelisted=True))
				else:
					refs.append(HookRef(where, path, None))
	value = hooks.get("override_whitelisted_methods")
	if isinstance(value, dict):
		for original, path in value.items():
			refs.append(HookRef(f"override_whitelisted_methods[{original!r}]", path, None, whitelisted=True))
	value = hooks.get("doc_events")
	if isinstance(value, dict):
		for doctype, events in value.items():
			if not isinstance(events, dict):
				continue
			for event, paths in events.items():
				n = 2 + DOC_EVENT_EXTRA_ARGS.get(event, 0)
				for path in _as_list(paths):
					refs.append(
						HookRef(
							f"doc_events[{doctype!r}].{event}", path, n, DOC_EVENT_KEYWORDS.get(event, ())
						)
					)
	value = hooks.get("scheduler_events")
	if isinstance(value, dict):
		for frequency, events in value.items():
			if isinstance(events, dict):
				for cron, paths in events.items():
					for path in _as_list(paths):
						refs.append(HookRef(f"scheduler_events.{frequency}[{cron!r}]", path, 0))
			else:
				for path in _as_list(events):
					refs.append(HookRef(f"scheduler_events.{frequency}", path, 0))
	value = hooks.get("jinja")
	if isinstance(value, dict):
		for key in ("methods", "filters"):
			for path in _as_list(value.get(key)):
				refs.append(HookRef(f"jinja.{key}", path, None, kind="function or module"))
	value = hooks.get("naming_series_variables")
	if isinstance(value, dict):
		for variable, paths in value.items():
			for path in _as_list(paths):
				refs.append(HookRef(f"naming_series_variables[{variable!r}]", path, 2))
	return refs


def check_hook_ref(ref: HookRef, app: App) -> list[str]:
	where = f"hooks.py {ref.where}"
	if not isinstance(ref.path, str):
		return [f"{where}: {ref.path!r} is not a dotted path string"]
	if ref.path in KNOWN_EXTERNAL_METHODS:
		return []
	if ref.kind == "function or module" and app.module_file(ref.path) is not None:
		return []
	node, why = app.resolve(ref.path)
	if node is None:
		return [f"{where}: {why}"]
	if ref.kind == "class" and not isinstance(node, ast.ClassDef | ast.ImportFrom | ast.Import):
		return [f"{where}: {ref.path!r} is not a class"]
	if ref.kind != "class" and isinstance(node, ast.ClassDef):
		return [f"{where}: {ref.path!r} is a class, Frappe calls a function here"]
	problems = []
	if ref.positional is not None or ref.keywords:
		why = _call_problem(node, ref.positional, ref.keywords)
		if why:
			problems.append(f"{where}: {ref.path}: {why}")
	if ref.whitelisted and _is_function(node) and not _is_whitelisted(node):
		problems.append(f"{where}: {ref.path!r} is not @frappe.whitelist()ed (Frappe refuses to call it)")
	return problems


def check_hooks_file(app: App) -> list[str]:
	"""hooks.py parses, its hooks are literal, assigned once; the app's identity."""
	hooks = app.hooks
	if hooks.error:
		return [hooks.error]
	problems = []
	for name, why in hooks.non_literal.items():
		problems.append(f"hooks.py: {name} cannot be read statically ({why})")
	for name, lines in hooks.lines.items():
		if len(lines) > 1:
			problems.append(
				f"hooks.py: {name} is assigned on lines {', '.join(map(str, lines))}; "
				"only the last one counts"
			)
	values = hooks.values
	if values.get("app_name") != app.name:
		problems.append(f"hooks.py: app_name is {values.get('app_name')!r}, must be {app.name!r}")
	for key in ("app_title", "app_publisher", "app_description", "app_email", "app_license"):
		if not isinstance(values.get(key), str) or not values.get(key).strip():
			problems.append(f"hooks.py: {key} is missing or empty")
	required = values.get("required_apps")
	if not isinstance(required, list | tuple) or "erpnext" not in required:
		problems.append(f"hooks.py: required_apps must be a list containing 'erpnext', not {required!r}")
	return problems


def check_hook_shapes(app: App) -> list[str]:
	"""Hook values have the shapes Frappe expects; doctypes, doc events and scheduler frequencies exist."""
	values = app.hooks.values
	problems = []
	for hook in METHOD_HOOKS:
		if hook in values and not all(isinstance(v, str) for v in _as_list(values[hook])):
			problems.append(f"hooks.py: {hook} must be a dotted path or a list of them")
	for hook in (*DOCTYPE_METHOD_HOOKS, *DOCTYPE_JS_HOOKS, "override_whitelisted_methods", "jinja"):
		if hook in values and not isinstance(values[hook], dict):
			problems.append(f"hooks.py: {hook} must be a dict")
	for hook in (*DOCTYPE_METHOD_HOOKS, *DOCTYPE_JS_HOOKS):
		value = values.get(hook)
		for doctype in value if isinstance(value, dict) else ():
			if doctype != "*" and not app.known_doctype(doctype):
				problems.append(f"hooks.py: {hook} names unknown doctype {doctype!r}")
	doc_events = values.get("doc_events")
	if doc_events is not None and not isinstance(doc_events, dict):
		problems.append("hooks.py: doc_events must be a dict")
	for key, events in doc_events.items() if isinstance(doc_events, dict) else ():
		for doctype in key if isinstance(key, tuple) else (key,):
			if doctype != "*" and not app.known_doctype(doctype):
				problems.append(f"hooks.py: doc_events names unknown doctype {doctype!r}")
		if not isinstance(events, dict):
			problems.append(f"hooks.py: doc_events[{key!r}] must be a dict of event -> dotted path(s)")
			continue
		for event, paths in events.items():
			if event not in DOC_EVENTS:
				problems.append(f"hooks.py: doc_events[{key!r}] has unknown event {event!r}")
			if not all(isinstance(p, str) for p in _as_list(paths)):
				problems.append(
					f"hooks.py: doc_events[{key!r}].{event} must be a dotted path or a list of them"
				)
	scheduler = values.get("scheduler_events")
	if scheduler is not None and not isinstance(scheduler, dict):
		problems.append("hooks.py: scheduler_events must be a dict")
	for frequency, events in scheduler.items() if isinstance(scheduler, dict) else ():
		if frequency not in SCHEDULER_FREQUENCIES:
			problems.append(f"hooks.py: scheduler_events has unknown frequency {frequency!r}")
		if frequency == "cron":
			if not isinstance(events, dict):
				problems.append("hooks.py: scheduler_events.cron must be a dict of cron expression -> paths")
				continue
			for cron in events:
				why = _cron_problem(cron)
				if why:
					problems.append(f"hooks.py: scheduler_events.cron {cron!r}: {why}")
		elif not isinstance(events, list | tuple):
			problems.append(f"hooks.py: scheduler_events.{frequency} must be a list of dotted paths")
	jinja = values.get("jinja")
	if isinstance(jinja, dict):
		for key in jinja:
			if key not in ("methods", "filters"):
				problems.append(f"hooks.py: jinja has unknown key {key!r} (methods, filters)")
	for hook in ("treeviews", "calendars", "ignore_links_on_delete", "auto_cancel_exempted_doctypes"):
		for doctype in _as_list(values.get(hook)):
			if not app.known_doctype(doctype):
				problems.append(f"hooks.py: {hook} names unknown doctype {doctype!r}")
	return problems


def _cron_problem(cron) -> str:
	if not isinstance(cron, str):
		return "not a string"
	if cron.startswith("@"):
		ok = cron in ("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly")
		return "" if ok else "unknown @ shortcut"
	parts = cron.split()
	if len(parts) not in (5, 6):
		return f"has {len(parts)} fields, a cron expression has 5"
	for part in parts:
		if not CRON_FIELD.match(part):
			return f"field {part!r} is not valid cron syntax"
	return ""


@dataclass(frozen=True)
class AssetRef:
	hook: str
	key: str | None
	path: object

	@property
	def id(self) -> str:
		return f"{self.hook}[{self.key}]={self.path}" if self.key else f"{self.hook}={self.path}"


def asset_refs(app: App) -> list[AssetRef]:
	values = app.hooks.values
	refs = []
	for hook in (*DOCTYPE_JS_HOOKS, "page_js"):
		value = values.get(hook)
		if isinstance(value, dict):
			for key, paths in value.items():
				refs += [AssetRef(hook, key, p) for p in _as_list(paths)]
	for hook in ASSET_HOOKS:
		refs += [AssetRef(hook, None, p) for p in _as_list(values.get(hook))]
	return refs


def check_asset_ref(ref: AssetRef, app: App) -> list[str]:
	"""doctype_js-like paths are relative to the app package (desk/form/meta.get_code_files_via_hooks);
	app_include_* entries are esbuild bundle names (public/**/<name>.bundle.<ext>) or /assets/<app>/... URLs
	(served from <app>/public)."""
	where = f"hooks.py {ref.id}"
	path = ref.path
	if not isinstance(path, str) or not path.strip():
		return [f"{where}: not a path string"]
	if ref.hook in (*DOCTYPE_JS_HOOKS, "page_js"):
		target = app.root.joinpath(*path.strip("/").split("/"))
		if not target.is_file():
			return [f"{where}: {app.rel(target)} does not exist (paths are relative to the app package)"]
		return []
	if path.startswith(("http://", "https://")):
		return []
	if ".bundle." in path and not path.startswith("/assets"):
		stem, _, ext = path.rpartition(".")
		sources = {"js": ("js", "ts", "jsx"), "css": ("css", "scss", "sass", "less", "styl")}.get(ext)
		if sources is None or "/" in path:
			return [f"{where}: a bundle name looks like <name>.bundle.js or <name>.bundle.css"]
		public = app.root / "public"
		found = public.is_dir() and any(
			p for p in public.rglob(f"{stem}.*") if p.suffix[1:] in sources and "node_modules" not in p.parts
		)
		if not found:
			return [
				f"{where}: no {stem}.{{{','.join(sources)}}} under {app.rel(public)}/ for esbuild to build"
			]
		return []
	prefix = f"/assets/{app.name}/"
	if path.startswith(prefix):
		target = app.root / "public" / path[len(prefix) :]
		if not target.is_file():
			return [f"{where}: {app.rel(target)} does not exist (/assets/{app.name}/ is {app.name}/public/)"]
		return []
	if path.startswith(("/assets/frappe/", "/assets/erpnext/")):
		return []
	return [f"{where}: neither a <name>.bundle.js/.css bundle nor an /assets/{app.name}/... path"]


# ==================================================================================================
# Fixtures
# ==================================================================================================


def fixture_hook_entries(app: App) -> list:
	value = app.hooks.values.get("fixtures")
	return list(value) if isinstance(value, list | tuple) else []


def check_fixture_file(fixture: FixtureFile, app: App) -> list[str]:
	if fixture.error:
		return [fixture.error]
	label = fixture.label
	if not isinstance(fixture.data, list):
		return [f"{label}: top level must be a JSON list of documents"]
	problems = []
	names: dict[tuple, int] = {}
	doctypes = set()
	for i, doc in enumerate(fixture.data, 1):
		if not isinstance(doc, dict):
			problems.append(f"{label}: item {i} is not an object")
			continue
		doctype, name = doc.get("doctype"), doc.get("name")
		if not isinstance(doctype, str) or not doctype:
			problems.append(f"{label}: item {i} has no doctype")
			continue
		doctypes.add(doctype)
		if not isinstance(name, str) or not name:
			problems.append(f"{label}: item {i} ({doctype}) has no name")
			continue
		if (doctype, name) in names:
			problems.append(
				f"{label}: {doctype} {name!r} appears twice (items {names[(doctype, name)]} and {i})"
			)
		names[(doctype, name)] = i
		if not app.known_doctype(doctype):
			problems.append(f"{label}: {name!r} is of unknown doctype {doctype!r}")
		problems += _fixture_doc_problems(label, doc, app)
	if len(doctypes) == 1:
		(doctype,) = doctypes
		if fixture.path.stem != scrub(doctype):
			problems.append(
				f"{label}: holds {doctype} records; export_fixtures writes them to {scrub(doctype)}.json"
			)
	elif len(doctypes) > 1:
		problems.append(f"{label}: mixes doctypes {', '.join(sorted(doctypes))}")
	return problems


def _fixture_doc_problems(label: str, doc: dict, app: App) -> list[str]:
	doctype, name = doc["doctype"], doc["name"]
	where = f"{label}: {doctype} {name!r}"
	problems = []
	if doctype == "Role":
		if doc.get("role_name") not in (None, name):
			problems.append(f"{where}: role_name {doc.get('role_name')!r} differs from name")
		home = doc.get("home_page")
		if home:
			why = _route_problem(home, app)
			if why:
				problems.append(f"{where}: home_page {home!r}: {why}")
	elif doctype == "Custom Field":
		dt, fieldname = doc.get("dt"), doc.get("fieldname")
		if not app.known_doctype(dt):
			problems.append(f"{where}: dt {dt!r} is not a known doctype")
		if name != f"{dt}-{fieldname}":
			problems.append(f"{where}: name must be '<dt>-<fieldname>' ({dt}-{fieldname})")
		if doc.get("fieldtype") not in FIELDTYPES:
			problems.append(f"{where}: unknown fieldtype {doc.get('fieldtype')!r}")
	elif doctype == "Property Setter":
		if not app.known_doctype(doc.get("doc_type")):
			problems.append(f"{where}: doc_type {doc.get('doc_type')!r} is not a known doctype")
	return problems


def _route_problem(route: str, app: App) -> str:
	"""'' when /app/<slug> is a workspace, doctype or page of the app or a known doctype."""
	if not route.startswith("/app/"):
		return ""
	first = route[len("/app/") :].strip("/").split("/")[0]
	if not first:
		return ""
	targets = {slug(n) for n in (*app.workspaces, *app.doctypes, *app.pages, *KNOWN_EXTERNAL_DOCTYPES)}
	targets |= set(KNOWN_EXTERNAL_PAGES)
	if first in targets:
		return ""
	return (
		f"/app/{first} is no workspace, page or doctype of the app (the role's users land on a missing page)"
	)


def check_fixture_hook_entry(entry, app: App) -> list[str]:
	"""A `fixtures` hook entry: a doctype name or {"dt"/"doctype": ..., "filters": ...}, with its file."""
	if isinstance(entry, dict):
		doctype = entry.get("dt") or entry.get("doctype")
		filters = entry.get("filters")
	else:
		doctype, filters = entry, None
	where = f"hooks.py fixtures {doctype!r}"
	if not isinstance(doctype, str):
		return [f"hooks.py fixtures: entry {entry!r} names no doctype (use 'dt' or 'doctype')"]
	problems = []
	if not app.known_doctype(doctype):
		problems.append(f"{where}: unknown doctype")
	path = app.root / "fixtures" / f"{scrub(doctype)}.json"
	if not path.is_file():
		return [*problems, f"{where}: {app.rel(path)} does not exist (run bench export-fixtures)"]
	records = app.fixture_records(doctype)
	for flt in _simple_filters(filters):
		fieldname, op, value = flt
		for doc in records:
			if not _filter_matches(doc.get(fieldname), op, value):
				problems.append(
					f"{where}: fixture {doc.get('name')!r} does not match filter {list(flt)!r}; "
					"export-fixtures would drop it"
				)
	if op_filters := [f for f in _simple_filters(filters) if f[1] == "in" and f[0] == "name"]:
		wanted = set(op_filters[0][2])
		missing = sorted(wanted - {d.get("name") for d in records})
		if missing:
			problems.append(
				f"{where}: filter names {', '.join(map(repr, missing))}, missing from {path.name}"
			)
	return problems


def _simple_filters(filters) -> list[tuple]:
	if isinstance(filters, dict):
		return [
			(k, "=", v) if not isinstance(v, list | tuple) else (k, v[0], v[1]) for k, v in filters.items()
		]
	out = []
	for f in filters or []:
		if isinstance(f, list | tuple) and len(f) == 3 and f[1] in ("=", "in", "!=", "not in"):
			out.append(tuple(f))
		elif isinstance(f, list | tuple) and len(f) == 4 and f[2] in ("=", "in", "!=", "not in"):
			out.append(tuple(f[1:]))
	return out


def _filter_matches(actual, op, value) -> bool:
	if op == "=":
		return actual == value
	if op == "!=":
		return actual != value
	if op == "in":
		return actual in value
	return actual not in value


def roles_in_use(app: App) -> dict[str, list[str]]:
	"""role -> where the app grants it (doctype permissions, report/page/workspace roles)."""
	used: dict[str, list[str]] = {}
	for rec in app.records:
		if not isinstance(rec.data, dict):
			continue
		for row in (rec.data.get("permissions") or []) + (rec.data.get("roles") or []):
			if isinstance(row, dict) and row.get("role"):
				used.setdefault(row["role"], []).append(rec.label)
	return used


# ==================================================================================================
# Package files
# ==================================================================================================


def check_version(app: App) -> list[str]:
	init = app.py_module(app.root / "__init__.py")
	if init is None:
		return [f"{app.name}/__init__.py is missing"]
	if init.tree is None:
		return [f"{app.name}/__init__.py: {init.error}"]
	version = module_literal(init.tree, "__version__")
	if not isinstance(version, str):
		return [f'{app.name}/__init__.py: no literal __version__ = "x.y.z"']
	if not VERSION_PATTERN.match(version):
		return [f"{app.name}/__init__.py: __version__ {version!r} is not a PEP 440 version"]
	return []


def module_literal(tree: ast.Module, name: str):
	return module_literals(tree).get(name)


def check_modules_txt(app: App) -> list[str]:
	path = app.root / "modules.txt"
	if not path.is_file():
		return [f"{app.name}/modules.txt is missing"]
	if not app.module_names:
		return [f"{app.name}/modules.txt lists no module"]
	problems = []
	for module in app.module_names:
		if app.module_names.count(module) > 1:
			problems.append(f"modules.txt: {module!r} is listed twice")
		folder = app.root / scrub(module)
		if not folder.is_dir():
			problems.append(f"modules.txt: module {module!r} has no folder {app.rel(folder)}/")
		elif not (folder / "__init__.py").is_file():
			problems.append(f"modules.txt: module folder {app.rel(folder)}/ has no __init__.py")
	return sorted(set(problems), key=problems.index)


def patch_lines(app: App) -> tuple[list[tuple[str, str]], list[str]]:
	"""([(section, patch line)], problems) of patches.txt, parsed like frappe.modules.patch_handler."""
	path = app.root / "patches.txt"
	if not path.is_file():
		return [], [f"{app.name}/patches.txt is missing (bench migrate reads it)"]
	parser = configparser.ConfigParser(allow_no_value=True, delimiters="\n")
	parser.optionxform = str
	try:
		parser.read_string(path.read_text(encoding="utf-8"))
	except configparser.MissingSectionHeaderError:
		lines = [ln.strip() for ln in path.read_text().splitlines() if ln.strip() and not ln.startswith("#")]
		return [("", ln) for ln in lines], []
	except configparser.Error as e:
		return [], [f"patches.txt: cannot be parsed ({e.__class__.__name__}: {e})"]
	problems = []
	if parser.sections():
		for section in ("pre_model_sync", "post_model_sync"):
			if section not in parser.sections():
				problems.append(
					f"patches.txt: no [{section}] section (bench migrate throws 'Patch type not found')"
				)
		for section in parser.sections():
			if section not in ("pre_model_sync", "post_model_sync"):
				problems.append(f"patches.txt: section [{section}] is never run")
	lines = [(s, patch) for s in parser.sections() for patch in parser[s]]
	return lines, problems


def check_patch_line(line: str, app: App) -> list[str]:
	where = f"patches.txt {line!r}"
	if line.startswith("execute:"):
		try:
			compile(line[len("execute:") :], "patches.txt", "exec")
		except SyntaxError as e:
			return [f"{where}: the execute: code does not compile ({e.msg})"]
		return []
	dotted = line.removeprefix("finally:").split(maxsplit=1)[0] if line.strip() else ""
	path = app.module_file(dotted)
	if path is None:
		return [f"{where}: {dotted!r} is not a module of the app (or a folder lacks __init__.py)"]
	module = app.py_module(path)
	if module.tree is None:
		return [f"{where}: {app.rel(path)} has a {module.error}"]
	node = module.members.get("execute")
	if not _is_function(node):
		return [f"{where}: {app.rel(path)} has no top-level def execute()"]
	why = _call_problem(node, 0)
	return [f"{where}: {why}"] if why else []


def check_setup_py(app: App) -> list[str]:
	path = app.repo_root / "setup.py"
	if not path.is_file():
		return ["setup.py is missing"]
	module = app.py_module(path)
	if module.tree is None:
		return [f"setup.py: {module.error}"]
	problems = []
	for node in ast.walk(module.tree):
		if isinstance(node, ast.Constant) and isinstance(node.value, str):
			if re.fullmatch(r"[\w.-]+\.(md|rst|txt|cfg|toml|in)", node.value) and "/" not in node.value:
				if not (app.repo_root / node.value).is_file():
					problems.append(
						f"setup.py: reads {node.value!r}, which does not exist: pip install fails"
					)
	if not any(
		isinstance(n, ast.Call) and ast.unparse(n.func).endswith("setup") for n in ast.walk(module.tree)
	):
		problems.append("setup.py: never calls setup()")
	return problems


def check_pyproject(app: App) -> list[str]:
	try:
		import tomllib
	except ModuleNotFoundError:  # Python 3.10
		try:
			import tomli as tomllib
		except ModuleNotFoundError:
			return []
	path = app.repo_root / "pyproject.toml"
	if not path.is_file():
		return ["pyproject.toml is missing"]
	try:
		data = tomllib.loads(path.read_text(encoding="utf-8"))
	except tomllib.TOMLDecodeError as e:
		return [f"pyproject.toml: not valid TOML ({e})"]
	problems = []
	if "build-system" not in data:
		problems.append("pyproject.toml: no [build-system]")
	project = data.get("project")
	if isinstance(project, dict) and project.get("name") not in (None, app.name):
		problems.append(f"pyproject.toml: [project] name {project.get('name')!r} is not {app.name!r}")
	deps = data.get("tool", {}).get("bench", {}).get("frappe-dependencies")
	if not isinstance(deps, dict):
		return [*problems, "pyproject.toml: no [tool.bench.frappe-dependencies]"]
	if "frappe" not in deps:
		problems.append("pyproject.toml: [tool.bench.frappe-dependencies] has no frappe entry")
	for app_name, spec in deps.items():
		why = _spec_problem(spec)
		if why:
			problems.append(f"pyproject.toml: frappe-dependencies {app_name} = {spec!r}: {why}")
	return problems


def _version_tuple(v: str) -> tuple:
	return tuple(int(x) for x in re.findall(r"\d+", v)[:3]) + (0,) * (3 - len(re.findall(r"\d+", v)[:3]))


def _spec_problem(spec) -> str:
	"""'' when spec is a comma-separated version range that admits a v15 release."""
	if not isinstance(spec, str) or not spec.strip():
		return "not a version range string"
	clauses = []
	for clause in spec.split(","):
		m = re.fullmatch(r"\s*(>=|<=|==|!=|~=|>|<)\s*(\d+(\.\d+)*(\.\*)?)\s*", clause)
		if not m:
			return f"clause {clause.strip()!r} is not <op><version>"
		clauses.append((m.group(1), m.group(2)))
	ops = {
		">=": lambda a, b: a >= b,
		"<=": lambda a, b: a <= b,
		">": lambda a, b: a > b,
		"<": lambda a, b: a < b,
		"==": lambda a, b: a == b,
		"!=": lambda a, b: a != b,
		"~=": lambda a, b: a >= b,
	}
	samples = [(15, minor, 0) for minor in range(0, 200)]
	if not any(all(ops[op](v, _version_tuple(ver)) for op, ver in clauses) for v in samples):
		return "admits no v15 release"
	return ""


def python_package_problems(app: App) -> list[str]:
	"""Folders holding .py files are packages (__init__.py): Frappe imports them, find_packages ships them."""
	problems = []
	skip = {"__pycache__", "node_modules", "public"}
	for folder in [app.root, *sorted(p for p in app.root.rglob("*") if p.is_dir())]:
		if skip & set(folder.relative_to(app.root).parts):
			continue
		has_py = any(folder.glob("*.py"))
		has_sub_package = any((sub / "__init__.py").is_file() for sub in folder.iterdir() if sub.is_dir())
		if (has_py or has_sub_package) and not (folder / "__init__.py").is_file():
			problems.append(f"{app.rel(folder)}/ holds Python code but has no __init__.py")
	return problems


def python_syntax_problems(app: App, files: list[Path] | None = None) -> list[str]:
	"""Every .py of the app parses as Python 3.10 (setup.py's python_requires)."""
	problems = []
	for path in files if files is not None else sorted(app.root.rglob("*.py")):
		if "node_modules" in path.parts:
			continue
		try:
			ast.parse(path.read_text(encoding="utf-8"), filename=str(path), feature_version=(3, 10))
		except SyntaxError as e:
			problems.append(f"{app.rel(path)}: syntax error (Python 3.10) line {e.lineno}: {e.msg}")
		except UnicodeDecodeError as e:
			problems.append(f"{app.rel(path)}: not UTF-8 ({e})")
	return problems


def python_import_problems(app: App, files: list[Path] | None = None) -> list[str]:
	"""Imports of the app's own modules (`from salon_crm.x import y`, `import salon_crm.x`, relative imports)
	name module files of the app and names those modules define."""
	problems = []
	for path in files if files is not None else sorted(app.root.rglob("*.py")):
		if "node_modules" in path.parts:
			continue
		module = app.py_module(path)
		if module is None or module.tree is None:
			continue
		package = path.parent.relative_to(app.repo_root).parts
		for node in ast.walk(module.tree):
			if isinstance(node, ast.Import):
				targets = [(alias.name, None) for alias in node.names]
			elif isinstance(node, ast.ImportFrom):
				if node.level:
					base = package[: len(package) - node.level + 1]
					if not base:
						continue
					name = ".".join([*base, node.module] if node.module else base)
				else:
					name = node.module or ""
				targets = [(name, alias.name) for alias in node.names]
			else:
				continue
			for dotted, attr in targets:
				if dotted.split(".")[0] != app.name:
					continue
				where = f"{app.rel(path)}:{node.lineno}"
				target = app.module_file(dotted)
				if target is None:
					problems.append(f"{where}: imports {dotted}, which is not a module of the app")
					continue
				if attr in (None, "*"):
					continue
				target_module = app.py_module(target)
				if target_module.tree is None:
					continue
				if attr not in target_module.members and app.module_file(f"{dotted}.{attr}") is None:
					problems.append(f"{where}: imports {attr} from {dotted}, which defines no {attr}")
	return problems


def json_syntax_problems(app: App) -> list[str]:
	problems = []
	for path in sorted(app.root.rglob("*.json")):
		if "node_modules" in path.parts:
			continue
		try:
			json.loads(path.read_text(encoding="utf-8"))
		except (ValueError, UnicodeDecodeError) as e:
			problems.append(f"{app.rel(path)}: not valid JSON ({e})")
	return problems
