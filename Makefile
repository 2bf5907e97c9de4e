# Two commands for a newcomer: `make run` (set up, index, start the app) and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)
HOST    ?= 127.0.0.1
PORT    ?= 7860

.PHONY: setup index run test test-fast browser bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# the CPU build of torch first: any other version pulls gigabytes of CUDA packages
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

index: setup
	$(BIN)/miss-qa index

run: index
	$(BIN)/miss-qa serve --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser tests (skipped with a reason when it is absent)
browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || echo "could not install chromium: browser tests will be skipped"

test: index
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not slow and not browser"

clean:
	rm -rf index/gen-* index/CURRENT index/models data artifacts
