"""The hall's durable store: one SQLite file (WAL, synchronous=FULL), versioned migrations, and
an append-only, hash-chained event log written in the same transaction as the business rows."""

from kiosk.store.db import Store, open_store

__all__ = ["Store", "open_store"]
