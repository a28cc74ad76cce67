"""The kernel only answers calls: proxies in this process, the student's functions in a real sandboxed kernel.

Each test runs a short notebook in the sandbox (sandbox.run_cells) whose cell 1 is where a test
would stand: a hook makes its calls there, through calls.Proxy, as judge.run_test does.
"""
import numpy as np
import pytest

import testcell
from autograder.grading import calls
from autograder.kernel import protocol
from autograder.languages import text
from autograder.grading.calls import StudentError, proxies, record_of, strict
from autograder.kernel.kernel_modules import copy_modules
from autograder.kernel.protocol import KernelGone
from autograder.kernel.sandbox import Limits, run_cells

STUDENT = """
import numpy as np
def double(x):
    return 2 * x
def write_into(a):
    a[0] = 99.0
def write_and_return(a, b):
    a[0] = -1.0
    return a, b.copy()
def refuse():
    raise ValueError("bad shapes")
def grow(u):
    return np.exp(u)
def strange():
    return object()
def apply(f, x):
    return f(x)
def big(n):
    return np.zeros(n)
def hang():
    while True:
        pass
def die():
    import os
    os._exit(3)
class Scale:
    def __init__(self, W):
        self.W = W.copy()
        self.parts = [Part(), Part()]
    def loss(self, x):
        return float(np.sum((self.W * x) ** 2))
    def shrink(self):
        self.W /= 2
        return self.W
    def fail(self):
        raise ValueError("no")
class Part:
    pass
def train(net, factor):
    net.W *= factor
def nudge(f, A):
    # moves A itself, as numerical_gradient does, and puts it back
    before = f(A)
    A[0] += 1.0
    after = f(A)
    A[0] -= 1.0
    return after - before
"""
NAMES = ["double", "write_into", "write_and_return", "refuse", "grow", "strange", "apply", "big", "hang", "die",
         "Scale", "train", "nudge"]


def kernel_calls(tmp_path, hook, first=STUDENT, limits=Limits(seconds_per_cell=10)):
    """Run `first`, then `hook(functions)` before cell 1; returns (what the hook returned, RunResult)."""
    modules = tmp_path / "modules"
    copy_modules(type("nb", (), {"cells": []})(), modules)  # testcell, as every grading run has it
    work = tmp_path / "work"
    work.mkdir()
    got = {}

    def before(kernel):
        got["value"] = hook(proxies(NAMES, kernel))

    result = run_cells([first, "", "print('after')"], work, [], limits=limits, modules=modules,
                       before={1: before})
    return got.get("value"), result


def test_results_come_back_as_plain_data_and_writes_into_arguments_are_seen(tmp_path):
    a = np.arange(3.0)

    def hook(f):
        return f["double"](np.arange(3)), f["write_into"](a), f["apply"](f["double"], 21)

    (doubled, nothing, applied), result = kernel_calls(tmp_path, hook)
    assert np.array_equal(doubled, [0, 2, 4]) and doubled.dtype == np.int64
    assert nothing is None and applied == 42
    assert list(a) == [99.0, 1.0, 2.0]  # the kernel wrote into its copy: this one changed the same way
    assert result.cells[2].stdout == "after\n" and result.stopped is None


def test_a_result_that_is_an_argument_is_the_callers_own_array(tmp_path):
    """As in one process: a function that writes into its argument and returns it gives the caller
    its own array back, which a later write changes too (a record shows that, as a replay does)."""
    a, b = np.zeros(2), np.ones(2)
    (first, copied), _ = kernel_calls(tmp_path, lambda f: f["write_and_return"](a, b))
    assert first is a and list(a) == [-1.0, 0.0]
    assert copied is not b and list(copied) == [1.0, 1.0]


def test_an_error_is_the_students_with_its_name_and_words(tmp_path):
    def hook(f):
        try:
            f["refuse"]()
        except ValueError as err:  # a test's own `except ValueError` catches it
            return err

    err, _ = kernel_calls(tmp_path, hook)
    assert isinstance(err, StudentError) and str(err) == "bad shapes"
    assert err.description == "ValueError: bad shapes, raised in refuse()"
    assert record_of(lambda: hook_raises(err)) == {"error": err.description, "type": "ValueError"}


def hook_raises(err):
    raise err


def test_strict_raises_the_floating_point_error_where_the_function_runs(tmp_path):
    value, _ = kernel_calls(tmp_path, lambda f: (strict(f["grow"], 800.0), f["grow"](800.0)))
    assert value[0] == "FloatingPointError: overflow encountered in exp"
    assert value[1] == np.inf  # without strict, what NumPy gives


def test_what_is_not_plain_data_never_crosses(tmp_path):
    def hook(f):
        try:
            f["strange"]()
        except TypeError as err:
            return err.description

    said, _ = kernel_calls(tmp_path, hook)
    assert said == "TypeError: the result holds a object that is not a number or an array"


def test_an_object_of_the_students_class_stays_in_the_kernel_and_answers_calls(tmp_path):
    """A class's object is kept in the kernel: its methods are calls, its attributes come back as
    copies, it can be handed to a function, and later/member give the kernel's own method and array."""
    W = np.array([1.0, 2.0])

    def hook(f):
        net = f["Scale"](W)
        got = [repr(net), net.W, net.loss(np.ones(2)), len(net.parts), repr(net.parts[0])]
        f["train"](net, 3.0)  # changes the kernel's object, not a copy
        got += [net.W, net.shrink(), net.W]
        # lambda _: net.loss(x) and net.W itself, as numerical_gradient gets them; W back as it was after
        got += [f["nudge"](calls.later(net.loss, np.ones(2)), calls.member(net, "W")), net.W]
        with pytest.raises(ValueError) as err:
            net.fail()
        got.append(err.value.description)
        return got

    (name, W_copy, loss, parts, part, trained, shrunk, after, nudged, restored, said), result = kernel_calls(tmp_path, hook)
    assert name == "<the student's Scale object>" and part == "<the student's Part object>" and parts == 2
    assert list(W_copy) == [1.0, 2.0] and loss == 5.0 and list(W) == [1.0, 2.0]
    assert list(trained) == [3.0, 6.0] and list(shrunk) == list(after) == [1.5, 3.0]
    assert nudged == (2.5 ** 2 + 9.0) - (1.5 ** 2 + 9.0) and list(restored) == [1.5, 3.0]
    assert said.startswith("ValueError: no, raised in fail(")
    assert result.stopped is None


def test_a_function_of_the_tests_never_travels_to_the_kernel(tmp_path):
    def hook(f):
        with pytest.raises(TypeError):
            f["apply"](lambda x: x, 1)
        net = f["Scale"](np.ones(2))
        with pytest.raises(TypeError):
            f["nudge"](lambda _: 0.0, calls.member(net, "W"))
        return "refused"

    assert kernel_calls(tmp_path, hook)[0] == "refused"


def test_a_kernel_that_answers_anything_gives_only_an_error(tmp_path):
    """The student's cell replaces how the kernel answers: garbage is refused, never read as data."""
    forged = STUDENT + """
import testcell
testcell.answer = lambda namespace, request: {"reply": request["call"], "value": {"kind": "pickle", "data": "x"}}
"""

    def hook(f):
        with pytest.raises(TypeError) as err:
            f["double"](1)
        return err.value.description

    said, _ = kernel_calls(tmp_path, hook, first=forged)
    assert said == text.REPLY_NOT_PLAIN.format(function="double", reason="not plain data: a node of kind 'pickle'")


def test_a_reply_too_long_is_an_error_of_that_call(tmp_path, monkeypatch):
    monkeypatch.setattr(protocol, "MAX_REPLY", 10_000)

    def hook(f):
        with pytest.raises(StudentError) as err:
            f["big"](100_000)
        return err.value.description, f["double"](2)

    (said, after), result = kernel_calls(tmp_path, hook)
    assert said == text.REPLY_TOO_LONG.format(mb=0) and after == 4  # and the next call is answered
    assert result.stopped is None


def stops(tmp_path, function, limits=Limits(seconds_per_cell=10)):
    """(what KernelGone said in the hook, RunResult) when the call of `function` stops the run."""
    stopped = {}

    def hook(f):
        try:
            f[function]()
        except KernelGone as gone:  # the caller's test has no record
            stopped["why"] = str(gone)
            raise

    _, result = kernel_calls(tmp_path, hook, limits=limits)
    assert result.cells[2].status == "not run"
    return stopped["why"], result


def test_a_call_that_never_returns_stops_the_run_at_the_cells_limit(tmp_path):
    why, result = stops(tmp_path, "hang", Limits(seconds_per_cell=2))
    assert why == result.stopped == text.CELL_TOO_LONG.format(cell=2, seconds=2)


def test_a_kernel_that_dies_during_a_call_stops_the_run(tmp_path):
    why, result = stops(tmp_path, "die")
    assert why == result.stopped and "died" in why


def test_the_wire_refuses_what_it_did_not_write():
    good = testcell.to_wire((np.arange(3.0), [1, "a", None], {"k": np.float64(2.5)}))
    assert testcell.from_wire(good)[2]["k"] == 2.5 and isinstance(testcell.from_wire(good)[2]["k"], np.float64)
    for bad in ({"kind": "array", "npy": "eA=="}, {"kind": "object"}, {"kind": "int", "value": 1.5},
                {"kind": "function", "name": "forward"}, [1, 2], {"kind": "ref", "index": 0}):
        with pytest.raises(ValueError):
            testcell.from_wire(bad)
    deep = {"kind": "plain", "value": None}
    for _ in range(100):
        deep = {"kind": "list", "items": [deep]}
    with pytest.raises(ValueError):
        testcell.from_wire(deep)
