"""The contribution account: ledger, notices, payments in, recovery."""
