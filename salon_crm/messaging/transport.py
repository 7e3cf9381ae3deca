"""One HTTP request with a deadline on its total time: connecting, sending, the status line, the headers and
the body together. A gateway that accepts the connection and never answers, or that trickles its answer a
byte at a time, is cut off when the deadline passes (a watchdog shuts the socket down, which ends any read
in progress), instead of holding the sender for a per-read timeout again and again.

No Frappe here: this runs in the outbox's sending threads, which have no site context. The gateway is called
directly (no HTTP proxy from the environment).
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_BODY = 64 * 1024  # bytes of a gateway's answer kept (enough for any status text)


class GatewayError(Exception):
	"""No complete answer: the gateway could not be reached, broke the connection or missed the deadline."""


class DeadlineExceeded(GatewayError):
	pass


@dataclass(frozen=True)
class Reply:
	status: int
	text: str


def _ssl_context() -> ssl.SSLContext:
	try:
		import certifi

		return ssl.create_default_context(cafile=certifi.where())
	except ImportError:  # pragma: no cover - certifi comes with requests
		return ssl.create_default_context()


def send(method: str, url: str, headers: dict, body: bytes | None, deadline: float) -> Reply:
	"""Send one request and read the whole answer within `deadline` seconds in total. Returns the status and
	(the start of) the body as text; raises DeadlineExceeded when the deadline passed first, GatewayError
	when the connection failed or broke."""
	started = time.monotonic()
	parts = urlsplit(url)
	if parts.scheme not in ("http", "https") or not parts.hostname:
		raise GatewayError(f"not an http(s) URL: {url}")
	path = parts.path or "/"
	if parts.query:
		path = f"{path}?{parts.query}"
	if parts.scheme == "https":
		conn = http.client.HTTPSConnection(
			parts.hostname, parts.port, timeout=deadline, context=_ssl_context()
		)
	else:
		conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=deadline)

	expired = threading.Event()

	def cut() -> None:
		expired.set()
		sock = conn.sock
		if sock is not None:
			try:
				sock.shutdown(socket.SHUT_RDWR)
			except OSError:
				pass

	watchdog = threading.Timer(deadline, cut)
	watchdog.daemon = True
	watchdog.start()
	try:
		conn.request(method, path, body=body, headers=headers)
		response = conn.getresponse()
		data = response.read(MAX_BODY)
		return Reply(response.status, data.decode("utf-8", "replace"))
	except (OSError, http.client.HTTPException, ValueError) as e:
		if expired.is_set() or time.monotonic() - started >= deadline:
			raise DeadlineExceeded(f"no complete answer within {deadline:g} s") from e
		raise GatewayError(str(e) or type(e).__name__) from e
	finally:
		watchdog.cancel()
		conn.close()
