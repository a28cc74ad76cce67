"""The demo class: the solution, a blank notebook and the typical mistakes, graded end to end.

Each mistake is an edit of the solution code (a string that must occur
exactly once, so a change of the solution breaks the demo loudly instead of
turning a mistake silently into a correct answer) and the tests it must fail.
"""
import shutil
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.course import DEFAULT_ROOT, release_notebook, source_notebook
from autograder.solution import nbgrader_meta, strip_solution_markers

ASSIGNMENT = "lec2"
TRAINING = {"test_train", "hidden_overfit", "hidden_train_reference", "hidden_accuracy"}
GRADIENTS = {"test_backward_gradcheck", "hidden_gradcheck_random", "hidden_tanh_relu", "test_sgd_step_seed000"}


@dataclass
class Student:
    name: str
    mistake: str
    edits: list = field(default_factory=list)  # (cell grade_id, old, new)
    fails: set = field(default_factory=set)    # the autograded tests it must fail; None: all
    maybe: set = field(default_factory=set)    # tests it fails on some inputs only (they are random)
    blank: bool = False


CLASS = [
    Student("solution", "none: the reference solution"),
    Student("blank", "nothing written", blank=True, fails=None),
    Student(
        "transpose_bug", "seed 003's bug: np.dot of 1-D arrays instead of an outer product",
        [("backward", "grad_V = np.outer(delta2, z)", "grad_V = np.dot(delta2, np.transpose(z))"),
         ("backward", "grad_W = np.outer(delta1, add_bias(x))",
          "grad_W = np.dot(delta1, np.transpose(add_bias(x)))")],
        # hidden_weights_before_step compares sgd_step with backward, which raises here
        {"test_backward_shapes", "hidden_weights_before_step"} | GRADIENTS | TRAINING),
    Student(
        "bias_slice", "delta1 uses V[:, :-1] (keeps the bias column, drops the last unit)",
        [("backward", "V[:, 1:].T @ delta2", "V[:, :-1].T @ delta2")],
        GRADIENTS | {"hidden_train_reference"},
        # it still learns: the loss of four samples falls by 0.41 at the worst of 300 draws, 0.5 is the bar
        maybe={"test_train"}),
    Student(
        "sigmoid_prime_of_u", "sigmoid' computed as u(1 - u) instead of f(u)(1 - f(u))",
        [("activations", "return s * (1.0 - s)", "return u * (1.0 - u)")],
        # sigmoid_prime(1000) comes out as -999000: the stability test sees it too
        {"test_sigmoid", "hidden_stability"} | GRADIENTS - {"hidden_tanh_relu"} | TRAINING),
    Student(
        "unstable_softmax", "softmax without the max shift: overflows for large inputs",
        [("softmax_cross_entropy",
          "e = np.exp(a - np.max(a, axis=-1, keepdims=True))  # shifting by the max changes nothing but overflow",
          "e = np.exp(a)")],
        {"hidden_stability"}),
    Student(
        "v_updated_first", "V updated before delta1 is computed",
        [("sgd_step", "    grad_W, grad_V = backward(x, d, V, u, z, y, f_prime)\n"
                      "    return W - eta * grad_W, V - eta * grad_V",
                      "    V = V - eta * np.outer(y - d, z)\n"
                      "    grad_W, _ = backward(x, d, V, u, z, y, f_prime)\n"
                      "    return W - eta * grad_W, V")],
        {"test_sgd_step_seed000", "hidden_weights_before_step", "hidden_train_reference"},
        # the stale gradient of W makes a few samples diverge on most draws of the inputs, not all
        # (measured: hidden_overfit failed on 35 of 40 draws, test_train on 1 of 300)
        maybe={"hidden_overfit", "test_train"}),
    Student(
        "confusion_transposed", "confusion matrix transposed (rows predicted, columns actual)",
        [("evaluation", "(np.asarray(actual), np.asarray(predicted))", "(np.asarray(predicted), np.asarray(actual))")],
        {"test_confusion_accuracy", "hidden_confusion_reference"}),
]


def solution_sources(source_nb):
    """{grade_id: code or text as a student would write it} for every answer cell."""
    return {nbgrader_meta(c)["grade_id"]: strip_solution_markers(c.source)
            for c in source_nb.cells if nbgrader_meta(c).get("solution")}


def apply_edits(answers, edits):
    answers = dict(answers)
    for grade_id, old, new in edits:
        count = answers[grade_id].count(old)
        if count != 1:
            raise ValueError(f"demo edit {old!r} occurs {count} times in cell {grade_id}; expected once")
        answers[grade_id] = answers[grade_id].replace(old, new)
    return answers


def make_submission(release_nb, answers):
    """The released notebook with its answer cells filled in."""
    nb = nbformat.from_dict(release_nb)  # a copy
    for cell in nb.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if nbgrader_meta(cell).get("solution") and grade_id in answers:
            cell.source = answers[grade_id]
    return nb


def write_class(root, out_dir, students=CLASS):
    """Write <out_dir>/<student>/lec2.ipynb for every demo student."""
    release_nb = nbformat.read(release_notebook(root, ASSIGNMENT), as_version=4)
    answers = solution_sources(nbformat.read(source_notebook(root, ASSIGNMENT), as_version=4))
    for student in students:
        nb = release_nb if student.blank else make_submission(release_nb, apply_edits(answers, student.edits))
        folder = Path(out_dir) / student.name
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / f"{ASSIGNMENT}.ipynb")


def copy_course(out_root):
    """A private copy of the course (config and source), so the demo leaves assignments/ alone."""
    if out_root.exists():
        shutil.rmtree(out_root)
    out_root.mkdir(parents=True)
    shutil.copyfile(DEFAULT_ROOT / "nbgrader_config.py", out_root / "nbgrader_config.py")
    shutil.copytree(DEFAULT_ROOT / "source", out_root / "source")
    return out_root


def print_table(subs, max_score):
    mistakes = {s.name: s.mistake for s in CLASS}
    print(f"\n{'student':21} {'score':>9} {'by hand':>8}   mistake, and the tests it failed")
    for sub in subs:
        failed = [t for t, _, _, status, _ in sub.tests if status == "failed"]
        manual = sum(max_points for _, _, max_points, status, _ in sub.tests if status == "manual")
        print(f"{sub.student:21} {sub.score:3g} / {max_score:<3g} {manual:>8g}   {mistakes.get(sub.student, '')}")
        shown = sub.problem if not sub.graded else ", ".join(failed)
        if shown:
            print(textwrap.fill(shown, width=110, initial_indent=" " * 44, subsequent_indent=" " * 44))
    print("\n'by hand': points of written answers that wait for the instructor in formgrader.")


def run(out="demo_output", jobs=2):
    """Release, build the class, grade it, print the table; returns the graded Submissions."""
    from autograder.grade import grade, order_of_grades
    from autograder.release import release

    start = time.time()
    out = Path(out).resolve()
    root = copy_course(out / "course")
    release(root, ASSIGNMENT)
    print(f"released {ASSIGNMENT}: {root / 'release' / ASSIGNMENT} (leak check passed)")
    write_class(root, out / "submissions")
    shutil.rmtree(out / "results", ignore_errors=True)  # the demo's course is new too: nothing to keep
    subs = grade(root, ASSIGNMENT, out / "submissions", out / "results", jobs=jobs)
    source = nbformat.read(source_notebook(root, ASSIGNMENT), as_version=4)
    max_score = sum(points for _, points in order_of_grades(source))
    print_table(subs, max_score)
    print(f"\ndemo finished in {time.time() - start:.1f} s; open {out / 'results' / 'report.html'}")
    return subs
