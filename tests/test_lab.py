"""`make lab`: JupyterLab started at the repository root finds the course in formgrader."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from assignments import ASSIGNMENTS
from conftest import REPO

BIN = os.path.dirname(sys.executable)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_lab_starts_and_formgrader_lists_the_course_assignments(tmp_path):
    """`make lab` itself, as whoever runs the tests: as root too (containers and single-user VMs run
    as root, and Jupyter refuses root unless given --allow-root). The Makefile's LAB_ARGS add the
    port and token; -o keeps make from reinstalling the venv."""
    port, token = free_port(), "test-token"
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path))
    args = (f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={token} "
            f"--CourseDirectory.db_url=sqlite:///{tmp_path}/gradebook.db")
    log = open(tmp_path / "lab.log", "w")
    venv = os.path.relpath(os.path.dirname(BIN), REPO)  # the Python running the tests: its jupyter
    server = subprocess.Popen(["make", "-o", f"{venv}/.installed", "lab", f"VENV={venv}", f"LAB_ARGS={args}"],
                              cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/formgrader/api/assignments",
                                         headers={"Authorization": f"token {token}"})
        deadline, assignments = time.time() + 60, None
        while time.time() < deadline and assignments is None and server.poll() is None:
            try:
                assignments = json.load(urllib.request.urlopen(request, timeout=5))
            except (OSError, ValueError):
                time.sleep(0.5)
        said = (tmp_path / "lab.log").read_text()[-2000:]
        assert server.poll() is None, f"make lab stopped (exit {server.returncode}):\n{said}"
        assert assignments is not None, f"JupyterLab did not answer within 60 s:\n{said}"
        assert [a["name"] for a in assignments] == ASSIGNMENTS  # the course's, every one
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)  # make, its shell and jupyter: the group this test started
        server.wait(timeout=30)
