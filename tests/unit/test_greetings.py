import re
from datetime import date

import pytest

from salon_crm.rules.greetings import (
	ANNIVERSARY,
	BIRTHDAY,
	CHANNELS,
	DEFAULT_TEMPLATES,
	DISABLED,
	DO_NOT_CONTACT,
	EMAIL,
	FAMILY_BIRTHDAY,
	OCCASIONS,
	RESTRICTED_EMAIL,
	RESTRICTED_SMS,
	SMS,
	SMS_MAX_CHARS,
	WHOLE_PROFILE,
	build_context,
	choose_channels,
	dedupe_key,
	greeting_refusal,
	sample_context,
)

PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
TODAY = date(2024, 4, 3)


def render(template: str, context: dict) -> str:
	"""Tiny stand-in for Jinja: the default templates only use plain {{ name }} placeholders."""
	return PLACEHOLDER.sub(lambda m: str(context[m.group(1)]), template)


def context(occasion=BIRTHDAY, **kwargs):
	base = {
		"first_name": "Priya",
		"last_name": "Sharma",
		"occurred_on": date(1990, 4, 3),
		"today": TODAY,
		"salon_name": "Glow Studio",
	}
	base.update(kwargs)
	return build_context(occasion, **base)


class TestConstants:
	def test_values(self):
		assert (BIRTHDAY, FAMILY_BIRTHDAY, ANNIVERSARY) == ("Birthday", "Family Birthday", "Anniversary")
		assert (SMS, EMAIL) == ("SMS", "Email")
		assert OCCASIONS == (BIRTHDAY, FAMILY_BIRTHDAY, ANNIVERSARY)
		assert CHANNELS == (SMS, EMAIL)


class TestBuildContext:
	def test_birthday(self):
		ctx = context()
		assert ctx == {
			"occasion": "Birthday",
			"first_name": "Priya",
			"last_name": "Sharma",
			"full_name": "Priya Sharma",
			"member_name": "Priya Sharma",
			"relation": "family member",
			"pronoun": "their",
			"age": 34,
			"years": 34,
			"ordinal": "34th",
			"salon_name": "Glow Studio",
		}

	def test_family_birthday(self):
		ctx = context(
			FAMILY_BIRTHDAY,
			person_name="Ananya",
			relation="Daughter",
			person_gender="Female",
			occurred_on=date(2011, 4, 3),
		)
		assert ctx["member_name"] == "Ananya"
		assert ctx["relation"] == "daughter"
		assert ctx["pronoun"] == "her"
		assert (ctx["age"], ctx["ordinal"]) == (13, "13th")
		assert ctx["first_name"] == "Priya"

	@pytest.mark.parametrize(
		"gender,pronoun",
		[
			("Male", "his"),
			("male", "his"),
			("Female", "her"),
			("Other", "their"),
			("", "their"),
			(None, "their"),
		],
	)
	def test_pronoun(self, gender, pronoun):
		assert context(person_gender=gender)["pronoun"] == pronoun

	def test_anniversary_years(self):
		ctx = context(ANNIVERSARY, occurred_on=date(2014, 4, 3))
		assert (ctx["years"], ctx["ordinal"]) == (10, "10th")

	def test_leap_day_greeted_on_feb28(self):
		ctx = context(occurred_on=date(2000, 2, 29), today=date(2023, 2, 28))
		assert (ctx["age"], ctx["ordinal"]) == (23, "23rd")

	def test_missing_and_messy_names(self):
		ctx = context(first_name="  Priya ", last_name=None)
		assert (ctx["first_name"], ctx["last_name"], ctx["full_name"]) == ("Priya", "", "Priya")
		assert context(first_name=None, last_name="Sharma")["full_name"] == "Sharma"
		assert context(person_name="  Ravi   Kumar ")["member_name"] == "Ravi Kumar"

	def test_relation_default(self):
		assert context(FAMILY_BIRTHDAY, relation="  ")["relation"] == "family member"
		assert context(FAMILY_BIRTHDAY, relation="Mother In Law")["relation"] == "mother in law"


class TestSampleContext:
	@pytest.mark.parametrize("occasion", [*OCCASIONS, None])
	def test_has_every_variable_of_a_real_context(self, occasion):
		assert set(sample_context(occasion)) == set(context())

	def test_renders_every_default_template(self):
		for (occasion, _channel), template in DEFAULT_TEMPLATES.items():
			for text in template.values():
				assert "{{" not in render(text, sample_context(occasion))


class TestDefaultTemplates:
	def test_every_occasion_and_channel(self):
		assert set(DEFAULT_TEMPLATES) == {(o, c) for o in OCCASIONS for c in CHANNELS}
		for template in DEFAULT_TEMPLATES.values():
			assert set(template) == {"subject", "message"}
			assert template["subject"] and template["message"]

	def test_only_known_placeholders_and_plain_jinja(self):
		keys = set(context())
		for template in DEFAULT_TEMPLATES.values():
			for text in template.values():
				assert set(PLACEHOLDER.findall(text)) <= keys
				assert "{%" not in text and "|" not in text
				assert text.count("{{") == text.count("}}") == len(PLACEHOLDER.findall(text))

	def test_spec_texts(self):
		assert DEFAULT_TEMPLATES[(BIRTHDAY, SMS)]["message"] == (
			"Happy birthday, {{ first_name }}! Warm wishes from {{ salon_name }}."
		)
		assert DEFAULT_TEMPLATES[(FAMILY_BIRTHDAY, SMS)]["message"] == (
			"Happy birthday to your {{ relation }} {{ member_name }} "
			"on {{ pronoun }} {{ ordinal }} birthday! Warm wishes from {{ salon_name }}."
		)
		assert DEFAULT_TEMPLATES[(ANNIVERSARY, SMS)]["message"] == (
			"Wishing you and your family a happy anniversary, {{ first_name }}! - {{ salon_name }}"
		)

	def test_rendered_examples(self):
		ctx = context(
			FAMILY_BIRTHDAY,
			person_name="Ananya",
			relation="Daughter",
			person_gender="Female",
			occurred_on=date(2011, 4, 3),
		)
		assert render(DEFAULT_TEMPLATES[(FAMILY_BIRTHDAY, SMS)]["message"], ctx) == (
			"Happy birthday to your daughter Ananya on her 13th birthday! Warm wishes from Glow Studio."
		)
		assert render(DEFAULT_TEMPLATES[(BIRTHDAY, SMS)]["message"], context()) == (
			"Happy birthday, Priya! Warm wishes from Glow Studio."
		)

	def test_sms_fit_in_one_message_with_long_typical_names(self):
		ctx = context(
			FAMILY_BIRTHDAY,
			first_name="Venkatalakshmi",
			last_name="Ramasubramanian",
			person_name="Aishwarya Ramasubramanian",
			relation="Granddaughter",
			person_gender="Female",
			occurred_on=date(2011, 4, 3),
			salon_name="Glow & Grace Unisex Beauty Studio",
		)
		for occasion in OCCASIONS:
			text = render(DEFAULT_TEMPLATES[(occasion, SMS)]["message"], ctx)
			assert len(text) <= SMS_MAX_CHARS, text
			assert text.isascii()  # GSM-7 friendly: no unicode punctuation

	def test_renders_with_jinja_when_available(self):
		jinja2 = pytest.importorskip("jinja2")
		ctx = context(FAMILY_BIRTHDAY, person_name="Ravi", relation="Son", person_gender="Male")
		env = jinja2.Environment(undefined=jinja2.StrictUndefined)
		for template in DEFAULT_TEMPLATES.values():
			for text in template.values():
				assert env.from_string(text).render(ctx) == render(text, ctx)


class TestGreetingRefusal:
	def refusal(self, channel=SMS, disabled=False, do_not_contact=False, restrictions=()):
		return greeting_refusal(
			channel, disabled=disabled, do_not_contact=do_not_contact, restrictions=restrictions
		)

	def test_may_be_greeted_without_restrictions(self):
		assert [self.refusal(channel) for channel in CHANNELS] == [None, None]

	def test_disabled_customer_is_refused_everywhere_first(self):
		for channel in CHANNELS:
			assert self.refusal(channel, disabled=True, do_not_contact=True) == DISABLED

	def test_do_not_contact_is_refused_everywhere(self):
		for channel in CHANNELS:
			assert self.refusal(channel, do_not_contact=True, restrictions=[(SMS, "Greetings")]) == (
				DO_NOT_CONTACT
			)

	def test_whole_profile_refusals(self):
		assert set(WHOLE_PROFILE) == {DISABLED, DO_NOT_CONTACT}

	def test_a_greetings_restriction_refuses_its_channel_only(self):
		rows = [(SMS, "Greetings")]
		assert self.refusal(SMS, restrictions=rows) == RESTRICTED_SMS
		assert self.refusal(EMAIL, restrictions=rows) is None

	def test_all_channels_for_greetings_refuses_each_channel(self):
		rows = [("All Channels", "Greetings")]
		assert [self.refusal(c, restrictions=rows) for c in CHANNELS] == [RESTRICTED_SMS, RESTRICTED_EMAIL]

	def test_restrictions_for_other_purposes_do_not_refuse_greetings(self):
		rows = [(SMS, "Promotions"), (EMAIL, "Service Messages")]
		assert [self.refusal(c, restrictions=rows) for c in CHANNELS] == [None, None]

	def test_unknown_channel(self):
		with pytest.raises(ValueError):
			self.refusal("WhatsApp")


class TestChooseChannels:
	def choose(self, **kwargs):
		base = {"has_mobile": True, "has_email": True}
		base.update(kwargs)
		return choose_channels(**base)

	def test_sms_preferred(self):
		assert self.choose() == (["SMS"], [])

	def test_send_both(self):
		assert self.choose(send_both=True) == (["SMS", "Email"], [])

	def test_no_mobile_falls_back_to_email(self):
		assert self.choose(has_mobile=False) == (["Email"], [("SMS", "no_mobile")])

	def test_sms_restricted_falls_back_to_email(self):
		assert self.choose(refused={SMS: RESTRICTED_SMS}) == (["Email"], [("SMS", "restricted_sms")])

	def test_refusal_takes_precedence_over_missing_contact(self):
		assert self.choose(refused={SMS: RESTRICTED_SMS, EMAIL: None}, has_mobile=False) == (
			["Email"],
			[("SMS", "restricted_sms")],
		)

	def test_refused_everywhere(self):
		refused = dict.fromkeys(CHANNELS, DO_NOT_CONTACT)
		assert self.choose(refused=refused, send_both=True) == (
			[],
			[("SMS", "do_not_contact"), ("Email", "do_not_contact")],
		)

	def test_nothing_possible(self):
		assert self.choose(has_mobile=False, has_email=False) == (
			[],
			[("SMS", "no_mobile"), ("Email", "no_email")],
		)
		assert self.choose(refused={SMS: RESTRICTED_SMS, EMAIL: RESTRICTED_EMAIL}) == (
			[],
			[("SMS", "restricted_sms"), ("Email", "restricted_email")],
		)

	def test_send_both_reports_unusable(self):
		assert self.choose(send_both=True, has_email=False) == (["SMS"], [("Email", "no_email")])
		assert self.choose(send_both=True, refused={EMAIL: RESTRICTED_EMAIL}) == (
			["SMS"],
			[("Email", "restricted_email")],
		)

	def test_email_preferred(self):
		assert self.choose(prefer=("Email", "SMS")) == (["Email"], [])
		assert self.choose(prefer=("Email", "SMS"), has_email=False) == (["SMS"], [("Email", "no_email")])

	def test_single_channel_preference(self):
		assert self.choose(prefer=("Email",), has_email=False) == ([], [("Email", "no_email")])

	def test_duplicate_preference_ignored(self):
		assert self.choose(prefer=("SMS", "SMS", "Email"), send_both=True) == (["SMS", "Email"], [])

	def test_unknown_channel(self):
		with pytest.raises(ValueError):
			self.choose(prefer=("WhatsApp",))


class TestDedupeKey:
	def test_stable(self):
		key = dedupe_key("Customer", "CUST-0001", BIRTHDAY, date(2024, 4, 3), SMS)
		assert key == dedupe_key("Customer", "CUST-0001", BIRTHDAY, date(2024, 4, 3), SMS)
		assert re.fullmatch(r"[0-9a-f]{40}", key)

	def test_known_value(self):
		# Pinned so that a refactor cannot silently change keys already stored in the database.
		assert dedupe_key("Customer", "CUST-0001", BIRTHDAY, date(2024, 4, 3), SMS) == (
			"f439804ad6065da8400eaa1fc6f5aa963c141761"
		)

	@pytest.mark.parametrize(
		"changed",
		[
			("Lead", "CUST-0001", BIRTHDAY, date(2024, 4, 3), SMS),
			("Customer", "CUST-0002", BIRTHDAY, date(2024, 4, 3), SMS),
			("Customer", "CUST-0001", ANNIVERSARY, date(2024, 4, 3), SMS),
			("Customer", "CUST-0001", BIRTHDAY, date(2025, 4, 3), SMS),
			("Customer", "CUST-0001", BIRTHDAY, date(2024, 4, 3), EMAIL),
		],
	)
	def test_each_field_matters(self, changed):
		assert dedupe_key(*changed) != dedupe_key("Customer", "CUST-0001", BIRTHDAY, date(2024, 4, 3), SMS)

	def test_no_separator_ambiguity(self):
		assert dedupe_key("Customer", "A B", BIRTHDAY, date(2024, 4, 3), SMS) != dedupe_key(
			"Customer A", "B", BIRTHDAY, date(2024, 4, 3), SMS
		)

	def test_family_member(self):
		base = ("Customer", "CUST-0001", FAMILY_BIRTHDAY, date(2024, 4, 3), SMS)
		assert dedupe_key(*base, member="row-1") != dedupe_key(*base, member="row-2")
		assert dedupe_key(*base, member=None) == dedupe_key(*base)

	def test_long_names_fixed_length(self):
		assert len(dedupe_key("Customer", "x" * 500, BIRTHDAY, date(2024, 4, 3), SMS)) == 40
