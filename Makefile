# Two commands do all set-up:  `make run` (install + launch the app) and `make test` (install + run all tests).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: run test lint bench screenshot clean

run: $(VENV)/.app-installed
	@scripts/system-deps.sh gui
	$(PY) -m crm_desktop $(ARGS)

test: $(VENV)/.test-installed
	@scripts/system-deps.sh test
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest $(PYTEST_ARGS)
	$(PY) -m ruff check crm_desktop bench tests

lint: $(VENV)/.test-installed
	$(PY) -m ruff check crm_desktop bench tests
	$(PY) -m ruff format --check crm_desktop bench tests

bench: $(VENV)/.test-installed
	@scripts/system-deps.sh test
	$(PY) -m bench --size $(or $(SIZE),L) --json bench/results/latest.json

$(VENV)/.created:
	@scripts/system-deps.sh python
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	touch $@

$(VENV)/.app-installed: $(VENV)/.created pyproject.toml
	$(PIP) install -e .
	$(PY) -m compileall -q crm_desktop
	touch $@

$(VENV)/.test-installed: $(VENV)/.created pyproject.toml
	$(PIP) install -e '.[test]'
	touch $@ $(VENV)/.app-installed

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
