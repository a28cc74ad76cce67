"""Name the known mistake behind a failed test, when the student's result is exactly what it gives.

The assignment's catalogue (catalogue.py) lists known mistakes, each an edit of
the solution inside one function. For a failed test, the test's own `run()` is
executed here, in the grader's process (replay.py), with the student-facing
names of the solution in which only that function is mistaken, on the same
inputs. A mistake is named only when its result equals the student's record
and no other mistake of the catalogue gives that record too: a record that two
mistakes explain names neither (the judge's message still says what was
measured). Nothing of the student's runs here: only their recorded result is
compared.

A record can match a mistake whose function is right: a sigmoid that writes into its
argument hands backward f(u) for u, which is what "f_prime evaluated at z" gives. So a mistake
is named only where it shows first: the student's record on its own test (the first test it
loses, in notebook order) is its record too, and every earlier test that calls its function
passed.
"""
from functools import lru_cache

import nbformat
import numpy as np

from autograder.languages import text
from autograder.outcomes import test_cells
from autograder.grading.replay import calls, namespace_with, namespaces, replay

def diagnose(source_nb, verdicts, records, seed, catalogue):
    """Add the plain-words name of a known mistake to each failed verdict it explains.

    Failed tests are taken in notebook order. A mistake already named is tried first; only
    if none explains the record are all the catalogue's mistakes in the functions the test
    calls tried, and one is named only if it alone explains it. The catalogue's slow tests
    (they train for long) are not replayed, so that a wrong submission costs little more
    than a right one: their own messages name the function to fix first. `records`: {test:
    record} of the student's functions (judge.run_test), their errors told in the language spoken,
    as a replayed error is told too.
    """
    if not catalogue.mistakes:
        return
    source_json = nbformat.writes(source_nb)
    cells = {grade_id: cell for grade_id, _, cell in test_cells(source_nb)}
    variants = namespaces(source_json, catalogue.mistakes)
    failed = [g for g in cells if g in verdicts and not verdicts[g].passed]
    named, shown = [], {}

    def shows_first(mistake):
        if mistake not in shown:
            shown[mistake] = shown_first(mistake, source_json, cells, verdicts, records, variants, seed,
                                         catalogue.slow)
        return shown[mistake]

    for grade_id in (g for g in failed if g not in catalogue.slow):
        mistake = explain(cells[grade_id].source, named, variants, records.get(grade_id), seed, shows_first)
        if mistake is None:
            called = called_by(source_json, grade_id)
            suspects = [m for m in catalogue.mistakes if m.function in called and m not in named]
            mistake = explain(cells[grade_id].source, suspects, variants, records.get(grade_id), seed, shows_first)
        if mistake:
            named += [] if mistake in named else [mistake]
            verdict = verdicts[grade_id]
            verdict.mistake = mistake.words
            verdict.message = (verdict.message.rstrip(". 。") + text.SENTENCE_BREAK
                               + text.KNOWN_MISTAKE.format(function=mistake.function, mistake=mistake.words))


@lru_cache(maxsize=64)
def called_by(source_json, grade_id):
    """The functions of the solution that test `grade_id`'s run() calls, traced once per process."""
    nb = nbformat.reads(source_json, as_version=4)
    cell = next(cell for g, _, cell in test_cells(nb) if g == grade_id)
    return frozenset(calls(cell.source, namespace_with(nb, ()), "0"))


def explain(source, suspects, variants, mine, seed, plausible=lambda mistake: True):
    """The one mistake in `suspects` whose result equals the student's record `mine`, if `plausible`;
    None if none or several."""
    if not suspects or mine is None:
        return None
    matches = [m for m in suspects if same(mine, replay(source, variants[m], seed))]
    return matches[0] if len(matches) == 1 and plausible(matches[0]) else None


def shown_first(mistake, source_json, cells, verdicts, records, variants, seed, slow):
    """Whether the student's results show `mistake` where it shows first: on its own test (the first
    it loses, in notebook order; a slow one is not replayed) the student's record is the mistake's,
    and every earlier test that calls its function passed. A function that passes its own tests
    is no known mistake's, whatever a later record looks like."""
    order = list(cells)
    own = next((g for g in order if g in mistake.fails), None)
    if own is None:
        return False
    for grade_id in order[:order.index(own)]:
        if mistake.function in called_by(source_json, grade_id) and not verdicts.get(grade_id, _PASSED).passed:
            return False
    if own in slow:
        return True
    mine = records.get(own)
    return mine is not None and same(mine, replay(cells[own].source, variants[mistake], seed))


class _PASSED:  # a test without a verdict (not run) counts as passed: nothing shows against the mistake
    passed = True


def same(a, b):
    """Equal records: the same structure, numbers equal to rounding."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, str) or isinstance(b, str) or a is None or b is None:
        return type(a) is type(b) and a == b
    try:
        x, y = np.asarray(a), np.asarray(b)
        return x.shape == y.shape and bool(np.allclose(x, y, rtol=1e-9, atol=1e-12, equal_nan=True))
    except (TypeError, ValueError):
        return False
