"""Extract the UCI digits from scikit-learn's bundled copy and split them.

Run by hand, once, with scikit-learn installed (it is not a dependency of the
course: nothing else imports it):

    python -m venv /tmp/skl && /tmp/skl/bin/pip install scikit-learn
    /tmp/skl/bin/python lec2_data/make_digits.py

Writes digits_train.csv and digits_test.csv beside this file.
"""
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

SEED = 0
TEST_SIZE = 450  # 25 % of 1797, rounded up by scikit-learn's own rule
HERE = Path(__file__).resolve().parent


def write(path, images, labels):
    header = "label," + ",".join(f"p{i}" for i in range(64))
    rows = np.column_stack([labels, images]).astype(np.int64)
    np.savetxt(path, rows, fmt="%d", delimiter=",", header=header, comments="", newline="\n")


def main():
    digits = load_digits()
    X_train, X_test, y_train, y_test = train_test_split(
        digits.data, digits.target, test_size=TEST_SIZE, stratify=digits.target, random_state=SEED)
    write(HERE / "digits_train.csv", X_train, y_train)
    write(HERE / "digits_test.csv", X_test, y_test)
    for name, y in (("train", y_train), ("test", y_test)):
        print(name, len(y), np.bincount(y).tolist())


if __name__ == "__main__":
    main()
