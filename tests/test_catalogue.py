"""The catalogue of known mistakes of every assignment: each loses exactly its tests, on every draw,
and is told so.

Graded in this process (tests/replaying.py), not in kernels: each assignment's demo class is the
end-to-end run (tests/test_grading.py). Which clause of COURSE_SPEC each test of an assignment
exercises, and through which mistakes, is said in its catalogue (source/<assignment>/ref/mistakes.py)
by each mistake's `fails`; what is specific to lec2 is in tests/test_lec2.py.
"""
import dis
import types

import nbformat
import pytest

import testcell

from autograder.grading.catalogue import load_catalogue
from autograder.course import Course
from autograder.grading.execute import student_names
from autograder.grading.judge import judge_cell
from autograder import outcomes
from autograder.outcomes import is_hidden
from autograder.grading.replay import replay
from assignments import ASSIGNMENTS
from replaying import CatalogueGrader

DRAWS = [str(seed) for seed in range(100, 120)]
CATALOGUES = {a: load_catalogue(Course(), a) for a in ASSIGNMENTS}
MISTAKES = [(a, m) for a in ASSIGNMENTS for m in CATALOGUES[a].mistakes]
RAISED = "your code raised "  # the grader's words (text.RAISED) for an error; the error text names no function


@pytest.fixture(scope="module")
def graders():
    """{assignment: CatalogueGrader}, each made when a test first asks for it."""
    made = {}

    def grader(assignment):
        if assignment not in made:
            nb = nbformat.read(Course().source_notebook(assignment), as_version=4)
            made[assignment] = CatalogueGrader(nb, CATALOGUES[assignment], CATALOGUES[assignment].slow,
                                               Course().source_notebook(assignment).parent)
        return made[assignment]

    return grader


def functions(namespace):
    """{name: what its code does, and its defaults by name} of every function and class (all its
    methods), line numbers left out."""
    def code(v):
        return (v.__code__.co_code, v.__code__.co_consts, v.__code__.co_names,
                tuple(getattr(d, "__name__", repr(d)) for d in v.__defaults__ or ()))

    found = {k: code(v) for k, v in namespace.items() if isinstance(v, types.FunctionType)}
    found.update({k: tuple(sorted((m, code(f)) for m, f in vars(v).items() if isinstance(f, types.FunctionType)))
                  for k, v in namespace.items() if isinstance(v, type) and v.__module__ == namespace.get("__name__")})
    return found


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_catalogue_is_the_assignments_and_each_mistake_lives_in_its_function(graders, assignment):
    catalogue, grader = CATALOGUES[assignment], graders(assignment)
    assert len(catalogue.mistakes) >= 25
    assert 5 <= len(catalogue.demo) and set(catalogue.demo) <= {m.name for m in catalogue.mistakes}
    reference = functions(grader.reference)
    for mistake in catalogue.mistakes:
        mistaken = functions(grader.namespaces[mistake.name])
        changed = {name for name, code in reference.items() if code != mistaken[name]}
        assert changed == {mistake.function}, mistake.name


@pytest.mark.parametrize("assignment, mistake", MISTAKES, ids=lambda v: getattr(v, "name", v))
def test_each_mistake_fails_exactly_its_tests_and_the_first_names_its_function(graders, assignment, mistake):
    grader = graders(assignment)
    verdicts = grader.verdicts(mistake.name, "20261130", diagnosed=True)
    failed = [test for test, _ in grader.tests if not verdicts[test].passed]  # in notebook order
    assert set(failed) == mistake.fails
    first = verdicts[failed[0]].message
    assert all(words in first for words in mistake.says), first
    if not first.startswith(RAISED):  # an error's own text names no function (a known gap, issue 12 item 7)
        assert mistake.function in first, first
    # a diagnosis never names another mistake than the one made, and names this one where it shows first:
    # a mistake that another one's records mimic (sigmoid_overflow and sigmoid_where_both once) is never named
    assert {verdicts[test].mistake for test in failed} <= {None, mistake.words}
    assert verdicts[failed[0]].mistake == mistake.words, verdicts[failed[0]].message


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_same_code_same_score_on_every_draw(graders, assignment):
    """Every mistake loses the same tests on each of 20 draws of the tests' inputs."""
    grader, differing = graders(assignment), {}
    for mistake in CATALOGUES[assignment].mistakes:
        outcomes = {frozenset(t for t, v in grader.verdicts(mistake.name, seed).items() if not v.passed)
                    for seed in DRAWS}
        if outcomes != {mistake.fails}:
            differing[mistake.name] = outcomes
    assert not differing


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_visible_judges_use_no_function_of_the_student(assignment):
    """check judges in the student's kernel, with their functions; grading with the reference's. A
    visible judge that calls none of the student-facing functions gives both the same verdict."""
    nb = nbformat.read(Course().source_notebook(assignment), as_version=4)
    student_facing = set(student_names(nb))
    assert student_facing
    for grade_id, _, cell in outcomes.test_cells(nb):
        if is_hidden(grade_id):
            continue
        namespace = dict(namespace_of_setup(nb), check=lambda *args, **kwargs: None, test_rng=testcell.rng_for)
        exec(compile(cell.source, grade_id, "exec"), namespace)
        called = names_called(namespace["judge"].__code__, namespace)
        assert not called & student_facing, (grade_id, called & student_facing)


def namespace_of_setup(nb):
    """What the setup cell of the notebook binds (its imports, say)."""
    setup = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")
    namespace = {}
    exec(compile(setup.source, "setup", "exec"), namespace)
    return namespace


def names_called(code, namespace, seen=None):
    """The global names a function's code uses, and those of the cell's own functions it uses, in turn."""
    seen = set() if seen is None else seen
    names = {i.argval for i in dis.get_instructions(code) if i.opname in ("LOAD_GLOBAL", "LOAD_NAME")}
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= names_called(const, namespace, seen)
    for name in list(names):
        helper = namespace.get(name)
        if isinstance(helper, types.FunctionType) and name not in seen:
            seen.add(name)
            names |= names_called(helper.__code__, namespace, seen)
    return names


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_check_and_grading_agree_on_every_visible_test(graders, assignment):
    """The same records judged with the student's functions (check) and the reference's (grading)."""
    grader = graders(assignment)
    visible = {g for g, _ in grader.tests if not is_hidden(g)}
    disagree = []
    for mistake in (None, *CATALOGUES[assignment].mistakes):
        namespace = grader.namespaces[mistake.name] if mistake else grader.reference
        records = {g: replay(cell.source, namespace, None) for g, cell in grader.tests if g in visible}
        for grade_id, cell in grader.tests:
            if grade_id in visible:
                grader.context = ("check", grade_id)
                verdicts = [judge_cell(cell.source, grade_id, dict(judging, check_gradient=grader.check_gradient,
                                                           numerical_gradient=grader.numerical_gradient),
                                       records, None, grader.say)
                            for judging in (grader.reference, namespace)]
                if verdicts[0].passed != verdicts[1].passed:
                    disagree.append((mistake and mistake.name, grade_id))
    assert not disagree
