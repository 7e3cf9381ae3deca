"""Outbox benchmark: seconds to plan 10,000 SMS into the outbox and send them through a healthy HTTP gateway
stub on 127.0.0.1 (in its own process) with the parallel sender: a stub that answers at once (the sender's own
cost) and one that answers in 100 ms like a real gateway over the internet, beside one message at a time (as
the old greeting sender did; timed on a sample and extrapolated); and how long a 200-message batch holds its
worker when the gateway accepts connections and never answers. Everything is rolled back (SMS Settings,
settings and rows) and nothing leaves the machine. Prints a Markdown table.

	~/frappe-bench/env/bin/python benchmarks/bench_outbox.py --site salon-bench.localhost [--messages 10000]
"""

from __future__ import annotations

import multiprocessing
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import connect, machine, parser, table, timed
from tests.integration.gateway import HANGING, HEALTHY, serve_forever


def start_stub(mode: str, delay: float = 0.0) -> tuple[multiprocessing.Process, str]:
	"""A gateway stub in a child process (started before the site connection, so nothing is shared)."""
	ours, theirs = multiprocessing.Pipe()
	process = multiprocessing.Process(target=serve_forever, args=(theirs, mode, delay), daemon=True)
	process.start()
	return process, ours.recv()


def rows(count: int, profiles: list[str], at: datetime, tag: str) -> list[dict]:
	import frappe

	return [
		{
			"name": frappe.generate_hash(length=10),
			"dedupe_key": f"bench-outbox-{tag}-{i}-{frappe.generate_hash(length=12)}",
			"purpose": "Greeting",
			"channel": "SMS",
			"message_date": at.date(),
			"status": "Queued",
			"customer_profile": profiles[i % len(profiles)] if profiles else None,
			"recipient_name": "Benchmark",
			"recipient": f"+9198{i:08d}",
			"message": f"Happy birthday! Warm wishes from the salon ({i}).",
		}
		for i in range(count)
	]


def main() -> None:
	p = parser(__doc__.splitlines()[0])
	p.add_argument("--messages", type=int, default=10_000)
	p.add_argument("--parallel", type=int, default=8, help="parallel SMS requests (the setting's default: 8)")
	p.add_argument("--latency", type=float, default=0.1, help="seconds the slower stub takes to answer")
	p.add_argument("--sequential-sample", type=int, default=300)
	p.add_argument("--any-site", action="store_true", help="allow a site without 'bench' in its name")
	args = p.parse_args()
	healthy, healthy_url = start_stub(HEALTHY)
	slow, slow_url = start_stub(HEALTHY, args.latency)
	hanging, hanging_url = start_stub(HANGING)
	connect(args.site, allow_any_site=args.any_site)
	import frappe

	from salon_crm.messaging import outbox
	from tests.integration.gateway import configure_sms_settings

	at = datetime.now().replace(hour=12, minute=0, second=0, microsecond=0)
	profiles = frappe.get_all("Customer Profile", pluck="name", limit=args.messages)
	settings = {
		"quiet_hours_start": None,
		"quiet_hours_end": None,
		"sms_deadline_seconds": 10,
		"sms_parallel_requests": args.parallel,
		"gateway_failure_limit": 5,
		"greeting_batch_size": 200,
		"sms_template_id_parameter": None,
	}

	def configure(url: str, **values) -> None:
		configure_sms_settings(url)
		for fieldname, value in {**settings, **values}.items():
			frappe.db.set_single_value("Salon CRM Settings", fieldname, value)
		outbox.resume("SMS")

	def send() -> dict:
		return outbox.send_due(at=at, commit=False)

	try:
		configure(healthy_url)
		plan_s, _inserted = timed(outbox.add, rows(args.messages, profiles, at, "parallel"))
		send_s, sent = timed(send)
		frappe.db.rollback()

		configure(slow_url)
		outbox.add(rows(args.messages, profiles, at, "latency"))
		slow_s, slow_sent = timed(send)
		frappe.db.rollback()

		configure(slow_url, sms_parallel_requests=1)
		outbox.add(rows(args.sequential_sample, profiles, at, "sequential"))
		one_s, one_sent = timed(send)
		frappe.db.rollback()

		configure(hanging_url)
		outbox.add(rows(200, profiles, at, "hanging"))
		hang_s, hang = timed(send)
		frappe.db.rollback()
	finally:
		outbox.resume("SMS")
		frappe.db.rollback()
		for process in (healthy, slow, hanging):
			process.kill()

	per_message = one_s / max(args.sequential_sample, 1)
	print(
		f"Outbox: {args.messages:,} SMS through a healthy gateway stub on 127.0.0.1, {len(profiles):,} "
		f"distinct customer profiles; {machine()}"
	)
	print(
		table(
			["What", "Seconds", "Messages/s", "Outcome"],
			[
				[f"plan {args.messages:,} rows into the outbox (insert-or-skip)", f"{plan_s:.2f}", "", ""],
				[
					f"send {args.messages:,}, gateway answers at once, {args.parallel} in parallel (ours)",
					f"{send_s:.2f}",
					f"{args.messages / send_s:.0f}",
					sent,
				],
				[
					f"send {args.messages:,}, gateway answers in {args.latency * 1000:.0f} ms, "
					f"{args.parallel} in parallel (ours)",
					f"{slow_s:.2f}",
					f"{args.messages / slow_s:.0f}",
					slow_sent,
				],
				[
					f"same gateway one at a time (old sender): {args.sequential_sample:,} sent, "
					f"extrapolated to {args.messages:,}",
					f"{per_message * args.messages:.1f} (est.)",
					f"{1 / per_message:.0f}",
					one_sent,
				],
				[
					"200 queued, gateway never answers (10 s deadline, pause after 5 failures)",
					f"{hang_s:.2f}",
					"",
					hang,
				],
			],
		)
	)


if __name__ == "__main__":
	main()
