"""Message templates: only documented variables and text filters, never Frappe or Python objects."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import TemplateError

from salon_crm.rules import templates
from salon_crm.rules.greetings import DEFAULT_TEMPLATES, OCCASIONS, sample_context
from salon_crm.rules.templates import TemplateNotAllowed, check, problems, render

VARIABLES = frozenset(sample_context(None))

# What was tried on the demo site (issue: hostile text), and the usual Jinja escapes.
HOSTILE = {
	"read the database": '{{ frappe.db.sql("select name from tabUser") }}',
	"read through an error": '{{ frappe.throw(frappe.db.sql("select name from tabUser")|string) }}',
	"write the database": "{{ frappe.db.set_value('Salon CRM Settings', None, 'salon_name', 'x') }}",
	"get_doc": "{{ frappe.get_doc('User', 'Administrator').api_key }}",
	"frappe.call": "{{ frappe.call('frappe.client.get_list', 'User') }}",
	"self": "{{ self }}",
	"request": "{{ request.headers }}",
	"dunder class": "{{ ''.__class__.__mro__ }}",
	"dunder on a variable": "{{ first_name.__class__ }}",
	"method call": "{{ first_name.upper() }}",
	"format method": "{{ '{0.__class__}'.format(first_name) }}",
	"item access": "{{ first_name[0] }}",
	"attr filter": "{{ first_name|attr('__class__') }}",
	"format filter": "{{ '%s'|format(first_name) }}",
	"map filter": "{{ [first_name]|map('upper')|list }}",
	"loop": "{% for u in range(3) %}{{ u }}{% endfor %}",
	"assignment": "{% set x = first_name %}{{ x }}",
	"include": "{% include 'templates/base.html' %}",
	"import": "{% import 'macros.html' as m %}",
	"macro": "{% macro m() %}x{% endmacro %}{{ m() }}",
	"jinja globals": "{{ lipsum() }} {{ cycler }} {{ namespace }} {{ dict }}",
	"unknown variable": "{{ customer.mobile_no }}",
	"_ global": "{{ _('Hello') }}",
	"config": "{{ config }}",
}


@pytest.mark.parametrize("source", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_templates_are_refused(source):
	found = problems(source, VARIABLES)
	assert found, source
	with pytest.raises(TemplateNotAllowed):
		check(source, VARIABLES)
	with pytest.raises(TemplateNotAllowed):  # and never rendered either
		render(source, sample_context(None))


def test_the_refusal_names_what_is_not_allowed():
	found = problems('{{ frappe.db.sql("select 1") }}', VARIABLES)
	assert "unknown name 'frappe'" in found
	assert "attribute access (.sql)" in found
	assert "function call (sql(...))" in found


def test_syntax_errors_are_one_problem_with_the_line():
	assert problems("Hello {{ first_name ", VARIABLES) == [
		"syntax error on line 1: unexpected end of template, expected 'end of print statement'."
	]


def test_the_environment_has_no_globals_and_only_text_filters():
	env = templates._ENV
	assert env.globals == {}
	assert set(env.filters) <= templates.ALLOWED_FILTERS
	assert "attr" not in env.filters and "format" not in env.filters and "map" not in env.filters


@pytest.mark.parametrize("occasion", OCCASIONS)
def test_every_default_template_is_allowed_and_renders(occasion):
	for (occ, _channel), template in DEFAULT_TEMPLATES.items():
		if occ != occasion:
			continue
		for text in template.values():
			assert problems(text, VARIABLES) == []
			assert "{{" not in render(text, sample_context(occasion))


def test_what_a_message_needs_is_allowed():
	context = sample_context(None)
	source = (
		"{% if age >= 18 %}Dear {{ first_name|title }}{% else %}Hi {{ first_name|default('friend') }}{% endif %}, "
		"{{ ordinal }} {{ occasion|lower }} from {{ salon_name|upper|truncate(20) }} {{ (age + 1)|string }}"
	)
	assert problems(source, VARIABLES) == []
	assert render(source, context) == "Hi Priya, 13th birthday from SALON 14"


def test_values_reach_the_template_as_plain_text():
	class Sneaky:
		def __str__(self):
			return "text"

		secret = "db password"

	assert render("{{ first_name }}", {"first_name": Sneaky()}) == "text"
	assert render("{{ n }}", {"n": 5}) == "5"


def test_a_variable_of_another_template_kind_is_unknown_here():
	assert problems("{{ offer }}", VARIABLES) == ["unknown name 'offer'"]
	assert problems("{{ offer }}", VARIABLES | {"offer"}) == []


@given(st.text(max_size=60))
def test_any_text_either_renders_or_is_refused_cleanly(source):
	found = problems(source, VARIABLES)
	if found:
		with pytest.raises(TemplateNotAllowed):
			render(source, sample_context(None))
	else:
		try:
			assert isinstance(render(source, sample_context(None)), str)
		except (ArithmeticError, TypeError, TemplateError):
			pass  # e.g. "{{ 1/0 }}", "{{ first_name - 1 }}": an error message, nothing reached
