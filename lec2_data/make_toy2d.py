"""A small 2-D data set for decision-boundary pictures: three interleaved spiral arms.

No straight line separates the arms; a hidden layer of a few units does.

    python lec2_data/make_toy2d.py        # rewrites toy2d.csv, byte for byte
"""
import sys
from pathlib import Path

import numpy as np

SEED = 7
PER_CLASS, CLASSES, NOISE = 100, 3, 0.2
HERE = Path(__file__).resolve().parent


def make(seed=SEED):
    """(X, labels): X (300, 2) within about [-1, 1], labels 0, 1, 2."""
    rng = np.random.default_rng(seed)
    points, labels = [], []
    for k in range(CLASSES):
        r = np.linspace(0.1, 1.0, PER_CLASS)                      # radius grows along the arm
        angle = 1.75 * np.pi * r + 2 * np.pi * k / CLASSES + NOISE * rng.normal(size=PER_CLASS)
        points.append(np.column_stack([r * np.cos(angle), r * np.sin(angle)]))
        labels.append(np.full(PER_CLASS, k))
    return np.vstack(points), np.concatenate(labels)


def main(path=HERE / "toy2d.csv"):
    X, labels = make()
    with open(path, "w", newline="\n") as f:
        f.write("label,x1,x2\n")
        for k, (x1, x2) in zip(labels, X):
            f.write(f"{k},{x1:.6f},{x2:.6f}\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
