"""The student's self-check: run the notebook as the grader does and say what passes."""
from pathlib import Path

import nbformat

from autograder import text
from autograder.course import DEFAULT_ROOT, load_config
from autograder.outcomes import error_message, is_hidden, test_cells, written_answers



def execute(path):
    """Run a notebook top to bottom in its own folder with nbgrader's Execute
    preprocessor, configured as the course configures it for grading."""
    from nbgrader.preprocessors import Execute

    path = Path(path).resolve()
    nb = nbformat.read(path, as_version=4)
    Execute(config=load_config(DEFAULT_ROOT)).preprocess(nb, {"metadata": {"path": str(path.parent)}})
    return nb


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
    rows = results(execute(path))
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
