"""The reference results of lec2: the solution's fingerprint.

Made from the solution cells of the source notebook and written to
source/lec2/ref/, which the release leaves out. Grading does not read them
(each test's judge computes the reference on the grading inputs); a test
regenerates them and compares, so an edit of the solution that changes its
results (the 97.56 % test accuracy among them) does not go unnoticed.
"""
from pathlib import Path

import numpy as np

import lec2_data
from autograder.course import REFERENCE_DIR, source_notebook
from autograder.solution import load_solution

FILE_NAME = "lec2_reference.npz"
HIDDEN, ETA = 30, 0.1
SHORT = dict(n=300, epochs=3, seed=1)   # compared weight for weight
FULL = dict(epochs=20, seed=0)          # the run whose predictions are the reference


def initial_weights():
    rng = np.random.default_rng(0)
    W0 = rng.normal(0, 0.1, size=(HIDDEN, 64 + 1))
    V0 = rng.normal(0, 0.1, size=(lec2_data.N_CLASSES, HIDDEN + 1))
    return W0, V0


def compute(sol):
    """All reference arrays, computed with the solution module `sol`."""
    X_train, D_train, _ = lec2_data.load_digits("train")
    X_test, _, labels_test = lec2_data.load_digits("test")
    W0, V0 = initial_weights()
    n = SHORT["n"]
    short_W, short_V, short_losses = sol.train(
        X_train[:n], D_train[:n], W0, V0, ETA, SHORT["epochs"], SHORT["seed"])
    W, V, losses = sol.train(X_train, D_train, W0, V0, ETA, FULL["epochs"], FULL["seed"])
    predicted = sol.predict(X_test, W, V)
    C = sol.confusion_matrix(labels_test, predicted, lec2_data.N_CLASSES)
    return dict(
        W0=W0, V0=V0,
        short_n=n, short_epochs=SHORT["epochs"], short_seed=SHORT["seed"], short_eta=ETA,
        short_W=short_W, short_V=short_V, short_losses=short_losses,
        W_trained=W, V_trained=V, losses=losses,
        test_predicted=predicted, test_confusion=C, test_accuracy=sol.accuracy(C),
    )


def reference_path(root):
    return Path(root) / "source" / "lec2" / REFERENCE_DIR / FILE_NAME


def generate(root):
    """Recompute the reference from the source notebook and write it; return its path."""
    arrays = compute(load_solution(source_notebook(root, "lec2")))
    path = reference_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, **arrays)
    return path
