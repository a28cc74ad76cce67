"""Due dates and the late policy: how late a submission is, and what it costs.

The due date is nbgrader's own (formgrader's *Manage Assignments*, or
`nbgrader db assignment add lec2 --duedate=...`); a submission's time is the
exchange's (autograder/nbgrader_side/exchange.py). The late policy is set in the course's
nbgrader_config.py, one of:

- a penalty per started day late: `c.LatePenaltyPerDay.points_per_day = 3`
  (0, the default, costs nothing: lateness is only reported);
- the last submission on time: `c.ExchangeCollect.before_duedate = True`, so
  collect takes each student's newest submission before the due date, a late
  one only when there is none on time.

nbgrader's own autograde applies the penalty through AssignLatePenalties with
this plugin; `python -m autograder grade` calls `assign_penalty` with the same
plugin, so both give the same score.
"""
import math
from dataclasses import dataclass

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Float

from autograder.languages import text

DAY = 24 * 3600


class LatePenaltyPerDay(LateSubmissionPlugin):
    """`points_per_day` off for every started day after the due date, never below zero."""

    points_per_day = Float(0.0, help="points taken off for each started day late (0: none)").tag(config=True)

    def late_submission_penalty(self, student_id, score, total_seconds_late):
        if total_seconds_late <= 0 or self.points_per_day <= 0:
            return None
        return min(score or 0.0, math.ceil(total_seconds_late / DAY) * self.points_per_day)


@dataclass
class Lateness:
    seconds: float = 0.0   # after the due date; 0 when on time or there is no due date
    penalty: float = 0.0   # points taken off

    @property
    def hours(self):
        return self.seconds / 3600

    def note(self):
        """A sentence for the student's feedback and tests.csv, or None when on time."""
        if self.seconds <= 0:
            return None
        return text.LATE_NOTE.format(late=text.how_late(self.hours), penalty=self.penalty)


def hours_text(seconds):
    """Hours late for a table (grades.csv, the csv export): to the hundredth, rounded up, so that a
    submission one minute late reads 0.02, never 0.0 beside a penalty."""
    return f"{math.ceil(seconds / 36 - 1e-9) / 100:.2f}" if seconds > 0 else "0.00"


def assign_penalty(config, gradebook, assignment, student):
    """What nbgrader's AssignLatePenalties does, for the grader's own path; returns the Lateness.

    `config` is the course's (Course.config), so the plugin and
    points_per_day are those nbgrader's autograde uses.
    """
    from nbgrader.preprocessors import AssignLatePenalties
    submission = gradebook.find_submission(assignment, student)
    notebook = gradebook.find_submission_notebook(assignment, assignment, student)
    notebook.late_submission_penalty = None
    seconds = submission.total_seconds_late or 0.0
    if seconds > 0:
        plugin = AssignLatePenalties(config=config).plugin_class(config=config)
        penalty = plugin.late_submission_penalty(student, notebook.score, seconds)
        if penalty is not None:
            notebook.late_submission_penalty = max(0.0, min(penalty, notebook.score))
    gradebook.db.commit()
    return Lateness(seconds, notebook.late_submission_penalty or 0.0)
