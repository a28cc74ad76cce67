"""What grading finds, in one place: a test's Verdict, a submission's Outcome (its run), a
ResultRow of each graded cell (tests.csv, the report, the demo table) and the statuses they use;
and what each test cell of an executed notebook says: passed or failed, and why."""
from dataclasses import dataclass, field
from typing import NamedTuple

from testcell import MAX_MESSAGE
from autograder.languages import text
from autograder.cells import grade_id_of, is_test_cell, is_written_answer, points_of

# The status column of tests.csv: data that spreadsheets, the class report and the LMS read, the
# same in every language (the message beside it is in the course's language).
PASSED, FAILED, MANUAL, BY_HAND = "passed", "failed", "manual", "graded by hand"
NOTE, NOT_GRADED = "note", "not graded"


@dataclass
class Verdict:
    """What a test's judge decided (judge.py)."""
    passed: bool
    message: str = ""
    mistake: str | None = None  # the catalogue's words of the known mistake diagnosed (diagnose.py), if any


@dataclass
class Outcome:
    """One submission graded (execute.grade_submission): plain data, which the parent process alone writes down."""
    student: str
    nb: object = None                              # the notebook as run, with outputs
    verdicts: dict = field(default_factory=dict)   # grade_id -> Verdict of every autograded test
    notes: list = field(default_factory=list)      # plain words: repairs, where the run stopped
    warning: str = None                            # e.g. that no sandbox was available
    files: dict = field(default_factory=dict)      # nbgrader's small files of the submission, by name

    @property
    def timestamp(self):
        return self.files.get("timestamp.txt")


class ResultRow(NamedTuple):
    """One graded cell of a submission as tests.csv, the report and the demo table show it."""
    test: str          # its grade_id
    points: float      # given: by its test, or by a person
    max_points: float
    status: str        # PASSED, FAILED, MANUAL or BY_HAND
    message: str       # why it failed, or what it waits for; "" when it passed


def error_message(cell):
    """The one-line message of the cell's error, or None when it ran cleanly."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            if output.get("ename") == "NotImplementedError" and not output.get("evalue"):
                return text.NOT_WRITTEN
            if output.get("ename") == text.TEST_FAILED:  # the test's own message says it all
                return str(output.get("evalue")).replace("\n", " ")[:MAX_MESSAGE]
            message = f"{output.get('ename')}: {output.get('evalue')}".replace("\n", " ")
            return message[:MAX_MESSAGE]
    return None


def test_cells(nb):
    """(grade_id, points, cell) for every autograded test cell, in notebook order."""
    return [(grade_id_of(c), points_of(c), c) for c in nb.cells if is_test_cell(c)]


def is_hidden(grade_id):
    return grade_id.startswith("hidden_")


def written_answers(nb):
    """(grade_id, points) of the answers graded by hand."""
    return [(grade_id_of(c), points_of(c)) for c in nb.cells if is_written_answer(c)]
