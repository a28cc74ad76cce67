"""JupyterLab in Japanese in the hub, in a real browser (Debian's Chromium driven by Playwright).

deploy/install_hub.sh installs JupyterLab's Japanese language pack into the venv every user's
server runs. A student starts in English (the default), switches to 日本語 the way a user does,
in the menu Settings › Language, fetches lec2 and opens it: the menus say ファイル and the
Japanese edition's heading is shown, drawn in a CJK font (Debian's fonts-noto-cjk, which
deploy/install_test_deps.sh installs), not as empty boxes. A second student gets Japanese without
choosing it, from the course-wide default that deploy/one-server/README.md documents (its file
put in place as written). Screenshots go to tests/hub/artifacts/ja/ (gitignored).
"""
import re

import nbformat
import pytest

from autograder.course import DEFAULT_ROOT
from autograder.languages.editions import language_of
from hubtools import ARTIFACTS, INSTRUCTOR, ONE_SERVER, STUDENTS, chromium_fixture, hub_fixture, log_in

pytestmark = pytest.mark.hub

SCREENSHOTS = ARTIFACTS / "ja"
JAPANESE_EDITION = DEFAULT_ROOT / "source" / "lec2" / "ja" / "lec2.ipynb"
SWITCHING_STUDENT = STUDENTS[0]  # chooses 日本語 in the menu
DEFAULTED_STUDENT = STUDENTS[1]  # gets it from the course-wide default
KANA_OR_KANJI = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

# a hub of its own: the Japanese lec2 released first, servers not yet started (hubtools.hub_fixture)
hub = pytest.fixture(scope="module")(hub_fixture)


@pytest.fixture(scope="module")
def browser():
    yield from chromium_fixture(SCREENSHOTS)


def release_japanese_edition(hub):
    """`python -m autograder release lec2 --lang ja`, in the instructor's kernel, as README says."""
    out = hub.run_ok(INSTRUCTOR, "import subprocess\nr = subprocess.run(['python', '-m', 'autograder', 'release',"
                 " 'lec2', '--course', 'backprop', '--lang', 'ja'], capture_output=True, text=True)\n"
                 "print(r.returncode, r.stderr)")
    assert out.startswith("0 "), out


@pytest.fixture(scope="module")
def released_in_japanese(hub):
    hub.start_server(INSTRUCTOR)
    release_japanese_edition(hub)
    assert hub.as_user(INSTRUCTOR, "formgrader/api/assignment/lec2/release", "POST")["success"]
    nb = nbformat.read(JAPANESE_EDITION, as_version=4)
    first = next(cell for cell in nb.cells if cell.cell_type == "markdown")
    heading = next(line for line in first.source.splitlines() if line.startswith("# "))
    return heading[2:].strip()


def fonts_drawing(page, selector):
    """The fonts Chromium draws the first element matching `selector` with: [(family, glyphs)]."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"no {selector} on the page"
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return [(f["familyName"], f["glyphCount"]) for f in fonts]


def assert_drawn_in_a_cjk_font(page, selector):
    """Kana and kanji without a font that has them are drawn as empty boxes (tofu): Chromium
    must draw the element's text, at least in part, with a CJK font."""
    fonts = fonts_drawing(page, selector)
    assert any("CJK" in family and glyphs for family, glyphs in fonts), \
        f"{selector} is drawn with {fonts}: no CJK font (install fonts-noto-cjk)"


def menu_titles(page):
    return [t.strip() for t in page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").all_inner_texts()]


def open_lab(browser, hub, user):
    page = log_in(browser, hub, user)
    page.wait_for_url(re.compile(rf"/user/{user}/lab"), timeout=120_000)  # logging in starts the server
    page.wait_for_selector("#jp-main-dock-panel", timeout=120_000)
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel").first.wait_for()
    return page


def fetch_and_open_lec2(page, hub, user):
    """The Assignments list (nbgrader's own words are English in either language): Fetch, then open."""
    page.get_by_role("menuitem", name="Nbgrader").click()
    page.locator(".lm-Menu-itemLabel", has_text="Assignment List").first.click()
    fetch = page.locator("#released_assignments_list button", has_text="Fetch")
    fetch.wait_for()
    fetch.click()
    page.locator("#fetched_assignments_list", has_text="lec2").wait_for()
    page.goto(f"{hub.url}/user/{user}/lab/tree/lec2/lec2.ipynb")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
    # what the student fetched is the Japanese edition (its metadata says so), not the English one
    fetched = nbformat.from_dict(hub.as_user(user, "api/contents/lec2/lec2.ipynb")["content"])
    assert language_of(fetched) == "ja", fetched.metadata


def assert_heading_shown(page, heading):
    h1 = page.locator(".jp-Notebook .jp-RenderedMarkdown h1").first
    h1.wait_for()
    shown = h1.inner_text().replace("¶", "").strip()
    assert KANA_OR_KANJI.search(heading), f"the Japanese edition's heading has no Japanese: {heading!r}"
    assert shown == re.sub(r"[*_`]", "", heading), (shown, heading)
    assert_drawn_in_a_cjk_font(page, ".jp-Notebook .jp-RenderedMarkdown h1")


def test_a_student_switches_jupyterlab_to_japanese_and_opens_the_japanese_edition(hub, browser,
                                                                                 released_in_japanese):
    page = open_lab(browser, hub, SWITCHING_STUDENT)
    assert "File" in menu_titles(page), menu_titles(page)  # English by default
    # Settings › Language › 日本語, as a user chooses it; JupyterLab asks, then reloads in Japanese
    page.get_by_role("menuitem", name="Settings", exact=True).click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Language", exact=True).click()  # a submenu: no role
    page.get_by_role("menuitem", name=re.compile("日本語")).click()
    page.screenshot(path=SCREENSHOTS / "1-student-language-dialog.png")
    with page.expect_navigation(timeout=120_000):
        page.get_by_role("button", name="Change and reload").click()
    page.wait_for_selector("#jp-main-dock-panel", timeout=120_000)
    page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text="ファイル").wait_for()
    titles = menu_titles(page)
    assert {"ファイル", "編集", "表示", "設定", "ヘルプ"} <= set(titles), titles
    assert_drawn_in_a_cjk_font(page, "#jp-menu-panel .lm-MenuBar-itemLabel")

    fetch_and_open_lec2(page, hub, SWITCHING_STUDENT)
    assert_heading_shown(page, released_in_japanese)
    page.screenshot(path=SCREENSHOTS / "2-student-lec2-in-japanese.png")
    # the choice is the student's own setting, kept for the next visit
    settings = hub.as_user(SWITCHING_STUDENT, "lab/api/settings/@jupyterlab/translation-extension:plugin")
    assert settings["settings"]["locale"] == "ja_JP", settings
    page.close()


def readme_default_language():
    """What deploy/one-server/README.md says makes Japanese every user's default:
    (the file's name, its text, [the folders it goes in, under $BACKPROP_ETC])."""
    section = (ONE_SERVER / "README.md").read_text().split("### JupyterLab in Japanese", 1)[1]
    section = re.split(r"\n#{2,3} ", section, maxsplit=1)[0]
    blocks = re.findall(r"```json\n(.*?)```", section, re.S)
    assert len(blocks) == 1, blocks
    folders = re.findall(r"`\$BACKPROP_ETC/([\w/]+/labconfig)/`", section)
    assert sorted(folders) == ["jupyter/instructor/labconfig", "jupyter/student/labconfig"], folders
    return "default_setting_overrides.json", blocks[0], folders


def test_japanese_as_everyones_default_as_the_readme_sets_it(hub, browser, released_in_japanese):
    # the README's file, as written, in the folders it names under this hub's $BACKPROP_ETC
    name, text, folders = readme_default_language()
    made = [hub.etc / folder / name for folder in folders]
    try:
        for path in made:
            path.parent.mkdir(mode=0o755, exist_ok=True)
            path.write_text(text)
            path.chmod(0o644)
        # read when a server starts: this student's starts now, at login
        page = open_lab(browser, hub, DEFAULTED_STUDENT)
        page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text="ファイル").wait_for()
        titles = menu_titles(page)
        assert "ファイル" in titles and "File" not in titles, titles
        fetch_and_open_lec2(page, hub, DEFAULTED_STUDENT)
        assert_heading_shown(page, released_in_japanese)
        page.screenshot(path=SCREENSHOTS / "3-student-japanese-by-default.png")
        # a default, not a rule: the student's own settings are untouched (choosing English still works)
        settings = hub.as_user(DEFAULTED_STUDENT, "lab/api/settings/@jupyterlab/translation-extension:plugin")
        assert settings["schema"]["properties"]["locale"]["default"] == "ja_JP", settings["schema"]
        assert "locale" not in settings["settings"], settings["settings"]
        page.close()
    finally:
        for path in made:
            path.unlink(missing_ok=True)
