"""The student's self-check runs the notebook as grading does and reports each visible test."""
import pytest

from autograder.commands import demo
from autograder.cli import main
from autograder.nbgrader_side.release import release
from autograder.course import Course


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory):
    root = demo.copy_course(tmp_path_factory.mktemp("check") / "course")
    release(Course(root), "lec2")
    students = [s for s in demo.CLASS if s.name in ("solution", "blank", "bias_slice")]
    demo.write_class(Course(root), root.parent / "subs", students)
    return root.parent / "subs"


def test_check_passes_the_solution(notebooks, capsys):
    assert main(["check", str(notebooks / "solution" / "lec2.ipynb")]) == 0
    out = capsys.readouterr().out
    assert "13/13 visible tests passed (16/16 points); graded later: 11 hidden tests (15 points)" in out
    assert "1 written answer (2 points)" in out and "judges every visible test again on random inputs you have not seen" in out
    assert "FAIL" not in out


def test_check_names_what_failed_and_why(notebooks, capsys):
    assert main(["check", str(notebooks / "bias_slice" / "lec2.ipynb")]) == 1
    out = capsys.readouterr().out
    failed = [line for line in out.splitlines() if "[FAIL]" in line]
    assert [line.split("]")[1].split("(")[0].strip() for line in failed] == [
        "test_backward_gradcheck", "test_sgd_step_seed000", "test_train"]
    assert "V[:, 1:]" in out


def test_check_on_a_blank_notebook(notebooks, capsys):
    assert main(["check", str(notebooks / "blank" / "lec2.ipynb")]) == 1
    out = capsys.readouterr().out
    assert "0/13 visible tests passed" in out and "not written yet" in out


def test_check_of_a_missing_file(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.ipynb")]) == 2
