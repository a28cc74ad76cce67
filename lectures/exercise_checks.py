"""Tools for the lectures' check cells: does an answer do the work the exercise asks for?

A check cell that only compares values can be passed without the work: a
vectorised exercise answered with a loop, a backpropagation exercise answered
by calling ``numerical_gradient`` or the lecture's own ``backward``. These two
functions look at *how* an answer computes, so the check can say so:

- ``loops_in(fn)``: the loops in a function's source (``for``, ``while``,
  comprehensions, and the loop-in-disguise helpers ``map``, ``np.vectorize``,
  ``np.apply_along_axis``, ``np.frompyfunc``), in the helpers of the notebook it
  calls too, and recursion, which is a loop as well;
- ``forbidden_calls(fn, forbidden)``: which of the named functions ``fn`` can
  reach: by name, through another name bound to the same function object, as
  a default argument or closure variable, or through a helper function of the
  notebook that does so.

Both are heuristics for teaching, not a sandbox: a student set on cheating
can hide a call (``eval`` of a string). They catch the shortcuts that a
student takes without noticing that they skip the exercise.
"""
import ast
import inspect
import textwrap
import types

# each loop as Python writes it, so that the English and the Japanese sentence can both show it
LOOP_NODES = {
    ast.For: "for", ast.AsyncFor: "async for", ast.While: "while",
    ast.ListComp: "[... for ...]", ast.SetComp: "{... for ...}",
    ast.DictComp: "{...: ... for ...}", ast.GeneratorExp: "(... for ...)",
}
LOOP_CALLS = {"map", "vectorize", "apply_along_axis", "frompyfunc"}


def loops_in(fn, _path=()):
    """The loops in fn's source as code, e.g. ["for", "np.vectorize()"], and in the source of every
    helper of fn's own module that it calls (a loop moved into a helper is still a loop);
    "recursion" when fn reaches itself again. [] when there are none.

    Raises OSError when fn's source cannot be found (a function made by exec of a string)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    found = []
    for node in ast.walk(tree):
        if type(node) in LOOP_NODES:
            found.append(LOOP_NODES[type(node)])
        elif isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in LOOP_CALLS:
                found.append(f"{name}()")
    path = _path + (fn,)
    for _, value in _referenced_values(fn):
        if not (isinstance(value, types.FunctionType) and value.__module__ == fn.__module__):
            continue
        if any(value is on_path for on_path in path):
            found.append("recursion")
        else:
            try:
                found.extend(loops_in(value, path))
            except (OSError, TypeError):   # a helper without source: nothing to read
                pass
    return found


def _code_objects(code):
    """A code object and every code object nested in it (inner functions, lambdas)."""
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_objects(const)


def _referenced_values(fn):
    """(name, value) of everything fn can reach directly: globals and attributes it names,
    its default arguments and its closure variables."""
    names = {n for code in _code_objects(fn.__code__) for n in code.co_names + code.co_freevars}
    for name in names:
        yield name, fn.__globals__.get(name)
    for value in (fn.__defaults__ or ()) + tuple((fn.__kwdefaults__ or {}).values()):
        yield None, value
    for cell in fn.__closure__ or ():
        try:
            yield None, cell.cell_contents
        except ValueError:  # an empty cell: the variable was never assigned
            pass


def forbidden_calls(fn, forbidden, _seen=None):
    """The names in `forbidden` ({name: function}) that fn refers to, directly or through
    helpers of its own module; sorted, [] when there are none."""
    seen = set() if _seen is None else _seen
    if id(fn) in seen or not isinstance(fn, types.FunctionType):
        return []
    seen.add(id(fn))
    hits = set()
    for name, value in _referenced_values(fn):
        if name in forbidden:
            hits.add(name)
        hits.update(n for n, f in forbidden.items() if value is f)
        # a helper written in the same notebook (not the forbidden function itself) is searched too
        if isinstance(value, types.FunctionType) and value.__module__ == fn.__module__:
            hits.update(forbidden_calls(value, forbidden, seen))
    return sorted(hits)
