"""The hall node: the single authority for one hall's queue (config, service, HTTP API)."""
