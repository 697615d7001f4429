"""The loop behind ``dynamic_decode``: the decoder's step is built once, on symbolic inputs inside
a :class:`~scopelab.ops.tensor.Frame` (as TF1's ``while_loop`` body is), and one ``DecodeLoop`` op
runs it at session time until every sequence is finished or ``maximum_iterations`` is reached.

The loop keeps TF1's bookkeeping (``tensorflow/contrib/seq2seq/python/ops/decoder.py``,
``dynamic_decode``'s ``condition`` and ``body``): step ``t`` runs while ``not all(finished)`` (and
``t < maximum_iterations``); a sequence's length becomes ``t + 1`` at every step it was not yet
finished *before* the step; ``finished`` is the step's flags or'ed with the old ones (unless the
decoder tracks its own, as beam search does); with ``impute_finished`` the outputs of sequences
finished before the step are zeros and their state is copied through (scalars and alignment
histories pass). Outputs are collected per step and stacked time major.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import scopelab as tf
from scopelab.contrib.seq2seq._history import AlignmentHistory
from scopelab.ops.control_flow_ops import captured_inputs, loop_input
from scopelab.ops.op_def import define_op
from scopelab.ops.tensor import Frame, Tensor, current_frame, entering_frame

__all__ = ["DecodeStep", "build_decode_step", "run_decode_loop"]


class DecodeStep:
    """The step subgraph: what the loop feeds (time, inputs, state) and reads back."""

    __slots__ = ("frame", "time", "inputs", "state_in", "outputs", "state_out", "next_inputs",
                 "finished", "history_writes")

    def __init__(self, frame: Frame, time: Tensor, inputs: list, state_in: list, outputs: list,
                 state_out: list, next_inputs: list, finished: Tensor,
                 history_writes: list) -> None:
        self.frame = frame
        self.time = time
        self.inputs = inputs
        self.state_in = state_in             # the fed state tensors (histories are not fed)
        self.outputs = outputs
        self.state_out = state_out           # the next state tensors, in the order of state_in
        self.next_inputs = next_inputs
        self.finished = finished
        self.history_writes = history_writes  # one written tensor per alignment history

    def fetches(self) -> list:
        return (self.outputs + self.state_out + self.next_inputs + [self.finished]
                + self.history_writes)


def _is_history(leaf: Any) -> bool:
    return isinstance(leaf, AlignmentHistory)


def build_decode_step(step: Callable, inputs: list, state: list) -> tuple[DecodeStep, Any]:
    """Build ``step(time, inputs, state) -> (outputs, next_state, next_inputs, finished)`` (flat
    lists; histories stay objects) once in a new frame under the current name scope.

    Returns the step and the flat next state as the step built it (histories included)."""
    frame = Frame(tf.get_default_graph().get_name_scope() or "while", current_frame())
    with entering_frame(frame):
        time = loop_input(tf.int32, [], name="time")
        step_inputs = [loop_input(x.dtype, x.shape, name="Identity") for x in inputs]
        step_state = [AlignmentHistory(s.dtype, s.element_shape) if _is_history(s)
                      else loop_input(s.dtype, s.shape, name="Identity") for s in state]
        outputs, next_state, next_inputs, finished = step(time, step_inputs, step_state)
        outputs = [tf.convert_to_tensor(o) for o in outputs]
        next_inputs = [tf.convert_to_tensor(x) for x in next_inputs]
        finished = tf.convert_to_tensor(finished, dtype=tf.bool)
        state_out, writes = [], []
        for before, after in zip(state, next_state):
            if _is_history(before):
                if not _is_history(after) or after.written is None:
                    raise ValueError("A decoding step must write its alignment history once "
                                     "(history.write(state.time, alignments)).")
                writes.append(after.written)
            else:
                after = tf.convert_to_tensor(after)
                _check_invariant(before, after)
                state_out.append(after)
        for before, after in zip(inputs, next_inputs):
            _check_invariant(before, after)
    fed = [s for s in step_state if not _is_history(s)]
    return DecodeStep(frame, time, step_inputs, fed, outputs, state_out, next_inputs, finished,
                      writes), next_state


def _check_invariant(before: Any, after: Any) -> None:
    """TF1's while_loop: a loop variable keeps a compatible shape from one iteration to the next."""
    if not before.shape.is_compatible_with(after.shape):
        raise ValueError(
            f"Input tensor '{before.name}' enters the loop with shape {before.shape}, but has "
            f"shape {after.shape} after one iteration. The decoder's step must give back inputs "
            f"and state shaped as the ones it was given (check the cell's state and the helper's "
            f"next inputs).")


def _rows(flags: np.ndarray, value: np.ndarray) -> np.ndarray:
    return flags.reshape(flags.shape + (1,) * (np.ndim(value) - flags.ndim))


def _shape(finished: Tensor, inputs: list, state: list, limit: Tensor, captured: list, *,
           step: DecodeStep, batch: int | None, **unused: Any) -> list:
    specs = []
    for out in step.outputs:
        dims = out.shape.as_list() if out.shape.ndims is not None else None
        if dims and dims[0] is None and batch is not None:
            dims[0] = batch
        specs.append((out.dtype, tf.TensorShape(None if dims is None else [None] + dims)))
    specs += [(s.dtype, s.shape) for s in state]
    specs.append((tf.int32, finished.shape))
    specs += [(w.dtype, tf.TensorShape([None]).concatenate(w.shape)) for w in step.history_writes]
    return specs


def _compute(finished: np.ndarray, inputs: list, state: list, limit: np.ndarray, captured: list,
             *, ctx: Any, step: DecodeStep, batch: int | None, impute_finished: bool,
             tracks_own_finished: bool, has_limit: bool, subgraph_outputs: tuple) -> list:
    finished = np.asarray(finished, dtype=bool)
    max_steps = int(np.asarray(limit)) if has_limit else None
    lengths = np.zeros(finished.shape, np.int32)
    inputs, state = [np.asarray(x) for x in inputs], [np.asarray(s) for s in state]
    emitted: list[list] = [[] for _ in step.outputs]
    written: list[list] = [[] for _ in step.history_writes]
    n_out, n_state, n_in = len(step.outputs), len(step.state_out), len(step.next_inputs)
    time = 0
    while not finished.all() and (max_steps is None or time < max_steps):
        feeds = {step.time: np.int32(time)}
        feeds.update(zip(step.inputs, inputs))
        feeds.update(zip(step.state_in, state))
        values = [np.asarray(v) for v in ctx.iteration(step.frame, feeds).values(step.fetches())]
        outs = values[:n_out]
        new_state = values[n_out:n_out + n_state]
        next_inputs = values[n_out + n_state:n_out + n_state + n_in]
        step_finished = values[n_out + n_state + n_in].astype(bool)
        writes = values[n_out + n_state + n_in + 1:]
        next_finished = step_finished if tracks_own_finished else (step_finished | finished)
        lengths = np.where(finished, lengths, np.int32(time + 1)).astype(np.int32)
        if impute_finished:
            outs = [np.where(_rows(finished, o), np.zeros_like(o), o) for o in outs]
            new_state = [n if n.ndim == 0 else np.where(_rows(finished, n), s, n)
                         for s, n in zip(state, new_state)]
        for column, value in zip(emitted, outs):
            column.append(value)
        for column, value in zip(written, writes):
            column.append(value)
        state, inputs, finished = new_state, next_inputs, next_finished
        time += 1
    stacked = [_stack(column, tensor, finished) for column, tensor in zip(emitted, step.outputs)]
    histories = [_stack(column, tensor, finished)
                 for column, tensor in zip(written, step.history_writes)]
    return stacked + list(state) + [lengths] + histories


def _stack(column: list, tensor: Tensor, finished: np.ndarray) -> np.ndarray:
    if column:
        return np.stack(column).astype(tensor.dtype.np, copy=False)
    dims = tensor.shape.as_list() if tensor.shape.ndims is not None else [None]
    shape = [finished.shape[0] if i == 0 and d is None and finished.ndim else (d or 0)
             for i, d in enumerate(dims)]
    return np.zeros([0] + shape, dtype=tensor.dtype.np)


# ``limit`` is an unused empty vector without maximum_iterations (the op always has the same
# inputs); ``captured`` are the outer tensors the step reads (memory, embeddings, variables), so the
# loop visibly depends on them, and ``subgraph_outputs`` is where graph walks go on into the step.
_DECODE = define_op("DecodeLoop", ("finished:bool", "*inputs:any", "*state:any", "limit:int32",
                                   "*captured:any"),
                    _shape, _compute, pure=False, eager=False, context=True)


def run_decode_loop(step: DecodeStep, finished: Tensor, inputs: list, state: list,
                    maximum_iterations: Tensor | None, *, batch: int | None,
                    impute_finished: bool, tracks_own_finished: bool) -> tuple:
    """The ``DecodeLoop`` op: ``(stacked outputs, final state tensors, lengths, histories)``."""
    has_limit = maximum_iterations is not None
    limit = maximum_iterations if has_limit else np.zeros([0], np.int32)
    inner = tuple(step.fetches())
    results = _DECODE(finished, list(inputs), list(state), limit,
                      captured_inputs(step.frame, list(inner)), name="while/Exit", step=step,
                      batch=batch, impute_finished=impute_finished,
                      tracks_own_finished=tracks_own_finished, has_limit=has_limit,
                      subgraph_outputs=inner)
    results = list(results) if isinstance(results, (list, tuple)) else [results]
    n_out, n_state = len(step.outputs), len(state)
    return (results[:n_out], results[n_out:n_out + n_state], results[n_out + n_state],
            results[n_out + n_state + 1:])
