"""The student's functions as the grader's test code sees them: proxies that ask the kernel.

At grading a test cell runs in the grader's process (judge.py), never in the student's. Its
student-facing names (forward, train, ...) are Proxy objects: calling one sends the arguments to
the sandboxed kernel (protocol.Kernel.call), where the student's function runs
(testcell.answer), and returns what the kernel sent back, read as plain data (testcell.from_wire):
numbers, strings, arrays of numbers, tuples, lists and dicts of them; never a pickle, never an
object the student made. The kernel may answer anything; whatever it answers is only what the
student's function returned. An array argument that the function changed in the kernel is
changed here the same way, so that a test sees a function that writes into its inputs as it
would in the student's own session. An error of the student's function is raised here as a
StudentError of the same name (a ValueError stays a ValueError for the test's `except`), which
carries the kernel's description of it in the student's words.
"""
import builtins

import numpy as np

import testcell
from autograder.languages import text
from autograder.kernel.protocol import KernelGone


class StudentError(Exception):
    """An error of the student's function, raised in the kernel; .description says it in words."""
    description = ""


_classes = {}  # the error classes made so far, one per builtin name


def student_error(kind, message, description):
    """A StudentError that is also the builtin exception `kind`, when there is one of that name."""
    kind = kind if isinstance(kind, str) and kind.isidentifier() else "Exception"
    base = getattr(builtins, kind, None)
    if not (isinstance(base, type) and issubclass(base, Exception)):
        base, kind = None, "StudentError"  # a class of the student's own: its name is in the description
    if kind not in _classes:
        try:
            _classes[kind] = type(kind, (StudentError, base) if base else (StudentError,), {})
        except TypeError:  # a builtin whose layout cannot be mixed in
            _classes[kind] = type(kind, (StudentError,), {})
    error = _classes[kind](str(message))
    error.description = str(description)[:testcell.MAX_MESSAGE]
    return error


class Proxy:
    """A student-facing function or class of the notebook, answered by the kernel."""

    def __init__(self, name, kernel):
        self.__name__, self.kernel = name, kernel

    def __repr__(self):
        return f"<the student's {self.__name__}>"

    def __call__(self, *args, **kwargs):
        return self.ask(args, kwargs)

    def request(self):
        return {"function": self.__name__}

    def node(self):
        return {"kind": "function", "name": self.__name__}

    def ask(self, args, kwargs, strict=False):
        arguments = testcell.to_wire((args, kwargs), reference=node_of)
        reply = self.kernel.call(dict(self.request(), arguments=arguments, strict=strict, language=text.language()))
        copy_back(args, kwargs, reply.get("changed"))
        return self.value(reply, testcell.arrays_in((args, kwargs)))

    def value(self, reply, arguments=()):
        """What the kernel's reply says the call gave: its value, or its error raised here."""
        error = reply.get("error")
        if error is not None:
            error = error if isinstance(error, dict) else {}
            raise student_error(error.get("type"), error.get("message", ""), error.get("description", ""))
        try:
            return testcell.from_wire(reply.get("value"), arguments=arguments, kept=self.remote)
        except ValueError as err:  # the kernel answered something that is no plain data
            said = text.REPLY_NOT_PLAIN.format(function=self.__name__, reason=err)
            raise student_error("TypeError", said, said) from None

    def remote(self, node):
        """An object that the kernel keeps, as its reply named it."""
        if node.get("kind") != "object":
            raise ValueError(f"not plain data: a node of kind {node.get('kind')!r} in a reply")
        return Remote(node["index"], str(node.get("class", "object"))[:40], self.kernel)


class Remote:
    """An object of the student's class (a layer, a network) that lives in the kernel.

    Its methods are calls to the kernel (RemoteMethod); reading any other attribute gives a copy of
    its value as plain data (or another Remote), so that nothing the student made runs here."""

    def __init__(self, index, class_name, kernel):
        self._index, self._class, self._kernel = index, class_name, kernel

    def __repr__(self):
        return f"<the student's {self._class} object>"

    def node(self):
        return {"kind": "object", "index": self._index}

    def __getattr__(self, name):
        if name.startswith("__") or name.startswith("_Remote"):
            raise AttributeError(name)
        reply = self._kernel.call({"object": self._index, "attribute": name, "language": text.language()})
        if reply.get("method") is True:
            return RemoteMethod(self, name)
        return Proxy(f"{self._class}.{name}", self._kernel).value(reply)


class RemoteMethod(Proxy):
    """A method of a Remote object, answered by the kernel."""

    def __init__(self, owner, name):
        super().__init__(f"{owner._class}.{name}", owner._kernel)
        self.owner, self.method = owner, name

    def request(self):
        return {"object": self.owner._index, "method": self.method}

    def node(self):
        return {"kind": "method", "index": self.owner._index, "name": self.method}


class Later:
    """testcell.later at grading: a call of the student's function or method that the kernel makes
    when the function it is handed calls it."""

    def __init__(self, target, args, kwargs):
        self.target, self.args, self.kwargs = target, args, kwargs

    def node(self):
        return {"kind": "later", "target": node_of(self.target) or {},
                "arguments": testcell.to_wire((self.args, self.kwargs), reference=node_of)}


class Member:
    """testcell.member at grading: the kernel's own attribute of a student's object."""

    def __init__(self, owner, name):
        self.owner, self.name = owner, name

    def node(self):
        return {"kind": "member", "index": self.owner._index, "name": self.name}


def later(function, *args, **kwargs):
    if isinstance(function, Proxy):
        return Later(function, args, kwargs)
    return testcell.later(function, *args, **kwargs)


def member(obj, name):
    if isinstance(obj, Remote):
        return Member(obj, name)
    return testcell.member(obj, name)


def node_of(value):
    """How an argument that lives in the kernel travels: the node that names it there; None for
    data. A function that is not the notebook's cannot travel: test code never enters the kernel."""
    if isinstance(value, (Proxy, Remote, Later, Member)):
        return value.node()
    if callable(value):
        raise TypeError(text.NOT_THE_NOTEBOOKS.format(function=repr(value)))
    return None


def copy_back(args, kwargs, changed):
    """Make the arrays the kernel changed the same here: an in-place write is seen as one."""
    if not isinstance(changed, dict):
        return
    arrays = testcell.arrays_in((args, kwargs))
    for index, tree in changed.items():
        try:
            target, new = arrays[int(index)], testcell.from_wire(tree)
            if not isinstance(new, np.ndarray):
                continue
            if new.shape != target.shape:
                target.resize(new.shape, refcheck=False)  # as ndarray.resize() in the kernel did
            np.copyto(target, new, casting="unsafe")
        except (ValueError, TypeError, IndexError):  # not the change of an argument: nothing to copy
            continue


def strict(g, *args):
    """testcell.strict for the grader's test code: a floating-point error of the student's
    function is raised in the kernel, where it runs, and told here in the same words."""
    if isinstance(g, Proxy):
        return testcell.strict(lambda *a: g.ask(a, {}, strict=True), *args)
    return testcell.strict(g, *args)


def record_of(run):
    """What a test's run() gave: {"value": ...} or {"error": words, "type": name}, as the kernel
    once recorded it and as replay.replay() records a mistake's. KernelGone is not a record."""
    try:
        return {"value": testcell.unpack(testcell.pack(run()))}
    except StudentError as err:
        return {"error": err.description, "type": type(err).__name__}
    except Exception as err:  # raised by the test's own code on what the functions returned
        return {"error": testcell.describe_error(err, text.language()), "type": type(err).__name__}


def proxies(names, kernel):
    """{name: Proxy} for the student-facing names of a notebook."""
    return {name: Proxy(name, kernel) for name in names}


__all__ = ["KernelGone", "Proxy", "Remote", "StudentError", "later", "member", "proxies", "record_of", "strict"]
