"""The ``TensorArray`` of ``AttentionWrapper``'s ``alignment_history`` (and of nothing else).

TF1 keeps one alignment matrix per decoding step in a ``TensorArray`` inside the decoder state:
``zero_state`` makes an empty one, each step ``write``s the step's alignments at ``state.time``, and
the user calls ``final_state.alignment_history.stack()`` for a ``[time, batch, memory_time]``
tensor. scopelab has no general ``TensorArray``; this object plays that part for the decode loop
(``_decode_loop``): a step's ``write`` records the tensor written, the loop collects one value per
step, and the final state's history ``stack()``s the loop's collected output.
"""

from __future__ import annotations

from typing import Any

import scopelab as tf

__all__ = ["AlignmentHistory"]


class AlignmentHistory:
    """An append-only history of same-shaped tensors: empty, written once in a step, or stacked."""

    def __init__(self, dtype: Any, element_shape: Any, written: Any = None,
                 stacked: Any = None) -> None:
        self.dtype = tf.as_dtype(dtype)
        self.element_shape = tf.TensorShape(element_shape)
        self.written = written       # the tensor one decoding step wrote (inside the loop)
        self.stacked = stacked       # [time, ...]: what the decode loop collected

    def write(self, index: Any, value: Any, name: str | None = None) -> AlignmentHistory:
        """A history holding ``value`` as this step's entry (steps write in order, as
        ``AttentionWrapper`` does at ``state.time``)."""
        if self.written is not None:
            raise ValueError("This alignment history was already written in this step; each "
                             "decoding step writes one entry.")
        value = tf.convert_to_tensor(value, dtype=self.dtype)
        if not self.element_shape.is_compatible_with(value.shape):
            raise ValueError(f"Could not write to TensorArray: element shape {self.element_shape} "
                             f"and the value's shape {value.shape} are not compatible.")
        return AlignmentHistory(self.dtype, self.element_shape.merge_with(value.shape), value)

    def stack(self, name: str | None = None) -> Any:
        """``[steps, ...]``: every step's entry, in order."""
        if self.stacked is not None:
            return tf.identity(self.stacked, name=name or "TensorArrayStack")
        if self.written is not None:
            raise ValueError("An alignment history is stacked after decoding: call stack() on "
                             "the final state that dynamic_decode returns, not inside a step.")
        dims = self.element_shape.as_list() if self.element_shape.ndims is not None else None
        if dims is None or any(d is None for d in dims):
            raise ValueError(
                f"Cannot stack an empty alignment history whose element shape {self.element_shape}"
                f" is not fully known; decode first (dynamic_decode) and stack the final state's "
                f"history.")
        return tf.zeros([0] + dims, dtype=self.dtype, name=name or "TensorArrayStack")

    def size(self, name: str | None = None) -> Any:
        if self.stacked is not None:
            return tf.shape(self.stacked, name=name)[0]
        return tf.constant(0 if self.written is None else 1, tf.int32, name=name)

    def read(self, index: Any, name: str | None = None) -> Any:
        return tf.gather(self.stack(), index, name=name)

    def __repr__(self) -> str:
        return f"<tf.TensorArray (alignment history) dtype={self.dtype.name} " \
               f"element_shape={self.element_shape}>"
