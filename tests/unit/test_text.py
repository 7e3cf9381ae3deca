"""The plain-text rule: markup in any wrapping or encoding is found; plain names and notes pass; only
http(s) and the site's own files are links."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salon_crm.rules.text import decoded_forms, is_safe_link, markup_in

PAYLOAD = '<img src=x onerror="window.__xss=1">'

HOSTILE = [
	PAYLOAD,
	json.dumps([PAYLOAD]),  # the value that passed Frappe's filter: it parses as JSON
	json.dumps({"name": PAYLOAD}),
	json.dumps([PAYLOAD], ensure_ascii=True).replace("<", "\\u003c"),  # JSON escape
	"<ScRiPt>alert(1)</sCrIpT>",
	"<svg/onload=alert(1)>",
	"<SVG OnLoad=alert(1)>",
	"</title><script>alert(1)</script>",
	"<!--><img src=x onerror=alert(1)>",
	"&lt;img src=x onerror=alert(1)&gt;",
	"&LT;img src=x onerror=alert(1)&GT;",
	"&#60;img src=x onerror=alert(1)&#62;",
	"&#060;img src=x onerror=alert(1)",
	"&#x3C;img src=x onerror=alert(1)",
	"&#X3c;script&#x3e;",
	"&ltimg src=x onerror=alert(1)",  # reference without its semicolon
	"&amp;lt;img src=x onerror=alert(1)&amp;gt;",  # encoded twice
	"&amp;#60;script&amp;#62;",
	"\\x3cimg src=x onerror=alert(1)\\x3e",
	"\\u003cscript\\u003e",
	"%3Cscript%3Ealert(1)%3C/script%3E",
	"%253Cscript%253E",  # URL-encoded twice
	'Meera" onmouseover="alert(1)',  # out of a quoted attribute
	"Meera' OnFocus='alert(1)' autofocus='",
	"javascript:alert(1)",
	"JaVaScRiPt:alert(1)",
	"java\tscript:alert(1)",
	"java&#x09;script:alert(1)",
	"&#106;avascript:alert(1)",
	" vbscript:msgbox(1)",
	"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
	"[![x](javascript:alert(1))]",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_markup_is_found_in_any_wrapping_in_free_text(value):
	assert markup_in(value)


@pytest.mark.parametrize("value", HOSTILE)
def test_markup_is_found_in_any_wrapping_in_names(value):
	assert markup_in(value, strict=True)


def test_what_was_found_is_returned_for_the_message():
	assert markup_in(json.dumps([PAYLOAD])).startswith("<img")
	assert markup_in("&#60;ScRiPt&#62;").lower().startswith("<script")
	assert markup_in("go to javascript:alert(1)").startswith("javascript:")


@pytest.mark.parametrize(
	"value",
	[
		"Meera",
		"Meera Nair",
		"D'Souza",
		"O’Brien-Smith",
		'Ramesh "Ramu" Kumar',
		"Tom & Jerry",
		"Ana María Núñez",
		"प्रिया शर्मा",
		"ஸ்ரீ",
		"张伟",
		"Flat 4B, 2nd Cross",
		"#12/3, MG Road",
		"100% cotton",
		"+91 98450 12345",
		"",
		None,
	],
)
def test_plain_names_pass(value):
	assert markup_in(value, strict=True) is None
	assert markup_in(value) is None


@pytest.mark.parametrize(
	"value",
	[
		"itching < 2 days",
		"dose 3 > 2",
		"a < b and c > d",
		"dry scalp; ratio 1:2 <-> 2:1",
		"used 5ml of <3% peroxide",
		"smiled :-> after",
		"online booking, session=3",
		"Emulsion: water/oil",
	],
)
def test_free_text_may_compare(value):
	assert markup_in(value) is None


@pytest.mark.parametrize("value", ["a < b", "3 > 2", "Meera <3", "&lt; 2", "&lt img", "%3E 2"])
def test_names_refuse_any_angle_bracket(value):
	assert markup_in(value, strict=True)


@pytest.mark.parametrize("value", ["<b>bold</b>", "a <b", "</", "<!doctype", "<?php", "x<i>y"])
def test_free_text_refuses_a_tag_opening(value):
	assert markup_in(value)


def test_decoding_stops_when_nothing_changes():
	assert decoded_forms("plain") == ["plain"]
	assert decoded_forms("&amp;lt;") == ["&amp;lt;", "&lt;", "<"]


@given(st.text(alphabet=st.characters(blacklist_characters="<>&%\\\"'`:"), max_size=60))
def test_text_without_special_characters_is_plain(value):
	assert markup_in(value, strict=True) is None


@given(st.text(max_size=30), st.text(max_size=30))
def test_a_tag_anywhere_is_found(before, after):
	assert markup_in(before + "<img src=x onerror=alert(1)>" + after)
	assert markup_in(json.dumps([before, "<script>" + after]))


# ---------------------------------------------------------------- links


@pytest.mark.parametrize(
	"url",
	[
		"/files/photo.jpg",
		"/private/files/before-1.png",
		"/files/Priya's photo 2.jpg",
		"/files/my%20photo.jpg",
		"/assets/frappe/images/frappe-framework-logo.png",
		"https://cdn.example.com/a/b.jpg?x=1&y=2",
		"http://example.com/x.png",
		"HTTPS://EXAMPLE.COM/X.PNG",
	],
)
def test_safe_links(url):
	assert is_safe_link(url)


@pytest.mark.parametrize(
	"url",
	[
		"javascript:alert(1)",
		"JavaScript:alert(1)",
		" javascript:alert(1)",
		"java\tscript:alert(1)",
		"java\nscript:alert(1)",
		"&#106;avascript:alert(1)",
		"&#x6A;avascript:alert(1)",
		"javascript&colon;alert(1)",
		"%6Aavascript:alert(1)",
		"vbscript:msgbox(1)",
		"data:image/svg+xml;base64,PHN2Zz4=",
		"data:text/html,<script>alert(1)</script>",
		"//evil.example.com/x.png",
		"/app/customer-profile",
		"/api/method/logout",
		"/assets/../app/user",
		"files/x.png",
		"ftp://example.com/x.png",
		"https:///x.png",
		"https://",
		'/files/x.png" onerror="alert(1)',
		"/files/x.png&quot; onerror=&quot;alert(1)",
		"/files/x.png%22%20onerror=%22alert(1)",
		"/files/<img>.png",
		"/files/../../app/user",
		"/files/%2e%2e/%2e%2e/app",
		"/files/x.png\\",
		"/files/\u200bx.png",
		"",
		None,
	],
)
def test_unsafe_links(url):
	assert not is_safe_link(url)


def test_site_file_prefixes_can_be_given():
	assert is_safe_link("/files/x.png", ["/files/"])
	assert not is_safe_link("/assets/salon/logo.png", ["/files/"])
