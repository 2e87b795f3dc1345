"""Delegated access: mandates an affiliate gives an accountant or another person (issue 18)."""
