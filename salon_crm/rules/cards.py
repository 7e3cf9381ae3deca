"""Prepaid value cards: amounts, redemption/return splits, status and validity.

A card holds a *value* balance (what the customer can spend) and a *money* balance (what the customer
actually paid for that value). Worked example "Member C": value 4000 sold for 3500 (ratio 0.875); using
400 of value consumes 350 of money, and the customer's benefit is 400 - 350 = 50.

All arithmetic is done in Decimal with ROUND_HALF_UP on the `precision` grid; floats are returned.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from salon_crm.rules.dates import add_months

DRAFT = "Draft"
ACTIVE = "Active"
CONSUMED = "Consumed"
EXPIRED = "Expired"
REFUNDED = "Refunded"
CANCELLED = "Cancelled"
STATUSES = (DRAFT, ACTIVE, CONSUMED, EXPIRED, REFUNDED, CANCELLED)

# Card ledger entry types (Customer Discount Entry.entry_type), the one list every reader uses.
SALE = "Sale"
OPENING = "Opening"  # a card's balance brought in from the previous system
REDEMPTION = "Redemption"
RETURN = "Return"
EXPIRY = "Expiry"
REFUND = "Refund"
SALE_CANCELLATION = "Sale Cancellation"
LIVE_ENTRY_TYPES = (SALE, OPENING, REDEMPTION, RETURN, EXPIRY, REFUND)
"""What a customer's history and the reports show; reversals are flagged is_cancelled."""
ENTRY_TYPES = (
	*LIVE_ENTRY_TYPES,
	*(f"{t} Reversal" for t in (OPENING, REDEMPTION, EXPIRY, REFUND)),
	SALE_CANCELLATION,
)
LOADING_ENTRY_TYPES = (SALE, OPENING)
"""Entries that put value on a card (a sale in ERPNext, or the opening balance of an imported card)."""
USE_ENTRY_TYPES = (REDEMPTION, RETURN)


class CardRuleError(ValueError):
	"""A card rule was broken; `code` is machine-readable, `params` the values involved."""

	def __init__(self, code: str, **params: object) -> None:
		super().__init__(code, params)
		self.code = code
		self.params = params


def _unit(precision: int) -> Decimal:
	return Decimal(1).scaleb(-precision)


def to_decimal(x: object, precision: int = 2) -> Decimal:
	"""`x` (float, int, str, Decimal or None = 0) as a Decimal rounded half-up to `precision`."""
	return Decimal(str(0 if x is None else x)).quantize(_unit(precision), rounding=ROUND_HALF_UP)


def _float(d: Decimal) -> float:
	return float(d) + 0.0  # + 0.0 turns -0.0 into 0.0


def round_money(x: object, precision: int = 2) -> float:
	"""`x` rounded half-up (away from zero at .5) to `precision` decimals via Decimal(str(x))."""
	return _float(to_decimal(x, precision))


def check_type_amounts(value: float, price: float) -> None:
	"""Validate a card type: value > 0, price > 0 and price < value, else CardRuleError."""
	value_d, price_d = to_decimal(value), to_decimal(price)
	if value_d <= 0:
		raise CardRuleError("value_not_positive", value=value)
	if price_d <= 0:
		raise CardRuleError("price_not_positive", price=price)
	if price_d >= value_d:
		raise CardRuleError("price_not_below_value", value=value, price=price)


def suggested_value(service_prices: Iterable[float], multiplier: float, precision: int = 2) -> float:
	"""Suggested card value: sum of the service prices times `multiplier`, rounded."""
	total = sum((Decimal(str(p or 0)) for p in service_prices), Decimal(0))
	factor = Decimal(str(multiplier))
	if total < 0 or factor < 0:
		raise CardRuleError("negative", total=_float(total), multiplier=multiplier)
	return round_money(total * factor, precision)


@dataclass(frozen=True)
class Split:
	"""Result of one redemption: what it uses and the balances it leaves."""

	value_used: float
	money_used: float
	benefit: float
	value_after: float
	money_after: float


def split_redemption(
	value_balance: float,
	money_balance: float,
	eligible_amount: float,
	precision: int = 2,
	requested_value: float | None = None,
) -> Split:
	"""Split a redemption into value and money used.

	value_used = min(value_balance, eligible_amount, requested_value); money_used is proportional
	(value_used * money_balance / value_balance, rounded), except that the emptying redemption takes
	the whole money balance, so a card always ends at exactly 0/0.
	Errors (CardRuleError): "no_balance", "negative" (requested_value < 0), "nothing_eligible".
	"""
	value = to_decimal(value_balance, precision)
	money = to_decimal(money_balance, precision)
	if value <= 0 or money < 0:
		raise CardRuleError("no_balance", value_balance=value_balance, money_balance=money_balance)
	requested = None if requested_value is None else to_decimal(requested_value, precision)
	if requested is not None and requested < 0:
		raise CardRuleError("negative", requested_value=requested_value)
	eligible = to_decimal(eligible_amount, precision)
	if eligible <= 0:
		raise CardRuleError("nothing_eligible", eligible_amount=eligible_amount)

	value_used = min(value, eligible) if requested is None else min(value, eligible, requested)
	if value_used == value:
		money_used = money
	else:
		money_used = (value_used * money / value).quantize(_unit(precision), rounding=ROUND_HALF_UP)
	return Split(
		value_used=_float(value_used),
		money_used=_float(money_used),
		benefit=_float(value_used - money_used),
		value_after=_float(value - value_used),
		money_after=_float(money - money_used),
	)


def split_return(
	used_value: float,
	used_money: float,
	used_eligible: float,
	returned_eligible: float,
	restored_value_so_far: float = 0,
	restored_money_so_far: float = 0,
	precision: int = 2,
	*,
	returned_eligible_so_far: float | None = None,
) -> tuple[float, float]:
	"""(value, money) to put back on the card when `returned_eligible` of a redeeming invoice is returned.

	The redeeming invoice used `used_value`/`used_money` of the card against `used_eligible` eligible
	amount; earlier returns against it restored `restored_*_so_far`. The restore is proportional to
	returned_eligible / used_eligible and never exceeds what is left to restore.

	Pass `returned_eligible_so_far` (eligible amount of the earlier returns) for drift-free partial
	returns: the restore is then computed on the cumulative returned eligible, and once that reaches
	`used_eligible` exactly the remainder is restored, so a full return in any number of steps restores
	exactly what was used. Without it, this return is treated on its own (proportional, capped at the
	remainder; the remainder when `returned_eligible` alone covers `used_eligible`).
	"""
	q = _unit(precision)
	uv, um = to_decimal(used_value, precision), to_decimal(used_money, precision)
	ue, returned = to_decimal(used_eligible, precision), to_decimal(returned_eligible, precision)
	rv, rm = to_decimal(restored_value_so_far, precision), to_decimal(restored_money_so_far, precision)
	earlier = None if returned_eligible_so_far is None else to_decimal(returned_eligible_so_far, precision)
	if min(uv, um, returned, rv, rm, earlier if earlier is not None else Decimal(0)) < 0:
		raise CardRuleError("negative")
	left_value, left_money = max(uv - rv, Decimal(0)), max(um - rm, Decimal(0))
	if returned == 0 or (left_value == 0 and left_money == 0):
		return 0.0, 0.0
	if ue <= 0:
		raise CardRuleError("nothing_eligible", used_eligible=used_eligible)

	cumulative = returned if earlier is None else earlier + returned
	if cumulative >= ue:
		return _float(left_value), _float(left_money)

	def share(total: Decimal, restored: Decimal, left: Decimal) -> Decimal:
		if earlier is None:
			amount = (total * returned / ue).quantize(q, rounding=ROUND_HALF_UP)
		else:
			amount = (total * cumulative / ue).quantize(q, rounding=ROUND_HALF_UP) - restored
		return min(max(amount, Decimal(0)), left)

	return _float(share(uv, rv, left_value)), _float(share(um, rm, left_money))


def breakage(money_balance: float, precision: int = 2) -> float:
	"""Money recognised as breakage income when a card expires unused: its money balance, rounded."""
	return round_money(money_balance, precision)


def refund_amounts(value_balance: float, money_balance: float, precision: int = 2) -> tuple[float, float]:
	"""(value to write off, money to pay back) when a card is refunded: both balances, rounded."""
	return round_money(value_balance, precision), round_money(money_balance, precision)


def status_after(current: str | None, value_balance: float, money_balance: float, docstatus: int) -> str:
	"""A card's status after its balances moved. Precedence: Draft/Cancelled (docstatus), then a closed
	card keeps Expired or Refunded, then Consumed at 0/0, else Active. Dates alone never change it:
	expiry is the scheduled job's decision, which also posts the breakage (and names the status)."""
	if docstatus == 0:
		return DRAFT
	if docstatus == 2:
		return CANCELLED
	if current in (EXPIRED, REFUNDED):
		return current
	if to_decimal(value_balance) <= 0 and to_decimal(money_balance) <= 0:
		return CONSUMED
	return ACTIVE


# ---------------------------------------------------------------- usable card

NOT_ACTIVE = "not_active"
NOT_YET_VALID = "not_yet_valid"
PAST_VALIDITY = "past_validity"


def unusable_reason(
	docstatus: int, status: str | None, valid_from: date | None, valid_until: date | None, on_date: date
) -> str | None:
	"""Why a card cannot pay on `on_date`, or None when it can: THE rule of a usable card.

	A card pays when it is submitted, its status is Active (not Draft, Consumed, Expired, Refunded or
	Cancelled) and `on_date` lies within [valid_from, valid_until], both inclusive (an empty bound is open).
	Codes: NOT_ACTIVE, PAST_VALIDITY, NOT_YET_VALID (checked in that order)."""
	if docstatus != 1 or status != ACTIVE:
		return NOT_ACTIVE
	if valid_until and on_date > valid_until:
		return PAST_VALIDITY
	if valid_from and on_date < valid_from:
		return NOT_YET_VALID
	return None


# ---------------------------------------------------------------- eligible amount


@dataclass(frozen=True)
class Line:
	"""An invoice line as the card sees it: its item, amount, and whether it is a card being sold or a
	stock item (a product)."""

	item_code: str | None
	amount: float
	is_card: bool = False
	is_stock: bool = False


def eligible_amount(lines: Iterable[Line], covered: Iterable[str] = (), precision: int = 2) -> float:
	"""What a card may pay of these lines: the lines of the services it covers, or of any service (a line
	that is neither a product nor a card being sold) when `covered` is empty. Never a card line.
	Absolute value of the sum, so a return's negative lines give the same figure."""
	covered = set(covered)
	total = Decimal(0)
	for line in lines:
		if line.is_card:
			continue
		if covered:
			if line.item_code not in covered:
				continue
		elif line.is_stock:
			continue
		total += Decimal(str(line.amount or 0))
	return _float(abs(total).quantize(_unit(precision), rounding=ROUND_HALF_UP))


# ---------------------------------------------------------------- payments of a card sale


def rest_after_card(due: float, card_money: float, precision: int = 2) -> float:
	"""What the other payments of a till invoice must bring once the card paid `card_money` of `due`
	(never below zero; for a return, both are negative and the rest is never above zero)."""
	rest = to_decimal(due, precision) - to_decimal(card_money, precision)
	if to_decimal(due, precision) < 0:
		return _float(min(rest, Decimal(0)))
	return _float(max(rest, Decimal(0)))


def card_overpays(due: float, card_money: float, other_payments: float, precision: int = 2) -> bool:
	"""True when a sale's other payments already pay all that is due while the card pays too: the card's
	money would then be handed back as change. (Cash above the rest is still allowed: a customer paying
	the 175 left with a 200 note gets 25 back; one paying 525 in cash for a 525 bill has no card share.)"""
	card = to_decimal(card_money, precision)
	if card <= 0:
		return False
	return to_decimal(other_payments, precision) >= to_decimal(due, precision)


def valid_until(valid_from: date, months: int) -> date:
	"""Last valid day: add_months(valid_from, months) - 1 day (add_months clamps to month end).

	1 Jan + 12 -> 31 Dec; 31 Aug 2023 + 6 -> 29 Feb 2024 - 1 = 28 Feb 2024. Raises CardRuleError
	"months_not_positive" for months < 1.
	"""
	if months < 1:
		raise CardRuleError("months_not_positive", months=months)
	return add_months(valid_from, months) - timedelta(days=1)
