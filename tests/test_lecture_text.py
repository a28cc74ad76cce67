"""Each lecture's strings file (lectures/text/NN_*.en.json) and the lecture agree.

A lecture reads its sentences with TEXT["name"]: each such name must be in
its file (else the lecture stops with a KeyError halfway), and each name in
the file must appear quoted in the lecture's code (else a translator
translates a sentence no one sees). Without this test, a string deleted from
a lecture lingers in the file, and a misspelt name is found only by running
the lecture.
"""
import importlib.util
import json
import re

import nbformat
import pytest

from conftest import REPO

LECTURES = REPO / "lectures"
NOTEBOOKS = sorted(p for p in LECTURES.glob("*.ipynb") if p.name[:1].isdigit())
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
    text = lecture_text_module().load(path.stem)
    missing = sorted(set(USED.findall(code_of(path))) - set(text))
    assert not missing, f"{path.stem}: TEXT names missing from text/{path.stem}.en.json: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_name_in_the_file_is_used(path):
    code = code_of(path)
    text = lecture_text_module().load(path.stem)
    unused = sorted(name for name in text if f'"{name}"' not in code and f"'{name}'" not in code)
    assert not unused, f"text/{path.stem}.en.json holds names {path.stem} never uses: {unused}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_lecture_keeps_its_strings_inline(path):
    code = code_of(path)
    assert f'lecture_text.load("{path.stem}")' in code, f"{path.stem} does not load its strings file"
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
