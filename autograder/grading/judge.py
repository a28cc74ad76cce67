"""Run and decide every autograded test, in the grader's process: no test code runs in the student's.

Each test cell of the *source* notebook runs here (run_test). Its `check(name, run, judge)`
calls run() with the student-facing names bound to proxies of the student's functions
(calls.py), which the sandboxed kernel answers; what they answer is the test's record. Then the
cell runs again with those names bound to the reference solution, and its judge(record) decides,
so a judge's own computations (a numerical gradient, the expected weights) are the reference's. Inputs come from
test_rng here, seeded by a secret that never leaves this process. What a judge says comes from
its `say`: the assignment's catalogues (visible and hidden tests') in the language spoken,
passed in by the caller (course_say), never read from the student's files.

judge_cell decides a test from a record made elsewhere (a replay of a known mistake, say).
"""
import re
import warnings
from functools import lru_cache

import numpy as np

import testcell
from autograder.languages import text
from autograder.grading.calls import later, member, record_of, strict
from autograder.outcomes import Verdict


def course_say(folder):
    """The judges' say(key, **fields) in the language spoken: the catalogues of the visible and the
    hidden tests in the source assignment's `folder`, read now, so that a missing one stops grading
    before anyone is graded (and forked workers share what was read)."""
    say = testcell.messages(text.language(), folder, hidden=True)
    say.catalogue()
    return say


def run_test(source, grade_id, reference, answers, seed, say):
    """(record, Verdict) of one test cell: its run() with `answers` ({name: Proxy}) in place of the
    student-facing names, then judged as judge_cell judges, in a namespace of its own, so that
    the judge sees the test's inputs as drawn even where the student's code wrote into them.
    KernelGone, when the kernel stops during run(), goes to the caller: the test has no record."""
    records = {}

    def check(name, run, judge, points=None):
        records[name] = record_of(run)

    namespace = dict(reference, **answers, check=check, test_rng=lambda k: testcell.rng_for(k, seed), say=say,
                     strict=strict, later=later, member=member)
    execute(source, grade_id, namespace, records)
    return next(iter(records.values())), judge_cell(source, grade_id, reference, records, seed, say)


def judge_cell(source, grade_id, reference, records, seed, say):
    """The Verdict of a test from its record in `records` ({name: record}, None: none was made),
    judged with the reference's names, as run_test judges; `say` words the judge's messages."""
    done = []

    def check(name, run, judge, points=None):
        done.append(decide(records.get(name), judge))

    execute(source, grade_id, dict(reference, check=check, test_rng=lambda k: testcell.rng_for(k, seed), say=say),
            done)
    return done[0]


def execute(source, grade_id, namespace, done):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        exec(compiled(source, grade_id), namespace)
    if len(done) != 1:  # the assignment's own test is broken: the instructor must hear of it
        raise RuntimeError(text.CHECK_CALLS.format(grade_id=grade_id, calls=len(done)))


@lru_cache(maxsize=256)
def compiled(source, grade_id):
    return compile(source, f"<test {grade_id}>", "exec")


def decide(record, judge):
    """The Verdict of judge() on a record ({"value": ...} or {"error": ..., "type": ...}; None: no record)."""
    if record is None:
        return Verdict(False, text.NOT_RECORDED)
    if "error" in record:
        return Verdict(False, raised(record["error"], record.get("type")))
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            judge(record["value"])
    except AssertionError as err:
        return Verdict(False, str(err)[:testcell.MAX_MESSAGE])
    except Exception as err:  # e.g. a result of the wrong shape or type: the student's, in words
        return Verdict(False, text.UNJUDGEABLE.format(error=f"{type(err).__name__}: {err}"[:300]))
    return Verdict(True)


BARE_ERROR = re.compile(r"^\w+(:|$)")  # 'ValueError: ...': an error without the sentence around it


def raised(error, kind=None):
    """The message of a test whose run() raised: `error` in words, `kind` the exception's name."""
    if kind == "NotImplementedError" or error.startswith("NotImplementedError"):
        return text.NOT_WRITTEN
    return (text.RAISED if BARE_ERROR.match(error) else text.RAISED_SENTENCE).format(error=error)
