"""Customer Profiles through Frappe's REST API on the bench's web server (the same server the browser
suite starts): create as Salon Staff, search by phone digits, bad input refused, staff cannot delete."""

import urllib.parse

import frappe

from tests.browser import records
from tests.browser.rest import Client


def test_profiles_over_rest(web_server, created):
	user = records.make_user(created, roles=("Salon Staff",), first_name="Rest")
	frappe.db.commit()
	client = Client(web_server)
	status, _ = client.call("POST", "/api/method/login", {"usr": user, "pwd": records.PASSWORD})
	assert status == 200

	mobile = records.mobile_number()
	status, body = client.call(
		"POST",
		"/api/resource/Customer%20Profile",
		{"first_name": "Rekha", "last_name": "Api", "mobile_no": mobile[3:8] + " " + mobile[8:]},
	)
	assert status == 200, body
	profile = body["data"]
	created.profiles.append(profile["name"])
	assert profile["mobile_no"] == mobile
	assert profile["customer"]

	query = urllib.parse.urlencode({"txt": mobile[5:10]})
	status, body = client.call("GET", f"/api/method/salon_crm.api.search.find_customers?{query}")
	assert status == 200
	assert profile["name"] in [r["name"] for r in body["message"]]

	status, body = client.call(
		"POST", "/api/resource/Customer%20Profile", {"first_name": "Bad", "mobile_no": "12345"}
	)
	assert status == 417
	assert body["exc_type"] == "InvalidPhoneError"

	status, _ = client.call("DELETE", f"/api/resource/Customer%20Profile/{profile['name']}")
	assert status == 403
	frappe.db.rollback()
	assert frappe.db.exists("Customer Profile", profile["name"])
