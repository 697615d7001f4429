"""``tf.nn`` activations, ``softmax``/``log_softmax``, ``bias_add``, ``dropout``, ``top_k``,
``in_top_k`` and ``zero_fraction``. Composite ones are built from primitive ops under TF1's name
scopes. Losses are in :mod:`~scopelab.ops.nn_losses`, normalization in
:mod:`~scopelab.ops.normalization`, convolutions in :mod:`~scopelab.ops.conv_ops`.
"""

from __future__ import annotations

import collections
import numbers
from typing import Any

import numpy as np

from scopelab.dtypes import bool as tf_bool, float32, int32
from scopelab.scope import name_scope
from scopelab.tensor_shape import TensorShape

from scopelab.ops import array_ops, math_ops, reduce_ops
from scopelab.ops.join_ops import concat
from scopelab.ops.linalg_ops import matmul
from scopelab.ops.op_def import building_op, convert_to_tensor, define_op
from scopelab.ops.random_ops import random_uniform
from scopelab.ops.shapes import UNKNOWN, static_value, tf_shape_text
from scopelab.ops.tensor import Tensor

__all__ = ["relu", "relu6", "elu", "selu", "leaky_relu", "softplus", "softsign", "swish",
           "crelu", "sigmoid", "tanh", "softmax", "log_softmax", "bias_add", "xw_plus_b",
           "dropout", "top_k", "in_top_k", "l2_loss", "zero_fraction"]

sigmoid, tanh, l2_loss = math_ops.sigmoid, math_ops.tanh, reduce_ops.l2_loss
_FLOAT_KINDS = "f"


def _activation(op_type: str, fn: Any) -> Any:
    def shape(features: Tensor, **attrs: Any) -> tuple:
        if not features.dtype.is_floating and op_type not in ("Relu", "Relu6"):
            math_ops._check_float(features, op_type)
        return features.dtype, features.shape

    return define_op(op_type, ("features:any",), shape, fn)


def _elu(x: np.ndarray) -> np.ndarray:
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))


_SELU_ALPHA, _SELU_SCALE = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946

_RELU = _activation("Relu", lambda x: np.maximum(x, np.zeros((), x.dtype)))
_RELU6 = _activation("Relu6", lambda x: np.clip(x, 0, 6))
_ELU = _activation("Elu", _elu)
_SELU = _activation("Selu", lambda x: _SELU_SCALE * np.where(x > 0, x, _SELU_ALPHA * np.expm1(
    np.minimum(x, 0))))
_SOFTPLUS = _activation("Softplus", lambda x: np.logaddexp(np.zeros((), x.dtype), x))
_SOFTSIGN = _activation("Softsign", lambda x: x / (1 + np.abs(x)))
_LEAKY = _activation("LeakyRelu", lambda x, *, alpha: np.where(x > 0, x, x * np.asarray(
    alpha, x.dtype)))


def relu(features: Any, name: str | None = None) -> Tensor:
    return _RELU(features, name=name)


def relu6(features: Any, name: str | None = None) -> Tensor:
    return _RELU6(features, name=name)


def elu(features: Any, name: str | None = None) -> Tensor:
    return _ELU(features, name=name)


def selu(features: Any, name: str | None = None) -> Tensor:
    return _SELU(features, name=name)


def softplus(features: Any, name: str | None = None) -> Tensor:
    return _SOFTPLUS(features, name=name)


def softsign(features: Any, name: str | None = None) -> Tensor:
    return _SOFTSIGN(features, name=name)


def leaky_relu(features: Any, alpha: float = 0.2, name: str | None = None) -> Tensor:
    with name_scope(name, "LeakyRelu") as scope:
        return _LEAKY(features, name=scope, alpha=float(alpha))


def swish(features: Any, name: str | None = None) -> Tensor:
    """``features * sigmoid(features)`` (TF1 wraps it in a custom gradient: ``IdentityN``)."""
    features = convert_to_tensor(features, name="features")
    return array_ops.identity(features * math_ops.sigmoid(features), name=name or "IdentityN")


def crelu(features: Any, name: str | None = None, axis: int = -1) -> Tensor:
    with name_scope(name, "CRelu") as scope:
        features = convert_to_tensor(features, name="features")
        c = concat([features, -features], axis, name="concat")
        return relu(c, name=scope)


# --- softmax ------------------------------------------------------------------------------------
def _softmax_np(x: np.ndarray) -> np.ndarray:
    shifted = x - np.max(x, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)


def _log_softmax_np(x: np.ndarray) -> np.ndarray:
    shifted = x - np.max(x, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def _softmax_shape(logits: Tensor) -> tuple:
    math_ops._check_float(logits, building_op()[1])
    if logits.shape.ndims == 0:
        raise ValueError(f"Shape must be at least rank 1 but is rank 0 for '{building_op()[0]}'")
    return logits.dtype, logits.shape


_SOFTMAX = define_op("Softmax", ("logits:any",), _softmax_shape, _softmax_np)
_LOG_SOFTMAX = define_op("LogSoftmax", ("logits:any",), _softmax_shape, _log_softmax_np)


def _softmax_along(op: Any, logits: Any, axis: Any, name: str | None) -> Tensor:
    logits = convert_to_tensor(logits)
    rank = logits.shape.ndims
    if axis is None or axis == -1 or (rank is not None and axis == rank - 1):
        return op(logits, name=name)
    perm = list(range(rank))
    perm[axis], perm[-1] = perm[-1], perm[axis]
    swapped = array_ops.transpose(logits, perm)
    return array_ops.transpose(op(swapped), perm, name=name)


def softmax(logits: Any, axis: Any = None, name: str | None = None, dim: Any = None) -> Tensor:
    return _softmax_along(_SOFTMAX, logits, dim if axis is None else axis, name)


def log_softmax(logits: Any, axis: Any = None, name: str | None = None,
                dim: Any = None) -> Tensor:
    return _softmax_along(_LOG_SOFTMAX, logits, dim if axis is None else axis, name)


# --- bias_add ------------------------------------------------------------------------------------
def _bias_add_shape(value: Tensor, bias: Tensor, *, data_format: str) -> tuple:
    name, op_type = building_op()
    if bias.shape.ndims is not None and bias.shape.ndims != 1:
        raise ValueError(f"Shape must be rank 1 but is rank {bias.shape.ndims} for '{name}' "
                         f"(op: '{op_type}') with input shapes: {tf_shape_text(value.shape)}, "
                         f"{tf_shape_text(bias.shape)}.")
    if value.shape.ndims is None:
        return value.dtype, UNKNOWN
    if value.shape.ndims < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {value.shape.ndims} for "
                         f"'{name}' (op: '{op_type}')")
    axis = 1 if data_format == "NCHW" else -1
    dims = value.shape.as_list()
    b = bias.shape.as_list()[0] if bias.shape.ndims else None
    if dims[axis] is not None and b is not None and dims[axis] != b:
        raise ValueError(
            f"Dimensions must be equal, but are {dims[axis]} and {b} for '{name}' (op: "
            f"'{op_type}') with input shapes: {tf_shape_text(value.shape)}, "
            f"{tf_shape_text(bias.shape)}. The bias has one entry per channel (the last "
            f"dimension).")
    if dims[axis] is None:
        dims[axis] = b
    return value.dtype, TensorShape(dims)


def _bias_add(x: np.ndarray, b: np.ndarray, *, data_format: str) -> np.ndarray:
    if data_format == "NCHW":
        return x + b.reshape((-1,) + (1,) * (x.ndim - 2))
    return x + b


_BIAS_ADD = define_op("BiasAdd", ("value:T", "bias:T"), _bias_add_shape, _bias_add)


def bias_add(value: Any, bias: Any, data_format: Any = None, name: str | None = None) -> Tensor:
    with name_scope(name, "BiasAdd") as scope:
        return _BIAS_ADD(value, bias, name=scope, data_format=data_format or "NHWC")


def xw_plus_b(x: Any, weights: Any, biases: Any, name: str | None = None) -> Tensor:
    with name_scope(name, "xw_plus_b") as scope:
        return bias_add(matmul(x, weights), biases, name=scope)


# --- dropout ----------------------------------------------------------------------------------------
def dropout(x: Any, keep_prob: Any = None, noise_shape: Any = None, seed: Any = None,
            name: str | None = None, rate: Any = None) -> Tensor:
    """Zero each element with probability ``rate`` (or ``1 - keep_prob``), scale the rest by
    ``1 / (1 - rate)``; a new mask on every run."""
    if keep_prob is not None and rate is not None:
        raise ValueError("Cannot specify both 'rate' and 'keep_prob'.")
    if keep_prob is not None:
        if isinstance(keep_prob, numbers.Real) and not 0 < keep_prob <= 1:
            raise ValueError(f"keep_prob must be a scalar tensor or a float in the range (0, 1], "
                             f"got {keep_prob:g}")
        rate = 1 - keep_prob
    if rate is None:
        raise ValueError("dropout needs rate= (or TF1's keep_prob=).")
    with name_scope(name, "dropout") as scope:
        x = convert_to_tensor(x, name="x")
        if not x.dtype.is_floating:
            raise ValueError(f"x has to be a floating point tensor since it's going to be "
                             f"scaled. Got a {x.dtype} tensor instead.")
        if isinstance(rate, numbers.Real):
            if not 0 <= rate < 1:
                raise ValueError(f"rate must be a scalar tensor or a float in the range [0, 1), "
                                 f"got {rate:g}")
            if rate == 0:
                return x
        rate = convert_to_tensor(rate, dtype=x.dtype, name="rate")
        known = static_value(rate)
        if known is not None and float(known) == 0:
            return x
        if not rate.shape.is_compatible_with([]):
            raise ValueError(f"Shapes {rate.shape} and () are incompatible")
        noise = array_ops.shape(x) if noise_shape is None else _noise_shape(x, noise_shape)
        keep = 1 - rate
        scale = 1 / keep
        random_tensor = random_uniform(noise, seed=seed, dtype=x.dtype)
        keep_mask = random_tensor >= rate
        result = x * scale * math_ops.cast(keep_mask, x.dtype)
        result.set_shape(x.shape)
        del scope
        return result


def _noise_shape(x: Tensor, noise_shape: Any) -> Any:
    if isinstance(noise_shape, (list, tuple)) and x.shape.ndims is not None and \
            any(d is None for d in noise_shape):
        dims = x.shape.as_list()
        return [dims[i] if d is None else d for i, d in enumerate(noise_shape)]
    return noise_shape


# --- top_k, in_top_k ---------------------------------------------------------------------------------
def _top_k_shape(input: Tensor, k: Tensor, *, sorted: bool) -> list:
    kv = static_value(k)
    if input.shape.ndims is None:
        return [(input.dtype, UNKNOWN), (int32, UNKNOWN)]
    dims = input.shape.as_list()
    last = dims[-1]
    if kv is not None and last is not None and int(kv) > last:
        raise ValueError(f"input must have at least k columns. Had {last}, needed {int(kv)} for "
                         f"'{building_op()[0]}'")
    dims[-1] = None if kv is None else int(kv)
    return [(input.dtype, TensorShape(dims)), (int32, TensorShape(dims))]


def _top_k(x: np.ndarray, k: np.ndarray, *, sorted: bool) -> tuple:
    order = np.argsort(-x, axis=-1, kind="stable")[..., :int(k)]
    return np.take_along_axis(x, order, axis=-1), order.astype(np.int32)


_TOP_K = define_op("TopKV2", ("input:any", "k:int32"), _top_k_shape, _top_k)


TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])


def top_k(input: Any, k: Any = 1, sorted: bool = True, name: str | None = None) -> tuple:
    """``(values, indices)`` of the ``k`` largest entries of the last axis (a namedtuple)."""
    return TopKV2(*_TOP_K(input, k, name=name, sorted=sorted))


def _in_top_k_shape(predictions: Tensor, targets: Tensor, k: Tensor) -> tuple:
    return tf_bool, targets.shape


def _in_top_k(predictions: np.ndarray, targets: np.ndarray, k: np.ndarray) -> np.ndarray:
    target_values = np.take_along_axis(predictions, targets[:, None].astype(np.int64), axis=1)
    better = np.sum(predictions > target_values, axis=1)
    return better < int(k)


_IN_TOP_K = define_op("InTopKV2", ("predictions:any", "targets:int", "k:int"), _in_top_k_shape,
                      _in_top_k)


def in_top_k(predictions: Any, targets: Any, k: Any, name: str | None = None) -> Tensor:
    return _IN_TOP_K(predictions, targets, k, name=name)


def zero_fraction(value: Any, name: str | None = None) -> Tensor:
    """The fraction of zeros in ``value`` (float32), as ``zero_fraction/fraction``."""
    with name_scope(name, "zero_fraction"):
        value = convert_to_tensor(value, name="value")
        size = array_ops.size(value, out_type="int64")
        nonzero = reduce_ops.count_nonzero(value, dtype="int64")
        with name_scope("counts_to_fraction"):
            zeros = math_ops.cast(size - nonzero, float32)
            fraction = zeros / math_ops.cast(size, float32)
        return array_ops.identity(fraction, name="fraction")
