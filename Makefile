# The two commands a newcomer needs: `make run` and `make test`. Everything they need
# is installed by the targets below, on a fresh machine, from a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
# The learning record store for the xAPI tests, apart because its pins clash with ours.
LRS_VENV := .venv-lrs
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= 1000
# Debian packages the browser tests need: the browser itself, and a font with 汉字
# so screenshots show Chinese text instead of empty boxes.
SYSTEM_PACKAGES := chromium fonts-wqy-microhei gettext

.PHONY: run test test-production load setup setup-dev setup-load setup-lrs system-deps migrate demo lint format messages bench check-deploy clean

run: setup migrate demo ## Set up, migrate, load the demo and serve on $(HOST):$(PORT) (DEBUG on)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The suite runs on every core (pytest-xdist); PYTEST_WORKERS=0 runs it in one process.
# Tests are handed to the workers two at a time. pytest-xdist's default hands out up to
# a quarter of what is left at once: one worker got some sixty browser tests in a row
# and ran them alone for three minutes after the other had run out of work.
PYTEST_WORKERS ?= auto
test: setup-dev setup-lrs system-deps ## Set up everything the tests need and run the whole suite
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --maxschedchunk 2 $(PYTEST_ARGS)

test-production: setup-dev setup-lrs ## Start the production stack (needs PostgreSQL, redis-server) and test it over HTTP
	$(BIN)/python -m pytest tests/production --production-stack $(PYTEST_ARGS)

load: setup-load ## Load-test the production stack on loopback (LOAD_ARGS="--users 60 --seconds 120")
	$(BIN)/python -m tests.benchmarks.load $(LOAD_ARGS)

setup: $(VENV)/.runtime-installed

setup-dev: $(VENV)/.dev-installed

setup-load: $(VENV)/.load-installed

setup-lrs: $(LRS_VENV)/.installed

$(LRS_VENV)/.installed: requirements-lrs.txt
	$(PYTHON) -m venv $(LRS_VENV)
	$(LRS_VENV)/bin/python -m pip install --quiet -r requirements-lrs.txt
	touch $@

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

$(VENV)/.load-installed: requirements-load.txt requirements-dev.txt requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements-load.txt
	touch $(VENV)/.runtime-installed $(VENV)/.dev-installed $@

system-deps:
	@missing=""; \
	for package in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" -ne 0 ]; then echo "Run as root, or install them first: apt-get install$$missing" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

migrate: setup
	$(BIN)/python manage.py migrate --no-input

demo: setup
	$(BIN)/python manage.py load_demo --site-url http://$(HOST):$(PORT)

lint: setup-dev ## ruff check and ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: setup-dev ## Refresh the translation catalogues after changing UI strings
	@# English is the source language: its catalogue is rebuilt with msgstr = msgid.
	rm -f locale/en/LC_MESSAGES/django.po
	$(BIN)/python manage.py makemessages --locale zh_Hans --locale en --no-obsolete --ignore=$(VENV) --ignore=$(LRS_VENV) --ignore=tests
	msgen --no-wrap -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	$(BIN)/python manage.py compilemessages --ignore=$(VENV) --ignore=$(LRS_VENV)

bench: setup-dev ## Seed content at SCALE and time the key pages
	$(BIN)/python -m tests.benchmarks --scale $(SCALE)

check-deploy: setup ## Django's deployment checklist under production settings
	DJANGO_SETTINGS_MODULE=config.settings.production \
	SECRET_KEY="$${SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-academy.example.com}" \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .test-media
