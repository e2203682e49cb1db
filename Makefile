# kg: `make run` builds articles/ into output/, `make test` runs the tests.
# Both create .venv and install the pinned, hashed dependencies when needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install run test train lock clean bench

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

run: $(STAMP)
	$(BIN)/python build_graph.py articles --out output

test: $(STAMP)
	$(BIN)/python -m pytest -q

# The learned candidate scorer: prints its leave-one-set-out figures, then writes kg/data/scorer.json
# (which turns it on) from the annotated sets; see docs/extraction.md#learned-scorer.
train: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-train.lock
	rm -rf output/train-cache
	$(BIN)/python scripts/train_scorer.py --cv --cache output/train-cache
	$(BIN)/python scripts/train_scorer.py --cache output/train-cache

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# Re-pin after editing requirements.in (needs network and uv); then pin again, with the same
# hashes, each extra a dependency asks for (lxml[html_clean], smart-open[http], rdflib[html]: see their comments
# in requirements.lock), or a newer release of that package on PyPI breaks the install.
lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile requirements.in --generate-hashes --python-version 3.11 --universal -o requirements.lock

clean:
	rm -rf output build-dev
