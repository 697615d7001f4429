"""``tf.contrib.seq2seq.gather_tree``: rebuild each beam's full sequence from the per-step ids and
the parent beam each step came from, and ``gather_tree_from_array`` (the same walk applied to an
alignment history).

The rules are TF 1.15's ``GatherTree`` CPU kernel (``tensorflow/contrib/seq2seq/kernels/
beam_search_ops.cc``, read, not recorded; the kernel of ``tfa.seq2seq.gather_tree`` is the same
code, and ``tests/seq2seq/record_beam_search.py`` records it):

* ``step_ids`` and ``parent_ids`` are ``[max_time, batch, beam]`` (int32), ``max_sequence_lengths``
  ``[batch]``, ``end_token`` a scalar. The output starts as ``end_token`` everywhere.
* For batch entry ``b`` only the first ``n = min(max_time, max_sequence_lengths[b])`` steps are
  walked (``n <= 0``: nothing): the last step's id is the beam's own, then each earlier step takes
  the id of the parent the later step points to, following the parents backwards.
* A parent outside ``[0, beam)`` fails with ``InvalidArgumentError`` ("Saw invalid parent id").
  (TF's kernel only rejects ``parent > beam``, so a parent equal to ``beam`` reads past the row;
  scopelab rejects it too.)
* Within the walked steps, every id after the first ``end_token`` becomes ``end_token``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import scopelab as tf
from scopelab.errors import InvalidArgumentError
from scopelab.ops.op_def import building_op, define_op

__all__ = ["gather_tree", "gather_tree_from_array"]


def _rank_error(what: str, want: int, shape: Any) -> ValueError:
    return ValueError(f"Shape must be rank {want} but is rank {shape.ndims} for "
                      f"'{building_op()[0]}' (op: 'GatherTree'): {what} has shape {shape}.")


def _shape(step_ids: Any, parent_ids: Any, lengths: Any, end_token: Any) -> tuple:
    for what, tensor, rank in (("step_ids", step_ids, 3), ("parent_ids", parent_ids, 3),
                               ("max_sequence_lengths", lengths, 1), ("end_token", end_token, 0)):
        if tensor.shape.ndims is not None and tensor.shape.ndims != rank:
            raise _rank_error(what, rank, tensor.shape)
    if not step_ids.shape.is_compatible_with(parent_ids.shape):
        raise ValueError(f"step_ids.shape must match parent_ids.shape.  but shapes are: "
                         f"{step_ids.shape} and {parent_ids.shape}")
    shape = step_ids.shape.merge_with(parent_ids.shape)
    if shape.ndims is not None and lengths.shape.ndims is not None:
        batch, lengths_batch = shape.as_list()[1], lengths.shape.as_list()[0]
        if batch is not None and lengths_batch is not None and batch != lengths_batch:
            raise ValueError(f"batch size dimensions step_ids.shape[1] and "
                             f"max_sequence_lengths.shape[0] must match.  but shapes are: "
                             f"{shape} and {lengths.shape}")
    return tf.int32, shape


def _check_values(step_ids: np.ndarray, parent_ids: np.ndarray, lengths: np.ndarray,
                  end_token: np.ndarray) -> None:
    if step_ids.ndim != 3:
        raise InvalidArgumentError(f"step_ids must be a 3-tensor, saw shape: {step_ids.shape}")
    if lengths.ndim != 1:
        raise InvalidArgumentError(f"max_sequence_lengths must be a vector, saw shape: "
                                   f"{lengths.shape}")
    if end_token.ndim != 0:
        raise InvalidArgumentError(f"end_token must be a scalar, saw shape: {end_token.shape}")
    if step_ids.shape != parent_ids.shape:
        raise InvalidArgumentError(f"step_ids.shape must match parent_ids.shape.  but shapes are: "
                                   f"{step_ids.shape} and {parent_ids.shape}")
    if step_ids.shape[1] != lengths.shape[0]:
        raise InvalidArgumentError(f"batch size dimensions step_ids.shape[1] and "
                                   f"max_sequence_lengths.shape[0] must match.  but shapes are: "
                                   f"{step_ids.shape} and {lengths.shape}")


def _compute(step_ids: np.ndarray, parent_ids: np.ndarray, lengths: np.ndarray,
             end_token: np.ndarray) -> np.ndarray:
    _check_values(step_ids, parent_ids, lengths, end_token)
    max_time, batch, beam = step_ids.shape
    end = np.int32(end_token)
    beams = np.full(step_ids.shape, end, np.int32)
    columns = np.arange(beam)
    for b in range(batch):
        steps = min(max_time, int(lengths[b]))
        if steps <= 0:
            continue
        beams[steps - 1, b] = step_ids[steps - 1, b]
        parent = parent_ids[steps - 1, b].astype(np.int64)
        for level in range(steps - 2, -1, -1):
            bad = (parent < 0) | (parent >= beam)
            if bad.any():
                k = int(columns[bad][0])
                raise InvalidArgumentError(
                    f"Saw invalid parent id {int(parent[k])} at (batch, time, beam) == ({b}, "
                    f"{level}, {k})\nParent ids index the beams of the step before: each must "
                    f"be in [0, beam_width={beam}).")
            beams[level, b] = step_ids[level, b, parent]
            parent = parent_ids[level, b, parent].astype(np.int64)
        # past the first end_token of the walked steps, only end_token
        ended = np.cumsum(beams[:steps, b] == end, axis=0) > 0
        after_end = np.zeros_like(ended)
        after_end[1:] = ended[:-1]
        beams[:steps, b][after_end] = end
    return beams


_GATHER_TREE = define_op("GatherTree", ("step_ids:int32", "parent_ids:int32",
                                        "max_sequence_lengths:int32", "end_token:int32"),
                         _shape, _compute)


def gather_tree(step_ids: Any, parent_ids: Any, max_sequence_lengths: Any, end_token: Any,
                name: str | None = None) -> Any:
    """``[max_time, batch, beam]`` int32: every beam's ids, traced back through ``parent_ids``."""
    return _GATHER_TREE(step_ids, parent_ids, max_sequence_lengths, end_token, name=name)


def gather_tree_from_array(t: Any, parent_ids: Any, sequence_length: Any) -> Any:
    """``t`` (a stacked history ``[max_time, batch * beam, ...]`` or ``[max_time, batch, beam,
    ...]``) with each step's beams put in the order of the final beams (TF 1.15's rule: the beam
    indices are walked with ``gather_tree``; steps past a beam's length keep their own beam)."""
    shape = tf.shape(parent_ids)
    max_time, batch, beam = shape[0], shape[1], shape[2]
    beam_ids = tf.tile(tf.reshape(tf.range(beam), [1, 1, -1]), tf.stack([max_time, batch, 1]))
    max_lengths = tf.cast(tf.reduce_max(sequence_length, axis=1), tf.int32)
    sorted_ids = gather_tree(beam_ids, parent_ids, max_lengths, beam + 1)
    in_bound = tf.transpose(tf.sequence_mask(sequence_length, maxlen=max_time), [2, 0, 1])
    sorted_ids = tf.where(in_bound, sorted_ids, beam_ids)
    final_shape = tf.shape(t)
    gather_from = tf.reshape(t, tf.stack([max_time, batch, beam, -1]))
    ordered = tf.batch_gather(gather_from, sorted_ids)
    return tf.reshape(ordered, final_shape)
