# Everyday tasks; each is one command a contributor can also run by hand.
# (.ci/run does lint, types and test in a fresh clone, installing what the tests need.)
.PHONY: test fast lint format types docs bench ci

test:            ## the whole suite, slow tests included (as CI runs it)
	python -m pytest

fast:            ## the suite without the slow tests (fresh venv install, reference calculators)
	python -m pytest -m "not slow"

lint:            ## ruff: lint and formatting
	ruff check .
	ruff format --check .

format:          ## apply ruff's formatting and safe fixes
	ruff format .
	ruff check --fix .

types:           ## mypy, configured in pyproject.toml
	mypy

docs:            ## rewrite the README's console sessions from what the commands print now
	python tests/test_docs.py --update

bench:           ## llmcost against DuckDB and pandas on 2M rows (bench/README.md has every size)
	test -f bench/data/logs_2m.csv || python bench/generate.py 2000000 bench/data
	python bench/run.py --sizes 2m --runs 3 --pandas-runs 1

ci:              ## lint, types and the whole suite in a clean clone of HEAD
	rm -rf /tmp/llmcost-ci && git clone -q . /tmp/llmcost-ci && cd /tmp/llmcost-ci && bash .ci/run
