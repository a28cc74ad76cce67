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

from autograder import text
from autograder.course import use_our_tools


def nbgrader(root, *args):
    """Run one nbgrader command in the course root; (ok, its output)."""
    use_our_tools()  # nbgrader beside this Python, venv activated or not
    # the language this process chose (cli.py), for what nbgrader's run of our preprocessors writes
    done = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), *args, f"--CourseDirectory.root={root}",
                           f"--Course.language={text.language()}"], cwd=root, capture_output=True, text=True)
    return done.returncode == 0, done.stdout + done.stderr


def scores(root, assignment):
    """[(student, score, max_score, waits for hand grading)] from the gradebook."""
    from nbgrader.api import Gradebook

    from autograder.course import load_config
    db_url = load_config(root).CourseDirectory.get("db_url", f"sqlite:///{Path(root) / 'gradebook.db'}")
    with Gradebook(db_url) as gradebook:
        return sorted((s.student.id, s.score - s.late_submission_penalty, s.max_score, s.needs_manual_grade)
                      for s in gradebook.find_assignment(assignment).submissions)


def return_feedback(root, assignment, exchange=None):
    """Regenerate and release the feedback of every graded student; 0 when both steps worked."""
    root = Path(root).resolve()
    extra = [f"--Exchange.root={exchange}"] if exchange else []
    for step in (["generate_feedback", assignment, "--force"], ["release_feedback", assignment, *extra]):
        ok, output = nbgrader(root, *step)
        if not ok:
            print(text.FEEDBACK_STEP_FAILED.format(step=" ".join(step), output=output[-2000:]), file=sys.stderr)
            return 1
    for student, score, max_score, waiting in scores(root, assignment):
        print(text.FEEDBACK_RELEASED.format(student=student, score=score, max_score=max_score,
                                            waiting=text.FEEDBACK_WAITING if waiting else ""))
    return 0
