"""The one reference implementation: the solution cells of the source notebook.

Everything that needs the reference math (the reference-data generator, the
demo, the tests) imports it from here instead of keeping a copy.
"""
import types
from pathlib import Path

import nbformat


def nbgrader_meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


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
    nb = nbformat.read(path, as_version=4)
    module = types.ModuleType(f"{path.stem}_solution")
    module.__file__ = str(path)
    for cell in reference_cells(nb):
        exec(compile(cell.source, f"{path.name}:{nbgrader_meta(cell).get('grade_id')}", "exec"), module.__dict__)
    return module


def strip_solution_markers(source):
    """Solution code as a student would write it: without the BEGIN/END SOLUTION lines."""
    return "\n".join(
        line for line in source.splitlines()
        if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")
    )
