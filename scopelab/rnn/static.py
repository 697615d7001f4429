"""``tf.nn.static_rnn`` (``tf.contrib.rnn.static_rnn``) and ``static_bidirectional_rnn``: the cell
unrolled in Python over a list of per-step inputs, one set of ops per step.

The first step creates the cell's variables in ``rnn/``; later steps run after
``reuse_variables()``, as TF1's loop did. With ``sequence_length`` a sequence's outputs past its
length are zeros and its state is copied through (TF1's ``_rnn_step``).
"""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.ops import nest
from scopelab.rnn.cell_base import assert_like_rnncell
from scopelab.rnn.dynamic import check_stacked_cells, explained_sharing
from scopelab.train._atomic import all_or_nothing

__all__ = ["static_rnn", "static_bidirectional_rnn", "stack_bidirectional_rnn"]


def _check_inputs(inputs: Any) -> None:
    if not nest.is_sequence(inputs):
        raise TypeError(
            f"inputs must be a sequence\nstatic_rnn takes a Python list with one [batch, depth] "
            f"tensor per time step, got {inputs}. Split a [batch, time, depth] tensor with "
            f"tf.unstack(x, axis=1), or use tf.nn.dynamic_rnn(cell, x).")
    if not inputs:
        raise ValueError("inputs must not be empty")


def _static_batch(first: Any) -> Any:
    dims = first.shape.as_list()
    if len(dims) != 1:
        for i, d in enumerate(dims[1:]):
            if d is None:
                raise ValueError(
                    f"Input size (dimension {i} of inputs) must be accessible via shape "
                    f"inference, but saw value None.")
    return dims[0] if dims and dims[0] is not None else tf.shape(first)[0]


def _copy_through(time: int, lengths: Any, previous: Any, new: Any) -> Any:
    """``new`` where ``time < lengths[b]``, else ``previous`` (row by row)."""
    done = tf.greater_equal(time, lengths)
    return tf.where(done, previous, new)


def static_rnn(cell: Any, inputs: Any, initial_state: Any = None, dtype: Any = None,
               sequence_length: Any = None, scope: Any = None) -> Any:
    """``(outputs, state)``: ``outputs`` a list with one tensor per step."""
    assert_like_rnncell("cell", cell)
    _check_inputs(inputs)
    outputs = []
    with tf.variable_scope(scope or "rnn") as varscope:
        inputs = [nest.map_structure(tf.convert_to_tensor, x) for x in inputs]
        first = nest.flatten(inputs[0])[0]
        batch_size = _static_batch(first)
        if initial_state is not None:
            state = initial_state
        else:
            if not dtype:
                raise ValueError(
                    "If no initial_state is provided, dtype must be specified\nPass "
                    "dtype=tf.float32, or initial_state=cell.zero_state(batch_size, dtype).")
            state = cell.zero_state(batch_size, dtype)
        lengths = zero_output = None
        if sequence_length is not None:
            lengths = tf.convert_to_tensor(sequence_length, name="sequence_length")
            if lengths.shape.ndims not in (None, 1):
                raise ValueError("sequence_length must be a vector of length batch_size")
            lengths = tf.cast(lengths, tf.int32)
            zero_output = nest.map_structure(
                lambda size: tf.zeros([batch_size] + tf.TensorShape(size).as_list(),
                                      dtype=dtype or nest.flatten(state)[0].dtype),
                cell.output_size)
        with all_or_nothing(), explained_sharing("static_rnn"):
            for time, step_input in enumerate(inputs):
                if time > 0:
                    varscope.reuse_variables()
                output, new_state = cell(step_input, state)
                if lengths is not None:
                    output = nest.map_structure(
                        lambda z, o, t=time: _copy_through(t, lengths, z, o), zero_output, output)
                    new_state = nest.map_structure(
                        lambda s, n, t=time: _copy_through(t, lengths, s, n), state, new_state)
                state = new_state
                outputs.append(output)
    return outputs, state


def _reverse_seq(sequence: list, lengths: Any) -> list:
    if lengths is None:
        return list(reversed(sequence))
    flat_steps = [nest.flatten(step) for step in sequence]
    columns = []
    for column in zip(*flat_steps):
        stacked = tf.stack(list(column))                        # [time, batch, depth]
        reversed_ = tf.reverse_sequence(stacked, seq_lengths=tf.cast(lengths, tf.int64),
                                        seq_axis=0, batch_axis=1)
        columns.append(tf.unstack(reversed_))
    return [nest.pack_sequence_as(sequence[0], list(step)) for step in zip(*columns)]


def static_bidirectional_rnn(cell_fw: Any, cell_bw: Any, inputs: Any,
                             initial_state_fw: Any = None, initial_state_bw: Any = None,
                             dtype: Any = None, sequence_length: Any = None,
                             scope: Any = None) -> Any:
    """``(outputs, state_fw, state_bw)``; each output is ``concat([fw, bw], 1)``."""
    assert_like_rnncell("cell_fw", cell_fw)
    assert_like_rnncell("cell_bw", cell_bw)
    _check_inputs(inputs)
    with tf.variable_scope(scope or "bidirectional_rnn"):
        with tf.variable_scope("fw") as fw_scope:
            output_fw, state_fw = static_rnn(cell_fw, inputs, initial_state_fw, dtype,
                                             sequence_length, scope=fw_scope)
        with tf.variable_scope("bw") as bw_scope:
            backward, state_bw = static_rnn(cell_bw, _reverse_seq(inputs, sequence_length),
                                            initial_state_bw, dtype, sequence_length,
                                            scope=bw_scope)
    output_bw = _reverse_seq(backward, sequence_length)
    outputs = [nest.pack_sequence_as(fw, [tf.concat([a, b], 1) for a, b in
                                          zip(nest.flatten(fw), nest.flatten(bw))])
               for fw, bw in zip(output_fw, output_bw)]
    return outputs, state_fw, state_bw


def stack_bidirectional_rnn(cells_fw: list, cells_bw: list, inputs: list,
                            initial_states_fw: Any = None, initial_states_bw: Any = None,
                            dtype: Any = None, sequence_length: Any = None,
                            scope: Any = None) -> Any:
    """``tf.contrib.rnn.stack_bidirectional_rnn``: layer ``i`` is a ``static_bidirectional_rnn``
    given ``stack_bidirectional_rnn/cell_<i>`` itself as its scope (so, unlike the dynamic
    version, ``.../cell_0/fw/lstm_cell/kernel``). Returns ``(outputs, states_fw, states_bw)``."""
    check_stacked_cells(cells_fw, cells_bw, initial_states_fw, initial_states_bw)
    _check_inputs(inputs)
    states_fw, states_bw, layer = [], [], inputs
    with tf.variable_scope(scope or "stack_bidirectional_rnn"):
        for i, (cell_fw, cell_bw) in enumerate(zip(cells_fw, cells_bw)):
            with tf.variable_scope(f"cell_{i}") as cell_scope:
                layer, state_fw, state_bw = static_bidirectional_rnn(
                    cell_fw, cell_bw, layer,
                    initial_state_fw=initial_states_fw[i] if initial_states_fw else None,
                    initial_state_bw=initial_states_bw[i] if initial_states_bw else None,
                    sequence_length=sequence_length, dtype=dtype, scope=cell_scope)
            states_fw.append(state_fw)
            states_bw.append(state_bw)
    return layer, tuple(states_fw), tuple(states_bw)
