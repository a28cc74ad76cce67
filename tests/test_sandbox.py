"""autograder.kernel.sandbox: real runs of real cells, no mocks (except to force 'no sandbox',
'no control group' or a race between two runs).

Every limit is small here so that the whole file runs in well under a minute and a broken limit
cannot hurt the machine: the fork test forks at most 200 sleepers whether or not the limit holds.
"""
import contextlib
import errno
import os
import shutil
import socket
import tempfile
import time
from pathlib import Path

import pytest

from autograder.kernel import cgroup, sandbox
from autograder.kernel.mounts import why_no_sandbox
from autograder.kernel.sandbox import Limits, run_cells

REPO = Path(__file__).resolve().parent.parent
SANDBOX = why_no_sandbox() is None
needs_sandbox = pytest.mark.skipif(not SANDBOX, reason=f"no sandbox here: {why_no_sandbox()}")
GROUP, NO_GROUP = cgroup.make(2**30, 100)
if GROUP:
    GROUP.remove()
needs_cgroup = pytest.mark.skipif(GROUP is None, reason=str(NO_GROUP))
LOOP = "while True:\n    try:\n        pass\n    except BaseException:\n        pass"


def run(tmp_path, *sources, hide=(), **limits):
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    return run_cells(list(sources), work, list(hide), limits=Limits(**limits))


def statuses(result):
    return [c.status for c in result.cells]


def processes_mentioning(text):
    """Pids whose command line contains `text`: the kernel's forks carry its working folder in theirs."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if text.encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
        except OSError:
            pass
    return found


# ---------------------------------------------------------------- running cells
def test_cells_run_in_order_share_a_namespace_and_output_is_per_cell(tmp_path):
    result = run(tmp_path, "x = 6", "print(x * 7)",
                 "import os, sys\nos.write(1, b'raw fd 1\\n')\nprint('to stderr', file=sys.stderr)", "x")
    assert statuses(result) == ["ok"] * 4 and result.stopped is None
    assert [c.stdout for c in result.cells[:2]] == ["", "42\n"]
    assert "raw fd 1" in result.cells[2].stdout and "to stderr" in result.cells[2].stdout
    assert "6" in result.cells[3].stdout
    assert [c.index for c in result.cells] == [0, 1, 2, 3]


def test_magics_work_as_in_jupyter(tmp_path):
    result = run(tmp_path, "%matplotlib inline\nimport matplotlib.pyplot as plt\nplt.plot([1, 2]); plt.show()",
                 "!echo from-the-shell", "%time y = 1 + 1")
    assert statuses(result) == ["ok"] * 3, result.cells
    assert "from-the-shell" in result.cells[1].stdout
    assert "Wall time" in result.cells[2].stdout


def test_errors_are_one_line_and_later_cells_still_run(tmp_path):
    result = run(tmp_path, "def f(:\n    pass", "1 / 0", "raise ValueError('two\\nlines')",
                 "import sys; sys.exit(3)", "print('still here')")
    assert statuses(result) == ["error"] * 4 + ["ok"]
    syntax, zero, value, exit_, _ = [c.error for c in result.cells]
    assert syntax.startswith("SyntaxError: invalid syntax")
    assert zero == "ZeroDivisionError: division by zero"
    assert value == "ValueError: two lines"
    assert exit_ == "SystemExit: 3"  # IPython catches it, as Jupyter does
    assert "ZeroDivisionError" in result.cells[1].stdout  # the traceback, for the student
    assert result.cells[4].stdout == "still here\n" and result.stopped is None


def test_os_exit_stops_the_run_where_it_died(tmp_path):
    result = run(tmp_path, "print(1)", "import os\nprint('going')\nos._exit(1)", "print(3)", "print(4)")
    assert statuses(result) == ["ok", "error", "not run", "not run"]
    assert result.stopped == "the Python process died in code cell 2 (exit code 1: os._exit?)"
    assert result.cells[1].error == f"DeadKernelError: {result.stopped}"
    assert result.cells[1].stdout == "going\n" and result.cells[0].stdout == "1\n"


def test_a_segfault_is_a_death(tmp_path):
    result = run(tmp_path, "import ctypes\nctypes.string_at(0)", "print(2)")
    assert statuses(result) == ["error", "not run"]
    assert "died in code cell 1 (SIGSEGV" in result.stopped


def test_an_endless_loop_that_swallows_interrupts_is_killed_with_its_children(tmp_path):
    child = "import os, time\nif os.fork() == 0:\n    time.sleep(100)\n    os._exit(0)"
    start = time.monotonic()
    result = run(tmp_path, "print('before')", child, "print('loops')\n" + LOOP, "print('never')",
                 seconds_per_cell=2)
    assert time.monotonic() - start < 6
    assert statuses(result) == ["ok", "ok", "error", "not run"]
    assert result.stopped == "code cell 3 ran longer than 2 s and was stopped"
    assert result.cells[2].error.startswith("CellTimeoutError: ") and result.cells[2].stdout == "loops\n"
    assert processes_mentioning(str(tmp_path / "work")) == []


def test_the_whole_run_has_a_time_limit(tmp_path):
    # the total counts the kernel's start too: 5 s leave room for a slow start on a busy machine
    result = run(tmp_path, "import time", "time.sleep(60)", "print('never')", seconds_total=5, seconds_per_cell=30)
    assert statuses(result) == ["ok", "error", "not run"]
    assert result.stopped == "the whole run took longer than 5 s and was stopped"


def test_an_output_flood_is_cut_and_costs_little(tmp_path):
    start = time.monotonic()
    result = run(tmp_path, "print('x' * 50_000_000)", "print('after')", output_bytes=10_000)
    assert time.monotonic() - start < 5
    assert statuses(result) == ["ok", "ok"]
    flood = result.cells[0].stdout
    assert flood.startswith("x" * 10_000) and len(flood) < 10_100
    assert flood.endswith("[... 49,990,001 more bytes of output were not kept]")
    assert result.cells[1].stdout == "after\n"


def test_memory_is_limited(tmp_path):
    result = run(tmp_path, "hog = bytearray(10**11)", "small = bytearray(10**8); print(len(small))",
                 memory_bytes=1024**3)
    assert statuses(result) == ["error", "ok"]
    assert result.cells[0].error == "MemoryError"  # a cell error, not a death
    assert result.cells[1].stdout == "100000000\n"


# a child that holds `mb` MB, touched, for a while; the OOM killer takes the largest process first
HOGS = ("import os, time\n"
        "def hog(mb, seconds):\n"
        "    if os.fork() == 0:\n"
        "        held = b'x' * (mb * 2**20)\n"
        "        time.sleep(seconds)\n"
        "        os._exit(0)\n")


def our_groups():
    """The control groups this process made and has not removed. Another run's folder may vanish
    while it is listed (a test beside this one removes its own): then list again."""
    for _ in range(10):
        try:
            return [p for root in Path("/sys/fs/cgroup").glob("*")
                    for p in root.rglob(f"{cgroup.PREFIX}{os.getpid()}-*")]
        except FileNotFoundError:
            continue
    raise AssertionError("the control groups kept changing while they were listed")


@needs_cgroup
def test_the_memory_of_all_processes_together_is_capped(tmp_path):
    each = HOGS + "for _ in range(4):\n    hog(300, 3)\nends = [os.wait()[1] for _ in range(4)]\n" \
        "print(sum(os.WIFSIGNALED(e) and os.WTERMSIG(e) == 9 for e in ends), 'killed')"
    result = run(tmp_path, each, "print('next')", memory_bytes=800 * 2**20)
    assert statuses(result) == ["ok", "ok"], result.cells
    # 4 × 300 MB do not fit in 800 MB together, though each fits alone: at least two are killed
    assert int(result.cells[0].stdout.split()[0]) >= 2, result.cells[0].stdout
    assert our_groups() == []


@needs_cgroup
def test_a_kernel_killed_for_want_of_memory_is_told_so(tmp_path):
    greedy = HOGS + "hog(200, 30)\nhog(200, 30)\ntime.sleep(1)\nmine = b'y' * (500 * 2**20)"
    result = run(tmp_path, greedy, "print('never')", memory_bytes=800 * 2**20)
    assert statuses(result) == ["error", "not run"], result.cells
    assert result.stopped == ("the Python process died in code cell 1 "
                              "(out of memory: its processes together reached the limit of 0.8 GB)")
    assert processes_mentioning(str(tmp_path / "work")) == [] and our_groups() == []


def test_the_limits_are_described_as_they_apply(monkeypatch):
    assert ("for all its processes together" in sandbox.describe_limits(Limits())) == (GROUP is not None)
    monkeypatch.setattr(cgroup, "make", lambda *_: (None, "no control group: forced off"))
    assert sandbox.describe_limits(Limits()) == (
        "limits of each submission: 60 s a cell, 300 s in all, 64 processes, "
        "2.0 GB of memory for each process on its own (no control group: forced off)")


@needs_cgroup
def test_the_group_of_a_grader_killed_mid_run_is_removed_later():
    # where this process's groups go; other processes' cgroups may hold autograder folders of their own
    stale = [folder.parent / f"{cgroup.PREFIX}999999999-0" for folder in GROUP.dirs]  # above any pid_max
    try:
        for folder in stale:
            folder.mkdir(parents=True)
        group, _ = cgroup.make(2**30, 100)
        group.remove()
        assert not any(folder.exists() for folder in stale)
    finally:
        for folder in stale:
            for empty in (folder, folder.parent):
                with contextlib.suppress(OSError):
                    empty.rmdir()


@needs_cgroup
def test_no_autograder_folder_is_left_in_the_graders_own_group():
    group, _ = cgroup.make(2**30, 100)
    group.remove()
    # a folder left there would keep the grader's group from being removed; another grader may still use it
    assert all(not d.parent.exists() or any(d.parent.glob(f"{cgroup.PREFIX}*")) for d in group.dirs)


@needs_cgroup
@pytest.mark.parametrize("error", [errno.ENOENT, errno.EBUSY, errno.EEXIST],
                         ids=["removed", "being removed", "removed as mkdir saw it"])
def test_a_folder_removed_by_a_run_that_ends_meanwhile_is_made_again(monkeypatch, error):
    sweep, vanished = cgroup._sweep, []

    # as if another run removed its last group just then (ENOENT, or EEXIST as mkdir saw it), or was
    # removing it (EBUSY): the folder itself is left alone, for other runs (other test workers) may
    # have groups in it
    def sweep_then_vanish(parent, version):
        sweep(parent, version)
        if not vanished:
            vanished.append(parent)
            raise OSError(error, os.strerror(error), str(parent))

    monkeypatch.setattr(cgroup, "_sweep", sweep_then_vanish)
    group, why = cgroup.make(2**30, 100)
    assert why is None and vanished and all(d.is_dir() for d in group.dirs)
    group.remove()


@pytest.mark.skipif(not SANDBOX and os.geteuid() == 0,
                    reason="without a sandbox the kernel runs as root, whose processes the kernel does not count")
def test_a_fork_bomb_is_contained(tmp_path):
    bomb = ("import os, time\nforked = 0\ntry:\n    for _ in range(200):\n        if os.fork() == 0:\n"
            "            time.sleep(100)\n            os._exit(0)\n        forked += 1\nfinally:\n    print(forked)")
    start = time.monotonic()
    result = run(tmp_path, bomb, "print('next')", processes=16)
    assert time.monotonic() - start < 10
    assert statuses(result) == ["error", "ok"]
    assert result.cells[0].error.startswith("BlockingIOError")
    assert int(result.cells[0].stdout.split()[0]) < 16
    assert processes_mentioning(str(tmp_path / "work")) == []  # the sleepers died with the sandbox


# ---------------------------------------------------------------- isolation
@needs_sandbox
def test_hidden_folders_are_empty_even_around_the_workdir(tmp_path):
    # the scratch under a hidden course folder, outside /tmp (which the sandbox replaces anyway)
    course = Path(tempfile.mkdtemp(prefix="course_", dir="/var/tmp"))
    try:
        (course / "secret.txt").write_text("the answers")
        work = course / "scratch" / "alice"
        work.mkdir(parents=True)
        (work / "mine.txt").write_text("alice's")
        result = run_cells([
            f"open({str(course / 'secret.txt')!r}).read()",
            f"import os\nprint(sorted(os.listdir({str(course)!r})))",
            "print(open('mine.txt').read())",
            f"open({str(REPO / 'assignments' / 'source' / 'lec2' / 'lec2.ipynb')!r})",
            f"print(os.listdir({str(REPO / 'assignments')!r}))",
        ], work, [course, REPO / "assignments"])
        assert result.sandboxed and result.warning is None
        assert statuses(result) == ["error", "ok", "ok", "error", "error"]
        assert result.cells[0].error.startswith("FileNotFoundError")
        assert result.cells[1].stdout == "['scratch']\n"
        assert result.cells[2].stdout == "alice's\n"
        assert result.cells[3].error.startswith("FileNotFoundError")
        assert result.cells[4].error.startswith("FileNotFoundError")  # not even there: only Python is
    finally:
        shutil.rmtree(course)


@needs_sandbox
def test_other_students_beside_the_workdir_are_hidden(tmp_path):
    scratch = tmp_path / "scratch"
    (scratch / "bob").mkdir(parents=True)
    (scratch / "bob" / "answers.py").write_text("x = 1")
    (scratch / "alice").mkdir()
    result = run_cells([f"import os\nprint(os.listdir({str(scratch)!r}))"], scratch / "alice", [scratch])
    assert result.cells[0].stdout == "['alice']\n"


@needs_sandbox
def test_only_the_workdir_is_writable_and_the_venv_works(tmp_path):
    outside = [REPO / "sandbox_probe.txt", Path.home() / "sandbox_probe.txt", Path("/var/tmp/sandbox_probe.txt")]
    cells = [f"open({str(p)!r}, 'a').write('x')" for p in outside]
    cells += ["import os, numpy as np\nos.makedirs('records')\nnp.savez('records/r.npz', a=np.arange(3))\n"
              "print(os.getuid())"]
    result = run(tmp_path, *cells)
    assert statuses(result) == ["error"] * 3 + ["ok"]
    assert all(c.error.startswith(("OSError", "PermissionError", "FileNotFoundError")) for c in result.cells[:3])
    assert not any(p.exists() for p in outside)
    assert (tmp_path / "work" / "records" / "r.npz").is_file()
    if os.geteuid() == 0:
        assert int(result.cells[3].stdout) != 0  # student code never runs as root


@needs_sandbox
def test_there_is_no_network(tmp_path):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(0.2)
        port = server.getsockname()[1]
        result = run(tmp_path, f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=2)",
                     "socket.create_connection(('pypi.org', 443), timeout=2)")
        with pytest.raises(socket.timeout):
            server.accept()
    assert statuses(result) == ["error", "error"]
    assert result.cells[0].error.startswith("ConnectionRefusedError")


def test_the_environment_is_the_callers_not_the_graders(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADER_ONLY_SECRET", "hunter2")
    result = run_cells(["import os\nprint(os.environ.get('GRADER_ONLY_SECRET'), os.environ['SEED'],"
                        " os.environ['MPLBACKEND'])"], tmp_path, [], env={"SEED": 42})
    assert result.cells[0].stdout == "None 42 Agg\n"


def test_without_a_sandbox_it_says_so_loudly_or_refuses(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "why_no_sandbox", lambda: "forced off for this test")
    result = run(tmp_path, "print('ran')")
    assert statuses(result) == ["ok"] and result.cells[0].stdout == "ran\n"
    assert not result.sandboxed
    assert result.warning.startswith("NO SANDBOX: forced off for this test")
    with pytest.raises(RuntimeError, match="forced off"):
        run_cells(["print('ran')"], tmp_path, [], require_sandbox=True)


def test_matplotlib_starts_from_the_graders_font_list(tmp_path):
    """The kernel's home is new on every run: without the font list the grader puts beside the modules,
    matplotlib searches all the machine's fonts again on every submission (and logs that it did)."""
    import nbformat
    from autograder.kernel.kernel_modules import FONT_LIST, copy_modules
    cell = ("import logging, sys\nlogging.basicConfig(level=logging.INFO, stream=sys.stdout)\n"
            "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.title('x')\nplt.savefig('f.png')")
    said = {}
    for uses_matplotlib in (True, False):
        modules = tmp_path / f"modules_{uses_matplotlib}"
        copy_modules(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell if uses_matplotlib else "")]),
                     modules)
        assert (modules / FONT_LIST).is_dir() == uses_matplotlib
        work = tmp_path / f"work_{uses_matplotlib}"
        work.mkdir()
        ran = run_cells([cell], work, [], modules=modules).cells[0]
        assert ran.status == "ok" and (work / "f.png").stat().st_size > 0, ran
        said[uses_matplotlib] = ran.stdout
    assert "generated new fontManager" not in said[True] and "generated new fontManager" in said[False]


@needs_sandbox
def test_a_grader_started_by_a_path_with_dot_dot_still_has_its_sandbox(tmp_path):
    """`../.venv/bin/python bench_grading.py` in benchmarks/: the kernel is started by the path without its "..", which
    the sandbox could not follow, and the venv is still the venv."""
    import subprocess
    import sys
    elsewhere = tmp_path / "elsewhere"  # a folder the sandbox does not show: its ".." cannot be followed there
    elsewhere.mkdir()
    python = os.path.relpath(sys.executable, elsewhere)  # Python's sys.executable is then elsewhere/../..
    probe = ("from autograder.kernel.mounts import why_no_sandbox\n"
             "from autograder.kernel.sandbox import Limits, run_cells\n"
             f"result = run_cells(['import numpy, sys; print(sys.prefix)'], {str(tmp_path / 'work')!r}, [],"
             " limits=Limits())\n"
             "print(why_no_sandbox(), result.cells[0].status, result.cells[0].stdout.strip(), result.warning)")
    (tmp_path / "work").mkdir()
    done = subprocess.run([python, "-c", probe], capture_output=True, text=True, cwd=elsewhere)
    assert done.stdout.split(" ", 3)[:3] == ["None", "ok", sys.prefix], done.stdout + done.stderr
