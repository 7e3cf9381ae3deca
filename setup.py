"""Package metadata of salon_crm: the one place its name, version and Python dependencies are declared.

Frappe and ERPNext are not Python dependencies here: bench installs them as apps, and the supported
range is declared for bench in pyproject.toml ([tool.bench.frappe-dependencies]) and in hooks.required_apps.
"""

import re
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent
VERSION = re.search(
	r'^__version__\s*=\s*"([^"]+)"', (HERE / "salon_crm" / "__init__.py").read_text(), re.M
).group(1)

setup(
	name="salon_crm",
	version=VERSION,
	description="Customer system for beauty salons, spas and clinics on ERPNext",
	long_description=(HERE / "README.md").read_text(encoding="utf-8"),
	long_description_content_type="text/markdown",
	author="salon_crm developers",
	license="MIT",
	python_requires=">=3.10",
	packages=find_packages(include=["salon_crm", "salon_crm.*"]),
	include_package_data=True,
	zip_safe=False,
	# phonenumbers is also a Frappe dependency; the pure rules use it directly.
	install_requires=["phonenumbers>=8.13"],
)
