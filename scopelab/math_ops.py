"""Small NumPy-backed TF ops, so TF docs' examples, regularizers and tests run unchanged.

Inputs may be Variables, PartitionedVariables, arrays, lists or numbers (anything
``np.asarray`` reads). Python values are converted as TF's ``convert_to_tensor`` does
(float -> float32, int -> int32). Results are :class:`Tensor`: a NumPy array subclass that marks
"this came from a TF op". The store treats a ``Tensor`` initializer the way TF treats a
``tf.Tensor`` (its shape is inferred, its dtype wins; under a partitioner it is sliced), while a
plain NumPy array stays a "constant value" (spec §6.5).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scopelab._tf_values import constant_value, default_dtype
from scopelab.dtypes import as_dtype, float32
from scopelab.errors import InvalidArgumentError
from scopelab.tensor_shape import TensorShape

__all__ = [
    "Tensor", "is_tensor", "convert_to_tensor", "reduce_sum", "reduce_mean", "reduce_max",
    "square", "abs", "sqrt", "add", "add_n", "multiply", "matmul", "constant", "identity",
    "zeros", "ones", "zeros_like", "ones_like", "reshape", "concat", "stack", "l2_loss",
]


class Tensor(np.ndarray):
    """An op result: a NumPy array that prints and answers like TF's ``tf.Tensor``."""

    def get_shape(self) -> TensorShape:
        return TensorShape(self.shape)

    def numpy(self) -> np.ndarray:
        return np.array(self)

    def __repr__(self) -> str:
        try:
            dtype = as_dtype(self.dtype).name
        except TypeError:
            dtype = str(self.dtype)
        body = np.array2string(np.asarray(self), separator=", ")
        return f"<tf.Tensor: shape={tuple(self.shape)}, dtype={dtype}, numpy={body}>"


def is_tensor(value: object) -> bool:
    """True for the results of scopelab ops (``tf.constant`` …), like ``tf.is_tensor``."""
    return isinstance(value, Tensor)


def _tensor(array) -> Tensor:
    return np.asarray(array).view(Tensor)


def convert_to_tensor(value, dtype=None) -> Tensor:
    """``value`` as a Tensor; Python floats become float32 and ints int32, as in TF."""
    if dtype is None:
        dtype = default_dtype(value)
    if dtype is None:
        return _tensor(np.asarray(value))
    return _tensor(constant_value(value, as_dtype(dtype)))


def _array(value) -> np.ndarray:
    return np.asarray(convert_to_tensor(value))


def _axis(axis, reduction_indices):
    if axis is not None and reduction_indices is not None:
        raise InvalidArgumentError("Pass axis or reduction_indices, not both.", axis=axis)
    axis = reduction_indices if axis is None else axis
    if isinstance(axis, list):
        axis = tuple(axis)
    return axis


def _keep(keepdims, keep_dims) -> bool:
    return bool(keep_dims if keepdims is None else keepdims)


def reduce_sum(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
               keep_dims=None) -> Tensor:
    x = _array(input_tensor)
    out = np.sum(x, axis=_axis(axis, reduction_indices), keepdims=_keep(keepdims, keep_dims))
    return _tensor(np.asarray(out, dtype=x.dtype))


def reduce_mean(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
                keep_dims=None) -> Tensor:
    x = _array(input_tensor)
    out = np.mean(x, axis=_axis(axis, reduction_indices), keepdims=_keep(keepdims, keep_dims))
    # Integer inputs give an integer (truncated) mean, as in TF.
    return _tensor(np.asarray(np.trunc(out) if x.dtype.kind in "iu" else out).astype(x.dtype))


def reduce_max(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
               keep_dims=None) -> Tensor:
    x = _array(input_tensor)
    return _tensor(np.max(x, axis=_axis(axis, reduction_indices),
                          keepdims=_keep(keepdims, keep_dims)))


def square(x, name=None) -> Tensor:
    x = _array(x)
    return _tensor(x * x)


def abs(x, name=None) -> Tensor:  # noqa: A001 - TF's public name
    return _tensor(np.abs(_array(x)))


def sqrt(x, name=None) -> Tensor:
    return _tensor(np.sqrt(_array(x)))


def _operand(value):
    # Python numbers stay "weak" so they take the other operand's dtype (TF converts them so).
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return _array(value)


def add(x, y, name=None) -> Tensor:
    return _tensor(np.add(_operand(x), _operand(y)))


def multiply(x, y, name=None) -> Tensor:
    return _tensor(np.multiply(_operand(x), _operand(y)))


def add_n(inputs: Sequence, name=None) -> Tensor:
    if not inputs:
        raise InvalidArgumentError("inputs must be a non-empty list of tensors.", inputs=inputs)
    arrays = [_array(x) for x in inputs]
    total = np.array(arrays[0])
    for a in arrays[1:]:
        if a.shape != total.shape:
            raise InvalidArgumentError(
                f"add_n needs inputs of one shape, got {total.shape} and {a.shape}.",
                shapes=[x.shape for x in arrays])
        total = total + a
    return _tensor(total)


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, name=None) -> Tensor:
    a, b = _array(a), _array(b)
    if transpose_a or adjoint_a:
        a = np.conj(np.swapaxes(a, -1, -2)) if adjoint_a else np.swapaxes(a, -1, -2)
    if transpose_b or adjoint_b:
        b = np.conj(np.swapaxes(b, -1, -2)) if adjoint_b else np.swapaxes(b, -1, -2)
    return _tensor(np.matmul(a, b))


def constant(value, dtype=None, shape=None, name="Const", verify_shape=False) -> Tensor:
    """TF1 ``tf.constant``: a shorter value is padded with its last element to ``shape``."""
    if dtype is None:
        dtype = default_dtype(value)
    if dtype is None:
        dtype = as_dtype(np.asarray(value).dtype)
    return _tensor(constant_value(value, as_dtype(dtype), shape, verify_shape))


def identity(input, name=None) -> Tensor:  # noqa: A002 - TF's argument name
    return _tensor(np.array(_array(input)))


def zeros(shape, dtype=float32, name=None) -> Tensor:
    return _tensor(np.zeros(tuple(TensorShape(shape).as_list()), dtype=as_dtype(dtype).np))


def ones(shape, dtype=float32, name=None) -> Tensor:
    return _tensor(np.ones(tuple(TensorShape(shape).as_list()), dtype=as_dtype(dtype).np))


def zeros_like(tensor, dtype=None, name=None, optimize=True) -> Tensor:
    x = _array(tensor)
    return _tensor(np.zeros(x.shape, dtype=x.dtype if dtype is None else as_dtype(dtype).np))


def ones_like(tensor, dtype=None, name=None, optimize=True) -> Tensor:
    x = _array(tensor)
    return _tensor(np.ones(x.shape, dtype=x.dtype if dtype is None else as_dtype(dtype).np))


def reshape(tensor, shape, name=None) -> Tensor:
    return _tensor(np.reshape(_array(tensor), tuple(shape)))


def concat(values: Sequence, axis, name="concat") -> Tensor:
    return _tensor(np.concatenate([_array(v) for v in values], axis=axis))


def stack(values: Sequence, axis=0, name="stack") -> Tensor:
    return _tensor(np.stack([_array(v) for v in values], axis=axis))


def l2_loss(t, name=None) -> Tensor:
    """``sum(t ** 2) / 2``."""
    x = _array(t)
    return _tensor(np.asarray(np.sum(x * x) / 2, dtype=x.dtype))
