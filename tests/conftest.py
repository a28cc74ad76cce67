import json
import os
import re
import shutil
from pathlib import Path

import pytest

from autograder.commands.demo import copy_course

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


# Measured seconds per test (setup, call and teardown together), {nodeid: seconds}: what orders the
# groups below. Refresh it from a whole run with `make test-durations` (as root, so the hub tests run
# too), or from any run with `pytest --store-durations`: the tests that ran replace their entries,
# the others (skipped, deselected) keep theirs.
DURATIONS = Path(__file__).resolve().parent / "durations.json"
WIDE_SCOPES = ("module", "package", "class")


def pytest_addoption(parser):
    parser.addoption("--store-durations", action="store_true",
                     help=f"write each test's measured seconds into {DURATIONS.name} (tests/conftest.py)")


def pytest_configure(config):
    # xdist (3.8) hands out the groups largest first by number of tests, not in collection order: the
    # order of longest_first below holds only without that
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False
    if config.getoption("store_durations") and not hasattr(config, "workerinput"):  # the controller writes
        config.pluginmanager.register(_DurationRecorder(), "durations-recorder")


def xdist_group(nodeid, hub, shares_module_fixtures, assignment=None):
    """The xdist group of a test. The JupyterHub tests share system users and ports: one group, so
    one worker runs them one at a time. A file whose tests share a module fixture (a graded class,
    executed lectures) is one group, so that fixture is built once, or one group an assignment when
    its tests are parametrized by `assignment` (each assignment's class is its own); any other test
    is a group of its own, which the scheduler can put wherever a worker has time."""
    if hub:
        return "hub"
    if not shares_module_fixtures:
        return nodeid
    file = nodeid.split("::")[0]
    return file if assignment is None else f"{file}[{assignment}]"


def longest_first(groups, durations):
    """The groups, {group: [nodeid]}, longest first by the sum of their tests' durations (a test not
    measured counts as the median of those measured). xdist's loadgroup hands a free worker the next
    group in collection order, so this is LPT scheduling: the long groups (the hub's, the lectures')
    start at once and the short ones fill the gaps at the end. Ties keep collection order."""
    known = sorted(durations.values()) or [0.0]
    median = known[len(known) // 2]
    seconds = {g: sum(durations.get(n, median) for n in ids) for g, ids in groups.items()}
    return sorted(groups, key=lambda g: -seconds[g])


def shares_module_fixtures(item):
    """Whether the test uses a fixture that lives longer than one test and shorter than the session:
    split over two workers, that fixture would be built on each (a session fixture is anyway)."""
    info = getattr(item, "_fixtureinfo", None)  # pytest's; a test function always has it
    return info is not None and any(defs[-1].scope in WIDE_SCOPES for defs in info.name2fixturedefs.values())


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook, which reads the groups
def pytest_collection_modifyitems(config, items):
    """Under `pytest -n 2 --dist loadgroup` (make test) the items are put in the order of
    longest_first, so the workers finish together. The tests of the SLOW files are marked `slow`."""
    groups = {}
    for item in items:
        callspec = getattr(item, "callspec", None)
        group = xdist_group(item.nodeid, item.get_closest_marker("hub") is not None, shares_module_fixtures(item),
                            callspec.params.get("assignment") if callspec else None)
        if group != item.nodeid:  # a test without a group mark is a group of its own to xdist
            item.add_marker(pytest.mark.xdist_group(group))
        groups.setdefault(group, []).append(item)
        if Path(str(item.fspath)).name in SLOW:
            item.add_marker(pytest.mark.slow)
    durations = json.loads(DURATIONS.read_text()) if DURATIONS.exists() else {}
    order = longest_first({g: [i.nodeid for i in group] for g, group in groups.items()}, durations)
    items[:] = [item for g in order for item in groups[g]]  # a group's own tests keep their order


# "@hub", "@tests/test_x.py", "@tests/test_x.py[lec2]": the group (xdist_group) as loadgroup appends it
GROUP_SUFFIX = re.compile(r"@(?:hub|tests/[\w/.-]+\.py(?:\[[^\]]*\])?)$")


class _DurationRecorder:
    """--store-durations: sums each test's phases as the reports reach the controller, and writes
    DURATIONS at the end (a test skipped in any phase keeps its old entry)."""

    def __init__(self):
        self.seconds, self.skipped = {}, set()

    def pytest_runtest_logreport(self, report):
        nodeid = GROUP_SUFFIX.sub("", report.nodeid)  # xdist's loadgroup adds "@<group>" to the nodeid
        self.seconds[nodeid] = self.seconds.get(nodeid, 0.0) + report.duration
        if report.skipped:
            self.skipped.add(nodeid)

    def pytest_sessionfinish(self):
        stored = json.loads(DURATIONS.read_text()) if DURATIONS.exists() else {}
        stored.update({n: round(s, 2) for n, s in self.seconds.items() if n not in self.skipped})
        DURATIONS.write_text(json.dumps(stored, indent=0, sort_keys=True) + "\n")


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


@pytest.fixture(autouse=True)
def speaks_english_after():
    """Every test ends speaking the language it began in, English: a test that speaks another says
    so in `with text.speaking(...)`, which gives the language back, so no test resets it for others."""
    from autograder.languages import text
    yield
    assert text.language() == "en", f"the test left the process speaking {text.language()!r}"


@pytest.fixture
def course(tmp_path):
    """A private copy of the course root: config and source, nothing generated."""
    return copy_course(tmp_path / "course")


@pytest.fixture(scope="session")
def lec2_release(tmp_path_factory):
    """A course root in which lec2 was released, once per test process: release (nbgrader's
    generate_assignment) takes seconds, and a dozen tests begin with it."""
    from autograder.course import Course
    from autograder.nbgrader_side.release import release
    root = copy_course(tmp_path_factory.mktemp("lec2_release") / "course")
    release(Course(root), "lec2")
    return root


@pytest.fixture
def lec2_released(course, lec2_release):
    """`course` as release leaves it for lec2: the course root of `lec2_release` copied over it."""
    shutil.copytree(lec2_release, course, dirs_exist_ok=True)
    return course


@pytest.fixture(scope="session")
def solution():
    from autograder.course import Course
    from autograder.grading.solution import load_solution
    return load_solution(Course().source_notebook("lec2"))


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
