# Two commands for newcomers: `make demo` and `make test`. Everything else here serves them.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out/demo

.PHONY: demo test venv browser clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test,scale,analytics]'
	touch $(STAMP)

demo: venv
	$(BIN)/geokg demo examples --out $(OUT)

# The browser tests (tests/test_browser.py) drive Debian's Chromium with Playwright's Python package
# (from the test extra); Playwright's own browser download is never used. Installed only when missing.
CHROMIUM := /usr/bin/chromium
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

browser: $(CHROMIUM)

$(CHROMIUM):
	$(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver

# The Bolt test server (ArcadeDB, from the arcadedb-embedded wheel with its own Java runtime)
# is started and stopped by the pytest fixture in tests/conftest.py on a free loopback port.
test: venv browser
	$(BIN)/python -m pytest -q -p no:cacheprovider tests --doctest-modules geokg

clean:
	rm -rf $(VENV) out .pytest_cache
