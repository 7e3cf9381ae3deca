"""The checkers can fail: a small, valid app is built in tmp_path, broken one way at a time, and the checker
meant to catch each break must report it (and report nothing on the valid app)."""

import json
import textwrap

import pytest

from .appfiles import App, Record, controller_class_name, load_hooks, scrub
from .checks import (
	asset_refs,
	check_asset_ref,
	check_custom_fields,
	check_doctype_controller,
	check_doctype_definition,
	check_doctype_properties,
	check_fields,
	check_fixture_file,
	check_fixture_hook_entry,
	check_hook_ref,
	check_hook_shapes,
	check_hooks_file,
	check_modules_txt,
	check_naming,
	check_patch_line,
	check_permissions,
	check_pyproject,
	check_record_file,
	check_report,
	check_setup_py,
	check_version,
	check_workspace,
	doctype_route_problems,
	fixture_hook_entries,
	hook_refs,
	patch_lines,
	python_import_problems,
	python_package_problems,
	python_syntax_problems,
	unloaded_record_folders,
)

HOOKS = """
app_name = "salon_crm"
app_title = "Salon CRM"
app_publisher = "x"
app_description = "x"
app_email = "x@example.com"
app_license = "mit"
required_apps = ["erpnext"]
after_install = "salon_crm.install.after_install"
app_include_js = ["salon_crm.bundle.js"]
doctype_js = {"Sales Invoice": "public/js/sales_invoice.js"}
doc_events = {"Sales Invoice": {"on_submit": "salon_crm.events.on_submit"}}
scheduler_events = {"daily": ["salon_crm.events.daily"], "cron": {"0 3 * * *": ["salon_crm.events.daily"]}}
fixtures = [{"dt": "Role", "filters": [["name", "in", ["Salon Manager"]]]}]
"""

PY_FILES = {
	"install.py": "def after_install():\n\tpass\n",
	"events.py": "def on_submit(doc, method=None):\n\tpass\n\n\ndef daily():\n\tpass\n",
	"patches/__init__.py": "",
	"patches/v0_1/__init__.py": "",
	"patches/v0_1/fix_things.py": "def execute():\n\tpass\n",
	"public/js/sales_invoice.js": "",
	"public/js/salon_crm.bundle.js": "",
}

PATCHES = "[pre_model_sync]\n\n[post_model_sync]\nsalon_crm.patches.v0_1.fix_things\n"

ROLES = [
	{"doctype": "Role", "name": "Salon Manager", "role_name": "Salon Manager", "home_page": "/app/client"}
]


def field(fieldname, fieldtype="Data", **props):
	return {"fieldname": fieldname, "fieldtype": fieldtype, "label": fieldname.title(), **props}


def doctype(name, fields, **props):
	data = {
		"doctype": "DocType",
		"name": name,
		"module": "Salon CRM",
		"fields": fields,
		"field_order": [f["fieldname"] for f in fields],
		"permissions": [{"role": "System Manager", "read": 1, "write": 1, "create": 1}],
		"sort_field": "modified",
		"sort_order": "DESC",
		"links": [],
		"actions": [],
	}
	data.update(props)
	if data.get("istable"):
		data["permissions"] = []
	return data


def valid_doctypes():
	return [
		doctype(
			"Client",
			[
				field("naming_series", "Select", options="CL-.#####", default="CL-.#####"),
				field("full_name", reqd=1),
				field("photo", "Attach Image"),
				field("company", "Link", options="Company"),
				field("currency", "Link", options="Currency", fetch_from="company.default_currency"),
				field("married", "Check"),
				field("anniversary", "Date", depends_on="eval:doc.married"),
				field("balance", "Currency", options="currency"),
				field("visits", "Table", options="Client Visit"),
			],
			autoname="naming_series:",
			title_field="full_name",
			image_field="photo",
			search_fields="full_name",
			links=[{"link_doctype": "Client Visit Log", "link_fieldname": "client"}],
		),
		doctype(
			"Client Visit", [field("visit_date", "Date"), field("item", "Link", options="Item")], istable=1
		),
		doctype(
			"Client Visit Log",
			[
				field("client", "Link", options="Client"),
				field("client_name", fetch_from="client.full_name"),
				field("amended_from", "Link", options="Client Visit Log", read_only=1),
			],
			autoname="format:LOG-{client}-{#####}",
			is_submittable=1,
			permissions=[
				{
					"role": "Salon Manager",
					"read": 1,
					"write": 1,
					"create": 1,
					"submit": 1,
					"cancel": 1,
					"amend": 1,
				}
			],
		),
	]


def write(path, text):
	path.parent.mkdir(parents=True, exist_ok=True)
	path.write_text(text)


def make_app(tmp_path, doctypes=None, hooks=HOOKS, fixtures=None, files=None, patches=PATCHES, edit=None):
	"""A minimal salon_crm app tree; edit(name, data) may change a doctype's data before it is written."""
	repo = tmp_path / "repo"
	root = repo / "salon_crm"
	write(root / "__init__.py", '__version__ = "0.1.0"\n')
	write(root / "modules.txt", "Salon CRM\n")
	write(root / "hooks.py", textwrap.dedent(hooks))
	write(root / "patches.txt", patches)
	write(root / "salon_crm" / "__init__.py", "")
	write(root / "salon_crm" / "doctype" / "__init__.py", "")
	for data in valid_doctypes() if doctypes is None else doctypes:
		folder = root / "salon_crm" / "doctype" / scrub(data["name"])
		class_name = controller_class_name(data["name"])
		if edit:
			data = edit(data["name"], data) or data
		write(folder / f"{folder.name}.json", json.dumps(data, indent=1))
		write(folder / "__init__.py", "")
		write(
			folder / f"{folder.name}.py",
			f"from frappe.model.document import Document\n\n\nclass {class_name}(Document):\n\tpass\n",
		)
	for name, data in (fixtures if fixtures is not None else {"role.json": ROLES}).items():
		write(root / "fixtures" / name, data if isinstance(data, str) else json.dumps(data))
	for rel, text in {**PY_FILES, **(files or {})}.items():
		if text is None:
			(root / rel).unlink(missing_ok=True)
		else:
			write(root / rel, text)
	write(repo / "setup.py", "from setuptools import setup\n\nsetup(name='salon_crm')\n")
	write(
		repo / "pyproject.toml",
		'[build-system]\nrequires = ["setuptools"]\n\n'
		'[tool.bench.frappe-dependencies]\nfrappe = ">=15.0.0,<16.0.0"\n',
	)
	return App(root)


def doctype_problems(app):
	problems = []
	for rec in app.records_of("doctype"):
		for check in (
			check_record_file,
			check_doctype_definition,
			check_doctype_controller,
			check_fields,
			check_naming,
			check_doctype_properties,
			check_permissions,
		):
			problems += check(rec, app)
	return problems + doctype_route_problems(app) + unloaded_record_folders(app)


def hook_problems(app):
	problems = check_hooks_file(app) + check_hook_shapes(app)
	for ref in hook_refs(app):
		problems += check_hook_ref(ref, app)
	for ref in asset_refs(app):
		problems += check_asset_ref(ref, app)
	return problems


def fixture_problems(app):
	problems = []
	for fixture in app.fixtures:
		problems += check_fixture_file(fixture, app)
	for entry in fixture_hook_entries(app):
		problems += check_fixture_hook_entry(entry, app)
	return problems


def package_problems(app):
	lines, problems = patch_lines(app)
	for _, line in lines:
		problems += check_patch_line(line, app)
	return (
		problems
		+ check_version(app)
		+ check_modules_txt(app)
		+ check_setup_py(app)
		+ check_pyproject(app)
		+ python_package_problems(app)
		+ python_syntax_problems(app)
		+ python_import_problems(app)
	)


def assert_reported(problems, *fragments):
	"""Each fragment appears in one of the problems."""
	assert problems, "the checker reported nothing"
	for fragment in fragments:
		assert any(fragment in p for p in problems), f"{fragment!r} not reported; got:\n" + "\n".join(
			problems
		)


def edit_doctype(target, change):
	def edit(name, data):
		if name == target:
			change(data)
		return data

	return edit


def edit_field(target, fieldname, **props):
	def change(data):
		for f in data["fields"]:
			if f["fieldname"] == fieldname:
				f.update(props)
				for key, value in props.items():
					if value is None:
						f.pop(key)

	return edit_doctype(target, change)


# ---- the valid app passes every checker -----------------------------------------------------------------


def test_valid_app_has_no_problems(tmp_path):
	app = make_app(tmp_path)
	assert len(app.records_of("doctype")) == 3
	assert load_hooks(app)["app_name"] == "salon_crm"
	assert doctype_problems(app) == []
	assert hook_problems(app) == []
	assert fixture_problems(app) == []
	assert package_problems(app) == []


# ---- doctype files ---------------------------------------------------------------------------------------


def test_broken_json_is_reported(tmp_path):
	app = make_app(tmp_path)
	path = app.root / "salon_crm" / "doctype" / "client" / "client.json"
	path.write_text(path.read_text()[:-5])
	rec = next(r for r in App(app.root).records_of("doctype") if r.folder == "client")
	assert_reported(check_record_file(rec, app), "client.json: not valid JSON")


def test_record_identity(tmp_path):
	def change(data):
		data["doctype"] = "Doctype"
		data["name"] = "Clients"
		data["module"] = "Salon"

	app = make_app(tmp_path, edit=edit_doctype("Client", change))
	assert_reported(
		doctype_problems(app),
		"client.json: 'doctype' is 'Doctype', a file under doctype/ must be 'DocType'",
		"client.json: name 'Clients' scrubs to 'clients', but the folder and file are 'client'",
		"client.json: module 'Salon' is not in modules.txt",
	)


def test_json_file_missing_from_doctype_folder(tmp_path):
	app = make_app(tmp_path)
	folder = app.root / "salon_crm" / "doctype" / "client"
	(folder / "client.json").rename(folder / "clients.json")
	assert_reported(doctype_problems(App(app.root)), "doctype/client/ has no client.json")


def test_misnamed_record_folder(tmp_path):
	app = make_app(tmp_path)
	write(app.root / "salon_crm" / "reports" / "sales" / "sales.json", "{}")
	assert_reported(
		unloaded_record_folders(app), "salon_crm/salon_crm/reports/ holds <name>/<name>.json records"
	)


def test_controller_class(tmp_path):
	app = make_app(tmp_path)
	write(app.root / "salon_crm" / "doctype" / "client" / "client.py", "class Customer:\n\tpass\n")
	(app.root / "salon_crm" / "doctype" / "client_visit" / "__init__.py").unlink()
	(app.root / "salon_crm" / "doctype" / "client_visit_log" / "client_visit_log.py").unlink()
	problems = doctype_problems(app)
	assert_reported(
		problems,
		"client.py: defines no class Client",
		"client_visit.json: salon_crm/salon_crm/doctype/client_visit/__init__.py is missing",
		"client_visit_log.json: controller client_visit_log.py is missing",
	)


def test_field_shadowing_controller_method(tmp_path):
	app = make_app(tmp_path)
	write(
		app.root / "salon_crm" / "doctype" / "client" / "client.py",
		"class Client(Document):\n\tdef full_name(self):\n\t\treturn 1\n",
	)
	assert_reported(
		doctype_problems(app), "client.json: field 'full_name' has the name of a method of class Client"
	)


def test_fieldnames(tmp_path):
	def change(data):
		data["fields"] += [field("FullName"), field("owner"), field("full_name"), field("notes", "Text Area")]
		data["field_order"] = [*[f["fieldname"] for f in data["fields"]][1:], "ghost"]

	app = make_app(tmp_path, edit=edit_doctype("Client", change))
	assert_reported(
		doctype_problems(app),
		"client.json: field 'FullName': fieldname must be snake_case",
		"client.json: field 'owner': 'owner' is a name Frappe reserves",
		"client.json: field 'full_name' appears 2 times",
		"client.json: field 'notes': unknown fieldtype 'Text Area'",
		"client.json: field_order lists 'ghost', which is not a field",
		"client.json: field 'naming_series' is missing from field_order",
	)


def test_link_to_unknown_doctype(tmp_path):
	app = make_app(tmp_path, edit=edit_field("Client Visit Log", "client", options="Customer Profil"))
	assert_reported(
		doctype_problems(app),
		"client_visit_log.json: field 'client' links to unknown doctype 'Customer Profil'",
	)


def test_link_and_table_options(tmp_path):
	def change(data):
		data["fields"] += [
			field("no_target", "Link"),
			field("rows", "Table", options="Client"),
			field("ref_name", "Dynamic Link", options="full_name"),
			field("state", "Select", default="Open"),
			field("kind", "Select", options="A\nB", default="C"),
			field("email", "Data", options="Mail"),
		]
		data["field_order"] = [f["fieldname"] for f in data["fields"]]

	app = make_app(tmp_path, edit=edit_doctype("Client", change))
	assert_reported(
		doctype_problems(app),
		"field 'no_target': Link field has no options",
		"field 'rows': Table of 'Client', which is not a child table (istable)",
		"field 'ref_name': Dynamic Link options 'full_name' must be a Link to DocType",
		"field 'state': Select field has no options",
		"field 'kind': default 'C' is not one of its options",
		"field 'email': Data options 'Mail'",
	)


def test_field_flags(tmp_path):
	def change(data):
		data["fields"] += [
			field("info", "HTML", reqd=1),
			field("secret", hidden=1, reqd=1),
			field("remarks", "Small Text", search_index=1, unique=1),
			field("amount", "Currency", options="no_such_field", precision="9"),
		]
		data["field_order"] = [f["fieldname"] for f in data["fields"]]

	app = make_app(tmp_path, edit=edit_doctype("Client", change))
	assert_reported(
		doctype_problems(app),
		"field 'info': a HTML cannot be mandatory",
		"field 'secret': hidden and mandatory without a default",
		"field 'remarks': a Small Text cannot be indexed",
		"field 'remarks': a Small Text cannot be unique",
		"field 'amount': Currency options 'no_such_field' is not a field of 'Client'",
		"field 'amount': precision must be 1 to 6",
	)


def test_attach_image_in_grid_view(tmp_path):
	app = make_app(
		tmp_path, edit=edit_field("Client Visit", "visit_date", fieldtype="Attach Image", in_list_view=1)
	)
	assert_reported(
		doctype_problems(app), "client_visit.json: field 'visit_date': in grid view is not allowed"
	)


def test_fetch_from(tmp_path):
	def change(data):
		data["fields"] += [
			field("a", fetch_from="client.no_such_field"),
			field("b", fetch_from="clinet.full_name"),
			field("c", fetch_from="client_name.x"),
			field("d", fetch_from="client"),
		]
		data["field_order"] = [f["fieldname"] for f in data["fields"]]

	app = make_app(tmp_path, edit=edit_doctype("Client Visit Log", change))
	assert_reported(
		doctype_problems(app),
		"field 'a': fetch_from 'client.no_such_field': 'Client' has no field 'no_such_field'",
		"field 'b': fetch_from 'clinet.full_name': 'clinet' is not a field of this doctype",
		"field 'c': fetch_from 'client_name.x': 'client_name' is a Data, not a Link",
		"field 'd': fetch_from 'client' must be <link field>.<field>",
	)


def test_fetch_from_unknown_external_fields(tmp_path):
	app = make_app(tmp_path, edit=edit_field("Client", "currency", fetch_from="company.no_such_field"))
	assert_reported(
		doctype_problems(app), "fetch_from 'company.no_such_field': 'Company' has no field 'no_such_field'"
	)


def test_depends_on(tmp_path):
	def change(data):
		data["fields"] += [
			field("a", depends_on="maried"),
			field("b", depends_on="eval:doc.maried"),
			field("c", mandatory_depends_on="eval:(doc.married"),
			field("d", read_only_depends_on="doc.married=1"),
		]
		data["field_order"] = [f["fieldname"] for f in data["fields"]]

	app = make_app(tmp_path, edit=edit_doctype("Client", change))
	assert_reported(
		doctype_problems(app),
		"field 'a': depends_on 'maried' is neither an eval: expression nor a field",
		"field 'b': depends_on 'eval:doc.maried' uses doc.maried, not a field of 'Client'",
		"field 'c': mandatory_depends_on 'eval:(doc.married': unclosed '('",
		"field 'd': read_only_depends_on 'doc.married=1' is an assignment",
	)


def test_child_depends_on_parent(tmp_path):
	app = make_app(tmp_path, edit=edit_field("Client Visit", "item", depends_on="eval:parent.maried"))
	assert_reported(
		doctype_problems(app), "depends_on 'eval:parent.maried' uses parent.maried, not a field of 'Client'"
	)


@pytest.mark.parametrize(
	("autoname", "expected"),
	[
		("field:nickname", "autoname 'field:nickname': 'nickname' is not a field"),
		("format:CL-{nickname}-{####}", "{nickname} is not a field, a date part or a {#...} counter"),
		("naming series", "autoname 'naming series' is not a form Frappe knows"),
	],
)
def test_autoname(tmp_path, autoname, expected):
	app = make_app(tmp_path, edit=edit_doctype("Client", lambda d: d.update(autoname=autoname)))
	assert_reported(doctype_problems(app), expected)


def test_naming_series_without_field(tmp_path):
	def change(data):
		data["fields"] = data["fields"][1:]
		data["field_order"] = data["field_order"][1:]

	app = make_app(tmp_path, edit=edit_doctype("Client", change))
	assert_reported(
		doctype_problems(app), "autoname 'naming_series:': the doctype has no naming_series field"
	)


def test_submittable_needs_amended_from(tmp_path):
	app = make_app(tmp_path, edit=edit_field("Client Visit Log", "amended_from", options="Client"))
	assert_reported(
		doctype_problems(app), "client_visit_log.json: amended_from must be a Link to 'Client Visit Log'"
	)


def test_doctype_properties(tmp_path):
	def change(data):
		data.update(
			title_field="name1", image_field="full_name", search_fields="full_name, nope", sort_field="date"
		)
		data["links"] = [
			{"link_doctype": "Client Visit Log", "link_fieldname": "customer"},
			{"link_doctype": "Client Visits", "link_fieldname": "client"},
		]

	app = make_app(tmp_path, edit=edit_doctype("Client", change))
	assert_reported(
		doctype_problems(app),
		"client.json: title_field 'name1' is not a field",
		"client.json: image_field 'full_name' must be an Attach Image field",
		"client.json: search_fields names 'nope', which is not a field",
		"client.json: sort_field 'date' is not a field",
		"client.json: connection to 'Client Visit Log': 'Client Visit Log' has no field 'customer'",
		"client.json: connection to 'Client Visits': unknown doctype",
	)


def test_permissions(tmp_path):
	def change(name, data):
		if name == "Client":
			data["permissions"] = [
				{"role": "Salon Managr", "read": 1},
				{"role": "System Manager", "read": 1, "submit": 1, "write": 1},
				{"role": "System Manager", "cancel": 1},
			]
		elif name == "Client Visit":
			data["permissions"] = [{"role": "System Manager", "read": 1}]
		else:
			data["permissions"] = []
		return data

	app = make_app(tmp_path, edit=change)
	assert_reported(
		doctype_problems(app),
		"client.json: permission row 1 ('Salon Managr', level 0): unknown role 'Salon Managr'",
		"client.json: permission row 2 ('System Manager', level 0): submit/amend on a doctype that is not",
		"client.json: permission row 3 ('System Manager', level 0): a second row for the same role",
		"client.json: permission row 3 ('System Manager', level 0): cancel without submit",
		"client_visit.json: a child table must have no permissions",
		"client_visit_log.json: no permissions",
	)


def test_route_conflict(tmp_path):
	app = make_app(tmp_path)
	workspace = {"doctype": "Workspace", "name": "Client", "label": "Client", "module": "Salon CRM"}
	write(app.root / "salon_crm" / "workspace" / "client" / "client.json", json.dumps(workspace))
	assert_reported(
		doctype_problems(App(app.root)), "client.json: /app/client is already the route of doctype 'Client'"
	)


def test_custom_fields(tmp_path):
	source = """
	INVOICES = ("Sales Invoice", "POS Invoice")


	def get_custom_fields():
		return {
			INVOICES: [
				{"fieldname": "salon_card", "fieldtype": "Link", "options": "Client Card"},
				{"fieldname": "salon_note", "fieldtype": "Data", "insert_after": "no_such_field"},
			],
			"Salon Thing": [{"fieldname": "x", "fieldtype": "Data"}],
		}
	"""
	app = make_app(
		tmp_path, files={"setup/__init__.py": "", "setup/custom_fields.py": textwrap.dedent(source)}
	)
	assert app.custom_fields[1] == []
	assert_reported(
		check_custom_fields("Sales Invoice", app) + check_custom_fields("Salon Thing", app),
		"custom fields of 'Sales Invoice': field 'salon_card' links to unknown doctype 'Client Card'",
		"custom fields of 'Sales Invoice': field 'salon_note': insert_after 'no_such_field' is not a known",
		"custom fields of 'Salon Thing': unknown doctype 'Salon Thing'",
	)
	assert_reported(check_custom_fields("POS Invoice", app), "custom fields of 'POS Invoice'")


def test_custom_fields_not_literal(tmp_path):
	source = "def get_custom_fields():\n\treturn build()\n"
	app = make_app(tmp_path, files={"setup/__init__.py": "", "setup/custom_fields.py": source})
	assert_reported(app.custom_fields[1], "get_custom_fields() does not return a literal dict")


# ---- reports and workspaces -------------------------------------------------------------------------------


def test_script_report(tmp_path):
	app = make_app(tmp_path)
	folder = app.root / "salon_crm" / "report" / "client_sales"
	report = {
		"doctype": "Report",
		"name": "Client Sales",
		"report_name": "Client Sales",
		"module": "Salon CRM",
		"ref_doctype": "Clients",
		"report_type": "Script Report",
		"is_standard": "Yes",
		"roles": [{"role": "Salon Staff"}],
	}
	write(folder / "client_sales.json", json.dumps(report))
	write(folder / "client_sales.py", "def run(filters=None):\n\treturn [], []\n")
	app = App(app.root)
	rec = app.records_of("report")[0]
	assert_reported(
		check_record_file(rec, app) + check_report(rec, app),
		"client_sales.json: roles row 1: unknown role 'Salon Staff'",
		"client_sales.json: ref_doctype 'Clients' is not a known doctype",
		"client_sales.json: salon_crm/salon_crm/report/client_sales/ (and the folders above) need",
		"client_sales.py: no top-level def execute(filters=None)",
		"client_sales.json: Script Report without client_sales.js",
	)


def test_workspace(tmp_path):
	app = make_app(tmp_path)
	workspace = {
		"doctype": "Workspace",
		"name": "Salon",
		"label": "Salon",
		"title": "Salon",
		"public": 1,
		"module": "Salon CRM",
		"links": [
			{"type": "Card Break", "label": "Clients", "link_count": 3},
			{"type": "Link", "label": "Client", "link_type": "DocType", "link_to": "Clint"},
			{"type": "Link", "label": "Sales", "link_type": "Report", "link_to": "Client Sales"},
		],
		"shortcuts": [{"type": "DocType", "label": "Client", "link_to": "Client"}],
		"content": json.dumps(
			[
				{"type": "shortcut", "data": {"shortcut_name": "Clients"}},
				{"type": "card", "data": {"card_name": "Clients"}},
			]
		),
	}
	write(app.root / "salon_crm" / "workspace" / "salon" / "salon.json", json.dumps(workspace))
	app = App(app.root)
	rec = app.records_of("workspace")[0]
	assert check_record_file(rec, app) == []
	assert_reported(
		check_workspace(rec, app),
		"salon.json: links row 2 ('Client'): unknown doctype 'Clint'",
		"salon.json: links row 3 ('Sales'): unknown report 'Client Sales'",
		"salon.json: content shows shortcut 'Clients', which is not in shortcuts",
		"salon.json: card 'Clients' has link_count 3 but 2 links follow it",
	)


# ---- hooks ------------------------------------------------------------------------------------------------


def test_hook_paths_and_signatures(tmp_path):
	files = {
		"events.py": "def on_submit(doc):\n\tpass\n\n\ndef daily(site):\n\tpass\n",
		"install.py": None,
		"public/js/salon_crm.bundle.js": None,
	}
	app = make_app(tmp_path, files=files)
	assert_reported(
		hook_problems(app),
		"hooks.py after_install: 'salon_crm.install.after_install': module salon_crm.install is not a file",
		"doc_events['Sales Invoice'].on_submit: salon_crm.events.on_submit: on_submit() takes 1 positional",
		"salon_crm.events.daily: daily() needs 1 positional argument(s), Frappe passes 0",
		"app_include_js=salon_crm.bundle.js: no salon_crm.bundle.{js,ts,jsx} under salon_crm/public/",
	)


def test_hook_missing_function(tmp_path):
	hooks = HOOKS.replace("salon_crm.events.on_submit", "salon_crm.events.on_sumbit")
	app = make_app(tmp_path, hooks=hooks)
	assert_reported(
		hook_problems(app), "'salon_crm.events.on_sumbit': salon_crm/events.py defines no top-level on_sumbit"
	)


def test_hook_shapes(tmp_path):
	hooks = (
		HOOKS.replace('"on_submit"', '"on_sumbit"')
		.replace('"daily"', '"nightly"', 1)
		.replace("0 3 * * *", "0 3 * *")
		.replace('"Sales Invoice": "public/js/sales_invoice.js"', '"Sales Invoice": "public/js/si.js"')
		+ '\ndoc_events = {"Client Profile": {"validate": "salon_crm.events.on_submit"}}\n'
	)
	app = make_app(tmp_path, hooks=hooks)
	problems = hook_problems(app)
	assert_reported(
		problems,
		"hooks.py: doc_events is assigned on lines",
		"hooks.py: doc_events names unknown doctype 'Client Profile'",
		"hooks.py: scheduler_events has unknown frequency 'nightly'",
		"hooks.py: scheduler_events.cron '0 3 * *': has 4 fields",
		"hooks.py doctype_js[Sales Invoice]=public/js/si.js: salon_crm/public/js/si.js does not exist",
	)
	app = make_app(tmp_path / "2", hooks=HOOKS.replace('"on_submit"', '"on_sumbit"'))
	assert_reported(
		check_hook_shapes(app), "hooks.py: doc_events['Sales Invoice'] has unknown event 'on_sumbit'"
	)


def test_hooks_identity(tmp_path):
	hooks = HOOKS.replace('app_name = "salon_crm"', 'app_name = "salon"').replace('["erpnext"]', "[]")
	hooks += "\nscheduler_events = get_events()\n"
	app = make_app(tmp_path, hooks=hooks)
	assert_reported(
		check_hooks_file(app),
		"hooks.py: app_name is 'salon', must be 'salon_crm'",
		"hooks.py: required_apps must be a list containing 'erpnext'",
		"hooks.py: scheduler_events cannot be read statically",
	)


def test_override_whitelisted_needs_whitelist(tmp_path):
	hooks = HOOKS + '\noverride_whitelisted_methods = {"frappe.x.y": "salon_crm.events.daily"}\n'
	app = make_app(tmp_path, hooks=hooks)
	assert_reported(hook_problems(app), "'salon_crm.events.daily' is not @frappe.whitelist()ed")


# ---- fixtures ---------------------------------------------------------------------------------------------


def test_fixture_files(tmp_path):
	fixtures = {
		"role.json": [
			{"doctype": "Role", "name": "Salon Staff"},
			{"doctype": "Role", "home_page": "/app/nowhere"},
		],
		"custom_field.json": "{not json",
		"workflow.json": {"doctype": "Workflow"},
	}
	app = make_app(tmp_path, fixtures=fixtures)
	assert_reported(
		fixture_problems(app),
		"fixtures/role.json: item 2 (Role) has no name",
		"fixtures/custom_field.json: not valid JSON",
		"fixtures/workflow.json: top level must be a JSON list of documents",
		"fixtures 'Role': fixture 'Salon Staff' does not match filter ['name', 'in', ['Salon Manager']]",
		"hooks.py fixtures 'Role': filter names 'Salon Manager', missing from role.json",
	)


def test_role_home_page(tmp_path):
	roles = [
		{
			"doctype": "Role",
			"name": "Salon Manager",
			"role_name": "Salon Manager",
			"home_page": "/app/salon-crm",
		}
	]
	app = make_app(tmp_path, fixtures={"role.json": roles})
	assert_reported(
		fixture_problems(app),
		"fixtures/role.json: Role 'Salon Manager': home_page '/app/salon-crm': /app/salon-crm is no",
	)


def test_fixture_hook_without_file(tmp_path):
	app = make_app(tmp_path, fixtures={})
	assert_reported(
		fixture_problems(app), "hooks.py fixtures 'Role': salon_crm/fixtures/role.json does not exist"
	)


# ---- package files ----------------------------------------------------------------------------------------


def test_patches(tmp_path):
	patches = "[pre_model_sync]\nsalon_crm.patches.v0_1.missing\nsalon_crm.patches.v0_1.no_execute\n"
	files = {"patches/v0_1/no_execute.py": "def run():\n\tpass\n"}
	app = make_app(tmp_path, patches=patches, files=files)
	assert_reported(
		package_problems(app),
		"patches.txt: no [post_model_sync] section",
		"patches.txt 'salon_crm.patches.v0_1.missing': 'salon_crm.patches.v0_1.missing' is not a module",
		"patches.txt 'salon_crm.patches.v0_1.no_execute': salon_crm/patches/v0_1/no_execute.py has no top",
	)


def test_package_files(tmp_path):
	files = {
		"rules/cards.py": "x = 1\n",
		"greetings/__init__.py": "match x:\n\tcase 1: pass\nexcept* E: pass\n",
	}
	app = make_app(tmp_path, files=files)
	write(app.root / "__init__.py", "VERSION = '1'\n")
	write(app.root / "modules.txt", "Salon CRM\nSalon Reports\n")
	write(
		app.repo_root / "setup.py",
		"from setuptools import setup\nsetup(long_description=open('README.md').read())\n",
	)
	write(
		app.repo_root / "pyproject.toml",
		'[build-system]\nrequires = []\n[tool.bench.frappe-dependencies]\nerpnext = ">=16"\n',
	)
	app = App(app.root)
	assert_reported(
		package_problems(app),
		"salon_crm/__init__.py: no literal __version__",
		"modules.txt: module 'Salon Reports' has no folder salon_crm/salon_reports/",
		"setup.py: reads 'README.md', which does not exist",
		"pyproject.toml: [tool.bench.frappe-dependencies] has no frappe entry",
		"pyproject.toml: frappe-dependencies erpnext = '>=16': admits no v15 release",
		"salon_crm/rules/ holds Python code but has no __init__.py",
		"salon_crm/greetings/__init__.py: syntax error (Python 3.10)",
	)


def test_record_class_of_unknown_kind_is_reported():
	rec = Record(
		path=__import__("pathlib").Path("/x/doctype/a/a.json"),
		kind="doctype",
		module_folder="m",
		folder="a",
		data=[],
	)
	assert_reported(check_record_file(rec, App()), "a.json: top level is a JSON list")


def test_standard_query_signature_and_whitelist(tmp_path):
	hooks = HOOKS + '\nstandard_queries = {"Client": "salon_crm.events.client_query"}\n'
	files = {"events.py": PY_FILES["events.py"] + "\n\ndef client_query(doctype, txt):\n\treturn []\n"}
	app = make_app(tmp_path, hooks=hooks, files=files)
	assert_reported(
		hook_problems(app),
		"salon_crm.events.client_query: client_query() takes 2 positional argument(s), Frappe passes 6",
		"standard_queries['Client']: 'salon_crm.events.client_query' is not @frappe.whitelist()ed",
	)


def test_virtual_field_and_property(tmp_path):
	def change(data):
		data["fields"] += [field("age", "Int", is_virtual=1), field("score", "Int", is_virtual=1)]
		data["field_order"] = [f["fieldname"] for f in data["fields"]]

	app = make_app(tmp_path, edit=edit_doctype("Client", change))
	controller = "class Client(Document):\n\t@property\n\tdef age(self):\n\t\treturn 1\n\n\t@property\n"
	write(
		app.root / "salon_crm" / "doctype" / "client" / "client.py",
		controller + "\tdef full_name(self):\n\t\treturn 1\n",
	)
	problems = doctype_problems(app)
	assert not any("'age'" in p for p in problems), problems
	assert_reported(
		problems,
		"field 'full_name' has the name of a property of class Client but is not a virtual field",
		"virtual field 'score' has neither a @property score in class Client nor an options expression",
	)


def test_table_multiselect_child_needs_link(tmp_path):
	app = make_app(tmp_path, edit=edit_field("Client", "visits", fieldtype="Table MultiSelect"))
	rec = next(r for r in app.records_of("doctype") if r.folder == "client_visit")
	rec.data["fields"][1]["fieldtype"] = "Data"
	assert_reported(
		doctype_problems(app), "field 'visits': Table MultiSelect child 'Client Visit' has no Link field"
	)


def test_imports_of_the_app(tmp_path):
	files = {
		"events.py": PY_FILES["events.py"]
		+ "\nfrom salon_crm.install import after_instal\nimport salon_crm.missing\n",
		"install.py": (
			"from .events import daily, on_submit\nfrom . import events\n\n\ndef after_install():\n\tpass\n"
		),
	}
	app = make_app(tmp_path, files=files)
	problems = package_problems(app)
	assert not any("install.py" in p for p in problems), problems
	assert_reported(
		problems,
		"imports after_instal from salon_crm.install, which defines no after_instal",
		"imports salon_crm.missing, which is not a module of the app",
	)
