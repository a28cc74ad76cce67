"""Where the course lives and how to talk to nbgrader about it."""
import importlib.util
import logging
import os
import sys
from pathlib import Path

from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

# The nbgrader course root that ships with this repository.
DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "assignments"
# Instructor-only files in source/<assignment>/: kept out of the release.
REFERENCE_DIR = "ref"


def load_config(root):
    """The course's nbgrader_config.py with the root pinned to `root`.

    nbgrader reads nbgrader_config.py only from the working directory, so
    everything here loads it explicitly instead.
    """
    root = Path(root).resolve()
    config = Config()
    if (root / "nbgrader_config.py").exists():
        config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config())
    config.CourseDirectory.root = str(root)
    return config


def use_our_tools():
    """nbgrader runs `alembic` as a command: find it beside this Python, venv activated or not."""
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


def make_api(root, **overrides):
    """An NbGraderAPI for the course at `root`; keyword overrides are 'Class.trait' = value."""
    from nbgrader.apps import NbGraderAPI  # slow import: only where it is needed

    use_our_tools()
    config = load_config(root)
    for key, value in overrides.items():
        section, trait = key.split(".")
        setattr(config[section], trait, value)
    # The API probes the exchange directory and logs CRITICAL when there is none;
    # releasing and grading never use the exchange, so that probe is only noise.
    logging.disable(logging.CRITICAL)
    try:
        api = NbGraderAPI(config=config)
    finally:
        logging.disable(logging.NOTSET)
    api.log_level = "WARN"
    return api


def language(root):
    """The course's language, "en" or "ja": `c.Course.language` in nbgrader_config.py.

    It chooses the edition `release` hands out and the language of everything the grader says
    (test messages, notes, feedback, the class report). Grades do not depend on it."""
    return load_config(root).Course.get("language", "en")


def instructor_module(path, name):
    """Run the Python file `path` of an assignment's instructor-only ref/ folder (mistakes.py,
    reference.py) as a module named `name`: it is data and a recipe of the assignment, not part of
    any package, and the release never ships it."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def db_url(root):
    """The course's gradebook: `c.CourseDirectory.db_url` in nbgrader_config.py, else nbgrader's
    default, gradebook.db in the course root."""
    root = Path(root).resolve()
    return load_config(root).CourseDirectory.get("db_url", f"sqlite:///{root / 'gradebook.db'}")


def assignments(root):
    """The course's assignments: the folders of source/ that hold their notebook, by name."""
    return sorted(p.name for p in (Path(root) / "source").iterdir() if source_notebook(root, p.name).is_file())


def demo_assignment(root):
    """The assignment whose demo class `python -m autograder demo` grades: `c.Course.demo_assignment`
    in nbgrader_config.py, else the first of the course's."""
    return load_config(root).Course.get("demo_assignment") or assignments(root)[0]


def source_folder(root, assignment):
    return Path(root) / "source" / assignment


def instructor_folder(root, assignment):
    """source/<assignment>/ref/: what only the instructor and the grader read."""
    return source_folder(root, assignment) / REFERENCE_DIR


def source_notebook(root, assignment):
    return source_folder(root, assignment) / f"{assignment}.ipynb"


def edition_notebook(root, assignment, language):
    """The source notebook of the assignment in `language`: the English one, or its translation
    in source/<assignment>/<language>/ (autograder/languages/editions.py keeps the two in step)."""
    if language == "en":
        return source_notebook(root, assignment)
    return source_folder(root, assignment) / language / f"{assignment}.ipynb"


def release_notebook(root, assignment):
    return Path(root) / "release" / assignment / f"{assignment}.ipynb"


def grading_secret(root):
    """The course's seed of the tests' inputs at grading: made once, kept beside the gradebook.

    Students never see it, so they cannot know the inputs their code is judged on;
    it stays the same from run to run, so grading a class again gives the same grades.
    """
    path = Path(root) / ".grading_secret"
    if not path.exists():
        path.write_text(str(int.from_bytes(os.urandom(8), "big")))
        path.chmod(0o600)
    return path.read_text().strip()


def course_directory(node):
    """nbgrader's CourseDirectory of the converter app that runs the preprocessor `node`."""
    from autograder.languages import text
    while node is not None and not hasattr(node, "coursedir"):
        node = node.parent
    if node is None:
        raise RuntimeError(text.NOT_IN_AUTOGRADE)
    return node.coursedir
