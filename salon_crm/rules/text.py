"""Plain text that must stay plain: what in a value would act as markup or script once a page shows it, and
which links may be used for photos and attachments.

A value is read in every form a browser or a script could turn it into before it is shown: as typed, then
decoded again and again (HTML character references such as `&lt;`, `&#60;`, `&#x3C;`, JavaScript and JSON
escapes such as `\\u003c`, `\\x3c`, URL escapes such as `%3C`) until nothing changes. Wrapping a payload in
JSON (`["<img src=x onerror=…>"]`) changes nothing here: the brackets and quotes are text, the tag is found.

Two strengths:
- names (`strict=True`: person names, relations, tags, places, numbers): no `<` or `>` at all, in any form.
  No name needs them.
- free text (notes, symptoms, captions, descriptions): `a < b` and `3 > 2` are fine; a tag opening (`<b`,
  `</`, `<!--`, `<?`), an attribute breaking out of quotes (`" onmouseover=`) or a script URL
  (`javascript:`, `vbscript:`, `data:text/html`) are not.

`markup_in` returns the piece it found (for the message), or None when the value is plain.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

MAX_DECODE_ROUNDS = 6
SITE_FILE_PREFIXES = ("/files/", "/private/files/", "/assets/")
"""Where Frappe serves a site's own files: uploads (public and private) and its apps' static files."""

_JS_ESCAPE = re.compile(r"\\(?:u\{?([0-9a-fA-F]{2,6})\}?|x([0-9a-fA-F]{2}))")
_TAG = re.compile(r"<[/!?]?[a-z]|<[/!?]", re.IGNORECASE)
_ANGLE = re.compile(r"[<>]")
_ATTRIBUTE_BREAKOUT = re.compile(r"[\"'`][\s/]*on[a-z]+\s*=", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"(?:java|vb|live)script:|data:text/html", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]")
_UNSAFE_IN_LINK = re.compile(r"[\x00-\x1f\x7f\"<>`\\\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]")


def decoded_forms(value: str) -> list[str]:
	"""The value as typed, then each further decoding of it, until decoding changes nothing."""
	forms = [value]
	current = value
	for _round in range(MAX_DECODE_ROUNDS):
		decoded = _decode_once(current)
		if decoded == current:
			break
		forms.append(decoded)
		current = decoded
	return forms


def _decode_once(text: str) -> str:
	text = html.unescape(text)
	text = _JS_ESCAPE.sub(_js_char, text)
	return unquote(text)


def _js_char(match: re.Match) -> str:
	code = int(match.group(1) or match.group(2), 16)
	return chr(code) if code <= 0x10FFFF else match.group(0)


def markup_in(value: str | None, strict: bool = False) -> str | None:
	"""The markup or script found in `value` (a short excerpt), or None when it is plain text.

	`strict` (names): any `<` or `>` counts. Otherwise only a tag opening, an attribute breaking out of
	quotes, or a script URL does."""
	if not value or not isinstance(value, str):
		return None
	for form in decoded_forms(value):
		found = _markup_in_form(form, strict)
		if found:
			return found
	return None


def _markup_in_form(text: str, strict: bool) -> str | None:
	patterns = (_ANGLE,) if strict else ()
	for pattern in (*patterns, _TAG, _ATTRIBUTE_BREAKOUT):
		match = pattern.search(text)
		if match:
			return _excerpt(text, match.start())
	squeezed = _INVISIBLE.sub("", text)
	match = _SCRIPT_URL.search(squeezed)
	if match:
		return _excerpt(squeezed, match.start())
	return None


def _excerpt(text: str, start: int, length: int = 24) -> str:
	return text[start : start + length].strip()


def is_safe_link(url: str | None, site_files_prefixes: Iterable[str] = SITE_FILE_PREFIXES) -> bool:
	"""True when `url` may be put in an `href` or `src`: an absolute http(s) URL with a host, or a path
	under one of the site's file prefixes, in every decoded form; and no quote, angle bracket, backtick,
	backslash, control or invisible character (nothing that could leave a quoted attribute or hide a scheme).
	Spaces and apostrophes are allowed: Frappe keeps them in uploaded file names ("/files/Priya's photo.jpg")."""
	if not url or not isinstance(url, str):
		return False
	prefixes = tuple(site_files_prefixes)
	return all(_is_safe_link_form(form, prefixes) for form in decoded_forms(url))


def _is_safe_link_form(url: str, prefixes: tuple[str, ...]) -> bool:
	if _UNSAFE_IN_LINK.search(url):
		return False
	if url.startswith(prefixes):
		return ".." not in url.split("?", 1)[0].split("/")
	try:
		parts = urlsplit(url)
	except ValueError:
		return False
	return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and " " not in parts.netloc
