"""The grader knows no assignment: one made here, in a temporary course, releases, grades (its
canary, its hidden test judged against its own reference, its catalogue's mistake named), gives
feedback, and writes its reference data, through the same commands as lec2, with nothing of it in
autograder/. What is an assignment's lives in its folder: source/<name>/<name>.ipynb, its
messages, and ref/ (hidden messages, mistakes.py, reference.py)."""
import json
import shutil
import subprocess
import sys

import nbformat
import numpy as np
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.course import DEFAULT_ROOT, REFERENCE_DIR, Course
from autograder.commands.demo import write_class
from autograder.grading.grade import grade
from autograder.commands.reference import reference_path
from autograder.nbgrader_side.release import release
from conftest import REPO

NAME = "toy"


def meta(grade_id, **flags):
    return {"nbgrader": {"grade_id": grade_id, "schema_version": 3, "locked": not flags.get("solution", False),
                         "solution": False, "grade": False, "task": False, **flags}}


SETUP = """import numpy as np
from testcell import check, messages, test_rng
say = messages(language="en")"""
ANSWER = """def scale(x, a):
    ### BEGIN SOLUTION
    return a * np.asarray(x, dtype=float)
    ### END SOLUTION"""
VISIBLE = """x = test_rng(1).normal(size=4)


def run():
    return scale(x, 3.0)


def judge(out):
    assert np.allclose(out, 3.0 * x), say("scale_wrong")


check("test_scale", run, judge, points=1)"""
HIDDEN = """### BEGIN HIDDEN TESTS
X, a = test_rng(2).normal(size=(3, 5)), 1.0 + test_rng(3).random()


def run():
    return scale(X, a)


def judge(out):
    assert np.allclose(out, scale(X, a)), say("hidden_scale_wrong")


check("hidden_scale", run, judge)
### END HIDDEN TESTS"""
MISTAKES = """DEMO = ["adds"]
MISTAKES = [
    {"name": "adds", "function": "scale", "words": "adds a to x instead of multiplying",
     "edits": [["scale", "return a * np.asarray(x, dtype=float)", "return a + np.asarray(x, dtype=float)"]],
     "fails": ["test_scale", "hidden_scale"], "says": []},
]
"""
RECIPE = """import numpy as np


def compute(solution):
    return {"scaled": solution.scale(np.arange(3.0), 2.0)}
"""


def make_assignment(root):
    """source/toy/: a notebook with one answer cell, a visible and a hidden test (2 points), and its ref/."""
    folder = root / "source" / NAME
    (folder / REFERENCE_DIR).mkdir(parents=True)
    nb = new_notebook(cells=[
        new_markdown_cell("# A toy assignment\n\nWrite `scale(x, a)`, which returns $a x$."),
        new_code_cell(SETUP, metadata=meta("setup")),
        new_code_cell(ANSWER, metadata=meta("scale", solution=True)),
        new_code_cell(VISIBLE, metadata=meta("test_scale", grade=True, points=1)),
        new_code_cell(HIDDEN, metadata=meta("hidden_scale", grade=True, points=1)),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(nb, folder / f"{NAME}.ipynb")
    (folder / "messages.en.json").write_text(json.dumps({"scale_wrong": "scale(x, a) is not a times x."}))
    (folder / REFERENCE_DIR / "hidden_messages.en.json").write_text(
        json.dumps({"hidden_scale_wrong": "scale(X, a) of a matrix is not a times X."}))
    (folder / REFERENCE_DIR / "mistakes.py").write_text(MISTAKES)
    (folder / REFERENCE_DIR / "reference.py").write_text(RECIPE)
    return folder


def test_an_assignment_made_in_a_new_folder_is_graded_like_lec2(tmp_path):
    root = tmp_path / "course"
    root.mkdir()
    shutil.copyfile(DEFAULT_ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    make_assignment(root)
    release(Course(root), NAME)
    released = nbformat.read(root / "release" / NAME / f"{NAME}.ipynb", as_version=4)
    assert "BEGIN SOLUTION" not in json.dumps(released) and "hidden_scale_wrong" not in json.dumps(released)

    write_class(Course(root), tmp_path / "submissions", assignment=NAME)  # the solution, a blank one, "adds"
    subs = {s.student: s for s in grade(Course(root), NAME, tmp_path / "submissions", tmp_path / "out")}
    assert {name: s.score for name, s in subs.items()} == {"solution": 2, "blank": 0, "adds": 0}
    assert subs["adds"].mistakes == {"test_scale": "adds a to x instead of multiplying",
                                     "hidden_scale": "adds a to x instead of multiplying"}
    said = [row.message for row in subs["adds"].tests]  # each test's own sentence, then the mistake's words
    assert said[0].startswith("scale(x, a) is not a times x.") and said[1].startswith("scale(X, a) of a matrix")
    assert all(message.endswith("adds a to x instead of multiplying.") for message in said)
    page = (tmp_path / "out" / "feedback" / "adds.html").read_text(encoding="utf-8")
    assert "scale(x, a) is not a times x." in page and "test_rng(2)" not in page

    done = subprocess.run([sys.executable, "-m", "autograder", "reference", NAME, "--course", str(root)],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert np.load(reference_path(Course(root), NAME))["scaled"].tolist() == [0.0, 2.0, 4.0]


def test_an_assignment_without_reference_data_says_so(tmp_path):
    root = tmp_path / "course"
    root.mkdir()
    shutil.copyfile(DEFAULT_ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    (make_assignment(root) / REFERENCE_DIR / "reference.py").unlink()
    done = subprocess.run([sys.executable, "-m", "autograder", "reference", NAME, "--course", str(root)],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 1 and "has no reference data to make" in done.stderr, done.stderr
    assert not reference_path(Course(root), NAME).exists()
