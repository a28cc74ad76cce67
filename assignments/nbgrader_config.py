# nbgrader configuration of the course. nbgrader reads it from this folder;
# `python -m autograder` loads it from here wherever it runs.
from nbgrader.preprocessors import AssignLatePenalties, CheckCellMetadata, ClearHiddenTests, GetGrades, SaveAutoGrades
from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor

from autograder.cells import CODE_STUB, TEXT_STUB
from autograder.nbgrader_side.exchange import (CollectOwnSubmissions, ReleaseFeedbackEach,
                                               ReleaseWithoutInstructorFiles)
from autograder.nbgrader_side.feedback import (GradedCellList, LimitOutputSaying, PageLanguage,
                                               PlainHiddenTestErrors, WaitingForHandGrading, feedback_template)
from autograder.nbgrader_side.gradebook import KeepHandGrades
from autograder.nbgrader_side.lateness import LatePenaltyPerDay
from autograder.nbgrader_plugin import GradeOutsideTheKernel
from autograder.nbgrader_side.validate import name_failed_test

c = get_config()  # noqa: F821 (provided by traitlets when the file is loaded)

c.CourseDirectory.course_id = "backprop"
# The language of the course: "en" or "ja". The notebook that `python -m autograder release` hands out
# (source/<assignment>/ja/ holds the Japanese edition) and every sentence of the grader's: test
# messages, notes, feedback, the class report. Grading itself is the same in both.
c.Course.language = "en"
# The assignment whose demo class `python -m autograder demo` (make demo) grades; --assignment names another.
c.Course.demo_assignment = "lec2"

c.ClearSolutions.code_stub = {"python": CODE_STUB}
c.ClearSolutions.text_stub = TEXT_STUB

# The longest cell (20 epochs of training in a hidden test) takes about 2 s.
c.Execute.timeout = 120
# the kernel warns on every start that it listens on loopback TCP; nothing for a grader to act on
c.Execute.extra_arguments = ["--HistoryManager.hist_file=:memory:", "--IPKernelApp.log_level=ERROR"]

# Validate (JupyterLab's button, `nbgrader validate`) shows a failed test by its name and message,
# as `python -m autograder check` does, not by the code of its cell (autograder/nbgrader_side/validate.py).
c.Execute.on_cell_error = name_failed_test

# nbgrader's own autograde (formgrader's Autograde button too) grades as `python -m autograder grade`
# does: the student's code in the sandbox, every test judged outside it. Its sanitizing steps and
# Execute are replaced by GradeOutsideTheKernel; nbgrader scores the verdicts it leaves.
c.Autograde.sanitize_preprocessors = [GradeOutsideTheKernel]
# Its limits, as `python -m autograder grade` takes them: a cell of student code running longer is stopped.
c.GradeOutsideTheKernel.seconds_per_cell = 60
# On a server, grade nobody where the sandbox cannot run (deploy/install_sandbox.sh installs it), as
# --require-sandbox does: the hub's instructors have it (deploy/one-server/jupyter/instructor/).
# c.GradeOutsideTheKernel.require_sandbox = True
# KeepHandGrades: nbgrader's SaveAutoGrades marks every hand-graded cell for grading again; this leaves
# marked only those whose answer changed since the last grading (autograder/nbgrader_side/gradebook.py).
c.Autograde.autograde_preprocessors = [LimitOutputSaying, SaveAutoGrades, KeepHandGrades, AssignLatePenalties,
                                       CheckCellMetadata]

# Feedback shows hidden tests' outcome and message, never their code or traceback, and says which
# answers wait for hand grading (the total is provisional until then); in the course's language,
# <html lang> and nbgrader's own words on the page included (PageLanguage and feedback_template);
# the list at the top names each graded cell, its score and why it lost points (GradedCellList); the
# formulas are MathML, so the page needs no network (feedback_template's FeedbackExporter).
c.GenerateFeedback.preprocessors = [
    GetGrades,
    PageLanguage,
    WaitingForHandGrading,
    GradedCellList,
    CSSHTMLHeaderPreprocessor,
    PlainHiddenTestErrors,
    ClearHiddenTests,
]
feedback_template(c)

# Collect only what the student it names handed in, timed by the exchange, not by the student
# (nbgrader's own collect takes a folder in anyone's name with any time it claims).
# It refuses, and logs, a submission with a link, a pipe or a device in it, and copies nothing
# from outside the submission (it runs as the instructor, who can read the solutions).
c.ExchangeFactory.collect = CollectOwnSubmissions
# Release to the exchange only what has nothing of the instructor's in it: formgrader's Generate
# (nbgrader generate_assignment) copies ref/ into release/; `python -m autograder release` does not.
c.ExchangeFactory.release_assignment = ReleaseWithoutInstructorFiles
# Feedback released student by student: one submission without its submission_secret.txt stops nobody else's.
c.ExchangeFactory.release_feedback = ReleaseFeedbackEach

# The late policy (the due date is nbgrader's: formgrader's Manage Assignments, or
# `nbgrader db assignment add lec2 --duedate="2027-07-30 17:00:00 Asia/Tokyo"`). Lateness is
# always reported; choose what it costs:
c.AssignLatePenalties.plugin_class = LatePenaltyPerDay
c.LatePenaltyPerDay.points_per_day = 0        # e.g. 3: three points off for every started day late
c.ExchangeCollect.before_duedate = False      # True: collect each student's last submission on time
