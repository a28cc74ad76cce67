"""Each assignment's test messages come from one catalogue per language, and the grader speaks the course's.

The visible tests' sentences are in source/<assignment>/messages.<language>.json (released with the
notebook), the hidden tests' in source/<assignment>/ref/hidden_messages.<language>.json (never released);
every test cell says them with say(key, **fields). testcell's own sentences are its EN and JA dicts.
What a judge says in either language is tested on lec2's.
"""
import ast
import json
import string

import nbformat
import pytest

import testcell
from autograder.languages import text
from autograder.cells import HIDDEN_TESTS, begin, end
from autograder.course import Course
from autograder.grading.judge import course_say, judge_cell, raised
from autograder.grading.replay import namespace_with, replay
from assignments import ASSIGNMENTS

FOLDER = Course().source_notebook("lec2").parent


def catalogue(language, hidden=False, assignment="lec2"):
    folder = Course().source_notebook(assignment).parent
    path = folder / (testcell.HIDDEN_CATALOGUE if hidden else testcell.CATALOGUE).format(language=language)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="module")
def notebook():
    return nbformat.read(Course().source_notebook("lec2"), as_version=4)


def split_hidden(source):
    """(the code outside the hidden-test regions, the code inside them)."""
    outside, inside, hidden = [], [], False
    for line in source.splitlines():
        if begin(HIDDEN_TESTS) in line:
            hidden = True
        elif end(HIDDEN_TESTS) in line:
            hidden = False
        else:
            (inside if hidden else outside).append(line)
    return "\n".join(outside), "\n".join(inside)


def keys_said(code):
    """The keys of every say(...) call in `code`; each must be a literal string."""
    keys = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "say":
            first = node.args[0] if node.args else None
            assert isinstance(first, ast.Constant) and isinstance(first.value, str), ast.unparse(node)
            keys.add(first.value)
    return keys


def said(assignment):
    """{"visible": keys, "hidden": keys} said by the code cells of the assignment's notebook."""
    visible, hidden = set(), set()
    for cell in nbformat.read(Course().source_notebook(assignment), as_version=4).cells:
        if cell.cell_type == "code":
            outside, inside = split_hidden(cell.source)
            visible |= keys_said(outside)
            hidden |= keys_said(inside)
    return {"visible": visible, "hidden": hidden}


def fields(sentence):
    """The replacement fields of a sentence with their format specs and conversions."""
    return sorted((name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(sentence)
                  if name is not None)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_key_said_is_in_the_catalogue_of_its_kind_and_none_is_unused(assignment):
    keys = said(assignment)
    assert keys["visible"] and keys["hidden"]
    assert keys["visible"] == set(catalogue("en", assignment=assignment))
    assert keys["hidden"] == set(catalogue("en", hidden=True, assignment=assignment))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_hidden_key_or_sentence_is_in_the_released_catalogues(assignment):
    for language in text.LANGUAGES:
        released, hidden = catalogue(language, assignment=assignment), catalogue(language, True, assignment)
        assert not set(released) & set(hidden)
        assert not set(released.values()) & set(hidden.values())
        assert not any(key.startswith("hidden_") for key in released)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
@pytest.mark.parametrize("hidden", [False, True], ids=["visible", "hidden"])
def test_both_languages_have_the_same_keys_and_fields(hidden, assignment):
    en, ja = catalogue("en", hidden, assignment), catalogue("ja", hidden, assignment)
    assert set(en) == set(ja)
    assert {k: fields(v) for k, v in en.items()} == {k: fields(v) for k, v in ja.items()}
    assert all(v.strip() and v != en[k] for k, v in ja.items())  # every sentence translated


def test_japanese_says_the_right_value_not_the_expectation():
    """期待値 is the mathematical expectation in Japanese: "expected 0.5" is 正しい値は 0.5 (JA_GLOSSARY),
    in the tests' sentences, the hidden tests' and the grader's own; the reference solution is 模範解答,
    not 参照解."""
    import autograder.languages.text_ja
    sentences = [s for a in ASSIGNMENTS for hidden in (False, True) for s in catalogue("ja", hidden, a).values()]
    sentences += list(testcell.JA.values()) + [str(getattr(autograder.languages.text_ja, name)) for name in dir(autograder.languages.text_ja)]
    assert not [s for s in sentences if "期待" in s or "参照解" in s]
    assert catalogue("ja")["sigmoid_at_zero"].startswith("sigmoid(0) = {value:.6g} です。正しい値は 0.5 です")


def test_testcells_own_sentences_have_the_same_keys_and_fields_in_both_languages():
    assert set(testcell.EN) == set(testcell.JA)
    assert {k: fields(v) for k, v in testcell.EN.items()} == {k: fields(v) for k, v in testcell.JA.items()}
    assert set(testcell.SENTENCES) == set(text.LANGUAGES)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_setup_cell_binds_say_in_english(assignment):
    notebook = nbformat.read(Course().source_notebook(assignment), as_version=4)
    setup = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")
    assert 'say = messages(language="en")' in setup.source


def test_say_formats_and_names_what_is_missing(tmp_path):
    (tmp_path / "messages.en.json").write_text(json.dumps({"a": "x is {x:.2f}"}))
    say = testcell.messages("en", tmp_path)
    assert say("a", x=1 / 3) == "x is 0.33"
    with pytest.raises(KeyError, match="'b'"):
        say("b")
    with pytest.raises(KeyError, match="'x'"):
        say("a")
    with pytest.raises(FileNotFoundError, match="messages.ja.json"):
        testcell.messages("ja", tmp_path)("a", x=1)
    with pytest.raises(KeyError):
        testcell.messages("fr", tmp_path)


def test_the_edition_in_its_language_folder_reads_the_assignments_catalogue():
    assert testcell.messages("ja", FOLDER / "ja")("step7_train_not_written") == "train はまだ書かれていません。"


def test_the_released_catalogue_cannot_say_a_hidden_sentence():
    with pytest.raises(KeyError, match="hidden_no_mutation"):
        testcell.messages("en", FOLDER)("hidden_no_mutation", names="X")
    assert testcell.messages("en", FOLDER, hidden=True)("hidden_no_mutation", names="X").startswith("these inputs")


@pytest.fixture(scope="module")
def reference(notebook):
    return namespace_with(notebook, ())


def cell_of(notebook, grade_id):
    return next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def test_a_failing_record_judged_in_japanese_says_the_japanese_sentence(notebook, reference):
    source = cell_of(notebook, "test_sigmoid").source
    record = replay(source, reference, "7")
    value = list(record["value"])
    value[2] = value[2] + 0.25  # sigmoid(0) = 0.75, sigmoid(2) unchanged
    records = {"test_sigmoid": {"value": tuple(value)}}
    for language, words in (("ja", "sigmoid(0) = 0.75 です。正しい値は 0.5 です（許容誤差 1e-12）。"),
                            ("en", "sigmoid(0) = 0.75; expected 0.5 (tolerance 1e-12).")):
        with text.speaking(language):
            say = course_say(FOLDER)
        verdict = judge_cell(source, "test_sigmoid", reference, records, "7", say)
        assert not verdict.passed and verdict.message == words


def test_a_hidden_test_judged_in_japanese_says_the_hidden_catalogues_sentence(notebook, reference):
    source = cell_of(notebook, "hidden_confusion_reference").source
    C, acc = replay(source, reference, "7")["value"]
    records = {"hidden_confusion_reference": {"value": (C.T if (C != C.T).any() else C + 1, acc)}}
    with text.speaking("ja"):
        say = course_say(FOLDER)
    verdict = judge_cell(source, "hidden_confusion_reference", reference, records, "7", say)
    assert verdict.message == catalogue("ja", hidden=True)["hidden_confusion_reference_matrix"]


def test_check_in_a_japanese_session_speaks_japanese(capsys):
    cell = {"say": testcell.messages("ja", FOLDER)}
    exec("def judge(out):\n    assert out == 0.5, say('sigmoid_at_zero', value=out)\n"
         "def fine(out):\n    pass\n", cell)
    testcell.check("test_sigmoid", lambda: 0.5, cell["fine"], points=1)
    assert capsys.readouterr().out.strip() == "test_sigmoid 合格（1 点）"
    with pytest.raises(testcell.TestFailed) as failed:
        testcell.check("test_sigmoid", lambda: 0.75, cell["judge"], points=2)
    assert failed.value.line == "test_sigmoid 不合格（2 点）: sigmoid(0) = 0.75 です。正しい値は 0.5 です（許容誤差 1e-12）。"


def test_an_error_is_told_in_the_courses_language():
    """One sentence in Japanese: where, what, then the message (issue 21, item 14)."""
    student = {}  # the student's function, compiled as a notebook cell of its own
    exec(compile("def forward(x):\n    raise ValueError('shapes do not match')\n", "<ipython-input-3-abc>", "exec"),
         student)
    reply = testcell.answer(student, {"call": 1, "function": "forward", "language": "ja",
                                      "arguments": testcell.to_wire(((1,), {}))})
    error = reply["error"]["description"]
    assert error == "forward(x: 1) の中で ValueError が発生しました: shapes do not match", error
    with text.speaking("ja"):
        assert raised(error, "ValueError") == error  # a sentence of its own: nothing glued around it
        assert raised("ValueError: shapes", "ValueError") == "あなたのコードで ValueError: shapes が発生しました"


def test_the_grading_context_speaks_the_language_spoken(course, tmp_path):
    from autograder.grading.grade import make_context
    with text.speaking("ja"):
        ctx = make_context(Course(course), "lec2", course / "submitted", tmp_path)
    assert ctx.say("hidden_confusion_reference_accuracy") == "accuracy(C) が模範解答の正答率と異なります。"
    assert ctx.say.files[0].startswith(str(course))  # the graded course's own catalogues
