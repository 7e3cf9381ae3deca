"""Message templates (greetings now, campaigns next): what a template may contain, and rendering it.

Templates are written by salon staff with the Salon Manager role, not by system administrators, so they are
untrusted code. A template is rendered in its own Jinja environment, never Frappe's: no globals (`frappe`,
`_`, `request`, ...), only the documented variables of its kind, passed as plain values (text and numbers),
and a short list of text filters. Before anything is rendered the template's syntax tree is checked against
an allow-list: names must be documented variables; attribute and item access (`x.y`, `x["y"]`), function
and method calls, loops, assignments, macros, imports and includes are refused. Saving a template that
uses anything else is refused with a message naming each thing; a template stored before this rule (or
written to the database some other way) fails to render with the same message and sends nothing.

Rendering still uses Jinja's `ImmutableSandboxedEnvironment` as a second wall.
"""

from __future__ import annotations

from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

# Filters a message needs, all of them pure text/number functions.
ALLOWED_FILTERS = frozenset(
	{
		"capitalize",
		"default",
		"d",
		"lower",
		"upper",
		"title",
		"trim",
		"truncate",
		"replace",
		"round",
		"int",
		"string",
		"length",
		"wordcount",
	}
)
ALLOWED_TESTS = frozenset({"defined", "undefined", "none", "number", "string", "even", "odd"})

# Syntax a message may use: output, literals, conditions, arithmetic and string joining.
_ALLOWED_NODES = (
	nodes.Template,
	nodes.Output,
	nodes.TemplateData,
	nodes.Name,
	nodes.Const,
	nodes.Filter,
	nodes.Test,
	nodes.If,
	nodes.CondExpr,
	nodes.Compare,
	nodes.Operand,
	nodes.And,
	nodes.Or,
	nodes.Not,
	nodes.Concat,
	nodes.Add,
	nodes.Sub,
	nodes.Mul,
	nodes.Div,
	nodes.FloorDiv,
	nodes.Mod,
	nodes.Neg,
	nodes.Pos,
	nodes.Keyword,
)
_REFUSED_KINDS = {
	nodes.Getattr: "attribute access",
	nodes.Getitem: "item access",
	nodes.Call: "function call",
	nodes.For: "loop",
	nodes.Assign: "assignment",
	nodes.AssignBlock: "assignment",
	nodes.Macro: "macro",
	nodes.CallBlock: "call block",
	nodes.Import: "import",
	nodes.FromImport: "import",
	nodes.Include: "include",
	nodes.Extends: "extends",
	nodes.Block: "block",
	nodes.FilterBlock: "filter block",
	nodes.With: "with block",
	nodes.Scope: "scope",
}


class TemplateNotAllowed(ValueError):
	"""A template uses something outside its documented variables and filters. `problems` lists each thing
	(in English; the caller translates the sentence around them)."""

	def __init__(self, problems: list[str]):
		self.problems = problems
		super().__init__("; ".join(problems))


def _environment() -> ImmutableSandboxedEnvironment:
	env = ImmutableSandboxedEnvironment(autoescape=False, keep_trailing_newline=False)
	env.globals.clear()
	env.filters = {name: f for name, f in env.filters.items() if name in ALLOWED_FILTERS}
	env.tests = {name: t for name, t in env.tests.items() if name in ALLOWED_TESTS}
	return env


_ENV = _environment()


def problems(source: str | None, variables: set[str] | frozenset[str]) -> list[str]:
	"""Everything in `source` a message template may not use (empty when it is fine). A syntax error is one
	problem, with Jinja's line and message."""
	try:
		tree = _ENV.parse(source or "")
	except TemplateSyntaxError as e:
		return [f"syntax error on line {e.lineno}: {e.message}"]
	found: list[str] = []

	def add(problem: str) -> None:
		if problem not in found:
			found.append(problem)

	def visit(node: nodes.Node) -> None:
		kind = next((label for cls, label in _REFUSED_KINDS.items() if isinstance(node, cls)), None)
		if kind:
			add(f"{kind} ({_describe(node)})")
		elif not isinstance(node, _ALLOWED_NODES):
			add(f"{type(node).__name__.lower()} ({_describe(node)})")
		elif isinstance(node, nodes.Name) and node.name not in variables:
			add(f"unknown name '{node.name}'")
		elif isinstance(node, nodes.Filter) and node.name not in ALLOWED_FILTERS:
			add(f"filter '{node.name}'")
		elif isinstance(node, nodes.Test) and node.name not in ALLOWED_TESTS:
			add(f"test '{node.name}'")
		for child in node.iter_child_nodes():
			visit(child)

	visit(tree)
	return found


def _describe(node: nodes.Node) -> str:
	if isinstance(node, nodes.Getattr):
		return f".{node.attr}"
	if isinstance(node, nodes.Getitem):
		return "[...]"
	if isinstance(node, nodes.Call):
		callee = node.node
		name = getattr(callee, "attr", None) or getattr(callee, "name", None)
		return f"{name}(...)" if name else "(...)"
	if isinstance(node, nodes.Name):
		return node.name
	return f"line {getattr(node, 'lineno', '?')}"


def check(source: str | None, variables: set[str] | frozenset[str]) -> None:
	"""Raise TemplateNotAllowed listing what `source` may not use."""
	found = problems(source, variables)
	if found:
		raise TemplateNotAllowed(found)


def plain(value):
	"""A context value as a template sees it: text, a number or nothing; anything else becomes its text."""
	if value is None or (isinstance(value, str | int | float) and not isinstance(value, bool)):
		return value
	return str(value)


def render(source: str | None, context: dict, compiled: dict | None = None) -> str:
	"""`source` rendered with only `context`'s keys (as plain values), stripped. Checked first: raises
	TemplateNotAllowed for anything outside the documented variables and filters. `compiled` caches
	checked, parsed templates by source text for a run."""
	source = source or ""
	template = compiled.get(source) if compiled is not None else None
	if template is None:
		check(source, frozenset(context))
		template = _ENV.from_string(source)
		if compiled is not None:
			compiled[source] = template
	return template.render({key: plain(value) for key, value in context.items()}).strip()
