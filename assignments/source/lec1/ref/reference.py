"""lec1's reference results (autograder/commands/reference.py writes them to lec1_reference.npz beside this):
logistic regression trained on the two clouds and on the XOR set of the notebook's figure cell, and
softmax regression trained on the digits as the notebook's last cell does, with its weights, losses,
test predictions, confusion matrix and accuracy (0.9644, 434 of 450 test digits)."""
import numpy as np

import lec2_data

LOGISTIC = dict(eta=0.5, epochs=20, seed=0)          # the figure cell's run, from w = 0
SOFTMAX = dict(eta=0.1, epochs=5, seed=0)            # the digits cell's run, from W = 0
SHORT = dict(n=200, eta=0.1, epochs=3, seed=1)       # a short run from small random weights


def two_sets(seed=2024, n_half=100):
    """The figure cell's data: (X_clouds, d_clouds, X_xor, d_xor), drawn as that cell draws them
    (tests/test_lec1.py checks that the two agree)."""
    rng = np.random.default_rng(seed)
    X_clouds = np.vstack([rng.normal([-1.5, -1.0], 0.5, size=(n_half, 2)),
                          rng.normal([1.5, 1.0], 0.5, size=(n_half, 2))])
    d_clouds = np.repeat([0.0, 1.0], n_half)
    corners = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    X_xor = np.vstack([rng.normal(c, 0.35, size=(n_half // 2, 2)) for c in corners])
    d_xor = np.repeat([1.0, 1.0, 0.0, 0.0], n_half // 2)
    return X_clouds, d_clouds, X_xor, d_xor


def compute(sol):
    """All reference arrays, computed with the solution module `sol`."""
    X_clouds, d_clouds, X_xor, d_xor = two_sets()
    w_clouds, losses_clouds = sol.train_logistic(X_clouds, d_clouds, np.zeros(3), **LOGISTIC)
    w_xor, losses_xor = sol.train_logistic(X_xor, d_xor, np.zeros(3), **LOGISTIC)
    X_train, D_train, _ = lec2_data.load_digits("train")
    X_test, _, labels_test = lec2_data.load_digits("test")
    W, losses = sol.train_softmax_regression(X_train, D_train, np.zeros((lec2_data.N_CLASSES, 65)), **SOFTMAX)
    predicted = sol.predict(X_test, W)
    C = sol.confusion_matrix(labels_test, predicted, lec2_data.N_CLASSES)
    W0 = np.random.default_rng(0).normal(0.0, 0.1, size=(lec2_data.N_CLASSES, 65))
    n = SHORT["n"]
    short_W, short_losses = sol.train_softmax_regression(X_train[:n], D_train[:n], W0, SHORT["eta"], SHORT["epochs"],
                                                         SHORT["seed"])
    return dict(
        w_clouds=w_clouds, losses_clouds=losses_clouds,
        accuracy_clouds=np.mean(sol.predict_binary(X_clouds, w_clouds) == d_clouds),
        boundary_clouds=np.array(sol.boundary(w_clouds)),
        w_xor=w_xor, losses_xor=losses_xor, accuracy_xor=np.mean(sol.predict_binary(X_xor, w_xor) == d_xor),
        W_trained=W, losses=losses, test_predicted=predicted, test_confusion=C, test_accuracy=sol.accuracy(C),
        W0=W0, short_W=short_W, short_losses=short_losses,
    )
