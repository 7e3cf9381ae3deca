"""A real HTTP SMS gateway on 127.0.0.1 (random port) for tests and benchmarks, configured through Frappe's
SMS Settings. It records every request and behaves as told:

- healthy (default): answers the queued statuses, then 200 "OK: queued"; `delay` seconds before each answer;
- failing: `reply((500, "down"), ...)` or `failing()` (every request 500);
- hanging: accepts the connection, reads the request and never answers (until the stub stops);
- trickling: answers 200 one byte every `interval` seconds.

It also counts requests in progress at once (`max_in_flight`).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

HEALTHY, FAILING, HANGING, TRICKLING = "healthy", "failing", "hanging", "trickling"
API_KEY = "k-123"
SENDER_ID = "GLOWST"


class Gateway:
	def __init__(self, mode: str = HEALTHY, delay: float = 0.0, interval: float = 0.5, record: bool = True):
		self.requests: list[dict] = []
		self.replies: deque[tuple[int, str]] = deque()
		self.lock = threading.Lock()
		self.mode = mode
		self.delay = delay
		self.interval = interval
		self.record = record
		self.count = 0
		self.in_flight = 0
		self.max_in_flight = 0
		self.stopped = threading.Event()
		gateway = self

		class Handler(BaseHTTPRequestHandler):
			protocol_version = "HTTP/1.0"

			def _handle(self):
				length = int(self.headers.get("Content-Length") or 0)
				body = self.rfile.read(length).decode() if length else ""
				with gateway.lock:
					gateway.count += 1
					gateway.in_flight += 1
					gateway.max_in_flight = max(gateway.max_in_flight, gateway.in_flight)
					if gateway.record:
						url = urlsplit(self.path)
						gateway.requests.append(
							{
								"method": self.command,
								"path": url.path,
								"query": dict(parse_qsl(url.query)),
								"body": body,
								"headers": {k.lower(): v for k, v in self.headers.items()},
								"at": time.monotonic(),
							}
						)
					if gateway.replies:
						status, text = gateway.replies.popleft()
					elif gateway.mode == FAILING:
						status, text = 500, "gateway down"
					else:
						status, text = 200, "OK: queued"
				try:
					if gateway.mode == HANGING:
						gateway.stopped.wait()
						return
					if gateway.delay:
						time.sleep(gateway.delay)
					data = text.encode()
					if gateway.mode == TRICKLING:
						raw = (
							f"HTTP/1.0 {status} OK\r\nContent-Type: text/plain\r\n"
							f"Content-Length: {len(data)}\r\n\r\n"
						).encode() + data
						for i in range(len(raw)):
							if gateway.stopped.wait(gateway.interval):
								return
							self.wfile.write(raw[i : i + 1])
							self.wfile.flush()
						return
					self.send_response(status)
					self.send_header("Content-Type", "text/plain")
					self.send_header("Content-Length", str(len(data)))
					self.end_headers()
					self.wfile.write(data)
				except OSError:
					pass  # the client gave up (its deadline)
				finally:
					with gateway.lock:
						gateway.in_flight -= 1

			do_GET = _handle
			do_POST = _handle

			def log_message(self, *args):
				pass

		class Server(ThreadingHTTPServer):
			daemon_threads = True
			request_queue_size = 1024

		self.server = Server(("127.0.0.1", 0), Handler)
		self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
		self.thread.start()

	@property
	def url(self) -> str:
		return f"http://127.0.0.1:{self.server.server_address[1]}/api/send"

	def reply(self, *replies: tuple[int, str]) -> None:
		self.replies.extend(replies)

	def messages(self) -> list[dict]:
		"""The parameters of each request received, in order (query string of a GET)."""
		return [r["query"] for r in self.requests]

	def stop(self) -> None:
		self.stopped.set()
		self.server.shutdown()
		self.server.server_close()


def serve_forever(port_pipe, mode: str = HEALTHY, delay: float = 0.0) -> None:
	"""Run a stub in this process (benchmarks start it in a child process, so it does not share the sending
	process's interpreter lock): sends its URL through `port_pipe`, then serves until killed."""
	gateway = Gateway(mode, delay=delay, record=False)
	port_pipe.send(gateway.url)
	threading.Event().wait()


def configure_sms_settings(url: str, use_post: int = 0, extra: list[dict] | None = None) -> None:
	"""Point Frappe's SMS Settings at `url` (message parameter `text`, receiver `to`, an API key and sender)."""
	import frappe

	settings = frappe.get_single("SMS Settings")
	settings.sms_gateway_url = url
	settings.message_parameter = "text"
	settings.receiver_parameter = "to"
	settings.use_post = use_post
	settings.set("parameters", [])
	for row in [
		{"parameter": "api_key", "value": API_KEY, "header": 0},
		{"parameter": "sender", "value": SENDER_ID, "header": 0},
		*(extra or []),
	]:
		settings.append("parameters", row)
	settings.save()
