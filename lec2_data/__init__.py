"""The data of assignment lec2, and the one loader that the assignment, the
lectures and the tests use. Provenance and licence: README.md beside this file.
"""
import functools
from pathlib import Path

import numpy as np

N_CLASSES = 10
HERE = Path(__file__).resolve().parent
SPLITS = ("train", "test")


def one_hot(labels, m):
    """(n,) integer labels -> (n, m) float64 1-of-K teacher vectors."""
    labels = np.asarray(labels, dtype=np.int64)
    return np.eye(m)[labels]


@functools.lru_cache(maxsize=None)
def _table(name):
    # parsing the CSV costs ~0.1 s; a notebook loads the same file in many cells
    table = np.loadtxt(HERE / name, delimiter=",", skiprows=1)
    table.flags.writeable = False
    return table


def _read(name):
    """(inputs, labels) as fresh arrays: a caller may modify them freely."""
    table = _table(name)
    return table[:, 1:].copy(), table[:, 0].astype(np.int64)


def load_digits(split="train"):
    """(X, D, labels) of the UCI digits: X (n, 64) = pixels / 16 in [0, 1],
    D (n, 10) one-hot, labels (n,) int64. split: "train" (1347) or "test" (450).
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    pixels, labels = _read(f"digits_{split}.csv")
    return pixels / 16.0, one_hot(labels, N_CLASSES), labels


def load_toy2d():
    """(X, D, labels) of the three-arm spiral: X (300, 2), D (300, 3) one-hot, labels (300,)."""
    X, labels = _read("toy2d.csv")
    return X, one_hot(labels, 3), labels
