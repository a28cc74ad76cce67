"""lectures/exercise_checks.py: the lectures' check cells use it to catch answers that skip the work;
and the check cells themselves, run on answers that skip it (and on right ones)."""
import contextlib
import importlib.util
import io
import itertools
import linecache
import re
import warnings

import matplotlib
import matplotlib.pyplot as plt
import nbformat
import pytest

from conftest import REPO

spec = importlib.util.spec_from_file_location("exercise_checks", REPO / "lectures" / "exercise_checks.py")
checks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(checks)


def reference(a):
    return a * 2


def numerical(a):
    return a * 2.0000001


FORBIDDEN = {"reference": reference, "numerical": numerical}


def vectorised(X):
    return (X * 2).sum(axis=1)


def with_for(X):
    out = []
    for row in X:
        out.append(row.sum())
    return out


def with_comprehension(X):
    return [row.sum() for row in X]


def with_while(X):
    i = 0
    while i < 3:
        i += 1
    return X


def with_vectorize(X):
    import numpy as np
    return np.vectorize(lambda t: t)(X)


def test_loops_are_found_and_loop_free_code_passes():
    assert checks.loops_in(vectorised) == []
    assert checks.loops_in(with_for) == ["for"]
    assert checks.loops_in(with_comprehension) == ["[... for ...]"]
    assert checks.loops_in(with_while) == ["while"]
    assert checks.loops_in(with_vectorize) == ["vectorize()"]


def honest(a):
    return vectorised(a[None, :])


def by_name(a):
    return reference(a)


alias = numerical


def by_alias(a):
    return alias(a)


def by_default(a, g=reference):
    return g(a)


def through_helper(a):
    return by_name(a)


def make_closure():
    inner_ref = numerical

    def closed(a):
        return inner_ref(a)
    return closed


def in_a_lambda(a):
    return (lambda t: reference(t))(a)


@pytest.mark.parametrize("fn, expected", [
    (honest, []), (by_name, ["reference"]), (by_alias, ["numerical"]), (by_default, ["reference"]),
    (through_helper, ["reference"]), (make_closure(), ["numerical"]), (in_a_lambda, ["reference"]),
])
def test_forbidden_calls_are_found_however_they_are_reached(fn, expected):
    assert checks.forbidden_calls(fn, FORBIDDEN) == expected


def helper_with_loop(X):
    return [row.sum() for row in X]


def loop_in_a_helper(X):
    return helper_with_loop(X)


def recursive(X):
    return X if len(X) <= 1 else recursive(X[1:])


def helper_calls_back(X):
    return calls_a_helper_that_calls_back(X[1:]) if len(X) > 1 else X


def calls_a_helper_that_calls_back(X):
    return helper_calls_back(X)


def test_a_loop_moved_into_a_helper_or_recursion_is_still_a_loop():
    assert checks.loops_in(loop_in_a_helper) == ["[... for ...]"]
    assert checks.loops_in(recursive) == ["recursion"]
    assert checks.loops_in(calls_a_helper_that_calls_back) == ["recursion"]
    assert checks.loops_in(honest) == []          # a loop-free helper is no loop


# ---- the lectures' check cells, run on answers: the shortcut rejected, the right answers accepted

class Lecture:
    """A lecture's code cells executed in this process, once (figures to Agg, none shown); then
    answer(source) runs an answer cell and the check cell after it, and returns what it printed."""

    def __init__(self, name):
        nb = nbformat.read(str(LECTURES / name), as_version=4)
        self.cells = [c.source for c in nb.cells if c.cell_type == "code"]
        self.namespace = {"__name__": "__main__"}
        for source in self.cells:
            self.run(source)
        plt.close("all")
        self.text = self.namespace["TEXT"]

    def run(self, source):
        """Execute one cell, its source registered so that inspect.getsource finds it; its output."""
        filename = f"<lecture-cell-{next(_cell_numbers)}>"
        source = "\n".join(line for line in source.splitlines() if not line.startswith("%"))
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        out = io.StringIO()
        with contextlib.redirect_stdout(out), warnings.catch_warnings():
            warnings.simplefilter("ignore")          # Agg cannot show; a diverging answer overflows
            exec(compile(source, filename, "exec"), self.namespace)
        return out.getvalue()

    def answer(self, answer_source, check_name):
        """What the check cell that calls check_name() prints for this answer."""
        self.run(answer_source)
        check = next(s for s in self.cells if re.search(rf"^{re.escape(check_name)}\(", s, re.M))
        return self.run(check).strip()

    def says(self, printed, key):
        """Whether the printed text is the sentence TEXT[key] (its fields filled in)."""
        fixed = [part for part in re.split(r"\{[^}]*\}", self.text[key]) if part]
        return bool(fixed) and all(part.strip() in printed for part in fixed)


_cell_numbers = itertools.count()
LECTURES = REPO / "lectures"


@pytest.fixture(scope="module")
def lecture(monkeypatch_module):
    runs = {}

    def get(name):
        if name not in runs:
            runs[name] = Lecture(name)
        return runs[name]
    return get


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(LECTURES)                           # the lectures read their data from here
        mp.syspath_prepend(str(REPO))
        mp.syspath_prepend(str(LECTURES))
        matplotlib.use("Agg")
        yield mp


HONEST_FORWARD_BATCH = """
def forward_batch(X, W, V):
    return softmax(add_bias(sigmoid(add_bias(X) @ W.T)) @ V.T)
"""
LOOP_IN_HELPER = """
def one_by_one(X, W, V):
    return np.array([forward(x, W, V)[2] for x in X])


def forward_batch(X, W, V):
    return one_by_one(X, W, V)
"""
RECURSION = """
def forward_batch(X, W, V):
    first = forward(X[0], W, V)[2][None, :]
    return first if len(X) == 1 else np.vstack([first, forward_batch(X[1:], W, V)])
"""


def test_lecture_1_exercise_2_a_loop_in_a_helper_or_recursion_is_not_vectorised(lecture):
    lec = lecture("01_three_layer_network.ipynb")
    assert lec.answer(HONEST_FORWARD_BATCH, "check_2") == lec.text["right"]
    for shortcut in (LOOP_IN_HELPER, RECURSION):
        assert lec.says(lec.answer(shortcut, "check_2"), "ex2_loop"), shortcut


def test_lecture_2_exercises_2_and_3_want_the_computation_not_a_library_or_a_difference_quotient(lecture):
    lec = lecture("02_activations_and_losses.ipynb")
    honest = "def log_softmax(a):\n    s = a - np.max(a)\n    return s - np.log(np.sum(np.exp(s)))\n"
    assert lec.answer(honest, "check_ex2") == lec.text["right"]
    library = "import scipy.special\n\ndef log_softmax(a):\n    return scipy.special.log_softmax(a)\n"
    assert lec.says(lec.answer(library, "check_ex2"), "ex2_library")
    for right in ("def grad_a_l2(y, d):\n    return 2 * (y - d)\n", "def grad_a_l2(y, d):\n    return -2 * (d - y)\n"):
        assert lec.answer(right, "check_ex3") == lec.text["right"], right
    assert lec.answer("def grad_a_l2(y, d):\n    return y - d\n", "check_ex3") == lec.text["ex3_half"]
    own_difference = """
def grad_a_l2(y, d):
    h, grad = 1e-6, np.zeros_like(y)
    for k in range(len(y)):
        e = np.zeros_like(y)
        e[k] = h
        grad[k] = (np.sum((d - y - e) ** 2) - np.sum((d - y + e) ** 2)) / (2 * h)
    return grad
"""
    assert lec.answer(own_difference, "check_ex3") == lec.text["ex3_numerical"]


def test_lecture_3_exercises_1_and_3_reject_twice_backward_and_a_broadcastable_gradient(lecture):
    lec = lecture("03_backpropagation.ipynb")
    derived = """
def backward_l2(x, d, V, u, z, y, f_prime=sigmoid_prime):
    delta2 = 2 * (y - d)
    delta1 = (V[:, 1:].T @ delta2) * f_prime(u)
    return np.outer(delta1, add_bias(x)), np.outer(delta2, z)
"""
    assert lec.answer(derived, "check_ex1") == lec.text["right"]
    twice = """
def backward_l2(x, d, V, u, z, y, f_prime=sigmoid_prime):
    grad_W, grad_V = backward(x, d, V, u, z, y, f_prime)
    return 2 * grad_W, 2 * grad_V
"""
    assert lec.answer(twice, "check_ex1") == lec.text["ex1_backward"]
    right = """
def safe_update(M, grad, eta):
    if np.shape(grad) != np.shape(M):
        raise ValueError("shape")
    return M - eta * grad
"""
    assert lec.answer(right, "check_ex3") == lec.text["right"]
    ndim_only = right.replace("np.shape(grad) != np.shape(M)", "np.ndim(grad) != np.ndim(M)")
    assert lec.says(lec.answer(ndim_only, "check_ex3"), "ex3_no_raise")


def test_lecture_5_exercises_1_and_2_reject_a_simulation_and_call_a_rising_loss_too_large(lecture):
    lec = lecture("05_training.ipynb")
    derived = "def expected_initial_loss(b, pi):\n    return np.log(np.sum(np.exp(b))) - np.sum(pi * b)\n"
    assert lec.answer(derived, "check_1") == lec.text["right"]
    simulated = """
def expected_initial_loss(b, pi):
    counts = np.round(pi * 1000).astype(int)
    W, V = np.zeros((2, 3)), np.zeros((len(b), 3))
    V[:, 0] = b
    labels = np.repeat(np.arange(len(b)), counts)
    return cross_entropy(forward_batch(np.zeros((len(labels), 2)), W, V)[2], np.eye(len(b))[labels])
"""
    assert lec.says(lec.answer(simulated, "check_1"), "ex1_simulated")
    assert lec.answer("eta_2 = 5.0", "check_2").endswith(lec.text["right"])
    assert lec.says(lec.answer("eta_2 = 10.0", "check_2"), "ex2_big")     # its loss rises in epoch 2
    assert lec.says(lec.answer("eta_2 = 0.1", "check_2"), "ex2_small")
