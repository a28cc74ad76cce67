"""The nbgrader exchange flow on one machine, with a local exchange directory.

release_assignment -> fetch_assignment -> submit -> collect -> grade ->
generate_feedback -> release_feedback -> fetch_feedback, through the nbgrader
command line and `python -m autograder grade` (in place, in submitted/), as an
instructor and a student would run it.
"""
import getpass
import os
import re
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.utils import parse_utc

from autograder import demo
from autograder.cli import main
from autograder.course import source_notebook
from autograder.release import release

BIN = Path(sys.executable).parent


def nbgrader(*args, cwd, exchange):
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    env.pop("JUPYTERHUB_USER", None)
    result = subprocess.run([str(BIN / "nbgrader"), *args, f"--Exchange.root={exchange}"],
                            cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


def test_release_fetch_submit_collect_grade_feedback(course, tmp_path):
    exchange, home = tmp_path / "exchange", tmp_path / "student_home"
    exchange.mkdir()
    home.mkdir()
    release(course, "lec2")  # generate_assignment without the reference data
    nbgrader("release_assignment", "lec2", cwd=course, exchange=exchange)

    nbgrader("fetch_assignment", "lec2", "--course", "backprop", cwd=home, exchange=exchange)
    fetched = home / "lec2" / "lec2.ipynb"
    assert fetched.exists() and not (home / "lec2" / "ref").exists()
    answers = demo.solution_sources(nbformat.read(source_notebook(course, "lec2"), as_version=4))
    nbformat.write(demo.make_submission(nbformat.read(fetched, as_version=4), answers), fetched)
    nbgrader("submit", "lec2", "--course", "backprop", cwd=home, exchange=exchange)

    nbgrader("collect", "lec2", cwd=course, exchange=exchange)
    student = getpass.getuser()
    assert (course / "submitted" / student / "lec2" / "lec2.ipynb").exists()
    assert main(["grade", "lec2", "--course", str(course), "--submissions", str(course / "submitted"),
                 "--out", str(tmp_path / "grading")]) == 0
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        submission = gb.find_submission("lec2", student)
        assert submission.score == submission.max_score - 2  # all but the written answer, graded by hand
    nbgrader("generate_feedback", "lec2", cwd=course, exchange=exchange)
    nbgrader("release_feedback", "lec2", cwd=course, exchange=exchange)

    nbgrader("fetch_feedback", "lec2", "--course", "backprop", cwd=home, exchange=exchange)
    pages = list((home / "lec2" / "feedback").rglob("lec2.html"))
    assert len(pages) == 1
    page = pages[0].read_text(encoding="utf-8")
    assert "BEGIN HIDDEN TESTS" not in page and "lec2_reference.npz" not in page
    assert score_on(page) == (31, 33)

    # the written answer graded by hand (as formgrader does); one command brings the new score to the student
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        gb.find_grade("written_seed003", "lec2", "lec2", student).manual_score = 2
        gb.db.commit()
    assert main(["feedback", "lec2", "--course", str(course), "--exchange", str(exchange)]) == 0
    nbgrader("fetch_feedback", "lec2", "--course", "backprop", cwd=home, exchange=exchange)
    assert [score_on(p.read_text(encoding="utf-8")) for p in (home / "lec2" / "feedback").rglob("lec2.html")] == [
        (33, 33)]


def score_on(page):
    """(score, max score) from nbgrader's feedback page."""
    found = re.search(r"Score:\s*([\d.]+)\s*/\s*([\d.]+)", re.sub(r"<[^>]+>", " ", page))
    return float(found[1]), float(found[2])


def inbound_folder(exchange, student, claimed, name, notebook):
    """A submission folder made by hand in the exchange, as any student could make one."""
    folder = exchange / "backprop" / "inbound" / f"{student}+lec2+{claimed}+{name}"
    folder.mkdir()
    nbformat.write(notebook, folder / "lec2.ipynb")
    (folder / "timestamp.txt").write_text(claimed)
    return folder


@pytest.mark.skipif(os.geteuid() != 0, reason="making a folder owned by another user needs root")
def test_collect_takes_only_what_the_named_student_owns_timed_by_the_exchange(course, tmp_path):
    exchange, home = tmp_path / "exchange", tmp_path / "student_home"
    exchange.mkdir()
    home.mkdir()
    release(course, "lec2")
    nbgrader("release_assignment", "lec2", cwd=course, exchange=exchange)
    nbgrader("fetch_assignment", "lec2", "--course", "backprop", cwd=home, exchange=exchange)
    fetched = home / "lec2" / "lec2.ipynb"
    answers = demo.solution_sources(nbformat.read(source_notebook(course, "lec2"), as_version=4))
    nbformat.write(demo.make_submission(nbformat.read(fetched, as_version=4), answers), fetched)
    nbgrader("submit", "lec2", "--course", "backprop", cwd=home, exchange=exchange)
    handed_in = fetched.read_bytes()
    student = getpass.getuser()

    # another user makes a folder in this student's name, "submitted" later, with a blank notebook
    blank = nbformat.read(course / "release" / "lec2" / "lec2.ipynb", as_version=4)
    forged = inbound_folder(exchange, student, "2099-01-01 00:00:00.000000 UTC", "forged", blank)
    for path in (forged, *forged.iterdir()):
        os.chown(path, 65534, 65534)  # nobody
    log = nbgrader("collect", "lec2", cwd=course, exchange=exchange)
    collected = course / "submitted" / student / "lec2"
    assert f"REFUSED {forged.name}" in log and "owned by nobody" in log, log
    assert (collected / "lec2.ipynb").read_bytes() == handed_in
    assert forged.name in (course / "refused_submissions.log").read_text()
    assert abs(parse_utc((collected / "timestamp.txt").read_text()) - datetime.utcnow()) < timedelta(minutes=5)

    # the student's own folder that claims to be from 2000: it is the newest, and its time is now
    on_time = parse_utc((collected / "timestamp.txt").read_text())
    time.sleep(1.1)  # ctime has whole seconds on some file systems
    inbound_folder(exchange, student, "2000-01-01 00:00:00.000000 UTC", "backdated", blank)
    nbgrader("collect", "lec2", cwd=course, exchange=exchange)  # no --update needed for the newest
    assert (collected / "lec2.ipynb").read_bytes() != handed_in
    late = parse_utc((collected / "timestamp.txt").read_text())
    assert abs(late - datetime.utcnow()) < timedelta(minutes=5) and late > on_time

    # with a due date between the two: collect says the one it takes is late; the policy
    # "last submission on time" takes the first one back
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        gb.update_or_create_assignment("lec2", duedate=on_time + (late - on_time) / 2)
    assert f"LATE {student}: the submission collected came" in nbgrader("collect", "lec2", cwd=course,
                                                                        exchange=exchange)
    nbgrader("collect", "lec2", "--before-duedate", cwd=course, exchange=exchange)
    assert (collected / "lec2.ipynb").read_bytes() == handed_in
