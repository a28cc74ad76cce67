"""One control group per sandbox: a cap on the memory and the processes of everything a run starts.

RLIMIT_AS limits one process, so a student's forks could together hold many times the limit, and
RLIMIT_NPROC counts a uid. A control group caps all of a run's processes together, and the kernel
counts its out-of-memory kills, so "out of memory" is reported as a fact, not a guess.

Made only where the grader may: as root, under cgroup v1's memory and pids hierarchies (below the
grader's own group), or at the root of a cgroup v2 tree whose memory and pids controllers are on.
Elsewhere (a student's self-check, a non-root instructor) `make` gives None and the reason, and the
per-process limits alone apply. Any failure here means "no group", never a failed grading.
"""
import errno
import itertools
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from autograder.languages import text  # every sentence, read at call time

PREFIX = "autograder-"       # + the pid of the process that made it + a counter
_made = itertools.count()


@dataclass
class Group:
    dirs: list[Path]         # v1: the memory group, then the pids group if any; v2: one group
    version: int

    def enter(self):
        """In the child, before exec: it and everything it starts belong to the group.

        A failure leaves the run without the cap rather than ungraded.
        """
        for folder in self.dirs:
            _write(folder / "cgroup.procs", os.getpid(), optional=True)

    def oom_kills(self):
        """How many processes of the group the kernel killed for want of memory."""
        name = "memory.oom_control" if self.version == 1 else "memory.events"
        try:
            for line in (self.dirs[0] / name).read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    return int(value)
        except (OSError, ValueError):
            pass
        return 0

    def pids(self):
        found = set()
        for folder in self.dirs:
            try:
                found |= {int(p) for p in (folder / "cgroup.procs").read_text().split()}
            except (OSError, ValueError):
                pass
        return found

    def remove(self):
        """Kill whatever is left in the group, then remove it; never raises."""
        for _ in range(200):
            if self.version == 2 and (self.dirs[0] / "cgroup.kill").exists():
                _write(self.dirs[0] / "cgroup.kill", 1)
            for pid in self.pids():  # members leave only by dying, so a pid read here is theirs
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            try:
                for folder in self.dirs:
                    if folder.exists():
                        folder.rmdir()
                break
            except OSError:  # not empty yet: the killed are still exiting
                time.sleep(0.01)
        for folder in self.dirs:  # an autograder folder left behind would keep the grader's own group alive
            try:
                folder.parent.rmdir()
            except OSError:  # another run's group is in it
                pass


def make(memory_bytes, processes):
    """(a new Group capped at `memory_bytes` and `processes` tasks, None), or (None, why not)."""
    if os.geteuid() != 0:
        return None, text.CGROUP_NOT_ROOT
    try:
        mounts = [line.split()[1:4] for line in Path("/proc/self/mounts").read_text().splitlines()]
        own = [line.split(":", 2) for line in Path("/proc/self/cgroup").read_text().splitlines()]
        parents, version = _v1_parents(mounts, own), 1
        if not parents:
            parents, version = _v2_parents(mounts), 2
        if not parents:
            return None, text.CGROUP_NONE
        return _new(parents, version, memory_bytes, processes), None
    except (OSError, ValueError) as err:
        return None, text.CGROUP_FAILS.format(error=err)


def _v1_parents(mounts, own):
    """An autograder folder in the grader's own v1 memory group, and in its pids group if there is one."""
    found = {}
    for controller in ("memory", "pids"):
        where = [point for point, kind, options in mounts if kind == "cgroup" and controller in options.split(",")]
        path = [p for _, names, p in own if controller in names.split(",")]
        if where and path and os.access(Path(where[0]) / path[0].lstrip("/"), os.W_OK):
            found[controller] = Path(where[0]) / path[0].lstrip("/") / "autograder"
    return [found["memory"]] + ([found["pids"]] if "pids" in found else []) if "memory" in found else []


def _v2_parents(mounts):
    where = [Path(point) for point, kind, _ in mounts if kind == "cgroup2"]
    if not where or not {"memory", "pids"} <= set((where[0] / "cgroup.subtree_control").read_text().split()):
        return []
    return [where[0] / "autograder"]


def _new(parents, version, memory_bytes, processes):
    name = f"{PREFIX}{os.getpid()}-{next(_made)}"
    for _ in range(10):
        group = Group([], version)
        try:
            for parent in parents:
                parent.mkdir(exist_ok=True)
                if version == 2:  # a group with no process of its own may pass controllers on
                    _write(parent / "cgroup.subtree_control", "+memory +pids")
                _sweep(parent, version)
                (parent / name).mkdir()
                group.dirs.append(parent / name)
            _limit(group, memory_bytes, processes)
            return group
        except OSError as err:
            group.remove()
            # a run that just ended removed the empty parent (ENOENT), or is removing it: cgroupfs
            # refuses to make a folder again while its removal is under way (EBUSY); or it removed it
            # between mkdir's "exists" and pathlib's check that it is a folder (EEXIST). Make it again.
            if err.errno not in (errno.ENOENT, errno.EBUSY, errno.EEXIST):
                raise
            time.sleep(0.01)
    raise OSError(text.CGROUP_VANISHED.format(folder=parents[0]))


def _limit(group, memory_bytes, processes):
    memory, tasks = group.dirs[0], group.dirs[-1]
    if group.version == 1:
        _write(memory / "memory.limit_in_bytes", memory_bytes)
        _write(memory / "memory.memsw.limit_in_bytes", memory_bytes, optional=True)  # no swap beyond it
    else:
        _write(memory / "memory.max", memory_bytes)
        _write(memory / "memory.swap.max", 0, optional=True)
    if (tasks / "pids.max").exists():
        _write(tasks / "pids.max", processes)


def _sweep(parent, version):
    """Remove the groups of graders that died (kill -9) before they could."""
    for folder in parent.glob(f"{PREFIX}*"):
        pid = folder.name[len(PREFIX):].split("-")[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            Group([folder], version).remove()


def _write(path, value, optional=False):
    try:
        path.write_text(str(value))
    except OSError:
        if not optional:
            raise
