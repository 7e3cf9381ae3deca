"""Frappe's REST API on the bench's web server, as a client program calls it: JSON in and out, a session
cookie after /api/method/login."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from http.cookiejar import CookieJar

from tests.conftest import BENCH


class Client:
	def __init__(self, base_url: str):
		self.base = base_url.replace(f"http://{BENCH.site}", "http://127.0.0.1")
		self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

	def call(self, method: str, path: str, data: dict | None = None) -> tuple[int, dict]:
		body = json.dumps(data).encode() if data is not None else None
		request = urllib.request.Request(
			self.base + path,
			data=body,
			method=method,
			headers={"Host": BENCH.site, "Content-Type": "application/json", "Accept": "application/json"},
		)
		try:
			with self.opener.open(request, timeout=60) as response:
				return response.status, json.loads(response.read() or b"{}")
		except urllib.error.HTTPError as e:
			return e.code, json.loads(e.read() or b"{}")

	def login(self, user: str, password: str) -> None:
		status, body = self.call("POST", "/api/method/login", {"usr": user, "pwd": password})
		assert status == 200, body
