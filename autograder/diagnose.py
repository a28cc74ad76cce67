"""Name the known mistake behind a failed test, when the student's result is exactly what it gives.

Each known mistake is an edit of the solution (the demo class is made of the
same edits). For a failed test, the test's own `run()` is executed here, in
the grader's process, with the student-facing names bound to each mistaken
solution in turn, on the same inputs; a result equal to the student's names
the mistake in plain words. Nothing of the student's runs here: only their
recorded result is compared.
"""
import warnings
from functools import lru_cache

import numpy as np

import testcell
from autograder import text
from autograder.demo import CLASS, apply_edits, solution_sources
from autograder.outcomes import test_cells
from autograder.solution import run_reference_cells

EXTRA = [  # mistakes that no demo student makes, but students do
    ("inputs modified in place: sgd_step changes the caller's W and V",
     [("sgd_step", "    return W - eta * grad_W, V - eta * grad_V",
       "    W -= eta * grad_W\n    V -= eta * grad_V\n    return W, V")]),
    ("the wrong random generator in train: np.random's global one instead of np.random.default_rng(seed)",
     [("train", "    rng = np.random.default_rng(seed)", "    np.random.seed(seed)\n    rng = np.random")]),
]
MISTAKES = [(s.mistake, s.edits) for s in CLASS if s.edits] + EXTRA
# tests whose run() trains for long: replayed only for the mistakes already named in a quick test
SLOW = {"hidden_accuracy", "hidden_overfit"}


@lru_cache(maxsize=4)
def variants(source_json):
    """[(words, namespace)] of the solution with each known mistake, built once per process."""
    import nbformat
    nb = nbformat.reads(source_json, as_version=4)
    answers = solution_sources(nb)
    return [(words, vars(run_reference_cells(nb, "mistake", apply_edits(answers, edits))))
            for words, edits in MISTAKES]


def diagnose(source_nb, verdicts, records_dir, seed):
    """Add the plain-words name of a known mistake to each failed verdict it explains."""
    import nbformat
    cells = {grade_id: cell for grade_id, _, cell in test_cells(source_nb)}
    mistakes = variants(nbformat.writes(source_nb))
    failed = [g for g, verdict in verdicts.items() if not verdict.passed]
    named = set()
    for grade_id in sorted(failed, key=lambda g: g in SLOW):  # the quick tests first
        suspects = [m for m in mistakes if m[0] in named] if grade_id in SLOW else mistakes
        words = explain(cells[grade_id].source, suspects, records_dir, grade_id, seed)
        if words:
            named.add(words)
            verdict = verdicts[grade_id]
            verdict.message = verdict.message.rstrip(". ") + ". " + text.KNOWN_MISTAKE.format(mistake=words)
            verdict.mistake = words


def explain(source, suspects, records_dir, grade_id, seed):
    """The words of the first mistake in `suspects` whose result equals the student's record, if any."""
    try:
        mine = testcell.load(records_dir, grade_id)
    except Exception:  # unusable records are already said in the verdict
        return None
    if mine is None:
        return None
    return next((words for words, namespace in suspects if same(mine, replay(source, namespace, seed))), None)


def replay(source, namespace, seed):
    """The record that the test cell's run() gives with the names in `namespace`."""
    result = {}

    def check(name, run, judge, points=None):
        try:
            result["value"] = testcell.unpack(testcell.pack(run()))
        except Exception as err:
            result["error"] = testcell.describe_error(err)  # in the words the student's kernel recorded

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        exec(compile(source, "<replay>", "exec"),
             dict(namespace, check=check, test_rng=lambda k: testcell.rng_for(k, seed)))
    return result


def same(a, b):
    """Equal records: the same structure, numbers equal to rounding."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, str) or isinstance(b, str) or a is None or b is None:
        return a == b
    try:
        x, y = np.asarray(a), np.asarray(b)
        return x.shape == y.shape and bool(np.allclose(x, y, rtol=1e-9, atol=1e-12, equal_nan=True))
    except (TypeError, ValueError):
        return False
