"""lec2's reference results (autograder/commands/reference.py writes them to lec2_reference.npz beside this):
the weights after a short and a full training run from fixed weights, and the full run's
predictions, confusion matrix and accuracy (97.56 %) on the test digits."""
import numpy as np

import lec2_data

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
