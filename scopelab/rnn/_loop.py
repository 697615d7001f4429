"""The recurrent loop behind ``dynamic_rnn``: the cell's step is built once, on symbolic inputs
inside a :class:`~scopelab.ops.tensor.Frame`, and one ``RNNLoop`` op runs it at session time over
the actual number of steps.

Building the step once is what TF1's ``while_loop`` does too: it creates the cell's variables with
TF's names (``rnn/lstm_cell/kernel``) and a subgraph (``rnn/while/lstm_cell/MatMul`` ...). At run
time the ``RNNLoop`` op feeds step ``t``'s input slice and the current state to that subgraph
(``ctx.iteration(frame, feeds)``: the step's ops get fresh values each step, everything outside the
frame, such as a ``keep_prob`` placeholder, one value per run) and applies ``sequence_length``:
past its length a sequence gets zero outputs and keeps its last state, and no step runs beyond the
longest length (TF1's ``_rnn_step`` with ``skip_conditionals=True`` and its loop bound).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

import scopelab as tf
from scopelab.errors import InvalidArgumentError
from scopelab.ops.control_flow_ops import captured_inputs, loop_input
from scopelab.ops.op_def import define_op
from scopelab.ops.tensor import Frame, Tensor, current_frame, entering_frame

__all__ = ["StepGraph", "build_step", "run_loop"]


class StepGraph:
    """The step subgraph: its fed inputs (input slice, state) and its results (output, state)."""

    __slots__ = ("frame", "inputs", "state_in", "outputs", "state_out")

    def __init__(self, frame: Frame, inputs: list[Tensor], state_in: list[Tensor],
                 outputs: list[Tensor], state_out: list[Tensor]) -> None:
        self.frame = frame
        self.inputs = inputs
        self.state_in = state_in
        self.outputs = outputs
        self.state_out = state_out


def build_step(step: Callable[[list[Tensor], list[Tensor]], tuple[list, list]],
               input_specs: Sequence[tuple[Any, Any]], state_specs: Sequence[tuple[Any, Any]],
               ) -> StepGraph:
    """Build ``step(inputs, state) -> (outputs, new_state)`` once inside a new frame.

    ``*_specs`` are ``(dtype, static shape)`` of one step's input slices and state tensors. Call it
    under the name scope the step's ops should have (``rnn/while/``).
    """
    frame = Frame(tf.get_default_graph().get_name_scope() or "while", current_frame())
    with entering_frame(frame):
        inputs = [loop_input(tf.as_dtype(d), s, name="TensorArrayReadV3") for d, s in input_specs]
        state_in = [loop_input(tf.as_dtype(d), s, name="Identity") for d, s in state_specs]
        outputs, state_out = step(inputs, state_in)
    return StepGraph(frame, inputs, state_in, list(outputs), list(state_out))


def _loop_shape(inputs: list, state: list, lengths: Tensor, captured: list, *,
                graph: StepGraph, time_steps: int | None, has_lengths: bool,
                subgraph_outputs: tuple) -> list:
    outs = [(t.dtype, tf.TensorShape([time_steps] + t.shape.as_list()))
            for t in graph.outputs]
    return outs + [(s.dtype, s.shape) for s in state]


def _check_lengths(lengths: np.ndarray, batch: int) -> None:
    if lengths.shape != (batch,):
        raise InvalidArgumentError(
            f"Expected shape for Tensor sequence_length:0 is [{batch}] but saw shape: "
            f"[{','.join(str(d) for d in lengths.shape)}]\nsequence_length needs one length per "
            f"sequence of the batch.", lengths_shape=lengths.shape)


def _loop_compute(inputs: list, state: list, lengths: np.ndarray, captured: list, *, ctx: Any,
                  graph: StepGraph, time_steps: int | None, has_lengths: bool,
                  subgraph_outputs: tuple) -> list:
    steps, batch = inputs[0].shape[0], inputs[0].shape[1]
    limit = np.asarray(lengths) if has_lengths else None
    bound = steps
    if limit is not None:
        _check_lengths(limit, batch)
        bound = min(steps, max(1, int(limit.max()) if limit.size else 0))
    state = list(state)
    collected: list[list[np.ndarray]] = [[] for _ in graph.outputs]
    for t in range(bound):
        feeds = dict(zip(graph.inputs, (x[t] for x in inputs)))
        feeds.update(zip(graph.state_in, state))
        values = ctx.iteration(graph.frame, feeds).values(graph.outputs + graph.state_out)
        outs, new_state = values[:len(graph.outputs)], values[len(graph.outputs):]
        if limit is not None:
            done = t >= limit
            outs = [np.where(_per_row(done, o), np.zeros_like(o), o) for o in outs]
            new_state = [np.where(_per_row(done, n), s, n) for s, n in zip(state, new_state)]
        for column, value in zip(collected, outs):
            column.append(np.asarray(value))
        state = [np.asarray(s) for s in new_state]
    stacked = []
    for tensor, column in zip(graph.outputs, collected):
        step_shape = column[0].shape if column else _step_shape(tensor, batch)
        full = np.zeros((steps,) + tuple(step_shape), dtype=tensor.dtype.np)
        if column:
            full[:len(column)] = np.stack(column)
        stacked.append(full)
    return stacked + state


def _per_row(done: np.ndarray, value: np.ndarray) -> np.ndarray:
    return done.reshape(done.shape + (1,) * (np.ndim(value) - 1))


def _step_shape(tensor: Tensor, batch: int) -> tuple:
    dims = tensor.shape.as_list()
    return tuple(batch if i == 0 else (d or 0) for i, d in enumerate(dims))


# Inputs and state share one dtype (the cell's); without sequence_length, ``lengths`` is an
# unused empty vector (the op always has the same inputs). ``captured``: the outer tensors the step
# reads (a keep_prob placeholder), so the loop visibly depends on them; ``subgraph_outputs`` (the
# step's results) is where graph walks (``tf.gradients``) go on into the step.
_LOOP = define_op("RNNLoop", ("*inputs:T", "*state:T", "lengths:int32", "*captured:any"),
                  _loop_shape, _loop_compute, pure=False, context=True)


def run_loop(graph: StepGraph, inputs: list[Tensor], initial_state: list[Tensor],
             sequence_length: Tensor | None, time_steps: int | None) -> tuple[list, list]:
    """The ``RNNLoop`` op: time-major stacked outputs and the final state tensors."""
    has_lengths = sequence_length is not None
    if not has_lengths:
        sequence_length = np.zeros([0], np.int32)
    inner = tuple(graph.outputs + graph.state_out)
    results = _LOOP(list(inputs), list(initial_state), sequence_length,
                    captured_inputs(graph.frame, list(inner)), name="while/Exit", graph=graph,
                    time_steps=time_steps, has_lengths=has_lengths, subgraph_outputs=inner)
    results = list(results) if isinstance(results, (list, tuple)) else [results]
    n = len(graph.outputs)
    return results[:n], results[n:]
