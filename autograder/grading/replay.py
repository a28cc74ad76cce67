"""Run an assignment's test cells in the grader's process with given functions in place of a kernel's.

At grading each test cell's `run()` calls the student's functions through the kernel and its
result is the record (judge.run_test). Here the same cells run with the student-facing names
bound to a namespace of our choosing, the solution with one known mistake, say, and the result
is recorded the same way (calls.record_of). Nothing of a student's runs here. The
diagnosis uses it to ask "would this mistake give the student's record?"; the
tests use it to grade the whole catalogue of mistakes without a kernel per
mistake.
"""
import sys
import types
import warnings
from functools import lru_cache

import nbformat
import numpy as np

import testcell
from autograder.grading.calls import record_of
from autograder.grading.catalogue import apply_edits, solution_sources
from autograder.grading.solution import run_reference_cells


def namespace_with(source_nb, edits):
    """The solution's names with `edits` made: as a notebook with those answers would define them."""
    return vars(run_reference_cells(source_nb, "mistake", apply_edits(solution_sources(source_nb), edits)))


@lru_cache(maxsize=4)
def namespaces(source_json, mistakes):
    """{mistake: namespace} of the solution with each mistake of `mistakes`, built once per process."""
    nb = nbformat.reads(source_json, as_version=4)
    return {m: namespace_with(nb, m.edits) for m in mistakes}


def calls(source, namespace, seed, run_of=None):
    """The names of `namespace`'s functions that the test cell's run() calls (traced, not guessed).
    `run_of(name, run, cell_namespace)`, if given, says what to trace in place of run().

    A mistake in a function that a test never calls cannot be what the test's record shows. A
    method of a class of the notebook's counts as its class: a mistake lives in a class as a whole."""
    codes = {v.__code__: k for k, v in namespace.items() if isinstance(v, types.FunctionType)}
    codes.update({f.__code__: k for k, v in namespace.items()
                  if isinstance(v, type) and v.__module__ == namespace.get("__name__")
                  for f in vars(v).values() if isinstance(f, types.FunctionType)})
    seen = set()

    def profiler(frame, event, arg):
        if event == "call" and frame.f_code in codes:
            seen.add(codes[frame.f_code])

    def check(name, run, judge, points=None):
        traced = run_of(name, run, cell) if run_of else run
        sys.setprofile(profiler)
        try:
            traced()
        except Exception:  # what it called until it raised is what we want to know
            pass
        finally:
            sys.setprofile(None)

    cell = dict(namespace, check=check, test_rng=lambda k: testcell.rng_for(k, seed))
    quietly(source, cell)
    return seen


def replay(source, namespace, seed):
    """The record that a test cell's run() gives with the names in `namespace`; an error is told
    in the words of the language spoken, as the kernel of a course in that language tells it."""
    result = {}

    def check(name, run, judge, points=None):
        result.update(record_of(run))

    quietly(source, dict(namespace, check=check, test_rng=lambda k: testcell.rng_for(k, seed)))
    return result


def quietly(source, namespace):
    """Run a cell's code; the warnings a mistake gives are part of its result, not ours to print."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        exec(compiled(source), namespace)


@lru_cache(maxsize=256)
def compiled(source):
    return compile(source, "<replay>", "exec")
