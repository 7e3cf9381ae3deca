"""Make the repository root importable so `salon_crm.rules` loads without a Frappe bench."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
	sys.path.insert(0, ROOT)
