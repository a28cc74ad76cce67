"""nbgrader's own autograde (formgrader's Autograde button, `nbgrader autograde`) with the course's grader.

The course's nbgrader_config.py puts GradeOutsideTheKernel in place of nbgrader's sanitizing
preprocessors and of Execute. It grades the submitted notebook as `python -m autograder grade`
does: rebuilt from the source, run in the sandbox, judged in this process. nbgrader gets the
notebook as run, each failed test showing the grader's verdict as its error, and its own
SaveAutoGrades scores that as it always does: an error output is 0 points, none is full points.

What nbgrader cannot open (not JSON, not UTF-8) or cannot find (a renamed notebook) never
reaches this preprocessor; `python -m autograder grade` grades those too.

Its settings are those of `python -m autograder grade`, set in nbgrader_config.py:
c.GradeOutsideTheKernel.seconds_per_cell (--seconds-per-cell) and
c.GradeOutsideTheKernel.require_sandbox (--require-sandbox).
"""
from pathlib import Path

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool, Float

from autograder.languages import text
from autograder.grading.canary import check_solution_once
from autograder.course import Course, course_directory
from autograder.grading.execute import grade_submission
from autograder.grading.grade import make_context, scratch_folder
from autograder.nbgrader_side.gradebook import with_notes
from autograder.kernel.mounts import why_no_sandbox
from autograder.kernel.sandbox import Limits


class GradeOutsideTheKernel(NbGraderPreprocessor):
    seconds_per_cell = Float(Limits.seconds_per_cell,
                             help="A cell of the student's that runs longer is stopped.").tag(config=True)
    require_sandbox = Bool(False, help="Grade nobody where the sandbox cannot run (on a server: True).").tag(
        config=True)

    def preprocess(self, nb, resources):
        text.use_course(self.config)
        if self.require_sandbox and why_no_sandbox():  # before any student code runs: nbgrader records no grade
            raise RuntimeError(text.NO_SANDBOX_REFUSED.format(reason=why_no_sandbox()))
        info = resources["nbgrader"]
        coursedir, course = course_directory(self), Course.of(self)
        submitted = Path(coursedir.format_path(coursedir.submitted_directory, ".", ".")).resolve()
        folder = submitted / info["student"] / info["assignment"]
        with scratch_folder() as scratch:
            ctx = make_context(course, info["assignment"], submitted, Path(scratch),
                               Limits(seconds_per_cell=self.seconds_per_cell), self.require_sandbox)
            check_solution_once(course, ctx)  # raises CanaryFailed: nbgrader then records no grade
            outcome = grade_submission(folder, info["student"], ctx)
        return with_notes(outcome), resources
