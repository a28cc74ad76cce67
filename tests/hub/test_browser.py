"""A real browser in the hub: Debian's Chromium driven by Playwright.

A student logs in, opens the Assignments panel, fetches lec2, opens the
notebook and validates it; the instructor opens formgrader from the hub's home
page and sees the submissions with their scores. Screenshots go to
tests/hub/artifacts/ (gitignored); what they show is checked through the DOM.
"""
import re

import nbformat
import pytest

from autograder.commands import demo
from autograder.course import Course
from hubtools import ARTIFACTS, COURSE, INSTRUCTOR, STUDENTS, chromium_fixture, hub_fixture, log_in

pytestmark = pytest.mark.hub

SUBMITTER = STUDENTS[1]  # submits through the API, so formgrader has a score to show
BROWSING_STUDENT = STUDENTS[0]

# a hub of its own: lec2 not yet released, its student's lab in English (hubtools.hub_fixture)
hub = pytest.fixture(scope="module")(hub_fixture)


@pytest.fixture(scope="module")
def browser():
    yield from chromium_fixture(ARTIFACTS)


@pytest.fixture(scope="module")
def graded_submission(hub):
    """lec2 released; one student's typical mistake submitted, collected (through the API) and graded."""
    for user in (INSTRUCTOR, SUBMITTER):
        hub.start_server(user)
    out = hub.run_ok(INSTRUCTOR, "import subprocess\nr = subprocess.run(['python', '-m', 'autograder', 'release',"
                 " 'lec2', '--course', 'backprop'], capture_output=True, text=True)\nprint(r.returncode, r.stderr)")
    assert out.startswith("0 "), out
    assert hub.as_user(INSTRUCTOR, "formgrader/api/assignment/lec2/release", "POST")["success"]
    hub.as_user(SUBMITTER, "assignments/fetch", "POST", {"course_id": COURSE, "assignment_id": "lec2"})
    answers = demo.solution_sources(nbformat.read(Course().source_notebook("lec2"), as_version=4))
    mistake = next(s for s in demo.CLASS if s.name == "unstable_softmax")
    model = hub.as_user(SUBMITTER, "api/contents/lec2/lec2.ipynb")
    nb = demo.make_submission(nbformat.from_dict(model["content"]), demo.apply_edits(answers, mistake.edits))
    hub.as_user(SUBMITTER, "api/contents/lec2/lec2.ipynb", "PUT", {"type": "notebook", "content": nb})
    hub.as_user(SUBMITTER, "assignments/submit", "POST", {"course_id": COURSE, "assignment_id": "lec2"})
    assert hub.as_user(INSTRUCTOR, "formgrader/api/assignment/lec2/collect", "POST")["success"]
    out = hub.run_ok(INSTRUCTOR, "import subprocess\nr = subprocess.run(['python', '-m', 'autograder', 'grade', 'lec2',"
                 " '--course', 'backprop', '--submissions', 'backprop/submitted', '--out', 'grading/lec2'],"
                 " capture_output=True, text=True)\nprint(r.returncode, r.stderr[-2000:])")
    assert out.startswith("0 "), out
    return {s["student"]: s["score"] for s in hub.as_user(INSTRUCTOR, "formgrader/api/submissions/lec2")}


def test_student_fetches_and_validates_in_jupyterlab(hub, browser, graded_submission):
    page = log_in(browser, hub, BROWSING_STUDENT)
    # logging in starts the server and lands in JupyterLab
    page.wait_for_url(re.compile(rf"/user/{BROWSING_STUDENT}/lab"), timeout=120_000)
    page.wait_for_selector("#jp-main-dock-panel", timeout=120_000)
    page.get_by_role("menuitem", name="Nbgrader").click()
    page.get_by_text("Assignment List", exact=False).first.click()
    fetch = page.locator("#released_assignments_list button", has_text="Fetch")
    fetch.wait_for()
    assert "lec2" in page.locator("#released_assignments_list").inner_text()
    page.screenshot(path=ARTIFACTS / "1-student-assignments-released.png")
    fetch.click()
    page.locator("#fetched_assignments_list", has_text="lec2").wait_for()
    page.screenshot(path=ARTIFACTS / "2-student-assignments-fetched.png")

    page.goto(f"{hub.url}/user/{BROWSING_STUDENT}/lab/tree/lec2/lec2.ipynb")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
    page.locator(".jp-NotebookPanel-toolbar .validate-button").first.click()  # nbgrader's toolbar button
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for(timeout=300_000)
    text = dialog.inner_text()
    page.screenshot(path=ARTIFACTS / "3-student-validate.png")
    # the released notebook is still unanswered: validation says which cells fail
    assert "Validat" in text and ("failed" in text.lower() or "NotImplementedError" in text), text
    assert "[FAIL] test_add_bias" in text and "add_bias is not written yet" in text, text  # by name, not code
    page.close()


def test_instructor_sees_scores_in_formgrader(hub, browser, graded_submission):
    page = log_in(browser, hub, INSTRUCTOR)
    page.wait_for_url(re.compile(rf"/user/{INSTRUCTOR}/lab"), timeout=120_000)
    page.goto(f"{hub.url}/hub/home")
    link = page.locator("#formgrader-link")
    assert link.is_visible()
    # a button, not a line of text: the hub's page styles it (issue 20, item 9)
    assert link.evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    with page.context.expect_page() as opened:  # target=_blank: formgrader in its own tab
        link.click()
    formgrader = opened.value
    formgrader.wait_for_load_state()
    assert f"/user/{INSTRUCTOR}/formgrader" in formgrader.url
    formgrader.goto(f"{hub.url}/user/{INSTRUCTOR}/formgrader/manage_submissions/lec2")
    row = formgrader.locator("tr", has_text=SUBMITTER)
    row.wait_for()
    formgrader.screenshot(path=ARTIFACTS / "4-instructor-formgrader-submissions.png", full_page=True)
    score = graded_submission[SUBMITTER]
    cells = row.inner_text()
    assert re.search(rf"\b{score:g}(\.0+)?\s*/\s*\d+", cells), cells
    page.close()
