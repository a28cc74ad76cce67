"""Each assignment's demo class through the real grading path: every mistake loses exactly its tests.

The demo class of every assignment of the course (tests/assignments.py) is graded in English, end to
end in the sandbox, and a few of its students again in a course whose language is Japanese. What is
lec2's alone (its points, its messages, grading odd folders, a kill -9) is tested on lec2's class.
"""
import csv
import hashlib
import html
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.languages import text
from autograder.commands import demo
from autograder.grading.catalogue import load_catalogue
from autograder.cli import main
from autograder.course import Course
from autograder.outcomes import written_answers
from autograder.nbgrader_side.release import private_lines, release
from assignments import ASSIGNMENTS

LEC2 = pytest.mark.parametrize("assignment", ["lec2"], indirect=True)


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def assignment(request):
    return request.param


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory, assignment):
    out = tmp_path_factory.mktemp(f"demo_{assignment}")
    subs = demo.run(out, jobs=2, assignment=assignment)
    return out, {s.student: s for s in subs}


@pytest.fixture(scope="module")
def students(demo_run, assignment):
    return demo.demo_class(Course(demo_run[0] / "course"), assignment)


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def autograded(sub):
    return [row for row in sub.tests if row.status != "manual"]


def test_every_demo_submission_is_graded(demo_run, students):
    _, subs = demo_run
    assert sorted(subs) == sorted(s.name for s in students)
    assert all(s.graded and s.problem is None for s in subs.values())


def test_solution_has_full_marks_and_blank_has_zero(demo_run, assignment):
    out, subs = demo_run
    solution = subs["solution"]
    assert all(row.status == "passed" for row in autograded(solution))
    assert solution.score == sum(row.max_points for row in autograded(solution)) > 0
    written = written_answers(nbformat.read(Course(out / "course").source_notebook(assignment), as_version=4))
    assert [row.test for row in solution.tests if row.status == "manual"] == [g for g, _ in written] != []
    blank = subs["blank"]
    assert blank.score == 0
    assert all(row.status == "failed" for row in autograded(blank))


def test_each_mistake_fails_exactly_its_tests(demo_run, students):
    _, subs = demo_run
    for student in (s for s in students if s.fails):
        sub = subs[student.name]
        failed = {row.test for row in sub.tests if row.status == "failed"}
        assert failed == student.fails, student.name
        full = sum(row.max_points for row in autograded(sub))
        lost = sum(row.max_points for row in sub.tests if row.test in failed)
        assert sub.score == full - lost, student.name  # and keeps every other point


@pytest.fixture(scope="module")
def japanese_run(tmp_path_factory, assignment):
    """The solution, a blank notebook and the demo class's first mistake, graded by
    `python -m autograder grade` in a course whose language is Japanese."""
    base = tmp_path_factory.mktemp(f"ja_{assignment}")
    root = demo.copy_course(base / "course")
    config = root / "nbgrader_config.py"
    config.write_text(config.read_text().replace('c.Course.language = "en"', 'c.Course.language = "ja"'))
    with text.speaking("ja"):  # as python -m autograder release speaks in this course
        release(Course(root), assignment)
        class_ja = demo.demo_class(Course(root), assignment)[:3]
    demo.write_class(Course(root), base / "submissions", class_ja, assignment)
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", assignment, "--course", str(root),
                           "--submissions", str(base / "submissions"), "--out", str(base / "out"), "--jobs", "2"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return base / "out", class_ja


def test_the_class_graded_in_japanese_scores_as_in_english_and_names_the_mistake_in_japanese(
        japanese_run, demo_run, assignment):
    out, class_ja = japanese_run
    rows = read_csv(out / "tests.csv")
    for student in class_ja:
        mine = {r["test"]: r for r in rows if r["student_id"] == student.name and r["status"] != "note"}
        english = {row.test: row for row in demo_run[1][student.name].tests}
        assert {t: (r["status"], float(r["points"] or 0)) for t, r in mine.items()} == {
            t: (row.status, float(row.points or 0)) for t, row in english.items()}, student.name
    mistake = class_ja[2]
    page = (out / "feedback" / f"{mistake.name}.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in page
    slow = load_catalogue(Course(out.parent / "course"), assignment).slow
    named = [r for r in rows if r["student_id"] == mistake.name and r["status"] == "failed" and r["test"] not in slow]
    said = f"{mistake.function} の既知の誤りが出す結果とちょうど一致します: {mistake.mistake}"
    assert named and all(said in r["message"] for r in named) and said in html.unescape(page)


def test_failed_tests_say_why(demo_run):
    _, subs = demo_run
    for sub in subs.values():
        for row in sub.tests:
            if row.status == "failed":
                assert row.message, f"{sub.student}/{row.test} failed without a message"
    first = next(row for row in subs["blank"].tests if row.status == "failed")
    assert "NotImplementedError" in first.message


@LEC2
def test_lec2s_messages_name_the_fix(demo_run):
    _, subs = demo_run
    messages = {row.test: row.message for row in subs["transpose_bug"].tests}
    assert "np.outer" in messages["test_backward_shapes"]
    page = visible_text((demo_run[0] / "results" / "feedback" / "bias_slice.html").read_text(encoding="utf-8"))
    assert "random networks failed" in page  # a hidden test's outcome is there, its code is not


def test_csv_outputs(demo_run):
    out, subs = demo_run
    grades = read_csv(out / "results" / "grades.csv")
    assert list(grades[0]) == ["student_id", "score", "max_score", "hours_late", "late_penalty"]
    assert {row["student_id"]: float(row["score"]) for row in grades} == {s: subs[s].score for s in subs}
    tests = read_csv(out / "results" / "tests.csv")
    assert list(tests[0]) == ["student_id", "test", "points", "max_points", "status", "message", "mistake"]
    assert len(tests) == sum(len(s.tests) + len(s.notes) for s in subs.values())  # a row per test and note
    assert [r for r in tests if r["test"] == "submission"] == [
        {"student_id": s.student, "test": "submission", "points": "", "max_points": "", "status": "note",
         "message": note, "mistake": ""} for s in sorted(subs.values(), key=lambda s: s.student) for note in s.notes]


def visible_text(page):
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_feedback_shows_no_hidden_test_code(demo_run, assignment):
    out, subs = demo_run
    source = nbformat.read(Course(out / "course").source_notebook(assignment), as_version=4)
    hidden = private_lines(source, regions=("HIDDEN TESTS",))
    assert len(hidden) > 20
    for student in subs:
        page = visible_text((out / "results" / "feedback" / f"{student}.html").read_text(encoding="utf-8"))
        assert "BEGIN HIDDEN TESTS" not in page
        shown = [line for line in hidden if line in page]
        assert not shown, f"{student}'s feedback shows hidden test code: {shown[:2]}"


def test_pages_made_beside_the_grading_are_the_pages_made_one_by_one(demo_run, assignment, students):
    """The demo grades with 2 jobs, its feedback pages made in processes of their own: nbgrader's
    generate_feedback, called here for one student at a time, makes the very same bytes."""
    from autograder.course import Course
    out, _ = demo_run
    for student in ("solution", students[2].name, "blank"):
        made = (out / "results" / "feedback" / f"{student}.html").read_bytes()
        assert Course(out / "course").api().generate_feedback(assignment, student, force=True)["success"]
        assert (out / "course" / "feedback" / student / assignment / f"{assignment}.html").read_bytes() == made, student


def test_class_report(demo_run, assignment, students):
    out, subs = demo_run
    for name in ("report.html", "score_histogram.png", "pass_rates.png"):
        assert (out / "results" / name).stat().st_size > 1000
    page = (out / "results" / "report.html").read_text(encoding="utf-8")
    hidden = [row.test for row in subs["solution"].tests if row.test.startswith("hidden_")]
    assert hidden and all(test in page for test in hidden)
    assert f"of {len(students)} submissions graded" in page and assignment in page
    # the course so far, from the gradebook: each student's score is the one this grading gave
    course = page.split('<table class="course">')[1].split("</table>")[0]
    max_score = float(read_csv(out / "results" / "grades.csv")[0]["max_score"])
    assert f"<th>{assignment} ({max_score:g})</th>" in course
    shown = dict(re.findall(r"<tr><td>([^<]+)</td><td>([\d.]+)</td><td>[\d.]+</td></tr>", course))
    assert {s: float(v) for s, v in shown.items()} == {s: sub.score for s, sub in subs.items()}


def test_common_mistakes_in_the_report(demo_run):
    """The report's "Common mistakes" counts, for each mistake that tests.csv names, its students
    and the points of the failed tests it explains."""
    out, _ = demo_run
    rows = [r for r in read_csv(out / "results" / "tests.csv") if r["mistake"]]
    assert rows  # the demo class makes known mistakes
    assert all(r["status"] == "failed" and r["mistake"] in r["message"] for r in rows)
    lost = {}
    for r in rows:
        who = lost.setdefault(r["mistake"], {})
        who[r["student_id"]] = who.get(r["student_id"], 0) + float(r["max_points"]) - float(r["points"])
    page = (out / "results" / "report.html").read_text(encoding="utf-8")
    table = page.split('<table class="mistakes">')[1].split("</table>")[0]
    shown = {html.unescape(words): (int(count), html.unescape(who))
             for words, count, who in re.findall(r"<tr><td>(.*?)</td><td>(\d+)</td><td>(.*?)</td></tr>", table)}
    assert set(shown) == set(lost)
    for words, who in lost.items():
        assert shown[words][0] == len(who)
        assert sorted(shown[words][1].split(", ")) == sorted(f"{s} ({p:g})" for s, p in who.items())


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@LEC2
def test_odd_submissions_get_a_reason_and_never_stop_the_others(demo_run, tmp_path):
    out, _ = demo_run
    course = out / "course"
    subs_dir = tmp_path / "submissions"
    (subs_dir / "nested" / "lec2").mkdir(parents=True)
    solution_nb = (out / "submissions" / "solution" / "lec2.ipynb").read_bytes()
    (subs_dir / "nested" / "lec2" / "lec2.ipynb").write_bytes(solution_nb)
    (subs_dir / "garbage").mkdir()
    (subs_dir / "garbage" / "lec2.ipynb").write_text("this is not a notebook")
    (subs_dir / "empty").mkdir()
    (subs_dir / "bad id!").mkdir()
    (subs_dir / "bad id!" / "lec2.ipynb").write_bytes(solution_nb)
    before = {p: sha(p) for p in subs_dir.rglob("*") if p.is_file()}

    code = main(["grade", "lec2", "--submissions", str(subs_dir), "--out", str(tmp_path / "results"),
                 "--course", str(course)])

    assert code == 1  # one folder could not be graded at all, and the exit status says so
    assert before == {p: sha(p) for p in subs_dir.rglob("*") if p.is_file()}  # nothing submitted was changed
    grades = {row["student_id"]: float(row["score"]) for row in read_csv(tmp_path / "results" / "grades.csv")}
    assert grades["nested"] == 31 and grades["garbage"] == grades["empty"] == grades["bad id!"] == 0
    rows = read_csv(tmp_path / "results" / "tests.csv")
    reasons = {}
    for row in rows:
        if row["test"] == "submission":
            reasons[row["student_id"]] = reasons.get(row["student_id"], "") + row["message"] + " "
    assert "not a notebook" in reasons["garbage"]  # graded as unanswered, with the reason
    assert "no lec2.ipynb found" in reasons["empty"]
    assert "student id" in reasons["bad id!"]
    assert set(reasons) == {"garbage", "empty", "bad id!"}
    statuses = {row["student_id"]: row["status"] for row in rows if row["test"] == "submission"}
    assert statuses == {"garbage": "note", "empty": "note", "bad id!": "not graded"}


@LEC2
def test_a_broken_resubmission_keeps_no_points_from_before(demo_run, tmp_path):
    out, _ = demo_run
    course = out / "course"
    first = tmp_path / "first" / "alice"
    first.mkdir(parents=True)
    (first / "lec2.ipynb").write_bytes((out / "submissions" / "solution" / "lec2.ipynb").read_bytes())
    assert main(["grade", "lec2", "--submissions", str(first.parent), "--out", str(tmp_path / "r1"),
                 "--course", str(course)]) == 0
    second = tmp_path / "second" / "alice"
    second.mkdir(parents=True)
    (second / "lec2.ipynb").write_text("{ broken")
    assert main(["grade", "lec2", "--submissions", str(second.parent), "--out", str(tmp_path / "r2"),
                 "--course", str(course)]) == 0
    assert read_csv(tmp_path / "r2" / "grades.csv")[0]["score"] == "0"
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        assert gradebook.find_submission("lec2", "alice").score == 0


@pytest.mark.usefixtures("lec2_released")
def test_grading_the_course_submitted_folder_in_place(course):
    """nbgrader collect puts submissions in <course>/submitted; grading them there keeps them whole."""
    demo.write_class(Course(course), course / "submitted", [demo.CLASS[0]])  # the solution, as 'solution'
    folder = course / "submitted" / "solution"
    (folder / "lec2").mkdir()
    (folder / "lec2.ipynb").rename(folder / "lec2" / "lec2.ipynb")
    (folder / "lec2" / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")
    before = sha(folder / "lec2" / "lec2.ipynb")
    assert main(["grade", "lec2", "--submissions", str(course / "submitted"), "--out", str(course / "out"),
                 "--course", str(course)]) == 0
    assert sha(folder / "lec2" / "lec2.ipynb") == before
    assert (folder / "lec2" / "timestamp.txt").exists()
    assert float(read_csv(course / "out" / "grades.csv")[0]["score"]) == 31


@pytest.mark.usefixtures("lec2_released")
@LEC2
def test_grading_again_after_kill_9_gives_the_same_grades(demo_run, course, tmp_path):
    """A grading run killed mid-way leaves nothing that changes the grades of the next run."""
    out, _ = demo_run
    some = tmp_path / "some"  # five students: two graded before the kill, the others in flight or waiting
    for folder in sorted((out / "submissions").iterdir())[:5]:
        shutil.copytree(folder, some / folder.name)
    argv = [sys.executable, "-m", "autograder", "grade", "lec2", "--submissions", str(some),
            "--out", str(tmp_path / "killed"), "--course", str(course), "--jobs", "2"]
    assert main(argv[3:]) == 0
    first = read_csv(tmp_path / "killed" / "grades.csv")
    run = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    started = time.time()
    while time.time() < started + 120 and run.poll() is None:
        written = [p for p in (course / "autograded").glob("*/lec2/lec2.ipynb") if p.stat().st_mtime > started]
        if len(written) >= 2:  # two students graded again, three to go
            break
        time.sleep(0.2)
    assert run.poll() is None, "grading finished before it could be killed"
    os.killpg(run.pid, signal.SIGKILL)
    run.wait()
    assert main(argv[3:]) == 0
    assert read_csv(tmp_path / "killed" / "grades.csv") == first
    assert not list(Path(tempfile.gettempdir()).glob(f"grading_{run.pid}_*"))  # its copies of the class
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:  # no lost or doubled rows
        assert sorted(s.student.id for s in gradebook.find_assignment("lec2").submissions) == sorted(
            row["student_id"] for row in first)


def test_feedback_names_the_known_mistake(demo_run, assignment, students):
    out, subs = demo_run
    slow = load_catalogue(Course(out / "course"), assignment).slow  # not replayed: they name the function to fix first
    for student in (s for s in students if s.fails):
        failed = {row.test: row.message for row in subs[student.name].tests
                  if row.status == "failed" and row.test not in slow}
        said = f"known mistake in {student.function} gives: {student.mistake}."
        unnamed = {test: m for test, m in failed.items() if said not in m}
        assert failed and not unnamed, (student.name, unnamed)
