import numpy as np
import pytest

from gradcheck import check_gradient, numerical_gradient, relative_error


def test_numerical_gradient_of_a_quadratic_is_exact():
    A = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]])
    grad = numerical_gradient(lambda M: float(np.sum(M ** 2)), A)
    # central differences are exact for quadratics up to rounding
    assert np.allclose(grad, 2 * A, atol=1e-9)


def test_numerical_gradient_leaves_its_array_alone():
    A = np.arange(6.0).reshape(2, 3)
    numerical_gradient(lambda M: float(np.sum(np.sin(M))), A)
    assert np.array_equal(A, np.arange(6.0).reshape(2, 3))


def test_relative_error_is_the_largest_elementwise_ratio():
    a = np.array([1.0, 0.0, 2.0])
    b = np.array([1.0, 0.0, 2.2])
    assert relative_error(a, b) == pytest.approx(0.2 / 4.2)
    # both zero: the floor 1e-8 keeps it finite and zero
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0


def test_check_gradient_tells_right_from_wrong():
    A = np.array([0.3, -1.2, 2.0])
    fun = lambda M: float(np.sum(np.exp(M)))  # noqa: E731
    assert check_gradient(fun, A, np.exp(A)) < 1e-8
    assert check_gradient(fun, A, 1.01 * np.exp(A)) > 1e-3


def test_check_gradient_rejects_a_gradient_of_the_wrong_shape():
    with pytest.raises(ValueError, match="shape"):
        check_gradient(lambda M: float(np.sum(M)), np.zeros((2, 3)), np.zeros(3))
