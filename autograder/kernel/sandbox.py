"""Run a notebook's code cells in a sandboxed, limited subprocess, and say faithfully what each did.

The cells run in one Python process (the "kernel", autograder/kernel/sandbox_child.py) under bubblewrap,
in a new root that holds only the system folders and the Python installation (read-only), the
course's modules copied for the kernel, a private /tmp and the working folder, the only writable
place; a hidden folder inside one of those is an empty tmpfs. What is not there cannot leak,
wherever the course, the gradebook or the submissions live. No network; its own pid/ipc/uts
namespaces. Decisions are made
elsewhere; nothing here trusts what the student's process says beyond reporting it. A cell's
stdout and stderr (fd 1 and 2, so C-level output too) are one stream, as a terminal shows them.

Memory. RLIMIT_AS bounds each process, so that a huge allocation is a MemoryError in its cell;
where the grader may make a control group (autograder/kernel/cgroup.py), one also bounds all of a run's
processes together, and a kernel killed for want of memory is reported as such.

Process limit and root. RLIMIT_NPROC is never enforced for a process of real uid 0 (the kernel
exempts INIT_USER in copy_process), and `bwrap --unshare-user` run by root maps the sandbox's
uid to real uid 0 again. Measured here (Linux 6.18, bwrap 0.8, as root, RLIMIT_NPROC=10): 30 of
30 forks succeeded without bwrap, with bwrap, and with `bwrap --unshare-user [--uid 1000]`. So
when the grader is root, bwrap runs privileged with every capability dropped except setuid/
setgid, and the kernel drops to an unused uid (SANDBOX_UID_BASE + the grader's pid) before any
student code runs: then the limit holds (the same fork test stops at the limit) and student code
can read only what any user may. When the grader is not root (a student's self-check), bwrap
makes a user namespace as usual. Either way RLIMIT_NPROC is set inside the sandbox, after the
namespaces exist, so the processes of other sandboxes running at the same time do not count
(measured both ways: set before bwrap, one sandbox's 15 sleeping children made another's forks fail).
"""
import ctypes
import json
import os
import resource
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from autograder.languages import text  # every sentence, read at call time (text.use chooses the language)
from autograder.kernel import cgroup

# the error of the cell that was running when the run stopped, named as nbclient names them
TIMEOUT_ERROR, DEAD_ERROR = "CellTimeoutError", "DeadKernelError"
MAX_REPLY = 64 * 1024**2  # the longest message the kernel may send (a call's reply): longer is cut off


class KernelGone(BaseException):
    """The kernel stopped (died, or was stopped by a limit) while a call waited for its reply.
    A BaseException, so that a test's own `except Exception` does not take it for a result."""

SANDBOX_UID_BASE = 2_000_000_000  # + the grader's pid: a uid no account has, unique per grader process
# This Python, as the kernel runs it: its path without "." or ".." (a grader started as
# ../.venv/bin/python), which the sandbox could not follow, yet not resolved, so that a venv stays a venv.
PYTHON = os.path.abspath(sys.executable)
CHILD = Path(__file__).with_name("sandbox_child.py")
# what a kernel sees of the machine besides Python, the working folder and what the caller shows it
SYSTEM = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/sys")
BWRAP_TASKS = 8  # bwrap, its init and the kernel itself, beyond the student's processes
NAMESPACES = ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
              "--die-with-parent", "--new-session"]


@dataclass
class Limits:
    seconds_per_cell: float = 60.0     # a cell running longer is killed (SIGKILL of the whole sandbox)
    seconds_total: float = 300.0
    memory_bytes: int = 2 * 1024**3    # RLIMIT_AS of each process; of all together too where a control group can be made
    processes: int = 64                # RLIMIT_NPROC inside the sandbox (the control group allows a few more for bwrap)
    output_bytes: int = 20_000         # kept per cell (stdout and stderr together); the rest counted, not kept
    file_bytes: int = 200 * 1024**2    # RLIMIT_FSIZE: largest file student code may write


@dataclass
class CellResult:
    index: int                  # position in the list of cells passed in
    status: str                 # "ok" | "error" | "not run"
    stdout: str = ""            # stdout and stderr as printed, cut to limits.output_bytes with a note
    error: str | None = None    # one line, e.g. "ZeroDivisionError: division by zero", for status "error"
    seconds: float = 0.0


@dataclass
class RunResult:
    cells: list[CellResult]
    stopped: str | None         # None if all cells ran; else one sentence saying why not
    sandboxed: bool             # True only if bwrap isolation was really applied
    warning: str | None         # set when not sandboxed


# ---------------------------------------------------------------- is there a sandbox?
def describe_limits(limits):
    """The limits of every run, in one line for the grader's output."""
    group, reason = cgroup.make(limits.memory_bytes, limits.processes + BWRAP_TASKS)
    if group:
        group.remove()
    return text.LIMITS.format(cell=limits.seconds_per_cell, total=limits.seconds_total, processes=limits.processes,
                         gb=limits.memory_bytes / 1024**3, scope=text.LIMITS_TOGETHER if group else text.LIMITS_EACH.format(
                             reason=reason))


def why_no_sandbox():
    """None if bwrap works here, else the reason in words."""
    return _mode()[1]


@lru_cache(maxsize=None)
def _mode():
    """("root" or "user", None) if bwrap runs the venv's Python here, else (None, reason). Tried once."""
    if shutil.which("bwrap") is None:
        return None, text.NO_BWRAP
    mode = "root" if os.geteuid() == 0 else "user"
    with tempfile.TemporaryDirectory() as work:
        command = _bwrap(mode, Path(work).resolve(), []) + [PYTHON, "-I", "-c", "pass"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired) as err:
            return None, text.BWRAP_FAILS.format(error=err)
    if done.returncode != 0:
        return None, text.BWRAP_FAILS.format(error=(done.stderr.strip() or text.EXIT_CODE.format(code=done.returncode))[-300:])
    return mode, None


def _bwrap(mode, workdir, hide, show=()):
    """bwrap's arguments: a new root that holds only what the kernel needs.

    Read-only: the system folders, the Python installation (its prefixes and every folder on
    its own sys.path) and `show`; writable: `workdir`; empty: /tmp and every `hide` folder that
    lies inside one of those. Nothing else of the machine is there, so the course, the gradebook
    and the other submissions stay out of sight wherever they are, and wherever Python is.
    """
    hidden = _outermost({p.resolve() for p in map(Path, hide) if p.exists()})
    binds = {Path(name): Path(name) for name in SYSTEM if Path(name).is_dir() and not Path(name).is_symlink()}
    for place in [*python_folders(), *map(Path, show)]:
        binds[place.resolve()] = binds[Path(os.path.abspath(place))] = place.resolve()  # as Python names it too
    binds[workdir] = workdir
    # a bind inside another shows nothing new, unless a hidden folder between them covers it
    binds = {d: s for d, s in binds.items()
             if not any(o in d.parents and not any(o in h.parents and (h == d or h in d.parents) for h in hidden)
                        for o in binds)}
    covers = [h for h in hidden if any(d in h.parents for d in binds)]
    mounts = [(h, "--tmpfs") for h in covers] + [(d, "--bind" if d == workdir else "--ro-bind") for d in binds]
    mounts.sort(key=lambda m: (len(m[0].parts), m[1] != "--tmpfs"))  # a bind may sit inside a cover
    args = ["bwrap", "--dev", "/dev", "--proc", "/proc", "--perms", "1777", "--tmpfs", "/tmp",
            "--perms", "1777", "--tmpfs", "/dev/shm"]  # for multiprocessing's semaphores
    args += [a for name in SYSTEM if Path(name).is_symlink() for a in ("--symlink", os.readlink(name), name)]
    made = [(Path("/tmp"), "--tmpfs")]
    for dest, how in mounts:
        inside = max((m for m in made if m[0] in dest.parents), key=lambda m: len(m[0].parts), default=None)
        if inside is None or inside[1] == "--tmpfs":
            # the folders down to `dest` in a fresh tmpfs: 0755, so that the kernel's uid can pass them
            # (bwrap would make them 0700)
            for folder in reversed(dest.parents):
                if folder != Path("/") and (inside is None or inside[0] in folder.parents):
                    args += ["--perms", "0755", "--dir", str(folder)]
        args += [how, str(dest)] if how == "--tmpfs" else [how, str(binds[dest]), str(dest)]
        made.append((dest, how))
    # the kernel goes to `workdir` itself: it belongs to the kernel's uid, which bwrap is not
    args += ["--chdir", "/", *NAMESPACES]
    if mode == "root":
        return args + ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    # no user namespaces inside: fewer kernel paths for student code (bwrap 0.8 and later)
    return args + ["--unshare-user"] + (["--disable-userns"] if "--disable-userns" in _bwrap_help() else [])


@lru_cache(maxsize=None)
def python_folders():
    """The folders of the kernel's Python: its prefixes, and the folders of installed packages
    (site-packages, dist-packages) on the sys.path it starts with (-I, as the kernel runs), such as
    another environment's that a .pth file adds. Not a project folder that a .pth adds (an editable
    install): that may be a copy of the course; the modules the notebook needs from one are copied
    for the kernel (kernel_modules.py). Asked once."""
    folders = {Path(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix)}
    folders.add(Path(PYTHON).parent)
    folders.add(Path(PYTHON).resolve().parent)
    try:
        done = subprocess.run([PYTHON, "-I", "-c", "import json, sys; print(json.dumps(sys.path))"],
                              capture_output=True, text=True, timeout=60)
        folders |= {Path(p) for p in json.loads(done.stdout)
                    if Path(p).name in ("site-packages", "dist-packages") and Path(p).is_dir()}
    except (OSError, ValueError, subprocess.TimeoutExpired):  # the prefixes alone still run the kernel
        pass
    return tuple(sorted(Path(os.path.abspath(p)) for p in folders))


@lru_cache(maxsize=None)
def _bwrap_help():
    return subprocess.run(["bwrap", "--help"], capture_output=True, text=True).stdout


def _outermost(paths):
    paths = sorted(set(paths))
    return [p for p in paths if not any(q in p.parents for q in paths)]


# ---------------------------------------------------------------- running the cells
def run_cells(sources: list[str], workdir: Path, hide: list[Path], env: dict | None = None,
              limits: Limits = Limits(), require_sandbox: bool = False,
              modules: Path | None = None, before: dict | None = None) -> RunResult:
    """Run `sources` in order in one kernel, in `workdir`; never raises for what the cells do.

    `modules`: a folder of the course's modules (autograder/kernel/kernel_modules.py), shown read-only
    and first on the kernel's sys.path. Messages call sources[0] "code cell 1".
    `before`: {index: hook}: hook(kernel) runs in this process when the kernel is ready for cell
    `index` and before it runs it; it may ask the kernel to call the notebook's functions
    (kernel.call), within that cell's time limit.
    """
    reason = why_no_sandbox()
    if reason and require_sandbox:
        raise RuntimeError(reason)
    mode = None if reason else _mode()[0]
    workdir = Path(workdir).resolve()
    uid = -1
    if mode == "root":
        uid = SANDBOX_UID_BASE + os.getpid()
        _give(workdir, uid)
    with ExitStack() as stack:
        group = cgroup.make(limits.memory_bytes, limits.processes + BWRAP_TASKS)[0]
        if group:
            stack.callback(group.remove)  # runs last: after the kill below
        cells = stack.enter_context(tempfile.TemporaryFile())  # the sources reach the kernel as its stdin
        cells.write(json.dumps(list(sources)).encode())
        cells.seek(0)
        home = "/tmp" if mode else stack.enter_context(tempfile.TemporaryDirectory(prefix="kernel_home_"))
        (out_r, out_w), (results_r, results_w), (go_r, go_w) = os.pipe(), os.pipe(), os.pipe()
        for fd in (out_r, results_r, go_w):
            stack.callback(os.close, fd)
        _grow_pipe(out_w)
        _grow_pipe(go_w)  # a call's arguments (the digits, say) in fewer writes
        command = [PYTHON, "-I", "-c", CHILD.read_text(),
                   str(results_w), str(go_r), str(limits.processes), str(uid), str(workdir),
                   str(Path(modules).resolve()) if modules else ""]
        if mode:
            command = _bwrap(mode, workdir, hide, [modules] if modules else []) + command
        try:
            proc = subprocess.Popen(command, stdin=cells, stdout=out_w, stderr=out_w, cwd=workdir,
                                    env=_child_env(env, home), pass_fds=(results_w, go_r),
                                    start_new_session=True, preexec_fn=lambda: _limit(limits, mode, group))
        finally:  # the child's ends: EOF must come when the child is gone
            for fd in (out_w, results_w, go_r):
                os.close(fd)
        stack.callback(_kill, proc)  # whatever happens here, nothing of the run outlives it
        kernel = _Kernel(proc, out_r, results_r, go_w, len(sources), limits, sandboxed=mode is not None,
                         group=group, before=before)
        stack.callback(kernel.selector.close)
        kernel.watch()
        _kill(proc)
        kernel.drain_until_eof(2.0)
        return RunResult(kernel.cells(), kernel.stopped, sandboxed=mode is not None,
                         warning=text.NO_SANDBOX.format(reason=reason) if reason else None)


class _Output:
    """What one cell printed: the first `limit` bytes kept, the rest only counted."""

    def __init__(self, limit):
        self.limit, self.kept, self.cut = limit, bytearray(), 0

    def add(self, data):
        room = max(0, self.limit - len(self.kept))
        self.kept += data[:room]
        self.cut += max(0, len(data) - room)

    def text(self):
        kept = self.kept.decode("utf-8", "replace")
        return kept + text.OUTPUT_CUT.format(cut=self.cut) if self.cut else kept


class _Kernel:
    """The grader's side of the protocol (see sandbox_child.py): feed cells, time them, take their
    output, and ask for the calls of the hooks that run before cells."""

    def __init__(self, proc, out_fd, results_fd, go_fd, count, limits, sandboxed, group=None, before=None):
        self.group, self.before = group, before or {}
        self.proc, self.out_fd, self.results_fd, self.go_fd = proc, out_fd, results_fd, go_fd
        self.count, self.limits, self.sandboxed = count, limits, sandboxed
        self.outputs = [_Output(limits.output_bytes) for _ in range(count)]
        self.output = _Output(2000)      # where output goes now: the start-up's until the first cell
        self.startup = self.output
        self.done = {}                   # index -> (status, error, seconds)
        self.running = None              # the cell running now; None while the kernel starts
        self.began = self.started = time.monotonic()
        self.stopped = None              # why not every cell ran
        self.failure = None              # then the error name of the cell that was running
        self.lines = _Lines(MAX_REPLY)
        self.waiting, self.reply, self.calls = None, None, 0  # the call waiting for its reply
        self.out_open = True
        os.set_blocking(out_fd, False)
        os.set_blocking(go_fd, False)
        self.selector = selectors.DefaultSelector()
        self.selector.register(out_fd, selectors.EVENT_READ)
        self.selector.register(results_fd, selectors.EVENT_READ)

    def watch(self):
        while len(self.done) < self.count and not self.stopped and self.pump():
            pass

    def pump(self):
        """Wait for the kernel and take what it sent; False once the run has stopped: a limit, or
        the kernel's death."""
        deadline, error, why = self.deadline()
        if time.monotonic() >= deadline:
            self.stop(error, why)
            return False
        wait = deadline - time.monotonic()
        for key, _ in self.selector.select(wait):
            if key.fd == self.out_fd:
                self.read_output()
            elif key.fd == self.go_fd:  # room to write a call: the caller writes it
                continue
            elif not self.read_results():
                self.died()
                return False
        return not self.stopped

    def call(self, request):
        """Ask the kernel to make one call (testcell.answer reads `request`); its reply, a dict.
        Raises KernelGone if the run stops first."""
        if self.stopped:
            raise KernelGone(self.stopped)
        self.calls += 1
        self.waiting, self.reply = self.calls, None
        data = (json.dumps(dict(request, call=self.calls)) + "\n").encode()
        self.selector.register(self.go_fd, selectors.EVENT_WRITE)  # pump() wakes when there is room
        try:
            while data:  # the kernel reads while we write; its output is taken meanwhile
                try:
                    data = data[os.write(self.go_fd, data):]
                except BlockingIOError:
                    if not self.pump():
                        raise KernelGone(self.stopped) from None
                except OSError:  # the kernel closed its end: it is gone
                    self.died()
                    raise KernelGone(self.stopped) from None
        finally:
            self.selector.unregister(self.go_fd)
        while self.reply is None:
            if not self.pump():
                raise KernelGone(self.stopped)
        self.waiting = None
        return self.reply

    def deadline(self):
        total = self.began + self.limits.seconds_total
        cell = self.started + self.limits.seconds_per_cell
        if self.running is not None and cell < total:
            return cell, TIMEOUT_ERROR, text.CELL_TOO_LONG.format(cell=self.running + 1,
                                                             seconds=self.limits.seconds_per_cell)
        return total, TIMEOUT_ERROR, text.RUN_TOO_LONG.format(seconds=self.limits.seconds_total)

    def read_output(self):
        """Take one chunk of output; False if there is none now (or ever again)."""
        if not self.out_open:  # an event of the same select() may come after EOF was read
            return False
        try:
            data = os.read(self.out_fd, 1 << 20)
        except BlockingIOError:
            return False
        if not data:
            self.selector.unregister(self.out_fd)
            self.out_open = False
            return False
        self.output.add(data)
        return True

    def read_results(self):
        """Handle the kernel's messages; False when it has closed its end (it died)."""
        data = os.read(self.results_fd, 1 << 20)
        if not data:
            return False
        for line in self.lines.add(data):
            if line is None:  # the reply of a call, too long to read: the call's answer is that
                too_long = text.REPLY_TOO_LONG.format(mb=MAX_REPLY // 1024**2)
                message = {"reply": self.waiting, "error": {"type": "ValueError", "message": too_long,
                                                            "description": too_long}}
            else:
                try:
                    message = json.loads(line)
                except (ValueError, RecursionError):  # not a message: whatever a student's code wrote there
                    continue
            if isinstance(message, dict):
                self.handle(message)
        return True

    def handle(self, message):
        if self.waiting is not None:  # only the reply to the call that waits (the kernel sent it, or anyone there)
            if message.get("reply") == self.waiting:
                self.reply = message
        elif self.running is None and message.get("ready"):
            self.go(0)
        elif self.running is not None and message.get("index") == self.running:
            # the cell's output was written before this message and the kernel waits for go: take it all.
            # A full pipe holds at most 1 MB, so a few reads do, even if a student's thread still prints.
            for _ in range(4):
                if not self.read_output():
                    break
            status = "error" if message.get("status") == "error" else "ok"
            error = str(message.get("error"))[:500] if status == "error" else None
            self.done[self.running] = status, error, time.monotonic() - self.started
            self.go(self.running + 1)

    def go(self, index):
        self.running, self.started = index, time.monotonic()
        if index >= self.count:
            return
        self.output = self.outputs[index]
        if index in self.before:
            try:
                self.before[index](self)
            except KernelGone:  # the run has stopped: self.stopped says why
                return
            if self.stopped:
                return
        try:
            os.write(self.go_fd, b"\n")
        except OSError:  # the kernel is gone (or its pipe is full of a student's writes); its end will say so
            pass

    def drain_until_eof(self, seconds):
        """After the end: the rest of the output, unless something outside a sandbox still holds the pipe."""
        end = time.monotonic() + seconds
        while self.out_open and time.monotonic() < end:
            if self.selector.select(end - time.monotonic()):
                self.read_output()

    def died(self):
        exited = _exited(self.proc, 2.0)
        _kill(self.proc)
        why = _why(self.proc.returncode, self.sandboxed, self.limits, self.group) if exited else text.WHY_SILENT
        if self.running is None:
            self.drain_until_eof(1.0)
            output = " ".join(self.startup.text().split()[-60:])
            self.stopped = text.NOT_STARTED.format(code=self.proc.returncode, output=output or text.NO_OUTPUT)
        else:
            self.stop(DEAD_ERROR, text.DIED.format(cell=self.running + 1, why=why))

    def stop(self, error, why):
        self.failure, self.stopped, self.stopped_at = error, why, time.monotonic()

    def cells(self):
        cells = []
        for i in range(self.count):
            if i in self.done:
                status, error, seconds = self.done[i]
                cells.append(CellResult(i, status, self.outputs[i].text(), error, seconds))
            elif i == self.running and self.stopped:
                cells.append(CellResult(i, "error", self.outputs[i].text(), f"{self.failure}: {self.stopped}",
                                        self.stopped_at - self.started))
            else:
                cells.append(CellResult(i, "not run"))
        return cells


class _Lines:
    """The kernel's messages, a line each; a line longer than `limit` bytes is given as None."""

    def __init__(self, limit):
        self.limit, self.chunks, self.size, self.too_long = limit, [], 0, False

    def add(self, data):
        lines = []
        while data:
            end = data.find(b"\n")
            part, data = (data, b"") if end < 0 else (data[:end], data[end + 1:])
            if not self.too_long:
                self.chunks.append(part)
                self.size += len(part)
                if self.size > self.limit:
                    self.chunks, self.size, self.too_long = [], 0, True
            if end >= 0:
                lines.append(None if self.too_long else b"".join(self.chunks))
                self.chunks, self.size, self.too_long = [], 0, False
        return lines


def _why(code, sandboxed, limits, group):
    """The exit status in words; bwrap reports a child killed by signal N as exit code 128 + N."""
    signum = -code if code < 0 else code - 128 if sandboxed and code > 128 else None
    gb = limits.memory_bytes / 1024**3
    if signum == signal.SIGKILL and group is None:  # then the likeliest cause, but a guess
        return text.WHY_KILLED.format(gb=gb)
    if signum == signal.SIGKILL:
        return text.WHY_OUT_OF_MEMORY.format(gb=gb) if group.oom_kills() else text.WHY_SIGKILL
    if signum:
        try:
            return text.WHY_SIGNAL.format(name=signal.Signals(signum).name)
        except ValueError:
            pass
    return text.WHY_EXIT.format(code=code)


# ---------------------------------------------------------------- the child process
def _child_env(env, home):
    """A clean environment: nothing of the grader's (tokens, database URLs) reaches student code."""
    base = {"PATH": os.pathsep.join([str(Path(PYTHON).parent), os.environ.get("PATH", os.defpath)]),
            "HOME": home, "LANG": "C.UTF-8", "MPLBACKEND": "Agg",
            # the kernel's uid has no account; getpass.getuser() reads these first
            "USER": "student", "LOGNAME": "student",
            # one BLAS thread: threads count against the process limit, and graders run in parallel
            "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    return {**base, **{str(k): str(v) for k, v in (env or {}).items()}}


_libc = ctypes.CDLL(None, use_errno=True)
PR_SET_PDEATHSIG = 1


def _limit(limits, mode, group):
    """In the child before exec. RLIMIT_NPROC is set by the kernel itself (see the module's docstring)."""
    if group:
        group.enter()
    for which, value in [(resource.RLIMIT_AS, limits.memory_bytes), (resource.RLIMIT_FSIZE, limits.file_bytes),
                         (resource.RLIMIT_CORE, 0)]:
        hard = resource.getrlimit(which)[1]
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)  # raising it would fail
        resource.setrlimit(which, (value, value))
    if mode is None:  # bwrap's --die-with-parent does this for a sandbox
        _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _give(workdir, uid):
    """The working folder to the kernel's uid, links not followed: the only place it may write."""
    os.lchown(workdir, uid, uid)
    for root, dirs, files in os.walk(workdir):
        for name in dirs + files:
            os.lchown(os.path.join(root, name), uid, uid)


def _grow_pipe(fd):
    """A 1 MB pipe: a flood of output reaches the grader in fewer, larger reads."""
    try:
        import fcntl
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (OSError, AttributeError):
        pass


def _exited(proc, seconds):
    """Whether `proc` ends within `seconds`; it is not reaped, so its process group id stays ours to kill."""
    end = time.monotonic() + seconds
    while proc.returncode is None and not os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT):
        if time.monotonic() > end:
            return False
        time.sleep(0.01)
    return True


def _kill(proc):
    """SIGKILL the child's whole process group; bwrap's death takes the sandbox's pid namespace with it.

    Only before the child is reaped: after that its pid, and so the group id, may belong to another process.
    """
    if proc.returncode is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    proc.wait()
