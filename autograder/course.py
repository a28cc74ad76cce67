"""Where the course lives and how to talk to nbgrader about it."""
import copy
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


def instructor_module(path, name):
    """Run the Python file `path` of an assignment's instructor-only ref/ folder (mistakes.py,
    reference.py) as a module named `name`: it is data and a recipe of the assignment, not part of
    any package, and the release never ships it."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Course:
    """One nbgrader course, as nbgrader's CourseDirectory holds it: its folder, its
    nbgrader_config.py (read once, here), its gradebook, and the language it is taught in.
    Every command and the grader take one, and only its methods build paths into the course."""

    def __init__(self, root=DEFAULT_ROOT, config=None):
        """`config`: the one an nbgrader app already holds (its command line included); else the
        course's nbgrader_config.py."""
        self.root = Path(root).resolve()
        self.config = config if config is not None else load_config(self.root)

    @classmethod
    def of(cls, node):
        """The course of the nbgrader app that runs the preprocessor or exporter `node`."""
        return cls(course_directory(node).root, node.config)

    def __repr__(self):
        return f"Course({str(self.root)!r})"

    def __eq__(self, other):
        return isinstance(other, Course) and other.root == self.root

    def __hash__(self):
        return hash(self.root)

    @property
    def language(self):
        """"en" or "ja": `c.Course.language` in nbgrader_config.py. The commands speak it unless
        --lang says otherwise (cli.language), nbgrader's processes speak it (text.use_course); the
        language spoken chooses the edition `release` hands out and the words of everything the
        grader says (test messages, notes, feedback, the class report). Grades do not depend on it."""
        return self.config.Course.get("language", "en")

    @property
    def db_url(self):
        """The gradebook: `c.CourseDirectory.db_url`, else nbgrader's default, gradebook.db in the root."""
        return self.config.CourseDirectory.get("db_url", f"sqlite:///{self.root / 'gradebook.db'}")

    @property
    def exchange(self):
        """nbgrader's exchange folder: `c.Exchange.root`, else nbgrader's default."""
        return Path(self.config.Exchange.get("root", "/usr/local/share/nbgrader/exchange"))

    def assignments(self):
        """The course's assignments: the folders of source/ that hold their notebook, by name."""
        source = self.root / "source"
        if not source.is_dir():
            return []
        return sorted(p.name for p in source.iterdir() if self.source_notebook(p.name).is_file())

    @property
    def demo_assignment(self):
        """The assignment whose demo class `python -m autograder demo` grades:
        `c.Course.demo_assignment`, else the first of the course's."""
        return self.config.Course.get("demo_assignment") or self.assignments()[0]

    def source_folder(self, assignment):
        return self.root / "source" / assignment

    def instructor_folder(self, assignment):
        """source/<assignment>/ref/: what only the instructor and the grader read."""
        return self.source_folder(assignment) / REFERENCE_DIR

    def source_notebook(self, assignment):
        return self.source_folder(assignment) / f"{assignment}.ipynb"

    def edition_notebook(self, assignment, language=None):
        """The source notebook of the assignment in `language` (None: the course's): the English one,
        or its translation in source/<assignment>/<language>/ (languages/editions.py keeps the two
        in step)."""
        language = language or self.language
        if language == "en":
            return self.source_notebook(assignment)
        return self.source_folder(assignment) / language / f"{assignment}.ipynb"

    def release_notebook(self, assignment):
        return self.root / "release" / assignment / f"{assignment}.ipynb"

    def autograded_folder(self, student, assignment):
        return self.root / "autograded" / student / assignment

    def feedback_page(self, student, assignment):
        return self.root / "feedback" / student / assignment / f"{assignment}.html"

    def graded_answers(self, student, assignment):
        """graded_answers/<student>/<assignment>.json: the answers graded last (gradebook.changed_answers)."""
        return self.root / "graded_answers" / student / f"{assignment}.json"

    def grading_secret(self):
        """The seed of the tests' inputs at grading: made once, kept beside the gradebook.

        Students never see it, so they cannot know the inputs their code is judged on;
        it stays the same from run to run, so grading a class again gives the same grades.
        """
        path = self.root / ".grading_secret"
        if not path.exists():
            path.write_text(str(int.from_bytes(os.urandom(8), "big")))
            path.chmod(0o600)
        return path.read_text().strip()

    def api(self, **overrides):
        """An NbGraderAPI for the course; keyword overrides are 'Class.trait' = value. The course's
        preprocessors that nbgrader runs in it speak the language this process speaks."""
        from nbgrader.apps import NbGraderAPI  # slow import: only where it is needed

        from autograder.languages import text
        use_our_tools()
        config = copy.deepcopy(self.config)
        config.Course.language = text.language()
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


def course_directory(node):
    """nbgrader's CourseDirectory of the converter app that runs the preprocessor `node`."""
    from autograder.languages import text
    while node is not None and not hasattr(node, "coursedir"):
        node = node.parent
    if node is None:
        raise RuntimeError(text.NOT_IN_AUTOGRADE)
    return node.coursedir
