"""``tf.contrib.seq2seq.tile_batch``: repeat every batch entry ``multiplier`` times in place
(``[a, b] -> [a, a, b, b]``), as beam search needs its memory and initial state (TF 1.15's
``beam_search_decoder.py``, read, not recorded). It creates no variable."""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.ops import nest

__all__ = ["tile_batch"]


def _tile_one(t: Any, multiplier: int) -> Any:
    t = tf.convert_to_tensor(t, name="t")
    rank = t.shape.ndims
    if rank is None or rank < 1:
        raise ValueError("t must have statically known rank\ntile_batch repeats the batch "
                         "(first) dimension, so the tensor needs at least one known dimension.")
    shape_t = tf.shape(t)
    tiling = [1] * (rank + 1)
    tiling[1] = multiplier
    batch = t.shape.as_list()[0]
    tiled = tf.tile(tf.expand_dims(t, 1), tiling)
    tiled = tf.reshape(tiled, tf.concat(([shape_t[0] * multiplier], shape_t[1:]), 0))
    tiled.set_shape([None if batch is None else batch * multiplier] + t.shape.as_list()[1:])
    return tiled


def tile_batch(t: Any, multiplier: int, name: str | None = None) -> Any:
    """Every tensor of the (nested) ``t`` with each batch entry repeated ``multiplier`` times."""
    with tf.name_scope(name, "tile_batch"):
        return nest.map_structure(lambda x: _tile_one(x, multiplier), t)
