"""The feedback page: what it keeps of the student's work (their figures, sized down, how much output was
cut), the list at its top, its formulas and messages, opened from disk with no network, in both languages."""
import base64
import html
import io
import re

import matplotlib
import nbformat
import pytest
from nbconvert import HTMLExporter
from traitlets.config import Config

from autograder.commands import demo
from autograder.languages import text
from autograder.commands.demo import copy_course
from autograder.nbgrader_side.feedback import GradedCellList, LimitOutputSaying
from autograder.grading.figures import MAX_WIDTH, keep_figures
from autograder.grading.grade import grade
from autograder.nbgrader_side.release import release
from autograder.course import Course
from conftest import REPO, launched_chromium, refuse_the_network

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def png(width_inches):
    fig, ax = plt.subplots(figsize=(width_inches, 2))
    ax.plot([3, 1, 2])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


def figure_cell(cell_id, source, image, meta=None):
    cell = nbformat.v4.new_code_cell(source, id=cell_id, metadata=meta or {})
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="losses\n"),
                    nbformat.v4.new_output("display_data", data={"image/png": image, "text/plain": "<Figure>"})]
    return cell


def test_the_students_figures_are_kept_sized_down():
    wide, narrow = png(8), png(2)  # 800 and 200 pixels
    test_meta = {"nbgrader": {"grade": True, "solution": False, "grade_id": "test_a", "points": 1}}
    submitted = nbformat.v4.new_notebook(cells=[
        figure_cell("curve", "plot(losses)", wide),
        figure_cell("small", "plot(small)", narrow),
        figure_cell("edited", "plot(old)", wide),          # the code that ran is not the code that drew it
        figure_cell("test", "check(...)", wide, test_meta),  # a test cell shows the grader's verdict only
        figure_cell("fake", "plot(fake)", base64.b64encode(b"GIF89a not a png at all, no").decode()),
    ])
    graded = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(c.source if c.id != "edited" else "plot(new)", id=c.id, metadata=c.metadata)
        for c in submitted.cells])
    keep_figures(graded, submitted)
    widths = {c.id: [o.metadata["image/png"]["width"] for o in c.outputs] for c in graded.cells}
    assert widths == {"curve": [MAX_WIDTH], "small": [200], "edited": [], "test": [], "fake": []}
    page, _ = HTMLExporter(template_name="classic").from_notebook_node(graded)  # nbgrader's feedback extends it
    widths = re.findall(r'<img [^>]*width="?(\d+)', page)
    assert sorted(widths) == sorted([str(MAX_WIDTH), "200"])


def test_cut_output_says_how_many_lines_were_cut():
    cell = nbformat.v4.new_code_cell("for i in range(1500): print(i)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="".join(f"{i}\n" for i in range(1500))),
                    nbformat.v4.new_output("stream", name="stderr", text="a warning\n")]
    cell = LimitOutputSaying(max_lines=1000)._limit_stream_output(cell)
    assert [o.get("name") for o in cell.outputs] == ["stdout", "stdout"]
    assert cell.outputs[0].text.endswith("998\n999\n")
    assert cell.outputs[1].text.strip() == text.OUTPUT_LINES_CUT.format(cut=501) == (
        "[... 501 more lines of output were not kept]")


# ---------------------------------------------------------------- the page as a student gets it
GRADED = ("bias_slice", "solution")   # one that loses points (with long messages), one that does not
SCREENSHOTS = REPO / "build" / "feedback-browser"


@pytest.fixture(scope="module")
def feedback_pages(tmp_path_factory):
    """{language: (course root, {student: Submission})}: GRADED graded and given feedback by
    `grade`, once in English and once in Japanese (as --lang ja does), each in its own course."""
    made = {}
    for language in ("en", "ja"):
        base = tmp_path_factory.mktemp(f"feedback_{language}")
        root = copy_course(base / "course")
        release(Course(root), "lec2")
        demo.write_class(Course(root), base / "submissions", [s for s in demo.CLASS if s.name in GRADED])
        with text.speaking(language):
            subs = grade(Course(root), "lec2", base / "submissions", base / "out")
        made[language] = (base, {s.student: s for s in subs})
    return made


def page_of(feedback_pages, language, student):
    base, _ = feedback_pages[language]
    return (base / "out" / "feedback" / f"{student}.html").read_text(encoding="utf-8")


def listed_at_the_top(page):
    """[(test, score, what it says)] of the list at the top of a feedback page."""
    toc = page[page.index('<div id="toc">'):page.index("</ol>", page.index('<div id="toc">'))]
    return [tuple(html.unescape(re.sub(r"<[^>]+>", "", part)).strip() for part in item)
            for item in re.findall(r'<li class="[\w-]+"><a href="#[^"]+">(.*?)</a>'
                                   r'<span class="toc-score">(.*?)</span><span class="toc-says">(.*?)</span>', toc)]


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_list_at_the_top_names_each_test_its_points_and_why_it_failed(feedback_pages, language):
    """nbgrader's list said "Test cell (Score: 1.0 / 1.0)" 24 times: a student could not see which
    tests failed without scrolling. Now each graded cell by name, its score and the first sentence of
    its message (the whole message is in the cell below)."""
    words = {"en": ("passed", "waits for hand grading", "0 / 2 points", "1 / 1 point"),
             "ja": ("合格", "手採点待ち", "2 点中 0 点", "1 点中 1 点")}[language]
    _, subs = feedback_pages[language]
    for student, sub in subs.items():
        page = page_of(feedback_pages, language, student)
        listed = listed_at_the_top(page)
        assert [test for test, _, _ in listed] == [row[0] for row in sub.tests], student
        for (test, score, says), (_, points, max_points, status, message) in zip(listed, sub.tests):
            if status == "passed":
                assert says == words[0], (student, test, says)
            elif status == "manual":
                assert says == words[1], (student, test, says)
            else:
                assert says and message.startswith(says), (student, test, says)
        assert "Test cell" not in page and "テストのセル" not in page
    listed = dict((test, (score, says)) for test, score, says in listed_at_the_top(page_of(feedback_pages, language, "bias_slice")))
    assert listed["test_backward_gradcheck"][0] == words[2] and listed["test_add_bias"][0] == words[3]
    assert listed["test_backward_gradcheck"][1].startswith(
        {"en": "gradient check of backward's dE/dW", "ja": "backward"}[language])


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_page_needs_no_network_and_its_formulas_are_mathml(feedback_pages, language):
    """A student opens the page from disk, maybe offline: no script, nothing from the web, no MathJax
    (the formulas were left as raw $$\\tilde{x} = …$$ without its CDN); every formula of the
    notebook's markdown is MathML, its TeX kept as alttext."""
    base, _ = feedback_pages[language]
    notebook = nbformat.read(base / "course" / "autograded" / "bias_slice" / "lec2" / "lec2.ipynb", as_version=4)
    formulas = [tex for cell in notebook.cells if cell.cell_type == "markdown" for tex in formulas_in(cell.source)]
    assert len(formulas) > 100
    for student in GRADED:
        page = page_of(feedback_pages, language, student)
        assert f'<html lang="{language}">' in page
        assert "<script" not in page and "mathjax" not in page.lower()
        linked = re.findall(r'(?:src|href)="([^"#][^"]*)"', page)
        assert not [url for url in linked if not url.startswith("data:")], (student, linked[:5])
        shown = re.findall(r'<math alttext="([^"]*)"', page)
        if student == "bias_slice":
            assert [html.unescape(tex) for tex in shown] == formulas
        assert "$$" not in visible_text(page)
    sizes = {s: len(page_of(feedback_pages, language, s).encode()) for s in GRADED}
    print(f"feedback page sizes ({language}): {sizes}")
    assert max(sizes.values()) < 600_000


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_page_is_the_one_nbconverts_own_pass_writes(feedback_pages, language, monkeypatch):
    """FeedbackExporter skips nbconvert's BeautifulSoup round trip (most of a page's cost) and gives
    images nbconvert's alt text itself: BeautifulSoup reads each page exactly as the page that nbconvert's
    own HTMLExporter.from_notebook_node writes, made again from the same gradebook."""
    from bs4 import BeautifulSoup
    from autograder.course import Course
    from autograder.nbgrader_side.feedback import NO_ALT, FeedbackExporter
    base, _ = feedback_pages[language]
    root = base / "course"
    with text.speaking(language):
        for student in GRADED:
            ours = page_of(feedback_pages, language, student)
            monkeypatch.setattr(FeedbackExporter, "from_notebook_node", HTMLExporter.from_notebook_node)
            assert Course(root).api().generate_feedback("lec2", student, force=True)["success"]
            monkeypatch.undo()
            theirs = (root / "feedback" / student / "lec2" / "lec2.html").read_text(encoding="utf-8")
            assert ours != theirs and str(BeautifulSoup(ours, features="html.parser")) == theirs, student
            assert ours.count("<img") == ours.count(f'alt="{NO_ALT}"'), student


def test_images_get_nbconverts_alt_text_where_its_pass_puts_it():
    """The graded pages above may show no figure: a page with three images, one with alt text of its
    own, a formula and a table, read by BeautifulSoup as nbconvert's own pass writes it."""
    from bs4 import BeautifulSoup
    from autograder.nbgrader_side.feedback import NO_ALT, FeedbackExporter
    figure = io.BytesIO()
    plt.figure(figsize=(2, 1)).savefig(figure, format="png")
    png = base64.b64encode(figure.getvalue()).decode()
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(f"$$\\tilde x = (1, x)$$ <img src='data:image/png;base64,{png}' alt='mine'>"),
        nbformat.v4.new_code_cell("plot()", outputs=[
            nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"}),
            nbformat.v4.new_output("display_data", data={"image/png": png}, metadata={"image/png": {"width": 300}}),
            nbformat.v4.new_output("display_data", data={"text/html": "<table><tr><td>1</td></tr></table>"})])])
    exporter = FeedbackExporter(template_name="classic")
    ours, _ = exporter.from_notebook_node(nb)
    theirs, _ = HTMLExporter.from_notebook_node(FeedbackExporter(template_name="classic"), nb)
    assert str(BeautifulSoup(ours, features="html.parser")) == theirs
    assert ours.count(f'alt="{NO_ALT}"') == 2 and "alt='mine'" in ours and "<math" in ours


def formulas_in(markdown):
    """The TeX of each formula of a markdown cell, $$…$$ and $…$, in order, not inside code."""
    markdown = re.sub(r"```.*?```|`[^`]*`", "", markdown, flags=re.S)
    return [display or inline for display, inline in
            re.findall(r"\$\$(.+?)\$\$|(?<![\\$])\$([^$]+?)(?<!\\)\$", markdown, flags=re.S)]


def visible_text(page):
    page = re.sub(r"<(style|script|math)\b.*?</\1>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture(scope="module")
def chromium():
    yield from launched_chromium("FEEDBACK BROWSER TEST")


# what the page shows: its formulas drawn, its messages inside their boxes, its list at the top
PAGE_STATE = """() => ({
    formulas: Array.from(document.querySelectorAll('math')).map(m => {
        const box = m.getBoundingClientRect(); return [box.width, box.height]; }),
    prose: Array.from(document.querySelectorAll('.text_cell_render')).map(c => c.innerText).join('\\n'),
    overflowing: Array.from(document.querySelectorAll('div.output_subarea pre'))
        .filter(p => p.scrollWidth > p.clientWidth + 1 || p.getBoundingClientRect().right > window.innerWidth)
        .map(p => p.innerText.slice(0, 80)),
    breakingWords: Array.from(document.querySelectorAll('div.output_subarea pre'))
        .filter(p => getComputedStyle(p).wordBreak === 'break-all').length,
    listed: document.querySelectorAll('#toc li').length,
})"""


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_page_opened_from_disk_offline_in_chromium(feedback_pages, chromium, language):
    """Opened as a downloaded file, every request off the machine refused (as the lecture pages are
    checked): nothing asked for, every formula drawn as MathML with a size, no TeX left in the prose,
    and no message running past the right edge of its box, on a wide and on a narrow window."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base, subs = feedback_pages[language]
    refused, problems = [], []
    for width in (1100, 700):
        context = chromium.new_context(viewport={"width": width, "height": 1000})
        asked = refuse_the_network(context)
        page = context.new_page()
        page.goto((base / "out" / "feedback" / "bias_slice.html").as_uri())
        state = page.evaluate(PAGE_STATE)
        name = f"bias_slice-{language}-{width}"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-top.png"))
        page.locator("math[display=block]").first.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / f"{name}-formula.png"))
        page.locator("div.output_error").first.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / f"{name}-message.png"))
        context.close()
        refused += asked
        if len(state["formulas"]) < 100 or [box for box in state["formulas"] if not (box[0] > 0 and box[1] > 0)]:
            problems.append(f"{name}: formulas not drawn: {len(state['formulas'])} math elements")
        left = sorted(set(re.findall(r"\$\$|\\(?:tilde|frac|mathrm|sum|delta|eta)\b", state["prose"])))
        if left:
            problems.append(f"{name}: TeX left in the prose: {left}")
        if state["overflowing"]:
            problems.append(f"{name}: messages past the right edge of their box: {state['overflowing'][:3]}")
        if state["breakingWords"]:
            problems.append(f"{name}: {state['breakingWords']} messages wrap inside words (word-break: break-all)")
        if state["listed"] != len(subs["bias_slice"].tests):
            problems.append(f"{name}: {state['listed']} cells listed at the top, not {len(subs['bias_slice'].tests)}")
    if refused:
        problems.insert(0, f"the page asked the network for: {sorted(set(refused))[:5]}")
    assert not problems, "\n".join(problems)


def graded_cell(grade_id, score, points, outputs=(), solution=False, comment=None, cell_type="code"):
    meta = {"nbgrader": {"grade": True, "solution": solution, "grade_id": grade_id, "points": points,
                         "score": score, "comment": comment}}
    if cell_type == "markdown":
        return nbformat.v4.new_markdown_cell("my answer", metadata=meta)
    cell = nbformat.v4.new_code_cell("check(...)", metadata=meta)
    cell.outputs = list(outputs)
    return cell


@pytest.mark.parametrize("language", ["en", "ja"])
def test_each_kind_of_graded_cell_says_what_it_should_at_the_top(language):
    """Passed; failed, with the first sentence of its error (or, with none, where to look); a written
    answer waiting for a person, or graded by one, with the first sentence of their comment."""
    error = nbformat.v4.new_output("error", ename="TestFailed", evalue="sigmoid(0) = 0.7; expected 0.5. More.\nLine 2",
                                   traceback=[])
    nb = nbformat.v4.new_notebook(cells=[
        graded_cell("test_a", 1, 1), graded_cell("test_b", 0, 2, [error]), graded_cell("test_c", 0, 1),
        graded_cell("written_wait", 0, 2, solution=True, cell_type="markdown"),
        graded_cell("written_done", 1.5, 2, solution=True, comment="Good. But say why.", cell_type="markdown"),
        graded_cell("written_bare", 2, 2, solution=True, cell_type="markdown")])
    with text.speaking(language):  # the preprocessor speaks its course's language: that of its config
        course = Config({"Course": {"language": language}})
        _, resources = GradedCellList(config=course).preprocess(nb, {"waiting": ["written_wait"]})
        words = (text.FEEDBACK_TOC_PASSED, text.FEEDBACK_TOC_SEE_CELL, text.FEEDBACK_TOC_WAITING, text.BY_HAND)
    assert resources["graded_cells"] == {
        "test_a": ({"en": "1 / 1 point", "ja": "1 点中 1 点"}[language], words[0], "passed"),
        "test_b": ({"en": "0 / 2 points", "ja": "2 点中 0 点"}[language], "sigmoid(0) = 0.7; expected 0.5.", "failed"),
        "test_c": ({"en": "0 / 1 point", "ja": "1 点中 0 点"}[language], words[1], "failed"),
        "written_wait": ({"en": "0 / 2 points", "ja": "2 点中 0 点"}[language], words[2], "waiting"),
        "written_done": ({"en": "1.5 / 2 points", "ja": "2 点中 1.5 点"}[language], "Good.", "by-hand"),
        "written_bare": ({"en": "2 / 2 points", "ja": "2 点中 2 点"}[language], words[3], "by-hand")}
    assert len(set(words)) == 4 and all(words)
