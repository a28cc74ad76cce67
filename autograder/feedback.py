"""Feedback that teaches without leaking the hidden tests, and says which scores are not final.

These are nbgrader preprocessors that the course's nbgrader_config.py puts into generate_feedback
(and, for LimitOutputSaying, into autograde). Each speaks the language of its process: the one
python -m autograder chose, or in nbgrader's own processes the course's (text.use_course).
"""
from pathlib import Path

import nbformat
from nbgrader.preprocessors import LimitOutput, NbGraderPreprocessor

from autograder import text
from autograder.cells import BEGIN_HIDDEN, grade_id_of, is_grade, points_of


# feedback_page.html.j2 extends nbgrader's own feedback/index.html.j2: nbgrader names its template
# "feedback" and finds it in its own folder; a template_file given as a path is looked up first.
TEMPLATE_FILE = Path(__file__).with_name("feedback_page.html.j2")


def feedback_template(c):
    """Configure nbgrader's feedback to use TEMPLATE_FILE (the course's nbgrader_config.py calls it)."""
    c.HTMLExporter.template_file = str(TEMPLATE_FILE)


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
