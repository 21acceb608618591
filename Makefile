# Check your thinking: the two commands are `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint typecheck unit browser messages check-content bench clean

$(BIN)/cyt: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(BIN)/cyt

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	@touch node_modules/.installed

install: $(BIN)/cyt node_modules/.installed ## create .venv with the app and dev tools

run: $(BIN)/cyt ## serve on http://127.0.0.1:8000 with SQLite in ./var
	$(BIN)/cyt serve --host $(HOST) --port $(PORT)

lint: $(BIN)/cyt
	$(BIN)/ruff check app tests benchmarks
	$(BIN)/ruff format --check app tests benchmarks
	$(BIN)/hadolint Dockerfile

typecheck: $(BIN)/cyt
	$(BIN)/mypy app

check-content: $(BIN)/cyt
	$(BIN)/cyt cards check

unit: $(BIN)/cyt
	$(BIN)/pytest -m "not browser" -q

browser: install
	$(BIN)/pytest -m browser -q

test: install lint typecheck check-content ## lint, types, content and every test (SQLite, PostgreSQL, browser)
	$(BIN)/pytest -q -n 2 --dist loadgroup

messages: $(BIN)/cyt ## extract UI strings and update the Welsh catalogue
	$(BIN)/pybabel extract -F babel.cfg -o app/locales/messages.pot --no-location --omit-header -k _ -k N_ -k translate:2 -k ntranslate:2,3 . >/dev/null
	$(BIN)/pybabel update -i app/locales/messages.pot -d app/locales -l cy --no-fuzzy-matching --ignore-obsolete >/dev/null

bench: install ## speed and size figures, printed as JSON (not tests)
	$(BIN)/python benchmarks/redact_speed.py
	$(BIN)/python benchmarks/themes_speed.py
	$(BIN)/python benchmarks/export_speed.py
	$(BIN)/python benchmarks/page_weight.py
	$(BIN)/python benchmarks/live_fanout.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
