"""``tf.nn`` ops other than convolutions: activations, ``softmax``/``log_softmax``, ``bias_add``,
the cross-entropy losses, ``dropout``, ``moments``, batch normalization, ``l2_normalize``,
``top_k`` and ``in_top_k``. Composite ones are built from primitive ops under TF1's name scopes.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from scopelab.dtypes import bool as tf_bool, float32, int32
from scopelab.scope import name_scope
from scopelab.tensor_shape import TensorShape

from scopelab.ops import array_ops, math_ops, reduce_ops
from scopelab.ops.op_def import building_op, convert_to_tensor, define_op
from scopelab.ops.random_ops import random_uniform
from scopelab.ops.shapes import UNKNOWN, static_value, tf_shape_text
from scopelab.ops.tensor import Tensor

__all__ = ["relu", "relu6", "elu", "selu", "leaky_relu", "softplus", "softsign", "swish",
           "crelu", "sigmoid", "tanh", "softmax", "log_softmax", "bias_add", "xw_plus_b",
           "dropout", "moments", "batch_normalization", "fused_batch_norm", "l2_normalize",
           "softmax_cross_entropy_with_logits", "softmax_cross_entropy_with_logits_v2",
           "sparse_softmax_cross_entropy_with_logits", "sigmoid_cross_entropy_with_logits",
           "weighted_cross_entropy_with_logits", "top_k", "in_top_k", "l2_loss", "zero_fraction",
           "lrn", "local_response_normalization"]

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
        c = array_ops.concat([features, -features], axis, name="concat")
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
        return bias_add(math_ops.matmul(x, weights), biases, name=scope)


# --- cross entropy ---------------------------------------------------------------------------------
def _xent_shape(features: Tensor, labels: Tensor) -> list:
    shape = features.shape.merge_with(labels.shape) if features.shape.is_compatible_with(
        labels.shape) else None
    if shape is None:
        raise ValueError(f"logits and labels must be broadcastable: logits_size="
                         f"{features.shape} labels_size={labels.shape}")
    batch = TensorShape(shape.as_list()[:-1]) if shape.ndims is not None else UNKNOWN
    return [(features.dtype, batch), (features.dtype, shape)]


def _xent(logits: np.ndarray, labels: np.ndarray) -> tuple:
    log_p = _log_softmax_np(logits)
    loss = -np.sum(labels * log_p, axis=-1)
    return loss, np.exp(log_p) - labels


_XENT = define_op("SoftmaxCrossEntropyWithLogits", ("features:T", "labels:T"), _xent_shape, _xent)


def _ensure_named(sentinel: Any, labels: Any, logits: Any, name: str) -> None:
    if sentinel is not None:
        raise ValueError(f"Only call `{name}` with named arguments (labels=..., logits=..., "
                         f"...), e.g. tf.nn.{name}(labels=y, logits=scores).")
    if labels is None or logits is None:
        raise ValueError("Both labels and logits must be provided.")


def softmax_cross_entropy_with_logits_v2(_sentinel: Any = None, labels: Any = None,
                                         logits: Any = None, dim: int = -1,
                                         name: str | None = None, axis: Any = None) -> Tensor:
    """Per-example ``-sum(labels * log_softmax(logits))`` over ``axis`` (default: last)."""
    _ensure_named(_sentinel, labels, logits, "softmax_cross_entropy_with_logits_v2")
    axis = dim if axis is None else axis
    with name_scope(name, "softmax_cross_entropy_with_logits") as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, dtype=logits.dtype, name="labels")
        rank = logits.shape.ndims
        if rank is not None and axis not in (-1, rank - 1):
            perm = list(range(rank))
            perm[axis], perm[-1] = perm[-1], perm[axis]
            logits = array_ops.transpose(logits, perm)
            labels = array_ops.transpose(labels, perm)
        batch_shape = logits.shape[:-1] if logits.shape.ndims is not None else None
        classes = logits.shape.as_list()[-1] if logits.shape.ndims else None
        flat = [-1, -1 if classes is None else classes]
        cost, _ = _XENT(array_ops.reshape(logits, flat), array_ops.reshape(labels, flat),
                        name=scope)
        from scopelab.ops.slicing import slice as tf_slice
        out_shape = tf_slice(array_ops.shape(logits), [0], [array_ops.rank(logits) - 1])
        cost = array_ops.reshape(cost, out_shape)
        if batch_shape is not None:
            cost.set_shape(batch_shape)
        return cost


def softmax_cross_entropy_with_logits(_sentinel: Any = None, labels: Any = None,
                                      logits: Any = None, dim: int = -1,
                                      name: str | None = None, axis: Any = None) -> Tensor:
    """TF1's deprecated version: labels are not back-propagated into (``stop_gradient``)."""
    _ensure_named(_sentinel, labels, logits, "softmax_cross_entropy_with_logits")
    with name_scope(name, "softmax_cross_entropy_with_logits_sg") as scope:
        labels = array_ops.stop_gradient(labels, name="labels_stop_gradient")
        return softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, dim=dim,
                                                    name=scope, axis=axis)


def _sparse_xent_shape(features: Tensor, labels: Tensor) -> list:
    return [(features.dtype, labels.shape), (features.dtype, features.shape)]


def _sparse_xent(logits: np.ndarray, labels: np.ndarray) -> tuple:
    classes = logits.shape[-1]
    if np.any((labels < 0) | (labels >= classes)):
        from scopelab.errors import InvalidArgumentError
        bad = int(labels.reshape(-1)[np.argmax(((labels < 0) | (labels >= classes)).reshape(-1))])
        raise InvalidArgumentError(
            f"Received a label value of {bad} which is outside the valid range of [0, "
            f"{classes}).  Label values: {' '.join(str(v) for v in labels.reshape(-1))}")
    log_p = _log_softmax_np(logits)
    loss = -np.take_along_axis(log_p, labels[..., None].astype(np.int64), axis=-1)[..., 0]
    grad = np.exp(log_p)
    return loss, grad


_SPARSE_XENT = define_op("SparseSoftmaxCrossEntropyWithLogits", ("features:any", "labels:int"),
                         _sparse_xent_shape, _sparse_xent)


def sparse_softmax_cross_entropy_with_logits(_sentinel: Any = None, labels: Any = None,
                                             logits: Any = None, name: str | None = None) -> Tensor:
    """Per-example ``-log_softmax(logits)[label]``; labels have the rank of logits minus one."""
    _ensure_named(_sentinel, labels, logits, "sparse_softmax_cross_entropy_with_logits")
    with name_scope(name, "SparseSoftmaxCrossEntropyWithLogits") as scope:
        labels = convert_to_tensor(labels)
        logits = convert_to_tensor(logits)
        lr, gr = labels.shape.ndims, logits.shape.ndims
        if lr is not None and gr is not None and lr != gr - 1:
            raise ValueError(f"Rank mismatch: Rank of labels (received {lr}) should equal rank "
                             f"of logits minus 1 (received {gr}).")
        if lr is not None and gr is not None and not labels.shape.is_compatible_with(
                logits.shape.as_list()[:-1]):
            raise ValueError(f"Shape mismatch: The shape of labels (received {labels.shape}) "
                             f"should equal the shape of logits except for the last dimension "
                             f"(received {logits.shape}).")
        del scope
        cost, _ = _SPARSE_XENT(logits, labels)
        return cost


def sigmoid_cross_entropy_with_logits(_sentinel: Any = None, labels: Any = None,
                                      logits: Any = None, name: str | None = None) -> Tensor:
    """``max(x, 0) - x * z + log(1 + exp(-|x|))`` (TF's stable form) under ``logistic_loss``."""
    _ensure_named(_sentinel, labels, logits, "sigmoid_cross_entropy_with_logits")
    from scopelab.ops.index_ops import where
    with name_scope(name, "logistic_loss") as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        if not logits.shape.is_compatible_with(labels.shape):
            raise ValueError(f"logits and labels must have the same shape ({logits.shape} vs "
                             f"{labels.shape})")
        labels = convert_to_tensor(labels, dtype=logits.dtype)
        zeros = array_ops.zeros_like(logits, dtype=logits.dtype)
        cond = logits >= zeros
        relu_logits = where(cond, logits, zeros)
        neg_abs_logits = where(cond, -logits, logits)
        return math_ops.add(relu_logits - logits * labels,
                            math_ops.log1p(math_ops.exp(neg_abs_logits)), name=scope)


def weighted_cross_entropy_with_logits(labels: Any = None, logits: Any = None,
                                       pos_weight: Any = None, name: str | None = None,
                                       targets: Any = None) -> Tensor:
    labels = targets if labels is None else labels
    with name_scope(name, "logistic_loss") as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, dtype=logits.dtype, name="labels")
        log_weight = 1 + (pos_weight - 1) * labels
        return math_ops.add(
            (1 - labels) * logits,
            log_weight * (math_ops.log1p(math_ops.exp(-math_ops.abs(logits))) +
                          relu(-logits)), name=scope)


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


# --- moments and batch norm ------------------------------------------------------------------------
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


# --- top_k, in_top_k ---------------------------------------------------------------------------------
def _top_k_shape(input: Tensor, k: Tensor, *, sorted: bool) -> list:  # noqa: A002
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


def _top_k(x: np.ndarray, k: np.ndarray, *, sorted: bool) -> tuple:  # noqa: A002
    order = np.argsort(-x, axis=-1, kind="stable")[..., :int(k)]
    return np.take_along_axis(x, order, axis=-1), order.astype(np.int32)


_TOP_K = define_op("TopKV2", ("input:any", "k:int32"), _top_k_shape, _top_k)


def top_k(input: Any, k: Any = 1, sorted: bool = True, name: str | None = None) -> tuple:  # noqa: A002
    return _TOP_K(input, k, name=name, sorted=sorted)


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


def _lrn_shape(input: Tensor, **attrs: Any) -> tuple:  # noqa: A002
    if input.shape.ndims not in (None, 4):
        raise ValueError(f"Shape must be rank 4 but is rank {input.shape.ndims} for "
                         f"'{building_op()[0]}' (op: 'LRN')")
    return input.dtype, input.shape


_LRN = define_op("LRN", ("input:any",), _lrn_shape, _lrn)


def lrn(input: Any, depth_radius: int = 5, bias: float = 1.0, alpha: float = 1.0,  # noqa: A002
        beta: float = 0.5, name: str | None = None) -> Tensor:
    """Local response normalization over the last (channel) axis (TF's ``LRN``)."""
    return _LRN(input, name=name, depth_radius=int(depth_radius), bias=float(bias),
                alpha=float(alpha), beta=float(beta))


local_response_normalization = lrn
