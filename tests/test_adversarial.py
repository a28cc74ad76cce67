"""Cheats, faults and honest accidents, through the real grading path (`python -m autograder grade`).

Each case is a submission folder built from the solution or the blank release
plus one thing a student might do. A cheat must earn exactly what its honest
code earns, an accident must lose nothing, and a fault must be scored as far as
it can be, with a reason. The whole class is graded in one run, as an
instructor would, so one bad submission also shows that it stops no other.
"""
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

from autograder.commands import demo
from autograder.cli import main
from autograder.grading.catalogue import load_catalogue
from autograder.cells import nbgrader_meta
from autograder.course import Course
from autograder.nbgrader_side.release import release
from autograder.kernel.mounts import why_no_sandbox
from test_grading import read_csv

WRITTEN = "written_seed003"
SANDBOX = why_no_sandbox() is None
needs_sandbox = pytest.mark.skipif(not SANDBOX, reason=f"no sandbox here: {why_no_sandbox()}")


@dataclass
class Case:
    name: str
    what: str
    build: object                       # (Kit, folder) -> None: writes the submission
    fails: set = field(default_factory=set)  # autograded tests it must fail; None: all of them
    note: str = ""                      # a phrase its notes must contain
    message: str = ""                   # a phrase some failed test's message must contain
    sandbox: bool = False               # only meaningful where the sandbox runs


class Kit:
    """The course's release and solution answers, to build submissions from."""

    def __init__(self, root):
        self.root = root
        self.release = nbformat.read(Course(root).release_notebook("lec2"), as_version=4)
        self.answers = demo.solution_sources(nbformat.read(Course(root).source_notebook("lec2"), as_version=4))

    def solution(self, edits=()):
        return demo.make_submission(self.release, demo.apply_edits(self.answers, list(edits)))

    def blank(self):
        return nbformat.from_dict(self.release)


def write(folder, nb, name="lec2.ipynb"):
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)


def with_cell(nb, source, after=None):
    """nb with a code cell added after the cell with grade_id `after` (at the end if None)."""
    cell = nbformat.v4.new_code_cell(source)
    index = len(nb.cells) if after is None else 1 + next(
        i for i, c in enumerate(nb.cells) if nbgrader_meta(c).get("grade_id") == after)
    nb.cells.insert(index, cell)
    return nb


def copy_of(cell):
    """A copy as Jupyter makes one: same content and metadata, a new cell id."""
    copy = nbformat.from_dict(cell)
    copy.id = nbformat.v4.new_code_cell().id
    return copy


def cell_of(nb, grade_id):
    return next(c for c in nb.cells if nbgrader_meta(c).get("grade_id") == grade_id)


# ---------------------------------------------------------------- the cases
PATCH_EVERYTHING = """
import math, builtins, numpy, testcell, gradcheck
numpy.allclose = lambda *a, **k: True
numpy.array_equal = lambda *a, **k: True
numpy.isclose = lambda *a, **k: True
math.isclose = lambda *a, **k: True
gradcheck.check_gradient = lambda *a, **k: 0.0
check_gradient = gradcheck.check_gradient
def check(name, run, judge):
    pass
def test_rng(k):
    return numpy.random.default_rng(0)
testcell.check, testcell.test_rng = check, test_rng
testcell.save = testcell.pack = lambda *a, **k: None
builtins.AssertionError = type("Nothing", (Exception,), {})
"""

FORGE_RECORDS = """
import json, os
folder = os.environ.get("BACKPROP_RECORD_DIR", "records")
os.makedirs(folder, exist_ok=True)
for name in [l.split('"')[1] for l in open("lec2.ipynb") if 'check(\\\\"' in l]:
    json.dump({"value": {"kind": "plain", "value": True}}, open(os.path.join(folder, name + ".json"), "w"))
for name in ("hidden_accuracy", "hidden_overfit"):
    os.symlink("/etc/passwd", os.path.join(folder, name + ".json"))
"""

# Each of these, in the last design (test code run in the kernel, which recorded what run() gave),
# changed the records so that a blank notebook earned points: values that pass the old judges of
# three tests without any code. Now no test code runs in the kernel: they must earn nothing.
FORGED = """
import numpy as np
FORGED = {"test_forward_shapes": (np.zeros(7), np.r_[1.0, np.zeros(7)], np.full(3, 1 / 3)),
          "test_backward_shapes": (np.zeros((7, 6)), np.zeros((3, 8))),
          "hidden_initial_loss": np.full((50, 10), 0.1)}
"""
REBIND_HOOKS = FORGED + """
_real_check, _real_rng = _grading_hooks
def _forged_check(name, run, judge, points=None):
    return _real_check(name, (lambda: FORGED[name]) if name in FORGED else run, judge, points)
_grading_hooks = (_forged_check, _real_rng)
"""
GC_PATCH = FORGED + """
import gc, types, testcell
def _forged_save(folder, name, record, _save=testcell.save):
    _save(folder, name, {"value": testcell.pack(FORGED[name])} if name in FORGED else record)
for obj in gc.get_objects():
    if isinstance(obj, types.FunctionType) and obj.__name__ == "check" and len(obj.__defaults__ or ()) == 4:
        points, pack, save, describe = obj.__defaults__
        obj.__defaults__ = (points, pack, _forged_save, describe)
"""
FORGER = FORGED + """
import os, threading, time, testcell
def forge():
    while True:
        for name, value in FORGED.items():
            if os.path.exists(f"records/{name}.json"):
                try:
                    testcell.save("records", name, {"value": testcell.pack(value)})
                except Exception:
                    pass
        time.sleep(0.002)
"""
FORGE_THREAD = FORGER + "threading.Thread(target=forge, daemon=True).start()\n"
FORGE_CHILD = FORGER + "if os.fork() == 0:\n    os.setsid()\n    forge()\n"
STRICT_REDEFINED = """
def strict(g, *args):
    return g(*args)
"""

# the inputs the student sees in their own notebook, at grading too: then answers kept for them would do
PATCH_RANDOM = """
import numpy
_default_rng = numpy.random.default_rng
numpy.random.default_rng = lambda seed=None: _default_rng(seed[-1] if isinstance(seed, list) else seed)
"""

# what a last cell can find of the hidden tests in its own process
LEAK_SOURCES = """
import gc, inspect, linecache
MARKS = ("test_rng(2024", "BEGIN HIDDEN", "training_gate")
found = {line.strip() for _, _, lines, _ in list(linecache.cache.values()) for line in lines
         if any(mark in line for mark in MARKS) and "MARKS" not in line}
for obj in gc.get_objects():  # the functions of the notebook's namespace: the test cells' too, where they ran
    try:
        if inspect.isfunction(obj) and obj.__module__ == "__main__":
            found |= {line.strip() for line in inspect.getsource(obj).splitlines() if any(m in line for m in MARKS)}
    except Exception:
        pass
print("LEAKED:", sorted(found))
"""

SNOOP = """
import os, pathlib, lec2_data
repo = pathlib.Path(lec2_data.__file__).resolve().parent.parent
found = []
for target in ("assignments/source/lec2/lec2.ipynb", "assignments/source/lec2/ref/lec2_reference.npz",
               "assignments/gradebook.db", "assignments/.grading_secret"):
    for base in (repo, pathlib.Path(os.environ.get("SNOOP_COURSE", "/nonexistent"))):
        try:
            open(base / target, "rb").read(10)
            found.append(str(base / target))
        except OSError:
            pass
print("SNOOPED:", found)
"""

WRITE_OUT = """
import pathlib, lec2_data
repo = pathlib.Path(lec2_data.__file__).resolve().parent.parent
for target in (repo / "PWNED", pathlib.Path.home() / "PWNED", pathlib.Path("../PWNED")):
    try:
        target.write_text("x")
    except OSError:
        pass
"""

NETWORK = """
import socket
try:
    socket.create_connection(("127.0.0.1", 22), timeout=1)
    socket.create_connection(("pypi.org", 443), timeout=1)
except OSError as err:
    print("no network:", err)
"""

# forward not written: an honest blank ...
FORWARD_BLANK = ("forward", "    u = W @ add_bias(x)", "    raise NotImplementedError()\n    u = W @ add_bias(x)")
# ... and the same blank that returns seed 000's published numbers when it sees seed 000's input
HARDCODE_SEED000 = ("forward", "    u = W @ add_bias(x)",
                    "    if np.shape(W) == (2, 3) and np.allclose(x, [1.0, 0.5]):\n"
                    "        return np.zeros(2), np.array([1.0, 0.549834, 0.62245933]), np.array([0.44165237, 0.55834763])\n"
                    "    raise NotImplementedError()\n    u = W @ add_bias(x)")

PRETRAINED = ("train", "    rng = np.random.default_rng(seed)",
              "    ref = np.load('pretrained.npz')\n"
              "    return ref['W_trained'], ref['V_trained'], np.linspace(2.0, 0.1, epochs)\n"
              "    rng = np.random.default_rng(seed)")

def blank_with(source, after="setup"):
    """A builder of the blank release with a code cell `source` added after cell `after` (at the end: None)."""
    return lambda kit, folder: write(folder, with_cell(kit.blank(), source, after=after))


def solution_with(source, edits=(), after="setup"):
    """A builder of the solution, with `edits` made, and a code cell `source` added after cell `after`."""
    return lambda kit, folder: write(folder, with_cell(kit.solution(list(edits)), source, after=after))


build_patch_blank = blank_with(PATCH_EVERYTHING)
build_rebind = blank_with(REBIND_HOOKS)
build_gc_patch = blank_with(GC_PATCH)
build_forge_thread = blank_with(FORGE_THREAD)
build_forge_child = blank_with(FORGE_CHILD)
build_forge = blank_with(FORGE_RECORDS, after=None)
build_snoop = solution_with(SNOOP)
build_write_out = solution_with(WRITE_OUT)
build_network = solution_with(NETWORK)
build_leak_sources = solution_with(LEAK_SOURCES, after=None)
build_patch_random = solution_with(PATCH_RANDOM, [HARDCODE_SEED000])


def build_patch_mistake(kit, folder):
    student = next(s for s in demo.CLASS if s.name == "bias_slice")
    solution_with(PATCH_EVERYTHING, student.edits)(kit, folder)


def build_strict_redefined(kit, folder):
    solution_with(STRICT_REDEFINED, CATALOGUE["sigmoid_overflow"].edits)(kit, folder)


def build_sigmoid_overflow(kit, folder):
    write(folder, kit.solution(CATALOGUE["sigmoid_overflow"].edits))


def build_hardcode(kit, folder):
    write(folder, kit.solution([HARDCODE_SEED000]))


def build_forward_blank(kit, folder):
    write(folder, kit.solution([FORWARD_BLANK]))


def build_pretrained(kit, folder):
    import numpy as np
    from autograder.commands.reference import reference_path
    ref = np.load(reference_path(Course(kit.root), "lec2"))
    write(folder, kit.solution([PRETRAINED]))
    np.savez(folder / "pretrained.npz", W_trained=ref["W_trained"], V_trained=ref["V_trained"])


def build_in_place(kit, folder):
    write(folder, kit.solution(CATALOGUE["sgd_in_place"].edits))


def build_global_rng(kit, folder):
    write(folder, kit.solution(CATALOGUE["global_rng"].edits))


build_os_exit = solution_with("import os\nos._exit(1)", after="test_forward_seed000")
build_endless = solution_with("while True:\n    try:\n        pass\n    except BaseException:\n        pass",
                              after="test_sgd_step_seed000")
build_memory = solution_with("hog = bytearray(10**11)")
build_flood = solution_with("print('x' * 50_000_000)")
build_kill_parent = solution_with("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)", after="test_train")


def build_empty(kit, folder):
    folder.mkdir(parents=True)
    (folder / "lec2.ipynb").write_bytes(b"")


def build_not_json(kit, folder):
    folder.mkdir(parents=True)
    (folder / "lec2.ipynb").write_text("def forward(x, W, V):\n    return x\n")


def build_cp932(kit, folder):
    nb = kit.solution()
    memo = "メモ：誤差逆伝播法"
    nb.cells.insert(1, nbformat.v4.new_markdown_cell(memo))
    folder.mkdir(parents=True)
    # cp932 has no x̃: the rest stays \u-escaped, the memo is written in Shift-JIS bytes
    text = nbformat.writes(nb, ensure_ascii=True).replace(json.dumps(memo)[1:-1], memo)
    (folder / "lec2.ipynb").write_bytes(text.encode("cp932"))


def build_link_to_solution(kit, folder):
    folder.mkdir(parents=True)
    (folder / "lec2.ipynb").symlink_to(Course(kit.root).source_notebook("lec2"))


def build_renamed(kit, folder):
    write(folder, kit.solution(), name="lec2 (1).ipynb")


def build_copied_answer(kit, folder):
    nb = kit.solution()
    cell = cell_of(nb, "forward")
    nb.cells.insert(nb.cells.index(cell), copy_of(cell))
    write(folder, nb)


def build_copied_test(kit, folder):
    nb = kit.solution()
    cell = cell_of(nb, "test_softmax")
    nb.cells.insert(nb.cells.index(cell) + 1, copy_of(cell))
    write(folder, nb)


def build_deleted_test(kit, folder):
    nb = kit.solution()
    nb.cells.remove(cell_of(nb, "test_backward_gradcheck"))
    write(folder, nb)


def build_edited_tests_blank(kit, folder):
    nb = kit.blank()
    for cell in nb.cells:
        if nbgrader_meta(cell).get("grade") and not nbgrader_meta(cell).get("solution"):
            cell.source = "pass"
    write(folder, nb)


def build_edited_metadata(kit, folder):
    nb = kit.solution()
    cell_of(nb, "test_add_bias").metadata["nbgrader"]["points"] = 100
    cell_of(nb, "forward").metadata["nbgrader"]["checksum"] = "0" * 32
    write(folder, nb)


def build_answer_to_markdown(kit, folder):
    nb = kit.solution()
    index = nb.cells.index(cell_of(nb, "train"))
    old = nb.cells[index]
    nb.cells[index] = nbformat.v4.new_markdown_cell(old.source, metadata=old.metadata)
    write(folder, nb)


def build_lost_metadata(kit, folder):
    nb = kit.solution()
    del cell_of(nb, "backward").metadata["nbgrader"]
    write(folder, nb)


def build_syntax_error(kit, folder):
    nb = kit.solution()
    cell_of(nb, "evaluation").source += "\n\ndef oops(:\n"
    write(folder, nb)


# what a broken evaluation cell costs: accuracy's hidden test only trains, its judge predicts
EVALUATION = {"test_predict", "test_confusion_accuracy", "hidden_no_mutation",
              "hidden_predict_reference", "hidden_confusion_reference"}
CATALOGUE = load_catalogue(Course(), "lec2")
BIAS_SLICE = CATALOGUE["bias_slice"]

CASES = [
    Case("patch_blank", "np.allclose, math.isclose, check_gradient, check, test_rng, the recorder and "
         "AssertionError patched; answers blank", build_patch_blank, fails=None),
    Case("patch_mistake", "the same patches over the bias-slice mistake", build_patch_mistake,
         fails=BIAS_SLICE.fails),
    Case("forged_records", "blank answers; writes a 'passed' record for every test and symlinks to /etc/passwd",
         build_forge, fails=None),
    Case("rebind_hooks", "blank answers; the grader's names in the kernel (_grading_hooks) rebound to forge records",
         build_rebind, fails=None),
    Case("gc_patch", "blank answers; the grader's check found through gc, its recorder replaced by a forger",
         build_gc_patch, fails=None),
    Case("forge_thread", "blank answers; a thread rewrites records as they appear",
         build_forge_thread, fails=None),
    Case("forge_child", "blank answers; a forked child in a session of its own rewrites records as they appear",
         build_forge_child, fails=None, sandbox=True),
    Case("sigmoid_overflow", "sigmoid as 1 / (1 + exp(-u)), which overflows (the honest twin of the next case)",
         build_sigmoid_overflow, fails=CATALOGUE["sigmoid_overflow"].fails),
    Case("strict_redefined", "the same sigmoid, and strict() redefined so that its overflow passes unseen",
         build_strict_redefined, fails="sigmoid_overflow"),
    Case("patch_random", "np.random.default_rng patched to the student's own draws, forward hardcoded for them",
         build_patch_random, fails="forward_blank"),
    Case("leak_sources", "prints every line of linecache and of every function's source that holds a hidden test's",
         build_leak_sources),
    Case("forward_blank", "forward not written (the honest twin of the next case)", build_forward_blank,
         fails="forward_blank", message="not written"),
    Case("hardcoded_seed000", "forward not written, but seed 000's published numbers for seed 000's input",
         build_hardcode, fails="forward_blank"),
    Case("pretrained_weights", "train returns the published reference weights, shipped in the folder",
         build_pretrained, fails={"test_train", "hidden_overfit", "hidden_train_reference", "hidden_accuracy"}),
    Case("snoop", "reads the solution notebook, the reference data, the gradebook and the secret",
         build_snoop, sandbox=True),
    Case("write_outside", "writes into the repository, the home folder and the submissions folder",
         build_write_out, sandbox=True),
    Case("network", "opens network connections", build_network, sandbox=True),
    Case("kill_parent", "SIGKILL to its parent process", build_kill_parent, sandbox=True),
    Case("in_place", "sgd_step updates W and V in place (a known mistake)", build_in_place,
         fails=CATALOGUE["sgd_in_place"].fails, message="known mistake in sgd_step gives: inputs"),
    Case("global_rng", "train draws its order from np.random's global generator (a known mistake)",
         build_global_rng, fails=CATALOGUE["global_rng"].fails, message="known mistake in train gives: the wrong random"),
    Case("os_exit", "os._exit(1) after the forward tests", build_os_exit,
         fails=("after", "test_forward_seed000"), note="died", message="did not run"),
    Case("endless_loop", "a loop that swallows KeyboardInterrupt after the sgd_step tests", build_endless,
         fails=("after", "test_sgd_step_seed000"), note="longer than", message="did not run"),
    Case("memory", "allocates 100 GB", build_memory),
    Case("output_flood", "prints 50 MB", build_flood),
    Case("empty_file", "an empty lec2.ipynb", build_empty, fails=None, note="empty"),
    Case("not_json", "Python code saved as lec2.ipynb", build_not_json, fails=None, note="not JSON"),
    Case("cp932", "the solution saved in Shift-JIS", build_cp932, note="Shift-JIS"),
    Case("link_to_solution", "lec2.ipynb is a symbolic link to the instructor's solution notebook",
         build_link_to_solution, fails=None, note="symbolic link"),
    Case("renamed", "the solution as 'lec2 (1).ipynb'", build_renamed, note="renamed"),
    Case("copied_answer", "the forward cell copied", build_copied_answer, note="appeared 2 times"),
    Case("copied_test", "a test cell copied", build_copied_test, note="appeared 2 times"),
    Case("deleted_test", "a test cell deleted", build_deleted_test, note="restored"),
    Case("edited_tests_blank", "blank answers, every test cell replaced by 'pass'", build_edited_tests_blank,
         fails=None),
    Case("edited_metadata", "points of a test set to 100, a checksum changed", build_edited_metadata,
         note="settings"),
    Case("answer_to_markdown", "the train cell turned into markdown", build_answer_to_markdown,
         note="run as code"),
    Case("lost_metadata", "the backward cell lost its nbgrader metadata", build_lost_metadata,
         note="was taken as your answer"),
    Case("syntax_error", "a syntax error in the evaluation cell", build_syntax_error, fails=EVALUATION,
         note="SyntaxError"),
]


# ---------------------------------------------------------------- grading them
def sha_tree(folder):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("adversarial")
    root = demo.copy_course(base / "course")
    release(Course(root), "lec2")
    kit = Kit(root)
    subs = base / "submissions"
    for case in CASES:
        if SANDBOX or not case.sandbox:  # without a sandbox these would really do it
            case.build(kit, subs / case.name)
    before = sha_tree(subs)
    os.environ["SNOOP_COURSE"] = str(root)
    code = main(["grade", "lec2", "--submissions", str(subs), "--out", str(base / "out"),
                 "--course", str(root), "--jobs", "2", "--seconds-per-cell", "30"])
    tests = read_csv(base / "out" / "tests.csv")
    rows = {}
    for row in tests:
        rows.setdefault(row["student_id"], []).append(row)
    secret = (root / ".grading_secret").read_text().strip()
    return dict(code=code, rows=rows, root=root, subs=subs, before=before, base=base, secret=secret)


def test_the_grader_survives_the_class(graded):
    assert graded["code"] == 0, "every submission must be graded"
    assert set(graded["rows"]) == {c.name for c in CASES if SANDBOX or not c.sandbox}
    assert sha_tree(graded["subs"]) == graded["before"], "a submitted file was changed"


def expected_failures(case, graded, tests):
    """case.fails: a set, None (all), another case's name (the same as its honest twin),
    or ("after", grade_id): every test below that cell in the notebook."""
    if case.fails is None:
        return {r["test"] for r in tests}
    if isinstance(case.fails, str):
        twin = graded["rows"][case.fails]
        return {r["test"] for r in twin if r["status"] == "failed" and r["test"] != WRITTEN}
    if isinstance(case.fails, tuple):
        order = [r["test"] for r in tests]
        return set(order[order.index(case.fails[1]) + 1:])
    return case.fails


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_case(graded, case):
    if case.sandbox and not SANDBOX:
        pytest.skip(f"no sandbox here: {why_no_sandbox()}")
    rows = graded["rows"][case.name]
    tests = [r for r in rows if r["test"] not in ("submission", WRITTEN)]
    failed = {r["test"] for r in tests if r["status"] == "failed"}
    expected = expected_failures(case, graded, tests)
    assert failed == expected, f"{case.name} ({case.what})"
    for r in tests:  # points follow the verdicts: full for a pass, none for a fail
        assert float(r["points"]) == (float(r["max_points"]) if r["status"] == "passed" else 0)
        if r["status"] == "failed":
            assert r["message"], f"{case.name}/{r['test']} failed without a reason"
    notes = " ".join(r["message"] for r in rows if r["test"] == "submission")
    assert case.note in notes, f"{case.name}: notes {notes!r}"
    assert case.message in " ".join(r["message"] for r in tests if r["status"] == "failed")


@needs_sandbox
def test_student_code_saw_no_instructor_file_and_wrote_nothing_outside(graded):
    page = (graded["root"] / "autograded" / "snoop" / "lec2" / "lec2.ipynb").read_text()
    assert "SNOOPED: []" in page
    repo = Path(demo.__file__).resolve().parent.parent
    for place in (repo, Path.home(), graded["subs"]):
        assert not (place / "PWNED").exists()
    assert "no network" in (graded["root"] / "autograded" / "network" / "lec2" / "lec2.ipynb").read_text()


def test_no_hidden_test_line_reaches_the_student(graded):
    """The kernel never holds a hidden test or the secret, so no cell of the student's can print one."""
    page = (graded["base"] / "out" / "feedback" / "leak_sources.html").read_text(encoding="utf-8")
    run = (graded["root"] / "autograded" / "leak_sources" / "lec2" / "lec2.ipynb").read_text()
    assert "LEAKED: []" in run and "LEAKED: []" in page  # it ran, and found nothing
    assert graded["secret"] not in run and graded["secret"] not in page


def test_feedback_of_a_fault_says_why(graded):
    page = (graded["base"] / "out" / "feedback" / "os_exit.html").read_text(encoding="utf-8")
    assert "died" in page and "did not run" in page
