"""A notebook's edition in another language, kept in step with the English original cell by cell.

The Japanese edition of a lecture is ``lectures/NN_name.ja.ipynb``; of an assignment,
``source/<assignment>/ja/<assignment>.ipynb`` (kept out of the release). It has the English
notebook's cells in the same order:

- a code cell is the English code with ``language="en"`` written ``language="ja"``: which strings
  file it loads is the only thing code says differently, so both editions compute the same;
- a markdown cell is a translation, and its metadata ``translates`` holds the fingerprint of the
  English cell it translates. An English cell that changes gets a new fingerprint, and its
  translation is out of step until a translator updates it and copies the new fingerprint;
- nbgrader's metadata (grade_id, points, locked) is the same, so grading cannot tell them apart.

    python -m autograder.languages.editions ENGLISH.ipynb TRANSLATION.ipynb [--sync] [--start]

lists what is out of step; --sync copies code cells and nbgrader metadata from the English
notebook (it never touches a translation); --start makes a new edition to translate.
"""
import argparse
import copy
import hashlib
import re
import sys

import nbformat

from autograder.languages import text
TRANSLATES = "translates"          # cell metadata: the fingerprint of the English cell translated
EDITION = "edition"                # notebook metadata: the language of a translation
SPOKEN = re.compile('language="(?:' + "|".join(text.LANGUAGES) + ')"')   # the one thing code says per edition
KEY = re.compile(r"<!--\s*key:\s*(.+?)\s*-->", re.S)   # the lectures' checked numbers


def fingerprint(source):
    """12 hex digits that change whenever the English text does."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:12]


def code_in(source, language):
    """A code cell's source (of any edition) as the edition in `language` has it."""
    return SPOKEN.sub(f'language="{language}"', source)


def language_of(nb):
    return nb.metadata.get(EDITION, "en")


def out_of_step(english, translation):
    """The ways `translation` differs from `english` other than by translated prose ([] if none)."""
    language = language_of(translation)
    if len(english.cells) != len(translation.cells):
        return [f"the English notebook has {len(english.cells)} cells, the translation {len(translation.cells)}: "
                "cells must correspond one to one"]
    problems = []
    for number, (en, tr) in enumerate(zip(english.cells, translation.cells), start=1):
        where = f"cell {number} ({en.source.strip()[:40]!r})"
        if en.cell_type != tr.cell_type:
            problems.append(f"{where} is {en.cell_type} in English, {tr.cell_type} in the translation")
            continue
        if en.metadata.get("nbgrader") != tr.metadata.get("nbgrader"):
            problems.append(f"{where}: its nbgrader metadata differs from the English (--sync copies it)")
        if en.cell_type == "code":
            if tr.source != code_in(en.source, language):
                problems.append(f"{where}: the code differs from the English (--sync copies it)")
        elif TRANSLATES not in tr.metadata:
            problems.append(f"{where} is not translated yet (no '{TRANSLATES}' in its metadata)")
        elif tr.metadata[TRANSLATES] != fingerprint(en.source):
            problems.append(f"{where} changed in English since it was translated: translate the change, "
                            f"then set '{TRANSLATES}' to {fingerprint(en.source)}")
        elif KEY.findall(en.source) != KEY.findall(tr.source):
            problems.append(f"{where}: its key markers differ from the English ones")
    return problems


def sync(english, translation):
    """Copy code cells and nbgrader metadata from English; return how many cells changed."""
    if len(english.cells) != len(translation.cells):
        raise ValueError(out_of_step(english, translation)[0])
    language, changed = language_of(translation), 0
    for en, tr in zip(english.cells, translation.cells):
        before = copy.deepcopy(tr)
        if en.cell_type == "code" and tr.cell_type == "code":
            tr.source = code_in(en.source, language)
        if "nbgrader" in en.metadata:
            tr.metadata["nbgrader"] = copy.deepcopy(en.metadata["nbgrader"])
        else:
            tr.metadata.pop("nbgrader", None)
        changed += tr != before
    return changed


def start(english, language):
    """A new edition: the English notebook with its code in `language`, every markdown cell untranslated."""
    translation = copy.deepcopy(english)
    translation.metadata[EDITION] = language
    for cell in translation.cells:
        cell.metadata.pop(TRANSLATES, None)
        if cell.cell_type == "code":
            cell.source = code_in(cell.source, language)
            cell.outputs, cell.execution_count = [], None
    return translation


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder.languages.editions", description=__doc__.split("\n")[0])
    parser.add_argument("english")
    parser.add_argument("translation")
    parser.add_argument("--sync", action="store_true", help="copy code cells and nbgrader metadata from English")
    parser.add_argument("--start", metavar="LANGUAGE", choices=text.LANGUAGES[1:], help="make a new edition")
    args = parser.parse_args(argv)
    english = nbformat.read(args.english, as_version=4)
    if args.start:
        nbformat.write(start(english, args.start), args.translation)
    translation = nbformat.read(args.translation, as_version=4)
    if args.sync:
        print(f"{sync(english, translation)} cells updated from {args.english}")
        nbformat.write(translation, args.translation)
    problems = out_of_step(english, translation)
    for problem in problems:
        print(problem)
    print(f"{args.translation}: {'in step with' if not problems else 'out of step with'} {args.english}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
