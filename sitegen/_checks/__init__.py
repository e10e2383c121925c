"""The schemas' quick checks, generated (`scripts/schema-checks`); see `schema._quick_check`."""
