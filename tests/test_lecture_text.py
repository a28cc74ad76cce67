"""Each lecture's strings file (lectures/text/NN_*.<language>.json) and the lecture agree.

A lecture reads its sentences with TEXT["name"]: each such name must be in
its file (else the lecture stops with a KeyError halfway), and each name in
the file must appear quoted in the lecture's code (else a translator
translates a sentence no one sees). Without this test, a string deleted from
a lecture lingers in the file, and a misspelt name is found only by running
the lecture. The Japanese edition's file has the same names as the English
one, and each of its sentences the same format fields.
"""
import string
import importlib.util
import json
import re

import nbformat
import pytest

from conftest import REPO

LECTURES = REPO / "lectures"
NOTEBOOKS = sorted(p for p in LECTURES.glob("*.ipynb") if p.name[:1].isdigit())
ENGLISH = [p for p in NOTEBOOKS if ".ja." not in p.name]


def lecture_and_language(path):
    """('01_three_layer_network', 'ja') for 01_three_layer_network.ja.ipynb."""
    name = path.name[:-len(".ipynb")]
    return (name[:-3], "ja") if name.endswith(".ja") else (name, "en")
USED = re.compile(r"""TEXT\[["']([^"']+)["']\]""")


def lecture_text_module():
    spec = importlib.util.spec_from_file_location("lecture_text", LECTURES / "lecture_text.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def code_of(path):
    nb = nbformat.read(str(path), as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_name_a_lecture_uses_is_in_its_file(path):
    lecture, language = lecture_and_language(path)
    text = lecture_text_module().load(lecture, language)
    missing = sorted(set(USED.findall(code_of(path))) - set(text))
    assert not missing, f"{path.name}: TEXT names missing from text/{lecture}.{language}.json: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_name_in_the_file_is_used(path):
    code = code_of(path)
    lecture, language = lecture_and_language(path)
    text = lecture_text_module().load(lecture, language)
    unused = sorted(name for name in text if f'"{name}"' not in code and f"'{name}'" not in code)
    assert not unused, f"text/{lecture}.{language}.json holds names {path.name} never uses: {unused}"


def fields(value):
    """The format fields of a sentence (or of every string in a list or object) as the arguments
    they take: 0, 1, ... for {} and {:.4f} alike. Widths may differ (a Japanese character takes
    two columns) and a translation may take the arguments in another order."""
    if isinstance(value, str):
        try:
            parsed = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
        except ValueError:  # not a format string: a label with TeX braces, shown as it is
            return set()
        return {str(i) if name == "" else name for i, name in enumerate(parsed)}
    items = value.values() if isinstance(value, dict) else value
    return [fields(v) for v in items]


def takes_no_other(japanese, english):
    """Whether the Japanese sentence(s) format only arguments the English is given."""
    if isinstance(japanese, set):
        return japanese <= english
    return len(japanese) == len(english) and all(takes_no_other(j, e) for j, e in zip(japanese, english))


@pytest.mark.parametrize("path", ENGLISH, ids=lambda p: p.stem)
def test_the_japanese_file_has_the_same_names_and_fields(path):
    english, japanese = (lecture_text_module().load(path.stem, language) for language in ("en", "ja"))
    assert sorted(japanese) == sorted(english), (
        f"text/{path.stem}.ja.json and .en.json name different strings: "
        f"only English {sorted(set(english) - set(japanese))}, only Japanese {sorted(set(japanese) - set(english))}")
    differ = [name for name in english if not takes_no_other(fields(japanese[name]), fields(english[name]))]
    assert not differ, f"text/{path.stem}.ja.json: format fields differ from the English in {differ}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_lecture_keeps_its_strings_inline(path):
    code = code_of(path)
    lecture, language = lecture_and_language(path)
    assert f'lecture_text.load("{lecture}", language="{language}")' in code, f"{path.name} does not load its strings file"
    assert not re.search(r"^TEXT\s*=\s*\{", code, re.M), f"{path.stem} defines TEXT inline again"


def test_strings_files_are_utf8_json_of_strings():
    for path in sorted((LECTURES / "text").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(data, dict), path.name

        def strings(value):
            if isinstance(value, str):
                return True
            items = value.values() if isinstance(value, dict) else value
            return isinstance(value, (list, dict)) and all(strings(v) for v in items)
        bad = [k for k, v in data.items() if not strings(v)]
        assert not bad, f"{path.name}: values that are not strings (or lists/objects of them): {bad}"


# ---- the Japanese edition's style (../shared/JA_GLOSSARY.md, "Style"): what a machine can see

JAPANESE_NOTEBOOKS = [p for p in NOTEBOOKS if ".ja." in p.name]
JA = "\u3040-\u30ff\u4e00-\u9fff"          # kana and kanji
# spellings the glossary rules out, and the word it uses instead
RULED_OUT = {
    "閾値": "しきい値", "見えているテスト": "公開テスト", "見えるテスト": "公開テスト", "参照解": "模範解答",
    "期待値": "正しい値 (期待値 is the expectation)", "惜しい": "正しくありません", "コース": "この講座",
    "この講義": "この講座 (or この回)", "私たち": "what the reader does", "誤報": "偽陽性", "行列微分": "(no lecture uses it)",
    "seed": "参考文献 [NNN]",
}
# a number and its counter (or %) are written together: 「2つ」「74.3%」
COUNTER = re.compile(r"(?:\d|\})[ \u00a0]+(?:%|つ|個|回(?!帰)|枚|層|節|倍|番目|次元|桁|秒|件|種類|通り|エポック|ステップ"
                     r"|クラス|ラウンド|画素|成分|箇所)")
LATIN_IN_TEXT = re.compile(r"\\text\{(?:[^{}]|\{[^{}]*\})*?[A-Za-z]{2,}(?:[^{}]|\{[^{}]*\})*\}")
ITALIC_JAPANESE = re.compile(rf"(?<![*A-Za-z0-9])\*(?=[^*\s])[^*\n]*[{JA}][^*\n]*(?<=[^*\s])\*(?!\*)")


def prose(markdown):
    """What a reader reads as text: markdown without code and without HTML comments (the key markers)."""
    text = re.sub(r"```.*?```", "", markdown, flags=re.S)
    text = re.sub(r"`[^`\n]*`", "", text)
    return re.sub(r"<!--.*?-->", "", text, flags=re.S)


def style_problems(text, where):
    found = [f"{where}: {m.group(0)!r}: write number and counter together" for m in COUNTER.finditer(text)]
    found += [f"{where}: {word!r}: write {instead}" for word, instead in RULED_OUT.items() if word in text]
    return found


def japanese_strings(value):
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value
    return [s for v in items for s in japanese_strings(v)]


@pytest.mark.parametrize("path", JAPANESE_NOTEBOOKS, ids=lambda p: p.stem)
def test_japanese_edition_follows_the_glossary_style(path):
    nb = nbformat.read(str(path), as_version=4)
    problems = []
    for number, cell in enumerate(nb.cells, 1):
        if cell.cell_type != "markdown":
            continue
        where = f"{path.name} cell {number}"
        text = prose(cell.source)
        problems += style_problems(text, where)
        problems += [f"{where}: {m.group(0)!r}: no English inside a formula" for m in LATIN_IN_TEXT.finditer(text)]
        problems += [f"{where}: {m.group(0)!r}: no italics on kana or kanji (bold instead)"
                     for m in ITALIC_JAPANESE.finditer(re.sub(r"\$\$.*?\$\$|\$[^$]*\$", "", text, flags=re.S))]
    lecture, _ = lecture_and_language(path)
    for sentence in japanese_strings(lecture_text_module().load(lecture, "ja")):
        problems += style_problems(sentence, f"text/{lecture}.ja.json")
    assert not problems, "\n".join(problems)


def test_the_style_test_sees_what_it_should():
    assert len(style_problems("74.3 %、2 つ、{} 枚、惜しい、このコース、seed 004", "x")) == 6
    assert style_problems("74.3%、2つ、10クラス、1 回帰、正しくありません、この講座、参考文献 [004]", "x") == []
    assert LATIN_IN_TEXT.search(r"$\text{number of samples}$") and not LATIN_IN_TEXT.search(r"$\text{サンプル数 } k$")
    assert ITALIC_JAPANESE.search("は*正しい*コード") and not ITALIC_JAPANESE.search("**正しい**コード")
    assert "seed" not in prose("`train(..., seed=0)` と <!-- key: seed004_acc_pct -->")


def test_the_glossary_uses_the_glossary_words_and_says_which_edition_a_link_opens():
    nb = nbformat.read(str(LECTURES / "glossary.ipynb"), as_version=4)
    text = prose("\n".join(c.source for c in nb.cells if c.cell_type == "markdown"))
    ruled_out = [word for word in RULED_OUT if word != "seed" and word in text]   # its English half may say seed
    assert not ruled_out, f"glossary.ipynb uses {ruled_out}"
    assert not re.search(r"\[\d+\]\(0\d_", text), "a link named only by a number does not say which edition it opens"
