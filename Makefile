# Quick start on a fresh Debian 12 machine: `make demo`, then `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
ARTIFACTS ?= artifacts

.PHONY: install demo test test-fast test-gui lint bench deb package-test clean

install: $(STAMP)

$(STAMP): requirements.lock requirements-dev.lock pyproject.toml installer/apt-packages.txt installer/bootstrap.sh
	bash installer/bootstrap.sh
	touch $(STAMP)

demo: install
	$(PY) -m kiosk demo --config resources/config/hall.toml --screenshots $(ARTIFACTS)/demo

test: install lint
	$(PY) -m pytest -q -p no:cacheprovider -m "not package"

test-fast: install
	$(PY) -m pytest -q -m "not gui and not slow and not integration"

# ruff over everything, mypy over kiosk and drivers (pyproject.toml says which files)
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

# Debian packages per role from a clean clone of the committed tree, into artifacts/deb.
deb:
	bash installer/build-deb.sh $(ARTIFACTS)/deb

# Build the packages, lint them, install them into a fresh Debian 12 root and start the hall there.
package-test: install deb
	MASHANG_DEB_DIR=$(CURDIR)/$(ARTIFACTS)/deb $(PY) -m pytest -q -p no:cacheprovider -m package tests/package

bench: install
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) $(ARTIFACTS) .pytest_cache
