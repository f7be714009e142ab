"""One module per `kiosk` subcommand; see kiosk/cli.py."""
