# make build: set up .venv if needed, install chuongtrinh, build every province into output/.
# make test:  the test suite (LibreOffice tests need soffice; CI installs it via .ci/run).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUTPUT ?= output

.PHONY: build pdf test validate catalog bench clean

CATALOGS := $(wildcard generator/locale/*/LC_MESSAGES/*.po)

$(STAMP): setup.cfg pyproject.toml $(CATALOGS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
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

# Benchmarks against docxtpl and python-docx (not part of the tests); writes bench/results.json.
bench: $(STAMP)
	$(BIN)/python bench/run.py

# Refresh the message catalog template after changing messages; then translate new entries in
# generator/locale/en/LC_MESSAGES/chuongtrinh.po (tests fail while any is missing).
catalog: $(STAMP)
	$(BIN)/pybabel extract -k _ -k N_ --no-location --sort-output -o generator/locale/chuongtrinh.pot generator
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i generator/locale/chuongtrinh.pot -d generator/locale -D chuongtrinh -l en

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
	find $(OUTPUT) -mindepth 1 ! -name .gitkeep -delete
