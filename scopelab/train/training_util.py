"""The global step: ``get_or_create_global_step``, ``create_global_step``, ``get_global_step``,
``global_step``.

TF1 facts kept: the step is ``get_variable("global_step", [], int64, zeros, trainable=False)`` in
the collections ``variables`` and ``global_step``; it is created under the *current variable scope*
(``outer/global_step`` inside ``variable_scope("outer")``) but outside any name scope. Found again
through the ``global_step`` collection or, failing that, a variable named ``global_step`` (the
``tf.Variable(0, name="global_step", trainable=False)`` idiom).
"""

from __future__ import annotations

from typing import Any

import numpy as np

import scopelab as tf
from scopelab.graph import created_by

__all__ = ["get_global_step", "create_global_step", "get_or_create_global_step", "global_step",
           "assert_global_step"]


def assert_global_step(global_step_tensor: Any) -> None:
    dtype = tf.as_dtype(global_step_tensor.dtype).base_dtype
    if not dtype.is_integer:
        raise TypeError(f"Existing \"global_step\" does not have integer type: {dtype!r}")
    if tf.TensorShape(global_step_tensor.shape).ndims != 0:
        raise TypeError(f"Existing \"global_step\" is not scalar: {global_step_tensor.shape}")


def get_global_step(graph: Any = None) -> Any:
    """The global step variable, or ``None`` when the graph has none."""
    found = (graph or tf.get_default_graph()).get_collection(tf.GraphKeys.GLOBAL_STEP)
    if len(found) > 1:
        return None      # TF1 logs "Multiple tensors in global_step collection." and gives up
    if found:
        step = found[0]
    else:
        step = next((v for v in tf.global_variables() if v.name == "global_step:0"), None)
        if step is None:
            return None
    assert_global_step(step)
    return step


def create_global_step(graph: Any = None) -> Any:
    """Create the global step; ``ValueError`` if the graph has one already."""
    if get_global_step(graph) is not None:
        raise ValueError('"global_step" already exists.\nUse tf.train.get_or_create_global_step() '
                         'to fetch it, or tf.train.get_global_step().')
    with tf.name_scope(None), created_by("tf.train.create_global_step"):
        step = tf.get_variable(
            tf.GraphKeys.GLOBAL_STEP, shape=[], dtype=tf.int64,
            initializer=tf.zeros_initializer(), trainable=False,
            aggregation=tf.VariableAggregation.ONLY_FIRST_REPLICA,
            collections=[tf.GraphKeys.GLOBAL_VARIABLES, tf.GraphKeys.GLOBAL_STEP])
    return step


def get_or_create_global_step(graph: Any = None) -> Any:
    step = get_global_step(graph)
    return step if step is not None else create_global_step(graph)


def global_step(sess: Any, global_step_tensor: Any) -> int:
    """The step's value in ``sess`` as a Python int."""
    return int(np.asarray(sess.run(global_step_tensor)))
