"""What every test cell of the assignment calls: check(name, run, judge, points), and how the
student's kernel answers the grader's calls.

`run()` calls the student's functions and returns what they gave back;
`judge(out)` asserts on that and raises AssertionError with a message.

In a student's own session check() does both, so a failing test shows its
message at once, and a passing one says so in one line with its points.
At grading no test code runs in the student's kernel: the grader runs each test
cell in its own process (autograder/grading/judge.py), where the student-facing names
(forward, backward, ...) are proxies. Each call of one is sent to the kernel,
which answers it with answer() below: it calls the student's function on the
arguments it was sent and sends back plain data (to_wire), and the arrays it was
passed as they are after the call, so that a function that writes into its
arguments is seen doing so. Random inputs come from test_rng(k): fixed seeds in
a student's session, seeds that never leave the grader at grading.

An error raised inside a student's function is told in the student's words
(describe_error): which function raised it, the shapes of its arguments, and
which of the test's calls it came from, so that a bare NumPy message such as
"matmul: Input operand 1 has a mismatch" points at the line to fix.
"""
import base64
import io
import json
import os
import sys
import textwrap
import traceback

import numpy as np

MAX_MESSAGE = 500

# ---------------------------------------------------------------- sentences
# The sentences this module shows a student, one dict per language with the same keys. They live
# here, not in autograder/languages/text.py, because the student's kernel imports this module alone
# (autograder/kernel/kernel_modules.py); autograder/languages/text.py lists them again by name for translators.
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
    "RAISED_IN": "{error_type}{detail}, raised in {function}({arguments}){returned}",
    "RETURNED_BY": " on {name} of shape {shape}, which {source} returned",
    "CALLED_BY": ", called by {callers}",
    "TEST_CALL": "; the test called {call}",
    "NOT_WRITTEN_YET": "{function} is not written yet (it raises NotImplementedError)",
    "AN_ANSWER": "an answer",  # in NOT_WRITTEN_YET, when no function of the student's raised it
    "NO_CATALOGUE": ("the test's sentences are in {file}, which is missing: it comes with the assignment "
                     "(fetch it again, or copy the file beside the notebook)"),
    "NO_SENTENCE": "no sentence {key!r} in {files}",
    "NO_FIELD": "the sentence {key!r} needs the field {field!r}",
    "NOT_PLAIN": "the result holds a {type} that is not a number or an array",
}
JA = {
    "HIDDEN_ELSEWHERE": ("隠しテストは学生のカーネルの外で、コースの採点プログラムだけが判定する"
                         "（`python -m autograder grade`、またはコースの nbgrader_config.py を使った nbgrader autograde）"),
    "TEST_PASSED": "{name} 合格{points}",
    "TEST_FAILED_LINE": "{name} 不合格{points}: {message}",
    "POINTS_OF": "（{points}）",
    "ONE_POINT": "1 点",
    "POINTS": "{points:g} 点",
    "RAISED_IN": "{function}({arguments}) の中で {error_type} が発生しました{detail}{returned}",
    "RETURNED_BY": "（{source} が返した形 {shape} の {name} で）",
    "CALLED_BY": "（呼び出し元: {callers}）",
    "TEST_CALL": "。テストでの呼び出し: {call}",
    "NOT_WRITTEN_YET": "{function} はまだ書かれていない（NotImplementedError を送出する）",
    "AN_ANSWER": "解答",
    "NO_CATALOGUE": ("テストのメッセージを収めた {file} が見つからない。課題に含まれているファイルなので、"
                     "課題を取得し直すか、ノートブックと同じフォルダに置くこと"),
    "NO_SENTENCE": "{files} にメッセージ {key!r} がない",
    "NO_FIELD": "メッセージ {key!r} にはフィールド {field!r} が必要",
    "NOT_PLAIN": "結果に数値でも配列でもない {type} が含まれている",
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


def later(function, *args, **kwargs):
    """A function of one argument, which it ignores, that calls function(*args, **kwargs): what a
    test hands the student's numerical_gradient as `lambda _: net.loss(X, D)`. At grading the
    kernel makes it from the student's own function or method (autograder/grading/calls.py), so that no
    code of the test enters the student's process."""
    return lambda *_: function(*args, **kwargs)


def member(obj, name):
    """obj.<name> itself, not a copy: at grading the kernel's own attribute of the student's object,
    so that a function that moves an array in place (numerical_gradient on net.W) moves the
    network's, as it does in the student's session."""
    return getattr(obj, name)


# ---------------------------------------------------------------- errors in the student's words
_LIBRARY = tuple(sorted({os.path.join(p, "") for p in (
    sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.abspath(__file__)),
    os.path.dirname(os.path.dirname(os.path.abspath(np.__file__))))}))


def describe_error(err, language="en", _library=_LIBRARY, called=False):
    """'ValueError: ..., raised in forward(x: (5,), W: (7, 6), ...), called by sgd_step; the test
    called sgd_step(...)': the error, the student's function that raised it with the shapes of its
    arguments, and the call of the test's run() it came from. At most MAX_MESSAGE characters.
    When the error names the shape of a value that another of the student's functions returned
    there ('shapes (2,3) (3,2)', grad_W from backward), that function is named too, before the
    callers: it is where the wrong shape arose.

    The frames of the traceback are: the check that called run(), run() itself (and its list
    comprehensions: the test cell's code), then the student's functions and the libraries they
    called; `called`: the traceback of a call the grader asked for (answer()), whose frames are
    this module's and then the student's. The same error gives the same words in the kernel and
    in a replay in the grader's process, so that records stay comparable. `language`: that of its
    own words.
    """
    words = sentences(language)
    message = " ".join(_message(err).split())
    detail = f": {message}"[:300 - len(type(err).__name__)] if message else ""
    mine = _student_frames(err, _library, called)
    if not mine:  # raised by the test's own code, or by a library the test called
        return (type(err).__name__ + detail)[:MAX_MESSAGE]
    inner, outer = mine[-1], mine[0]
    returned = _returned_by(inner, message, _library)
    said = words["RAISED_IN"].format(
        error_type=type(err).__name__, detail=detail, function=inner.f_code.co_name, arguments=_arguments(inner),
        returned=words["RETURNED_BY"].format(name=returned[0], shape=returned[1], source=returned[2]) if returned else "")
    if len(mine) > 1:
        said += words["CALLED_BY"].format(callers=", ".join(f.f_code.co_name for f in reversed(mine[:-1])))
        said += words["TEST_CALL"].format(call=f"{outer.f_code.co_name}({_arguments(outer)})")
    return said[:MAX_MESSAGE]


def _student_frames(err, library=_LIBRARY, called=False):
    """The frames of the student's functions in err's traceback, the test's call first."""
    frames, tb = [], err.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    test_file = None if called else frames[1].f_code.co_filename if len(frames) > 1 else None
    return [f for f in frames[0 if called else 1:] if f.f_code.co_filename != test_file
            and not f.f_code.co_filename.startswith(library + ("<frozen", "<__array_function__"))]


def _returned_by(frame, message, library=_LIBRARY):
    """(name, shape, function) of the first local of `frame` whose shape the error's message names and
    that a call of another of the student's functions on the same line gave it; None if none."""
    import dis
    import types
    try:
        said, calls, line, found = message.replace(" ", ""), {}, None, []
        for ins in dis.get_instructions(frame.f_code):
            positions = getattr(ins, "positions", None)  # Python 3.11 and later
            start = positions.lineno if positions is not None else ins.starts_line
            line = start if isinstance(start, int) and not isinstance(start, bool) else line
            if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
                function = frame.f_globals.get(ins.argval)
                if (isinstance(function, types.FunctionType) and function.__code__ is not frame.f_code
                        and not function.__code__.co_filename.startswith(library)):
                    calls.setdefault(line, ins.argval)
            elif ins.opname == "STORE_FAST" and line in calls:
                found.append((ins.argval, calls[line]))
        for name, source in found:
            value = frame.f_locals.get(name)
            if isinstance(value, np.ndarray) and value.ndim and str(value.shape).replace(" ", "") in said:
                return name, value.shape, source
    except Exception:  # a frame this cannot read: the error is told without it
        return None
    return None


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


# ---------------------------------------------------------------- plain data
# What crosses from the student's kernel to the grader: nested tuples, lists and dicts of numbers,
# strings and arrays of numbers, never a pickle and never an object the student made.
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
        if array.dtype.kind not in NUMBERS:
            raise TypeError(sentences()["NOT_PLAIN"].format(type=type(v).__name__))
        return {"kind": "scalar" if isinstance(v, _generic) else "array", "array": array}
    return node(value)


NUMBERS = "biufc"  # the dtype kinds of arrays that may cross: bool, int, uint, float, complex


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


def to_wire(value, reference=None, arguments=(), keep=None, _pack=pack, _save=np.save, _ndarray=np.ndarray):
    """`value` as a tree for JSON: pack()'s structure with each array as the base64 of its .npy bytes.
    Arguments may also hold what lives in the kernel (reference(v) gives its node, for the other
    side to look up: a function of the notebook, an object the kernel keeps, a method or an
    attribute of one, a `later` call of them) and the same array twice (sent once, then as a
    reference to it). A result that is one of the call's `arguments` (a function that wrote into W
    and returned it) is sent as that argument, so that the caller's result is its own array, as it
    would be in one process. A result that is no plain data goes to keep(v), which keeps it and
    gives its number, or raises. What it uses is bound when this module is imported (the setup cell
    does, before any student cell), so that a student's cell that patches NumPy or this module does
    not break how their answers travel."""
    seen = {}
    passed = {id(a): i for i, a in enumerate(arguments)}

    def node(v):
        if reference is not None and not isinstance(v, (_ndarray, tuple, list, dict)):
            referred = reference(v)
            if referred is not None:
                return referred
        if isinstance(v, _ndarray) and id(v) in passed:
            return {"kind": "argument", "index": passed[id(v)]}
        if isinstance(v, _ndarray) and id(v) in seen:
            return {"kind": "ref", "index": seen[id(v)]}
        if isinstance(v, _ndarray):
            seen[id(v)] = len(seen)
        if isinstance(v, (tuple, list, dict)):
            items = v.items() if isinstance(v, dict) else enumerate(v)
            shaped = {str(k): node(x) for k, x in items}
            return {"kind": "dict", "items": shaped} if isinstance(v, dict) else {
                "kind": type(v).__name__, "items": list(shaped.values())}
        try:
            packed = _pack(v)
        except TypeError:
            if keep is None:
                raise
            return {"kind": "object", "index": keep(v), "class": type(v).__name__}
        if "array" in packed:
            buffer = io.BytesIO()
            _save(buffer, packed.pop("array"), allow_pickle=False)
            packed["npy"] = base64.b64encode(buffer.getvalue()).decode("ascii")
        return packed

    return node(value)


def from_wire(tree, function=None, max_depth=32, arguments=(), kept=None):
    """The value of a tree that to_wire() made (read from JSON); raises ValueError for anything
    else. `function(name)` gives the function a {"kind": "function"} node names (None: such
    nodes are refused); `arguments`, the arrays an {"kind": "argument"} node names; `kept(node)`,
    what an object, member or method node names (None: refused). A {"kind": "later"} node is
    made into `later(target, *args, **kwargs)` of its target and arguments."""
    arrays = []

    def node(n, depth):
        if depth > max_depth or not isinstance(n, dict):
            raise ValueError("not plain data: too deep or malformed")
        kind = n.get("kind")
        if kind in ("tuple", "list") and isinstance(n.get("items"), list):
            items = [node(x, depth + 1) for x in n["items"]]
            return tuple(items) if kind == "tuple" else items
        if kind == "dict" and isinstance(n.get("items"), dict):
            return {str(k): node(x, depth + 1) for k, x in n["items"].items()}
        if kind == "plain" and (n.get("value") is None or isinstance(n.get("value"), (bool, str))):
            return n["value"]
        if kind == "int" and type(n.get("value")) is int:
            return n["value"]
        if kind == "float" and type(n.get("value")) in (int, float):
            return float(n["value"])
        if kind in ("array", "scalar") and isinstance(n.get("npy"), str):
            array = np.load(io.BytesIO(base64.b64decode(n["npy"], validate=True)), allow_pickle=False)
            if not isinstance(array, np.ndarray) or array.dtype.kind not in NUMBERS:
                raise ValueError("not plain data: an array of other than numbers")
            arrays.append(array)
            return array[()] if kind == "scalar" else array
        if kind == "argument" and type(n.get("index")) is int and 0 <= n["index"] < len(arguments):
            return arguments[n["index"]]
        if kind == "ref" and type(n.get("index")) is int and 0 <= n["index"] < len(arrays):
            return arrays[n["index"]]
        if kind == "function" and function is not None and isinstance(n.get("name"), str):
            return function(n["name"])
        if kind in ("object", "member", "method") and kept is not None and type(n.get("index")) is int:
            return kept(n)
        if kind == "later" and (function is not None or kept is not None):
            target, (args, kwargs) = node(n.get("target"), depth + 1), node(n.get("arguments"), depth + 1)
            if callable(target) and isinstance(args, tuple) and isinstance(kwargs, dict):
                return later(target, *args, **kwargs)
        raise ValueError(f"not plain data: a node of kind {str(kind)[:20]!r}")

    try:
        return node(tree, 0)
    except (ValueError, TypeError, OSError, EOFError, RecursionError) as err:
        raise ValueError(str(err) if isinstance(err, ValueError) else f"not plain data: {type(err).__name__}") from None


def arrays_in(value):
    """The arrays in nested tuples, lists and dicts, in the order to_wire() meets them."""
    if isinstance(value, np.ndarray):
        return [value]
    if isinstance(value, (tuple, list)):
        return [a for v in value for a in arrays_in(v)]
    if isinstance(value, dict):
        return [a for v in value.values() for a in arrays_in(v)]
    return []


# ---------------------------------------------------------------- answering the grader's calls
def _unchanged(a, b, _array_equal=np.array_equal, _isnan=np.isnan, _nan_to_num=np.nan_to_num):
    """Whether array `a` is still `b`, NaN for NaN."""
    if a.shape != b.shape:
        return False
    if a.dtype.kind not in "fc":
        return bool(_array_equal(a, b))
    return bool(_array_equal(_isnan(a), _isnan(b)) and _array_equal(_nan_to_num(a), _nan_to_num(b)))


def answer(namespace, request, _to_wire=to_wire, _from_wire=from_wire, _arrays_in=arrays_in,
           _unchanged=_unchanged):
    """The kernel's reply (a dict, sent as one JSON line) to the grader's request to call
    namespace[request["function"]], or the method request["method"] of the object it keeps as
    number request["object"], on the arguments it sent; or to read that object's attribute
    request["attribute"] (a method is answered {"method": True}, and called by a later request).

    The reply holds the result (to_wire), or the error the function raised, in the student's
    words (describe_error, in the request's language) and as its type and message, so that a
    test's `except ValueError` catches it in the grader as it would here; and every array argument
    that the call changed, as it is after the call. A result that is an object of a class the
    notebook defines (a layer, a network) stays here, kept (keep), and the grader gets its number.
    With "strict", a floating-point overflow, division by zero or invalid operation is an error, as
    strict() makes it. What it uses is bound at import, as in to_wire.
    """
    language = request.get("language") if request.get("language") in SENTENCES else "en"
    reply = {"reply": request.get("call")}
    members = []
    try:
        args, kwargs = _from_wire(request.get("arguments", {"kind": "tuple", "items": [
            {"kind": "tuple", "items": []}, {"kind": "dict", "items": {}}]}),
            function=lambda name: _look_up(namespace, name), kept=lambda node: _kept_node(node, members))
        arrays = [a for a in _arrays_in((args, kwargs)) if not any(a is m for m in members)]
        before = [a.copy() for a in arrays]
        target = _target(namespace, request)
    except BaseException as err:  # a function the notebook does not define, say
        reply["error"] = _error(err, language)
        return reply
    try:
        if "attribute" in request:
            if callable(target) and not isinstance(target, type):
                reply["method"] = True
                return reply
            result = target
        else:
            result = _call(target, args, kwargs, request.get("strict"))
        reply["value"] = _to_wire(result, arguments=arrays, keep=_keep)
    except BaseException as err:  # the student's error, or a result that is no plain data: the reply says so
        reply["error"] = _error(err, language)
    reply["changed"] = {str(i): _to_wire(a) for i, (a, b) in enumerate(zip(arrays, before)) if not _unchanged(a, b)}
    return reply


_KEPT = []  # the objects of the notebook's classes that calls returned: the grader names them by number


def _keep(value, _kept=_KEPT, _plain=pack):
    """Keep an object of a class of the notebook's (defined in __main__, the notebook) and give its number;
    anything else that is no plain data is refused, as pack() refuses it."""
    if getattr(type(value), "__module__", None) != "__main__":
        _plain(value)  # raises TypeError, saying what it is
    _kept.append(value)
    return len(_kept) - 1


def _kept_node(node, members, _kept=_KEPT):
    """What a node of kind object, member or method names: a kept object, its attribute itself
    (remembered in `members`: the object's own array, not an argument whose change is sent back),
    or its bound method."""
    if not 0 <= node["index"] < len(_kept):
        raise ValueError(f"no object number {node['index']}")
    obj = _kept[node["index"]]
    if node["kind"] == "object":
        return obj
    if not isinstance(node.get("name"), str):
        raise ValueError("a member without a name")
    value = getattr(obj, node["name"])
    if node["kind"] == "member":
        members.append(value)
    return value


def _target(namespace, request):
    """What the request calls (or, for an attribute, reads): a function of the notebook, or a
    method or attribute of a kept object."""
    if "object" not in request:
        return _look_up(namespace, request.get("function"))
    number, name = request.get("object"), request.get("method", request.get("attribute"))
    if type(number) is not int or not 0 <= number < len(_KEPT) or not isinstance(name, str):
        raise NameError(f"no object number {number!r} with a member {name!r}")
    return getattr(_KEPT[number], name)


def _look_up(namespace, name):
    if not isinstance(name, str) or name not in namespace:
        raise NameError(f"name {name!r} is not defined")
    return namespace[name]


def _call(function, args, kwargs, strict_errors):
    import warnings
    if not strict_errors:
        return function(*args, **kwargs)
    with warnings.catch_warnings(), np.errstate(**STRICT):
        warnings.simplefilter("error", RuntimeWarning)
        return function(*args, **kwargs)


def _error(err, language):
    return {"type": type(err).__name__, "message": _message(err)[:2000],
            "description": describe_error(err, language, called=True)}


STRICT = {"over": "raise", "invalid": "raise", "divide": "raise"}


def _message(err):
    try:
        return str(err)
    except Exception:  # a student's exception whose __str__ fails
        return ""
