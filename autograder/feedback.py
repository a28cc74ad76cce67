"""Feedback that teaches without leaking the hidden tests."""
from nbgrader.preprocessors import NbGraderPreprocessor

HIDDEN_MARK = "BEGIN HIDDEN TESTS"


class PlainHiddenTestErrors(NbGraderPreprocessor):
    """Reduce an error in a hidden-test cell to its one-line message.

    A traceback would show the hidden lines it passed through; the message is
    written by us for students and never contains expected values.
    """

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and HIDDEN_MARK in cell.source:
            for output in cell.get("outputs", []):
                if output.output_type == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources
