"""Special Plans on a real ERPNext site: who is eligible (one customer and all customers at once), the
assignment as an ERPNext Pricing Rule that invoices really carry, ending and disabling, stacking with
cards, permissions and the nightly auto-assignment."""

import frappe
import pytest
from frappe.utils import add_days, flt, getdate, nowdate

from salon_crm.api import plans as api
from salon_crm.performance import service as performance
from salon_crm.plans import assignment, eligibility, jobs, specials
from salon_crm.plans.assignment import (
	AssignmentEndedError,
	DuplicateAssignmentError,
	NotEligibleError,
	PlanConflictError,
	PlanNotAvailableError,
)
from salon_crm.plans.plan import InvalidPlanRuleError
from salon_crm.plans.pricing import PlanCardStackingError
from salon_crm.plans.setup import remove_pricing_rules
from salon_crm.rules import eligibility as rules
from salon_crm.rules.performance import MONTHS, period_start
from tests.integration.card_factories import make_discount_type, sell_card
from tests.integration.plan_factories import (
	api_invoice,
	credit_note,
	days_ago,
	ensure_tag,
	make_person,
	make_plan,
	make_user,
	open_pos,
	other_month_day,
	past_invoice,
	pos_invoice,
	pricing_rule_of,
	this_month_day,
	years_ago,
)
from tests.integration.site_setup import COMPANY


def eligible(plan):
	return set(eligibility.eligible_customers(plan.name))


def codes(plan, profile):
	return [f.code for f in eligibility.check(plan, profile.name)]


def assert_match_and_miss(plan, matches, misses):
	"""The single-customer check and the set-based query give the same answer for every customer."""
	everyone = eligible(plan)
	for profile in matches:
		assert codes(plan, profile) == [], profile.name
		assert profile.name in everyone, profile.name
	for profile, expected in misses:
		assert codes(plan, profile) == [expected], profile.name
		assert profile.name not in everyone, profile.name


def assign_one(plan, profile, **kwargs):
	result = assignment.assign(plan, [profile.name], **kwargs)
	assert len(result["assigned"]) == 1, result
	return frappe.get_doc("Special Plan Assignment", result["assigned"][0])


def item_row(invoice, item_code):
	return next(row for row in invoice.items if row.item_code == item_code)


@pytest.fixture
def allow_plan_with_card():
	"""Sets Salon CRM Settings.allow_plan_with_card for one test and puts it back (clearing the cache)."""
	original = frappe.db.get_single_value("Salon CRM Settings", "allow_plan_with_card")

	def set_value(value):
		frappe.db.set_single_value("Salon CRM Settings", "allow_plan_with_card", value)

	yield set_value
	frappe.db.set_single_value("Salon CRM Settings", "allow_plan_with_card", original or 0)


# ---------------------------------------------------------------- eligibility, one rule type at a time


def test_plan_without_rules_is_open_to_every_enabled_customer():
	plan = make_plan()
	someone, disabled = make_person(), make_person(disabled=1)
	everyone = eligible(plan)
	assert someone.name in everyone
	assert codes(plan, someone) == []
	assert disabled.name not in everyone
	assert codes(plan, disabled) == [eligibility.PROFILE_DISABLED]


def test_minimum_spend_counts_invoices_of_the_window_net_of_returns():
	plan = make_plan(rules=[{"rule_type": "Minimum Spend", "amount": 5000, "months": 6}])
	spender = make_person()
	past_invoice(spender, 3000, days_ago=10)
	past_invoice(spender, 2000, days_ago=150)
	long_ago = make_person()
	past_invoice(long_ago, 6000, days_ago=240)
	past_invoice(long_ago, 1000, days_ago=5)
	returned = make_person()
	past_invoice(returned, 2000, days_ago=20, is_pos=0)
	credit_note(past_invoice(returned, 4000, days_ago=15, is_pos=0))  # spends 4000, then returns it
	assert_match_and_miss(plan, [spender], [(long_ago, "spend_below"), (returned, "spend_below")])
	assert eligibility.check(plan, returned.name)[0].params["actual"] == 2000.0


def test_minimum_spend_leaves_out_card_sales():
	plan = make_plan(rules=[{"rule_type": "Minimum Spend", "amount": 1000, "months": 6}])
	member = make_person()
	sell_card(member, make_discount_type(name=f"_Plan Card {frappe.generate_hash(length=5)}"))  # 3500
	past_invoice(member, 600)
	assert_match_and_miss(plan, [], [(member, "spend_below")])
	assert eligibility.check(plan, member.name)[0].params["actual"] == 600.0


def test_minimum_visits_counts_days_not_invoices():
	plan = make_plan(rules=[{"rule_type": "Minimum Visits", "count": 2, "months": 6}])
	one_day = make_person()
	past_invoice(one_day, 400, days_ago=10)
	past_invoice(one_day, 600, days_ago=10)
	two_days = make_person()
	past_invoice(two_days, 400, days_ago=10)
	past_invoice(two_days, 600, days_ago=11)
	assert_match_and_miss(plan, [two_days], [(one_day, "visits_below")])
	assert eligibility.check(plan, one_day.name)[0].params["actual"] == 1


def test_window_of_n_months_is_the_performance_window():
	"""6 months on 15 Aug = 16 Feb .. 15 Aug: the first day counts, the day before does not."""
	plan = make_plan(rules=[{"rule_type": "Minimum Visits", "count": 1, "months": 6}])
	first_day = period_start(getdate(nowdate()), MONTHS, 6)
	inside, outside = make_person(), make_person()
	past_invoice(inside, 400, days_ago=days_ago(first_day))
	past_invoice(outside, 400, days_ago=days_ago(first_day) + 1)
	assert_match_and_miss(plan, [inside], [(outside, "visits_below")])


def test_plan_spend_and_visits_are_the_performance_figures():
	person = make_person()
	first_day = period_start(getdate(nowdate()), MONTHS, 6)
	sell_card(person, make_discount_type(name=f"_Plan Card {frappe.generate_hash(length=5)}"))
	past_invoice(person, 600)  # the card's day
	past_invoice(person, 400, days_ago=10)
	past_invoice(person, 500, days_ago=10)
	credit_note(past_invoice(person, 2000, days_ago=20, is_pos=0))
	past_invoice(person, 700, days_ago=days_ago(first_day))
	past_invoice(person, 800, days_ago=days_ago(first_day) + 1)
	pos_invoice(person.customer, open_pos())  # 1200, not consolidated

	windows = rules.window_starts(
		[
			rules.Rule(rules.MINIMUM_SPEND, amount=1, months=6),
			rules.Rule(rules.MINIMUM_VISITS, count=1, months=120),
		],
		getdate(nowdate()),
	)
	facts = eligibility.facts_for(person.name, windows, COMPANY)
	[figures] = performance.figures(company=COMPANY, customers=[person.customer])
	assert facts.spend[6] == flt(figures.income_6_months) == 600 + 400 + 500 + 700 + 1200
	assert (
		facts.visits[120] == figures.visits == 5
	)  # today, 10 and 20 days ago, the first day, the day before


def test_minimum_visits_counts_days_with_invoices_but_not_returns():
	plan = make_plan(rules=[{"rule_type": "Minimum Visits", "count": 3, "months": 12}])
	regular = make_person()
	for days in (5, 100, 300):
		past_invoice(regular, 400, days_ago=days)
	occasional = make_person()
	past_invoice(occasional, 400, days_ago=5)
	credit_note(past_invoice(occasional, 600, days_ago=6, is_pos=0))
	past_invoice(occasional, 400, days_ago=400)  # outside the 12 months
	assert_match_and_miss(plan, [regular], [(occasional, "visits_below")])
	assert eligibility.check(plan, occasional.name)[0].params["actual"] == 2


def test_age_range_selects_by_date_of_birth():
	plan = make_plan(rules=[{"rule_type": "Age Range", "min_age": 60}])
	senior = make_person(date_of_birth=years_ago(65))
	just_sixty = make_person(date_of_birth=years_ago(60))
	younger = make_person(date_of_birth=years_ago(40))
	unknown = make_person()
	assert_match_and_miss(plan, [senior, just_sixty], [(younger, "age_below"), (unknown, "no_birth_date")])


def test_age_range_with_an_upper_bound():
	plan = make_plan(rules=[{"rule_type": "Age Range", "min_age": 18, "max_age": 25}])
	student = make_person(date_of_birth=years_ago(20))
	older = make_person(date_of_birth=years_ago(26))
	assert_match_and_miss(plan, [student], [(older, "age_above")])


def test_gender_rule():
	plan = make_plan(rules=[{"rule_type": "Gender", "gender": "Female"}])
	woman, man = make_person(gender="Female"), make_person(gender="Male")
	assert_match_and_miss(plan, [woman], [(man, "gender_mismatch")])


def test_birthday_month_rule():
	plan = make_plan(rules=[{"rule_type": "Birthday Month"}])
	birthday = make_person(date_of_birth=this_month_day())
	other = make_person(date_of_birth=other_month_day())
	unknown = make_person()
	assert_match_and_miss(plan, [birthday], [(other, "not_birthday_month"), (unknown, "no_birth_date")])


def test_anniversary_month_rule():
	plan = make_plan(rules=[{"rule_type": "Anniversary Month"}])
	couple = make_person(marital_status="Married", anniversary=this_month_day(years_back=5))
	other = make_person(marital_status="Married", anniversary=other_month_day())
	single = make_person(marital_status="Single")
	assert_match_and_miss(plan, [couple], [(other, "not_anniversary_month"), (single, "no_anniversary")])


def test_active_customer_discount_rule():
	plan = make_plan(rules=[{"rule_type": "Active Customer Discount"}])
	member, _card = make_person(), None
	_si, card = sell_card(member, make_discount_type(name=f"_Plan Card {frappe.generate_hash(length=5)}"))
	assert card.status == "Active"
	nobody = make_person()
	assert_match_and_miss(plan, [member], [(nobody, "no_active_card")])


def test_minimum_referrals_rule():
	plan = make_plan(rules=[{"rule_type": "Minimum Referrals", "count": 2}])
	ambassador, casual = make_person(), make_person()
	make_person(referred_by=ambassador.name)
	make_person(referred_by=ambassador.name)
	make_person(referred_by=casual.name)
	assert_match_and_miss(plan, [ambassador], [(casual, "referrals_below")])


def test_customer_tag_rule():
	tag = ensure_tag("_Plan VIP")
	plan = make_plan(rules=[{"rule_type": "Customer Tag", "tag": tag}])
	vip = make_person(tags=[{"tag": tag}])
	plain = make_person()
	assert_match_and_miss(plan, [vip], [(plain, "tag_absent")])


def test_all_rules_must_hold():
	plan = make_plan(
		rules=[
			{"rule_type": "Gender", "gender": "Female"},
			{"rule_type": "Age Range", "min_age": 60},
		]
	)
	both = make_person(gender="Female", date_of_birth=years_ago(70))
	one = make_person(gender="Female", date_of_birth=years_ago(30))
	assert_match_and_miss(plan, [both], [(one, "age_below")])


def test_set_based_and_single_customer_answers_agree_for_a_mixed_population():
	tag = ensure_tag("_Plan Bridal")
	first_day = period_start(getdate(nowdate()), MONTHS, 6)
	people = [
		make_person(gender="Female", date_of_birth=years_ago(25), tags=[{"tag": tag}]),
		make_person(gender="Female", date_of_birth=this_month_day()),
		make_person(gender="Male", date_of_birth=years_ago(65)),
		make_person(
			gender="Female", tags=[{"tag": tag}], marital_status="Married", anniversary=this_month_day(3)
		),
		make_person(disabled=1, gender="Female"),
		*(make_person() for _ in range(6)),
	]
	past_invoice(people[0], 3000, days_ago=10)
	past_invoice(people[1], 800, days_ago=40)
	past_invoice(people[1], 900, days_ago=70)
	past_invoice(people[5], 1000, days_ago=days_ago(first_day))  # the 6-month window's first day
	past_invoice(people[6], 1000, days_ago=days_ago(first_day) + 1)  # the day before it
	sell_card(people[7], make_discount_type(name=f"_Plan Card {frappe.generate_hash(length=5)}"))  # 3500
	past_invoice(people[7], 600)
	past_invoice(people[8], 400, days_ago=10)  # two invoices on one day
	past_invoice(people[8], 500, days_ago=10)
	credit_note(past_invoice(people[9], 2000, days_ago=20, is_pos=0))  # bought and returned
	past_invoice(people[10], 600, days_ago=30)
	pos_invoice(people[10].customer, open_pos())  # 1200 today, not consolidated
	plans = [
		make_plan(
			rules=[{"rule_type": "Gender", "gender": "Female"}, {"rule_type": "Customer Tag", "tag": tag}]
		),
		make_plan(rules=[{"rule_type": "Minimum Visits", "count": 2, "months": 3}]),
		make_plan(rules=[{"rule_type": "Minimum Spend", "amount": 1000, "months": 1}]),
		make_plan(
			rules=[{"rule_type": "Age Range", "max_age": 30}, {"rule_type": "Gender", "gender": "Female"}]
		),
		make_plan(rules=[{"rule_type": "Birthday Month"}]),
		make_plan(rules=[{"rule_type": "Anniversary Month"}, {"rule_type": "Customer Tag", "tag": tag}]),
		make_plan(rules=[{"rule_type": "Minimum Spend", "amount": 1000, "months": 6}]),
		make_plan(rules=[{"rule_type": "Minimum Visits", "count": 2, "months": 6}]),
		make_plan(rules=[{"rule_type": "Minimum Visits", "count": 1, "months": 6}]),
	]
	for plan in plans:
		everyone = eligible(plan)
		for person in people:
			assert (person.name in everyone) == (not eligibility.check(plan, person.name)), (
				plan.name,
				person.name,
			)

	def chosen(plan):
		return "".join("x" if p.name in eligible(plan) else "." for p in people)

	assert chosen(plans[0]) == "x..x......."
	assert chosen(plans[6]) == "xx...x....x"  # spend >= 1000 in 6 months
	assert chosen(plans[7]) == ".x........x"  # 2 visit days in 6 months
	assert chosen(plans[8]) == "xx...x.xxxx"  # a visit day in 6 months


def test_invalid_rule_cannot_be_saved():
	with pytest.raises(InvalidPlanRuleError):
		make_plan(rules=[{"rule_type": "Minimum Spend", "months": 6}])


# ---------------------------------------------------------------- available vs eligible on the profile


def test_specials_list_available_plans_and_those_the_customer_qualifies_for():
	open_plan = make_plan()
	seniors = make_plan(rules=[{"rule_type": "Age Range", "min_age": 60}])
	disabled = make_plan(enabled=0)
	finished = make_plan(valid_from=add_days(nowdate(), -60), valid_until=add_days(nowdate(), -1))
	person = make_person(date_of_birth=years_ago(30))

	result = api.get_specials(person.name)
	available = {p.name: p for p in result["available"]}
	assert {open_plan.name, seniors.name} <= set(available)
	assert disabled.name not in available and finished.name not in available
	eligible_names = {p.name for p in result["eligible"]}
	assert open_plan.name in eligible_names and seniors.name not in eligible_names
	assert available[seniors.name].eligible is False
	assert available[seniors.name].reasons == ["Age 30; the plan needs at least 60"]
	assert available[open_plan.name].benefit == "15.0% off"
	assert result["assigned"] == []

	held = assign_one(open_plan, person)
	again = specials.specials_for(person.name)
	assert {p.name: p.assignment for p in again["available"]}[open_plan.name] == held.name
	assert [a.name for a in again["assigned"]] == [held.name]


# ---------------------------------------------------------------- assignment as an ERPNext Pricing Rule


def test_assignment_creates_a_customer_specific_pricing_rule():
	plan = make_plan(discount=15, priority=3, valid_until=add_days(nowdate(), 90))
	person = make_person()
	held = assign_one(plan, person)
	assert held.status == "Active" and held.customer == person.customer
	assert getdate(held.from_date) == getdate(nowdate()) and getdate(held.to_date) == getdate(
		plan.valid_until
	)

	rule = pricing_rule_of(held.name)
	assert rule.salon_special_plan_assignment == held.name
	assert (rule.applicable_for, rule.customer, rule.selling, rule.buying) == (
		"Customer",
		person.customer,
		1,
		0,
	)
	assert (rule.apply_on, [r.item_code for r in rule.items]) == ("Item Code", ["SVC-FACIAL"])
	assert (rule.rate_or_discount, rule.discount_percentage) == ("Discount Percentage", 15)
	assert (rule.priority, rule.has_priority, rule.disable) == ("3", 1, 0)
	assert (rule.company, getdate(rule.valid_from), getdate(rule.valid_upto)) == (
		COMPANY,
		getdate(held.from_date),
		getdate(held.to_date),
	)


def test_submitted_invoice_of_the_assigned_customer_carries_the_discount_and_another_does_not():
	plan = make_plan(discount=15)
	holder, other = make_person(), make_person()
	held = assign_one(plan, holder)

	mine = api_invoice(holder.customer, [("SVC-FACIAL", 1), ("SVC-HAIRCUT", 1)])
	assert mine.docstatus == 1
	facial = item_row(mine, "SVC-FACIAL")
	assert (facial.price_list_rate, facial.discount_percentage, facial.rate) == (1200, 15, 1020)
	assert held.pricing_rule in facial.pricing_rules
	assert item_row(mine, "SVC-HAIRCUT").rate == 400  # not in the plan
	assert flt(mine.net_total) == 1420

	theirs = api_invoice(other.customer, [("SVC-FACIAL", 1)])
	facial = item_row(theirs, "SVC-FACIAL")
	assert (facial.rate, flt(facial.discount_percentage), facial.pricing_rules or "") == (1200, 0, "")


def test_desk_item_details_offer_the_plan_price():
	"""The desk asks erpnext.stock.get_item_details.get_item_details when an item is added."""
	from erpnext.stock.get_item_details import get_item_details

	plan = make_plan(discount=20)
	person = make_person()
	held = assign_one(plan, person)
	details = get_item_details(
		{
			"item_code": "SVC-FACIAL",
			"customer": person.customer,
			"company": COMPANY,
			"doctype": "Sales Invoice",
			"selling_price_list": "Standard Selling",
			"currency": "INR",
			"price_list_currency": "INR",
			"conversion_rate": 1,
			"plc_conversion_rate": 1,
			"qty": 1,
			"transaction_date": nowdate(),
		}
	)
	assert details.discount_percentage == 20
	assert held.pricing_rule in details.pricing_rules


def test_submitted_pos_invoice_carries_the_discount():
	plan = make_plan(discount=10)
	person, other = make_person(), make_person()
	held = assign_one(plan, person)
	pos_profile = open_pos()
	mine = pos_invoice(person.customer, pos_profile)
	facial = item_row(mine, "SVC-FACIAL")
	assert (mine.docstatus, facial.discount_percentage, facial.rate) == (1, 10, 1080)
	assert held.pricing_rule in facial.pricing_rules
	assert item_row(pos_invoice(other.customer, pos_profile), "SVC-FACIAL").rate == 1200


def test_item_group_plan_with_a_discount_amount():
	services = frappe.db.get_value("Item", "SVC-SPA", "item_group")
	plan = make_plan(apply_on="Item Group", items=(services,), discount_amount=100)
	person = make_person()
	assign_one(plan, person)
	invoice = api_invoice(person.customer, [("SVC-SPA", 1), ("PRD-SERUM", 1)])
	assert item_row(invoice, "SVC-SPA").rate == 1900
	if frappe.db.get_value("Item", "PRD-SERUM", "item_group") != services:
		assert item_row(invoice, "PRD-SERUM").rate == 1500


def test_assignment_dates_default_to_the_plan_and_may_be_narrowed():
	plan = make_plan(valid_until=add_days(nowdate(), 60))
	person = make_person()
	held = assign_one(plan, person, from_date=add_days(nowdate(), 1), to_date=add_days(nowdate(), 10))
	rule = pricing_rule_of(held.name)
	assert (getdate(rule.valid_from), getdate(rule.valid_upto)) == (
		getdate(add_days(nowdate(), 1)),
		getdate(add_days(nowdate(), 10)),
	)
	today_invoice = api_invoice(person.customer, [("SVC-FACIAL", 1)], submit=False)
	assert item_row(today_invoice, "SVC-FACIAL").rate == 1200  # starts tomorrow


# ---------------------------------------------------------------- ending, disabling, removing


def test_ending_an_assignment_removes_the_discount():
	plan = make_plan()
	person = make_person()
	held = assign_one(plan, person)
	assert item_row(api_invoice(person.customer, [("SVC-FACIAL", 1)]), "SVC-FACIAL").rate == 1020

	result = api.end_assignment(held.name)
	assert result["status"] == "Ended" and getdate(result["to_date"]) == getdate(nowdate())
	assert pricing_rule_of(held.name).disable == 1
	assert item_row(api_invoice(person.customer, [("SVC-FACIAL", 1)]), "SVC-FACIAL").rate == 1200


def test_an_ended_assignment_cannot_be_made_active_again():
	plan = make_plan()
	held = assign_one(plan, make_person())
	ended = assignment.end(held.name)
	ended.status = "Active"
	with pytest.raises(AssignmentEndedError):
		ended.save()


def test_disabling_the_plan_disables_its_rules_and_enabling_restores_them():
	plan = make_plan()
	person = make_person()
	held = assign_one(plan, person)
	plan.enabled = 0
	plan.save()
	assert pricing_rule_of(held.name).disable == 1
	assert item_row(api_invoice(person.customer, [("SVC-FACIAL", 1)]), "SVC-FACIAL").rate == 1200
	plan.reload()
	plan.enabled = 1
	plan.save()
	assert pricing_rule_of(held.name).disable == 0
	assert item_row(api_invoice(person.customer, [("SVC-FACIAL", 1)]), "SVC-FACIAL").rate == 1020


def test_changing_the_plan_discount_updates_its_rules():
	plan = make_plan(discount=15)
	person = make_person()
	held = assign_one(plan, person)
	plan.discount_percentage = 25
	plan.append("items", {"item_code": "SVC-SPA"})
	plan.save()
	rule = pricing_rule_of(held.name)
	assert rule.discount_percentage == 25
	assert sorted(r.item_code for r in rule.items) == ["SVC-FACIAL", "SVC-SPA"]


def test_deleting_an_assignment_deletes_an_unused_rule_and_disables_a_used_one():
	plan = make_plan()
	unused_holder, used_holder = make_person(), make_person()
	unused = assign_one(plan, unused_holder)
	used = assign_one(plan, used_holder)
	api_invoice(used_holder.customer, [("SVC-FACIAL", 1)])
	unused_rule, used_rule = unused.pricing_rule, used.pricing_rule

	frappe.delete_doc("Special Plan Assignment", unused.name)
	frappe.delete_doc("Special Plan Assignment", used.name)
	assert not frappe.db.exists("Pricing Rule", unused_rule)
	assert frappe.db.get_value("Pricing Rule", used_rule, "disable") == 1


def test_nightly_job_ends_assignments_whose_time_is_over():
	plan = make_plan(valid_until=add_days(nowdate(), 30))
	person = make_person()
	held = assign_one(plan, person, to_date=add_days(nowdate(), 3))
	jobs.nightly_auto_assign(on_date=add_days(nowdate(), 4))
	held.reload()
	assert held.status == "Ended" and getdate(held.to_date) == getdate(add_days(nowdate(), 3))
	assert pricing_rule_of(held.name).disable == 1


def test_uninstall_removes_the_plan_pricing_rules():
	plan = make_plan()
	unused_holder, used_holder = make_person(), make_person()
	unused = assign_one(plan, unused_holder)
	used = assign_one(plan, used_holder)
	api_invoice(used_holder.customer, [("SVC-FACIAL", 1)])
	remove_pricing_rules()
	assert not frappe.db.exists("Pricing Rule", unused.pricing_rule)
	assert frappe.db.get_value("Pricing Rule", used.pricing_rule, "disable") == 1  # an invoice refers to it
	assert not frappe.db.exists("Pricing Rule", {"salon_special_plan_assignment": unused.name})


# ---------------------------------------------------------------- stacking with a card redemption


def _card_and_plan():
	plan = make_plan(discount=15)
	person = make_person()
	assign_one(plan, person)
	_si, card = sell_card(person, make_discount_type(name=f"_Plan Card {frappe.generate_hash(length=5)}"))
	return plan, person, card


def _card_invoice(person, card):
	"""The desk's way: item details (and pricing rules) filled before saving, the card chosen."""
	si = frappe.new_doc(
		"Sales Invoice",
		company=COMPANY,
		customer=person.customer,
		currency="INR",
		selling_price_list="Standard Selling",
		salon_customer_discount=card.name,
		items=[{"item_code": "SVC-FACIAL", "qty": 1}],
	)
	si.set_missing_values()
	si.calculate_taxes_and_totals()  # the desk shows rates and totals before the user saves
	return si


def test_plan_and_card_on_one_invoice_are_refused_when_the_setting_is_off(allow_plan_with_card):
	allow_plan_with_card(0)
	plan, person, card = _card_and_plan()
	si = _card_invoice(person, card)
	with pytest.raises(PlanCardStackingError) as info:
		si.insert()
	assert plan.name in str(info.value) and card.name in str(info.value)


def test_plan_and_card_combine_when_the_setting_is_on(allow_plan_with_card):
	allow_plan_with_card(1)
	_plan, person, card = _card_and_plan()
	si = _card_invoice(person, card)
	si.insert()
	si.submit()
	facial = item_row(si, "SVC-FACIAL")
	assert (facial.discount_percentage, facial.rate) == (15, 1020)
	assert flt(si.salon_card_value_used) == 1020  # the card pays for the discounted price


def test_card_without_plan_is_unaffected_by_the_setting(allow_plan_with_card):
	allow_plan_with_card(0)
	person = make_person()
	_si, card = sell_card(person, make_discount_type(name=f"_Plan Card {frappe.generate_hash(length=5)}"))
	si = _card_invoice(person, card)
	si.insert()
	assert item_row(si, "SVC-FACIAL").rate == 1200


# ---------------------------------------------------------------- permissions and rules of assignment


def test_staff_cannot_assign_a_plan_the_customer_is_not_eligible_for():
	plan = make_plan(rules=[{"rule_type": "Age Range", "min_age": 60}])
	young = make_person(date_of_birth=years_ago(30))
	frappe.set_user(make_user("Salon Staff"))
	with pytest.raises(NotEligibleError) as info:
		api.assign_plan(plan.name, [young.name])
	assert "Age 30; the plan needs at least 60" in str(info.value)
	frappe.set_user("Administrator")
	assert not frappe.db.exists("Special Plan Assignment", {"customer_profile": young.name})


def test_staff_can_assign_an_eligible_customer():
	plan = make_plan(rules=[{"rule_type": "Age Range", "min_age": 60}])
	senior = make_person(date_of_birth=years_ago(70))
	frappe.set_user(make_user("Salon Staff"))
	result = api.assign_plan(plan.name, frappe.as_json([senior.name]))
	frappe.set_user("Administrator")
	assert len(result["assigned"]) == 1
	assert (
		frappe.db.get_value("Special Plan Assignment", result["assigned"][0], "not_eligible_reason") is None
	)


def test_manager_may_assign_an_ineligible_customer_and_the_reason_is_kept():
	plan = make_plan(rules=[{"rule_type": "Gender", "gender": "Female"}])
	man = make_person(gender="Male")
	frappe.set_user(make_user("Salon Manager"))
	result = api.assign_plan(plan.name, man.name)
	frappe.set_user("Administrator")
	reason = frappe.db.get_value("Special Plan Assignment", result["assigned"][0], "not_eligible_reason")
	assert reason == "Gender is Male; the plan is for Female"


def test_user_without_a_salon_role_cannot_assign():
	plan = make_plan()
	person = make_person()
	frappe.set_user(make_user(None))
	with pytest.raises(frappe.PermissionError):
		api.assign_plan(plan.name, [person.name])


def test_staff_desk_form_is_held_to_the_same_rule():
	plan = make_plan(rules=[{"rule_type": "Gender", "gender": "Female"}])
	man = make_person(gender="Male")
	frappe.set_user(make_user("Salon Staff"))
	doc = frappe.get_doc(
		{"doctype": "Special Plan Assignment", "special_plan": plan.name, "customer_profile": man.name}
	)
	with pytest.raises(NotEligibleError):
		doc.insert()


def test_assigning_many_customers_at_once_skips_those_who_hold_the_plan():
	plan = make_plan()
	people = [make_person() for _ in range(3)]
	first = assign_one(plan, people[0])
	result = api.assign_plan(plan.name, [p.name for p in people])
	assert len(result["assigned"]) == 2
	assert result["skipped"] == [
		{"customer_profile": people[0].name, "assignment": first.name, "reason": "Already holds this plan"}
	]
	with pytest.raises(DuplicateAssignmentError):
		frappe.get_doc(
			{
				"doctype": "Special Plan Assignment",
				"special_plan": plan.name,
				"customer_profile": people[1].name,
			}
		).insert()


def test_assigning_many_customers_checks_them_all_at_once():
	plan = make_plan(rules=[{"rule_type": "Gender", "gender": "Female"}])
	women = [make_person(gender="Female") for _ in range(assignment.SET_BASED_FROM)]
	man = make_person(gender="Male")
	names = [p.name for p in [*women, man]]
	frappe.set_user(make_user("Salon Staff"))
	with pytest.raises(NotEligibleError) as info:
		api.assign_plan(plan.name, names)
	assert man.name in str(info.value) and women[0].name not in str(info.value)
	frappe.set_user(make_user("Salon Manager"))
	result = api.assign_plan(plan.name, names)
	frappe.set_user("Administrator")
	assert len(result["assigned"]) == len(names)
	reasons = frappe.get_all(
		"Special Plan Assignment",
		filters={"special_plan": plan.name, "not_eligible_reason": ("is", "set")},
		pluck="customer_profile",
	)
	assert reasons == [man.name]
	counts = api.get_eligible_profiles(plan.name)
	assert counts["count"] >= len(women) and not set(counts["unassigned"]) & set(names)


def test_disabled_plan_cannot_be_assigned():
	plan = make_plan(enabled=0)
	with pytest.raises(PlanNotAvailableError):
		assignment.assign(plan, [make_person().name])


def test_plans_of_the_same_priority_on_the_same_items_conflict():
	facials = make_plan(items=("SVC-FACIAL",), priority=2)
	services = frappe.db.get_value("Item", "SVC-FACIAL", "item_group")
	all_services = make_plan(apply_on="Item Group", items=(services,), priority=2, discount=25)
	person = make_person()
	assign_one(facials, person)
	with pytest.raises(PlanConflictError):
		assignment.assign(all_services, [person.name])


def test_higher_priority_plan_wins_on_the_invoice():
	low = make_plan(items=("SVC-FACIAL",), priority=1, discount=10)
	high = make_plan(items=("SVC-FACIAL",), priority=5, discount=30)
	person = make_person()
	assign_one(low, person)
	assign_one(high, person)
	assert item_row(api_invoice(person.customer, [("SVC-FACIAL", 1)]), "SVC-FACIAL").rate == 840


# ---------------------------------------------------------------- nightly auto-assignment


def test_nightly_job_assigns_newly_eligible_and_ends_no_longer_eligible():
	tag = ensure_tag("_Plan Auto")
	plan = make_plan(rules=[{"rule_type": "Customer Tag", "tag": tag}], auto_assign=1)
	tagged, plain = make_person(tags=[{"tag": tag}]), make_person()
	manual = make_person()
	frappe.set_user(make_user("Salon Manager"))
	manual_assignment = assign_one(plan, manual)  # a manager's choice, not the job's
	frappe.set_user("Administrator")

	result = jobs.nightly_auto_assign()
	assert result["plans"][plan.name]["assigned"] >= 1
	auto = frappe.get_all(
		"Special Plan Assignment",
		filters={"special_plan": plan.name, "status": "Active", "auto_assigned": 1},
		pluck="customer_profile",
	)
	assert tagged.name in auto and plain.name not in auto
	assert item_row(api_invoice(tagged.customer, [("SVC-FACIAL", 1)]), "SVC-FACIAL").rate == 1020

	tagged.reload()
	tagged.set("tags", [])
	tagged.save()
	jobs.nightly_auto_assign()
	statuses = dict(
		frappe.get_all(
			"Special Plan Assignment",
			filters={"special_plan": plan.name},
			fields=["customer_profile", "status"],
			as_list=True,
		)
	)
	assert statuses[tagged.name] == "Ended"
	assert frappe.db.get_value("Special Plan Assignment", manual_assignment.name, "status") == "Active"
	assert item_row(api_invoice(tagged.customer, [("SVC-FACIAL", 1)]), "SVC-FACIAL").rate == 1200
