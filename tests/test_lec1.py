"""What is specific to lec1 (COURSE_SPEC section 4.1): the contract's names and signatures, the numbers
the notebook states and the solution reproduces, the data of its figure cell (a line separates the
two clouds and no line the XOR set, nor any two arms of lec2's spirals), the reference run behind the
accuracy the prose and the hidden test quote, the written answer, and the Japanese messages of the
catalogue's mistakes. The checks that every assignment passes (catalogue, demo class, editions,
messages, release, reference) are in the generic test files.

Which clause of section 4.1 each test exercises, and through which mistakes of the catalogue:

| clause | visible test (hidden test) | mistakes caught |
| --- | --- | --- |
| add_bias, sigmoid, softmax as in section 2 | test_add_bias, test_sigmoid, test_softmax (hidden_stability) | bias_*, sigmoid_*, *softmax* |
| logistic: a float for one sample, (n,) for X | test_logistic (hidden_stability) | logistic_* |
| binary_cross_entropy: mean; finite at y = 0, 1 | test_binary_cross_entropy (hidden_stability) | bce_* |
| logistic_gradient = (y - d) x̃ | test_logistic_gradient (hidden_gradcheck) | gradient_* |
| train_logistic: order and losses as lec2's train | test_train_logistic (hidden_train_logistic_reference) | train_logistic_* |
| predict_binary: 1 where w·x̃ > 0 | test_predict_binary (hidden_predict_reference) | predict_binary_* |
| boundary: (slope, intercept), ValueError at w2 = 0 | test_boundary (hidden_boundary_reference) | boundary_* |
| softmax_regression_step: W - eta (y - d) x̃ᵀ | test_softmax_regression_step | step_* |
| train_softmax_regression | test_train_softmax_regression (hidden_train_softmax_reference, hidden_accuracy) | train_softmax_* |
| predict, confusion_matrix, accuracy | test_predict, test_confusion_accuracy (hidden_predict_reference, hidden_confusion_reference) | predict_*, confusion_*, accuracy_* |
| no mutation of inputs | most visible tests (hidden_no_mutation) | *_in_place |
"""
import inspect
import itertools
import re

import nbformat
import numpy as np
import pytest

import lec2_data
from autograder.grading.catalogue import load_catalogue
from autograder.cells import grade_id_of, nbgrader_meta
from autograder.course import DEFAULT_ROOT, REFERENCE_DIR, Course, instructor_module
from autograder.grading.solution import load_solution
from assignments import catalogue_in
from replaying import CatalogueGrader

FOLDER = DEFAULT_ROOT / "source" / "lec1"
NOTEBOOK = Course().source_notebook("lec1")
JAPANESE = FOLDER / "ja" / "lec1.ipynb"
CATALOGUE = load_catalogue(Course(), "lec1")
SIGNATURES = {  # COURSE_SPEC section 4.1's table
    "add_bias": "(x)", "sigmoid": "(u)", "softmax": "(a)", "logistic": "(x, w)", "binary_cross_entropy": "(y, d)",
    "logistic_gradient": "(x, d, w)", "train_logistic": "(X, d, w, eta, epochs, seed)", "predict_binary": "(X, w)",
    "boundary": "(w)", "softmax_regression_step": "(x, d, W, eta)",
    "train_softmax_regression": "(X, D, W, eta, epochs, seed)", "predict": "(X, W)",
    "confusion_matrix": "(actual, predicted, m)", "accuracy": "(C)",
}


@pytest.fixture(scope="module")
def sol():
    return load_solution(NOTEBOOK)


@pytest.fixture(scope="module")
def recipe():
    return instructor_module(FOLDER / REFERENCE_DIR / "reference.py", "_lec1_reference_recipe")


@pytest.fixture(scope="module")
def saved():
    return np.load(FOLDER / REFERENCE_DIR / "lec1_reference.npz")


def markdown(path):
    return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")


def test_the_solution_has_the_specs_names_and_signatures(sol):
    for name, signature in SIGNATURES.items():
        assert str(inspect.signature(getattr(sol, name))) == signature, name


def test_the_hand_numbers_of_the_prose_are_the_solutions(sol):
    w = np.array([0.5, -1.0, 2.0])
    assert sol.logistic(np.array([1.0, 0.25]), w) == 0.5 and isinstance(sol.logistic(np.array([1.0, 0.25]), w), float)
    assert round(sol.logistic(np.array([0.0, 1.0]), w), 6) == 0.924142
    assert round(sol.binary_cross_entropy(0.8, 1.0), 6) == 0.223144
    assert round(sol.binary_cross_entropy(0.8, 0.0), 6) == 1.609438
    assert round(sol.binary_cross_entropy(np.array([0.8, 0.8]), np.array([1.0, 0.0])), 6) == 0.916291
    assert np.allclose(sol.logistic_gradient(np.array([1.0, 0.25]), 1.0, w), [-0.5, -0.5, -0.125], rtol=0, atol=1e-15)
    assert sol.boundary(np.array([1.0, 2.0, -1.0])) == (2.0, 1.0)
    W = sol.softmax_regression_step(np.array([1.0, 2.0]), np.eye(3)[0], np.zeros((3, 3)), 0.5)
    assert np.allclose(W, [[1 / 3, 1 / 3, 2 / 3], [-1 / 6, -1 / 6, -1 / 3], [-1 / 6, -1 / 6, -1 / 3]], rtol=0, atol=1e-15)
    seed004 = np.array([[10, 3, 3, 4], [2, 8, 5, 5], [0, 5, 12, 3], [3, 2, 3, 12]])
    assert sol.accuracy(seed004) == 0.525


def test_the_binary_cross_entropy_is_finite_at_zero_and_one_without_a_warning(sol):
    with np.errstate(all="raise"):
        assert sol.binary_cross_entropy(np.array([1.0, 0.0]), np.array([1.0, 0.0])) == 0.0
        sure_and_wrong = sol.binary_cross_entropy(0.0, 1.0)
    assert np.isfinite(sure_and_wrong) and sure_and_wrong > 700  # -log of the smallest normal float


def test_boundary_refuses_a_vertical_line_and_predict_binary_decides_on_u(sol):
    with pytest.raises(ValueError):
        sol.boundary(np.array([1.0, 2.0, 0.0]))
    X = np.array([[2.0, 2.0], [1e-300, 0.0], [0.0, 1e-300]])
    w = np.array([0.0, 1.0, -1.0])
    assert sol.predict_binary(X, w).tolist() == [0, 1, 0]
    assert sol.logistic(X, w).tolist() == [0.5, 0.5, 0.5]  # why the test's points tell y >= 0.5 and y > 0.5 apart


def figure_cell(nb):
    return next(c.source for c in nb.cells if c.cell_type == "code" and "X_clouds = " in c.source)


def test_the_figure_cells_data_are_the_references(recipe):
    """The figure cell draws its data as ref/reference.py's two_sets(), so that the reference's
    accuracies are those of the figure."""
    source = figure_cell(nbformat.read(NOTEBOOK, as_version=4))
    data_part = source[source.index("data_rng"):source.index("try:")]
    namespace = {"np": np}
    exec(data_part, namespace)
    for mine, theirs in zip((namespace[k] for k in ("X_clouds", "d_clouds", "X_xor", "d_xor")), recipe.two_sets()):
        assert np.array_equal(mine, theirs)


def best_line_accuracy(X, d, lines=20000):
    """The best accuracy of many lines through the data's range, either side labelled 1."""
    rng = np.random.default_rng(0)
    angle, offset = rng.uniform(0, 2 * np.pi, lines), rng.uniform(-3, 3, lines)
    w = np.stack([offset, np.cos(angle), np.sin(angle)], axis=1)
    said = np.hstack([np.ones((len(X), 1)), X]) @ w.T > 0
    return float(np.max(np.mean(said == d[:, None].astype(bool), axis=0)))


def test_a_line_separates_the_clouds_and_none_the_xor_set_nor_two_spiral_arms(recipe, sol):
    X_clouds, d_clouds, X_xor, d_xor = recipe.two_sets()
    w = sol.train_logistic(X_clouds, d_clouds, np.zeros(3), 0.5, 20, 0)[0]
    u = np.hstack([np.ones((len(X_clouds), 1)), X_clouds]) @ w
    assert np.all((u > 0) == (d_clouds == 1.0))
    assert best_line_accuracy(X_xor, d_xor) <= 0.75  # three clouds of four at best
    X, _, labels = lec2_data.load_toy2d()
    for a, b in itertools.combinations(range(3), 2):
        pair = (labels == a) | (labels == b)
        assert best_line_accuracy(X[pair], (labels[pair] == b).astype(float)) < 0.8, (a, b)


def test_the_numbers_the_prose_states_are_the_references(saved):
    """The figure's accuracies and losses and the digits' test accuracy, as the reference measured them,
    are what both editions say."""
    numbers = {
        "clouds accuracy": f"{float(saved['accuracy_clouds']):.3f}", "clouds loss": f"{float(saved['losses_clouds'][-1]):.4f}",
        "xor accuracy": f"{float(saved['accuracy_xor']):.3f}", "xor loss": f"{float(saved['losses_xor'][-1]):.3f}",
        "test accuracy": f"{float(saved['test_accuracy']):.4f}",
        "right": str(int(np.trace(saved["test_confusion"]))),
    }
    assert numbers == {"clouds accuracy": "1.000", "clouds loss": "0.0012", "xor accuracy": "0.500",
                       "xor loss": "0.854", "test accuracy": "0.9644", "right": "434"}
    for path in (NOTEBOOK, JAPANESE):
        text = markdown(path)
        for number in numbers.values():
            assert number in text, (path.name, number)


def test_the_accuracy_bar_lies_below_the_reference_with_margin(saved):
    source = nbformat.read(NOTEBOOK, as_version=4)
    cell = next(c.source for c in source.cells if c.cell_type == "code" and grade_id_of(c) == "hidden_accuracy")
    bar = float(re.search(r"acc >= ([0-9.]+)", cell).group(1))
    assert bar <= float(saved["test_accuracy"]) - 0.02
    # the hidden test trains as the digits cell does (eta 0.1, 5 epochs, seed 0), only from small random weights
    assert "train_softmax_regression(X_tr[:, pixels], D_tr, W0, 0.1, 5, 0)" in cell
    assert f"{round(bar * 100)} %" in markdown(NOTEBOOK) and f"{round(bar * 100)}%" in markdown(JAPANESE)


def test_the_written_answer_is_hand_graded_in_both_editions():
    for path in (NOTEBOOK, JAPANESE):
        cells = [c for c in nbformat.read(path, as_version=4).cells if grade_id_of(c) == "written_separability"]
        assert len(cells) == 1 and cells[0].cell_type == "markdown", path
        meta = nbgrader_meta(cells[0])
        assert meta["points"] == 2 and meta["solution"] and meta["grade"] and not meta.get("locked")
        assert "### BEGIN SOLUTION" in cells[0].source


def test_every_mistakes_first_japanese_message_names_its_function():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    grader = CatalogueGrader(nb, catalogue_in("lec1", "ja"), CATALOGUE.slow, FOLDER, language="ja")
    for mistake in CATALOGUE.mistakes:
        verdicts = grader.verdicts(mistake.name, "20261206")
        first = next(verdicts[t] for t, _ in grader.tests if not verdicts[t].passed)
        assert mistake.function in first.message, (mistake.name, first.message)
        assert re.search("[\u3040-\u30ff\u4e00-\u9fff]", first.message), (mistake.name, first.message)  # in Japanese
