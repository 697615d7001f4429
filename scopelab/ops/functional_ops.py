"""``map_fn``, ``scan``, ``foldl`` and ``foldr``: ``fn`` is built once on per-element tensors inside
a :class:`~scopelab.ops.tensor.Frame` (as TF1 builds it once inside a ``while`` loop, under
``map/while/`` …) and run once per element of ``elems`` when a session evaluates the result.

Variables that ``fn`` creates are created once (``get_variable`` names follow the variable scope,
``tf.Variable`` names the ``<map>/while/`` name scope), and every iteration reads them. The outputs
carry TF1's names: ``map/TensorArrayStack/TensorArrayGatherV3:0`` for ``map_fn`` and ``scan``,
``foldl/while/Exit_2:0`` for the folds.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scopelab.errors import InvalidArgumentError
from scopelab.scope import name_scope
from scopelab.tensor_shape import TensorShape

from scopelab.ops import nest
from scopelab.ops.array_ops import identity
from scopelab.ops.control_flow_ops import captured_inputs, loop_input
from scopelab.ops.evaluate import EvalContext
from scopelab.ops.op_def import convert_to_tensor, define_op
from scopelab.ops.tensor import Frame, Tensor, current_frame, entering_frame

__all__ = ["map_fn", "scan", "foldl", "foldr"]


class _Body:
    """``fn`` built once: its per-step input tensors and its flat outputs."""

    def __init__(self, frame: Frame, elem_inputs: list, acc_inputs: list, outputs: list) -> None:
        self.frame, self.elem_inputs, self.acc_inputs, self.outputs = \
            frame, elem_inputs, acc_inputs, outputs


def _length(elems: list) -> int | None:
    dims = TensorShape([None])
    for e in elems:
        if e.shape.ndims == 0:
            raise ValueError("Elements in elems must be 1+ dimensional Tensors, not scalars")
        if e.shape.ndims is not None:
            dims = dims.merge_with(e.shape.as_list()[:1])
    return dims.as_list()[0]


def _loop_shape(elems: list, initial: list, captured: list, *, body: _Body, mode: str,
                reverse: bool, length: Any) -> list:
    if mode == "fold":
        return [(t.dtype, t.shape) for t in body.outputs]
    return [(t.dtype, TensorShape([length]).concatenate(t.shape)) for t in body.outputs]


def _loop(elems: list, initial: list, captured: list, *, body: _Body, mode: str, reverse: bool,
          length: Any, ctx: EvalContext) -> Any:
    n = elems[0].shape[0]
    for e in elems[1:]:
        if e.shape[0] != n:
            raise InvalidArgumentError(f"All elems must have the same size in dimension 0: "
                                       f"got {n} and {e.shape[0]}.")
    order = range(n - 1, -1, -1) if reverse else range(n)
    acc = list(initial)
    stacked: list[list[np.ndarray]] = [[] for _ in body.outputs]
    for i in order:
        feeds = dict(zip(body.elem_inputs, (e[i] for e in elems)))
        feeds.update(zip(body.acc_inputs, acc))
        values = ctx.iteration(body.frame, feeds).values(list(body.outputs))
        if mode != "map":
            acc = values
        for column, value in zip(stacked, values):
            column.append(np.asarray(value))
    if mode == "fold":
        results = acc
    else:
        if reverse:
            stacked = [column[::-1] for column in stacked]
        results = [np.stack(column) if column else
                   np.zeros((0, *(d or 0 for d in t.shape.as_list())), t.dtype.np)
                   for column, t in zip(stacked, body.outputs)]
    return results[0] if len(results) == 1 else tuple(results)


_LOOP = define_op("FunctionalLoop", ("*elems:any", "*initial:any", "*captured:any"),
                  _loop_shape, _loop, pure=False, context=True)


def _build(fn: Any, elems: Any, initializer: Any, mode: str, reverse: bool) -> tuple:
    """Build ``fn`` in a frame under ``while/``; returns the flat elems, accumulators and body."""
    elems_flat = [convert_to_tensor(e, name="elem") for e in nest.flatten(elems)]
    length = _length(elems_flat)
    initial = [] if initializer is None else \
        [convert_to_tensor(a) for a in nest.flatten(initializer)]
    with name_scope("while") as scope:
        frame = Frame(scope, current_frame())
        with entering_frame(frame):
            elem_inputs = [loop_input(e.dtype, e.shape[1:] if e.shape.ndims else None,
                                      name="TensorArrayReadV3") for e in elems_flat]
            acc_inputs = [loop_input(a.dtype, a.shape) for a in initial]
            packed = nest.pack_sequence_as(elems, elem_inputs)
            if mode == "map":
                result = fn(packed)
            else:
                result = fn(nest.pack_sequence_as(initializer, acc_inputs), packed)
            outputs = [convert_to_tensor(r) for r in nest.flatten(result)]
    return elems_flat, length, initial, _Body(frame, elem_inputs, acc_inputs, outputs), result


def map_fn(fn: Any, elems: Any, dtype: Any = None, parallel_iterations: Any = None,
           back_prop: bool = True, swap_memory: bool = False, infer_shape: bool = True,
           name: str | None = None, fn_output_signature: Any = None) -> Any:
    """``fn`` applied to each slice ``elems[i]`` (nested elems give nested slices), stacked."""
    if not callable(fn):
        raise TypeError("fn must be callable.")
    with name_scope(name, "map"):
        elems_flat, length, _, body, result = _build(fn, elems, None, "map", False)
        if dtype is None and fn_output_signature is None and \
                nest.is_sequence(result) and not nest.is_sequence(elems):
            raise ValueError("The two structures don't have the same nested structure: fn "
                             "returned a structure for a single elems; pass dtype= with the "
                             "structure of fn's output (e.g. dtype=(tf.float32, tf.int32)).")
        outs = _LOOP(elems_flat, [], captured_inputs(body.frame, body.outputs), name="while/Exit",
                     body=body, mode="map", reverse=False, length=length)
        return _stacked_outputs(outs, result)


def _stacked_outputs(outs: Any, structure: Any) -> Any:
    outs = [outs] if isinstance(outs, Tensor) else list(outs)
    named = []
    for i, t in enumerate(outs):
        with name_scope("TensorArrayStack" if i == 0 else f"TensorArrayStack_{i}"):
            named.append(identity(t, name="TensorArrayGatherV3"))
    return nest.pack_sequence_as(structure, named)


def scan(fn: Any, elems: Any, initializer: Any = None, parallel_iterations: int = 10,
         back_prop: bool = True, swap_memory: bool = False, infer_shape: bool = True,
         reverse: bool = False, name: str | None = None) -> Any:
    """``a = fn(a, elems[i])`` for each ``i``; every ``a`` stacked. Without ``initializer`` the
    first element is the first ``a`` (and the first output)."""
    return _accumulate(fn, elems, initializer, reverse, name, "scan")


def foldl(fn: Any, elems: Any, initializer: Any = None, parallel_iterations: int = 10,
          back_prop: bool = True, swap_memory: bool = False, name: str | None = None) -> Any:
    """``a = fn(a, elems[i])`` from the first element to the last; the final ``a``."""
    return _accumulate(fn, elems, initializer, False, name, "foldl")


def foldr(fn: Any, elems: Any, initializer: Any = None, parallel_iterations: int = 10,
          back_prop: bool = True, swap_memory: bool = False, name: str | None = None) -> Any:
    """``a = fn(a, elems[i])`` from the last element to the first; the final ``a``."""
    return _accumulate(fn, elems, initializer, True, name, "foldr")


def _accumulate(fn: Any, elems: Any, initializer: Any, reverse: bool, name: str | None,
                default: str) -> Any:
    if not callable(fn):
        raise TypeError("fn must be callable.")
    fold = default != "scan"
    with name_scope(name, default):
        if initializer is None:
            first = nest.map_structure(
                lambda e: convert_to_tensor(e)[-1 if reverse else 0], elems)
            rest = nest.map_structure(
                lambda e: _drop_first(convert_to_tensor(e), reverse), elems)
            initializer, elems_used, lead = first, rest, first
        else:
            elems_used, lead = elems, None
        elems_flat, length, initial, body, result = _build(fn, elems_used, initializer,
                                                           "fold" if fold else "scan", reverse)
        if len(body.outputs) != len(initial):
            raise ValueError("fn must return the structure of the accumulator "
                             "(initializer, or the first element of elems).")
        outs = _LOOP(elems_flat, initial, captured_inputs(body.frame, body.outputs),
                     name="while/Exit", body=body, mode="fold" if fold else "scan",
                     reverse=reverse, length=length)
        outs = [outs] if isinstance(outs, Tensor) else list(outs)
        if fold:
            with name_scope(body.frame.name):      # the loop's own "while/" scope, re-entered
                finals = [identity(t, name=f"Exit_{i + 2}") for i, t in enumerate(outs)]
            return nest.pack_sequence_as(initializer, finals)
        if lead is not None:
            from scopelab.ops.join_ops import concat
            from scopelab.ops.array_ops import expand_dims
            firsts = [expand_dims(t, 0) for t in nest.flatten(lead)]
            outs = [concat([o, f] if reverse else [f, o], 0) for o, f in zip(outs, firsts)]
        return _stacked_outputs(outs, initializer)


def _drop_first(e: Tensor, reverse: bool) -> Tensor:
    return e[:-1] if reverse else e[1:]
