"""The known mistakes' words in every language: mistakes.py's English, mistakes.<language>.json's others.

A course in Japanese hears its students' known mistakes in Japanese (feedback, the class
report, the demo table), and an instructor whose Japanese file lacks a mistake hears of it
instead of getting English.
"""
import json
import re
import shutil

import nbformat
import pytest

from autograder.commands import demo
from autograder.languages import text, text_ja
from autograder.grading.catalogue import WORDS_FILE, catalogue_path, load_catalogue
from autograder.course import Course
from autograder.outcomes import ResultRow
from autograder.grading.submissions import Submission
from assignments import ASSIGNMENTS, catalogue_in
from replaying import CatalogueGrader

ENGLISH = load_catalogue(Course(), "lec2")
JAPANESE_FILE = catalogue_path(Course(), "lec2").with_name(WORDS_FILE.format(language="ja"))
KANA_OR_KANJI = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
CODE = re.compile(r"[A-Za-z_]\w*(?:\.\w+)+|\w*_\w*|[A-Za-z]\w*\(")  # np.dot, cross_entropy, relu'(: code names


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_both_languages_name_the_same_mistakes(assignment):
    english = load_catalogue(Course(), assignment)
    japanese_file = catalogue_path(Course(), assignment).with_name(WORDS_FILE.format(language="ja"))
    words = json.loads(japanese_file.read_text(encoding="utf-8"))
    assert list(words) == [m.name for m in english.mistakes]  # every mistake, no other, in the same order
    japanese = catalogue_in(assignment, "ja")
    assert len(japanese.mistakes) == len(english.mistakes) >= 25
    for en, ja in zip(english.mistakes, japanese.mistakes):
        assert (ja.name, ja.function, ja.edits, ja.fails, ja.says) == (en.name, en.function, en.edits, en.fails, en.says)
        assert ja.words == words[ja.name] != en.words
        assert KANA_OR_KANJI.search(ja.words), ja.name
        assert not ja.words.endswith(("。", ".")), ja.name  # text_ja.KNOWN_MISTAKE ends the sentence
        assert not re.search(r"[\u3040-\u9fff][,.] ?[\u3040-\u9fff]", ja.words), ja.name  # full-width 、 in Japanese
        assert [c for c in CODE.findall(en.words) if c not in ja.words] == [], ja.name  # code unchanged
    assert japanese.demo == english.demo and japanese.slow == english.slow


def test_english_stays_the_default():
    # equal, not the same object: the cache (8 entries) may have let it go since the module loaded
    assert catalogue_in("lec2", "en") == load_catalogue(Course(), "lec2") == ENGLISH
    assert ENGLISH["bias_slice"].words == "delta1 uses V[:, :-1] (keeps the bias column, drops the last unit)"


def a_course(tmp_path, words=None):
    """A course root holding only lec2's mistakes.py, and `words` as its Japanese file (None: none)."""
    ref = catalogue_path(Course(tmp_path), "lec2").parent
    ref.mkdir(parents=True)
    shutil.copyfile(catalogue_path(Course(), "lec2"), ref / "mistakes.py")
    if words is not None:
        (ref / WORDS_FILE.format(language="ja")).write_text(json.dumps(words, ensure_ascii=False), encoding="utf-8")
    return Course(tmp_path)


def test_a_language_without_all_the_words_is_an_error_never_english(tmp_path):
    """The instructor hears what is missing in the grader's language."""
    words = json.loads(JAPANESE_FILE.read_text(encoding="utf-8"))
    with pytest.raises(ValueError, match=r"mistakes\.ja\.json がありません。既知の誤りすべての説明が必要です: .*'bias_last'"):
        catalogue_in("lec2", "ja", a_course(tmp_path / "none"))
    fewer = {k: v for k, v in words.items() if k not in ("ce_sum", "train_not_assigned")}
    with pytest.raises(ValueError, match=r"mistakes\.ja\.json に次の既知の誤りの説明がありません: \['ce_sum', 'train_not_assigned'\]"):
        catalogue_in("lec2", "ja", a_course(tmp_path / "fewer", fewer))
    with pytest.raises(ValueError, match=r"mistakes\.ja\.json に次の既知の誤りの説明がありません: \['bias_zero'\]"):
        catalogue_in("lec2", "ja", a_course(tmp_path / "blank", dict(words, bias_zero=" ")))
    with pytest.raises(ValueError, match=r"mistakes\.ja\.json に、カタログにない誤りの説明があります: \['bias_first'\]"):
        catalogue_in("lec2", "ja", a_course(tmp_path / "more", dict(words, bias_first="…")))
    assert load_catalogue(a_course(tmp_path / "en"), "lec2").mistakes == ENGLISH.mistakes  # English needs no file
    assert catalogue_in("lec2", "ja", Course(tmp_path / "empty")).mistakes == ()  # no catalogue: nothing to say


def test_a_japanese_diagnosis_says_the_japanese_words():
    """bias_slice graded as a Japanese course grades it: its first failed test names the mistake in Japanese."""
    japanese = catalogue_in("lec2", "ja")
    nb = nbformat.read(Course().edition_notebook("lec2", "ja"), as_version=4)
    grader = CatalogueGrader(nb, japanese, ("hidden_overfit", "hidden_train_reference", "hidden_accuracy"),
                             Course().source_folder("lec2"), "ja")
    mistake = japanese["bias_slice"]
    verdicts = grader.verdicts(mistake.name, "20261130", diagnosed=True)
    named = [g for g, v in verdicts.items() if v.mistake]
    assert named and all(verdicts[g].mistake == mistake.words for g in named)
    said = text_ja.KNOWN_MISTAKE.format(function="backward", mistake=mistake.words)
    assert said == "あなたの結果は、backward の既知の誤りが出す結果とちょうど一致します: " \
                   "delta1 で V[:, :-1] を使っている（バイアスの列が残り、最後のユニットが落ちる）。"
    assert all(verdicts[g].message.endswith("。" + said) for g in named), verdicts[named[0]].message
    assert not any(ENGLISH["bias_slice"].words in v.message for v in verdicts.values())


def test_the_grading_context_and_the_demo_table_use_the_words_of_the_language_spoken(course, tmp_path, capsys):
    from autograder.grading.grade import make_context
    with text.speaking("ja"):
        ctx = make_context(Course(course), "lec2", course / "submitted", tmp_path / "ja")
    assert ctx.catalogue["bias_slice"].words == catalogue_in("lec2", "ja")["bias_slice"].words
    english = make_context(Course(course), "lec2", course / "submitted", tmp_path / "en")
    assert english.catalogue["bias_slice"].words == ENGLISH["bias_slice"].words

    english_class = demo.demo_class(Course(course), "lec2")
    sub = Submission("bias_slice", graded=True, tests=[ResultRow("test_backward_gradcheck", 0.0, 3.0, "failed", "…")])
    with text.speaking("ja"):
        demo.print_table([sub], 100)
        shown = capsys.readouterr().out  # wrapped to the terminal's width: read across its lines
        assert "バイアスの列が残り" in "".join(shown.split()) and "keeps the bias column" not in " ".join(shown.split())
        demo.print_table([sub], 100, english_class)
    assert "keeps the bias column" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_demo_table_lists_under_each_row_the_tests_it_failed(language, capsys, monkeypatch):
    """The header says "mistake, and the tests it failed": each row says so, named ("failed: …", or
    that it failed none), wrapped to a narrow terminal's width instead of 110 columns."""
    monkeypatch.setenv("COLUMNS", "80")
    failed = ["test_backward_gradcheck", "test_sgd_step_seed000", "hidden_gradcheck_random", "hidden_tanh_relu",
              "hidden_overfit", "hidden_train_reference", "hidden_accuracy"]
    subs = [Submission("bias_slice", graded=True, tests=[ResultRow("test_add_bias", 1.0, 1.0, "passed", "")] + [
                ResultRow(test, 0.0, 2.0, "failed", "…") for test in failed]),
            Submission("solution", graded=True, tests=[ResultRow("test_add_bias", 1.0, 1.0, "passed", "")])]
    with text.speaking(language):
        demo.print_table(subs, 33, demo.demo_class(Course(), "lec2"))
    lines = capsys.readouterr().out.splitlines()
    assert not [line for line in lines if demo.width(line) > 80]
    rows = [i for i, line in enumerate(lines) if line.startswith(("bias_slice ", "solution "))]
    said = {"en": ("failed: ", "none"), "ja": ("不合格: ", "なし")}[language]
    block = [line.strip() for line in lines[rows[0]:rows[1]]]  # the row, its mistake's words wrapped, its tests
    start = next(i for i, line in enumerate(block) if line.startswith(said[0]))
    assert " ".join(block[start:]).strip() == said[0] + ", ".join(failed)
    assert said[0] + said[1] in [line.strip() for line in lines[rows[1]:]]
