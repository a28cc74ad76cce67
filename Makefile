# make demo: the main job (release, grade a demo class, print the table)
# make test: every test, as CI runs it
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: install demo test lab lectures reference benchmark clean

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(INSTALLED)

demo: $(INSTALLED)
	$(PY) -m autograder demo --out demo_output

test: $(INSTALLED)
	$(PY) -m pytest

# formgrader runs `alembic` by name: the venv's bin must be on PATH
lab: $(INSTALLED)
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" jupyter lab

lectures: $(INSTALLED)
	$(PY) lectures/render_html.py lectures/_build/html

reference: $(INSTALLED)
	$(PY) -m autograder reference

benchmark: $(INSTALLED)
	$(PY) benchmarks/bench_grading.py

clean:
	rm -rf demo_output grading_output lectures/_build
