"""One submission, start to end: rebuild its notebook, run it in the sandbox, judge the records.

Runs in a grading worker and touches no gradebook: it returns an Outcome
(plain data) that the parent process alone writes down, so parallel workers
can never lose or double a row.
"""
import hashlib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

import testcell
from autograder import text
from autograder.catalogue import Catalogue
from autograder.diagnose import diagnose
from autograder.figures import keep_figures
from autograder.judge import judge_all
from autograder.normalize import find_notebook, read_notebook, rebuild
from autograder.sandbox import DEAD_ERROR, TIMEOUT_ERROR, Limits, run_cells
from autograder.cells import is_test_cell, nbgrader_meta

RECORDS = "records"
NBGRADER_FILES = ("timestamp.txt", "submission_secret.txt")
# The grader's first cell, before any student code: its own check and test_rng, which
# REBIND puts back in front of every test cell, whatever a student cell rebound or patched.
PRELUDE = ("import testcell as _grading_testcell\n"
           "_grading_hooks = _grading_testcell.grading_hooks({records!r}, {seed!r}, {language!r})\n"
           "del _grading_testcell")
REBIND = "check, test_rng = _grading_hooks\n"


@dataclass
class Context:
    """What every submission of one grading run shares."""
    assignment: str
    source: object           # the source notebook, hidden tests included
    reference: dict          # the reference solution's namespace
    secret: str              # seeds the tests' inputs
    hide: list               # folders the student's code must not see
    scratch: Path            # where each submission gets a private working folder
    limits: Limits = field(default_factory=Limits)
    require_sandbox: bool = False
    modules: Path = None     # the course's modules the kernel imports (kernel_modules.py)
    catalogue: Catalogue = Catalogue((), ())  # the assignment's known mistakes (catalogue.py)
    language: str = "en"     # the course's: of the judges' messages and of errors the kernel records
    say: object = None       # the judges' sentences in that language (judge.course_say)


@dataclass
class Outcome:
    student: str
    nb: object = None                              # the notebook as run, with outputs
    verdicts: dict = field(default_factory=dict)   # grade_id -> Verdict of every autograded test
    notes: list = field(default_factory=list)      # plain words: repairs, where the run stopped
    warning: str = None                            # e.g. that no sandbox was available
    files: dict = field(default_factory=dict)      # nbgrader's small files of the submission, by name

    @property
    def timestamp(self):
        return self.files.get("timestamp.txt")


def grade_submission(folder, student, ctx):
    outcome = Outcome(student)
    path, outcome.notes = find_notebook(Path(folder), ctx.assignment)
    student_nb = None
    if path is not None:
        student_nb, notes = read_notebook(path)
        outcome.notes += notes
    outcome.files = nbgrader_files(Path(folder), ctx.assignment)
    rebuilt = rebuild(ctx.source, student_nb)
    if path is not None and student_nb is None:  # handed in, but unreadable: say that, not "nothing"
        rebuilt.notes = [text.UNREADABLE_GRADED if n == text.NO_SUBMISSION else n for n in rebuilt.notes]
    outcome.notes += rebuilt.notes
    outcome.nb = rebuilt.nb
    work = Path(tempfile.mkdtemp(prefix=f"{student}_", dir=ctx.scratch))
    try:
        copy_submission(path.parent if path else None, work)
        copy_catalogues(ctx.say, work)
        code = [c for c in outcome.nb.cells if c.cell_type == "code"]
        seed = submission_seed(ctx.secret, student, path)
        sources = [PRELUDE.format(records=str(work / RECORDS), seed=seed, language=ctx.language)]
        sources += [(REBIND + c.source) if is_test_cell(c) else c.source for c in code]
        # number_from=0: the prelude is cell 0, so that messages count the notebook's code cells
        result = run_cells(sources, work, ctx.hide, limits=ctx.limits, require_sandbox=ctx.require_sandbox,
                           number_from=0, modules=ctx.modules)
        outcome.warning = result.warning
        if result.stopped:
            outcome.notes.append(result.stopped)
        for cell, ran in zip(code, result.cells[1:]):
            cell.outputs = cell_outputs(ran)
        keep_figures(outcome.nb, student_nb)
        if result.cells[0].status == "error":  # the prelude: without it no test records anything
            outcome.notes.append(text.PRELUDE_FAILED.format(error=result.cells[0].error))
        outcome.notes += cell_failures(code, result.cells[1:])
        outcome.verdicts = judge_all(ctx.source, ctx.reference, records_folder(work), seed, ctx.say)
        diagnose(ctx.source, outcome.verdicts, records_folder(work), seed, ctx.catalogue, ctx.language)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    explain_missing_records(outcome.verdicts, code, result)
    show_verdicts(outcome.nb, outcome.verdicts)
    return outcome


def cell_failures(code, ran_cells):
    """A note for every cell other than a test that raised: what a test that then found nothing
    recorded points to. A cell stopped by a limit is told by the run's own note."""
    notes = []
    for number, (cell, ran) in enumerate(zip(code, ran_cells), start=1):
        if ran.status != "error" or is_test_cell(cell) or ran.error.startswith((TIMEOUT_ERROR, DEAD_ERROR)):
            continue
        grade_id = nbgrader_meta(cell).get("grade_id")
        if nbgrader_meta(cell).get("solution"):
            notes.append(text.ANSWER_FAILED.format(grade_id=grade_id, error=ran.error))
        else:
            notes.append(text.CELL_FAILED.format(cell=number, name=f" ({grade_id})" if grade_id else "",
                                                 error=ran.error))
    return notes


def explain_missing_records(verdicts, code, result):
    """A test with no record says why: the run stopped before it, or its own cell raised
    (and which earlier cell raised first, if one did)."""
    first_error = None
    for number, (cell, ran) in enumerate(zip(code, result.cells[1:]), start=1):
        verdict = verdicts.get(nbgrader_meta(cell).get("grade_id")) if is_test_cell(cell) else None
        if verdict is not None and verdict.message == text.NOT_RECORDED:
            if result.stopped and ran.status != "ok":
                verdict.message = text.DID_NOT_RUN.format(reason=result.stopped)
            elif ran.status == "error":
                earlier = text.EARLIER_ERROR.format(cell=first_error[0], error=first_error[1]) if first_error else ""
                verdict.message = text.TEST_CELL_RAISED.format(error=ran.error, earlier=earlier)
        if ran.status == "error" and first_error is None and not is_test_cell(cell):
            first_error = number, ran.error


def submission_seed(secret, student, path):
    """The seed of this submission's test inputs: unknown before grading, new for every changed
    submission, and the same when the same submission is graded again."""
    digest = hashlib.sha256(f"{secret}:{student}:".encode())
    if path is not None:
        with open(path, "rb") as f:  # in chunks: a submission may be any size
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    return str(int(digest.hexdigest()[:16], 16))


def nbgrader_files(folder, assignment):
    """timestamp.txt and submission_secret.txt, which nbgrader needs to release feedback."""
    found = {}
    for name in NBGRADER_FILES:
        for candidate in (folder / name, folder / assignment / name):
            if candidate.is_file() and not candidate.is_symlink() and candidate.stat().st_size < 1000:
                found[name] = candidate.read_text(errors="replace").strip()
                break
    return found


def copy_submission(folder, work):
    """The student's files, links copied as links: the grader never follows them."""
    if folder is None:
        return
    for item in folder.iterdir():
        if item.name.startswith(".") or item.name == RECORDS:
            continue
        if item.is_dir() and not item.is_symlink():
            shutil.copytree(item, work / item.name, symlinks=True)
        else:
            shutil.copy2(item, work / item.name, follow_symlinks=False)


def copy_catalogues(say, work):
    """The released catalogues (messages.<language>.json) beside the notebook, as the release has
    them: a notebook handed in alone (an LMS download) prints its sentences too. The course's
    copies replace the student's; the hidden tests' catalogue stays out."""
    if say is None:
        return
    released = Path(say.files[0]).parent
    for path in released.glob(testcell.CATALOGUE.format(language="*")):
        target = work / path.name
        if target.is_symlink() or target.exists():
            target.unlink()
        shutil.copyfile(path, target)


def records_folder(work):
    """The records the kernel wrote; a symlinked folder counts as none (it could point anywhere)."""
    folder = work / RECORDS
    if folder.is_symlink() or not folder.is_dir():
        return str(work / "no-records")
    return str(folder)


def cell_outputs(ran):
    outputs = []
    if ran.stdout:
        outputs.append(nbformat.v4.new_output("stream", name="stdout", text=ran.stdout))
    if ran.status == "error":
        name, _, value = (ran.error or "Error").partition(": ")
        outputs.append(nbformat.v4.new_output("error", ename=name, evalue=value, traceback=[ran.error or ""]))
    return outputs


def show_verdicts(nb, verdicts):
    """A test cell shows the grader's verdict, never what the student's kernel printed there."""
    for cell in nb.cells:
        verdict = verdicts.get(nbgrader_meta(cell).get("grade_id"))
        if verdict is None or cell.cell_type != "code":
            continue
        cell.outputs = [] if verdict.passed else [nbformat.v4.new_output(
            "error", ename=text.TEST_FAILED, evalue=verdict.message, traceback=[verdict.message])]

