"""`kiosk doctor`: is this machine ready for its role? Checks in checks.py, the table in report.py."""
