"""People's names and notes stay plain text: markup is refused at input on every path (document insert, the
client API, Data Import), unsafe photo links too; and what the app shows of text stored before (planted here
straight into the database) is escaped in search labels, messages, reports and print."""

from __future__ import annotations

import csv
import json
import os
import tempfile

import frappe
import pytest
from frappe.utils import add_years, escape_html, nowdate

from salon_crm.api.search import customer_profile_query, customer_query
from salon_crm.customers.profile import ProfileHasTransactionsError
from salon_crm.salon_crm.doctype.customer_profile.customer_profile import NAME_FIELDS
from salon_crm.utils.plain_text import MarkupNotAllowedError, UnsafeLinkError
from tests.integration import card_factories, performance_factories
from tests.integration.factories import make_customer_profile, make_sales_invoice, unique_mobile

PAYLOAD = "<img src=x onerror=alert(1)>"
WRAPPED = json.dumps([PAYLOAD])  # what Frappe's own filter lets through: it parses as JSON
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


def plant(doctype: str, name: str, **values) -> None:
	"""Text as an older version stored it: straight into the database, past every validation."""
	frappe.db.set_value(doctype, name, values, update_modified=False)


def hostile_profile(**fields):
	"""A profile (with its Customer) whose names were stored before the rule: markup in them."""
	profile = make_customer_profile("Clean", "Name", mobile_no=unique_mobile(), **fields)
	plant("Customer Profile", profile.name, first_name=WRAPPED, last_name=PAYLOAD, full_name=PAYLOAD)
	plant("Customer", profile.customer, customer_name=PAYLOAD)
	profile.reload()
	return profile


def assert_shown_escaped(text: str) -> None:
	assert PAYLOAD not in text
	assert "&lt;img src=x onerror" in text


# ---------------------------------------------------------------- input: Customer Profile


@pytest.mark.parametrize("fieldname", NAME_FIELDS)
def test_markup_in_any_name_field_of_a_profile_is_refused(fieldname):
	fields = {"first_name": "Meera", "mobile_no": unique_mobile(), fieldname: WRAPPED}
	with pytest.raises(MarkupNotAllowedError) as e:
		frappe.get_doc({"doctype": "Customer Profile", **fields}).insert()
	label = frappe.get_meta("Customer Profile").get_label(fieldname)
	assert label in str(e.value)
	assert "<img" not in str(e.value)  # the message shows what it found escaped


@pytest.mark.parametrize(
	"value",
	[
		PAYLOAD,
		WRAPPED,
		"&lt;img src=x onerror=alert(1)&gt;",
		"&#60;script&#62;alert(1)&#60;/script&#62;",
		"<ScRiPt>alert(1)</sCrIpT>",
		"<svg/onload=alert(1)>",
		"Meera\\u003cimg src=x onerror=alert(1)\\u003e",
		"Meera < Nair",
	],
)
def test_a_first_name_with_markup_in_any_wrapping_is_refused(value):
	with pytest.raises(MarkupNotAllowedError):
		make_customer_profile(value, "Nair", mobile_no=unique_mobile())


def test_a_refused_profile_reaches_no_customer_contact_or_address():
	counts = {dt: frappe.db.count(dt) for dt in ("Customer Profile", "Customer", "Contact", "Address")}
	with pytest.raises(MarkupNotAllowedError):
		make_customer_profile(
			"Meera", WRAPPED, mobile_no=unique_mobile(), address_line1="1 Main Rd", city="Pune"
		)
	assert {dt: frappe.db.count(dt) for dt in counts} == counts


def test_editing_a_profile_to_add_markup_is_refused():
	profile = make_customer_profile("Meera", "Nair", mobile_no=unique_mobile())
	profile.last_name = "&#60;img src=x onerror=alert(1)&#62;"
	with pytest.raises(MarkupNotAllowedError):
		profile.save()
	assert frappe.db.get_value("Customer", profile.customer, "customer_name") == "Meera Nair"


@pytest.mark.parametrize("name", ["D'Souza", "Tom & Jerry", 'Ramesh "Ramu"', "Ana María", "प्रिया"])
def test_plain_names_are_kept_as_typed(name):
	profile = make_customer_profile("Meera", name, mobile_no=unique_mobile())
	assert frappe.db.get_value("Customer Profile", profile.name, "last_name") == name
	assert frappe.db.get_value("Customer", profile.customer, "customer_name") == f"Meera {name}"


@pytest.mark.parametrize("fieldname", ["member_name", "relation", "mobile_no"])
def test_markup_in_a_family_member_is_refused_naming_the_row(fieldname):
	row = {"member_name": "Arjun", "relation": "Son", fieldname: WRAPPED}
	with pytest.raises(MarkupNotAllowedError) as e:
		make_customer_profile("Meera", "Nair", mobile_no=unique_mobile(), family_members=[row])
	assert "row 1" in str(e.value)


def test_a_tag_with_markup_is_refused():
	# (Frappe refuses < and > in document names, not their encodings)
	tag = frappe.get_doc({"doctype": "Tag", "name": "VIP &#60;b&#62;"}).insert(ignore_permissions=True)
	with pytest.raises(MarkupNotAllowedError):
		make_customer_profile("Meera", "Nair", mobile_no=unique_mobile(), tags=[{"tag": tag.name}])


def test_photo_step_and_caption_refuse_markup_but_a_caption_may_compare():
	with pytest.raises(MarkupNotAllowedError):
		make_customer_profile("Meera", "Nair", photos=[{"image": "/files/a.jpg", "step": WRAPPED}])
	with pytest.raises(MarkupNotAllowedError):
		make_customer_profile("Meera", "Nair", photos=[{"image": "/files/a.jpg", "caption": "<b>after</b>"}])
	profile = make_customer_profile(
		"Meera", "Nair", photos=[{"image": "/files/a.jpg", "caption": "redness < yesterday"}]
	)
	assert profile.photos[0].caption == "redness < yesterday"


@pytest.mark.parametrize(
	"url",
	[
		"javascript:alert(1)",
		" JaVaScRiPt:alert(1)",
		"&#106;avascript:alert(1)",
		"data:text/html,<script>alert(1)</script>",
		"//evil.example.com/x.jpg",
		'/files/x.jpg" onerror="alert(1)',
	],
)
def test_a_photo_link_must_be_a_site_file_or_http(url):
	with pytest.raises(UnsafeLinkError):
		make_customer_profile("Meera", "Nair", photos=[{"image": url}])
	with pytest.raises(UnsafeLinkError):
		make_customer_profile("Meera", "Nair", image=url)


def test_site_files_and_http_photos_are_accepted():
	profile = make_customer_profile(
		"Meera",
		"Nair",
		image="/files/meera.jpg",
		photos=[{"image": "/private/files/before 1.jpg"}, {"image": "https://cdn.example.com/a.jpg"}],
	)
	assert [p.image for p in profile.photos] == [
		"/private/files/before 1.jpg",
		"https://cdn.example.com/a.jpg",
	]


# ---------------------------------------------------------------- input: other doctypes and paths


def test_treatment_notes_refuse_markup_and_unsafe_photos():
	profile = make_customer_profile("Meera", "Nair")
	with pytest.raises(MarkupNotAllowedError):
		performance_factories.treatment(profile, symptoms=WRAPPED)
	with pytest.raises(UnsafeLinkError):
		performance_factories.treatment(profile, before_photo="javascript:alert(1)")
	record = performance_factories.treatment(profile, symptoms="itching < 2 days, pain > 3/10")
	assert record.symptoms == "itching < 2 days, pain > 3/10"


def test_treatment_rich_notes_are_sanitized_even_when_they_parse_as_json():
	profile = make_customer_profile("Meera", "Nair")
	record = performance_factories.treatment(profile, notes=WRAPPED)
	stored = frappe.db.get_value("Treatment Record", record.name, "notes")
	assert "onerror" not in stored


def test_card_type_and_plan_names_refuse_markup():
	with pytest.raises(MarkupNotAllowedError):
		card_factories.make_discount_type(name="Gold &#60;svg onload=alert(1)&#62;")
	with pytest.raises(MarkupNotAllowedError):
		frappe.get_doc({"doctype": "Special Plan", "plan_name": "Spa &lt;script&gt;"}).insert()


def test_the_client_api_is_refused_like_the_form():
	"""frappe.client.insert: what the desk and REST clients call."""
	from frappe.client import insert

	doc = {"doctype": "Customer Profile", "first_name": WRAPPED, "mobile_no": unique_mobile()}
	with pytest.raises(MarkupNotAllowedError):
		insert(json.dumps(doc))


def test_data_import_refuses_each_row_with_markup():
	"""Frappe's importer, in process: each row is inserted (and validated) as the background job does."""
	from frappe.core.doctype.data_import.importer import Importer

	mobiles = [unique_mobile(), unique_mobile()]
	with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="") as f:
		writer = csv.writer(f)
		writer.writerow(["First Name", "Last Name", "Mobile"])
		writer.writerow([WRAPPED, "Import", mobiles[0]])
		writer.writerow(["&lt;script&gt;alert(1)&lt;/script&gt;", "Import", mobiles[1]])
	data_import = frappe.new_doc("Data Import")
	data_import.import_type = "Insert New Records"
	data_import.name = frappe.generate_hash(length=12)  # never saved: the import logs are filed under it
	try:
		importer = Importer("Customer Profile", file_path=f.name, data_import=data_import, console=True)
		importer.console = False  # (console: read the CSV from a path; not: log rows, print nothing)
		importer.import_data()
		logs = frappe.get_all(
			"Data Import Log",
			filters={"data_import": data_import.name},
			fields=["success", "exception", "messages"],
		)
	finally:
		os.unlink(f.name)
		# Data Import Log is a MyISAM table: its rows outlive the test's rollback
		frappe.db.delete("Data Import Log", {"data_import": data_import.name})
	assert not frappe.db.exists("Customer Profile", {"mobile_no": ("in", mobiles)})
	assert [log.success for log in logs] == [0, 0]
	assert all("MarkupNotAllowedError" in log.exception for log in logs)
	assert all("<script" not in log.messages and "<img" not in log.messages for log in logs)


# ---------------------------------------------------------------- output: text stored before the rule


def test_link_searches_show_stored_markup_as_text():
	profile = hostile_profile()
	rows = customer_profile_query("Customer Profile", profile.name, "name", 0, 10, {})
	assert rows[0][0] == profile.name
	assert_shown_escaped(rows[0][1])
	rows = customer_query("Customer", profile.name, "name", 0, 10, {})
	assert rows[0][0] == profile.customer
	assert_shown_escaped(rows[0][1])


def test_link_searches_show_plain_names_as_typed():
	profile = make_customer_profile("Meera", "D'Souza & Co", mobile_no=unique_mobile())
	rows = customer_profile_query("Customer Profile", profile.name, "name", 0, 10, {})
	assert rows[0][1] == "Meera D'Souza & Co"


def test_duplicate_mobile_alert_escapes_the_other_profiles_name():
	other = hostile_profile()
	frappe.clear_messages()
	make_customer_profile("Meera", "Nair", mobile_no=other.mobile_no)
	messages = json.dumps([m.get("message") for m in frappe.local.message_log])
	assert PAYLOAD not in messages
	assert escape_html(PAYLOAD) in json.loads(messages)[0]


def test_delete_refusal_escapes_the_customers_name():
	profile = hostile_profile()
	make_sales_invoice(profile.customer, [("SVC-HAIRCUT", 1, 500)])
	with pytest.raises(ProfileHasTransactionsError) as e:
		frappe.delete_doc("Customer Profile", profile.name)
	assert PAYLOAD not in str(e.value)
	assert escape_html(PAYLOAD) in str(e.value)


def _report_text(report: str, filters: dict) -> str:
	from frappe.desk.query_report import run

	result = run(report, filters=filters)
	return json.dumps(result["result"], default=str)


def test_card_reports_show_stored_names_as_text():
	discount_type = card_factories.make_discount_type(name="Plain Text Card")
	profile = hostile_profile()
	_sale, card = card_factories.sell_card(profile, discount_type)
	plant("Customer Discount", card.name, customer_name=PAYLOAD, customer_number=PAYLOAD)
	for report, filters in (
		("Customer Discount Balance", {"customer_profile": profile.name}),
		("Customer Discount Balance", {"customer_profile": profile.name, "group_by": "Customer"}),
		("Customer Discount Ledger", {"customer_discount": card.name}),
	):
		text = _report_text(report, filters)
		assert PAYLOAD not in text, report
		assert "&lt;img src=x onerror" in text, report


def test_customer_reports_show_stored_names_and_notes_as_text():
	birthday = add_years(nowdate(), -30)
	profile = hostile_profile(date_of_birth=birthday)
	make_sales_invoice(profile.customer, [("SVC-HAIRCUT", 1, 500)])
	treatment = performance_factories.treatment(profile)
	plant("Treatment Record", treatment.name, symptoms=PAYLOAD, before_photo="javascript:alert(1)")
	performance_factories.greeting(profile)
	frappe.db.sql(
		"update `tabSalon Message` set recipient_name=%(p)s, message=%(p)s, reason=%(p)s "
		"where customer_profile=%(profile)s",
		{"p": PAYLOAD, "profile": profile.name},
	)
	for report, filters in (
		("Customer Performance", {"include_inactive": 1}),
		("Customer History", {"customer_profile": profile.name}),
		("Todays Occasions", {"date": nowdate()}),
		("Greeting Report", {"customer_profile": profile.name, "from_date": add_years(nowdate(), -1)}),
	):
		text = _report_text(report, filters)
		assert PAYLOAD not in text, report
		assert "&lt;img src=x onerror" in text, report
	assert "javascript:" not in _report_text("Customer History", {"customer_profile": profile.name})


def _print_html(doctype: str, name: str, print_format: str) -> str:
	from frappe.www.printview import get_html_and_style

	return get_html_and_style(doctype, name, print_format=print_format)["html"]


def test_standard_print_of_a_card_and_an_invoice_shows_names_as_text():
	discount_type = card_factories.make_discount_type(name="Plain Print Card")
	profile = hostile_profile()
	_sale, card = card_factories.sell_card(profile, discount_type)
	plant("Customer Discount", card.name, customer_name=PAYLOAD)
	invoice = make_sales_invoice(profile.customer, [("SVC-HAIRCUT", 1, 500)])
	plant("Sales Invoice", invoice.name, customer_name=PAYLOAD, title=PAYLOAD)
	assert_shown_escaped(_print_html("Customer Discount", card.name, "Standard"))
	assert_shown_escaped(_print_html("Sales Invoice", invoice.name, "Standard"))


def test_the_apps_print_formats_escape_names_once():
	discount_type = card_factories.make_discount_type(name="Plain Format Card")
	profile = hostile_profile()
	_sale, card = card_factories.sell_card(profile, discount_type)
	plant("Customer Discount", card.name, customer_name=PAYLOAD)
	invoice = make_sales_invoice(profile.customer, [("SVC-HAIRCUT", 1, 500)])
	plant("Sales Invoice", invoice.name, customer_name=PAYLOAD)
	for doctype, name, print_format in (
		("Customer Discount", card.name, "Membership Card"),
		("Sales Invoice", invoice.name, "Salon Invoice"),
	):
		html = _print_html(doctype, name, print_format)
		assert ESCAPED in html, print_format
		assert "&amp;lt;img" not in html, print_format
		assert PAYLOAD not in html, print_format
