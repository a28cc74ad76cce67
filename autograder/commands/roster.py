"""The course's roster, and its students with their names in nbgrader's gradebook.

A roster line is `<role> <user> [first name] [last name] [email]`, words split as a
shell splits them, so a name with a space is written in quotes:
`student alice "Mary Ann" Abe alice@example.org`. formgrader lists students by the
names the gradebook has; without them it shows "None, None".
setup_course.sh calls `enrol` (as each instructor) whenever it runs.
"""
import shlex
from dataclasses import dataclass
from pathlib import Path

from autograder.languages import text

ROLES = ("instructor", "student")


@dataclass
class Person:
    role: str
    user: str
    first_name: str = None
    last_name: str = None
    email: str = None


def read_roster(path):
    """The people of the roster; a line that cannot be read raises ValueError saying which and why."""
    people = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        try:
            words = shlex.split(line, comments=True)
        except ValueError as err:
            raise ValueError(text.ROSTER_LINE.format(path=path, number=number, problem=err)) from None
        if not words:
            continue
        if words[0] not in ROLES or len(words) < 2 or len(words) > 5:
            raise ValueError(text.ROSTER_LINE.format(path=path, number=number, problem=text.ROSTER_FORMAT))
        people.append(Person(*words))
    return people


def enrol(course, roster_path):
    """Every student of the roster into the course's gradebook, names and email included;
    returns how many. Nothing else of a student (submissions, grades) is touched."""
    from nbgrader.api import Gradebook

    from autograder.course import use_our_tools
    use_our_tools()  # a new gradebook runs `alembic`
    students = [p for p in read_roster(roster_path) if p.role == "student"]
    with Gradebook(course.db_url) as gradebook:
        for p in students:
            gradebook.update_or_create_student(p.user, first_name=p.first_name, last_name=p.last_name,
                                               email=p.email)
    return len(students)
