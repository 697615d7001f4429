"""Normalization ops: ``moments``, ``batch_normalization``, ``fused_batch_norm``,
``l2_normalize`` and local response normalization (``lrn``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from scopelab.dtypes import float32
from scopelab.scope import name_scope

from scopelab.ops import array_ops, math_ops, reduce_ops
from scopelab.ops.op_def import building_op, convert_to_tensor, define_op
from scopelab.ops.tensor import Tensor

__all__ = ["moments", "batch_normalization", "fused_batch_norm", "l2_normalize", "lrn",
           "local_response_normalization"]


def moments(x: Any, axes: Any, shift: Any = None, name: str | None = None,
            keep_dims: Any = None, keepdims: Any = None) -> tuple:
    """``(mean, variance)`` over ``axes`` (``moments/Squeeze``, ``moments/Squeeze_1``)."""
    keep = bool(keepdims if keepdims is not None else keep_dims)
    with name_scope(name, "moments"):
        y = convert_to_tensor(x)
        if y.dtype.name == "float16":
            y = math_ops.cast(y, float32)
        mean = reduce_ops.reduce_mean(y, axes, keepdims=True, name="mean")
        variance = reduce_ops.reduce_mean(
            math_ops.squared_difference(y, array_ops.stop_gradient(mean)), axes, keepdims=True,
            name="variance")
        if not keep:
            mean = array_ops.squeeze(mean, axes)
            variance = array_ops.squeeze(variance, axes)
        if convert_to_tensor(x).dtype.name == "float16":
            return math_ops.cast(mean, "float16"), math_ops.cast(variance, "float16")
        return mean, variance


def batch_normalization(x: Any, mean: Any, variance: Any, offset: Any, scale: Any,
                        variance_epsilon: Any, name: str | None = None) -> Tensor:
    """``scale * (x - mean) / sqrt(variance + epsilon) + offset`` as TF1 builds it."""
    with name_scope(name, "batchnorm") as scope:
        x = convert_to_tensor(x)
        del scope
        inv = math_ops.rsqrt(variance + variance_epsilon)
        if scale is not None:
            inv = inv * scale
        shift = offset - mean * inv if offset is not None else -mean * inv
        return x * math_ops.cast(inv, x.dtype) + math_ops.cast(shift, x.dtype)


def _fused_shape(x: Tensor, scale: Tensor, offset: Tensor, mean: Tensor, variance: Tensor, *,
                 epsilon: float, data_format: str, is_training: bool) -> list:
    channels = scale.shape
    return [(x.dtype, x.shape), (scale.dtype, channels), (scale.dtype, channels)]


def _fused(x: np.ndarray, scale: np.ndarray, offset: np.ndarray, mean: np.ndarray,
           variance: np.ndarray, *, epsilon: float, data_format: str, is_training: bool) -> tuple:
    axes = (0, 2, 3) if data_format == "NCHW" else tuple(range(x.ndim - 1))
    shape = (1, -1, 1, 1) if data_format == "NCHW" else (-1,)
    xf = x.astype(np.float32)
    if is_training:
        mean = xf.mean(axis=axes)
        biased = xf.var(axis=axes)
        n = xf.size // max(mean.size, 1)
        out_var = biased * n / max(n - 1, 1)
    else:
        biased = out_var = variance
    y = (xf - mean.reshape(shape)) / np.sqrt(biased.reshape(shape) + epsilon)
    y = y * scale.reshape(shape) + offset.reshape(shape)
    return y.astype(x.dtype), mean, out_var


_FUSED = define_op("FusedBatchNormV3", ("x:any", "scale:any", "offset:any", "mean:any",
                                        "variance:any"), _fused_shape, _fused)


def fused_batch_norm(x: Any, scale: Any, offset: Any, mean: Any = None, variance: Any = None,
                     epsilon: float = 0.001, data_format: str = "NHWC", is_training: bool = True,
                     name: str | None = None, exponential_avg_factor: float = 1.0) -> tuple:
    """``(y, batch_mean, batch_variance)``; in training the returned variance is unbiased."""
    x = convert_to_tensor(x, name="input")
    scale = convert_to_tensor(scale, name="scale")
    offset = convert_to_tensor(offset, name="offset")
    if mean is None:
        mean = np.zeros((0,), scale.dtype.np)
    if variance is None:
        variance = np.zeros((0,), scale.dtype.np)
    epsilon = max(float(epsilon), 1.001e-5)
    y, batch_mean, batch_var = _FUSED(x, scale, offset, mean, variance, name=name,
                                      epsilon=epsilon, data_format=data_format,
                                      is_training=bool(is_training))
    return y, batch_mean, batch_var


def l2_normalize(x: Any, axis: Any = None, epsilon: float = 1e-12, name: str | None = None,
                 dim: Any = None) -> Tensor:
    axis = dim if axis is None else axis
    with name_scope(name, "l2_normalize") as scope:
        x = convert_to_tensor(x, name="x")
        square_sum = reduce_ops.reduce_sum(math_ops.square(x), axis, keepdims=True)
        x_inv_norm = math_ops.rsqrt(math_ops.maximum(square_sum, epsilon))
        return math_ops.multiply(x, x_inv_norm, name=scope)




def _lrn(x: np.ndarray, *, depth_radius: int, bias: float, alpha: float,
         beta: float) -> np.ndarray:
    sq = np.square(x.astype(np.float64))
    padded = np.pad(sq, [(0, 0)] * (x.ndim - 1) + [(depth_radius, depth_radius)])
    window = sliding_sum(padded, 2 * depth_radius + 1)
    return (x / (bias + alpha * window) ** beta).astype(x.dtype)


def sliding_sum(x: np.ndarray, width: int) -> np.ndarray:
    """Sums over windows of ``width`` along the last axis (valid positions only)."""
    c = np.cumsum(x, axis=-1)
    c = np.concatenate([np.zeros(c.shape[:-1] + (1,)), c], axis=-1)
    return c[..., width:] - c[..., :-width]


def _lrn_shape(input: Tensor, **attrs: Any) -> tuple:
    if input.shape.ndims not in (None, 4):
        raise ValueError(f"Shape must be rank 4 but is rank {input.shape.ndims} for "
                         f"'{building_op()[0]}' (op: 'LRN')")
    return input.dtype, input.shape


_LRN = define_op("LRN", ("input:any",), _lrn_shape, _lrn)


def lrn(input: Any, depth_radius: int = 5, bias: float = 1.0, alpha: float = 1.0,
        beta: float = 0.5, name: str | None = None) -> Tensor:
    """Local response normalization over the last (channel) axis (TF's ``LRN``)."""
    return _LRN(input, name=name, depth_radius=int(depth_radius), bias=float(bias),
                alpha=float(alpha), beta=float(beta))


local_response_normalization = lrn
