"""One submission, start to end: rebuild its notebook, run it in the sandbox, run its tests here.

The kernel runs the notebook's own cells, top to bottom, for their outputs and figures; no
test cell and no secret ever enters it. Where a test cell stands, the kernel waits while the
test runs in this process (judge.run_test), its calls of the student's functions answered by
the kernel (calls.py), so that each test sees the functions as the cells above it left them.

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
from autograder.languages import text
from autograder.grading.catalogue import Catalogue
from autograder.grading.diagnose import diagnose
from autograder.grading.figures import keep_figures
from autograder.grading.calls import proxies
from autograder.cells import grade_id_of, is_solution, is_test_cell, nbgrader_meta
from autograder.grading.judge import run_test
from autograder.grading.normalize import defined_names, find_notebook, read_notebook, rebuild
from autograder.outcomes import Outcome, Verdict, test_cells
from autograder.kernel.protocol import DEAD_ERROR, TIMEOUT_ERROR
from autograder.kernel.sandbox import Limits, run_cells

NBGRADER_FILES = ("timestamp.txt", "submission_secret.txt")


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
    say: object = None       # the judges' sentences in the language spoken (judge.course_say)


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
        records, verdicts = {}, {}
        tests = TestRunner(ctx, seed, records, verdicts)
        # a test cell is an empty cell in the kernel; the test runs here, before the kernel goes on
        result = run_cells(["" if is_test_cell(c) else c.source for c in code], work, ctx.hide, limits=ctx.limits,
                           require_sandbox=ctx.require_sandbox, modules=ctx.modules,
                           before={i: tests.hook(c) for i, c in enumerate(code) if is_test_cell(c)})
        outcome.warning = result.warning
        if result.stopped:
            outcome.notes.append(result.stopped)
        for cell, ran in zip(code, result.cells):
            cell.outputs = cell_outputs(ran)
        keep_figures(outcome.nb, student_nb)
        outcome.notes += cell_failures(code, result.cells)
        # in the source's order; a test that the run never reached has no record
        outcome.verdicts = {g: verdicts.get(g, Verdict(False, text.NOT_RECORDED)) for g, _, _ in test_cells(ctx.source)}
        diagnose(ctx.source, outcome.verdicts, records, seed, ctx.catalogue)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    explain_missing_records(outcome.verdicts, code, result)
    show_verdicts(outcome.nb, outcome.verdicts)
    return outcome


class TestRunner:
    """Runs the source's test cells in this process, each where the submission's notebook has it."""

    def __init__(self, ctx, seed, records, verdicts):
        self.ctx, self.seed, self.records, self.verdicts = ctx, seed, records, verdicts
        self.sources = {grade_id: cell.source for grade_id, _, cell in test_cells(ctx.source)}
        self.names = student_names(ctx.source)

    def hook(self, cell):
        """What runs before the kernel's empty stand-in of test `cell` (sandbox.run_cells' `before`)."""
        return lambda kernel: self.run(grade_id_of(cell), kernel)

    def run(self, grade_id, kernel):
        if grade_id not in self.sources or grade_id in self.verdicts:  # a copy runs once (normalize.py)
            return
        answers = proxies(self.names, kernel)
        record, verdict = run_test(self.sources[grade_id], grade_id, self.ctx.reference, answers, self.seed,
                                   self.ctx.say)
        self.records[grade_id], self.verdicts[grade_id] = record, verdict


def student_names(source_nb):
    """The functions that the answer cells of the source define: what the tests call."""
    return sorted(set().union(*(defined_names(c.source) for c in source_nb.cells
                                if c.cell_type == "code" and is_solution(c))))


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
    """A test with no record says why: the run stopped before it or while it ran."""
    for cell, ran in zip(code, result.cells):
        verdict = verdicts.get(nbgrader_meta(cell).get("grade_id")) if is_test_cell(cell) else None
        if verdict is not None and verdict.message == text.NOT_RECORDED and result.stopped and ran.status != "ok":
            verdict.message = text.DID_NOT_RUN.format(reason=result.stopped)


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
        if item.name.startswith("."):
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

