"""The one reference implementation: the solution cells of the source notebook.

Everything that needs the reference math (the reference-data generator, the
demo, the tests) imports it from here instead of keeping a copy.
"""
import types
from pathlib import Path

import nbformat


def cell_meta(cell):
    """A cell's metadata; {} where a student's file holds something else."""
    meta = cell.get("metadata")
    return meta if isinstance(meta, dict) else {}


def nbgrader_meta(cell):
    meta = cell_meta(cell).get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def is_test_cell(cell):
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and meta.get("grade", False) and not meta.get("solution", False)


def reference_cells(nb):
    """The locked set-up cells and the solution cells, in notebook order."""
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if cell.cell_type != "code" or not meta or is_test_cell(cell):
            continue
        if meta.get("solution") or meta.get("locked"):
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
        grade_id = nbgrader_meta(cell).get("grade_id")
        code = (replaced or {}).get(grade_id, cell.source)
        exec(compile(code, f"{name}:{grade_id}", "exec"), module.__dict__)
    return module


def strip_solution_markers(source):
    """Solution code as a student would write it: without the BEGIN/END SOLUTION lines."""
    return "\n".join(
        line for line in source.splitlines()
        if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")
    )
