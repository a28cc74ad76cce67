"""The lecture notebooks: stored clean, run top to bottom, and say only true numbers.

Every ``lectures/NN_*.ipynb``, English and Japanese (``NN_*.ja.ipynb``), is
found by itself and executed once per test session (kernel ``python3``, working directory ``lectures/``). A number in a
markdown cell followed by ``<!-- key: EXPR -->`` must equal EXPR, evaluated in
the notebook's namespace after it has run, rounded to the decimals written.
The executed notebooks stay in memory (no notebook with outputs is written into
the repository); the execution times go to ``lectures/_build/timings.txt``
(also shown in pytest's summary).

The Japanese editions are executed too, though their code cells are the English
ones but for the language their first cell loads (tests/test_editions.py): 102 of
the 127 code cells draw or print a string of ``text/NN_*.ja.json``, and each
needs the state the cells before it built, so no smaller part of a run shows
what only Japanese strings can break: a kana, kanji or symbol that neither
DejaVu Sans nor IPAexGothic has (matplotlib warns on stderr, which
test_no_warnings_or_stderr fails on; tried with one in a figure title of Lecture
1), a translated label or format string that raises where the code uses it, and
the Japanese pages with their own figures, which the HTML and browser tests check.

The HTML pages (``make lectures``) are rendered from those executed notebooks
into ``lectures/_build/test-html/`` and must need no network: nothing in them
refers to a URL on the web, and in Debian's Chromium, with every request off
this machine refused, each formula is typeset by the local MathJax. A
screenshot of each page's top, of its first displayed formula and of each
slider's overview figure is kept in ``lectures/_build/browser/``. Without
Chromium or playwright (installed as root by ``deploy/install_test_deps.sh``;
``make test`` runs it when root) the browser test skips, and under CI it
fails instead.
"""
import copy
import html.parser
import importlib.util
import json
import math
import re
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError

from conftest import launched_chromium, refuse_the_network

REPO = Path(__file__).resolve().parent.parent
LECTURES = REPO / "lectures"
BUILD = LECTURES / "_build"
NOTEBOOKS = sorted(p.name for p in LECTURES.glob("*.ipynb") if p.name[:1].isdigit())

CELL_TIMEOUT = 120      # seconds per cell
SERIES_BUDGET = 70.0    # CPU seconds of the kernels, all lectures of one edition: the same on a busy machine
HTML_OUT = BUILD / "test-html"
SCREENSHOTS = BUILD / "browser"
TYPESET_TIMEOUT_MS = 120_000   # per page; about 6 s each when this 2-core machine is busy

# a number (ASCII or Unicode minus), maybe a %, then the marker naming its expression
KEY = re.compile(r"([-\u2212]?\d+(?:\.\d+)?)\s*%?\s*<!--\s*key:\s*(.+?)\s*-->", re.S)
KEYS_OUT = "__LECTURE_KEYS__"
CPU_OUT = "__LECTURE_CPU_SECONDS__"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def keys_of(nb):
    """[(written text, expression)] of every key marker in the markdown cells."""
    found = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found.extend(KEY.findall(cell.source))
    return found


def key_cell(expressions):
    """A code cell that prints {expr: float value or error text} as one JSON line."""
    source = (
        "import json as _k_json\n"
        f"_k_out = {{}}\n"
        f"for _k_expr in {sorted(set(expressions))!r}:\n"
        "    try:\n"
        "        _k_out[_k_expr] = float(eval(_k_expr))\n"
        "    except Exception as _k_err:\n"
        "        _k_out[_k_expr] = 'error: ' + type(_k_err).__name__ + ': ' + str(_k_err)\n"
        f"print({KEYS_OUT!r} + _k_json.dumps(_k_out))\n"
        "import resource as _k_resource\n"
        "_k_use = [_k_resource.getrusage(w) for w in (_k_resource.RUSAGE_SELF, _k_resource.RUSAGE_CHILDREN)]\n"
        f"print({CPU_OUT!r}, sum(u.ru_utime + u.ru_stime for u in _k_use))\n"
    )
    return nbformat.v4.new_code_cell(source)


class _Client(NotebookClient):
    """Remembers which cell raised."""
    failed_index = None

    async def async_execute_cell(self, cell, cell_index, *args, **kwargs):
        try:
            return await super().async_execute_cell(cell, cell_index, *args, **kwargs)
        except BaseException:
            self.failed_index = cell_index
            raise


class Run:
    def __init__(self, name):
        self.name = name
        stored = nbformat.read(str(LECTURES / name), as_version=4)
        self.keys = keys_of(stored)
        nb = copy.deepcopy(stored)
        n_cells = len(nb.cells)
        nb.cells.append(key_cell([expr for _, expr in self.keys]))
        client = _Client(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                         resources={"metadata": {"path": str(LECTURES)}})
        self.error = None
        start = time.perf_counter()
        try:
            client.execute()
        except Exception as err:  # CellExecutionError, CellTimeoutError, kernel death
            i = client.failed_index
            if i is not None and i < n_cells:
                head = "\n".join(nb.cells[i].source.splitlines()[:6])
                kind = "timed out" if isinstance(err, CellTimeoutError) else "raised"
                self.error = (f"{name}: cell {i} {kind}:\n{head}\n---\n"
                              f"{ANSI.sub('', str(err))[-3000:]}")
            else:
                self.error = (f"{name}: {type(err).__name__}: "
                              f"{ANSI.sub('', str(err))[-3000:]}")
        self.seconds = time.perf_counter() - start
        self.values, self.cpu_seconds = {}, None
        last = nb.cells.pop()  # the key cell: read it, then leave it out of the saved copy
        printed = "".join(out.get("text", "") for out in last.get("outputs", []) if out.get("name") == "stdout")
        if KEYS_OUT in printed:
            self.values = json.loads(printed.split(KEYS_OUT, 1)[1].splitlines()[0])
        if CPU_OUT in printed:
            self.cpu_seconds = float(printed.split(CPU_OUT, 1)[1].split()[0])
        self.nb = nb


class _TimingReport:
    """Shows the execution times in pytest's terminal summary (no -s needed)."""

    def __init__(self, runs):
        self.runs = runs

    def pytest_terminal_summary(self, terminalreporter):
        if not self.runs:
            return
        terminalreporter.section("lecture execution times")
        for line in _timing_lines(self.runs):
            terminalreporter.write_line(line)


def _timing_lines(runs):
    lines = [f"{r.seconds:6.1f} s, {r.cpu_seconds or 0:6.1f} s CPU  {name}" + ("  (FAILED)" if r.error else "")
             for name, r in sorted(runs.items())]
    lines.append(f"{sum(r.seconds for r in runs.values()):6.1f} s, "
                 f"{sum(r.cpu_seconds or 0 for r in runs.values()):6.1f} s CPU  total "
                 f"of {len(runs)} lecture(s), budget {SERIES_BUDGET:.0f} s CPU")
    return lines


@pytest.fixture(scope="module")
def executed(request):
    """executed(name) -> Run, each notebook run once per module."""
    runs = {}
    report = _TimingReport(runs)
    # stays registered until the end of the session, so the summary can show it
    manager = request.config.pluginmanager
    if manager.has_plugin("lecture-timings"):
        manager.unregister(name="lecture-timings")
    manager.register(report, "lecture-timings")

    def get(name):
        if name not in runs:
            runs[name] = Run(name)
            BUILD.mkdir(parents=True, exist_ok=True)
            (BUILD / "timings.txt").write_text("\n".join(_timing_lines(runs)) + "\n")
        return runs[name]

    return get


def _decimals(written):
    return len(written.split(".")[1]) if "." in written else 0


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_stored_without_outputs(name):
    nb = nbformat.read(str(LECTURES / name), as_version=4)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"
             and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, (f"{name}: cells {dirty} carry outputs or execution counts; "
                       f"run `jupyter nbconvert --clear-output --inplace lectures/{name}`")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_has_key_markers(name):
    nb = nbformat.read(str(LECTURES / name), as_version=4)
    assert keys_of(nb), f"{name}: no '<!-- key: EXPR -->' marker after any number in its prose"
    markers = sum(len(re.findall(r"<!--\s*key:", c.source)) for c in nb.cells if c.cell_type == "markdown")
    assert markers == len(keys_of(nb)), (f"{name}: {markers} key markers but only {len(keys_of(nb))} "
                                         "follow a number; put each marker right after the number it checks")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_executes_top_to_bottom(name, executed, record_property):
    run = executed(name)
    record_property("seconds", round(run.seconds, 2))
    assert run.error is None, run.error


def executed_or_skip(executed, name):
    """The run of lecture `name`; its failure is reported once, by test_executes_top_to_bottom."""
    run = executed(name)
    if run.error:
        pytest.skip("the notebook did not execute")
    return run


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_warnings_or_stderr(name, executed):
    run = executed_or_skip(executed, name)
    noisy = []
    for i, cell in enumerate(run.nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                noisy.append(f"cell {i}: {out['text'].strip()[:300]}")
    assert not noisy, f"{name} writes to stderr (warnings?):\n" + "\n".join(noisy)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_key_numbers_match_the_code(name, executed):
    run = executed_or_skip(executed, name)
    wrong = []
    for written, expr in run.keys:
        value = run.values.get(expr)
        if not isinstance(value, float):
            wrong.append(f"{name}: key {expr!r} (written {written}): {value}")
            continue
        number = float(written.replace("\u2212", "-"))
        computed = round(value, _decimals(written))
        if not math.isclose(computed, number, rel_tol=1e-12, abs_tol=1e-12):
            wrong.append(f"{name}: key {expr!r}: written {written}, computed {value!r} "
                         f"(rounds to {computed})")
    assert not wrong, "\n".join(wrong)


def test_series_runs_within_budget(executed):
    if not NOTEBOOKS:
        pytest.skip("no lectures yet")
    runs = [executed(name) for name in NOTEBOOKS]
    assert all(r.cpu_seconds is not None for r in runs), "a lecture's kernel did not report its CPU time"
    for edition in ("en", "ja"):  # a reader reads one edition
        series = [r for r in runs if (".ja." in r.name) == (edition == "ja")]
        total = sum(r.cpu_seconds for r in series)
        detail = ", ".join(f"{r.name} {r.cpu_seconds:.1f} s" for r in series)
        assert total < SERIES_BUDGET, f"the lectures' kernels ({edition}) used {total:.1f} s of CPU together ({detail})"


def _render_module():
    spec = importlib.util.spec_from_file_location("render_html", LECTURES / "render_html.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def html_pages(executed):
    """{lecture stem: page path}: every executed lecture rendered as `make lectures` does."""
    if not NOTEBOOKS:
        pytest.skip("no lectures yet")
    runs = [executed(name) for name in NOTEBOOKS]
    failed = [r.name for r in runs if r.error]
    if failed:
        pytest.skip(f"not executed: {failed}")
    _render_module().render({r.name: r.nb for r in runs}, HTML_OUT)
    return {Path(n).stem: HTML_OUT / f"{Path(n).stem}.html" for n in NOTEBOOKS}


def test_html_rendering(html_pages):
    text = (HTML_OUT / "index.html").read_text(encoding="utf-8")
    for stem, page in html_pages.items():
        assert f'href="{stem}.html"' in text, f"index.html does not link {stem}.html"
        assert "data:image/png;base64," in page.read_text(encoding="utf-8"), \
            f"{stem}.html embeds no PNG figure"
    # in reading order
    positions = [text.index(f'href="{stem}.html"') for stem in html_pages]
    assert positions == sorted(positions)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_index_summary_is_about_the_lecture_itself(name):
    """The index's one line per lecture is the first sentence after its title: it must say
    what this lecture does, not recap an earlier one ("Lecture 5 trained the network...")."""
    nb = nbformat.read(str(LECTURES / name), as_version=4)
    _, summary = _render_module().title_and_summary(nb)
    assert summary, f"{name}: no summary for the index"
    assert not re.match(r"(?i)lectures?\s+\d", summary), \
        f"{name}: the index summary opens with an earlier lecture, not this one: {summary!r}"


class _References(html.parser.HTMLParser):
    """Every address a page refers to: src and href attributes, url(...) in CSS,
    and imports in scripts (comments in styles and scripts are left out)."""

    def __init__(self):
        super().__init__()
        self.found, self._in = [], None

    def handle_starttag(self, tag, attrs):
        self._in = tag if tag in ("style", "script") else None
        self.found.extend(value for name, value in attrs if name in ("src", "href") and value)
        self.found.extend(re.findall(r"url\(\s*['\"]?([^'\")]+)", dict(attrs).get("style") or ""))

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in in ("style", "script"):
            code = re.sub(r"/\*.*?\*/", "", data, flags=re.S)
            self.found.extend(re.findall(r"url\(\s*['\"]?([^'\")]+)", code))
            self.found.extend(re.findall(r"""\bimport\b[^'"]*['"]([^'"]+)['"]""", code))


def references(page_html):
    parser = _References()
    parser.feed(page_html)
    return parser.found


def test_html_refers_to_nothing_online(html_pages):
    pages = dict(html_pages, index=HTML_OUT / "index.html")
    for stem, page in pages.items():
        refs = references(page.read_text(encoding="utf-8"))
        online = [r for r in refs if re.match(r"(?i)(https?:|ftp:|//)", r.strip())]
        assert not online, f"{stem}.html refers to addresses on the web: {online[:5]}"
        local = [r.split("?")[0].split("#")[0] for r in refs
                 if not re.match(r"(?i)(data:|#|mailto:)", r.strip())]
        missing = [r for r in local if r and not (HTML_OUT / r).exists()]
        assert not missing, f"{stem}.html refers to files that are not beside it: {missing[:5]}"
    assert "mathjax/MathJax.js" in html_pages[Path(NOTEBOOKS[0]).stem].read_text(encoding="utf-8")


def test_each_page_declares_its_language_and_links_its_edition(html_pages):
    """A screen reader and the browser's fonts need lang="ja" on a Japanese page; links between
    notebooks (the other edition, the glossary) go to their pages."""
    for stem, page in html_pages.items():
        text = page.read_text(encoding="utf-8")
        language = "ja" if stem.endswith(".ja") else "en"
        assert f'<html lang="{language}">' in text, f"{stem}.html does not declare lang={language!r}"
        assert 'href="glossary.html"' in text and ".ipynb\"" not in text, f"{stem}.html links a notebook, not its page"
    assert (HTML_OUT / "glossary.html").is_file()


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def slider_overviews(nb):
    """The PNG (base64) that each widget output carries beside its widget: lectures/sliders.py's overview."""
    return [out["data"]["image/png"] for cell in nb.cells if cell.cell_type == "code"
            for out in cell.get("outputs", []) if WIDGET_VIEW in out.get("data", {})]


def test_html_shows_each_slider_as_its_overview(html_pages, executed):
    """A slider needs a kernel and, in a page, a widget manager from a CDN: the pages show the
    overview figure that the slider's output carries, and nothing of the widget."""
    found = 0
    for name in NOTEBOOKS:
        stem = Path(name).stem
        page = html_pages[stem].read_text(encoding="utf-8")
        overviews = slider_overviews(executed(name).nb)
        found += len(overviews)
        missing = [i for i, png in enumerate(overviews) if f"data:image/png;base64,{png}" not in page]
        assert not missing, f"{stem}.html lacks the overview figure of its slider(s) {missing}"
        for trace in (WIDGET_VIEW, "application/vnd.jupyter.widget-state+json", "html-manager", "unpkg.com"):
            assert trace not in page, f"{stem}.html holds {trace!r}: a widget that needs a CDN to show"
    assert found >= 2, f"{found} slider(s) in the lectures: Lectures 4 and 5 each have one"


def formulas_in(nb):
    """How many formulas MathJax should find in the markdown cells: $$...$$ and $...$,
    not inside code (MathJax leaves code alone) or HTML comments."""
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        text = re.sub(r"```.*?```", "", cell.source, flags=re.S)
        text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
        text = re.sub(r"`[^`]*`", "", text)
        display = re.findall(r"\$\$.+?\$\$", text, flags=re.S)
        text = re.sub(r"\$\$.+?\$\$", "", text, flags=re.S)
        count += len(display) + len(re.findall(r"(?<!\\)\$[^$]+?(?<!\\)\$", text, flags=re.S))
    return count


# true once MathJax has loaded and its queue (the typesetting) is empty
MATHJAX_DONE = ("window.MathJax !== undefined && MathJax.Hub !== undefined && MathJax.isReady"
                " && MathJax.Hub.queue.pending === 0 && MathJax.Hub.queue.running === 0")
PAGE_STATE = """() => ({
    jax: MathJax.Hub.getAllJax().length,
    shown: document.querySelectorAll('span.MathJax, div.MathJax_Display').length,
    errors: document.querySelectorAll('.MathJax_Error, .noError, merror').length,
    font: MathJax.OutputJax['HTML-CSS'].fontInUse,
    prose: Array.from(document.querySelectorAll('.jp-MarkdownCell')).map(c => c.innerText).join('\\n'),
})"""
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")   # kana and kanji
TEX_LEFT = re.compile(r"\$|\\(mathbf|frac|tilde|partial|sum|eta|delta|top|odot|begin)\b")


@pytest.fixture(scope="module")
def chromium():
    yield from launched_chromium("LECTURE BROWSER TEST")


def test_html_typeset_offline_in_chromium(html_pages, executed, chromium):
    """Every page opened from disk with the network refused: all its formulas typeset, none left as TeX."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(viewport={"width": 1100, "height": 1300})
    refused = refuse_the_network(context)
    # all pages at once: each typesets in its own renderer while the others load
    pages = {}
    for stem, path in html_pages.items():
        pages[stem] = context.new_page()
        pages[stem].goto(path.as_uri())
    problems = []
    for name in NOTEBOOKS:
        stem, page = Path(name).stem, pages[Path(name).stem]
        if not page.evaluate("window.MathJax !== undefined"):   # its script ran before `load`
            problems.append(f"{stem}: MathJax did not load, its formulas stay raw TeX")
            continue
        page.wait_for_function(MATHJAX_DONE, timeout=TYPESET_TIMEOUT_MS, polling=200)
        state = page.evaluate(PAGE_STATE)
        # the tab in front: Chromium draws a tab behind others seldom, and a screenshot of one waited
        # about 2 s for its frame (0.2 s in front)
        page.bring_to_front()
        page.screenshot(path=str(SCREENSHOTS / f"{stem}.png"))
        first = page.locator("div.MathJax_Display").first
        if first.count():
            first.scroll_into_view_if_needed()
            page.screenshot(path=str(SCREENSHOTS / f"{stem}-formula.png"))
        for i, png in enumerate(slider_overviews(executed(name).nb)):   # what the page shows of a slider
            overview = page.locator(f'img[src^="data:image/png;base64,{png[:80]}"]').first
            if overview.count():
                overview.scroll_into_view_if_needed()
                overview.screenshot(path=str(SCREENSHOTS / f"{stem}-slider{i + 1}.png"))
        expected = formulas_in(executed(name).nb)
        if state["jax"] != expected or state["shown"] < expected:
            problems.append(f"{stem}: {expected} formulas in the markdown, MathJax found "
                            f"{state['jax']} and shows {state['shown']}")
        if state["errors"]:
            problems.append(f"{stem}: {state['errors']} formulas with TeX errors")
        if state["font"] != "STIX-Web":
            problems.append(f"{stem}: math font {state['font']!r}, not the bundled STIX-Web")
        if ".ja" in stem and len(JAPANESE.findall(state["prose"])) < len(state["prose"]) / 4:
            problems.append(f"{stem}: the Japanese edition shows little Japanese text")
        left = sorted({m.group(0) for m in TEX_LEFT.finditer(state["prose"])})
        if left:
            problems.append(f"{stem}: TeX source left in the prose as shown: {left}")
    context.close()
    if refused:
        problems.insert(0, f"the pages asked the network for: {sorted(set(refused))[:5]}")
    assert not problems, "\n".join(problems)
