"""Who may do what in salon_crm: the intended role matrix, as data.

The one source of truth for rights in the app:
- tests/static/test_access_matrix.py: the doctype JSON `permissions`, the report / workspace / dashboard chart
  `roles` and the app's `@frappe.whitelist` functions are exactly the ones below (a new whitelisted function,
  permission row or role without a row here fails);
- tests/integration/test_access_matrix.py: on a real site, a user holding one of ROLES (and Frappe's automatic
  roles) gets exactly these rights from `frappe.has_permission`, sees exactly these reports and desk pages,
  and passes or fails the permission check of each whitelisted function as listed;
- README.md "Who may do what" is printed from here by scripts/role_matrix.py (a static test compares them).

Every column is one role on its own. Real users combine roles: a cashier is Salon Staff + ERPNext's Sales
User + Accounts User (README, "Roles."), so a function that needs ERPNext's rights on Customer or Sales
Invoice works for a cashier although it refuses Salon Staff alone.
"""

from __future__ import annotations

from dataclasses import dataclass

SALON_STAFF = "Salon Staff"
SALON_MANAGER = "Salon Manager"
ACCOUNTS_USER = "Accounts User"
ACCOUNTS_MANAGER = "Accounts Manager"
SYSTEM_MANAGER = "System Manager"
ROLES = (SALON_STAFF, SALON_MANAGER, ACCOUNTS_USER, ACCOUNTS_MANAGER, SYSTEM_MANAGER)

# Frappe's permission types (frappe.permissions.rights), in Frappe's order.
RIGHTS = (
	"select",
	"read",
	"write",
	"create",
	"delete",
	"submit",
	"cancel",
	"amend",
	"print",
	"email",
	"report",
	"import",
	"export",
	"share",
)

_ALL_OUT = "report export print email share"  # what a reader of a doctype may do with what they see
_NO_EXPORT = "report print email share"  # customers' personal data: only managers download it in bulk

# ---------------------------------------------------------------- doctypes (level 0 permission rows)
# doctype -> role -> the rights that role's row grants (space separated). A role not listed has no row.
# Child tables have no rows of their own (their parent's rights apply) and are not listed.

DOCTYPES: dict[str, dict[str, str]] = {
	# Managers bring a salon's customers in from another system (Data Import).
	"Customer Profile": {
		SALON_STAFF: f"read write create {_NO_EXPORT}",
		SALON_MANAGER: f"read write create delete import {_ALL_OUT}",
		ACCOUNTS_USER: f"read {_NO_EXPORT}",
		SYSTEM_MANAGER: f"read write create delete import {_ALL_OUT}",
	},
	"Treatment Record": {
		SALON_STAFF: f"read write create {_NO_EXPORT}",
		SALON_MANAGER: f"read write create delete {_ALL_OUT}",
		SYSTEM_MANAGER: f"read write create delete {_ALL_OUT}",
	},
	# A card: Salon Staff sell one (submit); only managers cancel, refund or delete a draft.
	"Customer Discount": {
		SALON_STAFF: f"read write create submit {_ALL_OUT}",
		SALON_MANAGER: f"read write create delete submit cancel amend {_ALL_OUT}",
		ACCOUNTS_USER: f"read {_ALL_OUT}",
		ACCOUNTS_MANAGER: f"read {_ALL_OUT}",
		SYSTEM_MANAGER: f"read write create delete submit cancel amend {_ALL_OUT}",
	},
	# Cards sold in another system, imported with their opening balances (one row per card, kept as the
	# record of the migration: never edited or deleted).
	"Opening Card Import": {
		SALON_MANAGER: f"read create import {_ALL_OUT}",
		ACCOUNTS_MANAGER: f"read create import {_ALL_OUT}",
		SYSTEM_MANAGER: f"read create import {_ALL_OUT}",
	},
	# The card ledger: written by code only; no role creates, edits or deletes an entry.
	"Customer Discount Entry": {
		SALON_STAFF: f"read {_ALL_OUT}",
		SALON_MANAGER: f"read {_ALL_OUT}",
		ACCOUNTS_USER: f"read {_ALL_OUT}",
		ACCOUNTS_MANAGER: f"read {_ALL_OUT}",
		SYSTEM_MANAGER: f"read {_ALL_OUT}",
	},
	"Discount Type": {
		SALON_STAFF: f"read {_ALL_OUT}",
		SALON_MANAGER: f"read write create delete {_ALL_OUT}",
		ACCOUNTS_USER: f"read {_ALL_OUT}",
		ACCOUNTS_MANAGER: f"read {_ALL_OUT}",
		SYSTEM_MANAGER: f"read write create delete {_ALL_OUT}",
	},
	"Special Plan": {
		SALON_STAFF: f"read {_ALL_OUT}",
		SALON_MANAGER: f"read write create delete {_ALL_OUT}",
		SYSTEM_MANAGER: f"read write create delete {_ALL_OUT}",
	},
	"Special Plan Assignment": {
		SALON_STAFF: f"read write create {_ALL_OUT}",
		SALON_MANAGER: f"read write create delete {_ALL_OUT}",
		SYSTEM_MANAGER: f"read write create delete {_ALL_OUT}",
	},
	# Templates are rendered for every customer: only managers write them.
	"Greeting Template": {
		SALON_STAFF: f"read {_ALL_OUT}",
		SALON_MANAGER: f"read write create delete {_ALL_OUT}",
		SYSTEM_MANAGER: f"read write create delete {_ALL_OUT}",
	},
	"Salon Message": {
		SALON_MANAGER: f"read {_ALL_OUT}",
		SYSTEM_MANAGER: f"read delete {_ALL_OUT}",
	},
	# Campaigns message many customers at once: managers only.
	"Salon Campaign": {
		SALON_MANAGER: f"read write create delete {_ALL_OUT}",
		SYSTEM_MANAGER: f"read write create delete {_ALL_OUT}",
	},
	"Salon CRM Settings": {
		SALON_STAFF: f"read {_ALL_OUT}",
		SALON_MANAGER: f"read write create {_ALL_OUT}",
		SYSTEM_MANAGER: f"read write create {_ALL_OUT}",
	},
	# The phone-digit search index, kept by code.
	"Salon Search Key": {
		SYSTEM_MANAGER: f"read {_ALL_OUT}",
	},
}


def doctype_rights(doctype: str, role: str) -> frozenset[str]:
	"""The rights `role` alone has on `doctype` (empty when it has no row)."""
	return frozenset(DOCTYPES[doctype].get(role, "").split())


# ---------------------------------------------------------------- reports and desk pages
# report / workspace / dashboard chart -> the roles that may open it. For a report Frappe also asks for the
# report right on its reference doctype; the roles listed here have both (System Manager has no report right
# on GL Entry, so Card Liability Reconciliation does not list it).

REPORTS: dict[str, tuple[str, ...]] = {
	"Customer Discount Balance": (
		SALON_STAFF,
		SALON_MANAGER,
		ACCOUNTS_USER,
		ACCOUNTS_MANAGER,
		SYSTEM_MANAGER,
	),
	"Customer Discount Ledger": (SALON_STAFF, SALON_MANAGER, ACCOUNTS_USER, ACCOUNTS_MANAGER, SYSTEM_MANAGER),
	"Card Liability Reconciliation": (ACCOUNTS_USER, ACCOUNTS_MANAGER),
	"Customer History": (SALON_STAFF, SALON_MANAGER, SYSTEM_MANAGER),
	"Customer Performance": (SALON_STAFF, SALON_MANAGER, SYSTEM_MANAGER),
	"Todays Occasions": (SALON_STAFF, SALON_MANAGER, SYSTEM_MANAGER),
	"Greeting Report": (SALON_MANAGER, SYSTEM_MANAGER),
	"Campaign Results": (SALON_MANAGER, SYSTEM_MANAGER),
}

WORKSPACES: dict[str, tuple[str, ...]] = {
	"Salon CRM": (SALON_STAFF, SALON_MANAGER, SYSTEM_MANAGER),
}

# Frappe shows a chart to the roles listed on it and to every System Manager (listed too); its data comes
# from the source's whitelisted `get`, which asks for ERPNext's read on Sales Invoice (METHODS).
DASHBOARD_CHARTS: dict[str, tuple[str, ...]] = {
	"Income by Month": (SALON_STAFF, SALON_MANAGER, ACCOUNTS_USER, SYSTEM_MANAGER),
}


# ---------------------------------------------------------------- whitelisted functions


@dataclass(frozen=True)
class Method:
	"""A `@frappe.whitelist` function of the app and the roles that pass its permission check."""

	path: str  # dotted path; a controller method as <module>.<Class>.<method>
	check: str  # what it checks, in words (README)
	roles: tuple[str, ...]
	post_only: bool = False  # methods=["POST"]
	doctype: str | None = None  # for a controller method: its doctype (called with run_doc_method)

	@property
	def label(self) -> str:
		"""How the desk calls it: the dotted path, or a controller method by doctype and name."""
		if self.doctype:
			return f"{self.doctype} → {self.path.rsplit('.', 1)[1]} (run_doc_method)"
		return self.path


_PROFILE_READERS = (SALON_STAFF, SALON_MANAGER, ACCOUNTS_USER, SYSTEM_MANAGER)
_PROFILE_WRITERS = (SALON_STAFF, SALON_MANAGER, SYSTEM_MANAGER)
_ASSIGNERS = (SALON_STAFF, SALON_MANAGER, SYSTEM_MANAGER)
_MANAGERS = (SALON_MANAGER, SYSTEM_MANAGER)
_ERPNEXT_ACCOUNTS = (ACCOUNTS_USER, ACCOUNTS_MANAGER)

METHODS: tuple[Method, ...] = (
	Method(
		"salon_crm.api.cards.active_cards",
		"read on Customer Discount (lists only the cards the user may read)",
		ROLES,
	),
	Method(
		"salon_crm.api.cards.card_ledger",
		"read on the card",
		ROLES,
	),
	Method(
		"salon_crm.api.campaigns.preview",
		"read on the campaign and on Customer Profile",
		_MANAGERS,
	),
	Method(
		"salon_crm.api.campaigns.get_results",
		"read on the campaign",
		_MANAGERS,
	),
	Method(
		"salon_crm.api.campaigns.send_test",
		"write on the campaign",
		_MANAGERS,
		post_only=True,
	),
	Method(
		"salon_crm.api.campaigns.send_now",
		"write on the campaign",
		_MANAGERS,
		post_only=True,
	),
	Method(
		"salon_crm.api.campaigns.opt_out",
		"write on the profile",
		_PROFILE_WRITERS,
		post_only=True,
	),
	Method(
		"salon_crm.api.history.get_history",
		"read on the profile (leaves out kinds the user may not read)",
		_PROFILE_READERS,
	),
	Method(
		"salon_crm.api.performance.refresh_customer",
		"write on the profile",
		_PROFILE_WRITERS,
		post_only=True,
	),
	Method(
		"salon_crm.api.performance.refresh_all",
		"Salon Manager or System Manager, and write on Salon CRM Settings",
		_MANAGERS,
		post_only=True,
	),
	Method(
		"salon_crm.api.plans.get_specials",
		"read on the profile and on Special Plan",
		_ASSIGNERS,
	),
	Method(
		"salon_crm.api.plans.assign_plan",
		"a salon role with create on Special Plan Assignment; read on the plan and each profile (an "
		"ineligible customer needs a manager)",
		_ASSIGNERS,
		post_only=True,
	),
	Method(
		"salon_crm.api.plans.end_assignment",
		"a salon role with create on Special Plan Assignment; write on the assignment",
		_ASSIGNERS,
		post_only=True,
	),
	Method(
		"salon_crm.api.plans.get_eligible_profiles",
		"read on the plan and on Customer Profile",
		_ASSIGNERS,
	),
	Method(
		"salon_crm.api.search.customer_profile_query",
		"read (or select) on Customer Profile; lists readable profiles only",
		_PROFILE_READERS,
	),
	Method(
		"salon_crm.api.pos.customer_panel",
		"read on ERPNext's Customer; cards and plans only where the user may read them",
		_ERPNEXT_ACCOUNTS,
	),
	Method(
		"salon_crm.api.pos.sale_card",
		"read on the invoice (ERPNext's Sales / POS Invoice)",
		_ERPNEXT_ACCOUNTS,
	),
	Method(
		"salon_crm.api.search.customer_query",
		"read on ERPNext's Customer (a cashier has it through Sales User)",
		_ERPNEXT_ACCOUNTS,
	),
	Method(
		"salon_crm.api.search.find_customers",
		"read on Customer Profile; lists readable profiles only",
		_PROFILE_READERS,
	),
	Method(
		"salon_crm.salon_crm.dashboard_chart_source.salon_income_by_month.salon_income_by_month.get",
		"read on ERPNext's Sales Invoice",
		_ERPNEXT_ACCOUNTS,
	),
	Method(
		"salon_crm.salon_crm.doctype.customer_discount.customer_discount.CustomerDiscount.refund",
		"Salon Manager or System Manager, and cancel on the card",
		_MANAGERS,
		post_only=True,
		doctype="Customer Discount",
	),
	Method(
		"salon_crm.salon_crm.doctype.discount_type.discount_type.get_suggested_value",
		"read on Discount Type",
		ROLES,
	),
)


def method(path: str) -> Method:
	return next(m for m in METHODS if m.path == path)
