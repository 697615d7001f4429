"""``tf.nn.dynamic_rnn`` and ``tf.nn.bidirectional_dynamic_rnn``.

``dynamic_rnn(cell, inputs)`` opens ``variable_scope(scope or "rnn")`` (so the cell's variables
are ``rnn/<cell scope>/...``; a second call opens ``rnn`` again and, with a *new* cell, fails with
"already exists", as TF1 does), builds the cell's step once and runs it over the real time
dimension at session time (``_loop``). ``bidirectional_dynamic_rnn`` runs a forward cell under
``bidirectional_rnn/fw`` and a backward one under ``bidirectional_rnn/bw`` on the inputs reversed
within each sequence's length.
"""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.ops import nest
from scopelab.rnn._loop import build_step, run_loop
from scopelab.rnn.cell_base import assert_like_rnncell
from scopelab.train._atomic import all_or_nothing

__all__ = ["dynamic_rnn", "bidirectional_dynamic_rnn", "stack_bidirectional_dynamic_rnn",
           "check_stacked_cells", "explained_sharing"]


def _transpose_batch_time(x: Any) -> Any:
    """``[batch, time, ...]`` <-> ``[time, batch, ...]`` (static rank needed, as in practice)."""
    rank = x.shape.ndims
    if rank is None:
        raise ValueError(
            f"dynamic_rnn needs inputs of known rank, got {x.name} with unknown shape. Give the "
            f"placeholder a shape such as [None, None, depth].")
    if rank < 2:
        return x
    return tf.transpose(x, [1, 0] + list(range(2, rank)))


def _batch_size(flat_inputs: list) -> Any:
    """The batch dimension (time major): static when any input knows it, else ``tf.shape``."""
    for x in flat_inputs:
        dims = x.shape.as_list()
        if len(dims) < 2:
            raise ValueError(f"Expected input tensor {x} to have rank at least 2")
        if dims[1] is not None:
            return dims[1]
    return tf.shape(flat_inputs[0])[1]


def _check_time_major(flat_inputs: list) -> int | None:
    """TF1's checks on the time-major inputs; returns the static number of time steps."""
    for x in flat_inputs:
        dims = x.shape.as_list()
        if len(dims) < 3:
            raise ValueError(
                f"Shape {x.shape} must have rank at least 3\ndynamic_rnn reads inputs shaped "
                f"[batch, time, depth] ([time, batch, depth] with time_major=True). For one "
                f"step of a cell call the cell directly: output, state = cell(x, state).")
        if any(d is None for d in dims[2:]):
            raise ValueError(
                "Input size (depth of inputs) must be accessible via shape inference, but saw "
                "value None.\nThe cell sizes its kernel from the input depth: give the input a "
                "static last dimension, e.g. tf.placeholder(tf.float32, [None, None, 128]).")
    return flat_inputs[0].shape.as_list()[0]


def _sequence_length(sequence_length: Any) -> Any:
    if sequence_length is None:
        return None
    lengths = tf.cast(sequence_length, tf.int32)
    if lengths.shape.ndims not in (None, 1):
        raise ValueError(f"sequence_length must be a vector of length batch_size, but saw shape: "
                         f"{lengths.shape}")
    return tf.identity(lengths, name="sequence_length")


def dynamic_rnn(cell: Any, inputs: Any, sequence_length: Any = None, initial_state: Any = None,
                dtype: Any = None, parallel_iterations: int | None = None,
                swap_memory: bool = False, time_major: bool = False, scope: Any = None) -> Any:
    """Run ``cell`` over ``inputs`` (``[batch, time, depth]``): ``(outputs, final_state)``.

    Past ``sequence_length[b]`` the outputs of sequence ``b`` are zeros and its state is copied
    through, so ``final_state`` is the state at each sequence's last real step.
    """
    assert_like_rnncell("cell", cell)
    with tf.variable_scope(scope or "rnn"):
        flat_input = [tf.convert_to_tensor(x) for x in nest.flatten(inputs)]
        if not time_major:
            flat_input = [_transpose_batch_time(x) for x in flat_input]
        lengths = _sequence_length(sequence_length)
        batch_size = _batch_size(flat_input)
        if initial_state is not None:
            state = initial_state
        else:
            if not dtype:
                raise ValueError(
                    "If there is no initial_state, you must give a dtype.\nThe zero state needs "
                    "one: dynamic_rnn(cell, inputs, dtype=tf.float32), or pass "
                    "initial_state=cell.zero_state(batch_size, tf.float32).")
            state = cell.get_initial_state(inputs=None, batch_size=batch_size, dtype=dtype) \
                if hasattr(cell, "get_initial_state") else cell.zero_state(batch_size, dtype)
        time_steps = _check_time_major(flat_input)
        flat_state = [tf.convert_to_tensor(s) for s in nest.flatten(state)]
        input_specs = [(x.dtype, x.shape.as_list()[1:]) for x in flat_input]
        state_specs = [(s.dtype, s.shape) for s in flat_state]
        output_structure: list[Any] = []

        def step(step_inputs: list, step_state: list) -> tuple[list, list]:
            packed_inputs = nest.pack_sequence_as(inputs, step_inputs)
            output, new_state = cell(packed_inputs, nest.pack_sequence_as(state, step_state))
            nest.assert_same_structure(state, new_state)
            output_structure.append(output)
            return nest.flatten(output), nest.flatten(new_state)

        with all_or_nothing(), tf.name_scope("while"), explained_sharing("dynamic_rnn"):
            graph = build_step(step, input_specs, state_specs)
        outputs, final_state = run_loop(graph, flat_input, flat_state, lengths, time_steps)
        if not time_major:
            outputs = [_transpose_batch_time(o) for o in outputs]
        return (nest.pack_sequence_as(output_structure[0], outputs),
                nest.pack_sequence_as(state, final_state))


class explained_sharing:  # noqa: N801 - a context manager
    """Adds why to "already exists" from a second loop with a new cell in the same scope."""

    def __init__(self, function: str) -> None:
        self._function = function

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: Any, traceback: Any) -> None:
        if isinstance(exc, ValueError) and "already exists" in str(exc):
            scope = tf.get_variable_scope().name
            exc.add_note(
                f"{self._function} creates its cell's variables in variable_scope({scope!r}); "
                f"another {self._function} with a new cell there asks for the same names. Give "
                f"each call its own scope (scope='encoder', scope='decoder'), or pass the same "
                f"cell object to share its weights.")


def _reverse(x: Any, lengths: Any, seq_axis: int, batch_axis: int) -> Any:
    if lengths is None:
        return tf.reverse(x, axis=[seq_axis])
    return tf.reverse_sequence(x, seq_lengths=lengths, seq_axis=seq_axis, batch_axis=batch_axis)


def bidirectional_dynamic_rnn(cell_fw: Any, cell_bw: Any, inputs: Any,
                              sequence_length: Any = None, initial_state_fw: Any = None,
                              initial_state_bw: Any = None, dtype: Any = None,
                              parallel_iterations: int | None = None, swap_memory: bool = False,
                              time_major: bool = False, scope: Any = None) -> Any:
    """``((output_fw, output_bw), (state_fw, state_bw))``; ``output_bw`` is in forward order."""
    assert_like_rnncell("cell_fw", cell_fw)
    assert_like_rnncell("cell_bw", cell_bw)
    time_axis, batch_axis = (0, 1) if time_major else (1, 0)
    with tf.variable_scope(scope or "bidirectional_rnn"):
        with tf.variable_scope("fw") as fw_scope:
            output_fw, state_fw = dynamic_rnn(
                cell_fw, inputs, sequence_length=sequence_length, initial_state=initial_state_fw,
                dtype=dtype, time_major=time_major, scope=fw_scope)
        with tf.variable_scope("bw") as bw_scope:
            reversed_inputs = nest.map_structure(
                lambda x: _reverse(x, sequence_length, time_axis, batch_axis), inputs)
            backward, state_bw = dynamic_rnn(
                cell_bw, reversed_inputs, sequence_length=sequence_length,
                initial_state=initial_state_bw, dtype=dtype, time_major=time_major,
                scope=bw_scope)
    output_bw = nest.map_structure(
        lambda x: _reverse(x, sequence_length, time_axis, batch_axis), backward)
    return (output_fw, output_bw), (state_fw, state_bw)


def check_stacked_cells(cells_fw: Any, cells_bw: Any, initial_states_fw: Any,
                        initial_states_bw: Any) -> None:
    """TF1's checks of ``stack_bidirectional_(dynamic_)rnn``'s per-layer arguments."""
    for cells, way in ((cells_fw, "fw"), (cells_bw, "bw")):
        if not cells:
            raise ValueError(f"Must specify at least one {way} cell for BidirectionalRNN.")
        if not isinstance(cells, list):
            raise ValueError(f"cells_{way} must be a list of RNNCells (one per layer).")
    if len(cells_fw) != len(cells_bw):
        raise ValueError("Forward and Backward cells must have the same depth.")
    for states, way in ((initial_states_fw, "fw"), (initial_states_bw, "bw")):
        if states is not None and (not isinstance(states, list) or len(states) != len(cells_fw)):
            raise ValueError(f"initial_states_{way} must be a list of state tensors (one per "
                             f"layer).")


def stack_bidirectional_dynamic_rnn(cells_fw: list, cells_bw: list, inputs: Any,
                                    initial_states_fw: Any = None, initial_states_bw: Any = None,
                                    dtype: Any = None, sequence_length: Any = None,
                                    parallel_iterations: int | None = None,
                                    time_major: bool = False, scope: Any = None,
                                    swap_memory: bool = False) -> Any:
    """``tf.contrib.rnn.stack_bidirectional_dynamic_rnn``: layer ``i`` is a
    ``bidirectional_dynamic_rnn`` in ``stack_bidirectional_rnn/cell_<i>/`` (hence
    ``.../cell_0/bidirectional_rnn/fw/lstm_cell/kernel``) reading the previous layer's two outputs
    concatenated. Returns ``(outputs, states_fw, states_bw)``."""
    check_stacked_cells(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    states_fw, states_bw, layer = [], [], inputs
    with tf.variable_scope(scope or "stack_bidirectional_rnn"):
        for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
            with tf.variable_scope(f"cell_{i}"):
                outputs, (state_fw, state_bw) = bidirectional_dynamic_rnn(
                    cell_fw, cell_bw, layer,
                    initial_state_fw=initial_states_fw[i] if initial_states_fw else None,
                    initial_state_bw=initial_states_bw[i] if initial_states_bw else None,
                    sequence_length=sequence_length, dtype=dtype, time_major=time_major)
                layer = tf.concat(outputs, 2)
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return layer, tuple(states_fw), tuple(states_bw)
