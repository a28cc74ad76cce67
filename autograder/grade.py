"""Grade a whole class: nbgrader autograde and feedback for every submission.

A submission that cannot be graded gets a row saying why; it never stops the
others and never keeps points from an earlier run.
"""
import csv
import multiprocessing
import re
import shutil
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder import text
from autograder.course import load_config, make_api, source_notebook
from autograder.outcomes import error_message, test_cells, written_answers

STUDENT_ID = re.compile(r"^[A-Za-z0-9_.@-]+$")


@dataclass
class Submission:
    student: str
    notebook: Path = None
    problem: str = None                       # what went wrong, if anything did
    graded: bool = False                      # autograde ran and its scores count
    tests: list = field(default_factory=list)  # (test, points, max_points, status, message)

    @property
    def score(self):
        return sum(row[1] for row in self.tests)


# ---------------------------------------------------------------- finding submissions
def find_submissions(submissions_dir, assignment):
    """One Submission per student folder: <student>/<a>.ipynb or <student>/<a>/<a>.ipynb."""
    name = f"{assignment}.ipynb"
    found = []
    for folder in sorted(p for p in Path(submissions_dir).iterdir() if p.is_dir()):
        sub = Submission(folder.name)
        candidates = [folder / name, folder / assignment / name]
        sub.notebook = next((c for c in candidates if c.is_file()), None)
        if not STUDENT_ID.match(folder.name):
            sub.problem = text.BAD_STUDENT_ID.format(student=folder.name)
        elif sub.notebook is None:
            sub.problem = text.NO_NOTEBOOK.format(notebook=name)
        else:
            sub.problem = unreadable(sub.notebook)
        found.append(sub)
    return found


def unreadable(path):
    try:
        nbformat.read(path, as_version=4)
    except Exception as err:  # any parse failure is the student's file, not our crash
        return text.NOT_A_NOTEBOOK.format(path=path.name, error=f"{type(err).__name__}: {err}"[:200])
    return None


def stage(root, assignment, sub):
    """Copy the submission folder (notebook, timestamp.txt, ...) into the course's submitted/
    folder; the original is never touched. Grading submitted/ itself needs no copy."""
    source = sub.notebook.parent
    target = Path(root) / "submitted" / sub.student / assignment
    if source.resolve() == target.resolve():
        return
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))


# ---------------------------------------------------------------- running nbgrader
_api = None  # one NbGraderAPI per worker process: nbgrader is imported once, not per student


def _init_worker(root):
    global _api
    from sqlalchemy.exc import SAWarning
    # nbgrader 0.9.6 adds submissions in a way SQLAlchemy 2 warns about; harmless and not ours
    warnings.filterwarnings("ignore", category=SAWarning)
    _api = make_api(root)


def _grade_one(job):
    """autograde + generate_feedback for one student; returns (student, graded, problem or None)."""
    assignment, student = job
    result = _api.autograde(assignment, student, force=True)
    if not result["success"]:
        return student, False, text.AUTOGRADE_FAILED.format(reason=last_error_line(result))
    result = _api.generate_feedback(assignment, student, force=True)
    if not result["success"]:
        return student, True, text.FEEDBACK_FAILED.format(reason=last_error_line(result))
    return student, True, None


def last_error_line(result):
    """The most telling line of nbgrader's log, for a human."""
    lines = [ln.strip() for ln in (result.get("log", "") + result.get("error", "")).splitlines() if ln.strip()]
    errors = [ln for ln in lines if "ERROR" in ln or "Error" in ln]
    return (errors or lines or ["unknown error"])[-1][:300]


def run_nbgrader(root, assignment, students, jobs, progress):
    """Grade `students`; yields (student, graded, problem) as each finishes."""
    work = [(assignment, s) for s in students]
    if jobs <= 1:
        _init_worker(root)
        for job in work:
            yield _grade_one(job)
            progress()
        return
    # fork: the workers inherit the imported nbgrader instead of importing it again
    with multiprocessing.get_context("fork").Pool(jobs, _init_worker, (root,)) as pool:
        for outcome in pool.imap_unordered(_grade_one, work):
            yield outcome
            progress()


def ensure_assignment(root, assignment, db_url):
    """autograde needs the source cells in the gradebook; generate_assignment puts them there."""
    from nbgrader.api import Gradebook, MissingEntry

    from autograder.release import release
    with Gradebook(db_url) as gradebook:
        try:
            gradebook.find_assignment(assignment)
            return
        except MissingEntry:
            pass
    release(root, assignment)


# ---------------------------------------------------------------- reading the results
def collect_tests(root, assignment, sub, gradebook, grade_cells):
    """Per-test rows for a graded submission: scores from the gradebook, messages from the notebook."""
    graded = nbformat.read(Path(root) / "autograded" / sub.student / assignment / f"{assignment}.ipynb", as_version=4)
    messages = {grade_id: error_message(cell) for grade_id, _, cell in test_cells(graded)}
    notebook = gradebook.find_submission_notebook(assignment, assignment, sub.student)
    grades = {g.name: g for g in notebook.grades}
    rows = []
    for grade_id, max_points in grade_cells:
        g = grades.get(grade_id)
        if g is None or g.needs_manual_grade:
            rows.append((grade_id, 0.0, max_points, text.STATUS_MANUAL, text.MANUAL))
            continue
        status = text.STATUS_PASSED if g.score >= max_points else text.STATUS_FAILED
        message = messages.get(grade_id) or ""
        if grade_id not in messages and status == text.STATUS_FAILED:
            message = text.UNANSWERED  # nbgrader gives 0 to a written answer left as released
        rows.append((grade_id, float(g.score), max_points, status, message))
    return rows


def order_of_grades(nb):
    """(grade_id, points) of every graded cell of notebook `nb`, in notebook order."""
    cells = {grade_id: points for grade_id, points, _ in test_cells(nb)}
    cells.update(written_answers(nb))
    order = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
             if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") in cells]
    return [(grade_id, cells[grade_id]) for grade_id in order]


def forget(root, assignment, student, gradebook):
    """Drop what an earlier run recorded, so a failed run never shows stale points."""
    from nbgrader.api import MissingEntry
    try:
        gradebook.remove_submission(assignment, student)
    except MissingEntry:
        pass
    for folder in ("submitted", "autograded", "feedback"):
        shutil.rmtree(Path(root) / folder / student / assignment, ignore_errors=True)


# ---------------------------------------------------------------- writing the results
def write_outputs(out, assignment, subs, root, max_score):
    out = Path(out)
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    with open(out / "grades.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["student_id", "score", "max_score"])
        for sub in subs:
            w.writerow([sub.student, f"{sub.score:g}", f"{max_score:g}"])
    with open(out / "tests.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["student_id", "test", "points", "max_points", "status", "message"])
        for sub in subs:
            if sub.problem:
                status = text.STATUS_WARNING if sub.graded else text.STATUS_NOT_GRADED
                w.writerow([sub.student, "submission", 0, f"{max_score:g}", status, sub.problem])
            for test, points, max_points, status, message in sub.tests:
                w.writerow([sub.student, test, f"{points:g}", f"{max_points:g}", status, message])
    for sub in subs:
        html = Path(root) / "feedback" / sub.student / assignment / f"{assignment}.html"
        if html.exists():
            shutil.copyfile(html, out / "feedback" / f"{sub.student}.html")


class Progress:
    """A one-line progress bar on a terminal, a line per submission elsewhere (CI logs)."""

    def __init__(self, total, stream=sys.stderr):
        self.total, self.done, self.stream, self.start = total, 0, stream, time.time()

    def __call__(self):
        self.done += 1
        width = 30
        filled = width * self.done // max(1, self.total)
        line = f"grading [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {time.time() - self.start:5.1f} s"
        if self.stream.isatty():
            self.stream.write("\r" + line + ("\n" if self.done == self.total else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def grade(root, assignment, submissions_dir, out, jobs=1):
    """Grade every submission in `submissions_dir`; write the results into `out`.

    Returns the list of Submissions (each with .tests or .problem).
    """
    from nbgrader.api import Gradebook

    start = time.time()
    root = Path(root).resolve()
    db_url = load_config(root).CourseDirectory.get("db_url", f"sqlite:///{root / 'gradebook.db'}")
    ensure_assignment(root, assignment, db_url)
    source = nbformat.read(source_notebook(root, assignment), as_version=4)
    grade_cells = order_of_grades(source)
    max_score = sum(points for _, points in grade_cells)
    subs = find_submissions(submissions_dir, assignment)
    by_student = {s.student: s for s in subs}
    ready = [s for s in subs if not s.problem]
    for sub in ready:
        stage(root, assignment, sub)
    for student, graded, problem in run_nbgrader(root, assignment, [s.student for s in ready], jobs,
                                                 Progress(len(ready))):
        by_student[student].graded, by_student[student].problem = graded, problem
    with Gradebook(db_url) as gradebook:
        for sub in subs:
            if sub.graded:
                sub.tests = collect_tests(root, assignment, sub, gradebook, grade_cells)
            else:
                forget(root, assignment, sub.student, gradebook)
    write_outputs(out, assignment, subs, root, max_score)
    from autograder.report import write_report
    written = [grade_id for grade_id, _ in written_answers(source)]
    report = write_report(out, assignment, subs, max_score, written)
    graded = sum(1 for s in subs if s.graded)
    seconds = time.time() - start
    print(text.GRADED_SUMMARY.format(graded=graded, total=len(subs), seconds=seconds,
                                     per=seconds / max(1, len(subs)), jobs=jobs))
    print(text.OUTPUTS.format(grades=Path(out) / "grades.csv", tests=Path(out) / "tests.csv",
                              feedback=Path(out) / "feedback", report=report))
    return subs
