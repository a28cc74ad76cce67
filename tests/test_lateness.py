"""A due date and a late policy: lateness and its penalty in grades.csv, tests.csv, feedback and
the report, the same through `python -m autograder grade` and nbgrader's own autograde."""
import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from autograder.commands import demo
from autograder.cli import main
from autograder.course import Course

BIN = Path(sys.executable).parent
DUE = "2026-11-20 10:00:00 UTC"
TIMES = {"alice": "2026-11-21 16:00:00.000000 UTC",  # 30 hours late: two started days
         "bob": "2026-11-20 09:59:00.000000 UTC",    # a minute early
         "carol": "2026-11-20 10:01:00.000000 UTC"}  # a minute late: one started day


def read_csv(path):
    with open(path, newline="") as f:
        return {row["student_id"]: row for row in csv.DictReader(f)} if "grades" in path.name else list(
            csv.DictReader(f))


def nbgrader(course, *args):
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    done = subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.mark.usefixtures("lec2_released")
def test_a_late_submission_is_reported_and_costs_points_per_day(course, tmp_path):
    nbgrader(course, "db", "assignment", "add", "lec2", f"--duedate={DUE}")  # as the README says
    with open(course / "nbgrader_config.py", "a") as f:
        f.write("\nc.LatePenaltyPerDay.points_per_day = 2\n")
    demo.write_class(Course(course), tmp_path / "class", [demo.CLASS[0]])
    for student, when in TIMES.items():
        folder = course / "submitted" / student / "lec2"
        folder.mkdir(parents=True)
        (folder / "lec2.ipynb").write_bytes((tmp_path / "class" / "solution" / "lec2.ipynb").read_bytes())
        (folder / "timestamp.txt").write_text(when)

    out = tmp_path / "out"
    assert main(["grade", "lec2", "--course", str(course), "--submissions", str(course / "submitted"),
                 "--out", str(out)]) == 0
    grades = read_csv(out / "grades.csv")
    assert [grades["alice"][k] for k in ("score", "hours_late", "late_penalty")] == ["27", "30.00", "4"]
    assert [grades["bob"][k] for k in ("score", "hours_late", "late_penalty")] == ["31", "0.00", "0"]
    # a minute late never reads as on time beside its penalty (issue 20, item 4)
    assert [grades["carol"][k] for k in ("score", "hours_late", "late_penalty")] == ["29", "0.02", "2"]
    notes = [r["message"] for r in read_csv(out / "tests.csv") if r["status"] == "note"]
    assert notes == ["submitted 30.0 hours after the due date (by the exchange's clock); late penalty: 4 points",
                     "submitted 1 minute after the due date (by the exchange's clock); late penalty: 2 points"]
    page = (out / "feedback" / "alice.html").read_text(encoding="utf-8")
    assert "submitted 30.0 hours after the due date" in page and "Late submission penalty" in page
    assert "Submitted after the due date: alice (30.0 hours late, penalty 4), carol (1 minute late, penalty 2)." in (
        out / "report.html").read_text()

    # nbgrader's own autograde (formgrader's button) takes off the same penalty
    nbgrader(course, "autograde", "lec2", "--force")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        late = {s.student.id: (s.score, s.late_submission_penalty) for s in gradebook.find_assignment("lec2").submissions}
    assert late == {"alice": (31, 4), "bob": (31, 0), "carol": (31, 2)}


def test_a_few_minutes_late_is_said_in_minutes():
    from autograder.languages.text import how_late
    assert [how_late(h) for h in (30.0, 1.0, 0.2, 1 / 60, 10 / 3600)] == [
        "30.0 hours", "1.0 hours", "12 minutes", "1 minute", "less than a minute"]
