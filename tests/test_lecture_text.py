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
