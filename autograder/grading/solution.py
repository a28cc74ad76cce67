"""The one reference implementation: the solution cells of the source notebook.

Everything that needs the reference math (the reference-data generator, the
demo, the tests) imports it from here instead of keeping a copy.
"""
import types
from pathlib import Path

import nbformat

from autograder.cells import BEGIN_SOLUTION, END_SOLUTION, grade_id_of, is_locked, is_solution, is_test_cell


def reference_cells(nb):
    """The locked set-up cells and the solution cells, in notebook order."""
    for cell in nb.cells:
        if cell.cell_type == "code" and not is_test_cell(cell) and (is_solution(cell) or is_locked(cell)):
            yield cell


def load_solution(notebook_path):
    """Run the reference cells of a source notebook; return them as a module."""
    path = Path(notebook_path)
    module = run_reference_cells(nbformat.read(path, as_version=4), f"{path.stem}_solution")
    module.__file__ = str(path)
    return module


def run_reference_cells(nb, name, replaced=None):
    """The reference cells of `nb` run as module `name`; `replaced`: {grade_id: other code}."""
    module = types.ModuleType(name)
    for cell in reference_cells(nb):
        code = (replaced or {}).get(grade_id_of(cell), cell.source)
        exec(compile(code, f"{name}:{grade_id_of(cell)}", "exec"), module.__dict__)
    return module


def strip_solution_markers(source):
    """Solution code as a student would write it: without the BEGIN/END SOLUTION lines."""
    return "\n".join(
        line for line in source.splitlines()
        if line.strip() not in (f"### {BEGIN_SOLUTION}", f"### {END_SOLUTION}")
    )
