"""A shared gradebook in PostgreSQL: the course graded against a real server on loopback.

Several graders share one gradebook only safely in a database server
(nbgrader's FAQ); nbgrader takes it through CourseDirectory.db_url. The
server here is Debian's PostgreSQL, started by the test in a temporary
cluster and stopped after it. The course's default stays SQLite.
"""
import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from autograder.commands import demo
from autograder.course import DEFAULT_ROOT, Course, load_config
from hubtools import free_port, wait_for

pytestmark = pytest.mark.hub

STUDENTS = ["solution", "bias_slice", "unstable_softmax"]  # demo.CLASS names


def postgres_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"))
    return Path(found[-1]).parent if found else None


def require():
    missing = []
    if postgres_bin() is None:
        missing.append("PostgreSQL server (Debian package postgresql)")
    try:
        import psycopg2  # noqa: F401
    except ImportError:
        missing.append("psycopg2 in the project venv")
    if missing:
        reason = "POSTGRESQL GRADEBOOK TEST NOT RUN, missing: " + "; ".join(missing) + \
                 ". Run `bash deploy/install_test_deps.sh` as root (make test-hub does)."
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def postgres():
    """A throwaway PostgreSQL cluster on 127.0.0.1; yields the URL of its database `gradebook`."""
    require()
    bindir = postgres_bin()
    base = Path(tempfile.mkdtemp(prefix="backprop-pg-"))
    # PostgreSQL refuses to run as root: as root, run it as Debian's `postgres` user
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_user:
        shutil.chown(base, "postgres")
    data, port = base / "data", free_port()

    def run(*cmd):
        result = subprocess.run([*as_user, *cmd], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, f"{cmd[0]} failed:\n{result.stdout}\n{result.stderr}"

    run(str(bindir / "initdb"), "-D", str(data), "-U", "grader", "--auth=trust", "-E", "UTF8")
    server = subprocess.Popen([*as_user, str(bindir / "postgres"), "-D", str(data), "-h", "127.0.0.1",
                               "-p", str(port), "-k", str(base)],
                              stdout=subprocess.DEVNULL, stderr=open(base / "server.log", "w"))
    try:
        def ready():
            assert server.poll() is None, (base / "server.log").read_text()
            return subprocess.run([str(bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)],
                                  capture_output=True).returncode == 0
        wait_for("PostgreSQL accepting connections", ready, 60)
        run(str(bindir.parent / "bin" / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "grader", "gradebook")
        # the driver named: SQLAlchemy 2.1 would pick psycopg 3 for a bare postgresql://
        yield f"postgresql+psycopg2://grader@127.0.0.1:{port}/gradebook"
    finally:
        server.terminate()  # SIGTERM: PostgreSQL's "smart" shutdown
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        shutil.rmtree(base, ignore_errors=True)


def test_default_gradebook_stays_sqlite():
    assert "db_url" not in load_config(DEFAULT_ROOT).CourseDirectory


def test_grading_against_postgresql(postgres, tmp_path):
    from nbgrader.api import Gradebook

    from autograder.grading.grade import grade

    root = demo.copy_course(tmp_path / "course")
    with open(root / "nbgrader_config.py", "a") as config:  # as docs tell a course with several graders
        config.write(f"\nc.CourseDirectory.db_url = {postgres!r}\n")
    from autograder.nbgrader_side.release import release
    release(Course(root), "lec2")
    demo.write_class(Course(root), tmp_path / "submissions", [s for s in demo.CLASS if s.name in STUDENTS])

    # two workers write to the one gradebook at once, as several graders would
    subs = {s.student: s for s in grade(Course(root), "lec2", tmp_path / "submissions", tmp_path / "out", jobs=2)}

    assert not (root / "gradebook.db").exists(), "graded into SQLite instead of PostgreSQL"
    with Gradebook(postgres) as gradebook:
        in_db = {s.student.id: s.score for s in gradebook.assignment_submissions("lec2")}
        max_score = gradebook.find_assignment("lec2").max_score
    assert set(in_db) == set(STUDENTS)
    for name in STUDENTS:
        assert in_db[name] == subs[name].score, name
        failed = {t for t, _, _, status, _ in subs[name].tests if status == "failed"}
        student = next(s for s in demo.CLASS if s.name == name)
        assert failed == student.fails, name
    assert in_db["solution"] == max_score - 2  # all but the written answer, graded by hand
    assert in_db["bias_slice"] < in_db["unstable_softmax"] < in_db["solution"]
