# The two commands a newcomer needs: `make run` and `make test`. Everything else is a helper of those.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: run test fuzz check site lint typecheck pytest chromium schemas clean help

help:
	@echo "make run   - set up .venv, check the example SMS, build the site into site/"
	@echo "make test  - set up .venv if missing, run ruff, mypy --strict and the test suite"
	@echo "make fuzz  - the fuzz targets (tests/fuzz) with 10,000 examples each; make test runs 50 of each"

# Re-install whenever pyproject.toml changes; the stamp keeps repeated runs fast.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP) check site
	@echo
	@echo "Site built in site/ (open site/index.html)."
	@echo "Serve it with: $(BIN)/mkdocs serve   (then browse http://127.0.0.1:8000)"

check: $(STAMP)
	$(BIN)/sms check .

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

schemas: $(STAMP)
	$(BIN)/sms schema export

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache .hypothesis
