import os
import re
from pathlib import Path

import pytest

from autograder.course import DEFAULT_ROOT
from autograder.demo import copy_course

REPO = Path(__file__).resolve().parent.parent
# the browser tests: Debian's Chromium, driven by Playwright (deploy/install_test_deps.sh installs both);
# checked on this kind of machine: a container has no sandbox and no GPU
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


# The files whose tests grade whole classes, start kernels by the dozen, execute the lectures or drive
# a browser (each takes 20 s to 2 min on the 2-core machine): marked `slow`, so that `make test-quick`
# (-m "not hub and not slow") is the inner loop of development; `make test`, which CI runs, runs them.
SLOW = {"test_adversarial.py", "test_exchange.py", "test_exercise_checks.py", "test_feedback.py",
        "test_grading.py", "test_grading_runs.py", "test_hand_grades.py", "test_lateness.py", "test_layouts.py",
        "test_lectures.py", "test_nbgrader_autograde.py", "test_readme_commands.py", "test_release.py",
        "test_sandbox.py", "test_sliders.py", "test_text.py", "test_editions.py", "test_validate.py",
        "test_lab.py", "test_export.py"}


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which reads the groups
def pytest_collection_modifyitems(config, items):
    """Under `pytest -n 2 --dist loadgroup` (make test): each test file goes whole to one worker, so
    its module fixtures are built once; the JupyterHub tests, which share system users and ports,
    go to one worker together and run one at a time while the other worker takes the other files.
    The tests of the SLOW files are marked `slow`."""
    for item in items:
        group = "hub" if item.get_closest_marker("hub") else item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(group))
        if Path(str(item.fspath)).name in SLOW:
            item.add_marker(pytest.mark.slow)


def readme_commands(path):
    """The commands of every ```bash block of a README: continuations joined, comments dropped."""
    found = []
    for block in re.findall(r"```bash\n(.*?)```", Path(path).read_text(), re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"(^|\s)#.*$", "", line).strip()
            if line:
                found.append(" ".join(line.split()))
    return found


def typed_by_the_instructor(command):
    """deploy/one-server/README.md's commands that the hub test types, as written, into the
    instructor's JupyterLab terminal after a whole term's flow: all the instructor's but the release
    to the exchange, which the flow has done (through formgrader's Release) and which refuses twice."""
    return command.startswith(("python -m autograder", "cd ~/backprop", "nbgrader collect")) \
        and "release_assignment" not in command


def skip_or_fail_in_ci(reason):
    """Skip a test whose tools are missing here; under CI fail, so that a green CI means it ran."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture
def course(tmp_path):
    """A private copy of the course root: config and source, nothing generated."""
    return copy_course(tmp_path / "course")


@pytest.fixture(scope="session")
def solution():
    from autograder.course import source_notebook
    from autograder.solution import load_solution
    return load_solution(source_notebook(DEFAULT_ROOT, "lec2"))


def refuse_the_network(context):
    """Let a browser context load files and data: URLs only; the list it returns fills with every
    other URL a page asked for (refused), as a student offline or behind a firewall would see it."""
    refused = []

    def only_local(route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    return refused


def launched_chromium(what):
    """Yield a headless Chromium; without playwright or Chromium, skip `what` (under CI, fail)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not os.path.exists(CHROMIUM):
        skip_or_fail_in_ci(f"{what} NOT RUN: needs pip playwright and Debian's chromium. "
                           "Run `bash deploy/install_test_deps.sh` as root (make test does).")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
