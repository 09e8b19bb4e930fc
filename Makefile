# Two commands do all set-up on a fresh machine (see README):
#   make run    create the venv if missing, install, build/update the index, start the chat
#   make test   install what the tests need (incl. Debian chromium) and run lint + tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 7860
export HF_HUB_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: run test install index serve eval bench chromium lint

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# torch first and pinned: the CPU build lies on local disk; a bare `torch` would pull GBs of CUDA.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

index: install
	$(BIN)/python -m index_build

serve: install
	$(BIN)/python -m assistant serve --host $(HOST) --port $(PORT)

run: index serve

# Browser tests drive Debian's chromium (never a downloaded browser).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: install
	$(BIN)/ruff check .

test: install chromium lint
	$(BIN)/python -m pytest -q

eval: install
	$(BIN)/python -m eval

bench: install
	$(BIN)/python -m eval.bench
