# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper of those.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
# The example's review dates are real, so judged as at today it would start failing by itself one day. The demo
# is judged as at the day its records were last brought up to date: this one place (move it when you do).
EXAMPLE_AS_AT := 2026-11-30

.PHONY: run test fuzz check site lint typecheck pytest chromium schemas reference lock clean help

help:
	@echo "make run   - set up .venv, check the example SMS, build the site into site/"
	@echo "make test  - set up .venv if missing, run ruff, mypy --strict and the test suite"
	@echo "make fuzz  - the fuzz targets (tests/fuzz) with 10,000 examples each; make test runs 50 of each"

# Re-install whenever pyproject.toml changes; the stamp keeps repeated runs fast.
# Installs exactly the versions pinned in constraints.txt (`make lock` re-resolves them).
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP) check site
	@echo
	@echo "Site built in site/ (open site/index.html)."
	@echo "Serve it with: $(BIN)/mkdocs serve   (then browse http://127.0.0.1:8000)"

check: $(STAMP)
	@echo "make: judging the example SMS as it stands, as at $(EXAMPLE_AS_AT) (EXAMPLE_AS_AT in the Makefile), not today"
	$(BIN)/sms check --today $(EXAMPLE_AS_AT) --base none .

site: $(STAMP)
	$(BIN)/mkdocs build --strict --quiet --site-dir site

lint: $(STAMP)
	$(BIN)/ruff check sms tests tools
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

# The site's browser tests drive Debian's chromium (never a downloaded browser): install it when missing and
# we may (root with apt-get); otherwise say loudly that those tests will be skipped.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "make: installing chromium for the browser tests (apt-get)"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	      echo "make: *** installing chromium failed: the browser tests will be SKIPPED ***" >&2; \
	  else \
	    echo "make: *** /usr/bin/chromium is missing and cannot be installed here (needs root and apt-get):" \
	         "the browser tests will be SKIPPED; install chromium to run them ***" >&2; \
	  fi; \
	fi

# pytest exits 5 when it collected no tests: that is a failure here, never a silent pass.
pytest: $(STAMP) chromium
	@$(BIN)/python -m pytest; code=$$?; \
	  if [ $$code -eq 5 ]; then echo "make: pytest collected no tests - failing on purpose" >&2; fi; \
	  exit $$code

test: lint typecheck pytest

# Not part of `make test`: minutes, not seconds. The examples that fail are kept in .hypothesis/ and replayed first.
fuzz: $(STAMP)
	SMS_FUZZ_PROFILE=fuzz $(BIN)/python -m pytest tests/fuzz -p no:cacheprovider --hypothesis-show-statistics

# Re-resolve every dependency to the newest version pyproject.toml allows, from a snapshot of HEAD, and pin
# the result; then run `make test` and `pip-audit -r constraints.txt` before committing it.
lock:
	rm -rf .lock && mkdir .lock && git archive HEAD | tar -x -C .lock
	$(PYTHON) -m venv .lock/venv && .lock/venv/bin/python -m pip install --quiet --upgrade pip
	.lock/venv/bin/python -m pip install --quiet --dry-run --ignore-installed --report .lock/report.json '.lock[dev]'
	$(PYTHON) tools/lock.py .lock/report.json > constraints.txt
	rm -rf .lock

schemas: $(STAMP)
	$(BIN)/sms schema export

# The command reference page, generated from the commands' --help (a test fails when it is out of date).
reference: $(STAMP)
	$(BIN)/sms docs cli --output docs/reference/cli.md

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache .hypothesis
