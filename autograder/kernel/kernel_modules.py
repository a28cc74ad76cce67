"""The course's own modules, copied to where the kernel imports them first.

A notebook imports modules of the course (testcell, the data set's loader, ...). The sandbox
shows the kernel the Python installation and nothing else of the machine, and a course installed
editable (`pip install -e`) keeps those modules in its repository, out of sight; the copy a venv
points at may even be another copy of the course than the one being graded. So before a run the
grader copies, from where its own process imports them, the modules the notebook imports that
lie outside the Python installation (sandbox.python_folders), and the kernel puts that folder
first on its sys.path.
Grader and kernel then use the very same code, wherever the course and Python live.
"""
import ast
import importlib.util
import shutil
from pathlib import Path

from autograder.kernel.mounts import python_folders

ALWAYS = ("testcell",)  # the grader's prelude imports it in every run
FONT_LIST = "matplotlib-fonts"  # a folder beside the modules (sandbox_child.py reads it)


def imported_names(nb):
    """The top-level names of every module the notebook's code cells import."""
    names = set(ALWAYS)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        # magics and shell lines are not Python; what they import does not matter here
        source = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in cell.source.splitlines())
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
    return sorted(names)


def locate(name):
    """The file (module) or folder (package) the grader's process imports `name` from; None if
    it finds none, or only a built-in or compiled one."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    path = Path(spec.origin).resolve()
    return path.parent if spec.submodule_search_locations else path


def origin(name):
    """Where to copy `name` from: its source, if it lies outside the Python installation that the
    sandbox shows (inside, the kernel finds it where the grader does, with its compiled parts)."""
    path = locate(name)
    installation = [p.resolve() for p in python_folders()]
    if path is None or any(p == path or p in path.parents for p in installation):
        return None
    return path


def copy_modules(nb, dest):
    """Copy the course modules `nb` imports into folder `dest`; {name: where it was copied from}."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    copied, names = {}, imported_names(nb)
    for name in names:
        path = origin(name)
        if path is None:
            continue
        if path.is_dir():
            shutil.copytree(path, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copyfile(path, dest / f"{name}.py")
        copied[name] = path
    if "matplotlib" in names:
        copy_font_list(dest / FONT_LIST)
    return copied


def copy_font_list(folder):
    """matplotlib's list of this machine's fonts, as the grader's matplotlib keeps it, into `folder`,
    for the kernel to start from: the kernel's home is new on every run, and without the list
    matplotlib searches all the machine's fonts again on its first import (0.2 s a submission here).
    The fonts themselves are the system's and matplotlib's, which the sandbox shows."""
    from matplotlib import font_manager
    folder.mkdir(exist_ok=True)
    font_manager.json_dump(font_manager.fontManager, folder / f"fontlist-v{font_manager.FontManager.__version__}.json")
