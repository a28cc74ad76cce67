"""nbgrader's own autograde (formgrader's Autograde button, `nbgrader autograde`) with the course's grader.

The course's nbgrader_config.py puts GradeOutsideTheKernel in place of nbgrader's sanitizing
preprocessors and of Execute. It grades the submitted notebook as `python -m autograder grade`
does: rebuilt from the source, run in the sandbox, judged in this process. nbgrader gets the
notebook as run, each failed test showing the grader's verdict as its error, and its own
SaveAutoGrades scores that as it always does: an error output is 0 points, none is full points.

What nbgrader cannot open (not JSON, not UTF-8) or cannot find (a renamed notebook) never
reaches this preprocessor; `python -m autograder grade` grades those too.
"""
from pathlib import Path

from nbgrader.preprocessors import NbGraderPreprocessor

from autograder.languages import text
from autograder.grading.canary import check_solution_once
from autograder.course import Course, course_directory
from autograder.grading.execute import grade_submission
from autograder.grading.grade import make_context, scratch_folder
from autograder.nbgrader_side.gradebook import with_notes


class GradeOutsideTheKernel(NbGraderPreprocessor):

    def preprocess(self, nb, resources):
        text.use_course(self.config)
        info = resources["nbgrader"]
        coursedir, course = course_directory(self), Course.of(self)
        submitted = Path(coursedir.format_path(coursedir.submitted_directory, ".", ".")).resolve()
        folder = submitted / info["student"] / info["assignment"]
        with scratch_folder() as scratch:
            ctx = make_context(course, info["assignment"], submitted, Path(scratch))
            check_solution_once(course, ctx)  # raises CanaryFailed: nbgrader then records no grade
            outcome = grade_submission(folder, info["student"], ctx)
        return with_notes(outcome), resources
