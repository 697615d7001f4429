"""``tf.contrib.seq2seq.Decoder`` and ``dynamic_decode``.

Names follow TF 1.15's ``tensorflow/contrib/seq2seq/python/ops/decoder.py`` (read, not recorded:
TensorFlow 2 has no ``tf.contrib`` to record from): ``dynamic_decode`` opens
``variable_scope(scope, default_name="decoder")`` and builds the decoder's step once inside it, so
whatever the step creates for the first time lands under ``decoder/`` (a cell wrapped by
``AttentionWrapper``: ``decoder/attention_wrapper/basic_lstm_cell/kernel``; an output layer
``tf.layers.Dense``: ``decoder/dense/kernel``). A cell or layer object that was already built keeps
its variables wherever it is called again (a training and an inference decoder share them).
A second ``dynamic_decode`` without ``scope`` in the same enclosing scope opens ``decoder_1``.
"""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.contrib.seq2seq._decode_loop import build_decode_step, run_decode_loop
from scopelab.contrib.seq2seq._history import AlignmentHistory
from scopelab.ops import nest
from scopelab.ops.shapes import static_value
from scopelab.rnn.dynamic import explained_sharing
from scopelab.train._atomic import all_or_nothing

__all__ = ["Decoder", "dynamic_decode", "rnn_output_size"]


class Decoder:
    """The interface ``dynamic_decode`` drives: ``initialize()`` once, ``step()`` per time step
    (built once), ``finalize()`` after the loop (optional)."""

    @property
    def batch_size(self) -> Any:
        raise NotImplementedError

    @property
    def output_size(self) -> Any:
        raise NotImplementedError

    @property
    def output_dtype(self) -> Any:
        raise NotImplementedError

    def initialize(self, name: str | None = None) -> Any:
        """``(finished, initial_inputs, initial_state)``."""
        raise NotImplementedError

    def step(self, time: Any, inputs: Any, state: Any, name: str | None = None) -> Any:
        """``(outputs, next_state, next_inputs, finished)``."""
        raise NotImplementedError

    def finalize(self, outputs: Any, final_state: Any, sequence_lengths: Any) -> Any:
        raise NotImplementedError

    @property
    def tracks_own_finished(self) -> bool:
        return False


def rnn_output_size(cell: Any, output_layer: Any) -> Any:
    """The per-step output size a decoder reports: the cell's, or what ``output_layer`` makes of
    it (its ``compute_output_shape`` on ``[None] + size``, without the batch dimension)."""
    size = cell.output_size
    if output_layer is None:
        return size
    with_batch = nest.map_structure(
        lambda s: tf.TensorShape([None]).concatenate(tf.TensorShape(s)), size)
    layer_shape = output_layer.compute_output_shape(with_batch)
    return nest.map_structure(lambda s: tf.TensorShape(s.as_list()[1:]), layer_shape)


def _transpose_batch_time(x: Any) -> Any:
    rank = x.shape.ndims
    if rank is not None and rank < 2:
        return x
    if rank is None:
        raise ValueError(f"Cannot transpose {x.name} between time and batch major: its rank is "
                         f"unknown.")
    return tf.transpose(x, [1, 0] + list(range(2, rank)))


def _static_batch(batch_size: Any) -> int | None:
    if isinstance(batch_size, int):
        return batch_size
    if tf.is_tensor(batch_size):
        value = static_value(batch_size) if getattr(batch_size, "is_symbolic", True) \
            else batch_size
        if value is not None:
            return int(value)
    return None


def dynamic_decode(decoder: Any, output_time_major: bool = False, impute_finished: bool = False,
                   maximum_iterations: Any = None, parallel_iterations: int = 32,
                   swap_memory: bool = False, scope: Any = None, **kwargs: Any) -> Any:
    """Run ``decoder`` until every sequence is finished (or ``maximum_iterations`` steps):
    ``(final_outputs, final_state, final_sequence_lengths)``.

    ``final_outputs`` is the decoder's output structure (``BasicDecoderOutput(rnn_output,
    sample_id)``) stacked over time: ``[batch, time, ...]``, or ``[time, batch, ...]`` with
    ``output_time_major=True``; the time dimension is unknown until run (TF1's ``TensorArray``).
    """
    if not isinstance(decoder, Decoder):
        raise TypeError(f"Expected decoder to be type Decoder, but saw: {type(decoder)}\n"
                        f"Pass a tf.contrib.seq2seq.BasicDecoder (or BeamSearchDecoder).")
    with tf.variable_scope(scope, default_name="decoder"):
        if maximum_iterations is not None:
            maximum_iterations = tf.convert_to_tensor(maximum_iterations, dtype=tf.int32,
                                                      name="maximum_iterations")
            if maximum_iterations.shape.ndims != 0:
                raise ValueError("maximum_iterations must be a scalar")
        initial_finished, initial_inputs, initial_state = decoder.initialize()
        initial_finished = tf.convert_to_tensor(initial_finished, dtype=tf.bool)
        if maximum_iterations is not None:
            initial_finished = tf.logical_or(initial_finished, 0 >= maximum_iterations)
        flat_inputs = [tf.convert_to_tensor(x) for x in nest.flatten(initial_inputs)]
        flat_state = [s if isinstance(s, AlignmentHistory) else tf.convert_to_tensor(s)
                      for s in nest.flatten(initial_state)]
        structures: list[Any] = []

        def step(time: Any, step_inputs: list, step_state: list) -> tuple:
            packed_inputs = nest.pack_sequence_as(initial_inputs, step_inputs)
            packed_state = nest.pack_sequence_as(initial_state, step_state)
            outputs, next_state, next_inputs, finished = decoder.step(
                time, packed_inputs, packed_state)
            nest.assert_same_structure(initial_state, next_state)
            nest.assert_same_structure(initial_inputs, next_inputs)
            structures.append(outputs)
            return (nest.flatten(outputs), nest.flatten(next_state), nest.flatten(next_inputs),
                    finished)

        with all_or_nothing(), tf.name_scope("while"), explained_sharing("dynamic_decode"):
            decode_step, step_state = build_decode_step(step, flat_inputs, flat_state)
        outputs, final_tensors, lengths, histories = run_decode_loop(
            decode_step, initial_finished, flat_inputs,
            [s for s in flat_state if not isinstance(s, AlignmentHistory)], maximum_iterations,
            batch=_static_batch(decoder.batch_size), impute_finished=impute_finished,
            tracks_own_finished=decoder.tracks_own_finished)
        final_flat, tensors, stacks = [], iter(final_tensors), iter(histories)
        for leaf, stepped in zip(flat_state, step_state):
            if isinstance(leaf, AlignmentHistory):
                final_flat.append(AlignmentHistory(leaf.dtype, stepped.element_shape,
                                             stacked=next(stacks)))
            else:
                final_flat.append(next(tensors))
        final_state = nest.pack_sequence_as(initial_state, final_flat)
        final_outputs = nest.pack_sequence_as(structures[0], outputs)
        try:
            final_outputs, final_state = decoder.finalize(final_outputs, final_state, lengths)
        except NotImplementedError:
            pass
        if not output_time_major:
            final_outputs = nest.map_structure(_transpose_batch_time, final_outputs)
    return final_outputs, final_state, lengths
