"""The catalogue of known mistakes: each loses exactly its tests, on every draw, and is told so.

Graded in this process (tests/replaying.py), not in kernels: the demo class is
the end-to-end run (tests/test_grading.py). Which clause of COURSE_SPEC section 2
each test exercises, and through which mistakes of the catalogue:

| clause | visible test (hidden test) | mistakes caught |
| --- | --- | --- |
| add_bias, 1-D and 2-D | test_add_bias | bias_last, bias_zero, bias_row_2d |
| sigmoid, sigmoid_prime; no overflow for large abs(u) | test_sigmoid (hidden_stability) | sigmoid_*, sigmoid_prime_* |
| tanh, relu and derivatives; relu_prime(0) == 0 | test_tanh_relu (hidden_tanh_relu) | tanh_prime_*, relu_* |
| softmax of a vector and of each row; finite up to 1e4 | test_softmax (hidden_stability) | unstable_softmax, softmax_* |
| cross_entropy: float for one sample, mean over rows | test_cross_entropy | ce_* |
| forward (u, z, y), z with its leading 1; argument f | test_forward_shapes, test_forward_seed000 | forward_* |
| backward (grad_W, grad_V); argument f_prime | test_backward_shapes, test_backward_gradcheck (hidden_gradcheck_random, hidden_tanh_relu) | transpose_bug, bias_slice, delta2_sign, fprime_of_z, backward_* |
| sgd_step: weights before the step; f, f_prime; new arrays | test_sgd_step_seed000 (hidden_weights_before_step) | v_updated_first, sgd_* |
| train: order of samples, losses after each epoch; f, f_prime (tanh, ReLU); no mutation | test_train (hidden_train_reference, hidden_overfit, hidden_accuracy) | global_rng, train_* |
| predict: integer labels; argument f | test_predict (hidden_predict_reference) | predict_ignores_f |
| confusion_matrix (m, m) integers, rows actual, sized by m | test_confusion_accuracy (hidden_confusion_reference) | confusion_* |
| accuracy: a float fraction | test_confusion_accuracy | accuracy_* |
| return types, no mutation of inputs | test_cross_entropy, test_predict, test_confusion_accuracy; test_add_bias, test_sigmoid, test_softmax, test_sgd_step_seed000, test_train (hidden_no_mutation) | sgd_in_place, train_shuffle_in_place |
"""
import dis
import types

import nbformat
import pytest

import testcell

from autograder.catalogue import load_catalogue
from autograder.course import DEFAULT_ROOT, source_notebook
from autograder.judge import judge_cell
from autograder import outcomes
from autograder.outcomes import is_hidden
from autograder.replay import replay
from replaying import CatalogueGrader

LONG = ("hidden_overfit", "hidden_train_reference", "hidden_accuracy")
DRAWS = [str(seed) for seed in range(100, 120)]
CATALOGUE = load_catalogue(DEFAULT_ROOT, "lec2")
RAISED = "your code raised "  # the grader's words (text.RAISED) for an error; the error text names no function


@pytest.fixture(scope="module")
def grader():
    nb = nbformat.read(source_notebook(DEFAULT_ROOT, "lec2"), as_version=4)
    return CatalogueGrader(nb, CATALOGUE, LONG, source_notebook(DEFAULT_ROOT, "lec2").parent)


def functions(namespace):
    """{name: what its code does, and its defaults by name} of every function, line numbers left out."""
    return {k: (v.__code__.co_code, v.__code__.co_consts, v.__code__.co_names,
                tuple(getattr(d, "__name__", repr(d)) for d in v.__defaults__ or ()))
            for k, v in namespace.items() if isinstance(v, types.FunctionType)}


def test_the_catalogue_is_the_assignments_and_each_mistake_lives_in_its_function(grader):
    assert len(CATALOGUE.mistakes) >= 30
    assert set(CATALOGUE.demo) <= {m.name for m in CATALOGUE.mistakes}
    reference = functions(grader.reference)
    for mistake in CATALOGUE.mistakes:
        mistaken = functions(grader.namespaces[mistake.name])
        changed = {name for name, code in reference.items() if code != mistaken[name]}
        assert changed == {mistake.function}, mistake.name


@pytest.mark.parametrize("mistake", CATALOGUE.mistakes, ids=lambda m: m.name)
def test_each_mistake_fails_exactly_its_tests_and_the_first_names_its_function(grader, mistake):
    verdicts = grader.verdicts(mistake.name, "20261130", diagnosed=True)
    failed = [test for test, _ in grader.tests if not verdicts[test].passed]  # in notebook order
    assert set(failed) == mistake.fails
    first = verdicts[failed[0]].message
    assert all(words in first for words in mistake.says), first
    if not first.startswith(RAISED):  # an error's own text names no function (a known gap, issue 12 item 7)
        assert mistake.function in first, first
    # a diagnosis never names another mistake than the one made
    assert {verdicts[test].mistake for test in failed} <= {None, mistake.words}


def test_same_code_same_score_on_every_draw(grader):
    """Every mistake loses the same tests on each of 20 draws of the tests' inputs."""
    differing = {}
    for mistake in CATALOGUE.mistakes:
        outcomes = {frozenset(t for t, v in grader.verdicts(mistake.name, seed).items() if not v.passed)
                    for seed in DRAWS}
        if outcomes != {mistake.fails}:
            differing[mistake.name] = outcomes
    assert not differing


def test_visible_judges_use_no_function_of_the_student():
    """check judges in the student's kernel, with their functions; grading with the reference's. A
    visible judge that calls none of the student-facing functions gives both the same verdict."""
    nb = nbformat.read(source_notebook(DEFAULT_ROOT, "lec2"), as_version=4)
    student_facing = {"add_bias", "sigmoid", "sigmoid_prime", "tanh", "tanh_prime", "relu", "relu_prime", "softmax",
                      "cross_entropy", "forward", "backward", "sgd_step", "train", "predict", "confusion_matrix",
                      "accuracy"}
    for grade_id, _, cell in outcomes.test_cells(nb):
        if is_hidden(grade_id):
            continue
        namespace = dict(namespace_of_setup(), check=lambda *args, **kwargs: None, test_rng=testcell.rng_for)
        exec(compile(cell.source, grade_id, "exec"), namespace)
        called = names_called(namespace["judge"].__code__, namespace)
        assert not called & student_facing, (grade_id, called & student_facing)


def namespace_of_setup():
    import numpy as np
    from gradcheck import check_gradient
    return {"np": np, "check_gradient": check_gradient, "numerical_gradient": None, "strict": None}


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


def test_check_and_grading_agree_on_every_visible_test(grader):
    """The same records judged with the student's functions (check) and the reference's (grading)."""
    visible = {g for g, _ in grader.tests if not is_hidden(g)}
    disagree = []
    for mistake in (None, *CATALOGUE.mistakes):
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
