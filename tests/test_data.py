"""lec2_data: the files are the ones the README describes, and the loader returns what it promises."""
import hashlib
import importlib.util
import re
import subprocess
import sys

import numpy as np
import pytest

import lec2_data
from conftest import REPO

DATA = REPO / "lec2_data"
README = (DATA / "README.md").read_text(encoding="utf-8")
DIGITS = ["digits_train.csv", "digits_test.csv"]


def readme_counts(split):
    """[count of class 0, ..., count of class 9, total] from the README's table row."""
    row = re.search(rf"^\| {split} \|(.*)\|$", README, re.M).group(1)
    return [int(n) for n in row.split("|")]


def data_lines(name):
    return (DATA / name).read_bytes().split(b"\n")[1:-1]


@pytest.mark.parametrize("name", DIGITS + ["toy2d.csv"])
def test_checksum_is_the_one_in_the_readme(name):
    stated = re.search(rf"^\| {re.escape(name)} \| ([0-9a-f]{{64}}) \|$", README, re.M).group(1)
    assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == stated


@pytest.mark.parametrize("name", DIGITS + ["toy2d.csv"])
def test_files_are_plain_lf_csv(name):
    raw = (DATA / name).read_bytes()
    assert b"\r" not in raw and raw.endswith(b"\n") and not raw.endswith(b"\n\n")
    header = raw.split(b"\n", 1)[0].decode()
    expected = "label,x1,x2" if name == "toy2d.csv" else "label," + ",".join(f"p{i}" for i in range(64))
    assert header == expected


@pytest.mark.parametrize("split", ["train", "test"])
def test_counts_are_the_ones_in_the_readme(split):
    _, _, labels = lec2_data.load_digits(split)
    *per_class, total = readme_counts(split)
    assert np.bincount(labels, minlength=10).tolist() == per_class and len(labels) == total


def test_readme_counts_add_up():
    train, test, whole = (readme_counts(s) for s in ("train", "test", "whole"))
    assert [a + b for a, b in zip(train, test)] == whole
    assert whole[-1] == 1797 and train[-1] == 1347 and test[-1] == 450
    assert sum(whole[:-1]) == whole[-1]


def test_split_is_stratified():
    train = np.bincount(lec2_data.load_digits("train")[2], minlength=10)
    test = np.bincount(lec2_data.load_digits("test")[2], minlength=10)
    assert train.sum() + test.sum() == 1797
    # each class's test share is 25 % (450 / 1797) of that class, to within one image
    assert np.all(np.abs(test - (train + test) * 450 / 1797) <= 1)


def test_split_is_a_partition_of_the_whole_set():
    # No row index survives in the CSVs; the README records a digest of the whole
    # set's sorted rows, which train + test reproduce only if each row went to one side.
    stated = re.search(r"whole-set digest ([0-9a-f]{64})", README).group(1)
    rows = sorted(line + b"\n" for name in DIGITS for line in data_lines(name))
    assert len(rows) == 1797
    assert hashlib.sha256(b"".join(rows)).hexdigest() == stated


@pytest.mark.parametrize("name,n", [("digits_train.csv", 1347), ("digits_test.csv", 450)])
def test_pixels_are_integers_0_to_16(name, n):
    lines = data_lines(name)
    assert all(re.fullmatch(rb"\d(,\d{1,2}){64}", line) for line in lines)
    table = np.loadtxt(DATA / name, delimiter=",", skiprows=1, dtype=np.int64)
    assert table.shape == (n, 65)
    assert table[:, 0].min() == 0 and table[:, 0].max() == 9
    assert table[:, 1:].min() == 0 and table[:, 1:].max() == 16


@pytest.mark.parametrize("split,n", [("train", 1347), ("test", 450)])
def test_load_digits(split, n):
    X, D, labels = lec2_data.load_digits(split)
    assert X.shape == (n, 64) and X.dtype == np.float64 and X.min() == 0.0 and X.max() == 1.0
    assert np.array_equal(X * 16, np.round(X * 16))
    assert D.shape == (n, 10) and D.dtype == np.float64
    assert set(np.unique(D)) == {0.0, 1.0} and np.array_equal(D.sum(axis=1), np.ones(n))
    assert labels.shape == (n,) and labels.dtype == np.int64 and np.array_equal(D.argmax(axis=1), labels)


def test_load_digits_matches_the_csv():
    table = np.loadtxt(DATA / "digits_test.csv", delimiter=",", skiprows=1)
    X, _, labels = lec2_data.load_digits("test")
    assert np.array_equal(X * 16, table[:, 1:]) and np.array_equal(labels, table[:, 0])


def test_one_hot():
    D = lec2_data.one_hot(np.array([2, 0, 1]), 4)
    assert D.dtype == np.float64
    assert np.array_equal(D, [[0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0]])
    assert lec2_data.N_CLASSES == 10


def test_load_toy2d():
    X, D, labels = lec2_data.load_toy2d()
    assert X.shape == (300, 2) and X.dtype == np.float64 and np.abs(X).max() <= 1.1
    assert D.shape == (300, 3) and D.dtype == np.float64 and np.array_equal(D.argmax(axis=1), labels)
    assert labels.dtype == np.int64 and np.bincount(labels).tolist() == [100, 100, 100]


def test_toy_set_is_not_linearly_separable():
    from scipy.optimize import linprog
    X, _, labels = lec2_data.load_toy2d()
    Xb = np.hstack([np.ones((len(X), 1)), X])
    # Any linear classifier can be scaled to a margin of 1: (w_j - w_k) . x <= -1 for j != k.
    rows = []
    for x, k in zip(Xb, labels):
        for j in range(3):
            if j != k:
                row = np.zeros((3, 3))
                row[j], row[k] = x, -x
                rows.append(row.ravel())
    result = linprog(np.zeros(9), A_ub=np.array(rows), b_ub=-np.ones(len(rows)), bounds=(None, None))
    assert result.status == 2  # infeasible


def test_toy_set_is_fitted_by_a_small_hidden_layer(solution):
    X, D, labels = lec2_data.load_toy2d()
    rng = np.random.default_rng(0)
    W, V = rng.normal(0, 1, (20, 3)), rng.normal(0, 0.1, (3, 21))
    W, V, _ = solution.train(X, D, W, V, 0.1, 60, 0, solution.tanh, solution.tanh_prime)
    assert np.mean(solution.predict(X, W, V, solution.tanh) == labels) >= 0.95


def test_loaders_return_fresh_arrays():
    for load in (lambda: lec2_data.load_digits("test"), lec2_data.load_toy2d):
        before = [a.copy() for a in load()]
        for a in load():
            a[...] = -1
        assert all(np.array_equal(a, b) for a, b in zip(load(), before))


@pytest.mark.parametrize("split", ["validation", "Train", None])
def test_unknown_split_is_refused(split):
    with pytest.raises(ValueError, match="split"):
        lec2_data.load_digits(split)


def test_toy_set_script_rewrites_the_file_byte_for_byte(tmp_path):
    subprocess.run([sys.executable, str(DATA / "make_toy2d.py"), str(tmp_path / "toy.csv")], check=True)
    assert (tmp_path / "toy.csv").read_bytes() == (DATA / "toy2d.csv").read_bytes()


def test_toy_set_main_writes_to_a_given_path(tmp_path):
    spec = importlib.util.spec_from_file_location("make_toy2d", DATA / "make_toy2d.py")
    make_toy2d = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_toy2d)
    make_toy2d.main(tmp_path / "toy.csv")
    assert (tmp_path / "toy.csv").read_bytes() == (DATA / "toy2d.csv").read_bytes()


def test_the_course_never_imports_scikit_learn():
    code = ("import sys, lec2_data; lec2_data.load_digits('train'); lec2_data.load_digits('test'); "
            "lec2_data.load_toy2d(); print('sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert "sklearn" not in (DATA / "__init__.py").read_text()
