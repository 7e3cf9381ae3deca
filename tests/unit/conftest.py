"""Make the repository root importable so `salon_crm.rules` loads without a Frappe bench."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
	sys.path.insert(0, ROOT)

# Property tests check correctness, not speed: no per-example deadline (a busy CI machine would make them
# flaky), and derandomized so a run is reproducible.
from hypothesis import settings

settings.register_profile("salon_crm", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("salon_crm")
