"""What a receptionist typed to find a customer, read as names and phone digits.

"priya sharma" and "sharma priya" are a first and a last name in either order, "priya 2345" a first (or
last) name and a run of phone digits, "ps" or "p s" initials. The search (salon_crm.customers.search) turns
these terms into index-backed queries and ranks the people they match by how recently and how often they
visit (`RECENCY_DAYS`): when several people match, the walk-in is usually a regular.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_DIGITS = 3
"""A run of fewer digits is not searched as a phone number (as rules.phone.MIN_QUERY_DIGITS)."""
RECENCY_DAYS = 30
"""A customer's visit score is her visits divided by 1 + (days since her last visit) / RECENCY_DAYS: ten
visits, the last one today, score 10; the same ten with the last a month ago, 5."""

_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['.-])*|[+(]?\d[\d\s().-]*\d|\d", re.UNICODE)


@dataclass(frozen=True)
class Terms:
	words: tuple[str, ...] = ()
	digits: str = ""
	"""The phone digits typed beside the words (all digit runs joined), "" when none or too few."""


def terms(text: str) -> Terms:
	"""The words and the phone digits of a search text ("Sharma, Priya 98450" -> words ("Sharma",
	"Priya"), digits "98450")."""
	words: list[str] = []
	digits = ""
	for token in _TOKEN.findall(text or ""):
		if any(ch.isdigit() for ch in token):
			digits += "".join(ch for ch in token if ch.isdigit())
		else:
			words.append(token.strip(".'-"))
	return Terms(words=tuple(w for w in words if w), digits=digits if len(digits) >= MIN_DIGITS else "")


def name_pairs(words: tuple[str, ...]) -> list[tuple[str, str]]:
	"""(first-name prefix, last-name prefix) pairs a list of words can mean: for two words or more, the
	first and the last word in either order ("sharma priya" finds Priya Sharma); for one word of two
	letters, its initials ("ps" finds Priya Sharma). One longer word is a plain name prefix, not a pair."""
	if len(words) >= 2:
		first, last = words[0], words[-1]
		return list(dict.fromkeys([(first, last), (last, first)]))
	if len(words) == 1 and len(words[0]) == 2 and words[0].isalpha():
		return [(words[0][0], words[0][1])]
	return []


def visit_score(visits: int, days_since_last_visit: int | None) -> float:
	"""How likely this customer is the one at the desk: visits, discounted by how long ago the last one
	was (see RECENCY_DAYS). No visit, 0. The search's SQL computes the same score."""
	if not visits or days_since_last_visit is None:
		return 0.0
	return visits / (1 + max(days_since_last_visit, 0) / RECENCY_DAYS)
