"""`python -m autograder export`: Moodle's and Canvas's import columns, values as the gradebook has them.

The gradebook is filled through nbgrader's API as grading and formgrader fill it: one student
hand-graded and on time, one late and still waiting for hand grading, one who never submitted.
"""
import csv

import pytest
from nbgrader.api import Gradebook

from autograder.cli import main

pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")  # nbgrader 0.9.6 with SQLAlchemy 2
WRITTEN = "written_seed003"
PEOPLE = {"alice": ("Alice", "Abe", "alice@example.org"), "bob": ("Bob", "Baba", "bob@example.org"),
          "carol": ("Carol", "Chiba", "carol@example.org")}


@pytest.fixture
def graded_course(course, lec2_released):
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        gb.update_or_create_assignment("lec2", duedate="2026-11-20 10:00:00 UTC")
        for student, (first, last, email) in PEOPLE.items():
            gb.update_or_create_student(student, first_name=first, last_name=last, email=email)
        for student, when in (("alice", "2026-11-20 09:00:00 UTC"), ("bob", "2026-11-21 16:00:00 UTC")):
            sub = gb.add_submission("lec2", student, timestamp=when)
            for grade in sub.notebooks[0].grades:
                grade.auto_score = None if grade.name == WRITTEN else grade.max_score
                grade.needs_manual_grade = grade.name == WRITTEN
        written = gb.find_grade(WRITTEN, "lec2", "lec2", "alice")
        written.manual_score, written.needs_manual_grade = 1.5, False  # as formgrader saves a hand grade
        gb.find_submission_notebook("lec2", "lec2", "bob").late_submission_penalty = 4
        gb.db.commit()
        expected = {s.student.id: s.score - s.late_submission_penalty for s in gb.find_assignment("lec2").submissions}
        max_score = gb.find_assignment("lec2").max_score
    assert expected == {"alice": 32.5, "bob": 27} and max_score == 33
    return course


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_moodle_canvas_and_csv_columns_and_values(graded_course, tmp_path, capsys):
    files = {fmt: tmp_path / f"{fmt}.csv" for fmt in ("moodle", "canvas", "csv")}
    for fmt, path in files.items():
        assert main(["export", "lec2", "--course", str(graded_course), "--format", fmt, "--out", str(path)]) == 0
        assert "lec2: waiting for hand grading (their written answer counts 0 so far): 1 student: bob" in capsys.readouterr().err

    moodle = read(files["moodle"])
    assert moodle[0] == ["First name", "Last name", "Username", "Email address", "lec2", "lec2 feedback"]
    assert [row[:5] for row in moodle[1:]] == [["Alice", "Abe", "alice", "alice@example.org", "32.5"],
                                               ["Bob", "Baba", "bob", "bob@example.org", "27"],
                                               ["Carol", "Chiba", "carol", "carol@example.org", "-"]]
    assert moodle[2][5] == ("written answer not yet graded by hand: the score may still rise; "
                            "30.0 hours late, penalty 4 points")
    assert moodle[3][5] == "no submission"

    canvas = read(files["canvas"])
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "lec2"]
    assert canvas[1] == ["Points Possible", "", "", "", "", "33"]
    assert canvas[2:] == [["Abe, Alice", "", "", "alice", "", "32.5"], ["Baba, Bob", "", "", "bob", "", "27"],
                          ["Chiba, Carol", "", "", "carol", "", ""]]

    plain = {row[0]: dict(zip(read(files["csv"])[0], row)) for row in read(files["csv"])[1:]}
    assert {k: plain["alice"][k] for k in ("score", "autograded", "hand_graded", "hours_late", "late_penalty",
                                           "waits_for_hand_grading")} == {
        "score": "32.5", "autograded": "31", "hand_graded": "1.5", "hours_late": "0.00", "late_penalty": "0",
        "waits_for_hand_grading": "no"}
    assert {k: plain["bob"][k] for k in ("score", "hand_graded", "hours_late", "late_penalty",
                                         "waits_for_hand_grading")} == {
        "score": "27", "hand_graded": "0", "hours_late": "30.00", "late_penalty": "4", "waits_for_hand_grading": "yes"}


@pytest.mark.usefixtures("lec2_released")
def test_an_assignment_not_in_the_gradebook_is_said_plainly(course, tmp_path, capsys):
    assert main(["export", "lec3", "--course", str(course), "--out", str(tmp_path / "x.csv")]) == 2
    assert "the gradebook has no assignment 'lec3'" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_every_assignment_of_the_course_in_one_file_by_due_date(graded_course, tmp_path, capsys):
    """Without an assignment named, the file holds all of the gradebook's, the earliest due first."""
    with Gradebook(f"sqlite:///{graded_course / 'gradebook.db'}") as gb:
        gb.update_or_create_assignment("quiz", duedate="2026-11-10 10:00:00 UTC")
        gb.update_or_create_notebook("quiz", "quiz")
        gb.update_or_create_grade_cell("q1", "quiz", "quiz", max_score=5, cell_type="code")
        sub = gb.add_submission("quiz", "alice", timestamp="2026-11-10 09:00:00 UTC")
        sub.notebooks[0].grades[0].auto_score = 4
        gb.db.commit()
    files = {fmt: tmp_path / f"{fmt}.csv" for fmt in ("moodle", "canvas", "csv")}
    for fmt, path in files.items():
        assert main(["export", "--course", str(graded_course), "--format", fmt, "--out", str(path)]) == 0
        assert f"wrote {path} ({fmt}, 3 students; quiz, lec2)" in capsys.readouterr().out
    moodle = read(files["moodle"])
    assert moodle[0][4:] == ["quiz", "quiz feedback", "lec2", "lec2 feedback"]
    assert [(row[2], row[4], row[6]) for row in moodle[1:]] == [("alice", "4", "32.5"), ("bob", "-", "27"),
                                                                  ("carol", "-", "-")]
    assert moodle[2][5] == "no submission"
    canvas = read(files["canvas"])
    assert canvas[0][5:] == ["quiz", "lec2"] and canvas[1][5:] == ["5", "33"]
    assert [row[3:] for row in canvas[2:]] == [["alice", "", "4", "32.5"], ["bob", "", "", "27"], ["carol", "", "", ""]]
    plain = [(row[0], row[4], row[5]) for row in read(files["csv"])[1:]]
    assert plain == [("alice", "quiz", "4"), ("alice", "lec2", "32.5"), ("bob", "quiz", ""), ("bob", "lec2", "27"),
                     ("carol", "quiz", ""), ("carol", "lec2", "")]
    assert main(["export", "quiz", "--course", str(graded_course), "--out", str(tmp_path / "one.csv")]) == 0
    assert [row[4] for row in read(tmp_path / "one.csv")[1:]] == ["quiz"] * 3
