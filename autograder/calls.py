"""The student's functions as the grader's test code sees them: proxies that ask the kernel.

At grading a test cell runs in the grader's process (judge.py), never in the student's. Its
student-facing names (forward, train, ...) are Proxy objects: calling one sends the arguments to
the sandboxed kernel (sandbox._Kernel.call), where the student's function runs
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
from autograder import text
from autograder.sandbox import KernelGone


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
    """A student-facing function of the notebook, answered by the kernel."""

    def __init__(self, name, kernel, language):
        self.__name__, self.kernel, self.language = name, kernel, language

    def __repr__(self):
        return f"<the student's {self.__name__}>"

    def __call__(self, *args, **kwargs):
        return self.ask(args, kwargs)

    def ask(self, args, kwargs, strict=False):
        arguments = testcell.to_wire((args, kwargs), function_name=name_of)
        reply = self.kernel.call({"function": self.__name__, "arguments": arguments, "strict": strict,
                                  "language": self.language})
        copy_back(args, kwargs, reply.get("changed"))
        error = reply.get("error")
        if error is not None:
            error = error if isinstance(error, dict) else {}
            raise student_error(error.get("type"), error.get("message", ""), error.get("description", ""))
        try:
            return testcell.from_wire(reply.get("value"), arguments=testcell.arrays_in((args, kwargs)))
        except ValueError as err:  # the kernel answered something that is no plain data
            said = text.REPLY_NOT_PLAIN.format(function=self.__name__, reason=err)
            raise student_error("TypeError", said, said) from None




def name_of(function):
    """How a function argument travels: by the name of the notebook's function it is."""
    if isinstance(function, Proxy):
        return function.__name__
    raise TypeError(text.NOT_THE_NOTEBOOKS.format(function=repr(function)))


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


def record_of(run, language):
    """What a test's run() gave: {"value": ...} or {"error": words, "type": name}, as the kernel
    once recorded it and as replay.replay() records a mistake's. KernelGone is not a record."""
    try:
        return {"value": testcell.unpack(testcell.pack(run()))}
    except StudentError as err:
        return {"error": err.description, "type": type(err).__name__}
    except Exception as err:  # raised by the test's own code on what the functions returned
        return {"error": testcell.describe_error(err, language), "type": type(err).__name__}


def proxies(names, kernel, language):
    """{name: Proxy} for the student-facing names of a notebook."""
    return {name: Proxy(name, kernel, language) for name in names}


__all__ = ["KernelGone", "Proxy", "StudentError", "proxies", "record_of", "strict"]
