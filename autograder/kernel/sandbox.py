"""Run a notebook's code cells in a sandboxed, limited subprocess, and say faithfully what each did.

The cells run in one Python process (the "kernel", autograder/kernel/sandbox_child.py) under
bubblewrap. Three modules do the parts: mounts.py (what the kernel sees of the machine, and whether
there is a sandbox), protocol.py (the grader's side of the kernel's protocol: cells, output, calls,
why a run stopped), processes.py (the process: environment, limits, its end). Decisions are made
elsewhere.

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
import json
import os
import subprocess
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from autograder.languages import text  # every sentence, read at call time
from autograder.kernel import cgroup
from autograder.kernel.mounts import PYTHON, bwrap_args, sandbox_mode, why_no_sandbox
from autograder.kernel.processes import child_env, give, grow_pipe, kill, limit
from autograder.kernel.protocol import CellResult, Kernel

SANDBOX_UID_BASE = 2_000_000_000  # + the grader's pid: a uid no account has, unique per grader process
CHILD = Path(__file__).with_name("sandbox_child.py")
BWRAP_TASKS = 8  # bwrap, its init and the kernel itself, beyond the student's processes


@dataclass
class Limits:
    seconds_per_cell: float = 60.0     # a cell running longer is killed (SIGKILL of the whole sandbox)
    seconds_total: float = 300.0
    memory_bytes: int = 2 * 1024**3    # RLIMIT_AS of each process; of all together too where a control group can be made
    processes: int = 64                # RLIMIT_NPROC inside the sandbox (the control group allows a few more for bwrap)
    output_bytes: int = 20_000         # kept per cell (stdout and stderr together); the rest counted, not kept
    file_bytes: int = 200 * 1024**2    # RLIMIT_FSIZE: largest file student code may write


@dataclass
class RunResult:
    cells: list[CellResult]
    stopped: str | None         # None if all cells ran; else one sentence saying why not
    sandboxed: bool             # True only if bwrap isolation was really applied
    warning: str | None         # set when not sandboxed


# ---------------------------------------------------------------- the limits, and the run
def describe_limits(limits):
    """The limits of every run, in one line for the grader's output."""
    group, reason = cgroup.make(limits.memory_bytes, limits.processes + BWRAP_TASKS)
    if group:
        group.remove()
    return text.LIMITS.format(cell=limits.seconds_per_cell, total=limits.seconds_total, processes=limits.processes,
                         gb=limits.memory_bytes / 1024**3, scope=text.LIMITS_TOGETHER if group else text.LIMITS_EACH.format(
                             reason=reason))


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
    mode = None if reason else sandbox_mode()[0]
    workdir = Path(workdir).resolve()
    uid = -1
    if mode == "root":
        uid = SANDBOX_UID_BASE + os.getpid()
        give(workdir, uid)
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
        grow_pipe(out_w)
        grow_pipe(go_w)  # a call's arguments (the digits, say) in fewer writes
        command = [PYTHON, "-I", "-c", CHILD.read_text(),
                   str(results_w), str(go_r), str(limits.processes), str(uid), str(workdir),
                   str(Path(modules).resolve()) if modules else ""]
        if mode:
            command = bwrap_args(mode, workdir, hide, [modules] if modules else []) + command
        try:
            proc = subprocess.Popen(command, stdin=cells, stdout=out_w, stderr=out_w, cwd=workdir,
                                    env=child_env(env, home), pass_fds=(results_w, go_r),
                                    start_new_session=True, preexec_fn=lambda: limit(limits, mode, group))
        finally:  # the child's ends: EOF must come when the child is gone
            for fd in (out_w, results_w, go_r):
                os.close(fd)
        stack.callback(kill, proc)  # whatever happens here, nothing of the run outlives it
        kernel = Kernel(proc, out_r, results_r, go_w, len(sources), limits, sandboxed=mode is not None,
                         group=group, before=before)
        stack.callback(kernel.selector.close)
        kernel.watch()
        kill(proc)
        kernel.drain_until_eof(2.0)
        return RunResult(kernel.cells(), kernel.stopped, sandboxed=mode is not None,
                         warning=text.NO_SANDBOX.format(reason=reason) if reason else None)
