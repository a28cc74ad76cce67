"""What the feedback keeps of the student's work: their figures, sized down, and how much output was cut."""
import base64
import io
import re

import matplotlib
import nbformat
from nbconvert import HTMLExporter

from autograder import text
from autograder.feedback import LimitOutputSaying
from autograder.figures import MAX_WIDTH, keep_figures

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
