"""The student's own figures in the feedback: the PNG images of their cells, sized down.

The grader runs a notebook without a display, so a figure the student drew (a loss curve, the
rows of W as images) would be missing from the feedback. The submitted notebook still holds it:
a code cell of the student's whose code is exactly the code that ran keeps its PNG outputs, each
shown at most MAX_WIDTH pixels wide. Only well-formed PNGs are kept, within a size budget.
Test cells are the grader's: they show its verdict, never an image.
"""
import base64
import binascii

import nbformat

from autograder.cells import is_test_cell

MAX_WIDTH = 360            # pixels in the feedback page
MAX_IMAGE = 1_500_000      # characters of base64 of one image; a larger one is left out
MAX_TOTAL = 6_000_000      # of all images of one notebook
PNG = b"\x89PNG\r\n\x1a\n"


def keep_figures(graded, submitted):
    """Append to each code cell of `graded` the PNG outputs of the same cell in `submitted`."""
    if submitted is None:
        return
    theirs = {c.get("id"): c for c in submitted.cells if c.get("cell_type") == "code" and c.get("id")}
    budget = MAX_TOTAL
    for cell in graded.cells:
        own = theirs.get(cell.get("id"))
        if cell.cell_type != "code" or is_test_cell(cell) or own is None or own.get("source") != cell.source:
            continue
        for png in pngs(own):
            width = png_width(png)
            if width is None or len(png) > min(MAX_IMAGE, budget):
                continue
            budget -= len(png)
            cell.outputs.append(nbformat.v4.new_output(
                "display_data", data={"image/png": png}, metadata={"image/png": {"width": min(width, MAX_WIDTH)}}))


def pngs(cell):
    """The base64 text of every PNG output of a cell, in order."""
    for output in cell.get("outputs", []):
        data = output.get("data") if isinstance(output, dict) else None
        if output.get("output_type") in ("display_data", "execute_result") and isinstance(data, dict):
            png = data.get("image/png")
            if isinstance(png, str):
                yield png.replace("\n", "")


def png_width(png):
    """The width in pixels of a base64 PNG, or None when it is not one."""
    try:
        head = base64.b64decode(png[:44])  # the signature and the IHDR chunk
    except (binascii.Error, ValueError):
        return None
    if not head.startswith(PNG) or head[12:16] != b"IHDR":
        return None
    return int.from_bytes(head[16:20], "big") or None
