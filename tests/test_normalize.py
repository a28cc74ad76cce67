"""normalize: every kind of damaged submission becomes the notebook the grader runs, with its notes."""
import copy
import json
import os
from pathlib import Path
from collections import Counter

import nbformat
import pytest

from autograder.grading import normalize
from autograder.languages import text
from autograder.course import Course
from autograder.grading.normalize import find_notebook, read_notebook, rebuild


# ---------------------------------------------------------------- fixtures and helpers
@pytest.fixture(scope="session")
def source():
    nb, notes = read_notebook(Course().source_notebook("lec2"))
    assert notes == []
    return nb


@pytest.fixture(scope="session")
def released_nb(tmp_path_factory):
    """The real release (nbgrader generate_assignment) of the current source, made once."""
    from autograder.commands.demo import copy_course
    from autograder.nbgrader_side.release import release
    course = copy_course(tmp_path_factory.mktemp("release") / "course")
    release(Course(course), "lec2")
    return nbformat.read(Course(course).release_notebook("lec2"), as_version=4)


@pytest.fixture
def student(source):
    """The solution as a student's notebook: a fresh copy for each test to damage."""
    return copy.deepcopy(source)


def gid(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def where(nb, grade_id):
    return next(i for i, c in enumerate(nb.cells) if gid(c) == grade_id)


def check_complete(result, source):
    """Every source grade_id exactly once, outputs cleared, a valid notebook."""
    nb = result.nb
    nbformat.validate(nb)
    assert Counter(gid(c) for c in nb.cells if gid(c)) == Counter(gid(c) for c in source.cells if gid(c))
    assert all(c.outputs == [] and c.execution_count is None for c in nb.cells if c.cell_type == "code")
    assert nb.metadata == source.metadata
    assert len({c.id for c in nb.cells}) == len(nb.cells)
    for cell in nb.cells:  # every graded cell carries exactly the source's metadata
        if gid(cell):
            original = source.cells[where(source, gid(cell))]
            assert cell.metadata == original.metadata and cell.cell_type == original.cell_type
    return nb


def has_note(result, sentence, **fields):
    assert sentence.format(**fields) in result.notes, result.notes


def code_cell(text, **metadata):
    return nbformat.v4.new_code_cell(text, metadata=metadata)


# ---------------------------------------------------------------- rebuild
def test_the_solution_comes_through_unchanged(source, student):
    result = rebuild(source, student)
    nb = check_complete(result, source)
    assert result.notes == []
    assert set(result.answers.values()) == {"cell"} and len(result.answers) == 9
    assert [(c.cell_type, c.source, gid(c)) for c in nb.cells] == [(c.cell_type, c.source, gid(c)) for c in source.cells]


def test_the_release_handed_in_unchanged_needs_no_repair(source, released_nb):
    # hidden tests are cut out of the release; the source's full versions run, without a note
    result = rebuild(source, released_nb)
    nb = check_complete(result, source)
    assert result.notes == []
    hidden = where(nb, "hidden_accuracy")
    assert nb.cells[hidden].source == source.cells[where(source, "hidden_accuracy")].source


def test_no_notebook_is_the_release_with_every_answer_missing(source, released_nb):
    result = rebuild(source, None)
    nb = check_complete(result, source)
    assert result.notes == [text.NO_SUBMISSION]
    assert set(result.answers.values()) == {"missing"} and len(result.answers) == 9
    # the stubs are exactly nbgrader's (ClearSolutions with the course's config)
    stubs = {gid(c): c.source for c in nb.cells if gid(c) in result.answers}
    assert stubs == {gid(c): c.source for c in released_nb.cells if gid(c) in result.answers}


def test_copied_answer_cell_runs_every_copy_and_grades_the_last(source, student):
    i = where(student, "forward")
    first = copy.deepcopy(student.cells[i])
    first.source = "def forward(x, W, V, f=sigmoid):\n    return None  # first try"
    student.cells.insert(i, first)
    result = rebuild(source, student)
    nb = check_complete(result, source)
    has_note(result, text.ANSWER_COPIES, grade_id="forward", count=2)
    j = where(nb, "forward")
    assert nb.cells[j - 1].source == first.source and "nbgrader" not in nb.cells[j - 1].metadata
    assert nb.cells[j].source == source.cells[where(source, "forward")].source
    assert result.answers["forward"] == "cell"


def test_copied_test_cell_runs_once(source, student):
    i = where(student, "test_add_bias")
    student.cells.insert(i + 1, copy.deepcopy(student.cells[i]))
    result = rebuild(source, student)
    check_complete(result, source)
    has_note(result, text.FIXED_COPIES, grade_id="test_add_bias", count=2)
    assert len(result.nb.cells) == len(source.cells)


def test_deleted_test_cells_are_restored_after_their_answer(source, student):
    # the student moved forward to the end and deleted its tests and all hidden tests
    forward = student.cells.pop(where(student, "forward"))
    gone = {"test_forward_shapes", "test_forward_seed000"}
    hidden = {gid(c) for c in student.cells if (gid(c) or "").startswith("hidden_")}
    student.cells = [c for c in student.cells if gid(c) not in gone | hidden] + [forward]
    result = rebuild(source, student)
    nb = check_complete(result, source)
    order = [gid(c) for c in nb.cells]
    assert order[-3:] == ["forward", "test_forward_shapes", "test_forward_seed000"]
    for test in gone | hidden:
        has_note(result, text.TEST_RESTORED, grade_id=test)
    # the hidden tests come back where they stood in the source: after test_confusion_accuracy
    start = order.index("test_confusion_accuracy") + 1
    assert order[start:start + len(hidden)] == [gid(c) for c in source.cells if gid(c) in hidden]


def test_edited_test_cell_is_replaced_by_the_source(source, student):
    i = where(student, "test_add_bias")
    student.cells[i].source = "pass  # the test was in my way"
    result = rebuild(source, student)
    nb = check_complete(result, source)
    assert nb.cells[where(nb, "test_add_bias")].source == source.cells[i].source
    has_note(result, text.FIXED_EDITED, grade_id="test_add_bias")


def test_deleted_setup_cell_is_restored_first(source, student):
    del student.cells[where(student, "setup")]
    result = rebuild(source, student)
    nb = check_complete(result, source)
    assert gid(nb.cells[0]) == "setup"
    has_note(result, text.CELL_RESTORED, grade_id="setup")


@pytest.mark.parametrize("cell_type", ["markdown", "raw"])
def test_answer_cell_turned_into_text_still_runs_as_code(source, student, cell_type):
    i = where(student, "add_bias")
    cell = student.cells[i]
    student.cells[i] = nbformat.from_dict({"cell_type": cell_type, "source": cell.source,
                                          "metadata": cell.metadata, "id": cell.id})
    result = rebuild(source, student)
    nb = check_complete(result, source)
    assert nb.cells[i].cell_type == "code" and nb.cells[i].source == cell.source
    has_note(result, text.ANSWER_TYPE, grade_id="add_bias", was=cell_type, now="code")


def test_answer_cell_without_metadata_is_found_by_its_functions(source, student):
    i = where(student, "forward")
    del student.cells[i].metadata["nbgrader"]
    student.cells.insert(i + 1, code_cell("x = forward  # scratch: uses but defines nothing"))
    result = rebuild(source, student)
    nb = check_complete(result, source)
    assert where(nb, "forward") == i and nb.cells[i].source == source.cells[i].source
    assert result.answers["forward"] == "matched by content"
    assert any(note.startswith("the answer cell forward had lost") and "defines forward" in note
               for note in result.notes)


def test_answer_found_by_regex_when_the_cell_does_not_parse(source, student):
    i = where(student, "forward")
    del student.cells[i].metadata["nbgrader"]
    student.cells[i].source = "%time 1\n" + student.cells[i].source  # a magic: not Python
    result = rebuild(source, student)
    check_complete(result, source)
    assert result.answers["forward"] == "matched by content"


def test_deleted_answer_cell_is_graded_as_released(source, student, released_nb):
    del student.cells[where(student, "forward")]
    result = rebuild(source, student)
    nb = check_complete(result, source)
    assert result.answers["forward"] == "missing"
    has_note(result, text.ANSWER_MISSING, grade_id="forward")
    j = where(nb, "forward")
    assert nb.cells[j].source == released_nb.cells[where(released_nb, "forward")].source
    # where forward stood in the source: after test_cross_entropy, before its own tests
    assert gid(nb.cells[j - 1]) == "test_cross_entropy" and where(nb, "test_forward_shapes") > j


def test_stub_never_overrides_an_answer_merged_into_another_cell(source, student):
    backward = student.cells.pop(where(student, "backward"))
    i = where(student, "forward")
    student.cells[i].source += "\n\n\n" + backward.source
    result = rebuild(source, student)
    nb = check_complete(result, source)
    assert result.answers["backward"] == "missing"
    assert where(nb, "backward") == where(nb, "forward") - 1  # the stub first, the student's code wins
    has_note(result, text.ANSWER_MISSING_DEFINED, grade_id="backward", names="backward")


def test_written_answer_is_kept_and_stubbed_when_missing(source, student):
    i = where(student, "written_seed003")
    student.cells[i].source = "My own words."
    result = rebuild(source, student)
    assert check_complete(result, source).cells[i].source == "My own words."
    del student.cells[i]
    result = rebuild(source, student)
    nb = check_complete(result, source)
    assert nb.cells[where(nb, "written_seed003")].source == "YOUR ANSWER HERE"
    assert result.answers["written_seed003"] == "missing"


def test_edited_metadata_loses_to_the_source(source, student):
    test = student.cells[where(student, "test_add_bias")].metadata.nbgrader
    test.points = 100
    answer = student.cells[where(student, "forward")].metadata.nbgrader
    answer.grade, answer.points = True, 5
    result = rebuild(source, student)
    check_complete(result, source)  # metadata equal to the source's
    has_note(result, text.SETTINGS_EDITED, grade_id="test_add_bias")
    has_note(result, text.SETTINGS_EDITED, grade_id="forward")
    assert result.answers["forward"] == "cell"


@pytest.mark.parametrize("broken, problem", [
    ("a string", text.NOT_A_DICT),
    ({"grade": True, "solution": False}, text.NO_GRADE_ID),
    ({"grade_id": "test_add_bias", "grade": "yes", "solution": False}, text.NOT_A_FLAG.format(key="grade")),
    ({"grade_id": "test_add_bias", "grade": True, "solution": False, "points": "1"}, text.POINTS_NOT_NUMBER),
])
def test_malformed_metadata_makes_a_plain_cell(source, student, broken, problem):
    i = where(student, "test_add_bias")
    student.cells[i].metadata.nbgrader = broken
    result = rebuild(source, student)
    nb = check_complete(result, source)
    assert any(n.startswith(f"cell {i + 1} (") and f"({problem})" in n for n in result.notes), result.notes
    # the student's copy runs as plain code; the real test is restored right after add_bias
    assert "nbgrader" not in nb.cells[i + 1].metadata and nb.cells[i + 1].source == source.cells[i].source
    assert where(nb, "test_add_bias") == i
    has_note(result, text.TEST_RESTORED, grade_id="test_add_bias")


def test_unknown_grade_id_makes_a_plain_cell(source, student):
    student.cells.insert(3, code_cell("y = 1", nbgrader={"grade_id": "from_last_year", "grade": False,
                                                          "solution": True, "locked": False}))
    result = rebuild(source, student)
    nb = check_complete(result, source)
    assert nb.cells[3].source == "y = 1" and "nbgrader" not in nb.cells[3].metadata
    assert any("'from_last_year'" in n for n in result.notes)


def test_scratch_cells_run_in_the_students_order_and_outputs_are_cleared(source, student):
    i = where(student, "forward")
    helper = code_cell("def helper(x):\n    return x", tags=["mine"])
    helper.outputs = [nbformat.v4.new_output("stream", text="hi")]
    helper.execution_count = 7
    picture = {"sketch.png": {"image/png": "iVBORw0KGgo="}}
    student.cells[i:i] = [helper, nbformat.v4.new_markdown_cell("my notes", attachments=picture)]
    student.cells.append(code_cell("print(forward)"))
    student.cells[-1].metadata.collapsed = "half"  # not in the format: dropped, cell kept
    result = rebuild(source, student)
    nb = check_complete(result, source)
    assert result.notes == []
    assert [c.source for c in nb.cells[i:i + 3]] == [helper.source, "my notes", student.cells[i + 2].source]
    assert nb.cells[i].metadata == {"tags": ["mine"]} and nb.cells[-1].source == "print(forward)"
    assert nb.cells[-1].metadata == {} and nb.cells[i + 1].attachments == picture


# ---------------------------------------------------------------- find_notebook
def test_find_notebook_by_name_and_in_a_subfolder(tmp_path):
    (tmp_path / "lec2").mkdir()
    (tmp_path / "lec2" / "lec2.ipynb").write_text("{}")
    assert find_notebook(tmp_path, "lec2") == (tmp_path / "lec2" / "lec2.ipynb", [])
    (tmp_path / "lec2.ipynb").write_text("{}")
    assert find_notebook(tmp_path, "lec2") == (tmp_path / "lec2.ipynb", [text.OTHERS_IGNORED.format(
        graded="lec2.ipynb", names="lec2/lec2.ipynb", expected="lec2.ipynb")])


@pytest.mark.parametrize("name", ["lec2 (1).ipynb", "Lec2.ipynb", "lec2-Copy1.ipynb", "homework.ipynb"])
def test_find_a_renamed_notebook(tmp_path, name):
    (tmp_path / name).write_text("{}")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "lec2-checkpoint.ipynb").write_text("{}")
    (tmp_path / ".hidden.ipynb").write_text("{}")
    path, notes = find_notebook(tmp_path, "lec2")
    assert path == tmp_path / name
    assert notes == [text.RENAMED.format(found=name, expected="lec2.ipynb")]


def test_of_several_notebooks_the_newest_is_taken_and_the_note_names_all(tmp_path):
    for k, name in enumerate(["lec2 (1).ipynb", "scratch.ipynb", "Lec2-Copy1.ipynb"]):
        (tmp_path / name).write_text("{}")
        os.utime(tmp_path / name, (1_000_000 - k, 1_000_000 - k))
    path, notes = find_notebook(tmp_path, "lec2")
    assert path.name == "lec2 (1).ipynb"  # the newest
    assert notes[1] == text.OTHERS_IGNORED.format(
        graded="lec2 (1).ipynb", names="Lec2-Copy1.ipynb, scratch.ipynb", expected="lec2.ipynb")


def test_the_notebook_named_after_the_assignment_wins_over_a_newer_copy(tmp_path):
    (tmp_path / "lec2.ipynb").write_text("{}")
    (tmp_path / "lec2-Copy1.ipynb").write_text("{}")
    os.utime(tmp_path / "lec2.ipynb", (1_000_000, 1_000_000))
    path, notes = find_notebook(tmp_path, "lec2")
    assert path == tmp_path / "lec2.ipynb"
    assert notes == [text.OTHERS_IGNORED.format(graded="lec2.ipynb", names="lec2-Copy1.ipynb",
                                                     expected="lec2.ipynb")]


def test_no_notebook_found(tmp_path):
    (tmp_path / "lec2.py").write_text("")
    assert find_notebook(tmp_path, "lec2") == (None, [text.NO_NOTEBOOK.format(expected="lec2.ipynb")])
    assert find_notebook(tmp_path / "absent", "lec2")[0] is None


# ---------------------------------------------------------------- read_notebook
def read_bytes_unchanged(path):
    """read_notebook(path), checking that the file was left as it was."""
    before, mtime = path.read_bytes(), path.stat().st_mtime_ns
    result = read_notebook(path)
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime
    return result


@pytest.mark.parametrize("content, sentence", [
    (b"", "lec2.ipynb is empty"),
    (b"  \n", "lec2.ipynb is empty"),
    (b"<!DOCTYPE html>\n<html><body>lec2</body></html>", text.HTML.format(name="lec2.ipynb")),
    (b"import numpy as np\n", "lec2.ipynb is not a notebook: it is not JSON (line 1, column 1: Expecting value)"),
    (b"[1, 2]", text.NOT_NOTEBOOK.format(name="lec2.ipynb")),
    (b'{"cells": "none"}', text.NOT_NOTEBOOK.format(name="lec2.ipynb")),
    (b'{"nbformat": 5, "worksheets": []}', text.UNREADABLE.format(
        name="lec2.ipynb", error=text.UNKNOWN_VERSION.format(version=5))),
])
def test_unreadable_files_say_why(tmp_path, content, sentence):
    path = tmp_path / "lec2.ipynb"
    path.write_bytes(content)
    assert read_bytes_unchanged(path) == (None, [sentence])


def test_missing_file_does_not_raise(tmp_path):
    nb, notes = read_notebook(tmp_path / "lec2.ipynb")
    assert nb is None and notes[0].startswith("lec2.ipynb could not be read")


def test_a_notebook_reads_cleanly(tmp_path, source):
    path = tmp_path / "lec2.ipynb"
    nbformat.write(source, path)
    nb, notes = read_bytes_unchanged(path)
    assert notes == [] and [c.source for c in nb.cells] == [c.source for c in source.cells]


def test_shift_jis_notebook_is_read_with_a_note(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("誤差逆伝播法の答え"),
                                         nbformat.v4.new_code_cell("x = 1")])
    path = tmp_path / "lec2.ipynb"
    path.write_bytes(json.dumps(nb, ensure_ascii=False).encode("cp932"))
    read, notes = read_bytes_unchanged(path)
    assert read.cells[0].source == "誤差逆伝播法の答え"
    assert notes == [text.ENCODING.format(name="lec2.ipynb", encoding="Shift-JIS (cp932)")]


def test_utf8_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "lec2.ipynb"
    path.write_bytes(b"\xef\xbb\xbf" + nbformat.writes(nbformat.v4.new_notebook()).encode())
    nb, notes = read_bytes_unchanged(path)
    assert nb is not None and "UTF-8 with a byte-order mark" in notes[0]


def test_damaged_notebook_is_salvaged(tmp_path):
    doc = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "source": ["def f():\n", "    return 1"]},  # no metadata, outputs, id
        {"cell_type": "markdown", "source": "text", "metadata": "oops"},
        {"cell_type": "code"},                                           # no source: dropped
        "not a cell",                                                    # dropped
    ]}
    path = tmp_path / "lec2.ipynb"
    path.write_text(json.dumps(doc))
    nb, notes = read_bytes_unchanged(path)
    assert [(c.cell_type, c.source, c.metadata) for c in nb.cells] == [
        ("code", "def f():\n    return 1", {}), ("markdown", "text", {})]
    assert notes[0].startswith("lec2.ipynb does not follow the notebook format (")
    assert notes[1] == "lec2.ipynb: 2 cells could not be read and were left out"


def test_duplicate_cell_ids_are_no_damage(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("a"), nbformat.v4.new_code_cell("b")])
    nb.cells[1].id = nb.cells[0].id
    path = tmp_path / "lec2.ipynb"
    path.write_text(json.dumps(nb))
    read, notes = read_bytes_unchanged(path)
    assert notes == [] and [c.source for c in read.cells] == ["a", "b"]


def test_format_3_notebook_is_upgraded(tmp_path):
    v3 = nbformat.v3
    old = v3.new_notebook(worksheets=[v3.new_worksheet(cells=[v3.new_code_cell(input="x = 1")])])
    path = tmp_path / "lec2.ipynb"
    path.write_text(v3.writes_json(old))
    nb, notes = read_bytes_unchanged(path)
    assert nb.nbformat == 4 and [c.source for c in nb.cells] == ["x = 1"]
    assert notes == [text.UPGRADED.format(name="lec2.ipynb", version=3)]


def test_a_huge_file_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "lec2.ipynb"
    with open(path, "wb") as f:
        f.truncate(normalize.MAX_BYTES)  # sparse: costs no disk and no time
    mtime = path.stat().st_mtime_ns

    def no_reading(self, *args, **kwargs):
        raise AssertionError(f"{self} was read")
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    monkeypatch.setattr(Path, "open", no_reading)
    nb, notes = read_notebook(path)
    monkeypatch.undo()
    assert path.stat().st_mtime_ns == mtime and path.stat().st_size == normalize.MAX_BYTES
    assert nb is None and "too large" in notes[0]
