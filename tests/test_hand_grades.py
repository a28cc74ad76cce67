"""Grading again never loses what a grader wrote in formgrader: hand grades and comments.

The written answer is graded by hand through nbgrader's Gradebook API, as formgrader's
REST handlers do; the class is graded again by `python -m autograder grade` and by
nbgrader's own autograde (formgrader's Autograde button), and the hand grade, its comment
and the points in grades.csv, tests.csv and report.html are all still there.
"""
import csv
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.commands import demo
from autograder.cli import main
from autograder.course import Course

BIN = Path(sys.executable).parent
WRITTEN = "written_seed003"
STUDENT = "solution"
COMMENT = "Right: the 1-D np.dot gives a scalar; np.outer is needed."


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def grade(course, out):
    assert main(["grade", "lec2", "--course", str(course), "--submissions", str(course / "submitted"),
                 "--out", str(out)]) == 0


def hand_grade(course, score, comment):
    """What formgrader's grade and comment handlers do with a grader's input."""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        grade = gradebook.find_grade(WRITTEN, "lec2", "lec2", STUDENT)
        grade.manual_score, grade.needs_manual_grade = score, False
        gradebook.find_comment(WRITTEN, "lec2", "lec2", STUDENT).manual_comment = comment
        gradebook.db.commit()


def in_gradebook(course):
    """(manual score, needs manual grade, comment, submission score) of the written answer."""
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        grade = gradebook.find_grade(WRITTEN, "lec2", "lec2", STUDENT)
        comment = gradebook.find_comment(WRITTEN, "lec2", "lec2", STUDENT)
        return (grade.manual_score, grade.needs_manual_grade, comment.manual_comment,
                gradebook.find_submission("lec2", STUDENT).score)


@pytest.mark.usefixtures("lec2_released")
def test_hand_grades_and_comments_survive_every_kind_of_regrading(course, tmp_path):
    demo.write_class(Course(course), tmp_path / "class", [demo.CLASS[0]])
    folder = course / "submitted" / STUDENT / "lec2"
    folder.mkdir(parents=True)
    (tmp_path / "class" / STUDENT / "lec2.ipynb").rename(folder / "lec2.ipynb")
    grade(course, tmp_path / "first")
    assert read_csv(tmp_path / "first" / "grades.csv")[0]["score"] == "31"
    assert in_gradebook(course) == (None, True, None, 31)  # waits for a grader
    page = (tmp_path / "first" / "feedback" / f"{STUDENT}.html").read_text(encoding="utf-8")
    assert "Provisional total" in page and f"{WRITTEN} (2 points) waits for hand grading" in page

    hand_grade(course, 1.5, COMMENT)
    grade(course, tmp_path / "again")
    assert in_gradebook(course) == (1.5, False, COMMENT, 32.5)
    assert read_csv(tmp_path / "again" / "grades.csv")[0]["score"] == "32.5"
    row = next(r for r in read_csv(tmp_path / "again" / "tests.csv") if r["test"] == WRITTEN)
    assert (row["points"], row["status"], row["message"]) == ("1.5", "graded by hand", COMMENT)
    page = (tmp_path / "again" / "report.html").read_text(encoding="utf-8")
    assert "include 1 hand grade from" in page and "waiting for hand grading: 0 students" in page
    page = (tmp_path / "again" / "feedback" / f"{STUDENT}.html").read_text(encoding="utf-8")
    assert "Provisional total" not in page and "waits for hand grading" not in page and COMMENT in page

    # formgrader's Autograde button: nbgrader's autograde with the course's grader in it
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run([str(BIN / "nbgrader"), "autograde", "lec2", "--force"], cwd=course, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    # and the unchanged answer is not marked for grading again (issue 20, item 5): the feedback made
    # from this gradebook says nothing of waiting for hand grading
    assert in_gradebook(course) == (1.5, False, COMMENT, 32.5)
    done = subprocess.run([str(BIN / "nbgrader"), "generate_feedback", "lec2", "--force"], cwd=course, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    page = (course / "feedback" / STUDENT / "lec2" / "lec2.html").read_text(encoding="utf-8")
    assert "waits for hand grading" not in page and COMMENT in page

    # a resubmission with another written answer: the hand grade stays, marked for a second look
    nb = nbformat.read(folder / "lec2.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == WRITTEN)
    cell.source += "\n\nAdded after the grade: a second thought."
    nbformat.write(nb, folder / "lec2.ipynb")
    grade(course, tmp_path / "resubmitted")
    assert in_gradebook(course) == (1.5, True, COMMENT, 32.5)
