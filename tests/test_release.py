import shutil

import nbformat
import pytest

from autograder.cells import nbgrader_meta
from autograder.commands.demo import copy_course
from autograder.course import Course
from autograder.nbgrader_side.release import LeakError, check_release, find_leaks, private_lines, release
from assignments import ASSIGNMENTS


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def released(tmp_path_factory, request):
    """(course root, assignment) with the assignment released, once per module: tests only read it."""
    course = copy_course(tmp_path_factory.mktemp(f"release_{request.param}") / "course")
    release(Course(course), request.param)
    return course, request.param


@pytest.fixture
def released_copy(released, tmp_path):
    """The released course copied, for a test to change."""
    course, assignment = released
    shutil.copytree(course, tmp_path / "course")
    return tmp_path / "course", assignment


def test_release_holds_the_notebook_and_nothing_of_the_instructor(released):
    course, assignment = released
    files = sorted(p.relative_to(course / "release" / assignment).as_posix()
                   for p in (course / "release" / assignment).rglob("*") if p.is_file())
    assert files == [f"{assignment}.ipynb", "messages.en.json", "messages.ja.json"]  # the tests' sentences go with it
    hidden = (course / "source" / assignment / "ref" / "hidden_messages.en.json").read_text()
    assert "hidden_" not in (course / "release" / assignment / "messages.en.json").read_text() and "hidden_" in hidden
    assert (course / "source" / assignment / "ref" / f"{assignment}_reference.npz").exists()
    assert find_leaks(Course(course), assignment) == []


def test_release_has_every_answer_cell_emptied(released):
    course, assignment = released
    source = nbformat.read(Course(course).source_notebook(assignment), as_version=4)
    nb = nbformat.read(Course(course).release_notebook(assignment), as_version=4)
    answers = [c for c in nb.cells if nbgrader_meta(c).get("solution")]
    assert len(answers) == len([c for c in source.cells if nbgrader_meta(c).get("solution")]) >= 5
    assert all("raise NotImplementedError()" in c.source or c.source == "YOUR ANSWER HERE" for c in answers)


@pytest.mark.parametrize("leak", ["solution line", "hidden test", "reference file"])
def test_leak_check_fires(released_copy, leak):
    course, assignment = released_copy
    path = Course(course).release_notebook(assignment)
    source = nbformat.read(Course(course).source_notebook(assignment), as_version=4)
    nb = nbformat.read(path, as_version=4)
    if leak == "solution line":
        nb.cells[-1].source += "\n" + max(private_lines(source, regions=("SOLUTION",)), key=len)
    elif leak == "hidden test":
        nb.cells[-1].source += "\n" + max(private_lines(source, regions=("HIDDEN TESTS",)), key=len)
    else:
        (path.parent / "ref").mkdir()
        (path.parent / "ref" / f"{assignment}_reference.npz").write_bytes(b"")
    nbformat.write(nb, path)
    with pytest.raises(LeakError, match="LEAKS"):
        check_release(Course(course), assignment)
