"""Pure business rules of salon_crm: no frappe/erpnext imports, unit-tested without a site."""
