"""The Japanese editions stay in step with the English ones, and grading cannot tell them apart.

A lecture's Japanese edition is lectures/NN_name.ja.ipynb, lec2's is source/lec2/ja/lec2.ipynb
(autograder/languages/editions.py says what "in step" means). A test here fails when an English cell
changes and its translation does not; `python -m autograder.languages.editions EN JA` says which cell.
"""
import nbformat
import pytest

from autograder.languages import text
from autograder.languages import editions
from autograder.course import Course
from autograder.nbgrader_side.release import find_leaks, release
from assignments import ASSIGNMENTS
from conftest import REPO

LECTURES = REPO / "lectures"
ENGLISH_LECTURES = sorted(p for p in LECTURES.glob("*.ipynb") if p.name[:1].isdigit() and ".ja." not in p.name)
LECTURE_PAIRS = [(p, p.with_name(p.name[:-len(".ipynb")] + ".ja.ipynb")) for p in ENGLISH_LECTURES]
PAIRS = LECTURE_PAIRS + [(Course().source_notebook(a), Course().edition_notebook(a, "ja")) for a in ASSIGNMENTS]


def read(path):
    return nbformat.read(str(path), as_version=4)


@pytest.mark.parametrize("english, japanese", PAIRS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_japanese_edition_is_in_step(english, japanese):
    assert japanese.is_file(), f"no Japanese edition of {english.name}: python -m autograder.languages.editions " \
                               f"{english} {japanese} --start ja"
    translation = read(japanese)
    assert editions.language_of(translation) == "ja"
    problems = editions.out_of_step(read(english), translation)
    assert not problems, f"{japanese.relative_to(REPO)} is out of step with {english.name}:\n" + "\n".join(problems)


def translated(english):
    """A translation of `english` in which every markdown cell is 'translated' (marked as such)."""
    nb = editions.start(english, "ja")
    for en, tr in zip(english.cells, nb.cells):
        if tr.cell_type == "markdown":
            tr.source = "訳: " + en.source
            tr.metadata[editions.TRANSLATES] = editions.fingerprint(en.source)
    return nb


def test_a_changed_english_cell_puts_its_translation_out_of_step():
    english = read(ENGLISH_LECTURES[0])
    japanese = translated(english)
    assert editions.out_of_step(english, japanese) == []
    number, cell = next((i, c) for i, c in enumerate(english.cells, 1) if c.cell_type == "markdown")
    cell.source += "\n\nA new sentence."
    problems = editions.out_of_step(english, japanese)
    assert len(problems) == 1 and f"cell {number} " in problems[0] and "changed in English" in problems[0]
    assert editions.fingerprint(cell.source) in problems[0]


def test_code_and_grading_settings_must_be_the_english_ones_and_sync_copies_them():
    english = read(Course().source_notebook("lec2"))
    japanese = translated(english)
    code = next(c for c in japanese.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("points"))
    code.source += "\nprint('changed')"
    code.metadata.nbgrader["points"] += 1
    untranslated = next(c for c in japanese.cells if c.cell_type == "markdown")
    del untranslated.metadata[editions.TRANSLATES]
    problems = editions.out_of_step(english, japanese)
    assert any("the code differs" in p for p in problems)
    assert any("nbgrader metadata differs" in p for p in problems)
    assert any("not translated yet" in p for p in problems)
    assert editions.sync(english, japanese) == 1
    assert [p for p in editions.out_of_step(english, japanese)] == [
        p for p in problems if "not translated yet" in p]


def test_code_differs_only_in_the_language_it_loads():
    english = 'TEXT = lecture_text.load("01_three_layer_network", language="en")\nx = 1'
    assert editions.code_in(english, "ja") == 'TEXT = lecture_text.load("01_three_layer_network", language="ja")\nx = 1'
    assert editions.code_in(english, "en") == english
    assert editions.code_in(editions.code_in(english, "ja"), "en") == english   # from either edition


def test_a_missing_or_added_cell_is_named():
    english = read(ENGLISH_LECTURES[0])
    japanese = translated(english)
    japanese.cells.pop()
    assert "cells must correspond one to one" in editions.out_of_step(english, japanese)[0]
    with pytest.raises(ValueError):
        editions.sync(english, japanese)


def test_the_glossary_is_linked_from_every_edition_of_every_lecture():
    assert (LECTURES / "glossary.ipynb").is_file()
    for english, japanese in LECTURE_PAIRS:
        for path, other in ((english, japanese), (japanese, english)):
            first = read(path).cells[0].source
            assert "(glossary.ipynb)" in first, f"{path.name} does not link the glossary in its first cell"
            assert f"({other.name})" in first, f"{path.name} does not link its other edition {other.name}"


def test_release_in_japanese_has_the_same_cells_and_no_leak(course):
    release(Course(course), "lec2")
    released_en = read(Course(course).release_notebook("lec2"))
    with text.speaking("ja"):
        release(Course(course), "lec2")
    released_ja = read(Course(course).release_notebook("lec2"))
    assert find_leaks(Course(course), "lec2") == []
    assert editions.language_of(released_ja) == "ja" and editions.language_of(released_en) == "en"

    def cells(nb):
        return [(c.cell_type, c.metadata.get("nbgrader", {}).get("grade_id"), c.metadata.get("nbgrader", {}).get("points"))
                for c in nb.cells]
    assert cells(released_ja) == cells(released_en)
    # grading either edition alike: tests/test_text.py::test_either_edition_is_graded_alike
