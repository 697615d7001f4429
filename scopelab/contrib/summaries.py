"""``tf.contrib.layers.summarize_*``: summaries of tensors, collections and activations, as TF
1.15's contrib named them (recorded in ``tests/contrib`` with tf-slim's copies).

A tensor's tag defaults to ``<its op's name>_summary``: a scalar gets ``tf.summary.scalar``, any
other tensor (unknown rank included) ``tf.summary.histogram``; string and boolean tensors get none
(``None``). ``summarize_activation`` adds, for ``Relu``/``Softplus``/``Relu6`` outputs, the fraction
of negative inputs (``<op>/zeros``), for ``Relu6`` the fraction above 6 (``<op>/sixes``), then the
histogram ``<op>/activation``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import scopelab as tf

__all__ = ["summarize_tensor", "summarize_activation", "summarize_tensors",
           "summarize_collection", "summarize_variables", "summarize_weights",
           "summarize_biases", "summarize_activations"]


def _scalar(tensor: Any, tag: str | None) -> Any:
    tf.TensorShape(tensor.shape).assert_has_rank(0)
    return tf.summary.scalar(tag or f"{tensor.op.name}_summary", tensor)


def _histogram(tensor: Any, tag: str | None) -> Any:
    return tf.summary.histogram(tag or f"{tensor.op.name}_summary", tensor)


def _fraction(condition: Any) -> Any:
    return tf.reduce_mean(tf.cast(condition, tf.float32, name="ToFloat"))


def summarize_activation(op: Any) -> Any:
    """The summaries of one activation (see the module docstring); returns the histogram."""
    kind, name = op.op.type, op.op.name
    if kind in ("Relu", "Softplus", "Relu6"):
        inputs = op.op.inputs[0]
        _scalar(_fraction(tf.less(inputs, tf.cast(0.0, inputs.dtype))), f"{name}/zeros")
    if kind == "Relu6":
        inputs = op.op.inputs[0]
        _scalar(_fraction(tf.greater(inputs, tf.cast(6.0, inputs.dtype))), f"{name}/sixes")
    return _histogram(op, f"{name}/activation")


def summarize_tensor(tensor: Any, tag: str | None = None) -> Any:
    """A scalar or histogram summary of ``tensor``; ``None`` for string and boolean tensors."""
    dtype = tf.as_dtype(tensor.dtype).base_dtype
    if dtype in (tf.string, tf.bool):
        return None
    if tf.TensorShape(tensor.shape).ndims == 0:
        return _scalar(tensor, tag)
    return _histogram(tensor, tag)


def summarize_tensors(tensors: Any, summarizer: Callable[[Any], Any] = summarize_tensor) -> list:
    return [summarizer(tensor) for tensor in tensors]


def summarize_collection(collection: str, name_filter: str | None = None,
                         summarizer: Callable[[Any], Any] = summarize_tensor) -> list:
    """``summarizer`` over the collection's tensors whose op name ``re.match``-es the filter."""
    tensors = [t for t in tf.get_collection(collection)
               if name_filter is None or re.match(name_filter, t.op.name)]
    return summarize_tensors(tensors, summarizer)


summarize_variables = functools.partial(summarize_collection, tf.GraphKeys.GLOBAL_VARIABLES)
summarize_weights = functools.partial(summarize_collection, tf.GraphKeys.WEIGHTS)
summarize_biases = functools.partial(summarize_collection, tf.GraphKeys.BIASES)


def summarize_activations(name_filter: str | None = None,
                          summarizer: Callable[[Any], Any] = summarize_activation) -> list:
    """``summarize_activation`` over the ``activations`` collection."""
    return summarize_collection(tf.GraphKeys.ACTIVATIONS, name_filter, summarizer)
