"""Formgrader's scores less the late penalty, as grades.csv, the feedback and the exports give them.

nbgrader keeps a late penalty beside the points (SubmittedNotebook.late_submission_penalty) and
takes it off in the feedback page (GetGrades), but formgrader shows the points alone: a student
three points late read 33 in formgrader and 30 everywhere else. nbgrader has no setting for it,
so this server extension, enabled in the instructors' Jupyter (deploy/one-server/jupyter/
instructor/jupyter_server_config.json), wraps the five gradebook calls formgrader's pages read
scores from, each taking the penalty off its "score". Nothing is written: the gradebook keeps
nbgrader's own numbers, and `python -m autograder` reads those (lateness.py, export.py).
"""


def _jupyter_server_extension_points():
    return [{"module": "autograder.nbgrader_side.formgrader_scores"}]


def _load_jupyter_server_extension(serverapp):
    less_late_penalties()


def less_late_penalties():
    """Wrap nbgrader's Gradebook so that every score it gives formgrader is less the late penalty."""
    from nbgrader.api import Gradebook, SubmittedAssignment, SubmittedNotebook
    if getattr(Gradebook, "scores_less_late_penalties", False):
        return
    Gradebook.scores_less_late_penalties = True
    wrap(SubmittedAssignment, "to_dict", own_penalty)
    wrap(SubmittedNotebook, "to_dict", own_penalty)
    wrap(Gradebook, "submission_dicts", submission_penalties)
    wrap(Gradebook, "notebook_submission_dicts", notebook_penalties)
    wrap(Gradebook, "student_dicts", student_penalties)


def wrap(cls, name, penalties):
    """cls.name, with each returned row's "score" less its penalty; `penalties(self, *args)` gives
    a function of a row (made once a call: one look at the gradebook for a whole class)."""
    original = getattr(cls, name)

    def wrapped(self, *args):
        found = original(self, *args)
        penalty_of = penalties(self, *args)
        for row in found if isinstance(found, list) else [found]:
            row["score"] -= penalty_of(row)
        return found
    wrapped.__doc__ = original.__doc__
    setattr(cls, name, wrapped)


def own_penalty(submission):
    """A submitted assignment's or notebook's to_dict: its own penalty."""
    return lambda row: submission.late_submission_penalty or 0.0


def submission_penalties(gradebook, assignment):
    table = {s.student.id: s.late_submission_penalty or 0.0 for s in gradebook.find_assignment(assignment).submissions}
    return lambda row: table.get(row["student"], 0.0)


def notebook_penalties(gradebook, notebook, assignment):
    table = {s.student.id: n.late_submission_penalty or 0.0
             for s in gradebook.find_assignment(assignment).submissions for n in s.notebooks if n.name == notebook}
    return lambda row: table.get(row["student"], 0.0)


def student_penalties(gradebook):
    table = {}
    for assignment in gradebook.assignments:
        for s in assignment.submissions:
            table[s.student.id] = table.get(s.student.id, 0.0) + (s.late_submission_penalty or 0.0)
    return lambda row: table.get(row["id"], 0.0)
