"""The queue domain: services, windows, tickets, fairness and estimates. Pure Python: no I/O,
no Qt, no database. The hall node (kiosk/hall) applies these rules inside its transactions."""
