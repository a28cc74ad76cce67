"""nbgrader's Validate names each failed test and its message, as `python -m autograder check` does.

`nbgrader validate` runs, with the course's nbgrader_config.py, a short notebook made of the
assignment's first cells (so that one kernel start is most of its cost): add_bias answered wrong,
sigmoid raising inside, tanh and relu right. JupyterLab's Validate button calls the same Validator
through nbgrader's server extension and shows the same failed cells (tests/hub/test_browser.py).
"""
import copy
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.cells import nbgrader_meta
from autograder.course import DEFAULT_ROOT, Course
from autograder.nbgrader_side.validate import name_failed_test

WRONG_ADD_BIAS = "def add_bias(x):\n    return np.append(np.asarray(x, dtype=np.float64), 1.0)\n"
RAISING_SIGMOID = "\n\ndef sigmoid(u):\n    return 1 / (1 + np.exp(-np.reshape(u, (-1, 7))))\n"
CELLS = ("setup", "add_bias", "test_add_bias", "activations", "test_sigmoid", "test_tanh_relu")


def short_notebook():
    """The assignment's first cells with the answers above; checksums as nbgrader's release sets them."""
    from nbgrader.utils import compute_checksum
    source = nbformat.read(Course().source_notebook("lec2"), as_version=4)
    cells = {nbgrader_meta(c).get("grade_id"): c for c in source.cells}
    nb = nbformat.v4.new_notebook(metadata=source.metadata)
    for grade_id in CELLS:
        cell = copy.deepcopy(cells[grade_id])
        if grade_id == "add_bias":
            cell.source = WRONG_ADD_BIAS
        elif grade_id == "activations":
            cell.source += RAISING_SIGMOID
        if nbgrader_meta(cell).get("locked") or nbgrader_meta(cell).get("grade"):
            cell.metadata.nbgrader["checksum"] = compute_checksum(cell)
        nb.cells.append(cell)
    return nb


def test_nbgrader_validate_lists_failed_tests_by_name_and_message(tmp_path):
    work = tmp_path / "lec2"
    work.mkdir()
    nbformat.write(short_notebook(), work / "lec2.ipynb")
    for language in ("en", "ja"):  # the tests' sentences, beside the notebook as the release has them
        name = f"messages.{language}.json"
        (work / name).write_bytes((Course().source_notebook("lec2").parent / name).read_bytes())
    # the course's configuration, read from the folder validate runs in, as a student's server reads its own
    (tmp_path / "nbgrader_config.py").write_text(
        f"c = get_config()\nload_subconfig({str(DEFAULT_ROOT / 'nbgrader_config.py')!r})\n")
    done = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "validate", str(work / "lec2.ipynb")],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, PYTHONPATH=str(DEFAULT_ROOT.parent)))
    out = done.stdout
    assert "VALIDATION FAILED ON 2 CELL(S)" in out, out + done.stderr
    assert "[FAIL] test_add_bias (1 pt)" in out and "add_bias(x)[0] is 0.0" in out
    assert "[FAIL] test_sigmoid (1 pt)" in out
    assert "raised in sigmoid(u: (4, 5))" in out  # the error of the student's function, in words
    assert "def judge" not in out and "check(" not in out  # no test cell's code
    assert "test_tanh_relu" not in out and "CELL(S) HAVE CHANGED" not in out


@pytest.mark.parametrize("edited", [False, True])
def test_only_an_unchanged_test_cell_gets_a_new_checksum(monkeypatch, edited):
    from nbgrader.utils import compute_checksum
    cell = next(c for c in short_notebook().cells if nbgrader_meta(c).get("grade_id") == "test_sigmoid")
    if edited:
        cell.source += "\n# the student's line"
    before = cell.metadata.nbgrader["checksum"]
    name_failed_test(cell=cell, cell_index=4, execute_reply={})
    assert "[FAIL]" not in cell.source  # outside validation nothing changes
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    name_failed_test(cell=cell, cell_index=4, execute_reply={})
    assert cell.source == "[FAIL] test_sigmoid (1 pt)"
    new = cell.metadata.nbgrader["checksum"]
    assert (new == before) is edited and (new == compute_checksum(cell)) is not edited
