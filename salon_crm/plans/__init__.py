"""Special Plans: privilege plans, who may get them, and their assignment as ERPNext Pricing Rules."""
