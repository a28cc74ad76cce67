"""Extract the UCI digits from scikit-learn's bundled copy and split them.

Run by hand, once, with scikit-learn installed (it is not a dependency of the
course: nothing else imports it):

    python -m venv /tmp/skl && /tmp/skl/bin/pip install scikit-learn
    /tmp/skl/bin/python lec2_data/make_digits.py

Writes digits_train.csv and digits_test.csv beside this file and prints the
per-class counts and the digest of the whole set that README.md records.
"""
import hashlib
from pathlib import Path

import numpy as np
import sklearn
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

SEED = 0
TEST_SIZE = 450  # 25 % of 1797, rounded up by scikit-learn's own rule
HERE = Path(__file__).resolve().parent
HEADER = "label," + ",".join(f"p{i}" for i in range(64)) + "\n"


def lines(images, labels):
    """One CSV line per image, integers only, LF-terminated."""
    rows = np.column_stack([labels, images]).astype(np.int64)
    return [",".join(map(str, row)) + "\n" for row in rows.tolist()]


def whole_set_digest(images, labels):
    """SHA-256 of the sorted data lines: the same for the full set as for
    train + test together exactly when the split is a partition of the rows."""
    return hashlib.sha256("".join(sorted(lines(images, labels))).encode()).hexdigest()


def write(path, images, labels):
    with open(path, "w", newline="\n") as f:
        f.write(HEADER)
        f.writelines(lines(images, labels))


def main():
    digits = load_digits()
    # The column names p(8r+c) promise row-major order; make sure that is what data is.
    assert np.array_equal(digits.data, digits.images.reshape(-1, 64))
    assert np.array_equal(digits.data, np.round(digits.data)) and digits.data.max() == 16
    X_train, X_test, y_train, y_test = train_test_split(
        digits.data, digits.target, test_size=TEST_SIZE, stratify=digits.target, random_state=SEED)
    write(HERE / "digits_train.csv", X_train, y_train)
    write(HERE / "digits_test.csv", X_test, y_test)
    print("scikit-learn", sklearn.__version__)
    for name, y in (("all", digits.target), ("train", y_train), ("test", y_test)):
        print(name, len(y), np.bincount(y).tolist())
    print("whole-set digest", whole_set_digest(digits.data, digits.target))


if __name__ == "__main__":
    main()
