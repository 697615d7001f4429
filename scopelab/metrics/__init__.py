"""``tf.metrics``: streaming metrics as TF1 builds them (model code, L6).

Each metric opens ``variable_scope(name, default)`` and keeps its state in ``tf.Variable``s
(``total``, ``count``) in ``LOCAL_VARIABLES`` and ``METRIC_VARIABLES`` (so
``tf.local_variables_initializer()`` resets them); it returns ``(value, update_op)``:
``<scope>/value`` reads the state and ``<scope>/update_op`` adds a batch to it and returns the new
value.
"""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.graph import created_by

__all__ = ["mean", "accuracy"]


def _metric_variable(name: str) -> Any:
    return tf.Variable(tf.zeros([], tf.float32), trainable=False, name=name,
                       collections=[tf.GraphKeys.LOCAL_VARIABLES,
                                    tf.GraphKeys.METRIC_VARIABLES])


def _add_to(collections: Any, value: Any) -> None:
    if collections:
        tf.add_to_collections(collections, value)


def mean(values: Any, weights: Any = None, metrics_collections: Any = None,
         updates_collections: Any = None, name: str | None = None) -> tuple:
    """The (weighted) mean of every ``values`` seen since the local variables were initialized."""
    with tf.variable_scope(name, "mean", (values, weights)), created_by("tf.metrics.mean"):
        values = tf.cast(values, tf.float32)
        total = _metric_variable("total")
        count = _metric_variable("count")
        if weights is None:
            num_values = tf.cast(tf.size(values), tf.float32)
        else:
            weights = tf.cast(weights, tf.float32)
            values = tf.multiply(values, weights)
            num_values = tf.reduce_sum(weights * tf.ones_like(values))
        update_total = tf.assign_add(total, tf.reduce_sum(values))
        with tf.control_dependencies([values]):
            update_count = tf.assign_add(count, num_values)
        value = tf.div_no_nan(total, count, name="value")
        update_op = tf.div_no_nan(update_total, update_count, name="update_op")
        _add_to(metrics_collections, value)
        _add_to(updates_collections, update_op)
        return value, update_op


def accuracy(labels: Any, predictions: Any, weights: Any = None, metrics_collections: Any = None,
             updates_collections: Any = None, name: str | None = None) -> tuple:
    """How often ``predictions`` equals ``labels``: ``mean`` of the matches, named ``accuracy``."""
    labels = tf.convert_to_tensor(labels)
    predictions = tf.convert_to_tensor(predictions)
    if not predictions.shape.is_compatible_with(labels.shape):
        raise ValueError(f"Shapes {predictions.shape} and {labels.shape} are incompatible")
    if labels.dtype != predictions.dtype:
        predictions = tf.cast(predictions, labels.dtype)
    is_correct = tf.cast(tf.equal(predictions, labels), tf.float32)
    return mean(is_correct, weights, metrics_collections, updates_collections,
                name or "accuracy")
