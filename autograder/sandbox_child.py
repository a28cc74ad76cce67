"""The kernel inside the sandbox: runs the cells it is given, one at a time, when the grader says go.

autograder.sandbox starts it as `python -I -c <this file's text> RESULTS_FD GO_FD NPROC UID WORKDIR MODULES`, with
the cells' sources as a JSON list on stdin. It imports nothing from the course, so it runs even
where the course's folders are hidden; MODULES (or "") is the folder of the course's modules that
the cells import, put first on sys.path, before the notebook's own folder. The grader reads the cells' output from fd 1 and 2 (one
pipe) and the protocol from RESULTS_FD, one JSON line per message:

    {"ready": true}                                      IPython is up, no cell has run
    {"index": 3, "status": "error", "error": "..."}      after each cell

The next cell starts only after a line on GO_FD: by then the grader has taken all output of the
cell before, so output is always given to the cell that printed it. Student code runs in this
process and could write to RESULTS_FD too; the grader uses these messages only to report, never
to decide a grade.
"""
import json
import os
import resource
import sys

MAX_ERROR = 500


def describe(error):
    """'ZeroDivisionError: division by zero': one line, at most MAX_ERROR characters."""
    name = type(error).__name__
    try:
        message = " ".join(str(error).split())
    except Exception:  # a student's exception whose __str__ fails
        message = ""
    return (f"{name}: {message}" if message else name)[:MAX_ERROR]


def drop_to(uid):
    """As root in the sandbox: become `uid`, so that the kernel counts its processes (RLIMIT_NPROC)."""
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)


def make_shell():
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    class Kernel(InteractiveShell):
        def enable_gui(self, gui=None):  # `%matplotlib inline` asks for it; there is no GUI
            pass

        def ask_exit(self):  # exit() in a notebook cell: nothing to close here, go on
            pass

    config = Config()
    config.HistoryManager.enabled = False  # no sqlite file per run
    return Kernel.instance(config=config, colors="nocolor")


def main(results_fd, go_fd, nproc, uid, workdir, modules):
    sources = json.loads(os.fdopen(0, "rb", closefd=False).read())
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)  # input() gets EOF, as nothing will answer it
    if uid >= 0:
        drop_to(uid)
    os.chdir(workdir)
    # set here, after bwrap made the user namespace, so that only this sandbox's processes count
    hard = resource.getrlimit(resource.RLIMIT_NPROC)[1]
    nproc = nproc if hard == resource.RLIM_INFINITY else min(nproc, hard)
    resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
    sys.stdout.reconfigure(line_buffering=True)  # a cell that hangs still shows what it printed
    shell = make_shell()
    sys.path.insert(0, "")  # as in a Jupyter kernel: modules in the notebook's folder import
    if modules:  # ... but never in place of the course's own (a student's testcell.py, say)
        sys.path.insert(0, modules)
    go = os.fdopen(go_fd, "rb", buffering=0)

    def send(message):
        os.write(results_fd, (json.dumps(message) + "\n").encode())

    send({"ready": True})
    for index, source in enumerate(sources):
        if not go.readline():  # the grader is gone
            break
        result = shell.run_cell(source, store_history=False)
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            try:
                stream.flush()
            except Exception:  # the student replaced or closed it
                pass
        error = result.error_before_exec or result.error_in_exec
        send({"index": index, "status": "error" if error else "ok", "error": error and describe(error)})
    os._exit(0)  # no student atexit hook or thread keeps the process alive


if __name__ == "__main__":
    main(*map(int, sys.argv[1:5]), *sys.argv[5:7])
