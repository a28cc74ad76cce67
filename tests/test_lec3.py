"""What is specific to lec3: the numbers its notebook states (COURSE_SPEC section 4.2's split, the
early-stopping run of test_early_stopping, Step 8's measured runs), its generated curve, the margins of
its hidden tests (the accuracy bar below what the reference reaches, early stopping that triggers),
the written answer in both editions, and what a submission's objects look like at grading (a
network keeps copies of W and V even when both are one array). The checks that every assignment's
catalogue passes are in tests/test_catalogue.py.

Which clause of COURSE_SPEC section 4.2 each test exercises, and through which mistakes of the catalogue:

| clause | visible test (hidden test) | mistakes caught |
| --- | --- | --- |
| Affine: X̃Wᵀ; dX = dOut W̃; dW = dOutᵀX̃ | test_affine (hidden_layers) | affine_* |
| Sigmoid, Tanh, ReLU from what forward kept; f'(0) = 0 | test_activation_layers (hidden_layers) | sigmoid_*, tanh_*, relu_* |
| SoftmaxWithLoss (Y − D)/n; IdentityWithL2 2(Y − D)/n; batch means | test_output_layers (hidden_layers) | softmax_*, l2_* |
| Network: copies, layer list forward and in reverse, decay without biases, predict | test_network, test_minibatch_sgd (hidden_decay, hidden_no_mutation) | network_* |
| numerical_gradient moves A itself and puts it back; relative_error with its floor | test_numerical_gradient, test_relative_error, test_gradient_check (hidden_numerical_gradient, hidden_gradcheck) | numgrad_*, relerr_*, affine_copies_W |
| split: perm's last n_val, n_val exact | test_split (hidden_split) | split_* |
| minibatch_sgd: order, batch mean, short batch, history, decay, patience, best weights | test_minibatch_sgd, test_early_stopping (hidden_minibatch_reference, hidden_early_stopping, hidden_regression, hidden_accuracy) | sgd_* |
"""
import re

import nbformat
import numpy as np
import pytest

import lec2_data
import testcell
from autograder.grading.catalogue import load_catalogue
from autograder.course import Course
from autograder.outcomes import test_cells as cells_of
from autograder.grading.replay import namespace_with

NB = nbformat.read(Course().source_notebook("lec3"), as_version=4)
CATALOGUE = load_catalogue(Course(), "lec3")


@pytest.fixture(scope="module")
def ref():
    return namespace_with(NB, ())


def cell_source(grade_id):
    return next(cell.source for g, _, cell in cells_of(NB) if g == grade_id)


def markdown(language):
    nb = nbformat.read(Course().edition_notebook("lec3", language), as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def run_of(grade_id, ref, seed):
    """What the cell's run() gives with the reference's names on draw `seed`, and the cell's namespace."""
    out = {}

    def check(name, run, judge, points=None):
        out["value"] = run()

    namespace = dict(ref, check=check, test_rng=lambda k: testcell.rng_for(k, seed), say=lambda key, **f: key)
    exec(compile(cell_source(grade_id), grade_id, "exec"), namespace)
    return out["value"], namespace


def test_the_catalogue_and_its_slow_tests():
    assert len(CATALOGUE.mistakes) >= 25
    assert CATALOGUE.slow == {"hidden_minibatch_reference", "hidden_early_stopping", "hidden_regression",
                              "hidden_accuracy"}
    assert {m.function for m in CATALOGUE.mistakes} >= {
        "Affine", "Sigmoid", "Tanh", "ReLU", "SoftmaxWithLoss", "IdentityWithL2", "Network", "numerical_gradient",
        "relative_error", "split", "minibatch_sgd"}


def test_split_counts_without_round_off(ref):
    assert 0.55 * 100 == 55.00000000000001  # the float product whose ceiling is 56
    X, D = np.arange(100.0)[:, None], np.eye(2)[np.arange(100) % 2]
    for fraction, n, expected in ((0.55, 100, 55), (0.3, 10, 3), (0.25, 10, 3), (0.1, 7, 1), (0.05, 20, 1)):
        X_train, D_train, X_val, D_val = ref["split"](X[:n], D[:n], fraction, 3)
        assert (len(X_val), len(X_train)) == (expected, n - expected), fraction
        perm = np.random.default_rng(3).permutation(n)
        assert np.array_equal(X_val[:, 0], perm[n - expected:]) and np.array_equal(X_train[:, 0], perm[:n - expected])


def test_the_early_stopping_run_is_as_the_notebook_says(ref):
    """test_early_stopping's fixed network: the validation losses and epochs its markdown states."""
    out, namespace = run_of("test_early_stopping", ref, None)
    (history, *_), _, (still, *_) = out
    assert np.round(history["val_loss"], 3).tolist() == [0.889, 1.359, 0.631, 0.615, 0.794, 1.249, 1.007]
    assert history["best_epoch"] == 4 and len(history["train_loss"]) == 7
    assert still["best_epoch"] == 1 and len(still["val_loss"]) == 3  # eta = 0: never strictly better
    for language in ("en", "ja"):
        assert "0.889, 1.359, 0.631, **0.615**, 0.794, 1.249, 1.007" in markdown(language)


def step8(ref):
    """Step 8's two cells, run with the reference: the digits' three runs and the curve's fit."""
    Network, minibatch_sgd, split = ref["Network"], ref["minibatch_sgd"], ref["split"]
    X_digits, D_digits, _ = lec2_data.load_digits("train")
    X_test, _, labels_test = lec2_data.load_digits("test")
    rng = np.random.default_rng(0)
    W_start, V_start = rng.normal(0.0, 0.1, size=(60, 65)), rng.normal(0.0, 0.1, size=(10, 61))
    X_tr, D_tr, X_va, D_va = split(X_digits[:100], D_digits[:100], 0.5, seed=0)
    runs = {}
    for name, lam, patience in (("plain", 0.0, None), ("early", 0.0, 20), ("decay", 3e-3, None)):
        net = Network(W_start, V_start, "tanh")
        history = minibatch_sgd(net, X_tr, D_tr, 0.3, 200, 10, 0, lam=lam, X_val=X_va, D_val=D_va, patience=patience)
        runs[name] = (history, float(np.mean(net.predict(X_test) == labels_test)), net.loss(X_tr, D_tr))
    rng = np.random.default_rng(4)
    x = np.sort(rng.uniform(-1.0, 1.0, size=40))
    d = np.sin(np.pi * x) + rng.normal(0.0, 0.15, size=40)
    X_c, D_c, X_c_val, D_c_val = split(x[:, None], d[:, None], 0.25, seed=0)
    rng = np.random.default_rng(0)
    net = Network(rng.normal(0.0, 1.0, size=(20, 2)), rng.normal(0.0, 0.1, size=(1, 21)), "tanh", "identity")
    curve = minibatch_sgd(net, X_c, D_c, 0.1, 400, 5, 0, X_val=X_c_val, D_val=D_c_val, patience=100)
    return runs, (x, d, curve, net)


def test_step8_gives_the_numbers_its_prose_and_the_written_answer_state(ref):
    runs, (x, d, curve, net) = step8(ref)
    (plain, plain_acc, _), (early, early_acc, early_data), (decay, decay_acc, decay_data) = runs.values()
    assert plain["best_epoch"] == early["best_epoch"] == 22 and len(early["train_loss"]) == 42
    assert f"{plain['val_loss'][21]:.3f}" == "0.717" and f"{plain['val_loss'][-1]:.3f}" == "0.854"
    assert f"{plain['train_loss'][-1]:.4f}" == "0.0038"
    assert plain["val_loss"][-1] > plain["val_loss"][21] + 0.1  # the curve the written answer judges: it rises
    assert decay["best_epoch"] == 189 and f"{min(decay['val_loss']):.3f}" == "0.669" < f"{min(plain['val_loss']):.3f}"
    assert f"{decay_data:.3f}" == "0.055" and f"{decay['train_loss'][-1]:.3f}" == "0.277"
    assert [f"{100 * a:.1f}" for a in (plain_acc, early_acc, decay_acc)] == ["83.1", "82.0", "82.9"]
    assert len(curve["train_loss"]) == 352 and curve["best_epoch"] == 252 and f"{min(curve['val_loss']):.4f}" == "0.0170"
    for language in ("en", "ja"):
        text = markdown(language)
        for number in ("0.0038", "0.717", "0.854", "83.1", "82.0", "82.9", "0.055", "0.277", "0.669", "0.0170"):
            assert number in text, (language, number)


def test_the_curve_is_noisy_sin_and_the_fit_follows_it(ref):
    _, (x, d, curve, net) = step8(ref)
    assert x.shape == (40,) and np.all(np.diff(x) > 0) and -1.0 <= x.min() and x.max() <= 1.0
    noise = d - np.sin(np.pi * x)
    assert 0.1 < np.std(noise) < 0.2  # N(0, 0.15²), 40 draws
    grid = np.linspace(-1.0, 1.0, 200)
    fit = net.predict(grid[:, None])
    assert fit.shape == (200, 1)
    assert np.sqrt(np.mean((fit[:, 0] - np.sin(np.pi * grid)) ** 2)) < 0.15  # closer to the curve than the noise


@pytest.mark.parametrize("seed", ["101", "102", "103", "104", "105"])
def test_the_accuracy_bar_lies_below_what_the_reference_reaches(ref, seed):
    (_, (W, V)), namespace = run_of("hidden_accuracy", ref, seed)
    accuracy = float(np.mean(ref["Network"](W, V, "tanh").predict(namespace["X_test"][:, namespace["pixels"]])
                             == namespace["labels_test"]))
    assert "accuracy >= 0.93" in cell_source("hidden_accuracy")
    assert accuracy >= 0.945, accuracy  # measured over 30 draws: 0.953 to 0.978


def test_early_stopping_of_the_hidden_test_triggers_on_most_draws(ref):
    stopped = 0
    for seed in range(100, 110):
        (_, (history, W, V)), _ = run_of("hidden_early_stopping", ref, str(seed))
        stopped += len(history["val_loss"]) < 60
        assert history["best_epoch"] is not None
    assert stopped >= 8, stopped


def test_a_network_given_one_array_twice_keeps_two_copies(ref):
    """What test_minibatch_sgd and hidden_no_mutation rely on: with copies, Network(S, S) trains as two
    arrays, and the caller's S never moves."""
    S = np.random.default_rng(0).normal(0.0, 0.5, size=(3, 4))
    X, D = np.random.default_rng(1).normal(size=(6, 3)), np.eye(3)[[0, 1, 2, 0, 1, 2]]
    S_orig = S.copy()
    shared, apart = ref["Network"](S, S), ref["Network"](S.copy(), S.copy())
    ref["minibatch_sgd"](shared, X, D, 0.5, 2, 4, 0)
    ref["minibatch_sgd"](apart, X, D, 0.5, 2, 4, 0)
    assert np.array_equal(S, S_orig)
    assert np.array_equal(shared.W, apart.W) and np.array_equal(shared.V, apart.V)
    assert shared.W is shared.layers[0].W and shared.V is shared.layers[2].W


def test_the_written_answer_is_there_in_both_editions():
    for language in ("en", "ja"):
        nb = nbformat.read(Course().edition_notebook("lec3", language), as_version=4)
        cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "written_generalization")
        meta = cell.metadata["nbgrader"]
        assert cell.cell_type == "markdown" and meta["solution"] and meta["grade"] and meta["points"] == 2
        answer = re.sub(r"### (BEGIN|END) SOLUTION", "", cell.source).strip()
        assert len(answer) > 300 and all(n in answer for n in ("0.717", "0.669", "82.0", "82.9"))
