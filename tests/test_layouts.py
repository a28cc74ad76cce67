"""Student code sees nothing of the course, wherever the course and its Python live.

A snooping submission walks every folder it can see and looks for files whose names carry a
token that the test put beside everything secret: in the course root (beside the source
notebook and the gradebook), in the reference folder, and in another student's submission. It
must find none of them, and open none of the secret files by their paths; it must find the one
file of its own, which shows that the walk works. This runs for the course under /tmp, /var/tmp,
a home folder, /srv, /opt, a path with a space and a path reached through a symlink; and for the
grader's Python in the repository, beside the course, under /tmp and in a home folder (each a
venv of its own). A conda prefix is not tried: there is no conda on this machine.
"""
import json
import os
import shutil
import subprocess
import sys
import tomllib
import uuid
from pathlib import Path

import nbformat
import pytest

from autograder.course import REFERENCE_DIR, Course
from autograder.commands.demo import copy_course
from autograder.kernel.mounts import why_no_sandbox
from conftest import REPO

pytestmark = pytest.mark.skipif(why_no_sandbox() is not None, reason=f"no sandbox here: {why_no_sandbox()}")

TOKEN = f"secret{uuid.uuid4().hex[:12]}"
SNOOP = """
import json as _json, os as _os
import testcell as _testcell
_found, _opened = [], []
for _top, _dirs, _files in _os.walk("/"):
    if _top in ("/proc", "/sys", "/dev", "/usr"):
        _dirs[:] = []
        continue
    _found += [_os.path.join(_top, _f) for _f in _files if TOKEN in _f]
for _path in SECRETS:
    try:
        open(_path, "rb").close()
        _opened.append(_path)
    except OSError:
        pass
print("SNOOPED:" + _json.dumps({"found": _found, "opened": _opened,
                               "this_term": getattr(_testcell, "THIS_TERM", False)}))
"""


def place_course(root, gradebook=True):
    """A course at `root` with a token file beside every secret, and a snooping student; the
    submissions folder. `gradebook`: put a stand-in where grading would make one."""
    copy_course(root)
    subs = root / "submitted"
    for folder in (root, root / "source" / "lec2" / REFERENCE_DIR, subs / "other" / "lec2"):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{TOKEN}.txt").write_text("secret")
    (subs / "other" / "lec2" / "lec2.ipynb").write_text("{}")
    secrets = [Course(root).source_notebook("lec2"), root / "source" / "lec2" / REFERENCE_DIR / "lec2_reference.npz",
               root / "gradebook.db", root / ".grading_secret", subs / "other" / "lec2" / "lec2.ipynb"]
    snoop = subs / "snoop" / "lec2"
    snoop.mkdir(parents=True)
    (snoop / f"{TOKEN}-mine.txt").write_text("mine")
    if gradebook:
        (root / "gradebook.db").write_bytes(b"SQLite format 3\0")
    source = nbformat.read(Course(root).source_notebook("lec2"), as_version=4)
    setup = next(c for c in source.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")
    code = SNOOP.replace("TOKEN", repr(TOKEN)).replace("SECRETS", json.dumps([str(p) for p in secrets]))
    source.cells = [setup, nbformat.v4.new_code_cell(code)]  # the rest is rebuilt, unanswered: quick
    nbformat.write(source, snoop / "lec2.ipynb")
    return subs


def look(root):
    """What the snoop found, run as grading runs a submission: in a grading context of the course
    at `root` (its hidden folders, its modules copied for the kernel), in the sandbox."""
    from autograder.grading.grade import make_context, scratch_folder
    from autograder.kernel.sandbox import run_cells

    nb = nbformat.read(root / "submitted" / "snoop" / "lec2" / "lec2.ipynb", as_version=4)
    with scratch_folder() as scratch:
        ctx = make_context(Course(root), "lec2", root / "submitted", Path(scratch))
        work = Path(scratch) / "snoop"
        shutil.copytree(root / "submitted" / "snoop" / "lec2", work)
        result = run_cells([c.source for c in nb.cells], work, ctx.hide, modules=ctx.modules)
    said = "".join(c.stdout for c in result.cells)
    assert result.sandboxed and "SNOOPED:" in said, [(c.status, c.error) for c in result.cells]
    return json.loads(said.split("SNOOPED:", 1)[1])


LOOK = "import sys; sys.path.insert(0, sys.argv[1]); import test_layouts, json, pathlib; " \
       "print('RESULT' + json.dumps(test_layouts.look(pathlib.Path(sys.argv[2]))))"

FULL_RUN = """
import sys
from pathlib import Path
from autograder.cli import main
root = Path(sys.argv[1])
sys.exit(main(["grade", "lec2", "--course", str(root), "--submissions", str(root / "submitted"),
               "--out", str(root / "out")]))
"""


def snoop(python, root, cwd=REPO, full=False):
    """The snoop's findings on the course at `root`, looked at by the grader's `python`: in this
    process, in another, or (`full`) in a whole `python -m autograder grade` run of the class."""
    subs = place_course(root, gradebook=not full)
    if python == sys.executable and not full:
        result = look(root)
    else:
        env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")  # nbgrader's alembic
        command = [FULL_RUN, str(root)] if full else [LOOK, str(REPO / "tests"), str(root)]
        done = subprocess.run([str(python), "-c", *command], cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
        if full:
            nb = nbformat.read(root / "autograded" / "snoop" / "lec2" / "lec2.ipynb", as_version=4)
            said = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
            result = json.loads(said.split("SNOOPED:", 1)[1].splitlines()[0])
        else:
            result = json.loads(done.stdout.split("RESULT", 1)[1])
    mine = subs / "snoop" / "lec2" / f"{TOKEN}-mine.txt"
    assert [Path(p).name for p in result["found"]] == [mine.name], result  # its own copy only: the walk works
    assert result["opened"] == [], result
    return result


@pytest.fixture
def away():
    """Folders made outside the pytest tmp folder, removed afterwards."""
    made = []

    def make(parent, name="course"):
        folder = Path(parent) / f"backprop-{uuid.uuid4().hex[:8]}" / name
        folder.parent.mkdir(parents=True)
        made.append(folder.parent)
        return folder

    yield make
    for folder in made:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("parent", ["/tmp", "/var/tmp", "/srv", "/opt", "home", "with space", "symlink"])
def test_the_course_stays_hidden_wherever_it_lives(away, parent):
    if parent == "home":
        root = away(Path.home())
    elif parent == "with space":
        root = away("/tmp", "my course")
    elif parent == "symlink":
        real = away("/var/tmp")
        real.mkdir()
        root = away("/tmp", "link")
        root.symlink_to(real, target_is_directory=True)
        root = root / "course"
    else:
        root = away(parent)
    snoop(sys.executable, root)


def copy_code(dest):
    """The course's code (not its assignments) in `dest`, as a copy of the repository has it: what
    pyproject.toml installs, its packages (each top-level one's folder, its subpackages in it) and its modules."""
    setup = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    packages = sorted({name.split(".")[0] for name in setup["packages"]})
    for name in packages + [f"{module}.py" for module in setup["py-modules"]]:
        (shutil.copytree if (REPO / name).is_dir() else shutil.copyfile)(REPO / name, dest / name)


def make_venv(folder):
    """A venv at `folder` that uses the project's installed packages (a .pth to its site-packages)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True, timeout=120)
    site = next(folder.glob("lib/python*/site-packages"))
    ours = next(p for p in map(Path, sys.path) if p.name == "site-packages" and (p / "nbgrader").is_dir())
    (site / "project.pth").write_text(f"{ours}\n")
    return folder / "bin" / "python"


@pytest.mark.parametrize("where", ["in the repository", "beside the course", "/tmp", "home"])
def test_the_course_stays_hidden_wherever_python_lives(away, where, tmp_path):
    root = away("/var/tmp")
    if where == "in the repository":
        repo = away("/tmp", "repo")
        copy_code(repo)
        python, cwd = make_venv(repo / ".venv"), repo
    else:
        folder = {"beside the course": root.parent / "venv", "/tmp": away("/tmp", "venv"),
                  "home": away(Path.home(), "venv")}[where]
        python, cwd = make_venv(folder), REPO
    snoop(python, root, cwd=cwd)


def test_two_copies_of_the_course_the_venv_points_at_the_other(away):
    """The venv's course is last term's copy (a static editable install); grading runs from this
    term's. The kernel imports this term's modules, the solution earns full marks, and last
    term's copy (its solution, its reference) is as hidden as this term's."""
    last, this = away("/tmp", "last_term"), away("/tmp", "this_term")
    for copy in (last, this):
        copy_code(copy)
        copy_course(copy / "assignments")
        (copy / "assignments" / f"{TOKEN}.txt").write_text("secret")
    python = make_venv(this.parent / "venv")
    site = next((this.parent / "venv").glob("lib/python*/site-packages"))
    (site / "last_term.pth").write_text(f"{last}\n")  # what `pip install -e` in compat mode writes
    (this / "testcell.py").write_text((this / "testcell.py").read_text() + "\nTHIS_TERM = True\n")
    result = snoop(python, this / "assignments", cwd=this, full=True)
    assert result["this_term"]  # the kernel's testcell is this term's, as the grader's is
