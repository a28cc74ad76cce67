"""The kernel's process from the outside: its clean environment, its limits, the working folder
it owns, its pipes, and its end (the whole process group killed, nothing of a run outliving it)."""
import ctypes
import os
import resource
import signal
import time
from pathlib import Path

from autograder.kernel.mounts import PYTHON


def child_env(env, home):
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


def limit(limits, mode, group):
    """In the child before exec. RLIMIT_NPROC is set by the kernel itself (sandbox.py's docstring says why)."""
    if group:
        group.enter()
    for which, value in [(resource.RLIMIT_AS, limits.memory_bytes), (resource.RLIMIT_FSIZE, limits.file_bytes),
                         (resource.RLIMIT_CORE, 0)]:
        hard = resource.getrlimit(which)[1]
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)  # raising it would fail
        resource.setrlimit(which, (value, value))
    if mode is None:  # bwrap's --die-with-parent does this for a sandbox
        _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def give(workdir, uid):
    """The working folder to the kernel's uid, links not followed: the only place it may write."""
    os.lchown(workdir, uid, uid)
    for root, dirs, files in os.walk(workdir):
        for name in dirs + files:
            os.lchown(os.path.join(root, name), uid, uid)


def grow_pipe(fd):
    """A 1 MB pipe: a flood of output reaches the grader in fewer, larger reads."""
    try:
        import fcntl
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (OSError, AttributeError):
        pass


def exited(proc, seconds):
    """Whether `proc` ends within `seconds`; it is not reaped, so its process group id stays ours to kill."""
    end = time.monotonic() + seconds
    while proc.returncode is None and not os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT):
        if time.monotonic() > end:
            return False
        time.sleep(0.01)
    return True


def kill(proc):
    """SIGKILL the child's whole process group; bwrap's death takes the sandbox's pid namespace with it.

    Only before the child is reaped: after that its pid, and so the group id, may belong to another process.
    """
    if proc.returncode is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    proc.wait()
