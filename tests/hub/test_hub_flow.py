"""The whole course flow in a real JupyterHub, as its users do it through the hub.

One instructor and two students, real system users, servers started by the
hub's LocalProcessSpawner. The instructor releases lec2; each student
fetches it, one fills in the solution and one a typical mistake, both
validate and submit; the instructor collects, grades and releases feedback;
each student fetches their own and cannot read the other's work.
"""
import csv
import grp
import io
import json
import math
import pwd
import re
import subprocess
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import nbformat
import pytest

from autograder.commands import demo
from autograder.languages import text
from autograder.course import Course
from autograder.grading.grade import order_of_grades
from autograder.outcomes import written_answers
from conftest import readme_commands, typed_by_the_instructor
from hubtools import (COURSE, INSTRUCTOR, NEWCOMER, ONE_SERVER, REPO, STUDENTS, HTTPError, hub_fixture,
                      processes_of, wait_for)

pytestmark = pytest.mark.hub

SOLVER, MISTAKEN = STUDENTS
# a mistake the student can see coming: it fails a visible test at validation too
MISTAKE = next(s for s in demo.CLASS if s.name == "sigmoid_prime_of_u")
NB = "lec2/lec2.ipynb"
POINTS_PER_DAY = 3  # the late policy the hand-grading test sets: 3 points off per started day

# a hub of its own: the flow starts from an untouched course (hubtools.hub_fixture says why)
hub = pytest.fixture(scope="module")(hub_fixture)


def expected_scores():
    source = nbformat.read(Course().source_notebook("lec2"), as_version=4)
    points = dict(order_of_grades(source))
    written = dict(written_answers(source))  # graded by hand later: 0 until then
    autograded = {gid: p for gid, p in points.items() if gid not in written}
    return (sum(points.values()), sum(autograded.values()),
            sum(p for gid, p in autograded.items() if gid not in MISTAKE.fails))


def answers_for(student):
    answers = demo.solution_sources(nbformat.read(Course().source_notebook("lec2"), as_version=4))
    return demo.apply_edits(answers, MISTAKE.edits) if student == MISTAKEN else answers


def score_line(html):
    """'Score: 38 / 40' from nbgrader's feedback page (whose numbers read 38.0)."""
    match = re.search(r"Score:\s*([\d.]+)\s*/\s*([\d.]+)", re.sub(r"<[^>]+>", " ", html))
    return f"Score: {float(match[1]):g} / {float(match[2]):g}" if match else html[:1500]


def test_release_fetch_validate_submit_collect_grade_feedback(hub):
    start = time.time()
    for user in (INSTRUCTOR, *STUDENTS):
        hub.start_server(user)
    groups = {g["name"]: set(g["users"]) for g in hub.api("groups")}
    assert groups[f"formgrade-{COURSE}"] == {INSTRUCTOR} and groups[f"nbgrader-{COURSE}"] == set(STUDENTS)

    # ---- formgrader's Generate is nbgrader's generate_assignment: its release/ holds ref/, so its Release is
    # refused, with the safe command named, and nothing reaches the exchange (issue 20, item 6)
    assert hub.as_user(INSTRUCTOR, "formgrader/api/assignment/lec2/assign", "POST")["success"]
    refused = hub.as_user(INSTRUCTOR, "formgrader/api/assignment/lec2/release", "POST")
    assert not refused["success"], refused
    assert "python -m autograder release lec2 --course" in refused["log"] + refused["error"], refused
    assert [p.name for p in hub.exchange.rglob("*") if p.is_file()] == []

    # ---- the instructor releases: leak-checked generation, then nbgrader's release through formgrader
    out = hub.run_ok(INSTRUCTOR, "import subprocess\n"
                 "r = subprocess.run(['python', '-m', 'autograder', 'release', 'lec2', '--course', 'backprop'],"
                 " capture_output=True, text=True)\nprint(r.returncode, r.stdout, r.stderr)")
    assert out.startswith("0 ") and "leak check passed" in out, out
    assert hub.as_user(INSTRUCTOR, "formgrader/api/assignment/lec2/release", "POST")["success"]

    # ---- each student fetches, fills in, validates, submits
    validation = {}
    for student in STUDENTS:
        listed = hub.as_user(student, f"assignments?course_id={COURSE}")
        assert [(a["assignment_id"], a["status"]) for a in listed["value"]] == [("lec2", "released")]
        hub.as_user(student, "assignments/fetch", "POST", {"course_id": COURSE, "assignment_id": "lec2"})
        folder = {item["name"] for item in hub.as_user(student, "api/contents/lec2")["content"]}
        assert "lec2.ipynb" in folder and "ref" not in folder  # no instructor data in the release
        model = hub.as_user(student, f"api/contents/{NB}")
        nb = demo.make_submission(nbformat.from_dict(model["content"]), answers_for(student))
        hub.as_user(student, f"api/contents/{NB}", "PUT", {"type": "notebook", "content": nb})
        result = hub.as_user(student, "assignments/validate", "POST", {"path": NB}, timeout=600)
        assert result["success"], result
        validation[student] = result["value"]
        submitted = hub.as_user(student, "assignments/submit", "POST", {"course_id": COURSE, "assignment_id": "lec2"})
        assert "submitted" in {a["status"] for a in submitted["value"]}, submitted
    assert validation[SOLVER] == {}, validation[SOLVER]  # nbgrader lists only problems
    failed = validation[MISTAKEN].get("failed", [])  # test_sigmoid fails already here
    # each failed test by its name, as `python -m autograder check` says it (autograder/nbgrader_side/validate.py), and its message
    assert any(f["source"].startswith("[FAIL] test_sigmoid ") and "sigmoid_prime" in f["error"] for f in failed), \
        validation[MISTAKEN]

    # ---- the instructor collects through formgrader and grades with the course's grader, in place:
    # its scores land in the gradebook that formgrader shows (nbgrader's own autograde cannot judge
    # the hidden tests, which are decided outside the student's kernel)
    assert hub.as_user(INSTRUCTOR, "formgrader/api/assignment/lec2/collect", "POST")["success"]
    out = hub.run_ok(INSTRUCTOR, "import subprocess\n"
                 "r = subprocess.run(['python', '-m', 'autograder', 'grade', 'lec2', '--course', 'backprop',"
                 " '--submissions', 'backprop/submitted', '--out', 'grading/lec2', '--jobs', '2', '--require-sandbox'],"
                 " capture_output=True, text=True)\nprint(r.returncode, r.stdout[:2000], r.stderr[-2000:])")
    assert out.startswith("0 "), out  # so student code ran in bwrap, though the instructor is not root
    assert "GB of memory for each process on its own (no control group: only root may make one)" in out, out
    max_score, autograded_max, mistaken_score = expected_scores()
    scores = {s["student"]: (s["score"], s["max_score"])
              for s in hub.as_user(INSTRUCTOR, "formgrader/api/submissions/lec2")}
    assert scores == {SOLVER: (autograded_max, max_score), MISTAKEN: (mistaken_score, max_score)}
    assert mistaken_score < autograded_max
    table = hub.as_user(INSTRUCTOR, "api/contents/grading/lec2/grades.csv")["content"]
    grades = {row["student_id"]: float(row["score"]) for row in csv.DictReader(io.StringIO(table))}
    assert grades == {SOLVER: autograded_max, MISTAKEN: mistaken_score}
    # formgrader's Autograde button runs the same grader (the course's nbgrader_config.py says so)
    for student in STUDENTS:
        done = hub.as_user(INSTRUCTOR, f"formgrader/api/submission/lec2/{student}/autograde", "POST", timeout=600)
        assert done["success"], done
    assert {s["student"]: (s["score"], s["max_score"])
            for s in hub.as_user(INSTRUCTOR, "formgrader/api/submissions/lec2")} == scores

    # ---- feedback: generated and released through formgrader, fetched by each student
    assert hub.as_user(INSTRUCTOR, "formgrader/api/assignment/lec2/generate_feedback", "POST")["success"]
    assert hub.as_user(INSTRUCTOR, "formgrader/api/assignment/lec2/release_feedback", "POST")["success"]
    for student in STUDENTS:
        hub.as_user(student, "assignments/fetch_feedback", "POST", {"course_id": COURSE, "assignment_id": "lec2"})
        stamps = hub.as_user(student, "api/contents/lec2/feedback")["content"]
        assert len(stamps) == 1
        page = hub.as_user(student, f"api/contents/{quote(stamps[0]['path'])}/lec2.html")["content"]
        expected = autograded_max if student == SOLVER else mistaken_score
        assert f"Score: {expected:g} / {max_score:g}" in score_line(page), score_line(page)
        assert "BEGIN HIDDEN TESTS" not in page
    print(f"\nhub flow (servers started to feedback fetched): {time.time() - start:.1f} s")


def test_formgrader_is_its_own_page_and_the_csp_stays(hub):
    """The fix for nbgrader 1870/1919: formgrader top-level, linked for graders; framing still refused."""
    req = urllib.request.Request(hub.user_url(INSTRUCTOR, "formgrader/manage_assignments"),
                                 headers={"Authorization": f"token {hub.token(INSTRUCTOR)}"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        assert resp.status == 200 and "formgrader" in resp.read().decode().lower()
        assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
    # the hub's home page links graders to it: checked in a logged-in browser, test_browser.py
    # students have no formgrader at all (jupyter/student switches it off)
    with pytest.raises(HTTPError) as missing:
        hub.as_user(STUDENTS[0], "formgrader/api/assignments")
    assert missing.value.status == 404


def test_students_cannot_reach_each_others_work(hub):
    """Runs after the flow: submissions and feedback of both students are in the exchange."""
    alice, bob = STUDENTS
    for user in STUDENTS:
        hub.start_server(user)  # already running after the flow; started when this test runs alone
    # the hub: bob's token opens nothing on alice's server
    with pytest.raises(HTTPError) as refused:
        hub.request_as(bob, alice, "api/contents/lec2")
    assert refused.value.status in (403, 404)
    # the machine: bob's own kernel can neither list the exchange's inbox and feedback folders,
    # nor read alice's home, nor the instructor's course (solutions, gradebook, submissions)
    probe = (
        "import glob, os\n"
        f"root = os.environ['NBGRADER_EXCHANGE'] + '/{COURSE}'\n"
        "for path in (root + '/inbound', root + '/feedback', os.path.expanduser('~" + alice + "'),"
        " os.path.expanduser('~" + INSTRUCTOR + "/backprop'), " + repr(str(REPO / "assignments" / "source")) + "):\n"
        "    try:\n"
        "        os.listdir(path)\n"
        "        print('READABLE', path)\n"
        "    except PermissionError:\n"
        "        print('denied', path)\n"
        f"print('found', glob.glob(root + '/inbound/{alice}*') + glob.glob(os.path.expanduser('~{alice}') + '/lec2/*'))\n"
    )
    out = hub.run_ok(bob, probe)
    # the repository's own course too (setup_course.sh closes it): it holds the solutions
    assert "READABLE" not in out and out.count("denied") == 5, out
    assert "found []" in out, out

    # bob learns (or guesses: a user and a time) the name of alice's submission folder in the exchange: he can
    # neither list, read nor change it, plant a file in it, nor move it away (issue 20, item 3); nor read the
    # roster (everyone's email) or the site's hub settings (item 7)
    inbound = hub.exchange / COURSE / "inbound"
    folder = next(inbound.glob(f"{alice}+lec2+*"))
    attempts = {
        "list": "os.listdir(folder)",
        "read": "open(folder + '/lec2.ipynb').read()",
        "plant": "open(folder + '/planted.py', 'w').write('x = 1')",
        "delete": "os.remove(folder + '/timestamp.txt')",
        "move": "os.rename(folder, folder + '-moved')",
        "roster": f"open({str(hub.etc / 'roster')!r}).read()",
        "site settings": f"open({str(hub.etc / 'site_config.py')!r}).read()",
    }
    out = hub.run_ok(bob, f"import os\nfolder = {str(folder)!r}\n" + "".join(
        f"try:\n    {code}\n    print('DONE {what}')\nexcept PermissionError:\n    print('denied {what}')\n"
        for what, code in attempts.items()))
    assert [line for line in out.splitlines() if line.startswith("DONE")] == [], out
    assert folder.is_dir() and not (folder / "planted.py").exists() and (folder / "timestamp.txt").exists()


def test_a_submission_in_another_students_name_is_refused(hub):
    """Runs after the flow. Bob puts a folder in Alice's name, 'submitted' later, with his own
    notebook, into the exchange, and one of his own whose notebook is a link to the instructor's
    solution; collecting refuses both, says so, and keeps Alice's and Bob's earlier submissions."""
    victim, attacker = SOLVER, MISTAKEN
    submitted = f"backprop/submitted/{victim}/lec2"
    before = [hub.as_user(INSTRUCTOR, f"api/contents/{submitted}/{name}")["content"]
              for name in ("lec2.ipynb", "timestamp.txt")]
    scores = hub.as_user(INSTRUCTOR, "formgrader/api/submissions/lec2")
    forged = f"{victim}+lec2+2099-01-01 00:00:00.000000 UTC+forged"
    # and, in his own name, a submission whose notebook is a link to the instructor's solution (issue 20,
    # item 1): collect runs as the instructor, who may read it; bob may not
    linked = f"{attacker}+lec2+2099-01-01 00:00:00.000000 UTC+linked"
    own = [hub.as_user(INSTRUCTOR, f"api/contents/backprop/submitted/{attacker}/lec2/{name}")["content"]
           for name in ("lec2.ipynb", "timestamp.txt")]
    solution = pwd.getpwnam(INSTRUCTOR).pw_dir + "/backprop/source/lec2"
    hub.run_ok(attacker, "import os\n"
               f"folder = os.environ['NBGRADER_EXCHANGE'] + '/{COURSE}/inbound/{linked}'\n"
               "os.mkdir(folder)\n"
               f"os.symlink({solution + '/lec2.ipynb'!r}, folder + '/lec2.ipynb')\n"
               f"os.symlink({solution + '/ref'!r}, folder + '/ref')\n")
    hub.run_ok(attacker, "import os, shutil\n"
           f"folder = os.environ['NBGRADER_EXCHANGE'] + '/{COURSE}/inbound/{forged}'\n"
           "os.mkdir(folder)\n"
           f"shutil.copy(os.path.expanduser('~/{NB}'), folder)\n"
           "open(folder + '/timestamp.txt', 'w').write('2099-01-01 00:00:00.000000 UTC')\n")

    result = hub.as_user(INSTRUCTOR, "formgrader/api/assignment/lec2/collect", "POST")
    assert result["success"], result
    assert f"REFUSED {forged}: it says it was submitted by {victim}, but it is owned by {attacker}" in result["log"]
    assert f"REFUSED {linked}: collect never follows or copies what is in it (lec2.ipynb: a symbolic link; " \
           "ref: a symbolic link)" in result["log"], result["log"]
    assert [hub.as_user(INSTRUCTOR, f"api/contents/backprop/submitted/{attacker}/lec2/{name}")["content"]
            for name in ("lec2.ipynb", "timestamp.txt")] == own
    assert "ref" not in {item["name"] for item in
                         hub.as_user(INSTRUCTOR, f"api/contents/backprop/submitted/{attacker}/lec2")["content"]}
    refused = hub.as_user(INSTRUCTOR, "api/contents/backprop/refused_submissions.log")["content"]
    assert forged in refused
    after = [hub.as_user(INSTRUCTOR, f"api/contents/{submitted}/{name}")["content"]
             for name in ("lec2.ipynb", "timestamp.txt")]
    assert after == before
    assert hub.as_user(INSTRUCTOR, "formgrader/api/submissions/lec2") == scores


def test_formgrader_lists_students_by_their_roster_names(hub):
    listed = {s["id"]: (s["first_name"], s["last_name"], s["email"])
              for s in hub.as_user(INSTRUCTOR, "formgrader/api/students")}
    assert listed == {STUDENTS[0]: ("Alice Mary", "Abe", "alice@example.org"), STUDENTS[1]: ("Bob", "Baba", None)}


def set_the_due_date_between_the_submissions(hub):
    """The due date half way between the two students' submissions (the exchange's times, which
    formgrader shows), and a penalty per started day late: the second to submit becomes late."""
    times = {s["student"]: datetime.fromisoformat(s["timestamp"])
             for s in hub.as_user(INSTRUCTOR, "formgrader/api/submissions/lec2")}
    assert times[SOLVER] < times[MISTAKEN], times
    due = times[SOLVER] + (times[MISTAKEN] - times[SOLVER]) / 2
    hub.run_ok(INSTRUCTOR, "import subprocess\n"
           "r = subprocess.run(['nbgrader', 'db', 'assignment', 'add', 'lec2',"
           f" '--duedate={due:%Y-%m-%d %H:%M:%S.%f} UTC'], cwd='backprop', capture_output=True, text=True)\n"
           "assert r.returncode == 0, r.stdout + r.stderr\n"
           f"open('backprop/nbgrader_config.py', 'a').write('\\nc.LatePenaltyPerDay.points_per_day = {POINTS_PER_DAY}\\n')\n")


def test_a_hand_grade_survives_regrading_and_reaches_the_student(hub):
    """Runs after the flow. The instructor grades the written answer in formgrader, learns that the
    due date fell between the two submissions (so the second student is late), grades the class again
    from a terminal, and releases feedback with one command; the student fetches the new score."""
    student, comment = SOLVER, "Clear and right."
    notebook = next(n for n in hub.as_user(INSTRUCTOR, "formgrader/api/submitted_notebooks/lec2/lec2")
                    if n["student"] == student)
    written = next(gid for gid, _ in written_answers(nbformat.read(Course().source_notebook("lec2"),
                                                                   as_version=4)))
    grade = next(g for g in hub.as_user(INSTRUCTOR, f"formgrader/api/grades?submission_id={notebook['id']}")
                 if g["name"] == written)
    note = next(c for c in hub.as_user(INSTRUCTOR, f"formgrader/api/comments?submission_id={notebook['id']}")
                if c["name"] == written)
    hub.as_user(INSTRUCTOR, f"formgrader/api/grade/{grade['id']}", "PUT", {"manual_score": grade["max_score"]})
    hub.as_user(INSTRUCTOR, f"formgrader/api/comment/{note['id']}", "PUT", {"manual_comment": comment})
    set_the_due_date_between_the_submissions(hub)

    out = hub.run_ok(INSTRUCTOR, "import subprocess\n"
                 "for args in (['grade', 'lec2', '--course', 'backprop', '--submissions', 'backprop/submitted',"
                 " '--out', 'grading/lec2', '--jobs', '2'], ['feedback', 'lec2', '--course', 'backprop']):\n"
                 "    r = subprocess.run(['python', '-m', 'autograder', *args], capture_output=True, text=True)\n"
                 "    print(r.returncode, r.stdout[-1500:], r.stderr[-1500:])")
    assert out.startswith("0 ") and "\n0 " in out, out
    max_score, _, _ = expected_scores()
    assert f"feedback released: {student} {max_score:g} of {max_score:g}" in out, out
    grades = {g["name"]: g for g in hub.as_user(INSTRUCTOR, f"formgrader/api/grades?submission_id={notebook['id']}")}
    assert grades[written]["manual_score"] == grade["max_score"]
    notes = {c["name"]: c for c in hub.as_user(INSTRUCTOR, f"formgrader/api/comments?submission_id={notebook['id']}")}
    assert notes[written]["manual_comment"] == comment

    hub.as_user(student, "assignments/fetch_feedback", "POST", {"course_id": COURSE, "assignment_id": "lec2"})
    stamps = hub.as_user(student, "api/contents/lec2/feedback")["content"]
    page = hub.as_user(student, f"api/contents/{quote(stamps[0]['path'])}/lec2.html")["content"]
    assert f"Score: {max_score:g} / {max_score:g}" in score_line(page), score_line(page)
    assert comment in page

    # formgrader's Autograde button on the same, unchanged answers: the hand grade stays and is not marked
    # for grading again, so the next feedback does not say it waits (issue 20, item 5)
    done = hub.as_user(INSTRUCTOR, f"formgrader/api/submission/lec2/{student}/autograde", "POST", timeout=600)
    assert done["success"], done
    grades = {g["name"]: g for g in hub.as_user(INSTRUCTOR, f"formgrader/api/grades?submission_id={notebook['id']}")}
    assert grades[written]["manual_score"] == grade["max_score"] and not grades[written]["needs_manual_grade"]
    out = hub.run_ok(INSTRUCTOR, "import subprocess\n"
                     "r = subprocess.run(['python', '-m', 'autograder', 'feedback', 'lec2', '--course', 'backprop'],"
                     " capture_output=True, text=True)\nprint(r.returncode, r.stdout[-1500:], r.stderr[-1500:])")
    assert out.startswith("0 ") and f"feedback released: {student} {max_score:g} of {max_score:g}\n" in out, out
    hub.as_user(student, "assignments/fetch_feedback", "POST", {"course_id": COURSE, "assignment_id": "lec2"})
    stamps = hub.as_user(student, "api/contents/lec2/feedback")["content"]
    newest = max(stamps, key=lambda s: s["name"])
    page = hub.as_user(student, f"api/contents/{quote(newest['path'])}/lec2.html")["content"]
    assert f"Score: {max_score:g} / {max_score:g}" in score_line(page) and "waits for hand grading" not in page


def read_csv(hub, path):
    return list(csv.reader(io.StringIO(hub.as_user(INSTRUCTOR, f"api/contents/{path}")["content"])))


def test_grades_exported_for_the_lms_are_formgraders(hub):
    """Runs after the hand grade: one student graded by hand and on time, one late and still waiting
    for hand grading. The instructor exports for Moodle, Canvas and as plain csv; every file holds what
    formgrader's gradebook holds: names, points (hand grades in), late penalty, who still waits."""
    # in one kernel, as the instructor: the three exports, the lateness the gradebook keeps, and the
    # late policy taken out again (the next tests grade again under the README's own due date)
    out = hub.run_ok(INSTRUCTOR, "import json, subprocess\n"
                 "from nbgrader.api import Gradebook\n"
                 "for fmt in ('moodle', 'canvas', 'csv'):\n"
                 "    r = subprocess.run(['python', '-m', 'autograder', 'export', 'lec2', '--course', 'backprop',"
                 " '--format', fmt, '--out', f'grading/lec2_{fmt}.csv'], capture_output=True, text=True)\n"
                 "    print(r.returncode, r.stdout, r.stderr)\n"
                 "with Gradebook('sqlite:///backprop/gradebook.db') as gb:\n"
                 "    print('LATE', json.dumps({s.student.id: [s.total_seconds_late, s.late_submission_penalty]"
                 " for s in gb.find_assignment('lec2').submissions}))\n"
                 "path = 'backprop/nbgrader_config.py'\n"
                 f"text = open(path).read().replace('\\nc.LatePenaltyPerDay.points_per_day = {POINTS_PER_DAY}\\n', '')\n"
                 "open(path, 'w').write(text)\n")
    assert out.count("0 wrote grading/lec2_") == 3, out
    assert text.EXPORT_STILL_WAITING.format(assignment="lec2", students=text.counted(1, text.STUDENTS),
                                            names=MISTAKEN) in out, out
    late = json.loads(out.split("LATE ", 1)[1])

    # formgrader's view of the same gradebook
    formgrader = {s["student"]: s for s in hub.as_user(INSTRUCTOR, "formgrader/api/submissions/lec2")}
    people = {s["id"]: s for s in hub.as_user(INSTRUCTOR, "formgrader/api/students")}
    max_score, autograded_max, mistaken_score = expected_scores()
    late = {s: (seconds or 0, penalty or 0) for s, (seconds, penalty) in late.items()}  # None: none
    assert late[SOLVER] == (0, 0) and late[MISTAKEN][0] > 0 and late[MISTAKEN][1] == POINTS_PER_DAY, late
    # one number a student: formgrader's, on every page of it, is less the late penalty as the exports are
    # (issue 20, item 4)
    assert formgrader[SOLVER]["score"] == max_score and not formgrader[SOLVER]["needs_manual_grade"]
    assert formgrader[MISTAKEN]["score"] == mistaken_score - POINTS_PER_DAY, formgrader[MISTAKEN]
    assert formgrader[MISTAKEN]["needs_manual_grade"]
    points = {s: formgrader[s]["score"] for s in STUDENTS}
    # the student's page lists every assignment of the course: lec2 the one handed in
    assert {s["name"]: s["score"] for s in hub.as_user(INSTRUCTOR, f"formgrader/api/student_submissions/{MISTAKEN}")
            if s["submitted"]} == {"lec2": points[MISTAKEN]}
    assert people[MISTAKEN]["score"] == points[MISTAKEN]
    assert sorted(people) == sorted(STUDENTS)

    moodle = read_csv(hub, "grading/lec2_moodle.csv")
    assert moodle[0] == ["First name", "Last name", "Username", "Email address", "lec2", "lec2 feedback"]
    assert [row[:5] for row in moodle[1:]] == [
        [people[s]["first_name"], people[s]["last_name"], s, people[s]["email"] or "", f"{points[s]:g}"]
        for s in sorted(STUDENTS)]
    remarks = {row[2]: row[5] for row in moodle[1:]}
    assert remarks[SOLVER] == ""
    assert "written answer not yet graded by hand" in remarks[MISTAKEN], remarks
    assert f" late, penalty {POINTS_PER_DAY} points" in remarks[MISTAKEN], remarks

    canvas = read_csv(hub, "grading/lec2_canvas.csv")
    assert canvas[:2] == [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "lec2"],
                          ["Points Possible", "", "", "", "", f"{max_score:g}"]]
    assert canvas[2:] == [[f"{people[s]['last_name']}, {people[s]['first_name']}", "", "", s, "", f"{points[s]:g}"]
                          for s in sorted(STUDENTS)]

    plain = read_csv(hub, "grading/lec2_csv.csv")
    rows = {row[0]: dict(zip(plain[0], row)) for row in plain[1:]}
    for s, autograded, hand, waits in ((SOLVER, autograded_max, max_score - autograded_max, "no"),
                                       (MISTAKEN, mistaken_score, 0, "yes")):
        assert {k: rows[s][k] for k in ("score", "max_score", "autograded", "hand_graded", "hours_late",
                                        "late_penalty", "waits_for_hand_grading")} == {
            "score": f"{points[s]:g}", "max_score": f"{max_score:g}", "autograded": f"{autograded:g}",
            "hand_graded": f"{hand:g}", "hours_late": f"{math.ceil(late[s][0] / 36) / 100:.2f}", "late_penalty": f"{late[s][1]:g}",
            "waits_for_hand_grading": waits}, s
    # late by a fraction of an hour (half the time between the two submissions), which never reads 0
    assert float(rows[MISTAKEN]["hours_late"]) > 0, rows[MISTAKEN]


def test_the_readme_commands_work_in_jupyterlab_terminals(hub):
    """JupyterLab's terminal: the README's `python -m autograder` and `nbgrader` as they are written;
    then every instructor command of deploy/one-server/README.md, typed as it stands there."""
    for user in (INSTRUCTOR, STUDENTS[0]):
        hub.start_server(user)  # already running after the flow; started when this test runs alone
        out = hub.run_in_terminal(user, "python -m autograder --help; nbgrader --version")
        assert "command not found" not in out and "No module named" not in out, out
        assert "usage: python -m autograder" in out, out
        assert "nbgrader version 0.9.6" in out, out
    lines = [c for c in readme_commands(ONE_SERVER / "README.md") if typed_by_the_instructor(c)]
    script = "; ".join(f'{line}; echo "status {k}: $?"' for k, line in enumerate(lines))
    out = hub.run_in_terminal(INSTRUCTOR, script, timeout=900)
    for k, line in enumerate(lines):
        assert f"status {k}: 0" in out, f"{line!r} failed in the instructor's terminal:\n{out[-4000:]}"
    assert "command not found" not in out and "Traceback" not in out, out[-4000:]


def test_a_students_server_is_capped_in_memory_and_processes(hub):
    """Issue 20, item 8: a student's own kernel forks five children of 520 MB each (2.6 GB together), then
    as many sleeping processes as it can. The server and all it starts share one memory cap (2 GiB: the
    kernel kills children beyond it) and one process cap (256), as jupyterhub_config.py sets them."""
    student = STUDENTS[1]
    hub.start_server(student)
    out = hub.run_ok(student, """
import os, signal, time
children = []
for _ in range(5):
    pid = os.fork()
    if pid == 0:
        try:
            block = b"x" * (520 * 1024 * 1024)
            time.sleep(60)
        finally:
            os._exit(0)
    children.append(pid)
time.sleep(10)
killed = 0
for pid in children:
    done, status = os.waitpid(pid, os.WNOHANG)
    killed += bool(done) and os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    if not done:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
print("MEMORY", len(children), killed)
sleepers = []
try:
    while len(sleepers) < 400:
        pid = os.fork()
        if pid == 0:
            time.sleep(60)
            os._exit(0)
        sleepers.append(pid)
except OSError as error:
    print("REFUSED", type(error).__name__)
for pid in sleepers:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
print("PROCESSES", len(sleepers))
""")
    started, killed = map(int, out.split("MEMORY ", 1)[1].split()[:2])
    assert started == 5 and killed >= 2, out  # 2 GiB holds three of them beside the server and the kernel
    assert "REFUSED BlockingIOError" in out and int(out.split("PROCESSES ", 1)[1].split()[0]) < 256, out


def test_setup_again_keeps_the_site_settings(hub):
    """setup_course.sh is run again whenever the roster changes; the site's own settings stay."""
    site = hub.etc / "site_config.py"
    site.write_text(site.read_text() + "c.JupyterHub.concurrent_spawn_limit = 7  # the site's own\n")
    before = site.read_text()
    # a submission left open as nbgrader's own submit leaves it (an exchange from before this course's set-up)
    inbound = hub.exchange / COURSE / "inbound"
    inbound.mkdir(parents=True, exist_ok=True)
    old = inbound / f"{STUDENTS[0]}+lec2+2026-01-01 00:00:00.000000 UTC+old"
    old.mkdir()
    old.chmod(0o777)
    again = subprocess.run(["bash", str(ONE_SERVER / "setup_course.sh"), str(hub.base / "roster")],
                           env=hub.env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert site.read_text() == before
    assert (old.stat().st_mode & 0o7777, grp.getgrgid(old.stat().st_gid).gr_name) == (0o770, f"formgrade-{COURSE}")
    old.rmdir()


def singleuser_pids(user):
    """The pids of `user`'s Jupyter server processes."""
    uid = pwd.getpwnam(user).pw_uid
    return {pid for pid in processes_of(uid)
            if b"jupyterhub-singleuser" in Path(f"/proc/{pid}/cmdline").read_bytes()}


def test_restarting_the_hub_leaves_running_servers_running(hub):
    """A student added mid-term: a roster line, setup_course.sh again, and a restart of the hub (which
    reads the roster when it starts). The restart stops nobody's work, and the newcomer gets in: into
    the students' group, the gradebook with a name, and the course's assignments."""
    user = STUDENTS[0]
    hub.start_server(user)
    before = singleuser_pids(user)
    assert before
    with open(hub.base / "roster", "a") as roster:
        roster.write(f"student {NEWCOMER} Carol Chiba carol@example.org\n")
    again = subprocess.run(["bash", str(ONE_SERVER / "setup_course.sh"), str(hub.base / "roster")],
                           env=hub.env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    hub.restart()
    wait_for(f"{user}'s server ready again",
             lambda: hub.api(f"users/{user}").get("servers", {}).get("", {}).get("ready"), 60)
    assert singleuser_pids(user) == before  # the same process, not a new one
    assert hub.as_user(user, "api/status")["kernels"] >= 0  # reachable through the new proxy

    groups = {g["name"]: set(g["users"]) for g in hub.api("groups")}
    assert groups[f"nbgrader-{COURSE}"] == {*STUDENTS, NEWCOMER}
    hub.start_server(NEWCOMER)
    listed = hub.as_user(NEWCOMER, f"assignments?course_id={COURSE}")["value"]
    assert [(a["assignment_id"], a["status"]) for a in listed] == [("lec2", "released")]
    people = {s["id"]: (s["first_name"], s["last_name"], s["email"])
              for s in hub.as_user(INSTRUCTOR, "formgrader/api/students")}
    assert people[NEWCOMER] == ("Carol", "Chiba", "carol@example.org")


# The term: the course's three assignments in their order, each with its due date (lec2's is the one
# deploy/one-server/README.md sets, 2027-07-30, typed by the README test before this one); the second
# one graded here end to end is lec3, whose answers are classes: their objects stay in the student's
# sandboxed kernel at grading.
TERM = (("lec1", "2027-04-16 17:00:00 Asia/Tokyo"), ("lec2", None), ("lec3", "2027-10-15 17:00:00 Asia/Tokyo"))
SECOND = "lec3"


def test_a_term_of_three_assignments_each_released_graded_and_exported(hub):
    """Runs last. The instructor releases lec1 and lec3 beside lec2, as lec2 was (the leak-checked
    release, then formgrader's Release), each with its due date; a student fetches lec3, hands in the
    solution; collect, the course's grader and feedback through formgrader as for lec2; the term's
    export holds the three assignments in the order of their due dates, each score as formgrader has it."""
    for assignment, due in TERM:
        if due is None:
            continue
        out = hub.run_ok(INSTRUCTOR, "import subprocess\n"
                         f"r = subprocess.run(['python', '-m', 'autograder', 'release', {assignment!r}, '--course',"
                         " 'backprop'], capture_output=True, text=True)\nprint(r.returncode, r.stdout, r.stderr)\n"
                         f"r = subprocess.run(['nbgrader', 'db', 'assignment', 'add', {assignment!r}, '--duedate={due}'],"
                         " cwd='backprop', capture_output=True, text=True)\nprint(r.returncode, r.stdout, r.stderr)")
        assert out.startswith("0 ") and "leak check passed" in out and "\n0 " in out, out
        assert hub.as_user(INSTRUCTOR, f"formgrader/api/assignment/{assignment}/release", "POST")["success"]
    listed = {a["assignment_id"] for a in hub.as_user(SOLVER, f"assignments?course_id={COURSE}")["value"]
              if a["status"] == "released"}
    assert {"lec1", "lec3"} <= listed, listed

    hub.as_user(SOLVER, "assignments/fetch", "POST", {"course_id": COURSE, "assignment_id": SECOND})
    path = f"{SECOND}/{SECOND}.ipynb"
    source = nbformat.read(Course().source_notebook(SECOND), as_version=4)
    nb = demo.make_submission(nbformat.from_dict(hub.as_user(SOLVER, f"api/contents/{path}")["content"]),
                              demo.solution_sources(source))
    hub.as_user(SOLVER, f"api/contents/{path}", "PUT", {"type": "notebook", "content": nb})
    assert hub.as_user(SOLVER, "assignments/validate", "POST", {"path": path}, timeout=600)["value"] == {}
    hub.as_user(SOLVER, "assignments/submit", "POST", {"course_id": COURSE, "assignment_id": SECOND})
    assert hub.as_user(INSTRUCTOR, f"formgrader/api/assignment/{SECOND}/collect", "POST")["success"]
    out = hub.run_ok(INSTRUCTOR, "import subprocess\n"
                     f"r = subprocess.run(['python', '-m', 'autograder', 'grade', {SECOND!r}, '--course', 'backprop',"
                     f" '--submissions', 'backprop/submitted', '--out', 'grading/{SECOND}', '--jobs', '2',"
                     " '--require-sandbox'], capture_output=True, text=True)\nprint(r.returncode, r.stdout[-2000:],"
                     " r.stderr[-2000:])")
    assert out.startswith("0 "), out
    written = dict(written_answers(source))
    full = sum(p for gid, p in order_of_grades(source) if gid not in written)
    max_score = sum(p for _, p in order_of_grades(source))
    assert {s["student"]: s["score"] for s in hub.as_user(INSTRUCTOR, f"formgrader/api/submissions/{SECOND}")
            if s["submitted"]} == {SOLVER: full}
    assert hub.as_user(INSTRUCTOR, f"formgrader/api/assignment/{SECOND}/generate_feedback", "POST")["success"]
    assert hub.as_user(INSTRUCTOR, f"formgrader/api/assignment/{SECOND}/release_feedback", "POST")["success"]
    hub.as_user(SOLVER, "assignments/fetch_feedback", "POST", {"course_id": COURSE, "assignment_id": SECOND})
    stamps = hub.as_user(SOLVER, f"api/contents/{SECOND}/feedback")["content"]
    page = hub.as_user(SOLVER, f"api/contents/{quote(stamps[0]['path'])}/{SECOND}.html")["content"]
    assert f"Score: {full:g} / {max_score:g}" in score_line(page), score_line(page)

    out = hub.run_ok(INSTRUCTOR, "import subprocess\n"
                     "r = subprocess.run(['python', '-m', 'autograder', 'export', '--course', 'backprop', '--format',"
                     " 'canvas', '--out', 'grading/term_canvas.csv'], capture_output=True, text=True)\n"
                     "print(r.returncode, r.stdout, r.stderr)")
    assert out.startswith("0 "), out
    canvas = read_csv(hub, "grading/term_canvas.csv")
    assert canvas[0][5:] == [a for a, _ in TERM]  # by due date: the course's order
    scores = {a: {s["student"]: s["score"] for s in hub.as_user(INSTRUCTOR, f"formgrader/api/submissions/{a}")
                  if s["submitted"]} for a, _ in TERM}
    for row in canvas[2:]:
        assert row[5:] == [f"{scores[a][row[3]]:g}" if row[3] in scores[a] else "" for a, _ in TERM], row
    assert scores["lec2"] and scores[SECOND] and not scores["lec1"]
