"""``tf.losses``' loss builders (TF1's ``losses_impl``): model code like the layers, so they live here;
``scopelab.losses`` (the ``tf.losses`` namespace) forwards these names.

Each builder opens a name scope (``sparse_softmax_cross_entropy_loss``, ``softmax_cross_entropy_loss``,
``mean_squared_error`` ...), computes the per-example losses, reduces them with ``reduction``
(default ``SUM_BY_NONZERO_WEIGHTS``: the weighted sum over the number of non-zero weights, an op
named ``value``) and adds the result to the ``LOSSES`` collection, which ``get_total_loss`` sums
with the regularization losses.
"""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.keys import GraphKeys

__all__ = ["Reduction", "compute_weighted_loss", "add_loss", "get_losses", "get_total_loss",
           "sparse_softmax_cross_entropy", "softmax_cross_entropy", "sigmoid_cross_entropy",
           "mean_squared_error", "absolute_difference", "huber_loss", "log_loss"]


class Reduction:
    """How ``compute_weighted_loss`` reduces the weighted per-example losses."""

    NONE = "none"
    SUM = "weighted_sum"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    MEAN = "weighted_mean"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls) -> tuple:
        return (cls.NONE, cls.SUM, cls.MEAN, cls.SUM_OVER_BATCH_SIZE, cls.SUM_OVER_NONZERO_WEIGHTS,
                cls.SUM_BY_NONZERO_WEIGHTS)

    @classmethod
    def validate(cls, key: str) -> None:
        if key not in cls.all():
            raise ValueError(f"Invalid Reduction Key {key}. Key should be one of {cls.all()}.")


def _safe_mean(total: Any, count: Any) -> Any:
    """``total / count``, or 0 where ``count`` is 0 (the op is named ``value``, as in TF1)."""
    positive = tf.greater(count, 0)
    safe_count = tf.where(positive, count, tf.ones_like(count))
    return tf.where(positive, tf.div(total, safe_count), tf.zeros_like(total), name="value")


def _num_present(losses: Any, weights: Any) -> Any:
    with tf.name_scope(None, "num_present", (losses, weights)) as scope:
        weights = tf.cast(weights, tf.float32)
        present = tf.where(tf.equal(weights, 0.0), tf.zeros_like(weights), tf.ones_like(weights))
        present = present * tf.ones_like(losses)      # broadcast the weights to the losses' shape
        return tf.reduce_sum(present, name=scope)


def add_loss(loss: Any, loss_collection: Any = GraphKeys.LOSSES) -> None:
    if loss_collection:
        tf.add_to_collection(loss_collection, loss)


def get_losses(scope: str | None = None, loss_collection: Any = GraphKeys.LOSSES) -> list:
    return tf.get_collection(loss_collection, scope)


def get_total_loss(add_regularization_losses: bool = True, name: str = "total_loss",
                   scope: str | None = None) -> Any:
    """``add_n`` of the ``LOSSES`` collection and (by default) the regularization losses."""
    losses = get_losses(scope=scope)
    if add_regularization_losses:
        losses += tf.losses.get_regularization_losses(scope=scope)
    if not losses:
        raise ValueError("No losses found: build a loss with tf.losses.* (or tf.losses.add_loss) first, "
                         "or pass add_regularization_losses=True with regularized variables.")
    return tf.add_n(losses, name=name)


def compute_weighted_loss(losses: Any, weights: Any = 1.0, scope: str | None = None,
                          loss_collection: Any = GraphKeys.LOSSES,
                          reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS) -> Any:
    Reduction.validate(reduction)
    with tf.name_scope(scope, "weighted_loss", (losses, weights)):
        losses = tf.convert_to_tensor(losses)
        input_dtype = losses.dtype
        losses = tf.cast(losses, tf.float32)
        weights = tf.cast(weights, tf.float32)
        weighted = tf.multiply(losses, weights)
        if reduction == Reduction.NONE:
            loss = weighted
        else:
            loss = tf.reduce_sum(weighted)
            if reduction == Reduction.MEAN:
                loss = _safe_mean(loss, tf.reduce_sum(tf.ones_like(losses) * weights))
            elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
                loss = _safe_mean(loss, _num_present(losses, weights))
            elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
                loss = _safe_mean(loss, tf.cast(tf.size(losses), tf.float32))
        loss = tf.cast(loss, input_dtype)
        add_loss(loss, loss_collection)
        return loss


def _require(value: Any, name: str) -> None:
    if value is None:
        raise ValueError(f"{name} must not be None.")


def sparse_softmax_cross_entropy(labels: Any, logits: Any, weights: Any = 1.0, scope: str | None = None,
                                 loss_collection: Any = GraphKeys.LOSSES,
                                 reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS) -> Any:
    """Cross-entropy of integer ``labels`` [batch] against ``logits`` [batch, classes]."""
    _require(labels, "labels")
    _require(logits, "logits")
    with tf.name_scope(scope, "sparse_softmax_cross_entropy_loss", (logits, labels, weights)) as scope:
        losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def softmax_cross_entropy(onehot_labels: Any, logits: Any, weights: Any = 1.0, label_smoothing: float = 0,
                          scope: str | None = None, loss_collection: Any = GraphKeys.LOSSES,
                          reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS) -> Any:
    """Cross-entropy of one-hot labels against ``logits``, optionally smoothed."""
    _require(onehot_labels, "onehot_labels")
    _require(logits, "logits")
    with tf.name_scope(scope, "softmax_cross_entropy_loss", (logits, onehot_labels, weights)) as scope:
        logits = tf.convert_to_tensor(logits)
        onehot_labels = tf.cast(onehot_labels, logits.dtype)
        if label_smoothing > 0:
            classes = tf.cast(tf.shape(onehot_labels)[-1], logits.dtype)
            onehot_labels = onehot_labels * (1 - label_smoothing) + label_smoothing / classes
        losses = tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.stop_gradient(onehot_labels),
                                                            logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def sigmoid_cross_entropy(multi_class_labels: Any, logits: Any, weights: Any = 1.0, label_smoothing: float = 0,
                          scope: str | None = None, loss_collection: Any = GraphKeys.LOSSES,
                          reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS) -> Any:
    _require(multi_class_labels, "multi_class_labels")
    _require(logits, "logits")
    with tf.name_scope(scope, "sigmoid_cross_entropy_loss", (logits, multi_class_labels, weights)) as scope:
        logits = tf.convert_to_tensor(logits)
        labels = tf.cast(multi_class_labels, logits.dtype)
        if label_smoothing > 0:
            labels = labels * (1 - label_smoothing) + 0.5 * label_smoothing
        losses = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, scope, loss_collection, reduction=reduction)


def _regression_loss(default_name: str, fn: Any, labels: Any, predictions: Any, weights: Any,
                     scope: str | None, loss_collection: Any, reduction: str) -> Any:
    _require(labels, "labels")
    _require(predictions, "predictions")
    with tf.name_scope(scope, default_name, (predictions, labels, weights)) as scope:
        predictions = tf.cast(predictions, tf.float32)
        labels = tf.cast(labels, tf.float32)
        if not predictions.shape.is_compatible_with(labels.shape):
            raise ValueError(f"Shapes {predictions.shape} and {labels.shape} are incompatible: "
                             f"predictions and labels of {default_name} must have the same shape.")
        return compute_weighted_loss(fn(labels, predictions), weights, scope, loss_collection, reduction=reduction)


def mean_squared_error(labels: Any, predictions: Any, weights: Any = 1.0, scope: str | None = None,
                       loss_collection: Any = GraphKeys.LOSSES,
                       reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS) -> Any:
    return _regression_loss("mean_squared_error", lambda y, p: tf.squared_difference(p, y), labels, predictions,
                            weights, scope, loss_collection, reduction)


def absolute_difference(labels: Any, predictions: Any, weights: Any = 1.0, scope: str | None = None,
                        loss_collection: Any = GraphKeys.LOSSES,
                        reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS) -> Any:
    return _regression_loss("absolute_difference", lambda y, p: tf.abs(tf.subtract(p, y)), labels, predictions,
                            weights, scope, loss_collection, reduction)


def huber_loss(labels: Any, predictions: Any, weights: Any = 1.0, delta: float = 1.0, scope: str | None = None,
               loss_collection: Any = GraphKeys.LOSSES,
               reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS) -> Any:
    def huber(y: Any, p: Any) -> Any:
        error = tf.abs(tf.subtract(p, y))
        quadratic = tf.minimum(error, delta)
        linear = tf.subtract(error, quadratic)
        return 0.5 * quadratic * quadratic + delta * linear
    return _regression_loss("huber_loss", huber, labels, predictions, weights, scope, loss_collection, reduction)


def log_loss(labels: Any, predictions: Any, weights: Any = 1.0, epsilon: float = 1e-7, scope: str | None = None,
             loss_collection: Any = GraphKeys.LOSSES, reduction: str = Reduction.SUM_BY_NONZERO_WEIGHTS) -> Any:
    def log(y: Any, p: Any) -> Any:
        return -tf.multiply(y, tf.log(p + epsilon)) - tf.multiply(1 - y, tf.log(1 - p + epsilon))
    return _regression_loss("log_loss", log, labels, predictions, weights, scope, loss_collection, reduction)
