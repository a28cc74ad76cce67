"""The demo class: the solution, a blank notebook and typical mistakes, graded end to end.

Which mistakes the class makes, and what each must lose, is the assignment's
own business: its catalogue (catalogue.py, source/<assignment>/ref/mistakes.py)
lists them and names the demo's. Each demo student is the solution with one
catalogue mistake's edits made.
"""
import shutil
import textwrap
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder import outcomes
from autograder.languages import text
from autograder.grading.catalogue import apply_edits, load_catalogue, solution_sources
from autograder.cells import nbgrader_meta
from autograder.course import DEFAULT_ROOT, Course


@dataclass
class Student:
    name: str
    mistake: str
    edits: tuple = ()
    fails: set = field(default_factory=set)    # the autograded tests it must fail; None: all
    blank: bool = False
    function: str = None                        # the function that holds the mistake


def demo_class(course=None, assignment=None):
    """The solution, a blank notebook, and a student for each mistake the catalogue of `assignment`
    (default: the demo assignment of `course`, default this repository's) names for the demo; each
    mistake in the words of the catalogue in the language spoken."""
    course = course or Course()
    catalogue = load_catalogue(course, assignment or course.demo_assignment)
    return [Student("solution", text.DEMO_SOLUTION),
            Student("blank", text.DEMO_BLANK, blank=True, fails=None)] + [
        Student(m.name, m.words, m.edits, set(m.fails), function=m.function)
        for m in (catalogue[name] for name in catalogue.demo)]


def __getattr__(name):
    """demo.CLASS: the demo class of the course's demo assignment, in the language spoken (English
    unless the process chose another), made when asked for, not on import: a copy of the code whose
    course lies elsewhere imports this module too."""
    if name == "CLASS":
        return demo_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def make_submission(release_nb, answers):
    """The released notebook with its answer cells filled in."""
    nb = nbformat.from_dict(release_nb)  # a copy
    for cell in nb.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if nbgrader_meta(cell).get("solution") and grade_id in answers:
            cell.source = answers[grade_id]
    return nb


def write_class(course, out_dir, students=None, assignment=None):
    """Write <out_dir>/<student>/<assignment>.ipynb for every demo student (default: the demo class of
    the course's demo assignment), beside the other files of the release (the tests' sentences,
    messages.<language>.json), as fetched."""
    assignment = assignment or course.demo_assignment
    students = demo_class(course, assignment) if students is None else students
    release_nb = nbformat.read(course.release_notebook(assignment), as_version=4)
    fetched = [p for p in course.release_notebook(assignment).parent.iterdir()
               if p.is_file() and p.name != f"{assignment}.ipynb"]
    answers = solution_sources(nbformat.read(course.source_notebook(assignment), as_version=4))
    for student in students:
        nb = release_nb if student.blank else make_submission(release_nb, apply_edits(answers, student.edits))
        folder = Path(out_dir) / student.name
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / f"{assignment}.ipynb")
        for path in fetched:
            shutil.copyfile(path, folder / path.name)


def copy_course(out_root):
    """A private copy of the course (config and source), so the demo leaves assignments/ alone."""
    if out_root.exists():
        shutil.rmtree(out_root)
    out_root.mkdir(parents=True)
    shutil.copyfile(DEFAULT_ROOT / "nbgrader_config.py", out_root / "nbgrader_config.py")
    shutil.copytree(DEFAULT_ROOT / "source", out_root / "source")
    return out_root


def width(words):
    """Columns a terminal gives `words`: two for a wide (Japanese) character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in words)


def pad(words, columns, right=False):
    room = " " * max(0, columns - width(words))
    return room + words if right else words + room


def wrapped(words, first, indent, columns):
    """`words` after `first`, wrapped within `columns` with `indent` on later lines. textwrap counts
    characters, so a line is given fewer of them by the columns its wide (Japanese) ones take more."""
    wide = width(words) - len(words)
    return textwrap.fill(words, width=max(60, columns - 1 - wide), initial_indent=first, subsequent_indent=indent,
                         break_on_hyphens=False) or first.rstrip()


def print_table(subs, max_score, students=None):
    """The class's grades; `students` (default: the demo class in the language spoken now) say each one's mistake.
    Under each row, the tests it failed, named so (or that it failed none), as the header promises;
    wrapped to the terminal's width, so that a narrow terminal does not break them into lines of
    their own that no longer read as part of the row."""
    students = demo_class() if students is None else students
    mistakes = {s.name: s.mistake for s in students}
    student, score, by_hand, mistake = text.DEMO_COLUMNS
    columns = max(80, shutil.get_terminal_size((110, 24)).columns)
    print(f"\n{pad(student, 21)} {pad(score, 9, True)} {pad(by_hand, 8, True)}   {mistake}")
    for sub in subs:
        failed = [row.test for row in sub.tests if row.status == outcomes.FAILED]
        manual = sum(row.max_points for row in sub.tests if row.status == outcomes.MANUAL)
        row = f"{sub.student:21} {sub.score:3g} / {max_score:<3g} {manual:>8g}   "
        print(wrapped(mistakes.get(sub.student, ""), row, " " * 44, columns))
        shown = sub.problem if not sub.graded else text.DEMO_FAILED.format(
            tests=", ".join(failed) if failed else text.DEMO_FAILED_NONE)
        print(wrapped(shown, " " * 44, " " * 46, columns))
    print("\n" + text.DEMO_BY_HAND)


def run(out="demo_output", jobs=2, assignment=None):
    """Release `assignment` (default: the course's demo assignment), build its demo class, grade it,
    print the table; returns the graded Submissions."""
    from autograder.grading.grade import grade, order_of_grades
    from autograder.nbgrader_side.release import release

    start = time.time()
    out = Path(out).resolve()
    course = Course(copy_course(out / "course"))
    assignment = assignment or course.demo_assignment
    release(course, assignment)
    print(text.DEMO_RELEASED.format(assignment=assignment, path=course.release_notebook(assignment).parent))
    write_class(course, out / "submissions", assignment=assignment)
    shutil.rmtree(out / "results", ignore_errors=True)  # the demo's course is new too: nothing to keep
    subs = grade(course, assignment, out / "submissions", out / "results", jobs=jobs)
    source = nbformat.read(course.source_notebook(assignment), as_version=4)
    max_score = sum(points for _, points in order_of_grades(source))
    print_table(subs, max_score, demo_class(course, assignment))  # the catalogue grading used
    print("\n" + text.DEMO_FINISHED.format(seconds=time.time() - start, report=out / 'results' / 'report.html'))
    return subs
