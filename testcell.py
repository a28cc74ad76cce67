"""What every test cell of the assignment calls: check(name, run, judge).

`run()` calls the student's functions and returns what they gave back;
`judge(out)` asserts on that and raises AssertionError with a message.

In a student's own session check() does both, so a failing test shows its
message at once. At grading, the grader's kernel binds check and test_rng to
grading_hooks() in front of every test cell: `run()`'s result is only
recorded, and the grader judges the record in its own process, where no
student code has run and the student-facing names (forward, backward, ...)
are the reference solution's. Random inputs come from test_rng(k): fixed
seeds in a student's session, seeds nobody knows before grading.
"""
import json
import os

import numpy as np

MAX_RECORD_BYTES = 50 * 1024**2
MAX_MESSAGE = 500
HIDDEN_ELSEWHERE = ("hidden tests are judged only by the course's grader, outside the student's kernel "
                    "(`python -m autograder grade`, or nbgrader autograde with the course's nbgrader_config.py)")


def rng_for(k, seed=None):
    return np.random.default_rng(k if seed is None else [int(seed), k])


def test_rng(k):
    """The random generator of a test's inputs."""
    return rng_for(k)


def check(name, run, judge):
    out = run()
    if name.startswith("hidden_"):  # its judge needs the reference: only the grader's process has it
        raise RuntimeError(HIDDEN_ELSEWHERE)
    judge(out)


def strict(g, *args):
    """g(*args), or the text of the floating-point error it gave: overflow, division by zero or an
    invalid operation (0/0, inf - inf) is an error here, as a warning would be at grading."""
    import warnings
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error", RuntimeWarning)
        try:
            return g(*args)
        except (FloatingPointError, RuntimeWarning) as err:
            return f"{type(err).__name__}: {err}"


def grading_hooks(folder, seed):
    """(check, test_rng) for the grader's kernel: record `run()`'s result, never judge.

    Made before any student code runs and holding its own references, so a
    student cell that rebinds `check`, patches this module or numpy's
    comparisons changes nothing about what is recorded.
    """
    def check(name, run, judge, _pack=pack, _save=save):
        try:
            record = {"value": _pack(run())}
        except Exception as err:  # the student's error is the test's result, judged by the grader
            record = {"error": f"{type(err).__name__}: {err}"[:MAX_MESSAGE]}
        _save(folder, name, record)

    def test_rng(k, _rng_for=rng_for):
        return _rng_for(k, seed)

    return check, test_rng


# ---------------------------------------------------------------- records
# A record is JSON for the structure plus one .npy per array, so that the
# grader never unpickles anything a student's kernel wrote.
def pack(value, _asarray=np.asarray, _generic=np.generic):
    """The structure of nested tuples/lists/dicts of numbers, strings and arrays."""
    def node(v):
        if isinstance(v, (tuple, list)):
            return {"kind": type(v).__name__, "items": [node(x) for x in v]}
        if isinstance(v, dict):
            return {"kind": "dict", "items": {str(k): node(x) for k, x in v.items()}}
        if v is None or isinstance(v, (bool, str)):
            return {"kind": "plain", "value": v}
        if isinstance(v, (int, float)) and not isinstance(v, _generic):
            return {"kind": type(v).__name__, "value": v}
        array = _asarray(v)
        if array.dtype == object:
            raise TypeError(f"the result holds a {type(v).__name__} that is not a number or an array")
        return {"kind": "scalar" if isinstance(v, _generic) else "array", "array": array}
    return node(value)


def unpack(node):
    kind = node["kind"]
    if kind in ("tuple", "list"):
        items = [unpack(v) for v in node["items"]]
        return tuple(items) if kind == "tuple" else items
    if kind == "dict":
        return {k: unpack(v) for k, v in node["items"].items()}
    if kind == "plain":
        return node["value"]
    if kind in ("int", "float"):
        return {"int": int, "float": float}[kind](node["value"])
    return node["array"][()] if kind == "scalar" else node["array"]


def save(folder, name, record, _npsave=np.save, _dump=json.dump, _makedirs=os.makedirs,
         _replace=os.replace, _join=os.path.join, _open=open):
    arrays = []

    def externalise(node):
        if isinstance(node, dict) and "array" in node:
            arrays.append(node.pop("array"))
            node["file"] = f"{name}.{len(arrays) - 1}.npy"
        items = node.get("items", []) if isinstance(node, dict) else []
        for child in (items.values() if isinstance(items, dict) else items):
            externalise(child)

    if "value" in record:
        externalise(record["value"])
    _makedirs(folder, exist_ok=True)
    for i, array in enumerate(arrays):
        _npsave(_join(folder, f"{name}.{i}.npy"), array, allow_pickle=False)
    with _open(_join(folder, f"{name}.json.tmp"), "w") as f:
        _dump(record, f)
    _replace(_join(folder, f"{name}.json.tmp"), _join(folder, f"{name}.json"))


def load(folder, name):
    """The record of test `name`: {"value": ...} or {"error": "..."}; None if there is none.

    Raises ValueError for a record that is malformed or too large.
    """
    path = os.path.join(folder, f"{name}.json")
    if not os.path.isfile(path):
        return None
    if os.path.islink(path):  # a link could point at a file the student's code could not read
        raise ValueError("the record is a symbolic link")
    total = os.path.getsize(path) + sum(
        os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder) if f.startswith(f"{name}."))
    if total > MAX_RECORD_BYTES:
        raise ValueError(f"the recorded result is {total / 1024**2:.0f} MB, more than the limit")
    with open(path) as f:
        record = json.load(f)

    def internalise(node):
        if not isinstance(node, dict) or "kind" not in node:
            raise ValueError("the record is malformed")
        if "file" in node:
            file = os.path.join(folder, os.path.basename(str(node["file"])))
            if os.path.islink(file):
                raise ValueError("the record is a symbolic link")
            node["array"] = np.load(file, allow_pickle=False)
        items = node.get("items", [])
        for child in (items.values() if isinstance(items, dict) else items):
            internalise(child)

    if "value" in record:
        internalise(record["value"])
        return {"value": unpack(record["value"])}
    return {"error": str(record.get("error", "unknown error"))[:MAX_MESSAGE]}
