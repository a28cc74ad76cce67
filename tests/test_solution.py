"""The reference solution keeps the spec's contract and reproduces the seeds' numbers."""
import inspect

import numpy as np
import pytest

# COURSE_SPEC.md section 2, written out: the contract students and hidden tests share
SIGNATURES = {
    "add_bias": "(x)",
    "sigmoid": "(u)", "sigmoid_prime": "(u)", "tanh": "(u)", "tanh_prime": "(u)",
    "relu": "(u)", "relu_prime": "(u)",
    "softmax": "(a)",
    "cross_entropy": "(y, d)",
    "forward": "(x, W, V, f=sigmoid)",
    "backward": "(x, d, V, u, z, y, f_prime=sigmoid_prime)",
    "sgd_step": "(x, d, W, V, eta, f=sigmoid, f_prime=sigmoid_prime)",
    "train": "(X, D, W, V, eta, epochs, seed, f=sigmoid, f_prime=sigmoid_prime)",
    "predict": "(X, W, V, f=sigmoid)",
    "confusion_matrix": "(actual, predicted, m)",
    "accuracy": "(C)",
}


def signature(fun):
    """inspect's text, with function defaults shown by name as in the spec."""
    params = []
    for p in inspect.signature(fun).parameters.values():
        default = p.default
        if default is inspect.Parameter.empty:
            params.append(p.name)
        else:
            params.append(f"{p.name}={getattr(default, '__name__', default)}")
    return "(" + ", ".join(params) + ")"


@pytest.mark.parametrize("name", SIGNATURES)
def test_signature_is_the_spec(solution, name):
    assert signature(getattr(solution, name)) == SIGNATURES[name]


def seed000():
    W1 = np.array([[0.1, 0.3], [0.2, 0.4]])
    W = np.hstack([np.zeros((2, 1)), W1.T])
    return np.array([1.0, 0.5]), W, W.copy()


def test_seed000_forward(solution):
    x, W, V = seed000()
    u, z, y = solution.forward(x, W, V)
    assert np.allclose(z[1:], [0.549834, 0.62245933], atol=1e-8)
    assert np.allclose(y, [0.44165237, 0.55834763], atol=1e-8)


def test_seed000_one_step(solution):
    x, W, V = seed000()
    W_new, V_new = solution.sgd_step(x, np.array([1.0, 0.0]), W, V, 0.005)
    assert np.allclose(W_new[:, 1:].T, [[0.0998618, 0.29986879], [0.1999309, 0.39993439]], atol=1e-8)
    assert np.allclose(V_new[:, 1:].T, [[0.10153499, 0.29846501], [0.20173774, 0.39826226]], atol=1e-8)
    # the bias columns move by -eta * delta (spec section 3)
    u, z, y = solution.forward(x, W, V)
    assert np.allclose(V_new[:, 0], -0.005 * (y - [1.0, 0.0]))


def test_seed003_numbers_and_its_bug(solution):
    inputs = np.array([0.8, 0.2, 0.7])
    wih = np.array([[0.8, 0.2, 0.3], [0.3, 0.5, 0.1], [0.2, 0.4, 0.5]])
    who = np.array([[0.1, 0.3, 0.5], [0.2, 0.9, 0.5], [0.5, 0.3, 0.1]])
    hidden = solution.sigmoid(wih @ inputs)
    output = solution.sigmoid(who @ hidden)
    assert np.allclose(hidden, [0.70889017, 0.60108788, 0.64336515], atol=1e-8)
    assert np.allclose(output, [0.63943159, 0.73193058, 0.6454522], atol=1e-8)
    delta = (np.array([0.5, 0.99, 0.6]) - output) * output * (1 - output)
    buggy = who + 0.1 * np.dot(delta, np.transpose(hidden))  # what seed 003 wrote
    assert np.allclose(buggy - who, 0.00009555, atol=1e-8)
    correct = who + 0.1 * np.outer(delta, hidden)
    assert np.allclose(correct, [[0.09772112, 0.29806767, 0.49793176], [0.20358949, 0.90304363, 0.5032577],
                                 [0.49926265, 0.29937478, 0.09933081]], atol=1e-8)


def test_seed004_accuracy(solution):
    C = np.array([[10, 3, 3, 4], [2, 8, 5, 5], [0, 5, 12, 3], [3, 2, 3, 12]])
    assert solution.accuracy(C) == 0.525


def test_confusion_matrix_rows_are_actual_classes(solution):
    C = solution.confusion_matrix(np.array([0, 0, 2]), np.array([1, 1, 2]), 3)
    assert C[0, 1] == 2 and C[1, 0] == 0 and C.dtype.kind == "i"


def test_softmax_and_sigmoid_are_stable(solution):
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert np.allclose(solution.softmax(np.array([1e4, 0.0, -1e4])), [1, 0, 0])
        assert np.allclose(solution.sigmoid(np.array([-1000.0, 1000.0])), [0, 1])


def test_relu_prime_at_zero_is_zero(solution):
    assert solution.relu_prime(np.array(0.0)) == 0.0
