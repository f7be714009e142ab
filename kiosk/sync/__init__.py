"""Store-and-forward sync from a hall node to the central server: outbox push, config pull."""
