"""An assignment's reference results: its solution's fingerprint, for the instructor.

What they are is the assignment's own business: `source/<assignment>/ref/reference.py` (the
instructor-only folder that the release leaves out) defines `compute(solution)`, the arrays that
the solution module gives, which are written beside it to `<assignment>_reference.npz`. Grading
does not read them (each test's judge computes the reference on the grading inputs); a test
regenerates them and compares, so an edit of the solution that changes its results does not go
unnoticed. An assignment without that file has no reference results.
"""

import numpy as np

from autograder.course import instructor_module
from autograder.grading.solution import load_solution

FILE_NAME = "reference.py"


def recipe_path(course, assignment):
    return course.instructor_folder(assignment) / FILE_NAME


def reference_path(course, assignment):
    return course.instructor_folder(assignment) / f"{assignment}_reference.npz"


def compute(course, assignment, solution=None):
    """{name: array} of `assignment`'s recipe, computed with the solution module `solution`
    (default: the source notebook's solution cells); None when the assignment has no recipe."""
    path = recipe_path(course, assignment)
    if not path.is_file():
        return None
    recipe = instructor_module(path, f"_reference_{assignment}")
    return recipe.compute(solution or load_solution(course.source_notebook(assignment)))


def generate(course, assignment):
    """Recompute `assignment`'s reference from its source notebook and write it; its path, or None
    when the assignment has no recipe."""
    arrays = compute(course, assignment)
    if arrays is None:
        return None
    path = reference_path(course, assignment)
    np.savez(path, **arrays)
    return path
