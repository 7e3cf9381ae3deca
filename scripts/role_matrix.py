#!/usr/bin/env python3
"""Print README.md's "Who may do what" section from the role matrix (salon_crm/rules/access.py).

    python3 scripts/role_matrix.py            # print the section (Markdown)
    python3 scripts/role_matrix.py --write    # replace the section in README.md with it

tests/static/test_access_matrix.py fails when README.md's section differs from what this prints.
Needs no Frappe: salon_crm.rules is pure Python.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
HEADING = "## Who may do what"

if str(ROOT) not in sys.path:
	sys.path.insert(0, str(ROOT))

from salon_crm.rules import access

CODES = {
	"select": "Sl",
	"read": "R",
	"write": "W",
	"create": "C",
	"delete": "D",
	"submit": "S",
	"cancel": "X",
	"amend": "A",
	"report": "Rp",
	"import": "Im",
	"export": "Ex",
	"print": "P",
	"email": "E",
	"share": "Sh",
}
# the order rights are shown in: what changes documents first, then what is done with what one sees
SHOWN = ("select", "read", "write", "create", "delete", "submit", "cancel", "amend", "import")
SHOWN_OUT = ("report", "export", "print", "email", "share")
YES, NO = "✓", "–"


def _row(cells) -> str:
	return "| " + " | ".join(cells) + " |"


def _header(first: str, *more: str) -> list[str]:
	cells = [first, *more, *access.ROLES]
	return [_row(cells), _row(["---"] * len(cells))]


def rights_cell(rights: frozenset[str]) -> str:
	if not rights:
		return NO
	main = " ".join(CODES[r] for r in SHOWN if r in rights)
	out = " ".join(CODES[r] for r in SHOWN_OUT if r in rights)
	return " · ".join(part for part in (main, out) if part)


def doctype_table() -> list[str]:
	lines = _header("Doctype")
	for doctype in access.DOCTYPES:
		lines.append(_row([doctype, *(rights_cell(access.doctype_rights(doctype, r)) for r in access.ROLES)]))
	return lines


def method_table() -> list[str]:
	lines = _header("Whitelisted function", "Checks")
	for m in access.METHODS:
		name = f"`{m.label}`" + (" (POST)" if m.post_only else "")
		lines.append(_row([name, m.check, *(YES if r in m.roles else NO for r in access.ROLES)]))
	return lines


def desk_table() -> list[str]:
	lines = _header("Report or desk page")
	for kind, items in (
		("Report", access.REPORTS),
		("Workspace", access.WORKSPACES),
		("Dashboard chart", access.DASHBOARD_CHARTS),
	):
		for name, roles in items.items():
			lines.append(_row([f"{kind}: {name}", *(YES if r in roles else NO for r in access.ROLES)]))
	return lines


def section() -> str:
	legend = ", ".join(f"{CODES[right]} {right}" for right in SHOWN)
	legend_out = ", ".join(f"{CODES[right]} {right}" for right in SHOWN_OUT)
	parts = [
		HEADING,
		"",
		"Printed by `python3 scripts/role_matrix.py` from `salon_crm/rules/access.py`; the tests hold the doctype",
		"permissions, report and page roles and whitelisted functions of the app, and this section, to it. Each",
		"column is one role on its own: a cashier combines Salon Staff with ERPNext's Sales User and Accounts User.",
		"",
		"Rights on the app's doctypes (child tables follow their parent):",
		f"{legend};",
		f"{legend_out}; {NO} none.",
		"",
		*doctype_table(),
		"",
		f"Who passes the permission check of each whitelisted function ({YES}) and who gets PermissionError ({NO}):",
		"",
		*method_table(),
		"",
		"Who may open each report and desk page:",
		"",
		*desk_table(),
	]
	return "\n".join(parts) + "\n"


def replace_section(readme: str, new: str) -> str:
	"""`readme` with its "Who may do what" section (up to the next "## " heading) replaced by `new`."""
	start = readme.index(HEADING + "\n")
	end = readme.find("\n## ", start + len(HEADING))
	end = len(readme) if end == -1 else end + 1
	return readme[:start] + new + "\n" + readme[end:]


def readme_section(readme: str) -> str:
	"""The "Who may do what" section of `readme`, without the blank line before the next heading."""
	start = readme.index(HEADING + "\n")
	end = readme.find("\n## ", start + len(HEADING))
	return readme[start : len(readme) if end == -1 else end].rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--write", action="store_true", help="replace the section in README.md")
	args = parser.parse_args(argv)
	if args.write:
		README.write_text(replace_section(README.read_text(encoding="utf-8"), section()), encoding="utf-8")
	else:
		sys.stdout.write(section())
	return 0


if __name__ == "__main__":
	sys.exit(main())
