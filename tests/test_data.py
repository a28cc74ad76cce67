"""lec2_data: the files are the ones the README describes, and the loader returns what it promises."""
import hashlib
import re
import subprocess
import sys

import numpy as np
import pytest

import lec2_data
from conftest import REPO

DATA = REPO / "lec2_data"
README = (DATA / "README.md").read_text(encoding="utf-8")


def readme_counts(split):
    row = re.search(rf"^\| {split} \|(.*)\|$", README, re.M).group(1)
    return [int(n) for n in row.split("|")]


@pytest.mark.parametrize("name", ["digits_train.csv", "digits_test.csv", "toy2d.csv"])
def test_checksum_is_the_one_in_the_readme(name):
    stated = re.search(rf"^\| {re.escape(name)} \| ([0-9a-f]{{64}}) \|$", README, re.M).group(1)
    assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == stated


@pytest.mark.parametrize("split", ["train", "test"])
def test_counts_are_the_ones_in_the_readme(split):
    _, _, labels = lec2_data.load_digits(split)
    *per_class, total = readme_counts(split)
    assert np.bincount(labels, minlength=10).tolist() == per_class and len(labels) == total


def test_split_is_stratified_and_complete():
    train = lec2_data.load_digits("train")[2]
    test = lec2_data.load_digits("test")[2]
    assert len(train) + len(test) == 1797
    share = np.bincount(test) / (np.bincount(train) + np.bincount(test))
    assert np.all(np.abs(share - 450 / 1797) < 0.01)


def test_pixels_are_integers_0_to_16():
    table = np.loadtxt(DATA / "digits_train.csv", delimiter=",", skiprows=1)
    assert table.shape == (1347, 65)
    assert np.array_equal(table, np.round(table)) and table[:, 1:].min() == 0 and table[:, 1:].max() == 16


@pytest.mark.parametrize("split,n", [("train", 1347), ("test", 450)])
def test_load_digits(split, n):
    X, D, labels = lec2_data.load_digits(split)
    assert X.shape == (n, 64) and X.dtype == np.float64 and 0 <= X.min() and X.max() == 1.0
    assert D.shape == (n, 10) and np.array_equal(D.sum(axis=1), np.ones(n))
    assert labels.dtype == np.int64 and np.array_equal(D.argmax(axis=1), labels)


def test_load_toy2d():
    X, D, labels = lec2_data.load_toy2d()
    assert X.shape == (300, 2) and D.shape == (300, 3)
    assert np.bincount(labels).tolist() == [100, 100, 100] and np.abs(X).max() <= 1.1


def test_loaders_return_fresh_arrays():
    X, D, _ = lec2_data.load_digits("test")
    X[:] = -1
    D[:] = -1
    X2, D2, _ = lec2_data.load_digits("test")
    assert X2.min() >= 0 and D2.min() == 0


def test_unknown_split_is_refused():
    with pytest.raises(ValueError, match="split"):
        lec2_data.load_digits("validation")


def test_toy_set_script_rewrites_the_file_byte_for_byte(tmp_path):
    subprocess.run([sys.executable, str(DATA / "make_toy2d.py"), str(tmp_path / "toy.csv")], check=True)
    assert (tmp_path / "toy.csv").read_bytes() == (DATA / "toy2d.csv").read_bytes()


def test_the_course_never_imports_scikit_learn():
    code = "import sys, lec2_data; lec2_data.load_digits(); print('sklearn' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
