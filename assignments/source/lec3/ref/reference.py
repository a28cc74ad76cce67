"""lec3's reference results (autograder/reference.py writes them to lec3_reference.npz beside this):
the weights and histories of minibatch_sgd from fixed weights on the digits, without and with weight
decay and with early stopping; the early-stopped network's predictions, confusion matrix and accuracy
on the test digits; and the regression fit of Step 8's noisy curve."""
import numpy as np

import lec2_data

HIDDEN = 30
SHORT = dict(n=300, eta=0.5, epochs=3, batch_size=20, seed=1)       # compared weight for weight
DECAY = dict(lam=1e-3, val_fraction=0.25, split_seed=2)              # the same run with decay and validation
FULL = dict(activation="tanh", eta=0.5, epochs=20, batch_size=32, seed=0, lam=1e-4, val_fraction=0.2,
            split_seed=0, patience=5)                                # the run whose predictions are the reference


def initial_weights(hidden=HIDDEN, scale=0.1):
    rng = np.random.default_rng(0)
    return rng.normal(0, scale, size=(hidden, 64 + 1)), rng.normal(0, scale, size=(lec2_data.N_CLASSES, hidden + 1))


def history_arrays(prefix, history):
    best = history["best_epoch"]
    return {f"{prefix}_train_loss": np.array(history["train_loss"]), f"{prefix}_val_loss": np.array(history["val_loss"]),
            f"{prefix}_best_epoch": -1 if best is None else best}


def curve():
    """Step 8's noisy curve, as the notebook makes it."""
    rng = np.random.default_rng(4)
    x = np.sort(rng.uniform(-1.0, 1.0, size=40))
    return x, np.sin(np.pi * x) + rng.normal(0.0, 0.15, size=40)


def compute(sol):
    """All reference arrays, computed with the solution module `sol`."""
    X_train, D_train, _ = lec2_data.load_digits("train")
    X_test, _, labels_test = lec2_data.load_digits("test")
    W0, V0 = initial_weights()
    out = dict(W0=W0, V0=V0)

    n = SHORT["n"]
    net = sol.Network(W0, V0)
    history = sol.minibatch_sgd(net, X_train[:n], D_train[:n], SHORT["eta"], SHORT["epochs"], SHORT["batch_size"],
                                SHORT["seed"])
    out.update(short_W=net.W, short_V=net.V, **history_arrays("short", history))

    X, D, X_val, D_val = sol.split(X_train[:n], D_train[:n], DECAY["val_fraction"], DECAY["split_seed"])
    net = sol.Network(W0, V0)
    history = sol.minibatch_sgd(net, X, D, SHORT["eta"], SHORT["epochs"], SHORT["batch_size"], SHORT["seed"],
                                lam=DECAY["lam"], X_val=X_val, D_val=D_val)
    out.update(decay_W=net.W, decay_V=net.V, **history_arrays("decay", history))

    X, D, X_val, D_val = sol.split(X_train, D_train, FULL["val_fraction"], FULL["split_seed"])
    net = sol.Network(W0, V0, FULL["activation"])
    history = sol.minibatch_sgd(net, X, D, FULL["eta"], FULL["epochs"], FULL["batch_size"], FULL["seed"],
                                lam=FULL["lam"], X_val=X_val, D_val=D_val, patience=FULL["patience"])
    predicted = net.predict(X_test)
    C = np.zeros((lec2_data.N_CLASSES, lec2_data.N_CLASSES), dtype=np.int64)
    np.add.at(C, (labels_test, predicted), 1)
    out.update(early_W=net.W, early_V=net.V, **history_arrays("early", history),
               test_predicted=predicted, test_confusion=C, test_accuracy=float(np.trace(C) / np.sum(C)))

    x, d = curve()
    X, D, X_val, D_val = sol.split(x[:, None], d[:, None], 0.25, 0)
    rng = np.random.default_rng(0)
    net = sol.Network(rng.normal(0.0, 1.0, size=(20, 2)), rng.normal(0.0, 0.1, size=(1, 21)), "tanh", "identity")
    history = sol.minibatch_sgd(net, X, D, 0.1, 400, 5, 0, X_val=X_val, D_val=D_val, patience=100)
    grid = np.linspace(-1.0, 1.0, 200)
    out.update(curve_x=x, curve_d=d, curve_W=net.W, curve_V=net.V, **history_arrays("curve", history),
               curve_grid=grid, curve_fit=net.predict(grid[:, None])[:, 0])
    return out
