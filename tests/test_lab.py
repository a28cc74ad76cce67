"""`make lab`: JupyterLab started at the repository root finds the course in formgrader."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import REPO

BIN = os.path.dirname(sys.executable)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_formgrader_lists_the_course_assignment(tmp_path):
    port, token = free_port(), "test-token"
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}",  # as the Makefile's lab target
               JUPYTER_RUNTIME_DIR=str(tmp_path))
    server = subprocess.Popen(
        [f"{BIN}/jupyter", "lab", "--no-browser", "--allow-root", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--CourseDirectory.db_url=sqlite:///{tmp_path}/gradebook.db"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/formgrader/api/assignments",
                                         headers={"Authorization": f"token {token}"})
        deadline, assignments = time.time() + 60, None
        while time.time() < deadline and assignments is None:
            try:
                assignments = json.load(urllib.request.urlopen(request, timeout=5))
            except (OSError, ValueError):
                time.sleep(0.5)
        assert assignments is not None, "JupyterLab did not answer within 60 s"
        assert [a["name"] for a in assignments] == ["lec2"]
    finally:
        server.terminate()
        server.wait(timeout=30)
