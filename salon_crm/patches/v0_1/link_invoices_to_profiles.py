"""Invoices made before the Customer Profile link field existed: fill it from their Customer."""

from salon_crm.customers.profile import link_invoices_to_profiles


def execute():
	link_invoices_to_profiles()
