"""Salon Campaigns: marketing messages to an audience described by rules, through the outbox."""
