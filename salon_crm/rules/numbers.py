"""Customer numbers: what a receptionist may type for one, and the names it can stand for."""

import re

_SERIES_HASHES = re.compile(r"\.?(#+)$")


def series_parts(series: str) -> tuple[str, int] | None:
	"""("SC-", 5) for the naming series "SC-.#####"; None for series with date parts or no counter."""
	match = _SERIES_HASHES.search(series or "")
	if not match:
		return None
	prefix = series[: match.start()].replace(".", "")
	if "YY" in prefix or "MM" in prefix or "DD" in prefix or "{" in prefix:
		return None
	return prefix, len(match.group(1))


def number_candidates(text: str, series: list[str]) -> list[str]:
	"""Document names a typed customer number may mean: the text itself (upper-cased) and, for a number
	typed without its prefix or zero padding ("42", "00042"), the name in each naming series ("SC-00042")."""
	text = (text or "").strip().upper()
	if not text:
		return []
	candidates = [text]
	digits = text
	for parts in filter(None, (series_parts(s) for s in series)):
		prefix, width = parts
		if text.startswith(prefix.upper()):
			digits = text[len(prefix) :]
		if digits.isdigit() and len(digits) <= width:
			candidates.append(f"{prefix}{digits.zfill(width)}")
	return list(dict.fromkeys(candidates))
