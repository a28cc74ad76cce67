"""Grades out to the learning management system: one CSV file read from nbgrader's gradebook.

The gradebook is where formgrader's hand grades land, so the file holds them as
soon as they are given, without grading again. Each student's points are the
autograded ones plus the hand grades, less the late penalty; a student whose
written answer is not graded by hand yet is named on the terminal and in the
file, so that no incomplete grade leaves unnoticed.

Formats, following each system's documented gradebook import:

- `moodle`: Moodle's *Import › CSV file*: one row per student, a column to identify
  the user and one for the grade item, plus a feedback column; the import page maps
  them ("Map from" Username to "Map to" username; the user can be identified by id,
  ID number, email address or username). No grade is written "-", as Moodle's own
  export writes it: Moodle reads "-" as "no grade" both for an existing grade item
  and for a new one, while an empty cell is no grade only for an existing one (for a
  new one it is stored as the grade). A new grade item made by the import gets
  Moodle's default maximum grade, not this assignment's: map to an item made first.
  Every row must name a user Moodle knows: one unknown user stops the whole import.
  Feedback is imported with the grade, as Moodle asks (an imported feedback column
  without its grade column clears the grades).
  Checked against https://docs.moodle.org/311/en/Grade_import (CSV grade import,
  "Map from"/"Map to", Note 3 on feedback) and Moodle's importer,
  grade/import/csv/classes/load_data.php (map_user_data_with_value, update_grade_item,
  import_new_grade_item) and grade/import/lib.php (grade_import_commit makes a new item
  from its name alone).
- `canvas`: Canvas's *Grades › Import*: the columns Student ("Last, First"), ID,
  SIS User ID, SIS Login ID and Section, then one column per assignment. Only one of
  Student, ID and SIS User ID needs a value; a column named after no assignment of the
  course makes a new assignment. Students are matched here by SIS Login ID, the login
  name on the hub (fill in ID from a Canvas export to match on it). Checked against
  The Ohio State University's CarmenCanvas guide, "Import a CSV File to Carmen Grades"
  (teaching.resources.osu.edu), which lists the columns Canvas's import requires;
  Canvas's own guide ("How do I import grades in the Gradebook?") was not in the stored
  pages. The "Points Possible" row under the header, as in Canvas's gradebook export,
  is from memory of that export, checked in no document here.
- `csv`: every number this course has about each student, for anything else.

One file holds every assignment asked for, all of the course's by default: Moodle's a grade
item and a feedback column each, Canvas's a column each, the plain file a row for each
student and assignment.
"""
import csv
from dataclasses import dataclass
from pathlib import Path

from autograder.languages import text
from autograder.nbgrader_side.lateness import hours_text

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
            parts.append(text.EXPORT_LATE.format(late=text.how_late(self.hours_late), penalty=self.late_penalty))
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


def assignments_of(db_url):
    """The gradebook's assignments, by due date (those without one last), then by name."""
    from nbgrader.api import Gradebook
    with Gradebook(db_url) as gradebook:
        found = [(a.duedate is None, a.duedate or 0, a.name) for a in gradebook.assignments]
    return [name for *_, name in sorted(found)]


def course_tables(db_url):
    """{assignment: its Rows} of every assignment of the gradebook, the earliest due first."""
    return {assignment: rows(db_url, assignment) for assignment in assignments_of(db_url)}


def number(value):
    return f"{value:g}"


MOODLE_NO_GRADE = "-"  # Moodle's export writes it, and its import reads it as no grade (see above)


def students(tables):
    """Each student's Rows, one per assignment in the order of `tables` ({assignment: [Row]}): every
    table lists every student of the gradebook, in the same order."""
    return list(zip(*tables.values()))


def write_moodle(path, tables):
    """A grade item and its feedback column for each assignment."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["First name", "Last name", "Username", "Email address"]
                   + [c for a in tables for c in (a, text.EXPORT_FEEDBACK_COLUMN.format(assignment=a))])
        for mine in students(tables):
            r = mine[0]
            w.writerow([r.first_name, r.last_name, r.student, r.email]
                       + [c for x in mine for c in (number(x.score) if x.submitted else MOODLE_NO_GRADE, x.remark())])


def write_canvas(path, tables):
    """A column for each assignment, its points possible in the row under the header."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *tables])
        w.writerow(["Points Possible", "", "", "", ""] + [number(t[0].max_score) if t else "" for t in tables.values()])
        for mine in students(tables):
            r = mine[0]
            name = f"{r.last_name}, {r.first_name}" if r.last_name or r.first_name else r.student
            w.writerow([name, "", "", r.student, ""] + [number(x.score) if x.submitted else "" for x in mine])


def write_plain(path, tables):
    """A row for each student and assignment."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student_id", "first_name", "last_name", "email", "assignment", "score", "max_score",
                    "autograded", "hand_graded", "hours_late", "late_penalty", "waits_for_hand_grading", "remark"])
        for mine in students(tables):
            for assignment, r in zip(tables, mine):
                w.writerow([r.student, r.first_name, r.last_name, r.email, assignment,
                            number(r.score) if r.submitted else "", number(r.max_score), number(r.autograded),
                            number(r.hand_graded), hours_text(r.hours_late * 3600), number(r.late_penalty),
                            "yes" if r.waiting else "no", r.remark()])


WRITERS = {"moodle": write_moodle, "canvas": write_canvas, "csv": write_plain}


def export(course, assignments, fmt, out=None):
    """Write the file of `assignments` (none: every assignment of the gradebook); returns (its path,
    {assignment: its Rows})."""
    from nbgrader.api import MissingEntry

    db_url = course.db_url
    tables = {}
    for assignment in assignments:
        try:
            tables[assignment] = rows(db_url, assignment)
        except MissingEntry:
            raise ValueError(text.EXPORT_NO_ASSIGNMENT.format(assignment=assignment)) from None
    tables = tables or course_tables(db_url)
    if not tables:
        raise ValueError(text.EXPORT_NO_ASSIGNMENTS)
    assignments = list(tables)
    name = assignments[0] if len(assignments) == 1 else "grades"
    path = Path(out or f"{name}_{fmt}.csv")
    WRITERS[fmt](path, tables)
    return path, tables
