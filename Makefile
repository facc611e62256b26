# veille: `make run` sets everything up and runs the sample; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VEILLE := $(VENV)/bin/veille
STAMP := $(VENV)/.installed-stamp
OUT := out

.PHONY: run test fuzz bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VEILLE) extract src/veille/data/sample --out $(OUT)/sample.jsonl
	@echo "Records of the sample corpus: $(OUT)/sample.jsonl"

test: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(PY) -m pytest -q

clean:
	rm -rf $(OUT) .pytest_cache
