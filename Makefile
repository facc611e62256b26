# veille: `make run` sets everything up, ingests the sample and serves the dashboard;
# `make test` runs the checks and the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
VEILLE := $(VENV)/bin/veille
STAMP := $(VENV)/.installed-stamp
ATLAS := $(VENV)/web/node_modules/world-atlas/countries-110m.json
OUT := out
DB := $(OUT)/veille.db
PORT ?= 8000
FEED_PORT ?= 8799
RULES := src/veille/data/alerts.example.toml

.PHONY: run test fuzz browser bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,ray]'
	touch $(STAMP)

# Country borders for the dashboard's map (npm's world-atlas); the map works without.
$(ATLAS):
	-npm install --silent --no-audit --no-fund --prefix $(VENV)/web world-atlas@2.0.2

# Headless Chromium for the browser test (Debian packages); the test skips without it.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || \
	   echo "make: could not install chromium; the browser test will be skipped")

run: $(STAMP) $(ATLAS)
	$(VEILLE) extract src/veille/data/sample --out $(OUT)/sample.jsonl
	@echo "Records of the sample corpus: $(OUT)/sample.jsonl"
	@# a local news site of the sample articles, and one watch pass into the store
	rm -f $(OUT)/feeds.toml; mkdir -p $(OUT)
	$(PY) -m veille.watch.demo --port $(FEED_PORT) --feeds $(OUT)/feeds.toml & \
	  pid=$$!; for i in $$(seq 100); do [ -f $(OUT)/feeds.toml ] && break; sleep 0.1; done; \
	  $(VEILLE) watch --once --db $(DB) --feeds $(OUT)/feeds.toml --rules $(RULES); \
	  status=$$?; kill $$pid; exit $$status
	$(VEILLE) timeline --db $(DB) --limit 20
	$(VEILLE) serve --db $(DB) --port $(PORT)

test: $(STAMP) $(ATLAS) browser
	$(VENV)/bin/ruff check src tests bench
	$(PY) -m pytest -q

fuzz: $(STAMP)
	VEILLE_FUZZ_EXAMPLES=10000 $(PY) -m pytest -q tests/test_robustness.py -k "text or sentences"

clean:
	rm -rf $(OUT) .pytest_cache
