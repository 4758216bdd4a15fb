# make build: set up .venv if needed, install chuongtrinh, build every province into output/.
# make test:  the test suite (LibreOffice tests need soffice; CI installs it via .ci/run).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUTPUT ?= output

.PHONY: build pdf test lint validate catalog bench realdocs lock wheel-check clean

CATALOGS := $(wildcard generator/locale/*/LC_MESSAGES/*.po)

# Installs the pinned versions of constraints.txt: the golden outputs depend on them.
$(STAMP): setup.cfg pyproject.toml constraints.txt $(CATALOGS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	for po in $(CATALOGS); do $(BIN)/pybabel compile --use-fuzzy -i $$po -o $${po%.po}.mo >/dev/null; done
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/chuongtrinh build --all -o $(OUTPUT)

pdf: $(STAMP)
	$(BIN)/chuongtrinh build --all --pdf -o $(OUTPUT)

validate: $(STAMP)
	$(BIN)/chuongtrinh validate

test: $(STAMP)
	$(BIN)/python -m pytest

# The gates CI holds every change to (rules and the modules not yet held: pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy

# Benchmarks against docxtpl and python-docx (not part of the tests); writes bench/results.json.
bench: $(STAMP)
	$(BIN)/python bench/run.py

# `check` over ../shared/realdocs (or $$CHUONGTRINH_REALDOCS): findings per rule, stored in
# bench/realdocs-findings.tsv, which tests/test_realdocs.py holds the checker to.
realdocs: $(STAMP)
	$(BIN)/python bench/realdocs.py --write

# Refresh the message catalog template after changing messages; then translate new entries in
# generator/locale/en/LC_MESSAGES/chuongtrinh.po (tests fail while any is missing).
catalog: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ -k _n:1,2 --no-location --sort-output -o generator/locale/chuongtrinh.pot generator
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete --width 100 -i generator/locale/chuongtrinh.pot -d generator/locale -D chuongtrinh -l en

# Re-pin constraints.txt to the newest releases setup.cfg allows, resolved in a throw-away venv
# so that nothing installed in .venv holds a version back; its header comment is kept.
lock:
	set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[test]'; \
	sed -n '/^#/!q;p' constraints.txt > "$$tmp/constraints.txt"; \
	"$$tmp/venv/bin/python" -m pip freeze --exclude chuongtrinh >> "$$tmp/constraints.txt"; \
	mv "$$tmp/constraints.txt" constraints.txt
	-git diff --stat -- constraints.txt
	@echo "constraints.txt rewritten; now: make test (and review any golden change, UPDATE_GOLDEN=1)"

# The wheel, installed alone in a fresh venv outside the repository, builds and checks a document:
# catches files missing from package_data, which the editable install of the tests cannot see.
wheel-check: $(STAMP)
	PYTHON=$(PYTHON) bash .ci/wheel-check $(BIN)/python

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
	find $(OUTPUT) -mindepth 1 ! -name .gitkeep -delete
