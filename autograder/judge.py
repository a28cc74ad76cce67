"""Decide every autograded test of a submission, in a process where no student code runs.

The student's kernel only recorded what their functions returned on the
tests' inputs (see testcell.py). Here each test cell of the *source* notebook
is executed again with its `check` reading that record, its `test_rng` giving
the same inputs, and the student-facing names bound to the reference
solution, so a judge's own computations (a numerical gradient, the expected
weights) are the reference's. What a judge says comes from its `say`: the
assignment's catalogues (visible and hidden tests') in the course's language,
passed in by the caller (course_say), never read from the student's files.
"""
import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

import testcell
from autograder import text
from autograder.outcomes import test_cells


@dataclass
class Verdict:
    passed: bool
    message: str = ""
    mistake: str | None = None  # the catalogue's words of the known mistake diagnosed (diagnose.py), if any


def course_say(folder, language):
    """The judges' say(key, **fields) in `language`: the catalogues of the visible and the hidden
    tests in the source assignment's `folder`, read now, so that a missing one stops grading
    before anyone is graded (and forked workers share what was read)."""
    say = testcell.messages(language, folder, hidden=True)
    say.catalogue()
    return say


def judge_all(source_nb, reference, records_dir, secret, say):
    """{grade_id: Verdict} for every autograded test cell of the source notebook; `say`: course_say's."""
    return {grade_id: judge_cell(cell.source, grade_id, reference, records_dir, secret, say)
            for grade_id, _, cell in test_cells(source_nb)}


def judge_cell(source, grade_id, reference, records_dir, secret, say, load=testcell.load):
    """`say` words the judge's messages (course_say); `load(records_dir, name)` reads a record;
    the tests pass records kept in memory."""
    verdicts = []

    def check(name, run, judge, points=None):
        verdicts.append(decide(name, judge, records_dir, load))

    namespace = dict(reference, check=check, test_rng=lambda k: testcell.rng_for(k, secret), say=say)
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        exec(compiled(source, grade_id), namespace)
    if len(verdicts) != 1:  # the assignment's own test is broken: the instructor must hear of it
        raise RuntimeError(text.CHECK_CALLS.format(grade_id=grade_id, calls=len(verdicts)))
    return verdicts[0]


@lru_cache(maxsize=256)
def compiled(source, grade_id):
    return compile(source, f"<test {grade_id}>", "exec")


def decide(name, judge, records_dir, load=testcell.load):
    try:
        record = load(records_dir, name)
    except Exception as err:  # whatever the kernel wrote there, it is only data that fails to load
        return Verdict(False, text.RECORD_UNUSABLE.format(reason=f"{type(err).__name__}: {err}"[:300]))
    if record is None:
        return Verdict(False, text.NOT_RECORDED)
    if "error" in record:
        return Verdict(False, raised(record["error"]))
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            judge(record["value"])
    except AssertionError as err:
        return Verdict(False, str(err)[:testcell.MAX_MESSAGE])
    except Exception as err:  # e.g. a result of the wrong shape or type: the student's, in words
        return Verdict(False, text.UNJUDGEABLE.format(error=f"{type(err).__name__}: {err}"[:300]))
    return Verdict(True)


def raised(error):
    if error.startswith("NotImplementedError"):
        return text.NOT_WRITTEN
    return text.RAISED.format(error=error)
