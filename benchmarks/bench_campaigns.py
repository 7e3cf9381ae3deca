"""Campaigns benchmark: an audience of 100,000 customers computed set-based (the Special Plan rule engine),
the preview of that audience (counts, exclusions with reasons, a sample), and a run that queues 20,000
messages into the outbox, beside a naive per-customer loop (load each profile, check its restrictions and
cap, render, insert the message as a document) timed on a sample and extrapolated. The customers are written
into the site for the run and everything is rolled back (nothing is committed, nothing is sent). Prints a
Markdown table.

	~/frappe-bench/env/bin/python benchmarks/bench_campaigns.py --site salon-bench.localhost
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import connect, machine, parser, table, timed

PREFIX = "BCP-"


def write_customers(total: int, queued: int, tag_all: str, tag_run: str) -> None:
	"""`total` Customer Profiles as plain rows (mobiles, some emails; every 20th refuses SMS marketing, every
	50th asked not to be contacted), all tagged `tag_all`, the first `queued` also `tag_run`."""
	import frappe
	from frappe.utils import now_datetime

	stamp, user = now_datetime(), frappe.session.user
	base = {"creation": stamp, "modified": stamp, "owner": user, "modified_by": user, "docstatus": 0}
	profile_fields = (
		*base,
		"name",
		"first_name",
		"last_name",
		"full_name",
		"mobile_no",
		"email_id",
		"disabled",
		"do_not_contact",
	)
	profiles, tags, restrictions = [], [], []
	for i in range(total):
		name = f"{PREFIX}{i:06d}"
		profiles.append(
			(
				*base.values(),
				name,
				f"Guest{i}",
				"Bench",
				f"Guest{i} Bench",
				f"+9197{i:08d}",
				f"guest{i}@example.com" if i % 3 == 0 else None,
				0,
				1 if i % 50 == 0 else 0,
			)
		)
		tags.append((*base.values(), f"{name}-a", name, "Customer Profile", "tags", 1, tag_all))
		if i < queued:
			tags.append((*base.values(), f"{name}-r", name, "Customer Profile", "tags", 2, tag_run))
		if i % 20 == 0:
			restrictions.append(
				(
					*base.values(),
					f"{name}-x",
					name,
					"Customer Profile",
					"communication_restrictions",
					1,
					"SMS",
					"Promotions",
				)
			)
	child = (*base, "name", "parent", "parenttype", "parentfield", "idx")
	frappe.db.bulk_insert("Customer Profile", profile_fields, profiles, chunk_size=5000)
	frappe.db.bulk_insert("Customer Profile Tag", (*child, "tag"), tags, chunk_size=5000)
	frappe.db.bulk_insert(
		"Communication Restriction", (*child, "channel", "purpose"), restrictions, chunk_size=5000
	)


def campaign(name: str, tag: str, company: str):
	import frappe

	return frappe.get_doc(
		{
			"doctype": "Salon Campaign",
			"campaign_name": name,
			"company": company,
			"channel": "SMS",
			"send_mode": "Immediately",
			"sms_message": "Hi {{ first_name }}, we miss you at {{ salon_name }}! {{ offer }}",
			"offer_description": "20% off your next facial",
			"rules": [{"rule_type": "Customer Tag", "tag": tag}],
		}
	).insert(ignore_permissions=True)


def naive_run(doc, names: list[str], at: datetime) -> int:
	"""What a loop per customer does: the profile as a document, its restrictions, its recent marketing
	count, the message rendered, the outbox row inserted as a document."""
	import frappe
	from frappe.utils import add_days

	from salon_crm.rules import campaigns as rules
	from salon_crm.rules import templates
	from salon_crm.rules.restrictions import is_allowed

	queued = 0
	for name in names:
		profile = frappe.get_doc("Customer Profile", name)
		rows = [(r.channel, r.purpose) for r in profile.communication_restrictions]
		if not profile.mobile_no or not is_allowed(rows, profile.do_not_contact, "SMS", "Promotions"):
			continue
		recent = frappe.db.count(
			"Salon Message",
			{
				"customer_profile": name,
				"purpose": "Marketing",
				"message_date": (">", add_days(at.date(), -30)),
			},
		)
		if rules.capped(recent, 4):
			continue
		context = rules.build_context(
			first_name=profile.first_name,
			last_name=profile.last_name,
			salon_name="Salon",
			campaign_name=doc.campaign_name,
			offer=doc.offer_description,
		)
		message = frappe.get_doc(
			{
				"doctype": "Salon Message",
				"dedupe_key": rules.dedupe_key(doc.name, name, at.date(), "SMS"),
				"purpose": "Marketing",
				"channel": "SMS",
				"message_date": at.date(),
				"status": "Queued",
				"reference_doctype": "Salon Campaign",
				"reference_name": doc.name,
				"customer_profile": name,
				"recipient": profile.mobile_no,
				"message": templates.render(doc.sms_message, context),
			}
		)
		message.insert(ignore_permissions=True)
		queued += 1
	return queued


def main() -> None:
	p = parser(__doc__.splitlines()[0])
	p.add_argument("--customers", type=int, default=100_000)
	p.add_argument("--queue", type=int, default=20_000)
	p.add_argument("--naive-sample", type=int, default=500)
	p.add_argument("--any-site", action="store_true", help="allow a site without 'bench' in its name")
	args = p.parse_args()
	connect(args.site, allow_any_site=args.any_site)
	import frappe

	from salon_crm.campaigns import service

	company = frappe.db.get_value("Company", {}, "name", order_by="creation asc")
	at = datetime.now().replace(hour=11, minute=0, second=0, microsecond=0)
	frappe.db.set_single_value("Salon CRM Settings", "quiet_hours_start", None)
	frappe.db.set_single_value("Salon CRM Settings", "quiet_hours_end", None)
	tag_all, tag_run = "_Bench Campaign All", "_Bench Campaign Run"
	for tag in (tag_all, tag_run):
		if not frappe.db.exists("Tag", tag):
			frappe.get_doc({"doctype": "Tag", "name": tag}).insert(ignore_permissions=True)
	try:
		write_s, _none = timed(write_customers, args.customers, args.queue, tag_all, tag_run)
		everyone = campaign(f"_Bench everyone {frappe.generate_hash(length=5)}", tag_all, company)
		some = campaign(f"_Bench run {frappe.generate_hash(length=5)}", tag_run, company)
		naive = campaign(f"_Bench naive {frappe.generate_hash(length=5)}", tag_run, company)

		audience_s, audience = timed(service.audience, everyone, at.date())
		preview_s, preview = timed(service.preview, everyone, at)
		run_s, run = timed(service.run, some, at, False)
		sample = service.audience(naive, at.date())[: args.naive_sample]
		naive_s, naive_queued = timed(naive_run, naive, sample, at)
	finally:
		frappe.db.rollback()
	per_customer = naive_s / max(len(sample), 1)
	print(f"Campaigns: {args.customers:,} customers written for the run (rolled back); {machine()}")
	print(
		table(
			["What", "Seconds", "Result"],
			[
				[
					f"write {args.customers:,} profiles with tags and restrictions (setup)",
					f"{write_s:.2f}",
					"",
				],
				[
					f"audience of {args.customers:,} (one SQL statement)",
					f"{audience_s:.2f}",
					f"{len(audience):,}",
				],
				[
					f"preview of {args.customers:,}: counts, exclusions with reasons, a sample",
					f"{preview_s:.2f}",
					f"{preview['to_send']:,} to message, "
					+ ", ".join(f"{row['count']:,} {row['label']}" for row in preview["excluded"]),
				],
				[
					f"run: plan and queue {args.queue:,} into the outbox (ours)",
					f"{run_s:.2f}",
					f"{run['logged']:,} rows, {run['to_send']:,} queued",
				],
				[
					f"naive per-customer loop: {len(sample)} timed, extrapolated to {args.queue:,}",
					f"{per_customer * args.queue:.1f} (est.)",
					f"{naive_queued} queued in {naive_s:.2f} s",
				],
			],
		)
	)


if __name__ == "__main__":
	main()
