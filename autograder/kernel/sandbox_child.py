"""The kernel inside the sandbox: runs the cells it is given, one at a time, when the grader says go.

autograder.kernel.sandbox starts it as `python -I -c <this file's text> RESULTS_FD GO_FD NPROC UID WORKDIR MODULES`, with
the cells' sources as a JSON list on stdin. It imports nothing from the course, so it runs even
where the course's folders are hidden; MODULES (or "") is the folder of the course's modules that
the cells import, put first on sys.path, before the notebook's own folder. The grader reads the cells' output from fd 1 and 2 (one
pipe) and the protocol from RESULTS_FD, one JSON line per message:

    {"ready": true}                                      IPython is up, no cell has run
    {"index": 3, "status": "error", "error": "..."}      after each cell
    {"reply": 7, "value": ..., "changed": {...}}         the answer to call 7 (testcell.answer)

The next cell starts only after an empty line on GO_FD: by then the grader has taken all output
of the cell before, so output is always given to the cell that printed it. While it waits, a
JSON line on GO_FD asks it to call one of the notebook's functions (the grader runs a test
cell: the kernel only answers its calls); the reply goes to RESULTS_FD. The course's testcell
module, first on sys.path, answers it. Student code runs in this process and could write to
RESULTS_FD too, or answer a call with anything: the grader reads these messages as what the
student's code said, never as its own.
"""
import importlib
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


def start_font_list(modules):
    """Put the font list the grader made (kernel_modules.FONT_LIST) where matplotlib looks for it in
    this run's new home, so that its first import does not search all the machine's fonts again.
    Best effort: without it matplotlib makes its own, as it always did."""
    made = os.path.join(modules, "matplotlib-fonts")
    cache = os.environ.get("MPLCONFIGDIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "matplotlib")
    try:
        os.makedirs(cache, exist_ok=True)
        for name in os.listdir(made):
            with open(os.path.join(made, name), "rb") as source, open(os.path.join(cache, name), "xb") as copy:
                copy.write(source.read())
    except OSError:  # no list, or one there already
        pass


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


def flush():
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except Exception:  # the student replaced or closed it
            pass


def answer(namespace, line):
    """The reply to one call of the grader's (testcell.answer); an error of the answering itself
    (a student's cell that broke testcell, say) is the reply too."""
    request = {}
    try:
        request = json.loads(line)
        import testcell
        return testcell.answer(namespace, request)
    except BaseException as error:
        call = request.get("call") if isinstance(request, dict) else None
        return {"reply": call, "error": {"type": type(error).__name__, "message": describe(error),
                                         "description": describe(error)}}


def main(results_fd, go_fd, nproc, uid, workdir, modules):
    sources = json.loads(os.fdopen(0, "rb", closefd=False).read())
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)  # input() gets EOF, as nothing will answer it
    if uid >= 0:
        drop_to(uid)
    os.chdir(workdir)
    if modules:
        start_font_list(modules)
    # set here, after bwrap made the user namespace, so that only this sandbox's processes count
    hard = resource.getrlimit(resource.RLIMIT_NPROC)[1]
    nproc = nproc if hard == resource.RLIM_INFINITY else min(nproc, hard)
    resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
    sys.stdout.reconfigure(line_buffering=True)  # a cell that hangs still shows what it printed
    shell = make_shell()
    sys.path.insert(0, "")  # as in a Jupyter kernel: modules in the notebook's folder import
    if modules:  # ... but never in place of the course's own (a student's testcell.py, say)
        sys.path.insert(0, modules)
        try:  # what answers the grader's calls, imported before any student cell can patch what it uses
            importlib.import_module("testcell")
        except ImportError:
            pass
    go = os.fdopen(go_fd, "rb")  # buffered: a call may be a long line

    def send(message):
        data = (json.dumps(message) + "\n").encode()
        while data:  # a reply may be larger than the pipe
            data = data[os.write(results_fd, data):]

    send({"ready": True})
    for index, source in enumerate(sources):
        line = go.readline()
        while line.strip():  # a call, until the line that says go
            send(answer(shell.user_ns, line))
            flush()
            line = go.readline()
        if not line:  # the grader is gone
            break
        result = shell.run_cell(source, store_history=False)
        flush()
        error = result.error_before_exec or result.error_in_exec
        send({"index": index, "status": "error" if error else "ok", "error": error and describe(error)})
    os._exit(0)  # no student atexit hook or thread keeps the process alive


if __name__ == "__main__":
    main(*map(int, sys.argv[1:5]), *sys.argv[5:7])
