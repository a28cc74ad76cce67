"""The student's self-check: run the notebook as the grader does and say what passes."""
import tempfile
from pathlib import Path

from autograder import text
from autograder.course import DEFAULT_ROOT
from autograder.execute import cell_outputs, copy_submission
from autograder.kernel_modules import copy_modules
from autograder.normalize import read_notebook
from autograder.outcomes import error_message, is_hidden, test_cells, written_answers
from autograder.sandbox import run_cells


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
    visible = [r for r in rows if r[2] != "later"]
    passed = [r for r in visible if r[2] == "passed"]
    hidden = [r for r in rows if is_hidden(r[0])]
    manual = [r for r in rows if r[2] == "later" and not is_hidden(r[0])]
    print(text.CHECK_SUMMARY.format(
        passed=len(passed), total=len(visible), points=sum(r[1] for r in passed),
        max_points=sum(r[1] for r in visible), hidden=len(hidden), hidden_points=sum(r[1] for r in hidden),
        manual=len(manual), manual_points=sum(r[1] for r in manual)))
    return 0 if len(passed) == len(visible) else 1
