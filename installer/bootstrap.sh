#!/usr/bin/env bash
# Installs what the hall software needs on a Debian 12 machine: the Debian packages in
# installer/apt-packages.txt (only those missing) and a .venv with the pinned Python packages.
# Safe to run again: it only does what is not done yet.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

bash installer/apt-install.sh installer/apt-packages.txt

if [[ ! -x "$VENV/bin/python" ]]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q -r requirements.lock -r requirements-dev.lock
"$VENV/bin/python" -m pip install -q --no-deps -e .

# Post-install steps that produce files from the sources (translations, voice clips).
"$VENV/bin/python" -m kiosk build-resources || echo "warning: build-resources failed" >&2
