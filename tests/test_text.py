"""The grader's two catalogues (autograder/languages/text.py, text_ja.py) and a grading run in Japanese.

The catalogues must agree name for name, kind for kind and field for field, so that any call site
works in either language; every module must read a sentence when it speaks, never bind one at
import; and a course with c.Course.language = "ja" must get Japanese pages that say so.
"""
import ast
import csv
import html
import re
import string
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from test_adversarial import FORGE_THREAD, GC_PATCH, REBIND_HOOKS

from autograder import cli
from autograder.commands import demo
from autograder.languages import text, text_ja
from autograder.grading.catalogue import apply_edits, solution_sources
from autograder.course import Course

AUTOGRADER = Path(text.__file__).parent.parent
JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")  # kana, kanji, full-width punctuation
# Japanese entries that are rightly the same as the English: an exception's name shown as such
SAME_IN_BOTH = {"TEST_FAILED"}
FIELD_ONLY = {"RAISED_SENTENCE"}  # its field is a Japanese sentence already (testcell's RAISED_IN)


def ja_names():
    return {name for name in vars(text_ja) if name.isupper() and not name.startswith("_")}


def fields(value):
    """The format fields of each string of a catalogue entry (a string or a tuple of them)."""
    strings = value if isinstance(value, tuple) else (value,)
    return [sorted({field for _, field, _, _ in string.Formatter().parse(s) if field is not None}) for s in strings]


def test_the_catalogues_have_the_same_names_kinds_and_fields():
    assert len(text.NAMES) > 200
    assert set(text.NAMES) == ja_names()
    for name in text.NAMES:
        english, japanese = text.english(name), getattr(text_ja, name)
        assert type(english) is type(japanese), name
        assert isinstance(english, (str, tuple)), name
        if isinstance(english, tuple):
            assert len(english) == len(japanese), name
            assert all(isinstance(s, str) for s in english + japanese), name
        assert fields(english) == fields(japanese), name


def test_no_name_is_left_in_english():
    for name in sorted(ja_names() - SAME_IN_BOTH):
        value = getattr(text_ja, name)
        for s in value if isinstance(value, tuple) else (value,):
            assert JAPANESE.search(s) or name in FIELD_ONLY, f"{name} has no Japanese: {s!r}"
            assert s != text.english(name) or not s.strip(), name


def test_use_switches_every_name_and_back():
    text.use("ja")
    assert text.language() == "ja"
    assert all(getattr(text, name) == getattr(text_ja, name) for name in text.NAMES)
    text.use("en")
    assert text.language() == "en"
    assert all(getattr(text, name) == text.english(name) for name in text.NAMES)
    with pytest.raises(ValueError):
        text.use("fr")


def test_speaking_gives_the_language_back_whatever_happens():
    with pytest.raises(RuntimeError), text.speaking("ja"):
        assert text.language() == "ja" and text.SENTENCE_BREAK == "。"
        with text.speaking("en"):
            assert text.SENTENCE_BREAK == ". "
        assert text.SENTENCE_BREAK == "。"
        raise RuntimeError("a test that fails halfway")
    assert text.language() == "en" and text.SENTENCE_BREAK == ". "


def test_counts_and_lateness_in_both_languages():
    hours = (30.5, 1.0, 0.2, 1 / 60, 10 / 3600)
    assert [text.counted(n, noun) for n, noun in ((1, text.TESTS), (3, text.TESTS), (2, text.POINTS),
                                                   (1.5, text.POINTS), (3, text.STUDENTS))] == [
        "1 test", "3 tests", "2 points", "1.5 points", "3 students"]
    assert [text.how_late(h) for h in hours] == [
        "30.5 hours", "1.0 hours", "12 minutes", "1 minute", "less than a minute"]
    with text.speaking("ja"):
        assert [text.counted(n, noun) for n, noun in ((1, text.TESTS), (3, text.TESTS), (2, text.POINTS),
                                                       (1.5, text.POINTS), (3, text.STUDENTS))] == [
            "テスト 1 件", "テスト 3 件", "2 点", "1.5 点", "学生 3 人"]
        assert [text.how_late(h) for h in hours] == ["30.5 時間", "1.0 時間", "12 分", "1 分", "1 分未満"]


def uses_a_sentence(node):
    """Whether expression `node` reads a catalogue entry (text.NAME; not text.LANGUAGES, which is no sentence)."""
    return any(isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "text"
               and n.attr in text.NAMES for n in ast.walk(node))


@pytest.mark.parametrize("path", sorted(p for p in AUTOGRADER.rglob("*.py") if p.name not in ("text.py", "text_ja.py")),
                         ids=lambda p: p.name)
def test_no_module_binds_a_sentence_at_import(path):
    """A sentence read at import would stay in the language of that moment, whatever text.use says later."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.module not in ("autograder.languages.text", "autograder.languages.text_ja"), f"{path.name}:{node.lineno}"
            assert not (node.module == "autograder" and any(a.name == "text_ja" for a in node.names)), path.name
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            defaults = node.args.defaults + [d for d in node.args.kw_defaults if d is not None]
            assert not any(uses_a_sentence(d) for d in defaults), f"{path.name}:{node.lineno}: a default argument"
    bodies = [tree.body] + [n.body for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
    for body in bodies:
        for node in body:
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None:
                assert not uses_a_sentence(node.value), f"{path.name}:{node.lineno}: a constant made of a sentence"


def test_a_module_speaks_the_language_of_the_moment(tmp_path):
    from autograder.grading.normalize import read_notebook
    from autograder.kernel.sandbox import describe_limits, Limits
    empty = tmp_path / "lec2.ipynb"
    empty.write_text("")
    assert read_notebook(empty) == (None, ["lec2.ipynb is empty"])
    with text.speaking("ja"):
        assert read_notebook(empty) == (None, ["lec2.ipynb は空です"])
        assert describe_limits(Limits()).startswith("提出物ごとの制限: セルあたり 60 秒")


def test_the_command_line_chooses_the_language(tmp_path, course):
    notebook = tmp_path / "lec2.ipynb"
    nb = nbformat.v4.new_notebook()
    nbformat.write(nb, notebook)
    assert cli.language(["check", str(notebook)]) == "en"
    nb.metadata["edition"] = "ja"
    nbformat.write(nb, notebook)
    assert cli.language(["check", str(notebook)]) == "ja"
    assert cli.language(["check", str(notebook), "--lang", "en"]) == "en"
    assert cli.language(["grade", "lec2", "--submissions", "s", "--course", str(course)]) == "en"
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text().replace('c.Course.language = "en"', 'c.Course.language = "ja"'))
    assert Course(course).language == "ja"
    assert cli.language(["grade", "lec2", "--submissions", "s", "--course", str(course)]) == "ja"
    assert cli.language(["export", "lec2", "--course", str(course), "--lang", "en"]) == "en"
    assert cli.language(["grade", "--help"]) == "en"  # the repository's course
    shown = subprocess.run([sys.executable, "-m", "autograder", "export", "--lang", "ja", "--help"],
                           capture_output=True, text=True, check=True).stdout
    assert text_ja.HELP_EXPORT in shown and text_ja.HELP_LANG[:20] in shown


# ---------------------------------------------------------------- a grading run in Japanese
STUDENTS = ("solution", "blank", "bias_slice")
READS_ENGLISH = "bias_slice_english"  # hands in the English edition in the Japanese course
CHEAT = "blank_cheat"  # blank, with cells that forged records in the last design


@pytest.fixture(scope="module")
def japanese_run(tmp_path_factory):
    """Three demo submissions graded by `python -m autograder grade` in a course whose language is ja,
    and a fourth: bias_slice's mistake in the English edition."""
    from autograder.nbgrader_side.release import release
    base = tmp_path_factory.mktemp("ja")
    root = demo.copy_course(base / "course")
    config = root / "nbgrader_config.py"
    config.write_text(config.read_text().replace('c.Course.language = "en"', 'c.Course.language = "ja"'))
    release(Course(root), "lec2")  # spoken English: the English edition
    english = nbformat.read(root / "release" / "lec2" / "lec2.ipynb", as_version=4)
    with text.speaking(Course(root).language):  # as python -m autograder release speaks: the Japanese edition
        release(Course(root), "lec2")
    demo.write_class(Course(root), base / "submissions", [s for s in demo.CLASS if s.name in STUDENTS])
    # the same mistake as bias_slice's, handed in as the English edition
    mistake = next(s for s in demo.CLASS if s.name == "bias_slice")
    answers = apply_edits(solution_sources(nbformat.read(Course(root).source_notebook("lec2"), as_version=4)), mistake.edits)
    (base / "submissions" / READS_ENGLISH).mkdir()
    nbformat.write(demo.make_submission(english, answers), base / "submissions" / READS_ENGLISH / "lec2.ipynb")
    # a blank Japanese notebook with every cheat that once forged records (tests/test_adversarial.py)
    cheat = nbformat.read(root / "release" / "lec2" / "lec2.ipynb", as_version=4)
    for source in (FORGE_THREAD, GC_PATCH, REBIND_HOOKS):
        cheat.cells.insert(2, nbformat.v4.new_code_cell(source))
    (base / "submissions" / CHEAT).mkdir()
    nbformat.write(cheat, base / "submissions" / CHEAT / "lec2.ipynb")
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", "lec2", "--course", str(root),
                           "--submissions", str(base / "submissions"), "--out", str(base / "out"), "--jobs", "2"],
                          capture_output=True, text=True)
    return base, done


def english_fragments():
    """The English of every catalogue sentence, in pieces between its fields, long enough to mean something."""
    found = set()
    for name in text.NAMES:
        value = text.english(name)
        for s in value if isinstance(value, tuple) else (value,):
            for literal, *_ in string.Formatter().parse(s):
                for piece in re.split(r"[\n;:()]", literal):
                    piece = piece.strip(" .,'\"")
                    if len(piece) >= 12 and " " in piece:
                        found.add(piece)
    return found


def visible_text(page):
    page = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_japanese_run_says_everything_in_japanese(japanese_run):
    base, done = japanese_run
    assert done.returncode == 0, done.stderr[-3000:]
    out = base / "out"
    assert "提出物 5 件のうち 5 件を" in done.stdout and "クラスのレポート: " in done.stdout
    assert "Glyph" not in done.stderr and "missing from" not in done.stderr  # the figures' Japanese has a font
    statuses = {row["status"] for row in csv.DictReader(open(out / "tests.csv", encoding="utf-8"))}
    # the status column is data, the same in every language; the messages beside it speak Japanese
    assert statuses <= {"passed", "failed", "manual", "note"} and {"passed", "failed", "manual"} <= statuses
    # what the notebook itself says is not the grader speaking
    released = nbformat.read(base / "course" / "release" / "lec2" / "lec2.ipynb", as_version=4)
    notebook_text = "\n".join(cell.source for cell in released.cells)
    fragments = [f for f in english_fragments() if f not in notebook_text]
    assert len(fragments) > 200
    pages = [out / "report.html"] + [out / "feedback" / f"{student}.html" for student in STUDENTS]
    for path in pages:
        page = path.read_text(encoding="utf-8")
        assert re.search(r'<html lang="ja">', page), path.name
        shown = visible_text(page)
        assert not [f for f in fragments if f in shown], path.name
    report = visible_text((out / "report.html").read_text(encoding="utf-8"))
    assert "クラスのレポート: lec2" in report and "よくある誤り" in report and "提出物 5 件のうち 5 件を採点しました" in report
    feedback = visible_text((out / "feedback" / "bias_slice.html").read_text(encoding="utf-8"))
    assert "(得点: " in feedback and "学生の解答" in feedback and "暫定の合計点です" in feedback
    assert "Score:" not in feedback and "Student's answer" not in feedback


def test_a_blank_notebook_with_every_cheat_earns_nothing_in_japanese(japanese_run):
    base, done = japanese_run
    assert done.returncode == 0, done.stderr[-2000:]
    with open(base / "out" / "grades.csv", newline="") as f:
        scores = {row["student_id"]: float(row["score"]) for row in csv.DictReader(f)}
    assert scores[CHEAT] == 0 and scores["blank"] == 0 and scores["solution"] > 0


def test_either_edition_is_graded_alike(japanese_run):
    """The course released the Japanese edition; a student who hands in the English one, with the
    same mistake, loses the same tests and points and gets the same notes, with no note that a cell
    was changed (each student's random inputs are their own, so numbers in messages differ)."""
    base, done = japanese_run
    assert done.returncode == 0
    rows = list(csv.DictReader(open(base / "out" / "tests.csv", encoding="utf-8")))
    results = {name: {(r["test"], r["status"], r["points"]) for r in rows
                      if r["student_id"] == name and r["status"] != "note"}
               for name in ("bias_slice", READS_ENGLISH)}
    assert results["bias_slice"] == results[READS_ENGLISH]
    mistake = next(s for s in demo.CLASS if s.name == "bias_slice")
    assert {test for test, status, _ in results[READS_ENGLISH] if status == "failed"} == mistake.fails
    notes = {name: [r["message"] for r in rows if r["student_id"] == name and r["status"] == "note"]
             for name in results}
    assert notes["bias_slice"] == notes[READS_ENGLISH], notes


def test_nbgrader_itself_makes_the_feedback_in_the_course_language(japanese_run):
    """`nbgrader generate_feedback` (formgrader, and `python -m autograder feedback`, which passes its
    own choice as --Course.language) speaks the course's language unless told otherwise."""
    base, done = japanese_run
    assert done.returncode == 0
    root = base / "course"
    nbgrader = Path(sys.executable).parent / "nbgrader"
    page = root / "feedback" / "blank" / "lec2" / "lec2.html"
    for extra, lang, words in (([], "ja", "(得点: "), (["--Course.language=en"], "en", "(Score: ")):
        subprocess.run([str(nbgrader), "generate_feedback", "lec2", "--student=blank", "--force", *extra],
                       cwd=root, capture_output=True, check=True)
        shown = page.read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in shown and words in shown
