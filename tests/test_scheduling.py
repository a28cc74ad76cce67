"""The order in which `make test`'s two workers get the test groups (tests/conftest.py).

xdist's loadgroup gives a free worker the next group in collection order; the hook orders the
groups longest first by tests/durations.json, keeps a file whose tests share a module fixture in one
group and the JupyterHub tests in one group. Checked on the helpers, without a run."""
import json

from conftest import DURATIONS, GROUP_SUFFIX, longest_first, xdist_group


def test_longer_groups_come_first_and_an_unmeasured_test_counts_as_the_median():
    groups = {"a.py": ["a.py::x", "a.py::y"], "b.py::z": ["b.py::z"], "c.py::new": ["c.py::new"],
              "hub": ["hub/t.py::one", "hub/t.py::two"]}
    durations = {"a.py::x": 10, "a.py::y": 25, "b.py::z": 40, "hub/t.py::one": 50, "hub/t.py::two": 1}
    # a.py 35 s, b 40 s, the hub 51 s; c.py::new is not measured: the median of the five, 25 s
    assert longest_first(groups, durations) == ["hub", "b.py::z", "a.py", "c.py::new"]


def test_equal_groups_keep_collection_order():
    assert longest_first({"b": ["b"], "a": ["a"], "c": ["c"]}, {"a": 1, "b": 1, "c": 1}) == ["b", "a", "c"]


def test_a_file_with_module_fixtures_stays_one_group_and_the_hub_is_one():
    assert xdist_group("tests/test_grading.py::test_one", hub=False, shares_module_fixtures=True) \
        == xdist_group("tests/test_grading.py::test_two", hub=False, shares_module_fixtures=True) \
        == "tests/test_grading.py"
    # without one, each test is a group of its own, to fill the gaps
    assert xdist_group("tests/test_exchange.py::test_one", hub=False, shares_module_fixtures=False) \
        == "tests/test_exchange.py::test_one"
    assert {xdist_group(f"tests/hub/{f}::t", hub=True, shares_module_fixtures=m)
            for f in ("test_hub_flow.py", "test_browser.py") for m in (True, False)} == {"hub"}


def test_a_file_parametrized_by_assignment_is_a_group_an_assignment():
    groups = {xdist_group(f"tests/test_grading.py::{t}[{a}]", hub=False, shares_module_fixtures=True, assignment=a)
              for t in ("test_one", "test_two") for a in ("lec1", "lec2")}
    assert groups == {"tests/test_grading.py[lec1]", "tests/test_grading.py[lec2]"}


def test_the_hub_the_longest_group_starts_first_by_the_stored_durations():
    """The hub's tests, one group run one at a time, take the longest: they must start at once, or
    the run waits for them at the end. Even with every other file counted as one group."""
    durations = json.loads(DURATIONS.read_text())
    groups = {}
    for nodeid in durations:
        hub = nodeid.startswith("tests/hub/")
        groups.setdefault(xdist_group(nodeid, hub, shares_module_fixtures=not hub), []).append(nodeid)
    assert longest_first(groups, durations)[0] == "hub"


def test_the_stored_durations_are_of_the_tests_as_collected():
    """The recorder strips the "@<group>" that loadgroup appends to a nodeid, an assignment's group
    ("[lec2]") too, so the durations are found under the nodeids the scheduler looks up."""
    for group in ("hub", "tests/test_grading.py", "tests/test_grading.py[lec2]"):
        assert GROUP_SUFFIX.sub("", f"tests/test_grading.py::test_x[lec2]@{group}") == "tests/test_grading.py::test_x[lec2]"
    assert GROUP_SUFFIX.sub("", "tests/test_roster.py::test_x[a@b.org]") == "tests/test_roster.py::test_x[a@b.org]"
    assert not [nodeid for nodeid in json.loads(DURATIONS.read_text()) if GROUP_SUFFIX.search(nodeid)]
