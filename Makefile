# Deux commandes suffisent sur une machine neuve (Debian, Python 3.11+) :
#   make site    installe ce qu'il faut puis construit le site d'exemple dans site/
#   make tests   installe ce qu'il faut puis lance tous les tests
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installe

.PHONY: site apercu tests valider schema verifier navigateur

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# --dirty : ne reconstruit que les territoires modifiés (le greffon garantit le même résultat
# qu'une construction complète, et reconstruit tout dès qu'un fichier commun change).
site: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --dirty

apercu: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

valider: $(STAMP)
	$(BIN)/territoire-ouvert valider --strict

schema: $(STAMP)
	$(BIN)/territoire-ouvert schema --sortie territories/schemas

verifier: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/mypy

# Les tests navigateur pilotent le Chromium de Debian (jamais « playwright install »).
navigateur:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

tests: $(STAMP) navigateur
	$(BIN)/ruff check generator tests
	$(BIN)/mypy
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m pytest
