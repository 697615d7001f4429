"""``tf.nn``'s cross-entropy losses: softmax (dense labels, TF1's ``_v2`` and the deprecated
version), sparse softmax, sigmoid and weighted sigmoid, built as TF1 builds them (the v1 functions
take keyword arguments only, TF1's ``_sentinel``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from scopelab.scope import name_scope

from scopelab.ops import array_ops, math_ops
from scopelab.ops.generate_ops import zeros_like
from scopelab.ops.nn_ops import _log_softmax_np, relu
from scopelab.ops.op_def import convert_to_tensor, define_op
from scopelab.ops.shapes import UNKNOWN
from scopelab.ops.tensor import Tensor
from scopelab.tensor_shape import TensorShape

__all__ = ["softmax_cross_entropy_with_logits", "softmax_cross_entropy_with_logits_v2",
           "sparse_softmax_cross_entropy_with_logits", "sigmoid_cross_entropy_with_logits",
           "weighted_cross_entropy_with_logits"]


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
        zeros = zeros_like(logits, dtype=logits.dtype)
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
