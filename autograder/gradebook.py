"""Write one graded submission where nbgrader keeps it: the gradebook and autograded/.

Only the parent process of a grading run calls this, one submission at a
time, so the gradebook has one writer however many workers run.
"""
import shutil
from pathlib import Path

import nbformat

from autograder import text
from autograder.outcomes import written_answers
from autograder.solution import nbgrader_meta

FOLDERS = ("autograded", "feedback")


def forget(root, assignment, student, gradebook):
    """Drop what an earlier run recorded, so a run never shows stale points."""
    from nbgrader.api import MissingEntry
    try:
        gradebook.remove_submission(assignment, student)
    except MissingEntry:
        pass
    for folder in FOLDERS:
        shutil.rmtree(Path(root) / folder / student / assignment, ignore_errors=True)


def save(root, assignment, outcome, gradebook, released):
    """Scores into the gradebook, the notebook as run into autograded/; returns per-grade points."""
    forget(root, assignment, outcome.student, gradebook)
    gradebook.update_or_create_student(outcome.student)
    gradebook.add_submission(assignment, outcome.student, **timestamp(outcome.timestamp))
    points = {}
    for grade_id, max_points in written_answers(outcome.nb):
        points[grade_id] = None if answered(outcome.nb, released, grade_id) else 0.0
    for grade_id, verdict in outcome.verdicts.items():
        points[grade_id] = max_points_of(outcome.nb, grade_id) if verdict.passed else 0.0
    for grade_id, score in points.items():
        grade = gradebook.find_grade(grade_id, assignment, assignment, outcome.student)
        grade.auto_score = score
        grade.needs_manual_grade = score is None
    gradebook.db.commit()
    write_notebook(root, assignment, outcome)
    return points


def timestamp(value):
    """nbgrader's own parsing of timestamp.txt; an unreadable one is left out, not fatal."""
    from nbgrader.utils import parse_utc
    try:
        return {"timestamp": parse_utc(value)} if value else {}
    except Exception:
        return {}


def max_points_of(nb, grade_id):
    for cell in nb.cells:
        if nbgrader_meta(cell).get("grade_id") == grade_id:
            return float(nbgrader_meta(cell).get("points", 0))
    return 0.0


def answered(nb, released, grade_id):
    """A written answer needs a human unless it is still what was released."""
    def text_of(notebook):
        return next((c.source.strip() for c in notebook.cells if nbgrader_meta(c).get("grade_id") == grade_id), "")
    return text_of(nb) != text_of(released)


def with_notes(outcome):
    """A copy of the notebook as run, with the grader's notes on top."""
    nb = nbformat.from_dict(outcome.nb)
    notes = outcome.notes + ([text.SANDBOX_WARNING.format(warning=outcome.warning)] if outcome.warning else [])
    if notes:
        lines = "\n".join(f"- {note}" for note in notes)
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"**{text.NOTES_TITLE}**\n\n{lines}"))
    return nb


def write_notebook(root, assignment, outcome):
    """autograded/<student>/<assignment>/: the notebook as run, the grader's notes on top."""
    nb = with_notes(outcome)
    folder = Path(root) / "autograded" / outcome.student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / f"{assignment}.ipynb")
    for name, content in outcome.files.items():
        (folder / name).write_text(content)
