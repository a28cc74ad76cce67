"""The nbgrader exchange flow on one machine, with a local exchange directory.

release_assignment -> fetch_assignment -> submit -> collect -> grade ->
generate_feedback -> release_feedback -> fetch_feedback, through the nbgrader
command line and `python -m autograder grade` (in place, in submitted/), as an
instructor and a student would run it.
"""
import getpass
import os
import pwd
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.utils import parse_utc

from autograder.commands import demo
from autograder.cli import main
from autograder.course import Course
from autograder.nbgrader_side.release import release

BIN = Path(sys.executable).parent


def nbgrader(*args, cwd, exchange):
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    env.pop("JUPYTERHUB_USER", None)
    result = subprocess.run([str(BIN / "nbgrader"), *args, f"--Exchange.root={exchange}"],
                            cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


@pytest.mark.usefixtures("lec2_released")
def test_release_fetch_submit_collect_grade_feedback(course, tmp_path):
    exchange, home = tmp_path / "exchange", tmp_path / "student_home"
    exchange.mkdir()
    home.mkdir()
    nbgrader("release_assignment", "lec2", cwd=course, exchange=exchange)

    nbgrader("fetch_assignment", "lec2", "--course", "backprop", cwd=home, exchange=exchange)
    fetched = home / "lec2" / "lec2.ipynb"
    assert fetched.exists() and not (home / "lec2" / "ref").exists()
    answers = demo.solution_sources(nbformat.read(Course(course).source_notebook("lec2"), as_version=4))
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


def solution_handed_in(course, tmp_path):
    """The course released to a new exchange, fetched by this user, answered with the solution and
    submitted: (exchange, the student's home, the fetched notebook)."""
    exchange, home = tmp_path / "exchange", tmp_path / "student_home"
    exchange.mkdir()
    home.mkdir()
    release(Course(course), "lec2")
    nbgrader("release_assignment", "lec2", cwd=course, exchange=exchange)
    nbgrader("fetch_assignment", "lec2", "--course", "backprop", cwd=home, exchange=exchange)
    fetched = home / "lec2" / "lec2.ipynb"
    answers = demo.solution_sources(nbformat.read(Course(course).source_notebook("lec2"), as_version=4))
    nbformat.write(demo.make_submission(nbformat.read(fetched, as_version=4), answers), fetched)
    nbgrader("submit", "lec2", "--course", "backprop", cwd=home, exchange=exchange)
    return exchange, home, fetched


@pytest.mark.skipif(os.geteuid() != 0, reason="making a folder owned by another user needs root")
def test_collect_takes_only_what_the_named_student_owns_timed_by_the_exchange(course, tmp_path):
    exchange, home, fetched = solution_handed_in(course, tmp_path)
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


def nbgrader_capped(*args, cwd, exchange):
    """nbgrader with a cap of 50 MB on any file it writes, as a server's limits would stop it: a
    collect that follows a link to /dev/zero must not fill the disk before the test can fail.
    (status, output)."""
    import resource

    def cap():
        resource.setrlimit(resource.RLIMIT_FSIZE, (50_000_000, 50_000_000))
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    env.pop("JUPYTERHUB_USER", None)
    done = subprocess.run([str(BIN / "nbgrader"), *args, f"--Exchange.root={exchange}"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300, preexec_fn=cap)
    return done.returncode, done.stdout + done.stderr


def handed_in_by(user, folder, make):
    """A submission folder `make` fills, then owned by system user `user`, links included (as that
    user would have made it: a student owns everything in their own submission)."""
    folder.mkdir()
    make(folder)
    uid = pwd.getpwnam(user).pw_uid
    for path in (folder, *folder.rglob("*")):
        os.chown(path, uid, uid, follow_symlinks=False)
    return folder


@pytest.mark.skipif(os.geteuid() != 0, reason="submissions owned by other users need root")
def test_collect_follows_nothing_out_of_a_submission_and_one_bad_submission_stops_nobody(course, tmp_path):
    """Issue 20, items 1 and 2. Students (system users here: daemon, bin, sys) make their own submission's
    lec2.ipynb a link to the instructor's solution notebook, put a named pipe in it, make lec2.ipynb a
    link to /dev/zero, or give it a name nbgrader cannot read. Collect, running as the instructor, refuses
    each with a line naming it and why, and collects the others (root's, and nobody's). Then one
    student's submission without submission_secret.txt costs that student alone their feedback."""
    exchange, home, fetched = solution_handed_in(course, tmp_path)
    student = getpass.getuser()

    inbound, now = exchange / "backprop" / "inbound", datetime.utcnow().strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    blank = course / "release" / "lec2" / "lec2.ipynb"
    solution = course / "source" / "lec2" / "lec2.ipynb"
    # nobody hands in the blank notebook, by hand (so without nbgrader's submission_secret.txt)
    handed_in_by("nobody", inbound / f"nobody+lec2+{now}+plain", lambda f: shutil.copy(blank, f / "lec2.ipynb"))
    attacks = {
        "daemon": lambda f: ((f / "lec2.ipynb").symlink_to(solution), (f / "ref").symlink_to(solution.parent / "ref")),
        "bin": lambda f: (shutil.copy(blank, f / "lec2.ipynb"), os.mkfifo(f / "pipe")),
        "sys": lambda f: (f / "lec2.ipynb").symlink_to("/dev/zero"),
    }
    for user, make in attacks.items():
        handed_in_by(user, inbound / f"{user}+lec2+{now}+attack", make)
    handed_in_by("nobody", inbound / "nobody+lec2+not a time+x", lambda f: shutil.copy(blank, f / "lec2.ipynb"))

    status, log = nbgrader_capped("collect", "lec2", cwd=course, exchange=exchange)
    assert status == 0, log
    submitted = course / "submitted"
    assert sorted(p.name for p in submitted.iterdir()) == sorted([student, "nobody"]), log
    assert (submitted / "nobody" / "lec2" / "lec2.ipynb").read_bytes() == blank.read_bytes()
    for user, what in (("daemon", "lec2.ipynb: a symbolic link; ref: a symbolic link"),
                       ("bin", "pipe: a named pipe"), ("sys", "lec2.ipynb: a symbolic link")):
        assert f"REFUSED {user}+lec2+{now}+attack: collect never follows or copies what is in it ({what})" in log, log
    assert "REFUSED nobody+lec2+not a time+x: its name is not" in log, log
    assert (course / "refused_submissions.log").read_text().count("REFUSED") == 4

    # feedback: nobody's submission had no submission_secret.txt; root's feedback is released all the same
    assert main(["grade", "lec2", "--course", str(course), "--submissions", str(submitted),
                 "--out", str(tmp_path / "grading")]) == 0
    assert main(["feedback", "lec2", "--course", str(course), "--exchange", str(exchange)]) == 1
    nbgrader("fetch_feedback", "lec2", "--course", "backprop", cwd=home, exchange=exchange)
    assert [score_on(p.read_text(encoding="utf-8")) for p in (home / "lec2" / "feedback").rglob("lec2.html")] == [
        (31, 33)]


def test_release_refuses_what_nbgraders_generate_makes(course, tmp_path):
    """Issue 20, item 6: formgrader's Generate is nbgrader's generate_assignment, which copies ref/ (the
    reference data, the hidden tests' messages, the known mistakes) into release/. Releasing that is
    refused with the safe command named, and nothing reaches the exchange; the safe release goes out."""
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    nbgrader("generate_assignment", "lec2", "--force", cwd=course, exchange=exchange)
    assert (course / "release" / "lec2" / "ref" / "lec2_reference.npz").exists()  # what Generate makes
    status, log = nbgrader_capped("release_assignment", "lec2", cwd=course, exchange=exchange)
    assert status != 0, log
    assert "REFUSED to release lec2" in log and f"python -m autograder release lec2 --course {course}" in log, log
    assert not list(exchange.rglob("*.npz")) and not list(exchange.rglob("mistakes.py"))
    assert not (exchange / "backprop" / "outbound" / "lec2").exists()

    release(Course(course), "lec2")
    nbgrader("release_assignment", "lec2", cwd=course, exchange=exchange)
    released = sorted(p.name for p in (exchange / "backprop" / "outbound" / "lec2").rglob("*"))
    assert released == ["lec2.ipynb", "messages.en.json", "messages.ja.json"]
