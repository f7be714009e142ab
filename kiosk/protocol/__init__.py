"""The one contract between the hall node, its terminals and the central server: event types
(one enum, one tense), their payloads, and the typed hall client."""
