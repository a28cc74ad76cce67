"""Write one graded submission where nbgrader keeps it: the gradebook and autograded/.

Only the parent process of a grading run calls this, one submission at a
time, so the gradebook has one writer however many workers run.
"""
import hashlib
import json
import shutil
from dataclasses import dataclass, field

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor

from autograder.languages import text
from autograder.course import Course
from autograder.nbgrader_side.lateness import assign_penalty
from autograder.outcomes import written_answers
from autograder.cells import grade_id_of, is_solution, points_of


def forget(course, assignment, student, gradebook):
    """Drop what an earlier run recorded, so a run never shows stale points.

    What a person wrote in formgrader is not the grader's to drop: a submission
    with hand grades, extra credit or comments keeps them (and its ids, so a page
    open in formgrader stays valid); only the grader's part of it is cleared.
    Returns the HandWork found.
    """
    from nbgrader.api import MissingEntry
    hand = hand_work(gradebook, assignment, student)
    try:
        if hand:
            clear_autograding(gradebook.find_submission(assignment, student))
            gradebook.db.commit()
        else:
            gradebook.remove_submission(assignment, student)
    except MissingEntry:
        pass
    for folder in (course.autograded_folder(student, assignment), course.feedback_page(student, assignment).parent):
        shutil.rmtree(folder, ignore_errors=True)
    return hand


def clear_autograding(submission):
    """Everything the grader set in a submission: its time, scores, notes and late penalty."""
    submission.timestamp = None
    for notebook in submission.notebooks:
        notebook.late_submission_penalty = None
        for grade in notebook.grades:
            grade.auto_score, grade.needs_manual_grade = None, True
        for comment in notebook.comments:
            comment.auto_comment = None


@dataclass
class HandWork:
    """What graders wrote in formgrader for one submission, keyed by grade_id."""
    scores: dict = field(default_factory=dict)    # grade_id: (manual_score, extra_credit)
    comments: dict = field(default_factory=dict)  # grade_id: manual_comment

    def __bool__(self):
        return bool(self.scores or self.comments)


def hand_work(gradebook, assignment, student):
    """The hand grades and comments of a submission in the gradebook (none if it has none)."""
    from nbgrader.api import MissingEntry
    hand = HandWork()
    try:
        submission = gradebook.find_submission(assignment, student)
    except MissingEntry:
        return hand
    for notebook in submission.notebooks:
        for grade in notebook.grades:
            if grade.manual_score is not None or grade.extra_credit:
                hand.scores[grade.name] = (grade.manual_score, grade.extra_credit)
        for comment in notebook.comments:
            if comment.manual_comment:
                hand.comments[comment.name] = comment.manual_comment
    return hand


def save(course, assignment, outcome, gradebook, released):
    """Scores into the gradebook, the notebook as run into autograded/.

    Returns (points, by_hand, late): the points of every graded cell, a hand grade where
    there is one; {grade_id: comment} of the cells graded by hand; its Lateness.
    """
    changed = changed_answers(course, assignment, outcome.student, outcome.nb)
    hand = forget(course, assignment, outcome.student, gradebook)
    gradebook.update_or_create_student(outcome.student)
    gradebook.update_or_create_submission(assignment, outcome.student, **timestamp(outcome.timestamp))
    points = {}
    for grade_id, max_points in written_answers(outcome.nb):
        points[grade_id] = None if answered(outcome.nb, released, grade_id) else 0.0
    for grade_id, verdict in outcome.verdicts.items():
        points[grade_id] = max_points_of(outcome.nb, grade_id) if verdict.passed else 0.0
    # a hand grade is kept; it is marked for a grader to look at again when its answer changed since
    by_hand = {}
    for grade_id, score in points.items():
        grade = gradebook.find_grade(grade_id, assignment, assignment, outcome.student)
        grade.auto_score = score
        if grade.manual_score is not None:
            points[grade_id] = grade.manual_score
            by_hand[grade_id] = hand.comments.get(grade_id, "")
            grade.needs_manual_grade = grade_id in changed
        else:
            grade.needs_manual_grade = score is None
    gradebook.db.commit()
    late = assign_penalty(course.config, gradebook, assignment, outcome.student)
    if late.note():
        outcome.notes.append(late.note())
    write_notebook(course, assignment, outcome)
    return points, by_hand, late


def graded_notebook(course, assignment, student):
    """The notebook of the last run in autograded/, or None."""
    path = course.autograded_folder(student, assignment) / f"{assignment}.ipynb"
    try:
        return nbformat.read(path, as_version=4)
    except Exception:  # missing or unreadable: there is nothing to compare with
        return None


def answers_of(nb):
    """{grade_id: fingerprint of its text} of every answer cell of `nb`; None for no notebook."""
    if nb is None:
        return None
    return {grade_id_of(c): hashlib.sha256(c.source.strip().encode()).hexdigest()
            for c in nb.cells if is_solution(c) and grade_id_of(c)}


def changed_answers(course, assignment, student, nb):
    """The grade_ids whose answer in `nb` differs from the one graded last time; `nb`'s answers are
    then remembered for the next time.

    Both ways of grading use this: `python -m autograder grade` (save) and nbgrader's autograde,
    formgrader's button (KeepHandGrades). The record is kept in the course root, outside
    autograded/, which nbgrader's autograde deletes before it grades. Without a record (graded
    before this record was kept), the notebook in autograded/ is compared; with neither, every
    answer counts as changed: a hand grade is then looked at again rather than trusted blindly."""
    record = course.graded_answers(student, assignment)
    try:
        before = json.loads(record.read_text())
    except (OSError, ValueError):  # no record yet, or a broken one: the last graded notebook, if any
        before = answers_of(graded_notebook(course, assignment, student)) or {}
    after = answers_of(nb)
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps(after, indent=1, sort_keys=True))
    return {grade_id for grade_id in after.keys() | before.keys() if before.get(grade_id) != after.get(grade_id)}


class KeepHandGrades(NbGraderPreprocessor):
    """After nbgrader's SaveAutoGrades in autograde (formgrader's Autograde button): a hand grade of
    an answer that did not change is not marked for grading again.

    SaveAutoGrades marks every cell with a hand grade as needing a grader on every autograde, so
    after the button the student's feedback said "waits for hand grading" under a score given by
    hand. This marks only the cells whose answer changed since the last grading, as
    `python -m autograder grade` does (changed_answers)."""

    def preprocess(self, nb, resources):
        from nbgrader.api import Gradebook
        info = resources["nbgrader"]
        changed = changed_answers(Course.of(self), info["assignment"], info["student"], nb)
        with Gradebook(info["db_url"]) as gradebook:
            notebook = gradebook.find_submission_notebook(info["notebook"], info["assignment"], info["student"])
            for grade in notebook.grades:
                if grade.manual_score is not None:
                    grade.needs_manual_grade = grade.name in changed
            gradebook.db.commit()
        return nb, resources


def timestamp(value):
    """nbgrader's own parsing of timestamp.txt; an unreadable one is left out, not fatal."""
    from nbgrader.utils import parse_utc
    try:
        return {"timestamp": parse_utc(value)} if value else {}
    except Exception:
        return {}


def max_points_of(nb, wanted):
    return next((points_of(cell) for cell in nb.cells if grade_id_of(cell) == wanted), 0.0)


def answered(nb, released, wanted):
    """A written answer needs a human unless it is still what was released."""
    def text_of(notebook):
        return next((c.source.strip() for c in notebook.cells if grade_id_of(c) == wanted), "")
    return text_of(nb) != text_of(released)


def with_notes(outcome):
    """A copy of the notebook as run, with the grader's notes on top."""
    nb = nbformat.from_dict(outcome.nb)
    notes = outcome.notes + ([text.SANDBOX_WARNING.format(warning=outcome.warning)] if outcome.warning else [])
    if notes:
        lines = "\n".join(f"- {note}" for note in notes)
        nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"**{text.NOTES_TITLE}**\n\n{lines}"))
    return nb


def write_notebook(course, assignment, outcome):
    """autograded/<student>/<assignment>/: the notebook as run, the grader's notes on top."""
    nb = with_notes(outcome)
    folder = course.autograded_folder(outcome.student, assignment)
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / f"{assignment}.ipynb")
    for name, content in outcome.files.items():
        (folder / name).write_text(content)
