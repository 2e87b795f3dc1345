"""Pure rules of the contribution account: the ledger's arithmetic, the structured
communication, the EPC QR payload, the CODA statement parser and the recovery schedule.
No I/O (the schedule's TOML ships with the package: data, not a query)."""
