"""The back office's pure rules (no I/O)."""
