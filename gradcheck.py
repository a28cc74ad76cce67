"""Gradient checking by central differences.

The one helper that the assignment's visible and hidden tests and the lectures
share. It knows nothing about networks: give it a scalar function of one array
and the gradient you computed for that array.
"""
import numpy as np

H = 1e-5  # step of the central difference, for float64


def numerical_gradient(fun, A, h=H):
    """dfun/dA by central differences: (fun(A + h e_i) - fun(A - h e_i)) / 2h.

    `fun` takes an array shaped like A and returns a float. A is not modified.
    """
    A = np.array(A, dtype=np.float64)  # a private copy that we may perturb
    grad = np.zeros_like(A)
    for i in np.ndindex(A.shape):
        old = A[i]
        A[i] = old + h
        plus = fun(A.copy())
        A[i] = old - h
        minus = fun(A.copy())
        A[i] = old
        grad[i] = (plus - minus) / (2 * h)
    return grad


def relative_error(a, b):
    """The largest elementwise |a - b| / max(1e-8, |a| + |b|)."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: {a.shape} and {b.shape}")
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def check_gradient(fun, A, grad, h=H):
    """Relative error between `grad` and the numerical gradient of fun at A."""
    grad = np.asarray(grad, dtype=np.float64)
    if grad.shape != np.shape(A):
        raise ValueError(
            f"the gradient has shape {grad.shape} but its array has shape {np.shape(A)}"
        )
    return relative_error(grad, numerical_gradient(fun, A, h))
