"""``tf.contrib.seq2seq.BeamSearchDecoder`` and ``FinalBeamSearchDecoderOutput``.

As TF 1.15's ``tensorflow/contrib/seq2seq/python/ops/beam_search_decoder.py`` (read, not recorded;
the numbers are checked against ``tfa.seq2seq.BeamSearchDecoder``, which keeps the same step):

* The cell runs on ``batch * beam`` rows: the initial state must be tiled (``tile_batch``) and is
  split to ``[batch, beam, ...]``; each step merges the state back, calls the cell, splits the
  outputs and the new state, then applies ``output_layer`` to the ``[batch, beam, depth]``
  outputs. Like ``BasicDecoder`` the decoder creates no variable: the cell's and the layer's are
  made at their first call inside ``dynamic_decode``'s ``decoder`` scope (``decoder/dense/kernel``).
* Only beam 0 is live at the start (the others start finished with log probability ``-inf``), so
  the first step expands one hypothesis per batch entry. The beam math is in ``_beam_step.py``.
* The decoder tracks its own finished flags (beams are reordered every step); ``dynamic_decode``'s
  third result is its usual ``time + 1`` per still-running flag, while ``final_state.lengths``
  holds each beam's own length.
* ``finalize`` runs ``gather_tree`` over the stacked ids with the longest beam of each batch entry
  and ``end_token``: ``FinalBeamSearchDecoderOutput.predicted_ids`` is ``[batch, time, beam]``
  (best beam first). With ``reorder_tensor_arrays`` an alignment history whose elements TF's rule
  accepts is reordered and stacked too (TF 1.15 accepts ``[batch * beam, s]`` elements only when the
  batch is not known while building; otherwise the history is left as it is).
"""

from __future__ import annotations

import collections
from typing import Any

import numpy as np

import scopelab as tf
from scopelab.contrib.seq2seq._beam_step import (BeamSearchDecoderOutput, BeamSearchDecoderState,
                                                 attention_probs, beam_search_step, static_int)
from scopelab.contrib.seq2seq._history import AlignmentHistory
from scopelab.contrib.seq2seq.decoder import Decoder, rnn_output_size
from scopelab.contrib.seq2seq.gather_tree import gather_tree, gather_tree_from_array
from scopelab.layers._base import Layer
from scopelab.ops import nest
from scopelab.rnn.cell_base import assert_like_rnncell

__all__ = ["BeamSearchDecoder", "BeamSearchDecoderState", "BeamSearchDecoderOutput",
           "FinalBeamSearchDecoderOutput"]


class FinalBeamSearchDecoderOutput(collections.namedtuple(
        "FinalBeamDecoderOutput", ("predicted_ids", "beam_search_decoder_output"))):
    """``predicted_ids`` ``[batch, time, beam]`` (every beam traced back through its parents) and
    the per-step ``BeamSearchDecoderOutput``."""

    __slots__ = ()


def _depth(size: Any) -> Any:
    return tf.TensorShape(size) if not tf.is_tensor(size) else tf.TensorShape(None)


class BeamSearchDecoder(Decoder):
    """Beam search over ``cell`` from ``initial_state`` (tiled to ``batch * beam_width`` rows)."""

    def __init__(self, cell: Any, embedding: Any, start_tokens: Any, end_token: Any,
                 initial_state: Any, beam_width: int, output_layer: Any = None,
                 length_penalty_weight: Any = 0.0, coverage_penalty_weight: Any = 0.0,
                 reorder_tensor_arrays: bool = True) -> None:
        assert_like_rnncell("cell", cell)
        if output_layer is not None and not isinstance(output_layer, Layer):
            raise TypeError(f"output_layer must be a Layer, received: {type(output_layer)}\n"
                            f"Pass a layer object such as tf.layers.Dense(vocab_size), not the "
                            f"function tf.layers.dense.")
        if isinstance(beam_width, bool) or not isinstance(beam_width, (int, np.integer)) \
                or beam_width < 1:
            raise ValueError(f"beam_width must be a Python integer >= 1, got {beam_width!r}.\n"
                             f"It is the number of hypotheses kept per batch entry (1 is greedy "
                             f"decoding); tile the encoder outputs and state with "
                             f"tf.contrib.seq2seq.tile_batch(t, multiplier=beam_width).")
        self._cell = cell
        self._output_layer = output_layer
        self._reorder_tensor_arrays = reorder_tensor_arrays
        self._beam_width = int(beam_width)
        self._length_penalty_weight = length_penalty_weight
        self._coverage_penalty_weight = coverage_penalty_weight
        if callable(embedding):
            self._embedding_fn = embedding
        else:
            self._embedding_fn = lambda ids: tf.nn.embedding_lookup(embedding, ids)
        start_tokens = tf.convert_to_tensor(start_tokens, dtype=tf.int32, name="start_tokens")
        if start_tokens.shape.ndims != 1:
            raise ValueError(f"start_tokens must be a vector\nGive one start token per batch "
                             f"entry (not per beam), e.g. tf.fill([batch_size], sos_id); got "
                             f"shape {start_tokens.shape}.")
        self._end_token = tf.convert_to_tensor(end_token, dtype=tf.int32, name="end_token")
        if self._end_token.shape.ndims != 0:
            raise ValueError(f"end_token must be a scalar\nGive the one id that ends a "
                             f"sequence; got shape {self._end_token.shape}.")
        self._batch_size = tf.size(start_tokens)
        self._initial_cell_state = nest.map_structure(
            self._maybe_split_batch_beams, initial_state, self._cell.state_size)
        self._start_tokens = tf.tile(tf.expand_dims(start_tokens, 1), [1, self._beam_width])
        self._start_inputs = self._embedding_fn(self._start_tokens)
        self._finished = tf.one_hot(tf.zeros(tf.stack([self._batch_size]), dtype=tf.int32),
                                    depth=self._beam_width, on_value=False, off_value=True,
                                    dtype=tf.bool)

    # --- Decoder interface ----------------------------------------------------------------------
    @property
    def batch_size(self) -> Any:
        return self._batch_size

    @property
    def tracks_own_finished(self) -> bool:
        return True

    def _rnn_output_size(self) -> Any:
        return rnn_output_size(self._cell, self._output_layer)

    @property
    def output_size(self) -> BeamSearchDecoderOutput:
        beams = tf.TensorShape([self._beam_width])
        return BeamSearchDecoderOutput(scores=beams, predicted_ids=beams, parent_ids=beams)

    @property
    def output_dtype(self) -> BeamSearchDecoderOutput:
        dtype = self._state_dtype()
        return BeamSearchDecoderOutput(
            scores=nest.map_structure(lambda _: dtype, self._rnn_output_size()),
            predicted_ids=tf.int32, parent_ids=tf.int32)

    def _state_dtype(self) -> Any:
        return nest.flatten(self._initial_cell_state)[0].dtype

    def initialize(self, name: str | None = None) -> tuple:
        dtype = self._state_dtype()
        log_probs = tf.one_hot(tf.zeros(tf.stack([self._batch_size]), dtype=tf.int32),
                               depth=self._beam_width, on_value=tf.constant(0.0, dtype),
                               off_value=tf.constant(-np.inf, dtype), dtype=dtype)
        accumulated = attention_probs(self._initial_cell_state, self._coverage_penalty_weight)
        state = BeamSearchDecoderState(
            cell_state=self._initial_cell_state, log_probs=log_probs, finished=self._finished,
            lengths=tf.zeros(tf.stack([self._batch_size, self._beam_width]), dtype=tf.int64),
            accumulated_attention_probs=() if accumulated is None else accumulated)
        return self._finished, self._start_inputs, state

    def step(self, time: Any, inputs: Any, state: Any, name: str | None = None) -> tuple:
        with tf.name_scope(name, "BeamSearchDecoderStep"):
            inputs = nest.map_structure(
                lambda x: self._merge_batch_beams(x, x.shape.as_list()[2:]), inputs)
            cell_state = nest.map_structure(self._maybe_merge_batch_beams, state.cell_state,
                                            self._cell.state_size)
            cell_outputs, next_cell_state = self._cell(inputs, cell_state)
            cell_outputs = nest.map_structure(
                lambda out: self._split_batch_beams(out, out.shape.as_list()[1:]), cell_outputs)
            next_cell_state = nest.map_structure(self._maybe_split_batch_beams, next_cell_state,
                                                 self._cell.state_size)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            output, next_state = beam_search_step(
                cell_outputs, next_cell_state, state, self._batch_size, self._beam_width,
                self._end_token, self._length_penalty_weight, self._coverage_penalty_weight)
            finished = next_state.finished
            next_inputs = tf.cond(tf.reduce_all(finished), lambda: self._start_inputs,
                                  lambda: self._embedding_fn(output.predicted_ids))
        return output, next_state, next_inputs, finished

    def finalize(self, outputs: Any, final_state: Any, sequence_lengths: Any) -> tuple:
        """``gather_tree`` over the stacked ids (``sequence_lengths`` is not used: each beam's
        length is in ``final_state.lengths``)."""
        max_lengths = tf.cast(tf.reduce_max(final_state.lengths, axis=1), tf.int32)
        predicted_ids = gather_tree(outputs.predicted_ids, outputs.parent_ids,
                                    max_sequence_lengths=max_lengths, end_token=self._end_token)
        if self._reorder_tensor_arrays:
            final_state = final_state._replace(cell_state=nest.map_structure(
                lambda t: self._maybe_sort_history(t, outputs.parent_ids, final_state.lengths),
                final_state.cell_state))
        return FinalBeamSearchDecoderOutput(predicted_ids=predicted_ids,
                                            beam_search_decoder_output=outputs), final_state

    # --- batch * beam <-> [batch, beam] ---------------------------------------------------------
    def _static_batch(self) -> int | None:
        return static_int(self._batch_size)

    def _merge_batch_beams(self, t: Any, s: Any) -> Any:
        static_batch = self._static_batch()
        rows = None if static_batch is None else static_batch * self._beam_width
        merged = tf.reshape(t, tf.concat([[self._batch_size * self._beam_width],
                                          tf.shape(t)[2:]], 0))
        merged.set_shape(tf.TensorShape([rows]).concatenate(_depth(s)))
        return merged

    def _split_batch_beams(self, t: Any, s: Any) -> Any:
        static_batch = self._static_batch()
        rows = t.shape.as_list()[0] if t.shape.ndims else None
        expected = tf.TensorShape([static_batch, self._beam_width]).concatenate(_depth(s))
        wrong_rows = rows is not None and (rows % self._beam_width != 0 or (
            static_batch is not None and rows != static_batch * self._beam_width))
        depth_ok = tf.TensorShape(t.shape.as_list()[1:]).is_compatible_with(_depth(s))
        if wrong_rows or not depth_ok:
            raise ValueError(
                f"Unexpected behavior when reshaping between beam width and batch size.  The "
                f"tensor {t.name} has shape {t.shape}.  We expected it to have shape "
                f"(batch_size * beam_width, depth) with (batch_size, beam_width, depth) == "
                f"{expected}.  Perhaps you forgot to create a zero_state with "
                f"batch_size=encoder_batch_size * beam_width?\nTile the encoder state (and "
                f"memory) with tf.contrib.seq2seq.tile_batch(t, multiplier={self._beam_width}).")
        if rows is None or static_batch is None:
            # known only when run: fail there with the same advice (TF: a Reshape error)
            message = (f"Unexpected behavior when reshaping between beam width and batch size: "
                       f"{t.name} must have batch_size * beam_width rows (beam_width="
                       f"{self._beam_width}, batch_size = the number of start tokens). Tile the "
                       f"encoder state with tf.contrib.seq2seq.tile_batch.")
            check = tf.assert_equal(tf.shape(t)[0], self._batch_size * self._beam_width,
                                    message=message)
            with tf.control_dependencies([check]):
                t = tf.identity(t)
        split = tf.reshape(t, tf.concat([tf.stack([self._batch_size, self._beam_width]),
                                         tf.shape(t)[1:]], 0))
        split.set_shape(expected)
        return split

    def _maybe_split_batch_beams(self, t: Any, s: Any) -> Any:
        if isinstance(t, AlignmentHistory):
            return t
        self._check_rank(t)
        return self._split_batch_beams(t, s) if t.shape.ndims >= 1 else t

    def _maybe_merge_batch_beams(self, t: Any, s: Any) -> Any:
        if isinstance(t, AlignmentHistory):
            return t
        self._check_rank(t)
        return self._merge_batch_beams(t, s) if t.shape.ndims >= 2 else t

    @staticmethod
    def _check_rank(t: Any) -> None:
        if t.shape.ndims is None:
            raise ValueError(f"Expected tensor ({t}) to have known rank, but ndims == None.")

    def _maybe_sort_history(self, t: Any, parent_ids: Any, lengths: Any) -> Any:
        if not isinstance(t, AlignmentHistory):
            return t
        shape = t.element_shape
        if shape.ndims is None or shape.ndims < 1 or not self._history_reorderable(shape):
            return t
        return gather_tree_from_array(t.stack(), parent_ids, lengths)

    def _history_reorderable(self, shape: Any) -> bool:
        """TF 1.15's ``_check_static_batch_beam_maybe``, quirk included: with the batch known
        while building, elements ``[batch * beam, s]`` are refused (TF logs a warning)."""
        batch, dims = self._static_batch(), shape.as_list()
        if batch is None or dims[0] is None:
            return True
        beam = self._beam_width
        second = len(dims) >= 2 and dims[1] is not None
        return not (dims[0] != batch * beam or (second and (dims[0] != batch or dims[1] != beam)))
