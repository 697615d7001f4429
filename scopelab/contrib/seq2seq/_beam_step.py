"""One step of beam search: scores, the ``beam_width`` best continuations, and the beam state
gathered to follow them. Formulas and tie rules of TF 1.15's ``_beam_search_step`` (and of
``_mask_probs``, ``_length_penalty``, ``_get_scores``, ``get_attention_probs``,
``_tensor_gather_helper`` in ``tensorflow/contrib/seq2seq/python/ops/beam_search_decoder.py``,
read, not recorded):

* ``log_probs`` of a step are ``log_softmax(logits)``; a beam finished *before* the step puts all
  its mass on ``end_token`` (0 there, the dtype's lowest float elsewhere), so it can only be
  continued by ``end_token`` and keeps its score.
* ``total = beam log_prob + step log_prob``; a continuation's length is the beam's plus one
  unless the beam had finished or the word is ``end_token``. ``score = total / lp`` with
  ``lp = ((5 + length) / 6) ** length_penalty_weight`` (1 when the weight is statically 0), plus,
  with ``coverage_penalty_weight``, ``weight * sum(log(min(acc, 1)))`` over the memory for beams
  finished before the step (zeros of the accumulated attention count as 1).
* The ``beam_width`` best of the flattened ``[beam * vocab]`` scores win (``top_k``: ties go to
  the lower flat index, i.e. the lower beam, then the lower word); word ``= index % vocab``,
  parent ``= index // vocab``. A chosen continuation is finished if its parent was or the word is
  ``end_token``; its length is the parent's plus one unless the parent had finished.
"""

from __future__ import annotations

import collections
from typing import Any

import numpy as np

import scopelab as tf
from scopelab.ops import nest
from scopelab.ops.shapes import static_value

__all__ = ["BeamSearchDecoderState", "BeamSearchDecoderOutput", "beam_search_step",
           "attention_probs", "gather_beams", "static_int"]


class BeamSearchDecoderState(collections.namedtuple(
        "BeamSearchDecoderState", ("cell_state", "log_probs", "finished", "lengths",
                                   "accumulated_attention_probs"))):
    """The beam search's loop state, every field ``[batch, beam, ...]`` (``lengths`` int64)."""

    __slots__ = ()


class BeamSearchDecoderOutput(collections.namedtuple(
        "BeamSearchDecoderOutput", ("scores", "predicted_ids", "parent_ids"))):
    """One step's ``[batch, beam]`` scores, chosen words and the beams they continue."""

    __slots__ = ()


def static_int(tensor: Any) -> int | None:
    """The value of a scalar known while building (a Python int or a constant-foldable tensor)."""
    if isinstance(tensor, (int, np.integer)):
        return int(tensor)
    value = static_value(tensor)
    return None if value is None else int(value)


def _mask_probs(probs: Any, end_token: Any, finished: Any) -> Any:
    vocab = tf.shape(probs)[2]
    lowest = np.finfo(probs.dtype.np).min
    finished_row = tf.one_hot(end_token, vocab, dtype=probs.dtype,
                              on_value=tf.constant(0.0, probs.dtype), off_value=lowest)
    finished_probs = tf.tile(tf.reshape(finished_row, [1, 1, -1]),
                             tf.concat([tf.shape(finished), [1]], 0))
    finished_mask = tf.tile(tf.expand_dims(finished, 2), tf.stack([1, 1, vocab]))
    return tf.where(finished_mask, finished_probs, probs)


def _length_penalty(lengths: Any, weight: Any) -> Any:
    weight = tf.convert_to_tensor(weight, name="penalty_factor")
    weight.set_shape(())
    known = static_value(weight)
    if known is not None and float(known) == 0:
        return 1.0
    return tf.div((5.0 + tf.cast(lengths, tf.float32)) ** weight, (5.0 + 1.0) ** weight)


def attention_probs(cell_state: Any, coverage_penalty_weight: Any) -> Any:
    """The alignments of the (first level of) attention wrapper states in ``cell_state``,
    averaged over mechanisms and wrappers; None without a coverage penalty."""
    from scopelab.contrib.seq2seq.attention_wrapper import AttentionWrapperState
    if isinstance(coverage_penalty_weight, (int, float)) and coverage_penalty_weight == 0.0:
        return None
    if isinstance(cell_state, AttentionWrapperState):
        states = [cell_state]
    elif isinstance(cell_state, tuple):
        states = [s for s in cell_state if isinstance(s, AttentionWrapperState)]
    else:
        states = []
    if not states:
        raise ValueError("coverage_penalty_weight must be 0.0 if no cell is attentional.\n"
                         "The coverage penalty reads the attention of an AttentionWrapper cell; "
                         "without one, leave coverage_penalty_weight at 0.0.")
    probs = [_mean_alignments(s.alignments) for s in states]
    return probs[0] if len(probs) == 1 else _mean_last(probs)


def _mean_last(tensors: list) -> Any:
    return tf.reduce_mean(tf.concat([tf.expand_dims(t, -1) for t in tensors], -1), -1)


def _mean_alignments(alignments: Any) -> Any:
    return _mean_last(list(alignments)) if isinstance(alignments, tuple) else alignments


def _scores(total: Any, lengths: Any, length_penalty_weight: Any, coverage_penalty_weight: Any,
            finished: Any, accumulated: Any) -> Any:
    penalty = tf.cast(_length_penalty(lengths, length_penalty_weight), total.dtype)
    scores = total / penalty
    weight = tf.convert_to_tensor(coverage_penalty_weight, name="coverage_penalty_weight")
    if weight.shape.ndims != 0:
        raise ValueError(f"coverage_penalty_weight should be a scalar, but saw shape: "
                         f"{weight.shape}")
    known = static_value(weight)
    if known is not None and float(known) == 0.0:
        return scores
    if accumulated is None:
        raise ValueError("accumulated_attention_probs can be None only if coverage penalty is "
                         "disabled.")
    accumulated = tf.where(tf.equal(accumulated, 0.0), tf.ones_like(accumulated), accumulated)
    coverage = tf.reduce_sum(tf.log(tf.minimum(accumulated, 1.0)), 2)
    coverage *= tf.cast(finished, tf.float32)
    return scores + tf.expand_dims(coverage * weight, 2)


def gather_beams(indices: Any, params: Any, batch_size: Any, range_size: Any,
                 gather_shape: list, name: str | None = None) -> Any:
    """``params[b, indices[b, k], ...]`` for every batch entry, through a flat gather (TF's
    ``_tensor_gather_helper``: ``params`` reshaped to ``gather_shape``, rows offset by
    ``b * range_size``; the result has ``params``' first ``1 + len(gather_shape)`` dims)."""
    with tf.name_scope(name, "tensor_gather_helper"):
        offsets = tf.expand_dims(tf.range(batch_size) * range_size, 1)
        flat_indices = tf.reshape(indices + offsets, [-1])
        output = tf.gather(tf.reshape(params, gather_shape), flat_indices)
        final_shape = tf.shape(params)[:1 + len(gather_shape)]
        static_batch = static_int(batch_size)
        output = tf.reshape(output, final_shape, name="output")
        output.set_shape(tf.TensorShape([static_batch]).concatenate(
            params.shape.as_list()[1:1 + len(gather_shape)]))
        return output


def _gather_state(indices: Any, leaf: Any, batch_size: Any, beam_width: int) -> Any:
    from scopelab.contrib.seq2seq._history import AlignmentHistory
    if isinstance(leaf, AlignmentHistory) or leaf.shape.ndims < 2:
        return leaf     # histories and scalars pass (TF: TensorArrays, rank < 2)
    return gather_beams(indices, leaf, batch_size, beam_width,
                        [batch_size * beam_width, -1])


def beam_search_step(logits: Any, next_cell_state: Any, beam_state: BeamSearchDecoderState,
                     batch_size: Any, beam_width: int, end_token: Any,
                     length_penalty_weight: Any, coverage_penalty_weight: Any) -> tuple:
    """``(BeamSearchDecoderOutput, BeamSearchDecoderState)`` after one step."""
    static_batch = static_int(batch_size)
    previously_finished = beam_state.finished
    not_finished = tf.logical_not(previously_finished)
    step_log_probs = _mask_probs(tf.nn.log_softmax(logits), end_token, previously_finished)
    total = tf.expand_dims(beam_state.log_probs, 2) + step_log_probs

    vocab = logits.shape.as_list()[-1] or tf.shape(logits)[-1]
    lengths_to_add = tf.one_hot(tf.fill(tf.stack([batch_size, beam_width]), end_token),
                                depth=vocab, on_value=np.int64(0), off_value=np.int64(1),
                                dtype=tf.int64)
    lengths_to_add *= tf.expand_dims(tf.cast(not_finished, tf.int64), 2)
    new_lengths = lengths_to_add + tf.expand_dims(beam_state.lengths, 2)

    accumulated = None
    probs = attention_probs(next_cell_state, coverage_penalty_weight)
    if probs is not None:
        probs *= tf.expand_dims(tf.cast(not_finished, tf.float32), 2)
        accumulated = beam_state.accumulated_attention_probs + probs

    scores = _scores(total, new_lengths, length_penalty_weight, coverage_penalty_weight,
                     previously_finished, accumulated)
    scores_flat = tf.reshape(scores, tf.stack([batch_size, -1]))
    next_scores, word_indices = tf.nn.top_k(
        scores_flat, k=tf.convert_to_tensor(beam_width, tf.int32, name="beam_width"))
    next_scores.set_shape([static_batch, beam_width])
    word_indices.set_shape([static_batch, beam_width])

    next_probs = gather_beams(word_indices, total, batch_size, beam_width * vocab, [-1],
                              name="next_beam_probs")
    next_word_ids = tf.cast(tf.mod(word_indices, vocab, name="next_beam_word_ids"), tf.int32)
    next_beam_ids = tf.cast(tf.floordiv(word_indices, vocab), tf.int32,
                            name="next_beam_parent_ids")
    parent_finished = gather_beams(next_beam_ids, previously_finished, batch_size, beam_width,
                                   [-1])
    next_finished = tf.logical_or(parent_finished, tf.equal(next_word_ids, end_token),
                                  name="next_beam_finished")
    next_lengths = gather_beams(next_beam_ids, beam_state.lengths, batch_size, beam_width, [-1])
    next_lengths += tf.cast(tf.logical_not(parent_finished), tf.int64)
    next_accumulated: Any = ()
    if accumulated is not None:
        next_accumulated = gather_beams(next_beam_ids, accumulated, batch_size, beam_width,
                                        [batch_size * beam_width, -1],
                                        name="next_accumulated_attention_probs")
    next_cell_state = nest.map_structure(
        lambda leaf: _gather_state(next_beam_ids, leaf, batch_size, beam_width),
        next_cell_state)
    state = BeamSearchDecoderState(cell_state=next_cell_state, log_probs=next_probs,
                                   lengths=next_lengths, finished=next_finished,
                                   accumulated_attention_probs=next_accumulated)
    output = BeamSearchDecoderOutput(scores=next_scores, predicted_ids=next_word_ids,
                                     parent_ids=next_beam_ids)
    return output, state
