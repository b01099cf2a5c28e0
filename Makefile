# The lesson's commands. Every target creates .venv on first use (python3 -m venv + pip,
# with the pinned constraints), so nothing has to be installed by hand.
#   make app        serve the lesson as a Voila app (HOST, PORT, PREHEAT, MAX_KERNELS overridable)
#   make lab        open the lesson in JupyterLab (a git-ignored working copy of notebooks/)
#   make test       lint, content check, unit + widget tests, strict nbval, browser tests
#   make notebooks  re-execute every notebook in a fresh kernel and store the outputs
#   make bench      run the benchmarks (on demand; not part of make test)
#   make bench-class  CLASS learners (default 50) open a chapter at once (benchmarks/crowd.py)

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
AXE := tests/browser/node_modules/axe-core/axe.min.js
LIGHTHOUSE := benchmarks/node_modules/.bin/lighthouse
# The chart and diagram images, drawn once (lesson/charts/prerendered.py); pages draw any that are stale.
CHARTS := lesson/charts/built/manifest.json
CHART_SOURCES := $(wildcard lesson/charts/*.py lesson/content/data/* lesson/content/diagrams/*) \
  lesson/content/references.yaml lesson/style/lesson.mplstyle
HOST ?= 127.0.0.1
PORT ?= 8866
# Kernels per page started before anyone asks (0: off). Each costs about 70 MiB per notebook.
PREHEAT ?= 0
# Kernels (open pages) at once; more pages get a "busy, retrying" page. Empty: from memory and CPUs.
MAX_KERNELS ?=
CLASS ?= 50
# More options for `jupyter lab`, e.g. LAB_ARGS=--allow-root in a container where you are root.
LAB_ARGS ?=
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM
# Node trusts only its own CA list, not the system's; behind a TLS-inspecting proxy whose CA is
# installed system-wide, npm then fails with SELF_SIGNED_CERT_IN_CHAIN. Add the system store.
SYSTEM_CA := /etc/ssl/certs/ca-certificates.crt
ifneq ($(wildcard $(SYSTEM_CA)),)
export NODE_EXTRA_CA_CERTS ?= $(SYSTEM_CA)
endif
export PATH := $(CURDIR)/$(BIN):$(PATH)
# Tests run in two processes (the machine's cores); PARALLEL= runs them in one.
PARALLEL ?= -n 2 --dist loadfile
# Never let a learner's or developer's environment leak into tests.
TEST_ENV = env -u JUPYTERHUB_USER -u LESSON_QUERY -u LESSON_HOST -u LESSON_PRESENT -u LESSON_ALLOW_HOSTS -u HTTP_X_LESSON_BROWSER PYTHONHASHSEED=0 TZ=UTC

.PHONY: help install charts app lab test lint check unit nbval browser chromium notebooks screenshots bench bench-class clean

help:
	@echo "make app        serve the lesson on http://$(HOST):$(PORT) (override: make app PORT=9000 HOST=0.0.0.0 PREHEAT=1 MAX_KERNELS=30)"
	@echo "make lab        open the lesson in JupyterLab"
	@echo "make test       run the whole test suite"
	@echo "make notebooks  re-execute every notebook and store its outputs"
	@echo "make bench      run the benchmarks"
	@echo "make bench-class  50 learners open a chapter at once (CLASS=N to change)"

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

$(CHARTS): $(STAMP) $(CHART_SOURCES)
	$(BIN)/python -m lesson charts

charts: $(CHARTS)

# The teacher page (notebooks/teacher.ipynb) and its tests run against a made-up class of 24, never
# real learners. The same seed makes the same answers, to the questions as they are now.
TEACHER_FIXTURE := tests/teacher/fixtures/class.sqlite3
$(TEACHER_FIXTURE): $(STAMP) benchmarks/class_sample.py $(wildcard lesson/content/quizzes/*.yaml)
	mkdir -p $(dir $@) && rm -f $@ && $(BIN)/python benchmarks/class_sample.py $@ 24

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	touch $(AXE)

app: $(STAMP) $(CHARTS)
	@echo "The lesson will be at http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	$(BIN)/python -m lesson app --host $(HOST) --port $(PORT) --preheat $(PREHEAT) $(if $(MAX_KERNELS),--max-kernels $(MAX_KERNELS))

lab: $(STAMP) $(CHARTS)
	mkdir -p .lab-work
	cp -rn notebooks/. .lab-work/
	JUPYTER_CONFIG_PATH="$(CURDIR)/lesson/app/lab_config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	  $(BIN)/jupyter lab --ServerApp.root_dir=.lab-work --LabApp.default_url=/lab/tree/00_start_here.ipynb $(LAB_ARGS)

# The whole suite. Each step fails loudly; nothing is skipped.
test: chromium lint check unit nbval browser
	@echo "make test: all steps passed"

chromium:
	@test -x "$(CHROMIUM)" || { echo "Chromium not found at $(CHROMIUM): install it with 'apt-get install -y chromium' (or set CHROMIUM=/path/to/chromium)"; exit 1; }

# Style (ruff), the import layers (import-linter, .importlinter), declared dependencies (deptry)
# and types (mypy); the last three are configured in .importlinter and pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/deptry .
	$(BIN)/mypy

check: $(STAMP)
	$(BIN)/python -m lesson check

# $(AXE) stands for the npm install: tests/export parses the GIFT export with gift-pegjs.
unit: $(STAMP) $(AXE) $(CHARTS) $(TEACHER_FIXTURE)
	$(TEST_ENV) $(BIN)/pytest -q $(PARALLEL) -m "not browser" tests

nbval: $(STAMP) $(CHARTS) $(TEACHER_FIXTURE)
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && mkdir -p "$$tmp/home" && \
	$(TEST_ENV) HOME="$$tmp/home" LESSON_DB="$$tmp/progress.sqlite3" MPLCONFIGDIR="$$tmp/mpl" \
	  LESSON_TEACHER_DB="$(CURDIR)/$(TEACHER_FIXTURE)" $(BIN)/pytest -q --nbval --nbval-current-env \
	  --nbval-sanitize-with tests/nbval_sanitize.cfg notebooks/

# Every browser test. Two workers (pytest-xdist), each with its own Chromium and lesson servers;
# a test file stays on one worker (--dist loadfile), since a file's tests share a server.
# A failing test leaves a Playwright trace and screenshots in test-results/browser/<test>/
# (pytest-playwright; open a trace with `.venv/bin/playwright show-trace <trace.zip>`).
PLAYWRIGHT_ARTIFACTS := --tracing retain-on-failure --screenshot only-on-failure --output test-results/browser
browser: $(STAMP) chromium $(AXE) $(CHARTS)
	$(TEST_ENV) $(BIN)/pytest -q $(PARALLEL) $(PLAYWRIGHT_ARTIFACTS) -m browser tests/browser

# Refresh the screenshot baselines of tests/browser/test_visual_baselines.py on purpose, after a
# design change; look at tests/browser/baselines/*.png before committing them.
screenshots: $(STAMP) chromium $(AXE) $(CHARTS)
	$(TEST_ENV) LESSON_UPDATE_BASELINES=1 $(BIN)/pytest -q $(PLAYWRIGHT_ARTIFACTS) -m browser tests/browser/test_visual_baselines.py

notebooks: $(STAMP) $(CHARTS) $(TEACHER_FIXTURE)
	$(TEST_ENV) LESSON_TEACHER_DB="$(CURDIR)/$(TEACHER_FIXTURE)" $(BIN)/python -m lesson notebooks

# Lighthouse 12.2.3 (benchmarks/package.json) measures the pages beside the start-up figures.
$(LIGHTHOUSE): benchmarks/package.json benchmarks/package-lock.json
	npm ci --prefix benchmarks --no-audit --no-fund --loglevel=error
	touch $(LIGHTHOUSE)

bench: $(STAMP) chromium $(LIGHTHOUSE) $(CHARTS)
	$(BIN)/python benchmarks/run.py

bench-class: $(STAMP) chromium $(CHARTS)
	$(BIN)/python benchmarks/crowd.py --size $(CLASS)

clean:
	rm -rf $(VENV) .lab-work artifacts test-results tests/browser/node_modules benchmarks/node_modules lesson/charts/built
