"""The student's self-check: run the notebook as the grader does and say what passes."""
import tempfile
from pathlib import Path

from autograder.languages import text
from autograder.course import DEFAULT_ROOT
from autograder.grading.execute import cell_outputs, copy_submission
from autograder.kernel.kernel_modules import copy_modules
from autograder.grading.normalize import read_notebook
from autograder.outcomes import error_message, is_hidden, test_cells, written_answers
from autograder.kernel.sandbox import run_cells

RANDOM_INPUTS = "test_rng("  # a test cell whose inputs are drawn anew, from a secret seed, at grading


def execute(path):
    """Run the notebook's code cells in the grader's sandbox, in a copy of its folder.

    Returns (notebook with outputs, RunResult); (None, reasons) for a file that is no notebook.
    """
    path = Path(path).resolve()
    nb, notes = read_notebook(path)
    if nb is None:
        return None, notes
    code = [c for c in nb.cells if c.cell_type == "code"]
    with tempfile.TemporaryDirectory(prefix="check_") as scratch:
        work, modules = Path(scratch) / "work", Path(scratch) / "modules"
        work.mkdir()
        copy_submission(path.parent, work)
        copy_modules(nb, modules)
        result = run_cells([c.source for c in code], work, hide=[DEFAULT_ROOT / "source"], modules=modules)
    for cell, ran in zip(code, result.cells):
        cell.outputs = cell_outputs(ran)
    return nb, result


def results(nb):
    """(test, points, status, message) for every test cell, hidden ones as 'later'."""
    rows = []
    for grade_id, points, cell in test_cells(nb):
        if is_hidden(grade_id):
            rows.append((grade_id, points, "later", text.HIDDEN_AT_GRADING))
            continue
        message = error_message(cell)
        rows.append((grade_id, points, "failed" if message else "passed", message or text.CHECK_PASSED))
    rows += [(grade_id, points, "later", text.MANUAL) for grade_id, points in written_answers(nb)]
    return rows


def redrawn(nb):
    """The visible tests whose inputs are drawn anew at grading: where check and grading may differ."""
    return [grade_id for grade_id, _, cell in test_cells(nb)
            if not is_hidden(grade_id) and RANDOM_INPUTS in cell.source]


def summary(rows, nb):
    """The closing lines: what passed, what is graded later, and what grading draws anew."""
    visible = [r for r in rows if r[2] != "later"]
    passed = [r for r in visible if r[2] == "passed"]
    hidden = [r for r in rows if is_hidden(r[0])]
    manual = [r for r in rows if r[2] == "later" and not is_hidden(r[0])]
    lines = [text.CHECK_SUMMARY.format(
        passed=len(passed), total=len(visible), points=sum(r[1] for r in passed),
        max_points=sum(r[1] for r in visible),
        hidden=text.counted(len(hidden), text.HIDDEN_TESTS),
        hidden_points=text.counted(sum(r[1] for r in hidden), text.POINTS),
        manual=text.counted(len(manual), text.WRITTEN_ANSWERS),
        manual_points=text.counted(sum(r[1] for r in manual), text.POINTS))]
    again = redrawn(nb)
    if again:
        tests = (text.EVERY_VISIBLE_TEST if len(again) == len(visible)
                 else text.THESE_VISIBLE_TESTS.format(names=", ".join(again)))
        lines.append(text.CHECK_NEW_INPUTS.format(tests=tests))
    return lines, len(passed) == len(visible)


def check(path):
    """Print the self-check of a notebook; return 0 when every visible test passes."""
    print(text.CHECK_RUNNING.format(path=path))
    nb, result = execute(path)
    if nb is None:
        print("\n".join(result))
        return 1
    for line in (result.warning, result.stopped):
        if line:
            print(line)
    rows = results(nb)
    marks = {"passed": text.CHECK_PASSED_MARK, "failed": text.CHECK_FAILED_MARK, "later": text.CHECK_LATER_MARK}
    for test, points, status, message in rows:
        print(text.CHECK_LINE.format(mark=marks[status], test=test, points=points, message=message))
    lines, all_passed = summary(rows, nb)
    print("\n".join(lines))
    return 0 if all_passed else 1
