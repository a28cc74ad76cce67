"""Grade the catalogue's mistakes in the test's own process, as the grader would, but cheaply.

Each test cell's run() is replayed with the solution in which one function is
mistaken (autograder/grading/replay.py) and its record judged with the reference bound,
exactly as at grading (the numerical gradients the judges compute are computed once per draw: both give
the same values). Shortcuts keep a whole catalogue over many draws cheap; each
gives the verdict that the full replay gives:

- a test whose run() never calls the mistaken function (traced once, on the
  reference) records what the reference records: its verdict is the reference's;
- a training test that first checks a fixed probe (cells that define `training_probe()`
  and `training_gate(probed)`, whose inputs are not drawn) fails whenever the gate finds the
  probe wrong, whatever the drawn inputs; only the probe is replayed then;
- the reference itself passes every test on every draw at grading (the canary
  refuses to grade otherwise), so the long training tests are not replayed for it;
  nor for a mistake whose probe agrees with the reference's: it trains as the
  reference does. replay_long=True replays them in full instead (seconds a mistake);
  done once for lec2's whole catalogue, it gave the same verdicts as the shortcut.
  A long test without a probe is replayed in full for every mistake that its run() calls.

The judges speak as at grading: `say` is judge.course_say's, the source folder's catalogues in
the course's language (English unless the test asks for another); the grader speaks that language
while it replays and judges (text.speaking), as the grading process does.
"""
import functools
import types

import numpy as np

import gradcheck
import testcell
from autograder.languages import text
from autograder.grading.diagnose import diagnose
from autograder.grading.execute import student_names
from autograder.grading.judge import course_say, judge_cell, raised
from autograder.outcomes import Verdict
from autograder.outcomes import test_cells
from autograder.grading.replay import calls, compiled, namespace_with, quietly, replay




def names_in(code):
    """The global names a code object and the functions defined in it use."""
    return set(code.co_names).union(*(names_in(c) for c in code.co_consts if isinstance(c, types.CodeType)))


class CatalogueGrader:
    def __init__(self, nb, catalogue, long_tests, folder, language="en"):
        """`folder`: the source assignment's, whose catalogues the judges' say reads."""
        self.nb, self.catalogue, self.long = nb, catalogue, set(long_tests)
        # the long tests with a fixed probe (training_probe and training_gate): a mistake's gate decides them
        self.probed = {g for g, _, cell in test_cells(nb) if g in self.long and "def training_probe(" in cell.source}
        self.language = language
        with text.speaking(language):
            self.say = course_say(folder)
        self.tests = [(grade_id, cell) for grade_id, _, cell in test_cells(nb)]
        self.reference = namespace_with(nb, ())
        self.namespaces = {m.name: namespace_with(nb, m.edits) for m in catalogue.mistakes}
        self.calls = {grade_id: self.trace(cell) for grade_id, cell in self.tests}
        self.reference_verdicts = {}
        self.judging = dict(self.reference, check_gradient=self.check_gradient,
                            numerical_gradient=self.numerical_gradient,
                            **{name: self.remembered(self.reference[name]) for name in self.slow_functions()})
        self.gradients, self.context = {}, None

    def slow_functions(self):
        """The reference's functions (not classes) that the long tests name: what their judges ask again and again."""
        named = set().union(*(names_in(compiled(cell.source)) for g, cell in self.tests if g in self.long))
        return [n for n in student_names(self.nb) if n in named and isinstance(self.reference.get(n), types.FunctionType)]

    def remembered(self, function):
        """The reference's `function`, each result kept: judges of many mistakes ask it the same. A call
        with an argument that is not data (an object that the call may change) is made every time."""
        results = {}

        def call(*args, **kwargs):
            values = (*args, *kwargs.values())
            if not all(isinstance(a, (np.ndarray, int, float, str, type(None))) for a in values):
                return function(*args, **kwargs)
            key = tuple(a.tobytes() + str(a.shape).encode() if isinstance(a, np.ndarray) else repr(a)
                        for a in values) + tuple(kwargs)
            if key not in results:
                results[key] = function(*args, **kwargs)
            return results[key]

        return call

    def numerical_gradient(self, fun, A, h=gradcheck.H):
        """gradcheck.numerical_gradient, computed once a draw for each judge's (fun, A).

        A judge's inputs are the cell's globals, the same for every mistake on one draw (self.context),
        and the arrays its lambda closes over; the record only gives the gradient compared with it."""
        cells = tuple(c.cell_contents for c in fun.__closure__ or ())
        key = (self.context, fun.__code__, np.asarray(A).tobytes(), h, tuple(
            c.tobytes() if isinstance(c, np.ndarray) else id(c) for c in cells))
        if key not in self.gradients:
            self.gradients[key] = gradcheck.numerical_gradient(fun, A, h)
        return self.gradients[key]

    def check_gradient(self, fun, A, grad, h=gradcheck.H):
        """gradcheck.check_gradient with the numerical gradient above."""
        if np.shape(grad) != np.shape(A):
            return gradcheck.check_gradient(fun, A, grad, h)  # raises, with its own words
        return gradcheck.relative_error(np.asarray(grad, dtype=np.float64), self.numerical_gradient(fun, A, h))

    def trace(self, cell):
        """The names of the reference's functions that the cell's run() calls; a long test's probe
        calls train as its run() does, on a small problem: the same functions."""
        return calls(cell.source, self.reference, "0",
                     run_of=lambda name, run, ns: ns["training_probe"] if name in self.probed else run)

    def of_reference(self, seed):
        if seed not in self.reference_verdicts:
            only = {g for g, _ in self.tests if g not in self.long}
            verdicts = self.replay(self.reference, seed, only)
            self.reference_verdicts[seed] = {g: verdicts.get(g, Verdict(True)) for g, _ in self.tests}
        return self.reference_verdicts[seed]

    def verdicts(self, name, seed, replay_long=False, diagnosed=False):
        """{test: Verdict} of the solution with mistake `name`, on the inputs of draw `seed`.

        A long test that the gate does not decide gets the reference's verdict, unless
        replay_long: then it is replayed in full."""
        mistake = self.catalogue[name]
        reference = self.of_reference(seed)
        out, again = {}, set()
        for grade_id, cell in self.tests:
            if mistake.function not in self.calls[grade_id]:
                out[grade_id] = reference[grade_id]
            elif grade_id in self.probed:  # the probe's inputs are fixed: the gate's verdict is the same on every draw
                with text.speaking(self.language):
                    out[grade_id] = self.gate(cell.source, name)
                if out[grade_id] is None and replay_long:
                    again.add(grade_id)
                elif out[grade_id] is None:
                    out[grade_id] = reference[grade_id]
            else:
                again.add(grade_id)
        out.update(self.replay(self.namespaces[name], seed, again, diagnosed))
        return {g: out[g] for g, _ in self.tests}

    def replay(self, namespace, seed, only, diagnosed=False):
        """{test: Verdict} of the tests in `only`; diagnosed: with the known mistakes named, as grading does."""
        with text.speaking(self.language):
            records = {g: replay(cell.source, namespace, seed) for g, cell in self.tests if g in only}
            verdicts = {}
            for g, cell in self.tests:
                if g in only:
                    self.context = (seed, g)
                    verdicts[g] = judge_cell(cell.source, g, self.judging, records, seed, self.say)
            if diagnosed:
                diagnose(self.nb, verdicts, records, seed, self.catalogue)
        return verdicts

    @functools.lru_cache(maxsize=None)
    def gate(self, cell_source, name):
        """The long test's verdict when its fixed probe decides it; None when it does not."""
        namespace, seed = self.namespaces[name], "0"

        def check(name, run, judge, points=None):
            pass

        mistaken = dict(namespace, check=check, test_rng=lambda k: testcell.rng_for(k, seed))
        quietly(cell_source, mistaken)
        try:
            probed = testcell.unpack(testcell.pack(mistaken["training_probe"]()))
        except Exception as err:  # at grading the record is this error, and the test fails with it
            return Verdict(False, raised(testcell.describe_error(err, self.language), type(err).__name__))
        reference = dict(self.reference, check=check, test_rng=lambda k: testcell.rng_for(k, seed), say=self.say)
        quietly(cell_source, reference)
        problem = reference["training_gate"](probed)
        return None if problem is None else Verdict(False, problem)
