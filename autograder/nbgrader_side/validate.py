"""nbgrader's Validate (JupyterLab's button, `nbgrader validate`) tells each failed test by its name.

nbgrader's Validator runs the notebook in a kernel and shows every graded cell that failed as
its whole source followed by its error: for a test cell of this course, the code of run() and
judge() (nbgrader's dialog shows no passed cell, and "Success!" when none failed). The course's
nbgrader_config.py sets nbclient's `Execute.on_cell_error` hook to name_failed_test: during
validation it replaces, in the validator's copy of the notebook only, a failed test cell's source
by the line `python -m autograder check` prints for it ("[FAIL] test_sigmoid (1 pt)"). The error
below it is testcell's own line (the test, its points and its message), so the dialog lists the
failed tests as check does. The cell's checksum is recomputed only where it matched before, so
Validate still warns of a test cell the student changed. Nothing is written to the student's file.
"""
import os

from autograder.languages import text
from autograder.cells import is_test_cell, nbgrader_meta, points_of


def name_failed_test(cell, **_):
    """nbclient's on_cell_error hook (keyword arguments cell, cell_index, execute_reply)."""
    if os.environ.get("NBGRADER_EXECUTION") != "validate" or not is_test_cell(cell):
        return  # autograde and every other run keep the cell as it is
    from nbgrader.utils import compute_checksum  # nbgrader is loaded already in the validator's process
    meta = nbgrader_meta(cell)
    unchanged = meta.get("checksum") == compute_checksum(cell)
    cell.source = text.VALIDATE_FAILED.format(mark=text.CHECK_FAILED_MARK, test=meta.get("grade_id"),
                                              points=points_of(cell))
    if unchanged:
        meta["checksum"] = compute_checksum(cell)
