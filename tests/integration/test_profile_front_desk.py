"""The profile as the front desk uses it: a walk-in's fields on the first screen and in Quick Entry, a kept
anniversary when the marital status changes (unused while not Married), specials named by their services."""

from __future__ import annotations

import frappe
from frappe.utils import add_years, getdate, nowdate

from salon_crm.plans import eligibility, specials
from salon_crm.rules import dates as date_rules
from tests.integration.plan_factories import make_person, make_plan, this_month_day

WALK_IN_FIELDS = ("first_name", "last_name", "mobile_no", "date_of_birth")


def _first_tab_fields() -> list[str]:
	meta = frappe.get_meta("Customer Profile")
	names = []
	for df in meta.fields[1:]:
		if df.fieldtype == "Tab Break":
			break
		names.append(df.fieldname)
	return names


def test_a_walk_ins_fields_are_on_the_first_screen():
	first_tab = _first_tab_fields()
	first_section = first_tab[: first_tab.index("column_break_profile")]
	assert set(WALK_IN_FIELDS) <= set(first_section)


def test_quick_entry_asks_for_a_walk_ins_fields():
	meta = frappe.get_meta("Customer Profile")
	assert meta.quick_entry
	asked = {df.fieldname for df in meta.fields if (df.reqd or df.allow_in_quick_entry) and not df.hidden}
	assert asked == set(WALK_IN_FIELDS)


def _married(anniversary_years_back: int = 5):
	return make_person(
		marital_status="Married",
		date_of_birth=add_years(nowdate(), -35),
		anniversary=this_month_day(years_back=anniversary_years_back),
	)


def test_changing_the_marital_status_keeps_the_anniversary():
	profile = _married()
	anniversary = getdate(profile.anniversary)

	profile.marital_status = "Divorced"
	profile.save()

	stored = frappe.db.get_value(
		"Customer Profile", profile.name, ["anniversary", "anniversary_month_day"], as_dict=True
	)
	assert getdate(stored.anniversary) == anniversary
	assert stored.anniversary_month_day == 0  # no occasion query finds it


def test_a_kept_anniversary_is_back_in_effect_when_married_again():
	profile = _married()
	profile.marital_status = "Single"
	profile.save()

	profile.marital_status = "Married"
	profile.save()

	assert profile.anniversary_month_day == date_rules.month_day(getdate(profile.anniversary))


def test_a_kept_anniversary_does_not_qualify_for_anniversary_specials():
	plan = make_plan(rules=[{"rule_type": "Anniversary Month"}])
	profile = _married()
	profile.marital_status = "Widowed"
	profile.save()

	assert [f.code for f in eligibility.check(plan, profile.name)] == ["no_anniversary"]
	assert profile.name not in set(eligibility.eligible_customers(plan.name))


def test_specials_name_their_services():
	make_plan(items=("SVC-FACIAL",))
	profile = make_person()

	shown = specials.specials_for(profile.name)["available"]

	assert any(plan["items"] == ["Facial"] for plan in shown)
	assert not any("SVC-FACIAL" in plan["items"] for plan in shown)
