import pytest

from salon_crm.rules.choices import match_choice

GENDERS = ["Male", "Female", "Other", "Transgender", "Genderqueer", "Non-Conforming", "Prefer not to say"]
MARITAL = ["", "Single", "Married", "Divorced", "Widowed"]


@pytest.mark.parametrize("text", ["Female", "female", "  FEMALE ", "F", "fe", "Fem"])
def test_the_choice_in_any_case_or_its_unique_beginning(text):
	assert match_choice(text, GENDERS) == "Female"


def test_a_whole_choice_wins_over_a_longer_choice_it_begins():
	assert match_choice("Son", ["Son", "Son-in-law"]) == "Son"


@pytest.mark.parametrize("text", ["Woman", "x", "Females", "Mal e"])
def test_text_no_choice_begins_with_is_not_matched(text):
	assert match_choice(text, GENDERS) is None


def test_a_beginning_several_choices_share_is_not_guessed():
	assert match_choice("S", ["Single", "Separated"]) is None


def test_blank_text_and_empty_choices_match_nothing():
	assert match_choice("", MARITAL) is None
	assert match_choice(None, MARITAL) is None
	assert match_choice("  ", MARITAL) is None


def test_marital_status_letters():
	assert [match_choice(t, MARITAL) for t in ("s", "M", "d", "W")] == [
		"Single",
		"Married",
		"Divorced",
		"Widowed",
	]
