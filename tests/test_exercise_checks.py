"""lectures/exercise_checks.py: the lectures' check cells use it to catch answers that skip the work."""
import importlib.util

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
