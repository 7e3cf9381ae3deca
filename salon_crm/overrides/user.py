"""doc_events of User: salon users land on the Salon CRM workspace."""

from salon_crm.setup.landing import set_default_workspace


def validate(doc, method=None):
	set_default_workspace(doc)
