"""A grading run that cannot go wrong silently: the canary, the arguments, the students found, the output.

Before anyone is graded, the course's own solution is graded under the same conditions; a run
whose arguments cannot work stops before the gradebook changes, with one line and exit status 2;
folders that are no students are skipped and said; and `--out` describes exactly the last run.
"""
import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.languages import text
from autograder.grading import grade as grade_module
from autograder.cli import main
from autograder.course import Course
from autograder.kernel.sandbox import Limits
from assignments import ASSIGNMENTS


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def hide_the_modules(monkeypatch):
    """As when the kernel cannot import the course's modules (issue: two copies of the course,
    the venv's own hidden by the sandbox): the modules folder stays empty."""
    monkeypatch.setattr(grade_module, "copy_modules", lambda nb, dest: dest.mkdir())


def student_rows(course):
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return [(s.student.id, s.score) for s in gradebook.find_assignment("lec2").submissions]


@pytest.fixture
def solution_folder(course, tmp_path):
    subs = tmp_path / "subs"
    (subs / "alice").mkdir(parents=True)
    shutil.copyfile(Course(course).source_notebook("lec2"), subs / "alice" / "lec2.ipynb")
    return subs


# ---------------------------------------------------------------- the canary
def test_a_broken_grading_grades_nobody_and_says_what_failed(course, solution_folder, tmp_path, monkeypatch, capsys):
    hide_the_modules(monkeypatch)
    status = main(["grade", "lec2", "--course", str(course), "--submissions", str(solution_folder),
                   "--out", str(tmp_path / "out")])
    said = capsys.readouterr().err
    assert status == 3
    assert "nobody was graded" in said and "did not earn every automatic point" in said
    testcell = Path(__import__("testcell").__file__).resolve()
    assert f"could not import testcell, which the grader's own Python imports from {testcell}" in said
    assert "test_forward_seed000" in said and "hidden_accuracy" in said
    assert student_rows(course) == []
    assert not (tmp_path / "out" / "grades.csv").exists()


@pytest.mark.usefixtures("lec2_released")
def test_the_autograde_button_records_no_grade_when_the_canary_fails(course, monkeypatch):
    folder = course / "submitted" / "alice" / "lec2"
    folder.mkdir(parents=True)
    shutil.copyfile(Course(course).source_notebook("lec2"), folder / "lec2.ipynb")
    hide_the_modules(monkeypatch)
    result = Course(course).api().autograde("lec2", "alice")
    assert not result["success"]
    assert "nobody was graded" in result["log"] + result.get("error", "")
    assert all(g.auto_score is None for g in grades_of(course, "alice"))  # no score at all, not a 0
    assert not (course / "autograded" / "alice" / "lec2").exists()


def test_the_canarys_pass_is_remembered_on_disk_until_a_condition_changes(course, tmp_path, monkeypatch):
    """A second process under the same conditions trusts the first one's pass; any change grades
    the solution again (here: the limits, the language, a file of the reference, the source)."""
    import dataclasses
    from autograder.grading import canary
    from autograder.grading.grade import make_context
    runs = []
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(canary, "check_solution", lambda root, ctx: runs.append(ctx))
    ctx = make_context(Course(course), "lec2", course / "submitted", tmp_path)
    changed_source = nbformat.from_dict(ctx.source)
    changed_source.cells[0].source += " "
    canary.check_solution_once(Course(course), ctx)
    monkeypatch.setattr(canary, "_passed", set())  # another process
    canary.check_solution_once(Course(course), ctx)
    assert len(runs) == 1
    for changed, language in ((dataclasses.replace(ctx, limits=Limits(61)), "en"), (ctx, "ja"),
                              (dataclasses.replace(ctx, source=changed_source), "en")):
        monkeypatch.setattr(canary, "_passed", set())
        with text.speaking(language):
            canary.check_solution_once(Course(course), changed)
    assert len(runs) == 4
    (Course(course).source_notebook("lec2").parent / "ref" / "note.txt").write_text("a new reference file")
    monkeypatch.setattr(canary, "_passed", set())
    canary.check_solution_once(Course(course), ctx)
    assert len(runs) == 5
    assert len(list(canary.passed_folder().iterdir())) == 5


def grades_of(course, student):
    from nbgrader.api import Gradebook, MissingEntry
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        try:
            return list(gradebook.find_submission("lec2", student).notebooks[0].grades)
        except MissingEntry:
            return []


def test_a_cell_that_fails_is_a_note_and_a_test_it_breaks_says_so(course, tmp_path):
    """The student's cell deletes forward and then fails: a note says so; the tests that call forward
    say the name is gone; the others, which run in the grader, are not touched by the kernel's state
    (its lec2_data deleted too)."""
    subs = tmp_path / "subs"
    nb = nbformat.read(Course(course).source_notebook("lec2"), as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == "forward")
    nb.cells.insert(at + 1, nbformat.v4.new_code_cell("del forward, lec2_data\nimport no_such_module_here"))
    (subs / "bob").mkdir(parents=True)
    nbformat.write(nb, subs / "bob" / "lec2.ipynb")
    assert main(["grade", "lec2", "--course", str(course), "--submissions", str(subs), "--out",
                 str(tmp_path / "out")]) == 0
    rows = read_csv(tmp_path / "out" / "tests.csv")
    notes = [r["message"] for r in rows if r["status"] == "note"]
    assert any(n.startswith("code cell ") and "raised ModuleNotFoundError: No module named 'no_such_module_here'" in n
               for n in notes), notes
    broken = {r["test"]: r["message"] for r in rows if r["status"] == "failed"}
    assert {"test_forward_shapes", "test_forward_seed000", "hidden_initial_loss"} <= set(broken), broken
    assert all("NameError: name 'forward' is not defined" in broken[t] for t in ("test_forward_shapes", "hidden_initial_loss"))
    passed = {r["test"] for r in rows if r["status"] == "passed"}
    assert {"test_add_bias", "test_softmax", "test_backward_shapes", "hidden_confusion_reference"} <= passed
    assert not any("see the notes" in r["message"] for r in rows)


# ---------------------------------------------------------------- arguments, checked before anyone is graded
@pytest.mark.parametrize("case", ["unknown assignment", "jobs 0", "out is a file", "out unwritable",
                                  "out holds other files", "out is the submissions", "empty submissions",
                                  "no submissions folder"])
def test_bad_arguments_stop_before_the_gradebook_changes(course, solution_folder, tmp_path, case, capsys):
    assignment, subs, out, jobs = "lec2", solution_folder, tmp_path / "out", "1"
    if case == "unknown assignment":
        assignment = "lec9"
    elif case == "jobs 0":
        jobs = "0"
    elif case == "out is a file":
        out.write_text("x")
    elif case == "out unwritable":
        out = Path("/proc/version/out")
    elif case == "out holds other files":
        out.mkdir()
        (out / "thesis.tex").write_text("mine")
    elif case == "out is the submissions":
        out = subs
    elif case == "empty submissions":
        subs = tmp_path / "empty"
        subs.mkdir()
    elif case == "no submissions folder":
        subs = tmp_path / "absent"
    status = main(["grade", assignment, "--course", str(course), "--submissions", str(subs), "--out", str(out),
                   "--jobs", jobs])
    captured = capsys.readouterr()
    assert status == 2
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
    expected = {"unknown assignment": f"the known ones: {', '.join(ASSIGNMENTS)}", "jobs 0": "--jobs must be 1 or more",
                "out is a file": "is a file", "out unwritable": "cannot be written",
                "out holds other files": "not the results of a grading run", "out is the submissions":
                "holds the submissions", "empty submissions": "<student>/lec2.ipynb",
                "no submissions folder": "no such folder"}[case]
    assert expected in lines[0]
    assert not (course / "gradebook.db").exists()  # nothing was touched
    if case == "out holds other files":
        assert (out / "thesis.tex").read_text() == "mine"


# ---------------------------------------------------------------- who is a student
@pytest.mark.usefixtures("lec2_released")
def test_folders_that_are_no_students_are_skipped_and_said(course, tmp_path, capsys):
    subs = tmp_path / "subs"
    blank = Course(course).release_notebook("lec2")
    for folder in ("alice", ".ipynb_checkpoints", "__MACOSX/alice", ".hidden"):
        (subs / folder).mkdir(parents=True)
        shutil.copyfile(blank, subs / folder / "lec2.ipynb")
    shutil.copyfile(blank, subs / "loose.ipynb")
    out = subs / "results"  # --out inside --submissions
    for run in range(2):
        assert main(["grade", "lec2", "--course", str(course), "--submissions", str(subs), "--out", str(out)]) == 0
        said = capsys.readouterr().out
        skipped = next(line for line in said.splitlines() if line.startswith("not students, skipped:"))
        for name in (".hidden", ".ipynb_checkpoints", "__MACOSX", "loose.ipynb"):
            assert name in skipped
        if run:
            assert "results (grading results)" in skipped
        assert [r["student_id"] for r in read_csv(out / "grades.csv")] == ["alice"]
    assert [student for student, _ in student_rows(course)] == ["alice"]


@pytest.mark.usefixtures("lec2_released")
def test_a_student_who_handed_in_only_other_assignments_has_no_submission(course, capsys):
    """nbgrader's submitted/<student>/<assignment>/: grading lec2 there leaves out a student whose folder
    holds lec1 alone (no submission, not an empty one), and says so; a folder with nothing is graded."""
    for student, assignment in (("alice", "lec2"), ("bob", "lec1")):
        (course / "submitted" / student / assignment).mkdir(parents=True)
        shutil.copyfile(Course(course).release_notebook("lec2"), course / "submitted" / student / assignment / f"{assignment}.ipynb")
    (course / "submitted" / "carol").mkdir()
    assert main(["grade", "lec2", "--course", str(course), "--submissions", str(course / "submitted"),
                 "--out", str(course / "out")]) == 0
    assert "handed in no lec2, only other assignments (not graded): bob" in capsys.readouterr().out
    assert [r["student_id"] for r in read_csv(course / "out" / "grades.csv")] == ["alice", "carol"]
    assert [student for student, _ in student_rows(course)] == ["alice", "carol"]


@pytest.mark.usefixtures("lec2_released")
def test_a_flat_folder_of_notebooks_is_graded_one_student_per_file(course, tmp_path):
    subs = tmp_path / "flat"
    subs.mkdir()
    shutil.copyfile(Course(course).source_notebook("lec2"), subs / "carol.ipynb")
    shutil.copyfile(Course(course).release_notebook("lec2"), subs / "dave.ipynb")
    assert main(["grade", "lec2", "--course", str(course), "--submissions", str(subs), "--out",
                 str(tmp_path / "out")]) == 0
    scores = {r["student_id"]: float(r["score"]) for r in read_csv(tmp_path / "out" / "grades.csv")}
    assert scores["dave"] == 0 and scores["carol"] == 31  # every automatic point; 2 more are graded by hand
    assert sorted(os.listdir(subs)) == ["carol.ipynb", "dave.ipynb"]  # the submissions are only read


# ---------------------------------------------------------------- the output folder
@pytest.mark.usefixtures("lec2_released")
def test_out_describes_exactly_the_last_run_and_the_earlier_one_is_moved_aside(course, tmp_path, capsys):
    subs = tmp_path / "subs"
    for student in ("alice", "bob"):
        (subs / student).mkdir(parents=True)
        shutil.copyfile(Course(course).release_notebook("lec2"), subs / student / "lec2.ipynb")
    out = tmp_path / "out"
    assert main(["grade", "lec2", "--course", str(course), "--submissions", str(subs), "--out", str(out)]) == 0
    assert sorted(os.listdir(out / "feedback")) == ["alice.html", "bob.html"]
    shutil.rmtree(subs / "bob")
    capsys.readouterr()
    assert main(["grade", "lec2", "--course", str(course), "--submissions", str(subs), "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert sorted(os.listdir(out / "feedback")) == ["alice.html"]
    assert [r["student_id"] for r in read_csv(out / "grades.csv")] == ["alice"]
    aside = [p for p in tmp_path.iterdir() if p.name.startswith("out.")]
    assert len(aside) == 1 and sorted(os.listdir(aside[0] / "feedback")) == ["alice.html", "bob.html"]
    assert f"were moved to {aside[0]}" in said


# ---------------------------------------------------------------- what the run says as it goes
def test_the_progress_bar_comes_before_the_summary_and_tells_the_same_time(course, solution_folder, tmp_path):
    """A one-student run, its output sent to a pipe as a log or a notebook would take it (stdout
    buffered, stderr merged into it): the lines come in the order they were written, the bar's last
    line just before the summary, and both say the same time (the bar printed after the summary, on
    stderr, and counted from another start)."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", "lec2", "--course", str(course),
                           "--submissions", str(solution_folder), "--out", str(tmp_path / "out")],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    assert done.returncode == 0, done.stdout[-3000:]
    lines = done.stdout.splitlines()
    limits = [i for i, line in enumerate(lines) if line.startswith("limits of each submission")]
    bar = [i for i, line in enumerate(lines) if line.startswith("grading [")]
    summary = [i for i, line in enumerate(lines) if line.startswith("graded 1 of 1 submission in ")]
    assert len(limits) == len(bar) == len(summary) == 1, lines
    assert limits[0] < bar[0] and summary[0] == bar[0] + 1, lines
    assert re.search(r"\] 1/1 +(\d+\.\d) s$", lines[bar[0]]).group(1) == re.search(
        r" in (\d+\.\d) s ", lines[summary[0]]).group(1), lines


@pytest.mark.usefixtures("lec2_released")
def test_the_autograde_button_takes_the_graders_settings_from_the_config(course, monkeypatch):
    """formgrader's button grades with c.GradeOutsideTheKernel's limits, and with require_sandbox
    grades nobody where the sandbox cannot run, as `grade --require-sandbox` does."""
    from autograder import nbgrader_plugin
    folder = course / "submitted" / "alice" / "lec2"
    folder.mkdir(parents=True)
    shutil.copyfile(Course(course).source_notebook("lec2"), folder / "lec2.ipynb")
    monkeypatch.setattr(nbgrader_plugin, "why_no_sandbox", lambda: "bwrap is not installed")
    result = Course(course).api(**{"GradeOutsideTheKernel.require_sandbox": True}).autograde("lec2", "alice")
    assert not result["success"] and "no sandbox: bwrap is not installed" in result["log"] + result.get("error", "")
    assert all(g.auto_score is None for g in grades_of(course, "alice"))  # no score at all, not a 0

    monkeypatch.undo()
    seen = []

    def seen_then_stopped(course, ctx):  # the canary's place: the context is made, nothing is run yet
        seen.append(ctx.limits)
        raise RuntimeError("stopped before grading")

    monkeypatch.setattr(nbgrader_plugin, "check_solution_once", seen_then_stopped)
    Course(course).api(**{"GradeOutsideTheKernel.seconds_per_cell": 7.5}).autograde("lec2", "alice")
    assert [limits.seconds_per_cell for limits in seen] == [7.5]
