"""Exceptions of the prepaid card feature, one per rule, so tests and callers can catch them."""

import frappe


class CardError(frappe.ValidationError):
	"""Base class of every card rule violation."""


class DiscountTypeAmountError(CardError):
	pass


class CardNotUsableError(CardError):
	"""Expired, consumed, cancelled, refunded or not yet valid."""


class CardCustomerMismatchError(CardError):
	pass


class CardCompanyMismatchError(CardError):
	pass


class NothingEligibleError(CardError):
	pass


class CardBalanceError(CardError):
	"""The locked balance does not cover what the invoice asks (overdraw, or changed by another cashier)."""


class CardSaleError(CardError):
	pass


class CardAlreadyUsedError(CardError):
	pass


class CardAccountsMissingError(CardError):
	pass


class CardInvoiceDiscountError(CardError):
	pass


class ImmutableLedgerError(frappe.PermissionError):
	pass


class OpeningCardError(CardError):
	"""A card from the previous system that cannot be brought in as it is (a Data Import row)."""


class CardAlreadyImportedError(OpeningCardError):
	"""The previous system's card number was already brought in for this company."""


class CardOverpaymentError(CardError):
	"""A till invoice's other payments already pay all that is due while the card pays too."""
