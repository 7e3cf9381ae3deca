"""Package files: __init__.py version, modules.txt, patches.txt, setup.py, pyproject.toml, Python packages."""

import sys

import pytest

from .appfiles import DEFAULT_APP as APP
from .checks import (
	check_modules_txt,
	check_patch_line,
	check_pyproject,
	check_setup_py,
	check_version,
	json_syntax_problems,
	patch_lines,
	python_import_problems,
	python_package_problems,
	python_syntax_problems,
	report,
)

PATCHES, PATCH_FILE_PROBLEMS = patch_lines(APP)


def test_version():
	report(check_version(APP))


def test_modules_txt():
	report(check_modules_txt(APP))


def test_patches_txt():
	report(PATCH_FILE_PROBLEMS)


def test_patches():
	"""Each patch line is a module of the app with def execute() (or valid execute: code)."""
	problems = []
	for _section, line in PATCHES:
		problems += check_patch_line(line, APP)
	report(problems)


def test_setup_py():
	report(check_setup_py(APP))


def test_pyproject():
	if sys.version_info < (3, 11):
		pytest.importorskip("tomli", reason="reading pyproject.toml needs Python 3.11 (tomllib) or tomli")
	report(check_pyproject(APP))


def test_python_packages():
	"""Every folder of the app holding Python code has __init__.py."""
	report(python_package_problems(APP))


def test_python_syntax():
	report(python_syntax_problems(APP))


def test_python_imports_of_the_app():
	"""`from salon_crm.x import y` names a module of the app that defines y."""
	report(python_import_problems(APP))


def test_json_syntax():
	report(json_syntax_problems(APP))
