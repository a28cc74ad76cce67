# make demo: the main job (release, grade a demo class, print the table)
# make test: every test, as CI runs it
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: install sandbox browser demo test test-durations test-quick test-hub lab lectures reference benchmark clean

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(INSTALLED)

# bubblewrap, the sandbox of student code at grading; installing it needs root
sandbox:
	@if [ "$$(id -u)" = 0 ]; then bash deploy/install_sandbox.sh; \
	else command -v bwrap >/dev/null || echo "no sandbox for student code: install bubblewrap as root (sudo make sandbox)"; fi

# Chromium and playwright, for the lectures' HTML test in a real browser; installing them needs
# root, and the script that does it installs what tests/hub needs at the same time
browser: $(INSTALLED)
	@if [ "$$(id -u)" = 0 ]; then bash deploy/install_test_deps.sh; \
	else command -v chromium >/dev/null || echo "no Chromium: the lectures' browser test will skip (sudo make test-hub installs it)"; fi

demo: $(INSTALLED) sandbox
	$(PY) -m autograder demo --out demo_output

# pytest's exit status 5 means it collected no tests: a failure here, said in words.
# Two workers (-n 2): most tests wait on one kernel at a time, so two at once use both cores. A test
# file whose tests share a module fixture goes whole to one worker, the JupyterHub tests, which share
# system users, all to one, where they run one at a time; the groups are handed out longest first by
# the durations measured in tests/durations.json (tests/conftest.py), so both workers end together.
# PYTEST_ARGS: more options for pytest.
test: $(INSTALLED) sandbox browser
	@if [ "$$(id -u)" = 0 ]; then bash deploy/install_test_deps.sh || exit 1; marks=""; \
	else echo "JupyterHub tests not run: they install system packages and need root (sudo make test-hub)"; \
	marks="not hub"; fi; \
	$(PY) -m pytest -m "$$marks" -n 2 --dist loadgroup $(PYTEST_ARGS) || { s=$$?; [ $$s -ne 5 ] || echo "pytest collected no tests" >&2; exit $$s; }

# make test, which then writes each test's measured seconds into tests/durations.json: run it (as
# root) when tests were added or have become much faster or slower, and commit the file
test-durations:
	$(MAKE) test PYTEST_ARGS=--store-durations

# the inner loop of development: every test but the slow files and the hub (tests/conftest.py's SLOW)
test-quick: $(INSTALLED)
	$(PY) -m pytest -m "not hub and not slow" -n 2 --dist loadgroup -q || { s=$$?; [ $$s -ne 5 ] || echo "pytest collected no tests" >&2; exit $$s; }

# the course in a real JupyterHub, with PostgreSQL and Chromium: installs them first (as root)
test-hub: $(INSTALLED)
	bash deploy/install_test_deps.sh
	$(PY) -m pytest -m hub tests/hub || { s=$$?; [ $$s -ne 5 ] || echo "pytest collected no hub tests" >&2; exit $$s; }

# formgrader runs `alembic` by name: the venv's bin must be on PATH.
# Jupyter refuses to start as root without --allow-root, and single-user VMs and containers often
# run everything as root: there it is given. LAB_ARGS: more options (the test gives a port and a token).
LAB_AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: $(INSTALLED)
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" jupyter lab $(LAB_AS_ROOT) $(LAB_ARGS)

lectures: $(INSTALLED)
	$(PY) lectures/render_html.py lectures/_build/html

# ASSIGNMENT=lec2: whose reference data (source/<assignment>/ref/reference.py says what they are), and
# which assignment make benchmark grades
ASSIGNMENT ?= lec2
reference: $(INSTALLED)
	$(PY) -m autograder reference $(ASSIGNMENT)

benchmark: $(INSTALLED)
	$(PY) benchmarks/bench_grading.py --assignment $(ASSIGNMENT)

clean:
	rm -rf demo_output grading_output lectures/_build
