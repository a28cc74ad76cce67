"""An assignment's catalogue of known mistakes, read from the assignment's own folder.

The grader knows nothing of any assignment's content: what students of an
assignment typically get wrong lives beside its source, in
`source/<assignment>/ref/mistakes.py` (the instructor-only folder that the
release leaves out and the sandbox hides). That file is plain data: a list
`MISTAKES` of dicts, a list `DEMO` of the mistakes the demo class makes and a
set `SLOW` of the tests that train for long (not replayed by the diagnosis).
Everything that needs the catalogue (the demo class, the diagnosis, the
tests, the benchmark) reads it through `load_catalogue`, so a next
assignment is a new folder, not a change of autograder/.

Each mistake is an edit of the solution code (a string that must occur
exactly once in one answer cell, so that a change of the solution breaks the
catalogue loudly instead of turning a mistake silently into a correct
answer), made inside one function, with the tests it must fail and words the
message of the first of them must contain.

Each mistake is a dict:

- name: a short id (the demo student's folder, a test's parameter id);
- function: the one student-facing function or class whose code the edits change (a mistake in a
  method is its class's: "Affine");
- words: the mistake in plain words, as feedback and the class report say it (in English; the
  words in another language are in mistakes.<language>.json beside the file, by name);
- edits: (answer cell, old code, new code), the old code occurring exactly once in that cell;
- fails: every autograded test it loses, on every draw of the inputs (it passes all others);
- says: words that the message of its first failed test, in notebook order, contains.

A mistake's `words` (what feedback and the class report say) are English in
mistakes.py; each other language has its own file beside it,
`mistakes.<language>.json`, {mistake name: words}. A catalogue loaded in that
language takes every mistake's words from it, and a missing file or name is an
error, never English in a course of another language.
"""
import json
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from autograder.languages import text
from autograder.cells import nbgrader_meta
from autograder.course import instructor_module
from autograder.grading.solution import strip_solution_markers

FILE_NAME = "mistakes.py"
WORDS_FILE = "mistakes.{language}.json"  # beside it: the words in another language than English


@dataclass(frozen=True)
class Mistake:
    name: str            # a short id: the demo student's name, a test's parameter id
    function: str        # the student-facing function that holds the mistake (and only it)
    words: str           # the mistake in plain words, as feedback and the class report say it
    edits: tuple         # ((answer cell grade_id, old code, new code), ...)
    fails: frozenset     # the autograded tests it must fail; every other test it must pass
    says: tuple = ()     # words the message of its first failed test (notebook order) must contain


@dataclass(frozen=True)
class Catalogue:
    mistakes: tuple      # every Mistake, in the file's order
    demo: tuple          # names of the mistakes the demo class makes, in the class's order
    slow: frozenset = frozenset()  # tests that train for long: the diagnosis does not replay them

    def __getitem__(self, name):
        return next(m for m in self.mistakes if m.name == name)


def catalogue_path(course, assignment):
    return course.instructor_folder(assignment) / FILE_NAME


def load_catalogue(course, assignment):
    """The catalogue of `assignment` in `course`, its words in the language spoken; an empty one if
    it has none."""
    return _read(str(catalogue_path(course, assignment).resolve()), text.language())


@lru_cache(maxsize=8)
def _read(path, language):
    """The catalogue in file `path` with its words in `language`, read once per process and
    language; another language than English reuses the English one (mistakes.py is run once)."""
    if language != "en":
        return in_language(_read(path, "en"), Path(path).with_name(WORDS_FILE.format(language=language)))
    if not Path(path).is_file():
        return Catalogue((), ())
    module = instructor_module(path, f"_mistakes_{abs(hash(path))}")
    mistakes = tuple(
        Mistake(m["name"], m["function"], m["words"], tuple(tuple(e) for e in m["edits"]),
                frozenset(m["fails"]), tuple(m.get("says", ())))
        for m in module.MISTAKES)
    names = [m.name for m in mistakes]
    if len(set(names)) != len(names):
        raise ValueError(text.CATALOGUE_SAME_NAME.format(path=path))
    unknown = set(getattr(module, "DEMO", ())) - set(names)
    if unknown:
        raise ValueError(text.CATALOGUE_UNKNOWN_DEMO.format(path=path, names=sorted(unknown)))
    return Catalogue(mistakes, tuple(getattr(module, "DEMO", ())), frozenset(getattr(module, "SLOW", ())))


def in_language(catalogue, words_path):
    """`catalogue` with every mistake's words those of file `words_path` ({name: words}); every
    mistake must have words there, and the file no others."""
    if not catalogue.mistakes:
        return catalogue
    names = [m.name for m in catalogue.mistakes]
    if not words_path.is_file():
        raise ValueError(text.CATALOGUE_NO_WORDS_FILE.format(path=words_path, names=names))
    words = json.loads(words_path.read_text(encoding="utf-8"))
    missing = [name for name in names if not (isinstance(words.get(name), str) and words[name].strip())]
    if missing:
        raise ValueError(text.CATALOGUE_WORDS_MISSING.format(path=words_path, names=missing))
    extra = sorted(set(words) - set(names))
    if extra:
        raise ValueError(text.CATALOGUE_WORDS_EXTRA.format(path=words_path, names=extra))
    return replace(catalogue, mistakes=tuple(replace(m, words=words[m.name]) for m in catalogue.mistakes))


def solution_sources(source_nb):
    """{grade_id: code or text as a student would write it} for every answer cell."""
    return {nbgrader_meta(c)["grade_id"]: strip_solution_markers(c.source)
            for c in source_nb.cells if nbgrader_meta(c).get("solution")}


def apply_edits(answers, edits):
    """The answers with every edit made; each edit's old code must occur exactly once."""
    answers = dict(answers)
    for grade_id, old, new in edits:
        count = answers[grade_id].count(old)
        if count != 1:
            raise ValueError(text.CATALOGUE_EDIT.format(old=old, count=count, grade_id=grade_id))
        answers[grade_id] = answers[grade_id].replace(old, new)
    return answers
