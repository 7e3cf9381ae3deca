"""Reading what a receptionist typed: names in either order, initials, a name with phone digits, and the
visit score that ranks the people a search matches."""

import pytest

from salon_crm.rules.search import Terms, name_pairs, terms, visit_score


@pytest.mark.parametrize(
	("typed", "expected"),
	[
		("sharma priya", Terms(("sharma", "priya"), "")),
		("priya 2345", Terms(("priya",), "2345")),
		("2345 priya", Terms(("priya",), "2345")),
		("Sharma, Priya 98450 12345", Terms(("Sharma", "Priya"), "9845012345")),
		("priya 12", Terms(("priya",), "")),  # too few digits to search a phone
		("D'Souza Maria", Terms(("D'Souza", "Maria"), "")),
		("", Terms((), "")),
	],
)
def test_terms(typed, expected):
	assert terms(typed) == expected


def test_two_words_are_a_first_and_a_last_name_in_either_order():
	assert name_pairs(("sharma", "priya")) == [("sharma", "priya"), ("priya", "sharma")]


def test_three_words_pair_the_first_and_the_last():
	assert name_pairs(("priya", "r", "sharma")) == [("priya", "sharma"), ("sharma", "priya")]


@pytest.mark.parametrize("typed", [("ps",), ("PS",)])
def test_two_letters_are_initials(typed):
	assert name_pairs(typed) == [(typed[0][0], typed[0][1])]


@pytest.mark.parametrize("typed", [("priya",), ("p",), ()])
def test_one_longer_word_is_no_pair(typed):
	assert name_pairs(typed) == []


def test_visit_score_rewards_frequent_and_recent_visits():
	assert visit_score(10, 0) == 10
	assert visit_score(10, 30) == 5
	assert visit_score(10, 0) > visit_score(10, 90) > visit_score(2, 90)
	assert visit_score(0, 0) == 0
	assert visit_score(5, None) == 0
