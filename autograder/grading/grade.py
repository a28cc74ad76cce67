"""Grade a whole class: every submission run in a sandbox, judged outside it, written to the gradebook.

A submission that cannot be graded gets a row saying why; it never stops the
others and never keeps points from an earlier run. The submitted files are
only read, never changed.
"""
import csv
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

import nbformat

from autograder import outcomes
from autograder.languages import text
from autograder.grading.canary import check_solution_once
from autograder.grading.catalogue import load_catalogue
from autograder.cells import grade_id_of
from autograder.course import DEFAULT_ROOT, use_our_tools
from autograder.grading.execute import Context, grade_submission
from autograder.nbgrader_side.gradebook import forget, save
from autograder.grading.judge import course_say
from autograder.nbgrader_side.lateness import hours_text
from autograder.kernel.kernel_modules import copy_modules
from autograder.grading.normalize import rebuild
from autograder.outcomes import ResultRow, test_cells, written_answers
from autograder.kernel.sandbox import Limits, describe_limits
from autograder.grading.solution import run_reference_cells
from autograder.grading.submissions import check_arguments, flat_to_folders, move_aside

SCRATCH = "grading_"  # + the grader's pid + a random part, in the temporary folder


# ---------------------------------------------------------------- running the submissions
_context = None  # the run's Context, inherited by forked workers


def _grade_one(sub):
    """(student, Outcome) or (student, reason it could not be graded); never raises."""
    try:
        return sub.student, grade_submission(sub.folder, sub.student, _context)
    except Exception as err:  # our failure, not the student's: say it, grade the others
        return sub.student, text.INTERNAL_ERROR.format(error=f"{type(err).__name__}: {err}"[:300])


def run_all(subs, jobs):
    """Grade `subs`; yields (student, Outcome or reason) as each finishes."""
    if jobs <= 1:
        for sub in subs:
            yield _grade_one(sub)
        return
    # fork: the workers inherit the loaded reference solution and source notebook
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        yield from pool.imap_unordered(_grade_one, subs)


def _feedback_of(course, assignment, student):
    """nbgrader's feedback page of one student; None, or why it failed. Never raises."""
    try:
        result = course.api().generate_feedback(assignment, student, force=True)
    except Exception as err:  # nbgrader's, not the student's: said in the student's notes
        return f"{type(err).__name__}: {err}"[:300]
    return None if result["success"] else last_error_line(result)


class FeedbackPages:
    """The feedback page of each graded submission, made as soon as the gradebook holds its scores
    (the page reads them), in `jobs` processes of their own beside the grading workers: a page costs
    seconds (nbconvert), and made one after another in the one process that writes the gradebook,
    they would keep the whole class waiting. `done(sub)` is called, in this process, once a
    submission's page is made (or failed: its notes say why)."""

    def __init__(self, course, assignment, jobs, done):
        self.course, self.assignment, self.done, self.pending = course, assignment, done, []
        self.pool = multiprocessing.get_context("fork").Pool(jobs) if jobs > 1 else None

    def make(self, sub):
        if self.pool is None:
            self.finish(sub, _feedback_of(self.course, self.assignment, sub.student))
        else:
            self.pending.append((sub, self.pool.apply_async(_feedback_of, (self.course, self.assignment, sub.student))))
        self.collect(wait=False)

    def collect(self, wait=True):
        """Finish the pages that are made (all of them, waiting, when `wait`)."""
        still = []
        for sub, result in self.pending:
            if wait or result.ready():
                self.finish(sub, result.get())
            else:
                still.append((sub, result))
        self.pending = still

    def finish(self, sub, failure):
        if failure:
            sub.notes.append(text.FEEDBACK_FAILED.format(reason=failure))
        self.done(sub)

    def close(self):
        self.collect()
        if self.pool is not None:
            self.pool.close()
            self.pool.join()


def ensure_assignment(course, assignment):
    """The gradebook needs the assignment's cells; generate_assignment puts them there."""
    from nbgrader.api import Gradebook, MissingEntry

    from autograder.nbgrader_side.release import release
    with Gradebook(course.db_url) as gradebook:
        try:
            gradebook.find_assignment(assignment)
            return
        except MissingEntry:
            pass
    release(course, assignment)


def scratch_folder():
    """This run's working folder, named by its pid; those of runs killed with kill -9 go first:
    they hold copies of students' work."""
    for old in Path(tempfile.gettempdir()).glob(f"{SCRATCH}*_*"):
        pid = old.name[len(SCRATCH):].split("_")[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists() and old.lstat().st_uid == os.getuid():
            shutil.rmtree(old, ignore_errors=True)
    return tempfile.TemporaryDirectory(prefix=f"{SCRATCH}{os.getpid()}_")


def make_context(course, assignment, submissions_dir, scratch, limits=None, require_sandbox=False):
    """What grading every submission of `assignment` needs; `scratch` holds their working folders.
    The judges and the known mistakes' words are in the language spoken (text.language()), from the
    source folder's catalogues. Submissions are rebuilt around that language's edition, whose code
    is the English code but for the language its cells speak (editions.py), so the kernel too
    speaks it (Step 7's figure)."""
    edition = course.edition_notebook(assignment, text.language())
    source = nbformat.read(edition if edition.is_file() else course.source_notebook(assignment), as_version=4)
    modules = scratch / "modules"
    copy_modules(source, modules)
    return Context(assignment, source, vars(run_reference_cells(source, f"{assignment}_solution")),
                   course.grading_secret(), hidden_paths(course, submissions_dir) + [scratch], scratch,
                   limits or Limits(), require_sandbox, modules, load_catalogue(course, assignment),
                   course_say(course.source_folder(assignment)))


def hidden_paths(course, submissions_dir):
    """What student code must not see, in the folders the sandbox does show (the system, Python):
    the course, every submission, the gradebook, nbgrader's exchange, the home folder."""
    hide = [course.root, DEFAULT_ROOT, Path(submissions_dir).resolve(), course.exchange]  # and this repository's course
    if course.db_url.startswith("sqlite:///"):
        hide.append(Path(course.db_url[len("sqlite:///"):]).resolve().parent)
    home = Path.home().resolve()
    # the course's own Python may live in the home folder; hiding it would break every run
    if not any(p == home or home in p.parents for p in map(Path, (sys.prefix, __file__))):
        hide.append(home)
    return hide


# ---------------------------------------------------------------- reading the results
def test_rows(outcome, points, grade_cells, by_hand=None):
    """A ResultRow of every graded cell, in notebook order; `by_hand` {grade_id: comment} are the
    cells a grader scored in formgrader."""
    rows = []
    by_hand = by_hand or {}
    for grade_id, max_points in grade_cells:
        score = points.get(grade_id)
        verdict = outcome.verdicts.get(grade_id)
        if grade_id in by_hand:
            rows.append(ResultRow(grade_id, score, max_points, outcomes.BY_HAND, by_hand[grade_id] or text.BY_HAND))
        elif score is None:
            rows.append(ResultRow(grade_id, 0.0, max_points, outcomes.MANUAL, text.MANUAL))
        elif verdict is None:  # a written answer left as released
            rows.append(ResultRow(grade_id, 0.0, max_points, outcomes.FAILED, text.UNANSWERED))
        else:
            status = outcomes.PASSED if verdict.passed else outcomes.FAILED
            rows.append(ResultRow(grade_id, score, max_points, status, verdict.message))
    return rows


def order_of_grades(nb):
    """(grade_id, points) of every graded cell of notebook `nb`, in notebook order."""
    cells = {grade_id: points for grade_id, points, _ in test_cells(nb)}
    cells.update(written_answers(nb))
    return [(grade_id_of(c), cells[grade_id_of(c)]) for c in nb.cells if grade_id_of(c) in cells]


# ---------------------------------------------------------------- writing the results
def write_outputs(out, assignment, subs, course, max_score):
    out = Path(out)
    aside = move_aside(out)
    if aside:
        print(text.MOVED_ASIDE.format(out=out, aside=aside))
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    with open(out / "grades.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["student_id", "score", "max_score", "hours_late", "late_penalty"])
        for sub in subs:
            w.writerow([sub.student, f"{sub.score:g}", f"{max_score:g}", hours_text(sub.late.seconds),
                        f"{sub.late.penalty:g}"])
    with open(out / "tests.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["student_id", "test", "points", "max_points", "status", "message", "mistake"])
        for sub in subs:
            if sub.problem:
                w.writerow([sub.student, "submission", 0, f"{max_score:g}", outcomes.NOT_GRADED, sub.problem, ""])
            for note in sub.notes:
                w.writerow([sub.student, "submission", "", "", outcomes.NOTE, note, ""])
            for row in sub.tests:
                w.writerow([sub.student, row.test, f"{row.points:g}", f"{row.max_points:g}", row.status, row.message,
                            sub.mistakes.get(row.test, "")])
    for sub in subs:
        html = course.feedback_page(sub.student, assignment)
        if sub.graded and html.exists():
            shutil.copyfile(html, out / "feedback" / f"{sub.student}.html")


class Progress:
    """A one-line progress bar on a terminal, a line per submission elsewhere (CI logs), and the
    summary line at the end.

    The bar and the summary share one stream and one clock, so they cannot disagree: the stream is
    stdout, where the run's other lines go, so that they come in the order they were written
    wherever the output is sent (a pipe, a log, a notebook's capture, which show stdout and stderr
    apart or interleave them by buffer); the clock starts with the run, and the summary says the
    time of the last submission graded, the bar's last number."""

    def __init__(self, total, stream=None):
        self.total, self.done, self.stream = total, 0, stream or sys.stdout
        self.start = time.time()
        self.seconds = 0.0

    def __call__(self):
        self.done += 1
        self.seconds = time.time() - self.start
        width = 30
        filled = width * self.done // max(1, self.total)
        line = text.PROGRESS.format(bar='#' * filled + '.' * (width - filled), done=self.done, total=self.total,
                                    seconds=self.seconds)
        self.say("\r" + line + ("\n" if self.done == self.total else "") if self.stream.isatty() else line + "\n")

    def summary(self, graded, submissions, jobs):
        """The run's summary line: how many of `submissions` were graded, in the bar's time."""
        seconds = self.seconds if self.done else time.time() - self.start
        self.say(text.GRADED_SUMMARY.format(graded=graded, total=text.counted(submissions, text.SUBMISSIONS),
                                            seconds=seconds, per=seconds / max(1, submissions),
                                            jobs=text.counted(jobs, text.JOBS)) + "\n")

    def say(self, words):
        sys.stdout.flush()  # what the run printed before comes first, wherever stdout goes
        self.stream.write(words)
        self.stream.flush()


def grade(course, assignment, submissions_dir, out, jobs=1, limits=None, require_sandbox=False):
    """Grade every submission in `submissions_dir`; write the results into `out`; everything said,
    the judges' messages too, is in the language spoken (text.use at the entry point).

    Returns the list of Submissions (each with .tests or .problem).
    """
    global _context
    from sqlalchemy.exc import SAWarning

    # nbgrader 0.9.6 adds submissions in a way SQLAlchemy 2 warns about; harmless and not ours
    warnings.filterwarnings("ignore", category=SAWarning)
    progress = Progress(0)  # its clock starts with the run: the bar and the summary tell the same time
    use_our_tools()  # the gradebook runs `alembic` by name, venv activated or not
    subs, skipped, absent = check_arguments(course, assignment, submissions_dir, out, jobs)
    if skipped:
        print(text.SKIPPED.format(names=", ".join(f"{name} ({why})" for name, why in skipped)))
    if absent:
        print(text.NOT_HANDED_IN.format(assignment=assignment, names=", ".join(absent)))
    ensure_assignment(course, assignment)
    ready = [s for s in subs if not s.problem]
    print(describe_limits(limits or Limits()))
    with scratch_folder() as scratch:
        _context = make_context(course, assignment, submissions_dir, Path(scratch), limits, require_sandbox)
        check_solution_once(course, _context)  # raises CanaryFailed: then nobody is graded
        flat_to_folders(ready, assignment, Path(scratch))
        source = _context.source
        grade_cells = order_of_grades(source)
        max_score = sum(points for _, points in grade_cells)
        released = rebuild(source, None).nb
        progress.total = len(ready)
        pages = FeedbackPages(course, assignment, jobs, done=lambda sub: progress())
        try:
            warned = write_down(course, assignment, run_all(ready, jobs), subs, grade_cells, released, pages,
                                lambda sub: progress())
        finally:
            pages.close()
    write_outputs(out, assignment, subs, course, max_score)
    from autograder.nbgrader_side.export import course_tables
    from autograder.grading.report import write_report
    written = [grade_id for grade_id, _ in written_answers(source)]
    report = write_report(out, assignment, subs, max_score, written, course_tables(course.db_url))
    progress.summary(sum(1 for s in subs if s.graded), len(subs), jobs)
    for warning in warned:
        print(text.SANDBOX_WARNING.format(warning=warning), file=sys.stderr)
    print(text.OUTPUTS.format(grades=Path(out) / "grades.csv", tests=Path(out) / "tests.csv",
                              feedback=Path(out) / "feedback", report=report))
    return subs


def write_down(course, assignment, results, subs, grade_cells, released, pages, not_graded):
    """Gradebook and autograded/ for each (student, Outcome or reason) as it comes, then its feedback
    page (`pages`, a FeedbackPages); `not_graded(sub)` for a submission that could not be graded.
    Returns the sandbox warnings seen. One submission's failure here stops no other."""
    from nbgrader.api import Gradebook

    warned = set()
    by_student = {s.student: s for s in subs}
    with Gradebook(course.db_url) as gradebook:
        for student, outcome in results:
            sub = by_student[student]
            try:
                if isinstance(outcome, str):
                    raise RuntimeError(outcome)
                if outcome.warning and outcome.warning not in warned:
                    warned.add(outcome.warning)
                    print(text.SANDBOX_WARNING.format(warning=outcome.warning), file=sys.stderr)
                points, by_hand, sub.late = save(course, assignment, outcome, gradebook, released)
                sub.graded, sub.notes = True, outcome.notes
                sub.tests = test_rows(outcome, points, grade_cells, by_hand)
                sub.mistakes = {g: v.mistake for g, v in outcome.verdicts.items() if v.mistake and not v.passed}
            except Exception as err:  # nothing half-written stays: no points it did not earn
                gradebook.db.rollback()
                sub.graded, sub.tests = False, []
                sub.problem = str(err) if isinstance(outcome, str) else text.INTERNAL_ERROR.format(
                    error=f"{type(err).__name__}: {err}"[:300])
                forget(course, assignment, student, gradebook)
                not_graded(sub)
                continue
            pages.make(sub)
    return warned


def last_error_line(result):
    """The most telling line of nbgrader's log, for a human."""
    lines = [ln.strip() for ln in (result.get("log", "") + result.get("error", "")).splitlines() if ln.strip()]
    errors = [ln for ln in lines if "ERROR" in ln or "Error" in ln]
    return (errors or lines or [text.UNKNOWN_ERROR])[-1][:300]
