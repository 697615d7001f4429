"""``tf.contrib.layers.apply_regularization`` and ``l1_l2_regularizer``, as TF 1.15's contrib built
them (recorded in ``tests/contrib`` with tf-slim's copies).

``apply_regularization(regularizer, weights_list)`` sums ``regularizer(w)`` over the weights
(default: the ``weights`` collection) in the name scope ``get_regularization_penalty``: the sum is
an ``AddN`` named after that scope (``get_regularization_penalty:0``, then ``..._1``), added to
``REGULARIZATION_LOSSES``; a weight whose regularizer gives ``None`` counts as a constant 0.

scopelab's built-in regularizers compute on NumPy values; here each becomes one ``Regularizer``
op named as TF's regularizer names its result (``get_regularization_penalty/l2_regularizer``, or
the ``scope`` given to the factory) that recomputes the penalty from the weights whenever it runs,
so the sum follows ``v.load(...)``. A regularizer written with TF ops is simply called.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

import scopelab as tf
from scopelab.ops.op_def import define_op
from scopelab.regularizers import (
    l1_regularizer, l2_regularizer, op_label, reads_arrays, sum_regularizer,
)

__all__ = ["apply_regularization", "l1_l2_regularizer"]


def _penalty_shape(weights: Any, *, regularizer: Any) -> tuple:
    return (weights.dtype if weights.dtype.is_floating else tf.float32), tf.TensorShape([])


def _penalty_value(weights: np.ndarray, *, regularizer: Any) -> np.ndarray:
    return np.asarray(regularizer(weights))


_PENALTY = define_op("Regularizer", ("weights:any",), _penalty_shape, _penalty_value)


def _penalty(regularizer: Any, weights: Any) -> Any:
    """``regularizer(weights)`` as a graph tensor (or ``None``), named as TF1 names it."""
    if not reads_arrays(regularizer):
        return regularizer(weights)
    with tf.name_scope(op_label(regularizer)) as scope:
        return _PENALTY(tf.convert_to_tensor(weights), name=scope, regularizer=regularizer)


def apply_regularization(regularizer: Any, weights_list: Any = None) -> Any:
    """The summed penalty of ``regularizer`` over ``weights_list`` (default: the ``weights``
    collection), added to ``tf.GraphKeys.REGULARIZATION_LOSSES``."""
    if not weights_list:
        weights_list = tf.get_collection(tf.GraphKeys.WEIGHTS)
    if not weights_list:
        raise ValueError("No weights to regularize.\nPass weights_list=[...] (e.g. "
                         "tf.trainable_variables()), or add the weights to "
                         "tf.GraphKeys.WEIGHTS first.")
    with tf.name_scope("get_regularization_penalty", values=weights_list) as scope:
        penalties = [_penalty(regularizer, w) for w in weights_list]
        penalties = [tf.constant(0.0) if p is None else tf.convert_to_tensor(p)
                     for p in penalties]
        for p in penalties:
            if p.shape.ndims != 0:
                raise ValueError(f"regularizer must return a scalar Tensor instead of a Tensor "
                                 f"with rank {p.shape.ndims}.\nReduce the penalty to one number "
                                 f"per weight, e.g. tf.reduce_sum(...).")
        summed = tf.add_n(penalties, name=scope)
    tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, summed)
    return summed


def l1_l2_regularizer(scale_l1: float = 1.0, scale_l2: float = 1.0,
                      scope: str | None = None) -> Any:
    """``scale_l1 * sum(|w|) + scale_l2 * sum(w ** 2) / 2``, its loss named ``l1_l2_regularizer``
    (or ``scope``); with one scale 0.0 it is the other regularizer alone, under that name."""
    for what, scale in (("scale_l1", scale_l1), ("scale_l2", scale_l2)):
        if isinstance(scale, numbers.Integral):
            raise ValueError(f"{what} cannot be an integer: {scale}\nWrite "
                             f"{float(scale)} instead.")
    scope = scope or "l1_l2_regularizer"
    if scale_l1 == 0.0:
        return l2_regularizer(scale_l2, scope)
    if scale_l2 == 0.0:
        return l1_regularizer(scale_l1, scope)
    return sum_regularizer(
        [l1_regularizer(scale_l1), l2_regularizer(scale_l2)],
        scope=scope)
