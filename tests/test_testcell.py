"""What a test cell says in the student's session and records at grading (testcell.py), in process."""
import numpy as np
import pytest

import testcell
from autograder.grading.calls import record_of

# a student's functions and a test's run(), each compiled as a notebook cell of its own, as IPython does
STUDENT = '''
def add_bias(x):
    return np.concatenate([[1.0], x])

def forward(x, W, V, f=np.tanh):
    u = W @ add_bias(x)
    z = add_bias(f(u))
    return u, z, V.T @ z

def sgd_step(x, d, W, V, eta):
    return forward(x, W, V)
'''
TEST = '''
x, W, V = np.ones(5), np.ones((7, 6)), np.ones((3, 8))

def run_step():
    return sgd_step(x, np.eye(3)[0], W, V, 0.1)

def run_forward_twice():
    return [forward(x, W, V) for _ in range(2)]

def run_own_error():
    u, z = forward(np.ones(6), np.ones((7, 7)), np.ones((8, 3)))
'''


@pytest.fixture
def cells():
    namespace = {"np": np}
    exec(compile(STUDENT, "<ipython-input-3-abc>", "exec"), namespace)
    exec(compile(TEST, "<ipython-input-4-def>", "exec"), namespace)
    return namespace


def test_a_passing_test_says_so_with_its_points(capsys):
    testcell.check("test_a", lambda: 1, lambda out: None, points=1)
    testcell.check("test_b", lambda: 1, lambda out: None, points=2.5)
    testcell.check("test_c", lambda: 1, lambda out: None)  # as test cells called it before points=
    assert capsys.readouterr().out.splitlines() == [
        "test_a passed (1 point)", "test_b passed (2.5 points)", "test_c passed"]


def test_a_failing_test_is_one_line_with_its_message():
    def judge(out):  # (a plain raise: pytest rewrites the messages of asserts in test modules)
        raise AssertionError("expected 2")
    with pytest.raises(testcell.TestFailed) as failed:
        testcell.check("test_a", lambda: 1, judge, points=2)
    assert isinstance(failed.value, AssertionError) and str(failed.value) == "expected 2"
    assert failed.value._render_traceback_() == ["test_a failed (2 points): expected 2"]


def test_an_error_names_the_function_its_arguments_and_the_call_of_the_test(cells):
    with pytest.raises(testcell.TestFailed) as failed:
        testcell.check("test_step", cells["run_step"], lambda out: None, points=1)
    message = str(failed.value)
    assert message.startswith("ValueError: matmul: ")
    assert ("raised in forward(x: (5,), W: (7, 6), V: (3, 8), f: tanh), called by sgd_step; "
            "the test called sgd_step(x: (5,), d: (3,), W: (7, 6), V: (3, 8), eta: 0.1)") in message
    shown = failed.value._render_traceback_()
    assert any("<ipython-input-3-abc>" in line and "in forward" in line for line in shown)  # their traceback first
    assert "".join(shown).endswith("eta: 0.1)")


def test_the_grading_record_holds_the_same_words(cells):
    error = record_of(cells["run_forward_twice"])["error"]  # a list comprehension in run()
    assert error.startswith("ValueError: matmul") and error.endswith("raised in forward(x: (5,), W: (7, 6), V: (3, 8), f: tanh)")
    assert len(error) <= testcell.MAX_MESSAGE


def test_an_error_of_the_test_itself_is_left_as_it_is(cells):
    assert record_of(cells["run_own_error"])["error"] == "ValueError: too many values to unpack (expected 2)"


def test_a_blank_answer_says_which_function_is_not_written(cells):
    blank = {}
    exec(compile("def softmax(a):\n    raise NotImplementedError()\n", "<ipython-input-5-aaa>", "exec"), blank)
    with pytest.raises(testcell.TestFailed) as failed:
        testcell.check("test_softmax", lambda: blank["softmax"](np.ones(3)), lambda out: None, points=1)
    assert " ".join(failed.value._render_traceback_()) == (  # wrapped at 80 columns
        "test_softmax failed (1 point): softmax is not written yet (it raises NotImplementedError)")


def test_the_points_a_test_cell_says_are_its_grading_points():
    """A test cell may tell check() its points (check(name, run, judge, points=N)), so that a passing
    test says them; they must be the points nbgrader grades it with, from the cell's metadata."""
    import ast

    import nbformat

    from autograder.cells import grade_id_of, is_test_cell, points_of
    from autograder.course import Course
    source = nbformat.read(Course().source_notebook("lec2"), as_version=4)
    for cell in filter(is_test_cell, source.cells):
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "check":
                said = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg == "points"}
                assert said.get("points", points_of(cell)) == points_of(cell), grade_id_of(cell)


STEPPING = '''
def backward(x, W):
    return np.ones(W.shape[::-1])  # dE/dW transposed

def step(x, W, eta):
    grad_W = backward(x, W)
    return W - eta * grad_W
'''


@pytest.mark.parametrize("language, words", [
    ("en", "raised in step(x: (5,), W: (2, 3), eta: 0.1) on grad_W of shape (3, 2), which backward returned"),
    ("ja", "step(x: (5,), W: (2, 3), eta: 0.1) の中で ValueError が発生しました: operands could not be broadcast "
           "together with shapes (2,3) (3,2)（backward が返した形 (3, 2) の grad_W で）")])
def test_an_error_on_a_value_another_function_returned_names_that_function(language, words):
    """The error arises in step, on the wrong shape backward gave it: backward is named, before any caller."""
    namespace = {"np": np}
    exec(compile(STEPPING, "<ipython-input-5-ghi>", "exec"), namespace)
    with pytest.raises(ValueError) as raised:
        (lambda: namespace["step"](np.ones(5), np.ones((2, 3)), 0.1))()
    assert words in testcell.describe_error(raised.value, language)
    assert "backward" not in testcell.describe_error(ValueError("shapes (4,) (4,)"), language)
