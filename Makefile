# make build: set up .venv if needed, install chuongtrinh, build every province into output/.
# make test:  the test suite (LibreOffice tests need soffice; CI installs it via .ci/run).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUTPUT ?= output

.PHONY: build pdf test validate clean

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/chuongtrinh build --all -o $(OUTPUT)

pdf: $(STAMP)
	$(BIN)/chuongtrinh build --all --pdf -o $(OUTPUT)

validate: $(STAMP)
	$(BIN)/chuongtrinh validate

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
	find $(OUTPUT) -mindepth 1 ! -name .gitkeep -delete
