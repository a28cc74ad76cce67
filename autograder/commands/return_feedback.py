"""Feedback again after hand grading: regenerate every page and release it, in one command.

`nbgrader generate_feedback` skips a student whose feedback already exists, so run
a second time, after the written answers were graded by hand, it leaves the old
score on every page (formgrader's button forces it; the command line does not).
This runs nbgrader's own generate_feedback with --force and release_feedback, in
the course root as an instructor would, so nbgrader's configuration (the exchange
of the instructor's Jupyter) applies unchanged.
"""
import subprocess
import sys
from pathlib import Path

from autograder.languages import text
from autograder.course import use_our_tools


def nbgrader(course, *args):
    """Run one nbgrader command in the course root; (ok, its output)."""
    use_our_tools()  # nbgrader beside this Python, venv activated or not
    # the language this process chose (cli.py), for what nbgrader's run of our preprocessors writes
    done = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), *args, f"--CourseDirectory.root={course.root}",
                           f"--Course.language={text.language()}"], cwd=course.root, capture_output=True, text=True)
    return done.returncode == 0, done.stdout + done.stderr


def scores(course, assignment):
    """[(student, score, max_score, waits for hand grading)] from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gradebook:
        return sorted((s.student.id, s.score - s.late_submission_penalty, s.max_score, s.needs_manual_grade)
                      for s in gradebook.find_assignment(assignment).submissions)


def not_released(output, student):
    """The line of release_feedback's log (autograder.nbgrader_side.exchange.ReleaseFeedbackEach) saying that
    `student`'s feedback was not released, without nbgrader's log prefix; None if there is none."""
    start = text.FEEDBACK_NOT_RELEASED.split("{reason}")[0].format(student=student)
    return next((line[line.index(start):] for line in output.splitlines() if start in line), None)


def return_feedback(course, assignment, exchange=None):
    """Regenerate and release the feedback of every graded student; 0 when every student's was.

    One student's broken submission (a page nbgrader cannot make, a submission_secret.txt the
    student deleted) costs that student's feedback alone: the others are made and released, the
    lines naming who was skipped and why are printed, and the exit status is 1."""
    extra = [f"--Exchange.root={exchange}"] if exchange else []
    made, output = nbgrader(course, "generate_feedback", assignment, "--force")
    if not made:
        print(text.FEEDBACK_SOME_NOT_MADE.format(output=output[-2000:]), file=sys.stderr)
    step = ["release_feedback", assignment, *extra]
    released, output = nbgrader(course, *step)
    if not released:  # nothing was released (no exchange, say): nbgrader says why
        print(text.FEEDBACK_STEP_FAILED.format(step=" ".join(step), output=output[-2000:]), file=sys.stderr)
        return 1
    skipped = set()
    for student, score, max_score, waiting in scores(course, assignment):
        said = not_released(output, student)
        if said:
            skipped.add(student)
            print(said, file=sys.stderr)
            continue
        print(text.FEEDBACK_RELEASED.format(student=student, score=score, max_score=max_score,
                                            waiting=text.FEEDBACK_WAITING if waiting else ""))
    return 0 if made and not skipped else 1
