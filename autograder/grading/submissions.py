"""What a grading run reads and where it writes: the students in --submissions, the arguments
checked before anyone is graded, and the --out folder.

Everything here is decided before the gradebook changes, so that a run that cannot be right
stops at once with one line (BadArguments), not after the whole class was graded.
"""
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder.languages import text
from autograder.nbgrader_side.lateness import Lateness

STUDENT_ID = re.compile(r"^[A-Za-z0-9_.@-]+$")


@dataclass
class Submission:
    student: str
    folder: Path = None
    notebook: Path = None                     # in a flat folder of notebooks: the student's notebook
    problem: str = None                       # why it could not be graded, if it could not
    graded: bool = False                      # its scores are in the gradebook
    notes: list = field(default_factory=list)  # what the grader repaired or where the run stopped
    tests: list = field(default_factory=list)  # outcomes.ResultRow of each graded cell
    mistakes: dict = field(default_factory=dict)  # test: the known mistake its result is exactly what gives
    late: Lateness = field(default_factory=Lateness)  # after the due date, and the penalty

    @property
    def score(self):
        """The points of every test and hand grade, less a late penalty."""
        return sum(row.points for row in self.tests) - self.late.penalty


# ---------------------------------------------------------------- finding submissions
NOT_STUDENTS = ("__MACOSX",)  # folders that zip tools and Jupyter leave; hidden ones (".…") too


def find_submissions(submissions_dir, out=None):
    """(Submissions, [(name, why it is no student)]).

    One Submission per student folder; or, where there are no folders, one per notebook, named by
    its file (a flat folder of notebooks, as an LMS download gives). Hidden folders, __MACOSX and
    the output folder of the run are no students. The notebook inside a folder is found when it
    is graded.
    """
    skipped, folders, notebooks = [], [], []
    out = Path(out).resolve() if out else None
    for path in sorted(Path(submissions_dir).iterdir()):
        if path.name.startswith(".") or path.name in NOT_STUDENTS:
            skipped.append((path.name, text.SKIPPED_HIDDEN))
        elif out and (path.resolve() == out or path.resolve() in out.parents) or is_output(path):
            skipped.append((path.name, text.SKIPPED_OUT))
        elif path.is_dir():
            folders.append(path)
        elif path.suffix == ".ipynb":
            notebooks.append(path)
    if folders:
        skipped += [(p.name, text.SKIPPED_LOOSE) for p in notebooks]
        return [student_folder(p) for p in folders], skipped
    return [Submission(p.stem, notebook=p, problem=bad_id(p.stem)) for p in notebooks], skipped


def student_folder(folder):
    sub = Submission(folder.name, folder, problem=bad_id(folder.name))
    if not sub.problem and folder.is_symlink():  # it could point at the course's own files
        sub.problem = text.LINKED_FOLDER.format(student=folder.name)
    return sub


def bad_id(student):
    return None if STUDENT_ID.match(student) else text.BAD_STUDENT_ID.format(student=student)


def flat_to_folders(subs, assignment, scratch):
    """A notebook of a flat folder gets a folder of its own in the scratch, named as the assignment:
    then it is graded as any other, and sees no other student's notebook."""
    for sub in subs:
        if sub.folder is None and sub.notebook is not None and not sub.problem:
            sub.folder = scratch / "flat" / sub.student
            sub.folder.mkdir(parents=True)
            shutil.copy2(sub.notebook, sub.folder / f"{assignment}.ipynb", follow_symlinks=False)


# ---------------------------------------------------------------- arguments, before anyone is graded
class BadArguments(Exception):
    """A run that could not be right, found before the gradebook changes; str() says why in one line."""


def check_arguments(course, assignment, submissions_dir, out, jobs):
    """(the Submissions to grade, the folders skipped, the students who handed in only other
    assignments); raises BadArguments for anything that would otherwise fail late: after the whole
    class was graded, or with a traceback."""
    if assignment not in course.assignments():
        raise BadArguments(text.UNKNOWN_ASSIGNMENT.format(assignment=assignment, root=course.root,
                                                          known=", ".join(course.assignments()) or "none"))
    if jobs < 1:
        raise BadArguments(text.BAD_JOBS.format(jobs=jobs))
    submissions_dir, out = Path(submissions_dir), Path(out)
    if not submissions_dir.is_dir():
        raise BadArguments(text.NO_SUBMISSIONS_FOLDER.format(folder=submissions_dir))
    check_out(out, submissions_dir)
    subs, skipped = find_submissions(submissions_dir, out)
    others = [a for a in course.assignments() if a != assignment]
    absent = [s.student for s in subs if handed_in_others_only(s, assignment, others)]
    subs = [s for s in subs if s.student not in absent]
    if not subs:
        raise BadArguments(text.NO_SUBMISSIONS.format(folder=submissions_dir, assignment=assignment))
    return subs, skipped, absent


def handed_in_others_only(sub, assignment, others):
    """Whether a student's folder, in nbgrader's layout (<student>/<assignment>/), holds other
    assignments of the course and nothing of this one: then the student handed this one in not at
    all, which is no submission, not an empty one."""
    folder = sub.folder
    if folder is None or sub.problem or (folder / assignment).exists() or (folder / f"{assignment}.ipynb").exists():
        return False
    return any((folder / other).is_dir() for other in others)


def check_out(out, submissions_dir):
    """`out` can hold this run's results: a new or empty folder, or an earlier run's (moved aside
    when this run writes); made here, and written to once, so that a bad one fails now."""
    if out.exists() and not out.is_dir():
        raise BadArguments(text.OUT_IS_FILE.format(out=out))
    if out.resolve() == submissions_dir.resolve() or out.resolve() in submissions_dir.resolve().parents:
        raise BadArguments(text.OUT_HOLDS_SUBMISSIONS.format(out=out))
    if out.is_dir() and any(out.iterdir()) and not is_output(out):
        raise BadArguments(text.OUT_NOT_OURS.format(out=out))
    try:
        out.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=out).close()
    except OSError as err:
        raise BadArguments(text.OUT_UNWRITABLE.format(out=out, error=err.strerror or err)) from None


def is_output(folder):
    """A folder written by a grading run (today's or an older version's)."""
    return (folder / "grades.csv").is_file() and (folder / "tests.csv").is_file()


def move_aside(out):
    """An earlier run's results in `out` go to a sibling named by that run's time; returns it, or None."""
    if not is_output(out):
        return None
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime((out / "grades.csv").stat().st_mtime))
    aside, k = out.with_name(f"{out.name}.{stamp}"), 1
    while aside.exists():
        k += 1
        aside = out.with_name(f"{out.name}.{stamp}-{k}")
    out.rename(aside)
    out.mkdir()
    return aside
