"""math_ops: TF conversion rules, op results as Tensor, values on array-likes (Variables)."""

import numpy as np
import pytest

from scopelab import dtypes, math_ops as tfm
from scopelab.errors import InitializerError
from scopelab.tensor_shape import TensorShape


class _VariableLike:
    """Stands for a Variable: only ``__array__`` (what math_ops relies on)."""

    def __init__(self, value):
        self.value = np.asarray(value)

    def __array__(self, dtype=None, copy=None):
        return self.value


def test_constant_python_defaults_follow_tf():
    assert tfm.constant(1.0).dtype == np.float32
    assert tfm.constant(1).dtype == np.int32
    assert tfm.constant([1, 2]).dtype == np.int32
    assert tfm.constant([2**40]).dtype == np.int64
    assert tfm.constant(True).dtype == np.bool_
    assert tfm.constant(np.arange(3)).dtype == np.int64  # NumPy keeps its dtype


def test_constant_shape_pads_with_last_value_and_checks():
    np.testing.assert_array_equal(tfm.constant([1, 2], shape=[2, 2]), [[1, 2], [2, 2]])
    np.testing.assert_array_equal(tfm.constant(0.5, shape=[3]), [0.5, 0.5, 0.5])
    with pytest.raises(InitializerError, match="Too many elements provided"):
        tfm.constant([1, 2, 3], shape=[2])
    with pytest.raises(TypeError, match="Expected Tensor's shape"):
        tfm.constant([1, 2], shape=[1, 2], verify_shape=True)
    assert tfm.constant([1, 2], dtype=dtypes.float64).dtype == np.float64


def test_results_are_tensors():
    t = tfm.constant([[1.0, 2.0]])
    assert tfm.is_tensor(t) and not tfm.is_tensor(np.ones(2))
    assert t.get_shape() == TensorShape([1, 2])
    assert isinstance(t.numpy(), np.ndarray) and not tfm.is_tensor(t.numpy())
    assert repr(tfm.constant(0.5, name="half")) == (
        "<tf.Tensor 'half:0' shape=() dtype=float32, numpy=0.5>")
    assert tfm.is_tensor(tfm.reduce_sum(t) + 1.0)


def test_reductions_on_variable_like():
    v = _VariableLike(np.array([[1.0, 2.0], [3.0, 5.0]], dtype=np.float32))
    assert float(tfm.reduce_sum(v)) == 11.0
    np.testing.assert_array_equal(tfm.reduce_sum(v, axis=0), [4.0, 7.0])
    np.testing.assert_array_equal(tfm.reduce_sum(v, 1, keepdims=True), [[3.0], [8.0]])
    np.testing.assert_array_equal(tfm.reduce_sum(v, reduction_indices=[0, 1]), 11.0)
    assert float(tfm.reduce_mean(v)) == 2.75
    assert tfm.reduce_mean(v).dtype == np.float32
    np.testing.assert_array_equal(tfm.reduce_max(v, axis=1, keep_dims=True), [[2.0], [5.0]])
    with pytest.raises(ValueError, match="Cannot specify both 'reduction_indices' and 'axis'"):
        tfm.reduce_sum(v, axis=0, reduction_indices=0)


def test_reduce_mean_of_ints_truncates_like_tf():
    assert int(tfm.reduce_mean([1, 2])) == 1
    assert tfm.reduce_mean([1, 2]).dtype == np.int32


def test_regularizer_style_expression_keeps_float32():
    v = _VariableLike(np.full((2, 2), 0.3, dtype=np.float32))
    loss = tfm.reduce_mean(v) + 0.1
    assert loss.dtype == np.float32
    assert float(loss) == pytest.approx(0.4)


def test_elementwise():
    x = np.array([-4.0, 9.0], dtype=np.float32)
    np.testing.assert_array_equal(tfm.square(x), [16.0, 81.0])
    np.testing.assert_array_equal(tfm.abs(x), [4.0, 9.0])
    np.testing.assert_array_equal(tfm.sqrt(tfm.abs(x)), [2.0, 3.0])
    np.testing.assert_array_equal(tfm.add(x, 1), [-3.0, 10.0])
    assert tfm.add(x, 1).dtype == np.float32
    np.testing.assert_array_equal(tfm.multiply(2, x), [-8.0, 18.0])


def test_add_n():
    parts = [np.ones((2, 2)), _VariableLike(np.full((2, 2), 2.0)), tfm.constant(3.0, shape=[2, 2])]
    np.testing.assert_array_equal(tfm.add_n(parts), np.full((2, 2), 6.0))
    with pytest.raises(ValueError, match="Dimensions must be equal.*AddN.*\\[2\\], \\[3\\]"):
        tfm.add_n([np.ones(2), np.ones(3)])
    with pytest.raises(ValueError, match="inputs must be a list of at least one Tensor"):
        tfm.add_n([])


def test_matmul_and_transposes():
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    b = np.arange(12, dtype=np.float32).reshape(3, 4)
    np.testing.assert_array_equal(tfm.matmul(a, b), a @ b)
    np.testing.assert_array_equal(tfm.matmul(a.T, b, transpose_a=True), a @ b)
    np.testing.assert_array_equal(tfm.matmul(a, b.T, transpose_b=True), a @ b)


def test_shapes_and_likes():
    assert tfm.zeros([2, 3]).dtype == np.float32 and tfm.zeros([2, 3]).shape == (2, 3)
    assert tfm.ones((2,), dtype=dtypes.int64).dtype == np.int64
    x = np.ones((2, 2), np.float64)
    assert tfm.zeros_like(x).dtype == np.float64 and not np.asarray(tfm.zeros_like(x)).any()
    assert tfm.ones_like(x, dtype="int32").dtype == np.int32
    np.testing.assert_array_equal(tfm.reshape(np.arange(6), [3, 2]), np.arange(6).reshape(3, 2))
    np.testing.assert_array_equal(tfm.concat([np.zeros((1, 2)), np.ones((2, 2))], 0),
                                  [[0, 0], [1, 1], [1, 1]])
    assert tfm.stack([np.ones(3), np.zeros(3)], axis=1).shape == (3, 2)


def test_identity_keeps_the_value_it_was_built_with():
    x = np.ones(3)
    y = tfm.identity(x)
    x[0] = 5
    assert np.asarray(y)[0] == 1


def test_l2_loss():
    assert float(tfm.l2_loss(np.array([3.0, 4.0], np.float32))) == 12.5
    assert tfm.l2_loss(np.array([3.0], np.float32)).dtype == np.float32


def test_convert_to_tensor():
    assert tfm.convert_to_tensor(1.5).dtype == np.float32
    assert tfm.convert_to_tensor([1, 2], dtype=dtypes.int64).dtype == np.int64
    assert tfm.convert_to_tensor(np.float64(2.0)).dtype == np.float64
