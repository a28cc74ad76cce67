"""Feedback that teaches without leaking the hidden tests, and says which scores are not final.

These are nbgrader preprocessors that the course's nbgrader_config.py puts into generate_feedback
(and, for LimitOutputSaying, into autograde), and the exporter that writes the page. Each speaks the
language of its process: the one python -m autograder chose, or in nbgrader's own processes the
course's (text.use_course).

The page is one self-contained HTML file that needs no network: a student downloads it from
JupyterHub's feedback folder (release_feedback ships the *.html alone) and opens it from disk,
offline or behind a campus firewall. So its formulas are not left to MathJax from a CDN (raw
`$$\\tilde{x} = ...$$` without it), nor to a MathJax copy beside the page, which would not travel
with it: they are MathML, converted when the page is made (latex2mathml), which browsers draw
themselves (Chromium since 109, Firefox, Safari). The 105 formulas of lec2 add about 26 kB;
inlining MathJax 2 with its fonts would add megabytes to every page.
"""
import html
import re
from pathlib import Path

import nbformat
from jinja2 import BytecodeCache, pass_context
from latex2mathml.converter import convert as tex_to_mathml
from nbconvert import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbgrader.preprocessors import LimitOutput, NbGraderPreprocessor

from autograder.languages import text
from autograder.cells import BEGIN_HIDDEN, grade_id_of, is_grade, points_of


# feedback_page.html.j2 extends nbgrader's own feedback/index.html.j2: nbgrader names its template
# "feedback" and finds it in its own folder; a template_file given as a path is looked up first.
TEMPLATE_FILE = Path(__file__).with_name("feedback_page.html.j2")


def feedback_template(c):
    """Configure nbgrader's feedback to use TEMPLATE_FILE, written by FeedbackExporter (the course's
    nbgrader_config.py calls it)."""
    c.HTMLExporter.template_file = str(TEMPLATE_FILE)
    c.GenerateFeedback.exporter_class = FeedbackExporter


def mathml(tex, display):
    """`tex` as MathML that the browser draws; its TeX kept as alttext (screen readers, copying).
    TeX that latex2mathml cannot read is shown as TeX, in code, rather than lost or breaking the page."""
    try:
        converted = tex_to_mathml(tex, display="block" if display else "inline")
    except Exception:  # latex2mathml raises many kinds on TeX it does not know; the page must still be made
        return f'<code class="tex">{html.escape(tex)}</code>'
    return converted.replace("<math ", f'<math alttext="{html.escape(tex)}" ', 1)


class MathMLRenderer(IPythonRenderer):
    """nbconvert's markdown renderer, with formulas as MathML instead of TeX left for MathJax."""

    def block_math(self, body):
        return mathml(body, display=True)

    def inline_math(self, body):
        return mathml(body, display=False)

    def latex_environment(self, name, body):
        return mathml(f"\\begin{{{name}}}{body}\\end{{{name}}}", display=True)


class FeedbackExporter(HTMLExporter):
    """nbconvert's HTMLExporter whose markdown filter draws formulas as MathML (MathMLRenderer).
    nbgrader's generate_feedback uses it through c.GenerateFeedback.exporter_class."""

    @pass_context
    def markdown2html(self, context, source):
        """HTMLExporter.markdown2html (nbconvert 7) with MathMLRenderer in place of IPythonRenderer;
        each markdown cell rendered once per process (RENDERED), as the class's pages share them."""
        cell = context.get("cell", {})
        path = context.get("resources", {}).get("metadata", {}).get("path", "")
        key = (source, self.embed_images and path, self.anchor_link_text, self.exclude_anchor_links,
               repr(self.lexer_options))
        if cell.get("attachments") or key not in RENDERED:
            renderer = MathMLRenderer(
                escape=False, attachments=cell.get("attachments", {}), embed_images=self.embed_images, path=path,
                anchor_link_text=self.anchor_link_text, exclude_anchor_links=self.exclude_anchor_links,
                **self.lexer_options)
            if cell.get("attachments"):  # the cell's own images: not shared with other pages
                return MarkdownWithMath(renderer=renderer).render(source)
            RENDERED.remember(key, MarkdownWithMath(renderer=renderer).render(source))
        return RENDERED[key]

    def _create_environment(self):
        """nbconvert's template environment, its templates compiled once per process: nbgrader makes
        a new exporter, so a new environment, for every page."""
        environment = super()._create_environment()
        environment.bytecode_cache = COMPILED_TEMPLATES
        return environment

    def from_notebook_node(self, nb, resources=None, **kw):
        """HTMLExporter.from_notebook_node (nbconvert 7) without its BeautifulSoup round trip: that
        parses the whole page and writes it out again, to give each <img> without alt text nbconvert's
        alt text and the lab template's cells a tabindex, and took over half the time of a page.
        The classic template this page extends has no lab cells; the alt text is put here where
        BeautifulSoup puts it, after the tag's other attributes. tests/test_feedback.py checks that
        BeautifulSoup reads the page as the very page nbconvert's round trip writes."""
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        self.register_filter("highlight_code",
                             self.filters.get("highlight_code", HighlightOnce(pygments_lexer=lexer, parent=self)))
        resources = self._init_resources(resources)
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        if LAB_CELL in page:  # a lab template after all: nbconvert's own pass, tabindex and all
            return HTMLExporter.from_notebook_node(self, nb, resources, **kw)
        return IMG_WITHOUT_ALT.sub(rf'<img\1 alt="{NO_ALT}"\2>', page), resources


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates kept in memory, for every FeedbackExporter of this process (their
    environments are made alike). Jinja checks each against its template's source when it loads it."""

    def __init__(self):
        self.compiled = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


class Remembered(dict):
    """What a page's cells became in HTML, kept for the next page of this process: a class's pages
    show the same cells but for the answers. At most KEEP of them: a class's own answers, all
    different, would grow it without end."""
    KEEP = 5000

    def remember(self, key, value):
        if len(self) >= self.KEEP:
            self.clear()
        self[key] = value


RENDERED, HIGHLIGHTED = Remembered(), Remembered()  # markdown cells, code cells


class HighlightOnce(Highlight2HTML):
    """nbconvert's syntax highlighting, each code cell's source highlighted once per process
    (HIGHLIGHTED): pygments took a third of a page's time."""

    def __call__(self, source, language=None, metadata=None):
        key = (source, language or self.pygments_lexer, (metadata or {}).get("magics_language"),
               repr(self.extra_formatter_options))
        if key not in HIGHLIGHTED:
            HIGHLIGHTED.remember(key, super().__call__(source, language, metadata))
        return HIGHLIGHTED[key]


LAB_CELL = "jp-Notebook"
NO_ALT = "No description has been provided for this image"  # nbconvert's words, as its pass writes them
IMG_WITHOUT_ALT = re.compile(r"<img((?:(?!\balt=)[^>])*?)\s*(/?)>", re.I)


class PageLanguage(NbGraderPreprocessor):
    """The feedback page in the language of the course: <html lang="ja"> and nbgrader's own words
    ("Score", "Student's answer", ...) translated, through TEMPLATE_FILE, which reads what this leaves
    in `resources`."""

    def preprocess(self, nb, resources):
        text.use_course(self.config)
        resources["language"] = text.language()
        resources["page_words"] = [(english, words) for english, words in
                                   zip(text.english("FEEDBACK_PAGE"), text.FEEDBACK_PAGE) if english != words]
        return nb, resources


class GradedCellList(NbGraderPreprocessor):
    """What the list at the top of the page says of each graded cell: its name, its score and, when it
    lost points, the first sentence of its message, so that a student sees which tests failed and why
    without scrolling through the notebook (nbgrader's own list says "Test cell" for each).

    Runs after GetGrades (the scores) and WaitingForHandGrading (which cells wait); leaves
    resources["graded_cells"] = {grade_id: (score, what it says, "passed" | "failed" | "waiting" |
    "by-hand")} for TEMPLATE_FILE."""

    def preprocess(self, nb, resources):
        text.use_course(self.config)
        waiting = set(resources.get("waiting", ()))
        listed = {}
        for cell in nb.cells:
            grade = cell.metadata.get("nbgrader", {})
            if not grade.get("grade"):
                continue
            score, points = float(grade.get("score") or 0), float(grade.get("points") or 0)
            if grade.get("grade_id") in waiting:
                status, says = "waiting", text.FEEDBACK_TOC_WAITING
            elif grade.get("solution"):  # a written answer, graded by a person: their comment, if any
                status, says = "by-hand", first_sentence(grade.get("comment") or "") or text.BY_HAND
            elif score >= points:
                status, says = "passed", text.FEEDBACK_TOC_PASSED
            else:
                status, says = "failed", first_sentence(cell_message(cell)) or text.FEEDBACK_TOC_SEE_CELL
            shown = text.FEEDBACK_TOC_SCORE.format(score=score, points=text.counted(points, text.POINTS))
            listed[grade.get("grade_id")] = (shown, says, status)
        resources["graded_cells"] = listed
        return nb, resources


def cell_message(cell):
    """The message a test cell's run left: its error's text (a test's verdict or the student's
    error), else what it printed; "" for a cell with no output (a written answer)."""
    outputs = cell.get("outputs", [])
    errors = [o.evalue for o in outputs if o.output_type == "error"]
    return (errors or [o.text for o in outputs if o.output_type == "stream"] or [""])[0]


def first_sentence(message):
    """The first line of `message`, cut after its first sentence ('. ' or 。): the list at the top
    stays a list; the whole message is in the cell below."""
    line = message.strip().split("\n")[0]
    found = re.match(r"(.+?(?:\.(?=\s)|。))", line)
    return found.group(1) if found else line


class PlainHiddenTestErrors(NbGraderPreprocessor):
    """Reduce an error in a hidden-test cell to its one-line message.

    A traceback would show the hidden lines it passed through; the message is
    written by us for students and never contains expected values.
    """

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and BEGIN_HIDDEN in cell.source:
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources


class WaitingForHandGrading(NbGraderPreprocessor):
    """Say that an answer waits for hand grading, and that the total is provisional until then.

    nbgrader's feedback shows such an answer as "Score: 0.0 / 2.0" under a total that looks
    final. After GetGrades, this asks the gradebook which grades still need a person, puts a
    note under each such answer and one above the notebook; once graded by hand (and the
    feedback made again), the notes are gone.
    """

    def preprocess(self, nb, resources):
        from nbgrader.api import Gradebook  # nbgrader's feedback has it loaded already
        text.use_course(self.config)
        info = resources["nbgrader"]
        waiting = []
        with Gradebook(info["db_url"]) as gradebook:
            for index, cell in enumerate(nb.cells):
                if is_grade(cell) and gradebook.find_grade(
                        grade_id_of(cell), info["notebook"], info["assignment"], info["student"]).needs_manual_grade:
                    waiting.append((index, grade_id_of(cell), points_of(cell)))
        resources["waiting"] = [grade_id for _, grade_id, _ in waiting]  # for GradedCellList
        for index, grade_id, points in reversed(waiting):
            nb.cells.insert(index + 1, nbformat.v4.new_markdown_cell(text.FEEDBACK_WAITING_CELL.format(
                grade_id=grade_id, points=text.counted(points, text.POINTS))))
        if waiting:
            cells = ", ".join(f"{g} ({text.counted(p, text.POINTS)})" for _, g, p in waiting)
            nb.cells.insert(0, nbformat.v4.new_markdown_cell(text.FEEDBACK_PROVISIONAL.format(cells=cells)))
        return nb, resources


class LimitOutputSaying(LimitOutput):
    """nbgrader's LimitOutput: at most max_lines lines of stream output a cell; this one says how
    many lines it left out (nbgrader's says only "... Output truncated ...")."""

    def _limit_stream_output(self, cell):
        if self.max_lines == -1 or cell.cell_type != "code":
            return cell
        text.use_course(self.config)
        kept, length, cut = [], 0, 0
        for output in cell.outputs:
            if output.output_type == "stream":
                lines = output.text.splitlines(keepends=True)
                room = max(self.max_lines - length, 0)
                cut += max(len(lines) - room, 0)
                if not lines[:room]:
                    continue
                output.text = "".join(lines[:room])
                length += len(lines[:room])
            kept.append(output)
        if cut:
            kept.append(nbformat.v4.new_output("stream", name="stdout",
                                               text="\n" + text.OUTPUT_LINES_CUT.format(cut=cut) + "\n"))
        cell.outputs = kept
        return cell
