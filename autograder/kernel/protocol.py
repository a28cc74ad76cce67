"""The grader's side of the kernel's protocol (sandbox_child.py is the other): feed the cells one
by one, time them, take their output, make the calls that a test asks for, and say faithfully why a
run stopped. Nothing here trusts what the student's process says beyond reporting it. A cell's
stdout and stderr (fd 1 and 2, so C-level output too) are one stream, as a terminal shows them.
"""
import json
import os
import selectors
import signal
import time
from dataclasses import dataclass

from autograder.languages import text  # every sentence, read at call time
from autograder.kernel.processes import exited, kill

# the error of the cell that was running when the run stopped, named as nbclient names them
TIMEOUT_ERROR, DEAD_ERROR = "CellTimeoutError", "DeadKernelError"
MAX_REPLY = 64 * 1024**2  # the longest message the kernel may send (a call's reply): longer is cut off


class KernelGone(BaseException):
    """The kernel stopped (died, or was stopped by a limit) while a call waited for its reply.
    A BaseException, so that a test's own `except Exception` does not take it for a result."""


@dataclass
class CellResult:
    index: int                  # position in the list of cells passed in
    status: str                 # "ok" | "error" | "not run"
    stdout: str = ""            # stdout and stderr as printed, cut to limits.output_bytes with a note
    error: str | None = None    # one line, e.g. "ZeroDivisionError: division by zero", for status "error"
    seconds: float = 0.0


class Output:
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


class Kernel:
    """The grader's side of the protocol (see sandbox_child.py): feed cells, time them, take their
    output, and ask for the calls of the hooks that run before cells."""

    def __init__(self, proc, out_fd, results_fd, go_fd, count, limits, sandboxed, group=None, before=None):
        self.group, self.before = group, before or {}
        self.proc, self.out_fd, self.results_fd, self.go_fd = proc, out_fd, results_fd, go_fd
        self.count, self.limits, self.sandboxed = count, limits, sandboxed
        self.outputs = [Output(limits.output_bytes) for _ in range(count)]
        self.output = Output(2000)      # where output goes now: the start-up's until the first cell
        self.startup = self.output
        self.done = {}                   # index -> (status, error, seconds)
        self.running = None              # the cell running now; None while the kernel starts
        self.began = self.started = time.monotonic()
        self.stopped = None              # why not every cell ran
        self.failure = None              # then the error name of the cell that was running
        self.lines = Lines(MAX_REPLY)
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
        gone = exited(self.proc, 2.0)
        kill(self.proc)
        why = why_it_died(self.proc.returncode, self.sandboxed, self.limits, self.group) if gone else text.WHY_SILENT
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


class Lines:
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


def why_it_died(code, sandboxed, limits, group):
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
