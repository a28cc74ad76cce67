"""What every test cell of the assignment calls: check(name, run, judge, points).

`run()` calls the student's functions and returns what they gave back;
`judge(out)` asserts on that and raises AssertionError with a message.

In a student's own session check() does both, so a failing test shows its
message at once, and a passing one says so in one line with its points. At
grading, the grader's kernel binds check and test_rng to grading_hooks() in
front of every test cell: `run()`'s result is only recorded, and the grader
judges the record in its own process, where no student code has run and the
student-facing names (forward, backward, ...) are the reference solution's.
Random inputs come from test_rng(k): fixed seeds in a student's session,
seeds nobody knows before grading.

An error raised inside a student's function is told in the student's words
(describe_error): which function raised it, the shapes of its arguments, and
which of the test's calls it came from, so that a bare NumPy message such as
"matmul: Input operand 1 has a mismatch" points at the line to fix.
"""
import json
import os
import sys
import textwrap
import traceback

import numpy as np

MAX_RECORD_BYTES = 50 * 1024**2
MAX_MESSAGE = 500

# ---------------------------------------------------------------- sentences
# The sentences this module shows a student, one dict per language with the same keys. They live
# here, not in autograder/text.py, because the student's kernel imports this module alone
# (autograder/kernel_modules.py); autograder/text.py lists them again by name for translators.
# Which dict a student's session uses is chosen by messages(language=...) in the notebook's setup
# cell: check() speaks the language of the `say` its test cell's judge sees.
EN = {
    "HIDDEN_ELSEWHERE": ("hidden tests are judged only by the course's grader, outside the student's kernel "
                         "(`python -m autograder grade`, or nbgrader autograde with the course's nbgrader_config.py)"),
    "TEST_PASSED": "{name} passed{points}",
    "TEST_FAILED_LINE": "{name} failed{points}: {message}",
    "POINTS_OF": " ({points})",
    "ONE_POINT": "1 point",
    "POINTS": "{points:g} points",
    "RAISED_IN": "{error}, raised in {function}({arguments})",
    "CALLED_BY": ", called by {callers}",
    "TEST_CALL": "; the test called {call}",
    "NOT_WRITTEN_YET": "{function} is not written yet (it raises NotImplementedError)",
    "AN_ANSWER": "an answer",  # in NOT_WRITTEN_YET, when no function of the student's raised it
    "NO_CATALOGUE": ("the test's sentences are in {file}, which is missing: it comes with the assignment "
                     "(fetch it again, or copy the file beside the notebook)"),
    "NO_SENTENCE": "no sentence {key!r} in {files}",
    "NO_FIELD": "the sentence {key!r} needs the field {field!r}",
}
JA = {
    "HIDDEN_ELSEWHERE": ("隠しテストは学生のカーネルの外で、コースの採点プログラムだけが判定する"
                         "（`python -m autograder grade`、またはコースの nbgrader_config.py を使った nbgrader autograde）"),
    "TEST_PASSED": "{name} 合格{points}",
    "TEST_FAILED_LINE": "{name} 不合格{points}: {message}",
    "POINTS_OF": "（{points}）",
    "ONE_POINT": "1 点",
    "POINTS": "{points:g} 点",
    "RAISED_IN": "{error}。{function}({arguments}) で発生",
    "CALLED_BY": "（呼び出し元: {callers}）",
    "TEST_CALL": "。テストでの呼び出し: {call}",
    "NOT_WRITTEN_YET": "{function} はまだ書かれていない（NotImplementedError を送出する）",
    "AN_ANSWER": "解答",
    "NO_CATALOGUE": ("テストのメッセージを収めた {file} が見つからない。課題に含まれているファイルなので、"
                     "課題を取得し直すか、ノートブックと同じフォルダに置くこと"),
    "NO_SENTENCE": "{files} にメッセージ {key!r} がない",
    "NO_FIELD": "メッセージ {key!r} にはフィールド {field!r} が必要",
}
SENTENCES = {"en": EN, "ja": JA}

# The catalogues of a test's sentences, in the assignment's folder: {key: sentence}, one file a
# language. The visible tests' file is released with the notebook; the hidden tests' lies in ref/,
# which is never released and which the sandbox hides: only the grader reads it.
CATALOGUE = "messages.{language}.json"
HIDDEN_CATALOGUE = os.path.join("ref", "hidden_messages.{language}.json")


def sentences(language="en"):
    """This module's sentences in `language` ("en" or "ja")."""
    return SENTENCES[language]


class Say:
    """say(key, **fields): the catalogue's sentence `key` formatted with `fields`.

    The files are read on the first call, not before: at grading the student's kernel only records
    results and never says anything, so a submission handed in without the catalogue still runs.
    A key that no file holds, or a field that the sentence needs and the call does not give,
    raises KeyError naming it.
    """

    def __init__(self, language, files):
        self.language, self.files, self._catalogue = language, tuple(files), None

    def catalogue(self):
        if self._catalogue is None:
            catalogue = {}
            for path in self.files:
                try:
                    with open(path, encoding="utf-8") as f:
                        catalogue.update(json.load(f))
                except FileNotFoundError:
                    raise FileNotFoundError(sentences(self.language)["NO_CATALOGUE"].format(file=path)) from None
            self._catalogue = catalogue
        return self._catalogue

    def __call__(self, key, **fields):
        catalogue = self.catalogue()
        if key not in catalogue:
            raise KeyError(sentences(self.language)["NO_SENTENCE"].format(
                key=key, files=", ".join(map(str, self.files))))
        try:
            return catalogue[key].format(**fields)
        except KeyError as err:
            raise KeyError(sentences(self.language)["NO_FIELD"].format(key=key, field=err.args[0])) from None

    def __repr__(self):
        return f"messages(language={self.language!r}) from {', '.join(map(str, self.files))}"


def messages(language="en", folder=".", hidden=False):
    """say(key, **fields) in `language`, from the catalogue in the assignment's `folder`
    (messages.<language>.json); hidden=True: the hidden tests' sentences too (the grader's only).

    An edition kept in a folder named after its language (source/<assignment>/ja/) reads the
    catalogue of the assignment's folder above it, where the release puts it beside the notebook."""
    sentences(language)  # a language this module does not speak is refused at once: KeyError
    if (not os.path.isfile(os.path.join(folder, CATALOGUE.format(language=language)))
            and os.path.basename(os.path.abspath(folder)) == language):
        folder = os.path.dirname(os.path.abspath(folder))
    files = [os.path.join(folder, CATALOGUE.format(language=language))]
    if hidden:
        files.append(os.path.join(folder, HIDDEN_CATALOGUE.format(language=language)))
    return Say(language, files)


def language_of(judge):
    """The language of the `say` that a test cell's judge sees (its cell's globals); English without one."""
    say = getattr(judge, "__globals__", {}).get("say")
    return say.language if isinstance(say, Say) else "en"


def points_phrase(points, language="en"):
    """'1 point', '2 points', '0.5 points'."""
    words = sentences(language)
    return words["ONE_POINT"] if points == 1 else words["POINTS"].format(points=points)


def rng_for(k, seed=None):
    return np.random.default_rng(k if seed is None else [int(seed), k])


def test_rng(k):
    """The random generator of a test's inputs."""
    return rng_for(k)


class TestFailed(AssertionError):
    """A failed test. IPython shows an exception's _render_traceback_() in place of its traceback,
    so the student reads one line, the test's name and the judge's message, not the judge's code
    (and, after an error in their own function, that function's traceback first)."""

    def __init__(self, name, message, points=None, cause=(), language="en"):
        super().__init__(message)
        self.line = sentences(language)["TEST_FAILED_LINE"].format(
            name=name, message=message, points=_points(points, language))
        self.cause = list(cause)

    def _render_traceback_(self, _wrap=textwrap.wrap):
        # lines of 80 characters: nbgrader validate prints each line indented and cut at 87
        return self.cause + _wrap(self.line, 80, break_on_hyphens=False)


def _points(points, language="en"):
    return "" if points is None else sentences(language)["POINTS_OF"].format(points=points_phrase(points, language))


def check(name, run, judge, points=None):
    """Run a test in the student's session: judge run()'s result, say the outcome in one line.

    `points` is the test's points (from its cell's nbgrader metadata, which code cannot read);
    without it the line leaves them out. The line is in the language of the `say` that the
    judge's cell sees (the setup cell's messages(language=...)).
    """
    language = language_of(judge)
    words = sentences(language)
    try:
        out = run()
    except NotImplementedError as err:  # an answer not written yet: one line says which
        mine = _student_frames(err)
        function = mine[-1].f_code.co_name if mine else words["AN_ANSWER"]
        raise TestFailed(name, words["NOT_WRITTEN_YET"].format(function=function), points,
                         language=language) from None
    except Exception as err:
        raise TestFailed(name, describe_error(err, language), points, _traceback_lines(err), language) from err
    if name.startswith("hidden_"):  # its judge needs the reference: only the grader's process has it
        raise RuntimeError(words["HIDDEN_ELSEWHERE"])
    try:
        judge(out)
    except AssertionError as err:
        raise TestFailed(name, str(err), points, language=language) from None
    print(words["TEST_PASSED"].format(name=name, points=_points(points, language)))


def _traceback_lines(err):
    return [line.rstrip("\n") for line in traceback.format_exception(type(err), err, err.__traceback__)]


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


def grading_hooks(folder, seed, language="en"):
    """(check, test_rng) for the grader's kernel: record `run()`'s result, never judge. An error
    is recorded in `language`'s words (describe_error), the course's language.

    Made before any student code runs and holding its own references, so a
    student cell that rebinds `check`, patches this module or numpy's
    comparisons changes nothing about what is recorded.
    """
    def check(name, run, judge, points=None, _pack=pack, _save=save, _describe=describe_error):
        try:
            record = {"value": _pack(run())}
        except Exception as err:  # the student's error is the test's result, judged by the grader
            try:
                record = {"error": _describe(err, language)}
            except Exception:  # only words: a helper the student patched must not lose the record
                record = {"error": "an error whose description failed"}
        _save(folder, name, record)

    def test_rng(k, _rng_for=rng_for):
        return _rng_for(k, seed)

    return check, test_rng


# ---------------------------------------------------------------- errors in the student's words
_LIBRARY = tuple(sorted({os.path.join(p, "") for p in (
    sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.abspath(__file__)),
    os.path.dirname(os.path.dirname(os.path.abspath(np.__file__))))}))


def describe_error(err, language="en", _library=_LIBRARY):
    """'ValueError: ..., raised in forward(x: (5,), W: (7, 6), ...), called by sgd_step; the test
    called sgd_step(...)': the error, the student's function that raised it with the shapes of its
    arguments, and the call of the test's run() it came from. At most MAX_MESSAGE characters.

    The frames of the traceback are: the check that called run(), run() itself (and its list
    comprehensions: the test cell's code), then the student's functions and the libraries they
    called. The same error gives the same words in the student's kernel and in a replay in the
    grader's process, so that records stay comparable. `language`: that of its own words.
    """
    words = sentences(language)
    try:
        message = " ".join(str(err).split())
    except Exception:  # a student's exception whose __str__ fails
        message = ""
    error = (f"{type(err).__name__}: {message}" if message else type(err).__name__)[:300]
    mine = _student_frames(err, _library)
    if not mine:  # raised by the test's own code, or by a library the test called
        return error[:MAX_MESSAGE]
    inner, outer = mine[-1], mine[0]
    said = words["RAISED_IN"].format(error=error, function=inner.f_code.co_name, arguments=_arguments(inner))
    if len(mine) > 1:
        said += words["CALLED_BY"].format(callers=", ".join(f.f_code.co_name for f in reversed(mine[:-1])))
        said += words["TEST_CALL"].format(call=f"{outer.f_code.co_name}({_arguments(outer)})")
    return said[:MAX_MESSAGE]


def _student_frames(err, library=_LIBRARY):
    """The frames of the student's functions in err's traceback, the test's call first."""
    frames, tb = [], err.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    test_file = frames[1].f_code.co_filename if len(frames) > 1 else None
    return [f for f in frames[1:] if f.f_code.co_filename != test_file
            and not f.f_code.co_filename.startswith(library + ("<frozen", "<__array_function__"))]


def _arguments(frame):
    """'x: (5,), W: (7, 6), eta: 0.1, f: sigmoid': each argument's shape, or its value when short."""
    code = frame.f_code
    names = code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]
    return ", ".join(f"{name}: {_shape(frame.f_locals.get(name))}" for name in names)


def _shape(value):
    if isinstance(value, (np.ndarray, np.generic)):
        return str(value.shape) if value.ndim else f"{value.dtype} scalar"
    if isinstance(value, (bool, int, float)) or value is None:
        return repr(value)
    if isinstance(value, (list, tuple)):
        return f"{type(value).__name__} of {len(value)}"
    if callable(value):
        return getattr(value, "__name__", type(value).__name__)
    return type(value).__name__


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
