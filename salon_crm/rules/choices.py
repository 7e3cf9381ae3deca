"""Values typed by people for a field with a fixed list of choices (Gender, Marital Status, Relation), as the
customer import's "as written" columns bring them."""

from collections.abc import Iterable


def match_choice(text: str | None, choices: Iterable[str]) -> str | None:
	"""The choice `text` names: the choice itself in any case and spacing ("  female " -> "Female"), else the
	only choice that begins with it ("F" -> "Female", "marr" -> "Married"). None for blank text, for text no
	choice begins with, and for a beginning several choices share ("S" of Single and Separated)."""
	typed = " ".join(str(text or "").split()).casefold()
	if not typed:
		return None
	options = [c for c in choices if c]
	for choice in options:
		if choice.casefold() == typed:
			return choice
	starting = [c for c in options if c.casefold().startswith(typed)]
	return starting[0] if len(starting) == 1 else None
