app_name = "salon_crm"
app_title = "Salon CRM"
app_publisher = "salon_crm developers"
app_description = "Customer system for beauty salons, spas and clinics on ERPNext"
app_email = "salon-crm@example.com"
app_license = "mit"
app_icon = "octicon octicon-heart"
app_color = "pink"

# ERPNext must be on the bench: installing without it fails before anything is written.
required_apps = ["erpnext"]

# Installation
# ------------
before_install = "salon_crm.install.before_install"
after_install = "salon_crm.install.after_install"
after_migrate = "salon_crm.install.after_migrate"
before_uninstall = "salon_crm.install.before_uninstall"
before_tests = "salon_crm.install.before_tests"

# Standard records shipped with the app (loaded from salon_crm/fixtures on install and migrate)
fixtures = [
	{"dt": "Role", "filters": [["name", "in", ["Salon Manager", "Salon Staff"]]]},
]

# Searching customers by number, name or any phone digits
# --------------------------------------------------------
standard_queries = {
	"Customer Profile": "salon_crm.api.search.customer_profile_query",
	"Customer": "salon_crm.api.search.customer_query",
}

# Form scripts for ERPNext doctypes, and the Point of Sale page's extension; card_picker.js is the card picker
# both share (loaded before them); plain_text.js is the formatter that shows plain-text fields (people's names
# and notes) as text in tables and read-only fields
doctype_js = {
	"Sales Invoice": ["public/js/plain_text.js", "public/js/card_picker.js", "public/js/sales_invoice.js"],
	"POS Invoice": ["public/js/plain_text.js", "public/js/card_picker.js", "public/js/sales_invoice.js"],
	"Customer Profile": "public/js/plain_text.js",
	"Treatment Record": "public/js/plain_text.js",
	"Salon Message": "public/js/plain_text.js",
	"Special Plan Assignment": "public/js/plain_text.js",
	"Customer Discount": "public/js/plain_text.js",
}
page_js = {"point-of-sale": ["public/js/card_picker.js", "public/js/point_of_sale.js"]}

# Card print formats (Membership Card, PV Status Statement, Salon Invoice): Jinja helpers
# ----------------------------------------------------------------------------------------
jinja = {
	"methods": [
		"salon_crm.cards.printing.salon_card_qr",
		"salon_crm.cards.printing.salon_card_statement",
		"salon_crm.cards.printing.salon_card_balance_after",
		"salon_crm.cards.printing.salon_company_header",
	],
}

# ERPNext documents
# -----------------
# One doc_events dict for the whole app (a second assignment would replace this one).
_invoice_events = {
	"before_validate": "salon_crm.overrides.sales_invoice.before_validate",
	"validate": [
		"salon_crm.overrides.plans.validate_invoice",
		# cards: the redemption from the line amounts ERPNext's validate computed
		"salon_crm.overrides.sales_invoice.validate",
	],
	"on_submit": "salon_crm.overrides.sales_invoice.on_submit",
	"before_cancel": "salon_crm.overrides.sales_invoice.before_cancel",
	"on_cancel": "salon_crm.overrides.sales_invoice.on_cancel",
	# the customer's name (and link titles) escaped in every print format, Standard included
	"before_print": "salon_crm.overrides.sales_invoice.before_print",
}
doc_events = {
	"Sales Invoice": _invoice_events,
	"POS Invoice": _invoice_events,
	"Journal Entry": {"on_cancel": "salon_crm.overrides.journal_entry.on_cancel"},
	"Company": {"on_update": "salon_crm.overrides.company.on_update"},
	"User": {"validate": "salon_crm.overrides.user.validate"},
	"Email Unsubscribe": {"after_insert": "salon_crm.campaigns.consent.on_email_unsubscribe"},
}

# Scheduled jobs
# --------------
scheduler_events = {
	"cron": {
		# the outbox: queue the sending job when messages are due (retries, rows a dead job held)
		"*/5 * * * *": [
			"salon_crm.campaigns.jobs.every_five_minutes",
			"salon_crm.messaging.jobs.every_five_minutes",
		],
	},
	"hourly": [
		"salon_crm.greetings.jobs.hourly",
	],
	"daily": [
		"salon_crm.cards.jobs.expire_cards",
	],
	"daily_long": [
		"salon_crm.performance.jobs.nightly_refresh",
		"salon_crm.plans.jobs.nightly_auto_assign",
	],
}
