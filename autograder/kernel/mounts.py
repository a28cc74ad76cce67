"""What a sandboxed kernel sees of the machine, and whether there is a sandbox here at all.

bubblewrap makes a new root that holds only the system folders and the Python installation
(read-only), the course's modules copied for the kernel, a private /tmp and the working folder, the
only writable place; a hidden folder inside one of those is an empty tmpfs. What is not there cannot
leak, wherever the course, the gradebook or the submissions live. No network; its own pid/ipc/uts
namespaces. As root, bwrap runs privileged with every capability dropped but setuid/setgid, and the
kernel drops to an unused uid (sandbox.py says why); otherwise it makes a user namespace.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

from autograder.languages import text  # every sentence, read at call time

# This Python, as the kernel runs it: its path without "." or ".." (a grader started as
# ../.venv/bin/python), which the sandbox could not follow, yet not resolved, so that a venv stays a venv.
PYTHON = os.path.abspath(sys.executable)
# what a kernel sees of the machine besides Python, the working folder and what the caller shows it
SYSTEM = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/sys")
NAMESPACES = ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts",
              "--die-with-parent", "--new-session"]


def why_no_sandbox():
    """None if bwrap works here, else the reason in words."""
    return sandbox_mode()[1]


@lru_cache(maxsize=None)
def sandbox_mode():
    """("root" or "user", None) if bwrap runs the venv's Python here, else (None, reason). Tried once."""
    if shutil.which("bwrap") is None:
        return None, text.NO_BWRAP
    mode = "root" if os.geteuid() == 0 else "user"
    with tempfile.TemporaryDirectory() as work:
        command = bwrap_args(mode, Path(work).resolve(), []) + [PYTHON, "-I", "-c", "pass"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired) as err:
            return None, text.BWRAP_FAILS.format(error=err)
    if done.returncode != 0:
        return None, text.BWRAP_FAILS.format(error=(done.stderr.strip() or text.EXIT_CODE.format(code=done.returncode))[-300:])
    return mode, None


def bwrap_args(mode, workdir, hide, show=()):
    """bwrap's arguments: a new root that holds only what the kernel needs.

    Read-only: the system folders, the Python installation (its prefixes and every folder on
    its own sys.path) and `show`; writable: `workdir`; empty: /tmp and every `hide` folder that
    lies inside one of those. Nothing else of the machine is there, so the course, the gradebook
    and the other submissions stay out of sight wherever they are, and wherever Python is.
    """
    hidden = outermost({p.resolve() for p in map(Path, hide) if p.exists()})
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
    return args + ["--unshare-user"] + (["--disable-userns"] if "--disable-userns" in bwrap_help() else [])


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
def bwrap_help():
    return subprocess.run(["bwrap", "--help"], capture_output=True, text=True).stdout


def outermost(paths):
    paths = sorted(set(paths))
    return [p for p in paths if not any(q in p.parents for q in paths)]
