"""Turn whatever a student handed in into the notebook the grader runs, and say what was repaired.

Stock nbgrader fails a whole submission on a copied cell (duplicate grade_id)
or on edited grading metadata, and leaves a deleted test cell to be graded by
hand. Here the notebook to run is rebuilt from the instructor's source notebook
and the student's: test and locked cells always come from the source (so
deleting or editing them loses nothing), answers come from the student, and
every repair is written down in a plain sentence.
"""
import ast
import codecs
import copy
import json
import re
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.v4.nbbase import random_cell_id, validate as validate_cell

from autograder.cells import (BEGIN_HIDDEN, BEGIN_SOLUTION, CODE_STUB, END_HIDDEN, END_SOLUTION, TEXT_STUB,
                              cell_meta, grade_id_of, is_grade, is_solution, nbgrader_meta)
from autograder.languages.editions import code_in
from autograder.languages import text  # every sentence, read at call time


# Answer origins, the values of Rebuilt.answers.
FROM_CELL, MATCHED, MISSING = "cell", "matched by content", "missing"

# ---------------------------------------------------------------- settings
MAX_BYTES = 50 * 1024 * 1024  # larger files are refused unread: a notebook that big is all outputs
# Tried in order after a byte-order mark; cp932 (Shift-JIS) because the first users are Japanese,
# latin-1 last because it decodes anything.
ENCODINGS = (("utf-8", None), ("cp932", "Shift-JIS (cp932)"), ("latin-1", "Latin-1"))
BOMS = ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with a byte-order mark"),
        (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))
CELL_TYPES = ("code", "markdown", "raw")
CELL_ID = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
DEF = re.compile(r"^(?:(?:async\s+)?def|class)\s+([A-Za-z_]\w*)\s*[(:]", re.MULTILINE)


# ================================================================ reading
def read_notebook(path: Path) -> tuple[nbformat.NotebookNode | None, list[str]]:
    """(notebook as nbformat v4, notes) or (None, [why not]); never raises, never writes."""
    path = Path(path)
    try:
        return _read(path)
    except Exception as err:  # the last guard: a student's file must never crash the grader
        return None, [text.UNREADABLE.format(name=path.name, error=f"{type(err).__name__}: {err}"[:200])]


def _read(path):
    name = path.name
    try:
        size = path.stat().st_size
        if size >= MAX_BYTES:  # checked before reading: never load such a file
            return None, [text.TOO_BIG.format(name=name, size=size / 2**20, limit=MAX_BYTES / 2**20)]
        data = path.read_bytes()
    except OSError as err:
        return None, [text.UNREADABLE.format(name=name, error=err.strerror or err)]
    if not data.strip():
        return None, [text.EMPTY.format(name=name)]
    decoded, encoding = decode(data)
    notes = [text.ENCODING.format(name=name, encoding=encoding)] if encoding else []
    try:
        doc = json.loads(decoded)
    except json.JSONDecodeError as err:
        if decoded.lstrip().startswith("<"):
            return None, [text.HTML.format(name=name)]
        return None, [text.NOT_JSON.format(name=name, line=err.lineno, column=err.colno, error=err.msg)]
    except (ValueError, RecursionError) as err:
        return None, [text.UNREADABLE.format(name=name, error=err)]
    nb, more = to_notebook(doc, name)
    return nb, notes + more


def decode(data):
    """(text, name of the encoding if it was not plain UTF-8)."""
    for bom, codec, label in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), label
            except UnicodeDecodeError:
                break
    for codec, label in ENCODINGS:
        try:
            return data.decode(codec), label
        except UnicodeDecodeError:
            continue


def to_notebook(doc, name):
    """A parsed JSON document as a v4 notebook: upgraded from v3, or salvaged when damaged."""
    if not isinstance(doc, dict) or not any(isinstance(doc.get(k), list) for k in ("cells", "worksheets")):
        return None, [text.NOT_NOTEBOOK.format(name=name)]
    notes = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # about cell ids nbformat repairs: nothing a person can act on
            return strict_notebook(doc, name, notes), notes
    except Exception as err:  # invalid in any way: keep what can be kept
        error = (getattr(err, "message", None) or str(err) or type(err).__name__).splitlines()[0][:120]
    if not isinstance(doc.get("cells"), list):  # an old (v3) file that nbformat cannot read: nothing to salvage
        return None, [text.UNREADABLE.format(name=name, error=error)]
    return salvage(doc, name, [text.DAMAGED.format(name=name, error=error)])


def strict_notebook(doc, name, notes):
    """The notebook as nbformat reads it; raises if it is not valid."""
    major = doc.get("nbformat")
    if major not in nbformat.versions:
        raise ValueError(text.UNKNOWN_VERSION.format(version=major))
    nb = nbformat.versions[major].to_notebook_json(copy.deepcopy(doc))  # joins line lists
    if major < 4:
        nb = nbformat.convert(nb, 4)
        notes.append(text.UPGRADED.format(name=name, version=major))
    _, nb = nbformat.validator.normalize(nb)  # repairs duplicate cell ids, a harmless slip
    nbformat.validate(nb)
    return nbformat.from_dict(nb)


def salvage(doc, name, notes):
    """The cells that have a cell_type and a source; everything else of the file is dropped."""
    cells, dropped = [], 0
    for raw in doc["cells"]:
        raw = raw if isinstance(raw, dict) else {}
        source = raw.get("source")
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        if raw.get("cell_type") not in CELL_TYPES or not isinstance(source, str):
            dropped += 1
            continue
        cells.append(new_cell(raw["cell_type"], source, cell_meta(raw), raw.get("attachments"), raw.get("id")))
    if dropped:
        notes.append(text.CELLS_LEFT_OUT.format(cells=text.counted(dropped, text.CELLS), name=name))
    # built directly: nbformat.v4.new_notebook would validate, and a student's metadata may not pass
    return nbformat.from_dict({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}), notes


# ================================================================ finding
def find_notebook(folder: Path, assignment: str) -> tuple[Path | None, list[str]]:
    """The student's notebook in `folder`: the one named after the assignment, else the newest.
    When there are several, a note names the one graded and those ignored."""
    folder, expected = Path(folder), f"{assignment}.ipynb"
    # a link could point at any file the grader can read (the solution, say): never follow one
    places = [p for p in (folder, folder / assignment) if p.is_dir() and not p.is_symlink()]
    links = [p for place in places for p in place.glob("*.ipynb") if p.is_symlink()]
    notes = [text.LINK_IGNORED.format(name=relative(p, folder)) for p in links]
    candidates = [p for place in places for p in place.glob("*.ipynb")
                  if p.is_file() and not p.is_symlink() and not p.name.startswith(".")]
    named = [place / expected for place in places if place / expected in candidates]
    if named:
        chosen = named[0]
    elif candidates:
        chosen = min(candidates, key=lambda p: (-p.stat().st_mtime, str(p)))  # the newest; by name on a tie
        notes.append(text.RENAMED.format(found=relative(chosen, folder), expected=expected))
    else:
        return None, notes + [text.NO_NOTEBOOK.format(expected=expected)]
    others = sorted(relative(p, folder) for p in candidates if p != chosen)
    if others:
        notes.append(text.OTHERS_IGNORED.format(graded=relative(chosen, folder), names=", ".join(others),
                                           expected=expected))
    return chosen, notes


def relative(path, folder):
    return path.relative_to(folder).as_posix()


# ================================================================ rebuilding
@dataclass
class Rebuilt:
    nb: nbformat.NotebookNode | None   # the notebook to run (nbformat v4), None if nothing usable
    notes: list[str]                   # plain-English sentences for the student and the instructor, one per repair
    answers: dict[str, str]            # grade_id -> where the answer came from: FROM_CELL, MATCHED or MISSING


@dataclass
class Slot:
    """One cell of the notebook being rebuilt."""
    cell: nbformat.NotebookNode
    grade_id: str | None = None  # the source grade_id this cell stands for
    number: int | None = None    # its number in the student's notebook; None: inserted from the source

    @property
    def student(self):
        return self.number is not None


def rebuild(source: nbformat.NotebookNode, student: nbformat.NotebookNode | None) -> Rebuilt:
    """The notebook to run: the student's cells in the student's order, the source's tests.
    Answer cells (is_solution: code or written) come from the student; all other graded cells
    (tests, locked set-up, tasks) from the source."""
    graded = graded_cells(source)
    if student is None:
        slots = [Slot(stub(c) if is_solution(c) else fresh(c), grade_id_of(c)) for c in source.cells]
        answers = {gid: MISSING for gid, c in graded.items() if is_solution(c)}
        return Rebuilt(finish(source, slots), [text.NO_SUBMISSION], answers)
    notes, answers = [], {}
    slots = take_student_cells(student, graded, notes)
    keep_last_answer_copies(slots, graded, notes, answers)
    match_answers_by_content(slots, graded, notes, answers)
    restore_missing(slots, graded, notes, answers)
    answers = {gid: answers[gid] for gid in graded if gid in answers}  # in source order
    return Rebuilt(finish(source, slots), list(dict.fromkeys(notes)), answers)  # each sentence once


def take_student_cells(student, graded, notes):
    """Slots for the student's cells: tests and locked cells swapped for the source's."""
    slots, copies = [], Counter()
    for number, cell in enumerate(student.cells, 1):
        meta = cell_meta(cell).get("nbgrader")
        problem = grading_problem(meta) if meta else None
        gid = meta["grade_id"] if meta and not problem else None
        if problem:
            notes.append(text.MALFORMED.format(cell=describe(number, cell), problem=problem))
        elif gid is not None and gid not in graded:
            notes.append(text.UNKNOWN_ID.format(cell=describe(number, cell), grade_id=gid))
            gid = None
        if gid is None:
            slots.append(Slot(plain(cell), None, number))
            continue
        original = graded[gid]
        if settings(meta) != settings(nbgrader_meta(original)):
            notes.append(text.SETTINGS_EDITED.format(grade_id=gid))
        if is_solution(original):
            slots.append(Slot(cell, gid, number))  # settled in keep_last_answer_copies
        elif copies[gid]:
            copies[gid] += 1  # a copied test or locked cell: the first copy is the one that runs
        else:
            copies[gid] = 1
            if edited(cell, original):
                notes.append(text.FIXED_EDITED.format(grade_id=gid))
            slots.append(Slot(fresh(original, cell_id=cell.get("id")), gid, number))
    notes += [text.FIXED_COPIES.format(grade_id=g, count=n) for g, n in copies.items() if n > 1]
    return slots


def keep_last_answer_copies(slots, graded, notes, answers):
    """Every copy of an answer cell runs where it stands (later definitions win, as the
    student saw); only the last one stays the graded answer cell."""
    positions = {}
    for i, slot in enumerate(slots):
        if slot.grade_id is not None and is_solution(graded[slot.grade_id]):
            positions.setdefault(slot.grade_id, []).append(i)
    for gid, (*earlier, last) in positions.items():
        for i in earlier:
            slots[i] = Slot(plain(slots[i].cell), None, slots[i].number)
        if earlier:
            notes.append(text.ANSWER_COPIES.format(grade_id=gid, count=len(earlier) + 1))
        slots[last] = Slot(answer_cell(graded[gid], slots[last].cell, notes), gid, slots[last].number)
        answers[gid] = FROM_CELL


def match_answers_by_content(slots, graded, notes, answers):
    """An answer cell that lost its metadata: the student's plain cell defining its functions."""
    for gid, original in graded.items():
        if gid in answers or not is_solution(original) or original.cell_type != "code":
            continue
        names = defined_names(original.source)
        best, best_count = None, 0
        for i, slot in enumerate(slots):
            if slot.grade_id is None and slot.student and slot.cell.cell_type == "code":
                count = len(names & defined_names(slot.cell.source))
                if count and count >= best_count:  # the most names; on a tie the later cell, as Python would
                    best, best_count = i, count
        if best is not None:
            cell, number = slots[best].cell, slots[best].number
            found = ", ".join(sorted(names & defined_names(cell.source)))
            slots[best] = Slot(answer_cell(original, cell, notes), gid, number)
            notes.append(text.ANSWER_MATCHED.format(grade_id=gid, cell=describe(number, cell), names=found))
            answers[gid] = MATCHED


def restore_missing(slots, graded, notes, answers):
    """Source cells the student no longer has: each right after the last present cell that
    precedes it in the source, so a restored test still runs after the answer it tests."""
    order = list(graded)
    for k, gid in enumerate(order):
        if any(slot.grade_id == gid for slot in slots):
            continue
        present = {slot.grade_id: i for i, slot in enumerate(slots) if slot.grade_id}
        at = next((present[g] + 1 for g in reversed(order[:k]) if g in present), 0)
        original = graded[gid]
        if not is_solution(original):
            slots.insert(at, Slot(fresh(original), gid))
            notes.append((text.TEST_RESTORED if is_grade(original) else text.CELL_RESTORED)
                         .format(grade_id=gid))
            continue
        # The stub must not override the student's own definitions of the same functions
        # (say, an answer merged into another cell): it goes before the first of them.
        names = defined_names(original.source) if original.cell_type == "code" else set()
        own = [i for i, s in enumerate(slots)
               if s.student and s.cell.cell_type == "code" and names & defined_names(s.cell.source)]
        if own and own[0] < at:
            at = own[0]
            found = ", ".join(sorted(names & set().union(*(defined_names(slots[i].cell.source) for i in own))))
            notes.append(text.ANSWER_MISSING_DEFINED.format(grade_id=gid, names=found))
        else:
            notes.append(text.ANSWER_MISSING.format(grade_id=gid))
        slots.insert(at, Slot(stub(original), gid))
        answers[gid] = MISSING


def finish(source, slots):
    """The notebook: the source's metadata, the slots' cells, unique cell ids."""
    nb = nbformat.v4.new_notebook(metadata=copy.deepcopy(source.metadata))
    used = set()
    for slot in slots:
        cell_id = slot.cell.get("id")
        if not isinstance(cell_id, str) or not CELL_ID.match(cell_id) or cell_id in used:
            cell_id = random_cell_id()
        slot.cell["id"] = cell_id
        used.add(cell_id)
        if slot.student and slot.grade_id is None:
            drop_invalid_metadata(slot.cell)
    nb.cells = [slot.cell for slot in slots]
    return nb


def drop_invalid_metadata(cell):
    """A student's own cell metadata (tags, collapsed, ...) means nothing to grading:
    when it breaks the format (a salvaged notebook), it goes."""
    try:
        validate_cell(cell, f"{cell.cell_type}_cell")
    except nbformat.ValidationError:
        cell.metadata = nbformat.NotebookNode()


# ---------------------------------------------------------------- cells
def graded_cells(source):
    """grade_id -> cell for every source cell with nbgrader metadata, in source order."""
    return {gid: cell for cell in source.cells if (gid := grade_id_of(cell))}




def grading_problem(meta):
    """What is wrong with a cell's nbgrader metadata, or None."""
    if not isinstance(meta, dict):
        return text.NOT_A_DICT
    if not isinstance(meta.get("grade_id"), str) or not meta["grade_id"].strip():
        return text.NO_GRADE_ID
    flags = ["grade", "solution"] + (["locked"] if "locked" in meta else [])  # locked may be left out
    for key in flags:
        if not isinstance(meta[key] if key in meta else None, bool):
            return text.NOT_A_FLAG.format(key=key)
    points = meta.get("points", 0)
    if isinstance(points, bool) or not isinstance(points, (int, float)):
        return text.POINTS_NOT_NUMBER
    return None


def settings(meta):
    """The parts of nbgrader metadata that change grading (not checksums or schema versions)."""
    return (bool(meta.get("grade")), bool(meta.get("solution")), bool(meta.get("locked")),
            bool(meta.get("task")), float(meta.get("points") or 0))


def edited(cell, original):
    """Whether a test or locked cell differs from both the source and its released form."""
    def tidy(source):
        return "\n".join(line.rstrip() for line in source.strip().splitlines())
    said = tidy(cell.get("source", ""))
    # as released in any language: a student may hand in the other edition (editions.py)
    released = {code_in(source, language) for language in text.LANGUAGES
                for source in (original.source, without_region(original.source, BEGIN_HIDDEN, END_HIDDEN))}
    return cell.get("cell_type") != original.cell_type or said not in {tidy(s) for s in released}


def without_region(source, begin, end):
    """`source` without the lines from `begin` to `end`, markers included (nbgrader's ClearHiddenTests)."""
    kept, inside = [], False
    for line in source.split("\n"):
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif not inside:
            kept.append(line)
    return "\n".join(kept)


def new_cell(cell_type, source, metadata, attachments=None, cell_id=None):
    """A cell without outputs or execution count; markdown and raw cells keep their attachments."""
    cell = {"cell_type": cell_type, "source": source, "metadata": copy.deepcopy(metadata)}
    if cell_type == "code":
        cell.update(outputs=[], execution_count=None)
    elif isinstance(attachments, dict):
        cell["attachments"] = copy.deepcopy(attachments)
    if isinstance(cell_id, str):
        cell["id"] = cell_id  # finish() replaces it if it is not a valid, unused id
    return nbformat.from_dict(cell)


def fresh(original, cell_id=None):
    """A source cell as it is (in the place of a student's cell, whose id it takes)."""
    return new_cell(original.cell_type, original.source, original.metadata, original.get("attachments"),
                    cell_id or original.get("id"))


def plain(cell):
    """A student's cell without grading metadata."""
    metadata = {k: v for k, v in cell_meta(cell).items() if k != "nbgrader"}
    cell_type = cell.get("cell_type") if cell.get("cell_type") in CELL_TYPES else "raw"
    return new_cell(cell_type, cell.get("source", ""), metadata, cell.get("attachments"), cell.get("id"))


def answer_cell(original, cell, notes):
    """The student's answer with the source's metadata and cell type."""
    if cell.get("cell_type") != original.cell_type:
        notes.append(text.ANSWER_TYPE.format(grade_id=grade_id_of(original), was=cell.get("cell_type"),
                                        now=original.cell_type))
    return new_cell(original.cell_type, cell.get("source", ""), original.metadata,
                    cell.get("attachments"), cell.get("id"))


def stub(original):
    """The answer cell as released: nbgrader's ClearSolutions, replicated in a few lines, since
    importing nbgrader costs 2 s."""
    replacement = CODE_STUB if original.cell_type == "code" else TEXT_STUB
    lines, inside, replaced = [], False, False
    for line in original.source.split("\n"):
        if BEGIN_SOLUTION in line:
            inside = replaced = True
            indent = re.match(r"\s*", line).group(0)
            lines += [indent + s for s in replacement.split("\n")]
        elif END_SOLUTION in line:
            inside = False
        elif not inside:
            lines.append(line)
    return new_cell(original.cell_type, "\n".join(lines) if replaced else replacement,
                    original.metadata, original.get("attachments"), original.get("id"))


def defined_names(source):
    """Top-level function and class names; by regex when the cell does not parse (a magic, a typo)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return set(DEF.findall(source))
    return {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}


def describe(number, cell):
    """A student's cell as a person finds it again: its number and first line."""
    lines = str(cell.get("source", "")).strip().splitlines()
    start = lines[0] if lines else ""
    return text.CELL.format(number=number, start=start if len(start) <= 40 else start[:37] + "...")
