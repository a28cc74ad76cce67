"""Grades out to the learning management system: one CSV file read from nbgrader's gradebook.

The gradebook is where formgrader's hand grades land, so the file holds them as
soon as they are given, without grading again. Each student's points are the
autograded ones plus the hand grades, less the late penalty; a student whose
written answer is not graded by hand yet is named on the terminal and in the
file, so that no incomplete grade leaves unnoticed.

Formats, following each system's documented gradebook import:

- `moodle`: Moodle's *Import › CSV file*: one row per student, a column to identify
  the user (Username; Email address) and one for the grade item, plus a feedback
  column; the import page maps them ("Map from" Username to "Map to" username).
- `canvas`: Canvas's *Gradebook › Import*: the columns Student ("Last, First"), ID,
  SIS User ID, SIS Login ID and Section, then one column per assignment, and a
  "Points Possible" row under the header. Canvas matches students by SIS Login ID,
  here the login name on the hub (fill in ID from a Canvas export to match on it).
- `csv`: every number this course has about each student, for anything else.
"""
import csv
from dataclasses import dataclass
from pathlib import Path

from autograder import text

FORMATS = ("moodle", "canvas", "csv")


@dataclass
class Row:
    student: str
    first_name: str
    last_name: str
    email: str
    submitted: bool
    score: float = 0.0        # autograded + hand-graded - late penalty
    max_score: float = 0.0
    autograded: float = 0.0
    hand_graded: float = 0.0
    hours_late: float = 0.0
    late_penalty: float = 0.0
    waiting: bool = False     # a written answer not yet graded by hand

    def remark(self):
        """The feedback column: what a person should know beside the number."""
        parts = []
        if not self.submitted:
            parts.append(text.EXPORT_NO_SUBMISSION)
        if self.waiting:
            parts.append(text.EXPORT_WAITING)
        if self.hours_late > 0:
            parts.append(text.EXPORT_LATE.format(hours=self.hours_late, penalty=self.late_penalty))
        return "; ".join(parts)


def rows(db_url, assignment):
    """One Row per student in the gradebook, in order of their id."""
    from nbgrader.api import Gradebook, MissingEntry
    found = []
    with Gradebook(db_url) as gradebook:
        max_score = gradebook.find_assignment(assignment).max_score
        for student in sorted(gradebook.students, key=lambda s: s.id):
            row = Row(student.id, student.first_name or "", student.last_name or "", student.email or "",
                      submitted=False, max_score=max_score)
            try:
                sub = gradebook.find_submission(assignment, student.id)
            except MissingEntry:
                found.append(row)
                continue
            grades = [g for nb in sub.notebooks for g in nb.grades]
            row.submitted = True
            row.hand_graded = sum(g.manual_score for g in grades if g.manual_score is not None)
            row.autograded = sum(g.auto_score or 0.0 for g in grades if g.manual_score is None)
            row.late_penalty = sub.late_submission_penalty or 0.0
            row.hours_late = (sub.total_seconds_late or 0.0) / 3600
            row.score = sub.score - row.late_penalty
            row.waiting = any(g.needs_manual_grade and g.manual_score is None for g in grades)
            found.append(row)
    return found


def number(value):
    return f"{value:g}"


def write_moodle(path, assignment, table):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["First name", "Last name", "Username", "Email address", assignment, "Feedback"])
        for r in table:
            w.writerow([r.first_name, r.last_name, r.student, r.email,
                        number(r.score) if r.submitted else "", r.remark()])


def write_canvas(path, assignment, table):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", assignment])
        w.writerow(["Points Possible", "", "", "", "", number(table[0].max_score) if table else ""])
        for r in table:
            name = f"{r.last_name}, {r.first_name}" if r.last_name or r.first_name else r.student
            w.writerow([name, "", "", r.student, "", number(r.score) if r.submitted else ""])


def write_plain(path, assignment, table):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student_id", "first_name", "last_name", "email", "assignment", "score", "max_score",
                    "autograded", "hand_graded", "hours_late", "late_penalty", "waits_for_hand_grading", "remark"])
        for r in table:
            w.writerow([r.student, r.first_name, r.last_name, r.email, assignment,
                        number(r.score) if r.submitted else "", number(r.max_score), number(r.autograded),
                        number(r.hand_graded), f"{r.hours_late:.1f}", number(r.late_penalty),
                        "yes" if r.waiting else "no", r.remark()])


WRITERS = {"moodle": write_moodle, "canvas": write_canvas, "csv": write_plain}


def export(root, assignment, fmt, out=None):
    """Write the file; returns (its path, its Rows)."""
    from nbgrader.api import MissingEntry

    from autograder.course import load_config
    root = Path(root).resolve()
    db_url = load_config(root).CourseDirectory.get("db_url", f"sqlite:///{root / 'gradebook.db'}")
    try:
        table = rows(db_url, assignment)
    except MissingEntry:
        raise ValueError(text.EXPORT_NO_ASSIGNMENT.format(assignment=assignment)) from None
    path = Path(out or f"{assignment}_{fmt}.csv")
    WRITERS[fmt](path, assignment, table)
    return path, table
