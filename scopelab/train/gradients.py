"""``tf.gradients`` as a graph fact: which ``xs`` a loss depends on, differentiably.

scopelab does not differentiate: a gradient is a symbolic tensor with the shape and dtype of its
``x`` (so ``clip_by_global_norm``, summaries of gradients and ``apply_gradients`` build as in TF1)
whose evaluation raises ``tf.errors.UnimplementedError`` with an explanation. What *is* computed
is TF1's answer to "is this gradient ``None``?", found by walking the recorded op graph backwards
from ``ys``:

* only floating (and complex) tensors carry gradients, so integer and boolean paths stop
  (``tf.cast(n, tf.float32)`` of an int variable, indices of ``gather``, conditions of ``where``);
* ops TF1 declared not differentiable or whose gradient is ``None`` stop too (``stop_gradient``,
  ``floor``, ``round``, ``zeros_like`` ...);
* an op that runs a subgraph (``dynamic_rnn``'s loop, ``tf.cond`` / ``tf.while_loop``) is crossed
  into that subgraph: tensors held in its attributes are followed like inputs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

import scopelab as tf
from scopelab.errors import UnimplementedError
from scopelab.ops.op_def import define_op
from scopelab.ops.tensor import Operation, Tensor

__all__ = ["gradients", "differentiable_sources", "is_differentiable", "NOT_DIFFERENTIABLE"]

#: Op types through which TF1 propagates no gradient (NotDifferentiable, or a gradient of None).
NOT_DIFFERENTIABLE = frozenset({
    "StopGradient", "PreventGradient", "Shape", "ShapeN", "Size", "Rank", "ZerosLike",
    "OnesLike", "Floor", "Ceil", "Round", "Rint", "OneHot", "ArgMax", "ArgMin", "Equal",
    "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual", "IsFinite", "IsNan", "IsInf",
    "RandomUniform", "RandomStandardNormal", "TruncatedNormal", "RandomShuffle", "Multinomial",
    "LoopInput", "Gradient",
})


def is_differentiable(tensor: Any) -> bool:
    dtype = tf.as_dtype(tensor.dtype).base_dtype
    return dtype.is_floating or dtype.is_complex


def _tensors_in(value: Any) -> Iterable[Tensor]:
    """Tensors an op keeps in an attribute (a loop's body results, a branch's outputs)."""
    if isinstance(value, Tensor):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _tensors_in(item)
    elif hasattr(value, "inner_tensors"):
        yield from value.inner_tensors()


def differentiable_sources(ys: Iterable[Tensor]) -> tuple[set[int], set[int]]:
    """``(tensor ids, variable ids)`` reachable from ``ys`` along paths that carry a gradient."""
    tensors: set[int] = set()
    variables: set[int] = set()
    seen_ops: set[int] = set()
    stack = [y for y in ys if is_differentiable(y)]
    while stack:
        tensor = stack.pop()
        if id(tensor) in tensors:
            continue
        tensors.add(id(tensor))
        op: Operation = tensor.op
        variable = op.attrs.get("variable")
        if variable is not None:
            variables.add(id(variable))
        if op.type in NOT_DIFFERENTIABLE or id(op) in seen_ops:
            continue
        seen_ops.add(id(op))
        following = list(op.inputs)
        for value in op.attrs.values():
            following.extend(_tensors_in(value))
        stack.extend(t for t in following if is_differentiable(t))
    return tensors, variables


def _no_gradient_values(*, x: str, ys: str, **unused: Any) -> np.ndarray:
    raise UnimplementedError(
        f"scopelab does not compute gradients: this tensor stands for d({ys})/d({x}) in a graph "
        f"that is built for inspection, not training. Its shape and dtype are TF1's, so the "
        f"graph builds as in TensorFlow (clipping, summaries, apply_gradients); to get numbers, "
        f"run the same code under TensorFlow.", x=x)


def _gradient_shape(*, x: str, ys: str, dtype: Any, shape: Any) -> tuple:
    return dtype, shape


_GRADIENT = define_op("Gradient", (), _gradient_shape, _no_gradient_values, pure=False,
                      eager=False)


def _as_x(x: Any) -> tuple[Any, Any, str]:
    """``(tensor or None, variable or None, label)`` for one ``x`` of ``tf.gradients``."""
    if isinstance(x, tf.PartitionedVariable):
        return None, x, x.name
    if isinstance(x, Tensor):
        return x, None, x.op.name
    if hasattr(x, "full_name") and hasattr(x, "trainable"):       # a variable
        return None, x, x.full_name
    return tf.convert_to_tensor(x), None, "x"


def gradients(ys: Any, xs: Any, grad_ys: Any = None, name: str = "gradients",
              colocate_gradients_with_ops: bool = False, gate_gradients: bool = False,
              aggregation_method: Any = None, stop_gradients: Any = None,
              unconnected_gradients: Any = "none") -> list:
    """One symbolic gradient per ``x`` (``None`` where ``ys`` does not depend on it)."""
    ys = [tf.convert_to_tensor(y) for y in (ys if isinstance(ys, (list, tuple)) else [ys])]
    xs = list(xs) if isinstance(xs, (list, tuple)) else [xs]
    stopped = {id(t) for t in (stop_gradients or [])}
    reached_tensors, reached_vars = differentiable_sources(ys)
    ys_label = ", ".join(y.op.name for y in ys)
    results: list[Any] = []
    with tf.name_scope(name):
        for x in xs:
            tensor, variable, label = _as_x(x)
            if variable is not None:
                parts = (list(variable) if isinstance(variable, tf.PartitionedVariable)
                         else [variable])
                connected = any(id(p) in reached_vars for p in parts) and id(x) not in stopped
                dtype, shape = variable.dtype.base_dtype, tf.TensorShape(variable.shape)
            else:
                connected = id(tensor) in reached_tensors and id(tensor) not in stopped
                dtype, shape = tensor.dtype, tensor.shape
            if not connected:
                if unconnected_gradients == "zero":
                    results.append(tf.zeros(shape.as_list(), dtype=dtype))
                else:
                    results.append(None)
                continue
            results.append(_GRADIENT(name=f"{label.replace(':', '_')}_grad", x=label,
                                     ys=ys_label, dtype=tf.as_dtype(dtype), shape=shape))
    return results
