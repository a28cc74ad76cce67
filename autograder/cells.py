"""What a cell of the course's nbgrader notebooks is: the one place that knows it (as nbgrader's utils.py).

nbgrader keeps a cell's role in its metadata (`metadata.nbgrader`: grade, solution, locked,
task, grade_id, points), marks the instructor's regions inside a cell with comment lines
(`### BEGIN SOLUTION` ... `### END SOLUTION`, `### BEGIN HIDDEN TESTS` ...), and replaces a
solution by a stub in the release. Every module that reads a cell asks here, so that a student's
odd file (metadata that is not a dict, say) is read the same way everywhere.
"""

# ---------------------------------------------------------------- regions and stubs
SOLUTION, HIDDEN_TESTS = "SOLUTION", "HIDDEN TESTS"  # the regions nbgrader's ClearSolutions / ClearHiddenTests cut


def begin(region):
    return f"BEGIN {region}"


def end(region):
    return f"END {region}"


BEGIN_SOLUTION, END_SOLUTION = begin(SOLUTION), end(SOLUTION)
BEGIN_HIDDEN, END_HIDDEN = begin(HIDDEN_TESTS), end(HIDDEN_TESTS)
MARKERS = (BEGIN_SOLUTION, END_SOLUTION, BEGIN_HIDDEN, END_HIDDEN)
# An answer as released: assignments/nbgrader_config.py gives these to nbgrader's ClearSolutions,
# and normalize.stub() writes them where a student's answer cell is missing.
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"


# ---------------------------------------------------------------- metadata
def cell_meta(cell):
    """A cell's metadata; {} where a student's file holds something else."""
    meta = cell.get("metadata")
    return meta if isinstance(meta, dict) else {}


def nbgrader_meta(cell):
    meta = cell_meta(cell).get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def grade_id_of(cell):
    return nbgrader_meta(cell).get("grade_id")


def points_of(cell):
    return float(nbgrader_meta(cell).get("points", 0))


def is_grade(cell):
    return bool(nbgrader_meta(cell).get("grade"))


def is_solution(cell):
    """An answer cell (code or written): the student's to write."""
    return bool(nbgrader_meta(cell).get("solution"))


def is_locked(cell):
    return bool(nbgrader_meta(cell).get("locked"))


def is_test_cell(cell):
    """An autograded test: a graded code cell that is not an answer."""
    return cell.cell_type == "code" and is_grade(cell) and not is_solution(cell)


def is_written_answer(cell):
    """An answer graded by hand: graded and an answer at once."""
    return is_grade(cell) and is_solution(cell)
