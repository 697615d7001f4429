"""Attention for ``tf.contrib.seq2seq``: ``BahdanauAttention``, ``LuongAttention``,
``AttentionWrapper`` and its ``AttentionWrapperState``, ``hardmax``.

Variable names follow TF 1.15's ``tensorflow/contrib/seq2seq/python/ops/attention_wrapper.py``
(read, not recorded: TensorFlow 2 has no ``tf.contrib``):

* A mechanism's ``memory_layer`` (``tf.layers.Dense(num_units, use_bias=False,
  name="memory_layer")``) is applied to the memory in the constructor, so its kernel
  ``memory_layer/kernel`` ``[memory depth, num_units]`` lands in the variable scope where the
  mechanism is *constructed* (``decoder/memory_layer/kernel`` under ``variable_scope("decoder")``).
* Everything else is created at the wrapper's first call (inside ``dynamic_decode``'s ``decoder``
  scope, or the caller's): the wrapper is an ``RNNCell`` named ``attention_wrapper``; inside it the
  wrapped cell (``decoder/attention_wrapper/basic_lstm_cell/kernel``, its input being
  ``[inputs, previous attention]``), then the mechanism under
  ``variable_scope(None, default_name="bahdanau_attention" | "luong_attention")``: Bahdanau's
  ``query_layer/kernel`` ``[query depth, num_units]``, ``attention_v`` ``[num_units]`` and, with
  ``normalize=True``, ``attention_g`` (scalar, ``sqrt(1 / num_units)``) and ``attention_b``
  ``[num_units]`` (zeros); Luong's ``attention_g`` (scalar, 1) with ``scale=True``. Then the
  ``attention_layer/kernel`` ``[cell output + memory depth, attention_layer_size]`` (no bias), one
  ``Dense`` per mechanism (``attention_layer``, ``attention_layer_1``...).
* Scores past ``memory_sequence_length`` are ``-inf`` before the softmax and the memory rows past
  it are zeros.

About 490 lines: the two mechanisms, the wrapper and its state share their naming and masking
rules, which read best in one place.
"""

from __future__ import annotations

import collections
import math
from typing import Any

import numpy as np

import scopelab as tf
from scopelab.contrib.seq2seq._history import AlignmentHistory
from scopelab.graph import created_by
from scopelab.layers._base import Layer
from scopelab.ops import nest
from scopelab.ops.shapes import static_value
from scopelab.rnn.cell_base import RNNCell, assert_like_rnncell, zero_state_tensors

__all__ = ["AttentionMechanism", "BahdanauAttention", "LuongAttention", "AttentionWrapper",
           "AttentionWrapperState", "hardmax"]


class AttentionMechanism:
    """The type ``AttentionWrapper`` accepts (TF1's marker class)."""


def _dim(shape: Any, index: int) -> int | None:
    dims = shape.as_list() if shape.ndims is not None else None
    return None if dims is None else dims[index]


def _prepare_memory(memory: Any, memory_sequence_length: Any, check_inner_dims_defined: bool
                    ) -> Any:
    """The memory as tensors, its rows past each sequence's length set to zeros."""
    memory = nest.map_structure(lambda m: tf.convert_to_tensor(m, name="memory"), memory)
    if check_inner_dims_defined:
        for m in nest.flatten(memory):
            if m.shape.ndims is None or not tf.TensorShape(m.shape.as_list()[2:]).is_fully_defined():
                raise ValueError(
                    f"Expected memory {m.name} to have fully defined inner dims, but saw shape: "
                    f"{m.shape}\nThe memory layer sizes its kernel from the memory depth: give "
                    f"the encoder outputs a static last dimension.")
    if memory_sequence_length is None:
        return memory
    lengths = tf.convert_to_tensor(memory_sequence_length, name="memory_sequence_length")
    first = nest.flatten(memory)[0]
    mask = tf.sequence_mask(lengths, maxlen=tf.shape(first)[1], dtype=first.dtype)

    def masked(m: Any) -> Any:
        extra = m.shape.ndims - 2
        return m * tf.reshape(mask, tf.concat([tf.shape(mask), tf.ones([extra], tf.int32)], 0))

    return nest.map_structure(masked, memory)


def _maybe_mask_score(score: Any, memory_sequence_length: Any, score_mask_value: Any) -> Any:
    if memory_sequence_length is None:
        return score
    message = "All values in memory_sequence_length must be greater than zero."
    with tf.control_dependencies([tf.assert_positive(memory_sequence_length, message=message)]):
        mask = tf.sequence_mask(memory_sequence_length, maxlen=tf.shape(score)[1])
        return tf.where(mask, score, score_mask_value * tf.ones_like(score))


class _BaseAttentionMechanism(AttentionMechanism):
    """Memory, keys (``memory_layer(memory)``), the masked probability function."""

    #: What the views show as the creator of the mechanism's own variables.
    _created_by = "tf.contrib.seq2seq.AttentionMechanism"

    def __init__(self, query_layer: Any, memory: Any, probability_fn: Any,
                 memory_sequence_length: Any = None, memory_layer: Any = None,
                 check_inner_dims_defined: bool = True, score_mask_value: Any = None,
                 custom_key_value_fn: Any = None, name: str | None = None) -> None:
        if query_layer is not None and not isinstance(query_layer, Layer):
            raise TypeError(f"query_layer is not a Layer: {type(query_layer).__name__}")
        if memory_layer is not None and not isinstance(memory_layer, Layer):
            raise TypeError(f"memory_layer is not a Layer: {type(memory_layer).__name__}")
        self._query_layer = query_layer
        self._memory_layer = memory_layer
        self.dtype = memory_layer.dtype
        if not callable(probability_fn):
            raise TypeError(f"probability_fn must be callable, saw type: "
                            f"{type(probability_fn).__name__}")
        if score_mask_value is None:
            score_mask_value = tf.as_dtype(self._memory_layer.dtype).np.type(-np.inf)
        if memory_sequence_length is not None:
            memory_sequence_length = tf.convert_to_tensor(memory_sequence_length)
        self._probability_fn = lambda score, prev: probability_fn(
            _maybe_mask_score(score, memory_sequence_length, score_mask_value), prev)
        with tf.name_scope(name, "BaseAttentionMechanismInit"):
            self._values = _prepare_memory(memory, memory_sequence_length,
                                           check_inner_dims_defined)
            self._keys = self._memory_layer(self._values) if self._memory_layer \
                else self._values
            if custom_key_value_fn is not None:
                self._keys, self._values = custom_key_value_fn(self._keys, self._values)
            self._batch_size = _dim(self._keys.shape, 0) or tf.shape(self._keys)[0]
            self._alignments_size = _dim(self._keys.shape, 1) or tf.shape(self._keys)[1]

    @property
    def memory_layer(self) -> Any:
        return self._memory_layer

    @property
    def query_layer(self) -> Any:
        return self._query_layer

    @property
    def values(self) -> Any:
        return self._values

    @property
    def keys(self) -> Any:
        return self._keys

    @property
    def batch_size(self) -> Any:
        return self._batch_size

    @property
    def alignments_size(self) -> Any:
        return self._alignments_size

    @property
    def state_size(self) -> Any:
        return self._alignments_size

    def initial_alignments(self, batch_size: Any, dtype: Any) -> Any:
        """Zeros ``[batch_size, memory time]`` (the memory time may be known only at run time,
        as TF1's ``_zero_state_tensors`` allows)."""
        if isinstance(self._alignments_size, int):
            return zero_state_tensors(self._alignments_size, batch_size, dtype)
        known = batch_size if isinstance(batch_size, int) else static_value(batch_size)
        static_batch = None if known is None else int(known)
        zeros = tf.zeros(tf.stack([batch_size, self._alignments_size]), dtype=dtype)
        zeros.set_shape([static_batch, None])
        return zeros

    def initial_state(self, batch_size: Any, dtype: Any) -> Any:
        return self.initial_alignments(batch_size, dtype)


def _luong_score(query: Any, keys: Any, scale: Any) -> Any:
    depth, key_units = _dim(query.shape, -1), _dim(keys.shape, -1)
    if depth is not None and key_units is not None and depth != key_units:
        raise ValueError(
            f"Incompatible or unknown inner dimensions between query and keys.  Query "
            f"({query.name}) has units: {depth}.  Keys ({keys.name}) have units: {key_units}.  "
            f"Perhaps you need to set num_units to the keys' dimension ({key_units})?")
    score = tf.squeeze(tf.matmul(tf.expand_dims(query, 1), keys, transpose_b=True), [1])
    return score if scale is None else scale * score


class LuongAttention(_BaseAttentionMechanism):
    """Multiplicative attention: ``score = query . keys`` (times ``attention_g`` with
    ``scale=True``); the query depth must equal ``num_units``."""

    _created_by = "tf.contrib.seq2seq.LuongAttention"

    def __init__(self, num_units: int, memory: Any, memory_sequence_length: Any = None,
                 scale: bool = False, probability_fn: Any = None, score_mask_value: Any = None,
                 dtype: Any = None, custom_key_value_fn: Any = None,
                 name: str = "LuongAttention") -> None:
        probability_fn = probability_fn or tf.nn.softmax
        dtype = dtype or tf.float32
        super().__init__(
            query_layer=None,
            memory_layer=tf.layers.Dense(num_units, name="memory_layer", use_bias=False,
                                         dtype=dtype),
            memory=memory, probability_fn=lambda score, _: probability_fn(score),
            memory_sequence_length=memory_sequence_length, score_mask_value=score_mask_value,
            custom_key_value_fn=custom_key_value_fn, name=name)
        self._num_units = num_units
        self._scale = scale
        self._name = name

    def __call__(self, query: Any, state: Any) -> Any:
        with tf.variable_scope(None, default_name="luong_attention"):
            attention_g = None
            if self._scale:
                with created_by(self._created_by):
                    attention_g = tf.get_variable("attention_g", dtype=query.dtype,
                                                  initializer=tf.ones_initializer(), shape=())
            score = _luong_score(query, self._keys, attention_g)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


def _bahdanau_score(processed_query: Any, keys: Any, attention_v: Any, attention_g: Any = None,
                    attention_b: Any = None) -> Any:
    processed_query = tf.expand_dims(processed_query, 1)
    if attention_g is not None and attention_b is not None:
        normed_v = attention_g * attention_v * tf.rsqrt(tf.reduce_sum(tf.square(attention_v)))
        return tf.reduce_sum(normed_v * tf.tanh(keys + processed_query + attention_b), [2])
    return tf.reduce_sum(attention_v * tf.tanh(keys + processed_query), [2])


class BahdanauAttention(_BaseAttentionMechanism):
    """Additive attention: ``score = v . tanh(keys + query_layer(query))`` (weight-normalised
    ``v`` and a bias with ``normalize=True``)."""

    _created_by = "tf.contrib.seq2seq.BahdanauAttention"

    def __init__(self, num_units: int, memory: Any, memory_sequence_length: Any = None,
                 normalize: bool = False, probability_fn: Any = None,
                 score_mask_value: Any = None, dtype: Any = None,
                 custom_key_value_fn: Any = None, name: str = "BahdanauAttention") -> None:
        probability_fn = probability_fn or tf.nn.softmax
        dtype = dtype or tf.float32
        super().__init__(
            query_layer=tf.layers.Dense(num_units, name="query_layer", use_bias=False,
                                        dtype=dtype),
            memory_layer=tf.layers.Dense(num_units, name="memory_layer", use_bias=False,
                                         dtype=dtype),
            memory=memory, probability_fn=lambda score, _: probability_fn(score),
            custom_key_value_fn=custom_key_value_fn,
            memory_sequence_length=memory_sequence_length, score_mask_value=score_mask_value,
            name=name)
        self._num_units = num_units
        self._normalize = normalize
        self._name = name

    def __call__(self, query: Any, state: Any) -> Any:
        with tf.variable_scope(None, default_name="bahdanau_attention"):
            processed_query = self.query_layer(query) if self.query_layer else query
            with created_by(self._created_by):
                attention_v = tf.get_variable("attention_v", [self._num_units],
                                              dtype=query.dtype)
                attention_g = attention_b = None
                if self._normalize:
                    attention_g = tf.get_variable(
                        "attention_g", dtype=query.dtype, shape=(),
                        initializer=tf.constant_initializer(math.sqrt(1.0 / self._num_units)))
                    attention_b = tf.get_variable("attention_b", [self._num_units],
                                                  dtype=query.dtype,
                                                  initializer=tf.zeros_initializer())
            score = _bahdanau_score(processed_query, self._keys, attention_v, attention_g,
                                    attention_b)
        alignments = self._probability_fn(score, state)
        return alignments, alignments


def hardmax(logits: Any, name: str | None = None) -> Any:
    """One-hot rows at each row's largest logit."""
    with tf.name_scope(name, "Hardmax"):
        logits = tf.convert_to_tensor(logits, name="logits")
        depth = _dim(logits.shape, -1)
        if depth is None:
            depth = tf.shape(logits)[-1]
        return tf.one_hot(tf.argmax(logits, -1), depth, dtype=logits.dtype)


class AttentionWrapperState(collections.namedtuple(
        "AttentionWrapperState", ("cell_state", "attention", "time", "alignments",
                                  "alignment_history", "attention_state"))):
    """The state of an ``AttentionWrapper``; ``clone(cell_state=...)`` replaces fields."""

    __slots__ = ()

    def clone(self, **kwargs: Any) -> AttentionWrapperState:
        """A copy with ``kwargs``' fields replaced; a new tensor must have a shape compatible with
        the one it replaces (``zero_state(...).clone(cell_state=encoder_state)``)."""

        def with_same_shape(old: Any, new: Any) -> Any:
            if tf.is_tensor(old) and tf.is_tensor(new):
                if not old.shape.is_compatible_with(new.shape):
                    raise ValueError(
                        f"Invalid shape for tensor {new.name}, expected {old.shape}, got "
                        f"{new.shape}.\nAttentionWrapperState.clone replaces a field with a "
                        f"tensor of the same shape (an encoder state for cell_state must have "
                        f"the decoder cell's state size and the same batch).")
            return new

        return nest.map_structure(with_same_shape, self, self._replace(**kwargs))


def _concat_inputs(inputs: Any, attention: Any) -> Any:
    return tf.concat([inputs, attention], -1)


def _compute_attention(mechanism: Any, cell_output: Any, attention_state: Any,
                       attention_layer: Any) -> tuple:
    alignments, next_attention_state = mechanism(cell_output, state=attention_state)
    context = tf.squeeze(tf.matmul(tf.expand_dims(alignments, 1), mechanism.values), [1])
    if attention_layer is not None:
        attention = attention_layer(tf.concat([cell_output, context], 1))
    else:
        attention = context
    return attention, alignments, next_attention_state


class AttentionWrapper(RNNCell):
    """``cell`` with attention over one or several mechanisms' memories."""

    _created_by = "tf.contrib.seq2seq.AttentionWrapper"

    def __init__(self, cell: Any, attention_mechanism: Any, attention_layer_size: Any = None,
                 alignment_history: bool = False, cell_input_fn: Any = None,
                 output_attention: bool = True, initial_cell_state: Any = None,
                 name: str | None = None, attention_layer: Any = None,
                 attention_fn: Any = None) -> None:
        super().__init__(name=name)
        assert_like_rnncell("cell", cell)
        if isinstance(attention_mechanism, (list, tuple)):
            self._is_multi = True
            mechanisms = tuple(attention_mechanism)
            for mechanism in mechanisms:
                if not isinstance(mechanism, AttentionMechanism):
                    raise TypeError(f"attention_mechanism must contain only instances of "
                                    f"AttentionMechanism, saw type: {type(mechanism).__name__}")
        else:
            self._is_multi = False
            if not isinstance(attention_mechanism, AttentionMechanism):
                raise TypeError(
                    f"attention_mechanism must be an AttentionMechanism or list of multiple "
                    f"AttentionMechanism instances, saw type: "
                    f"{type(attention_mechanism).__name__}")
            mechanisms = (attention_mechanism,)
        if cell_input_fn is None:
            cell_input_fn = _concat_inputs
        elif not callable(cell_input_fn):
            raise TypeError(f"cell_input_fn must be callable, saw type: "
                            f"{type(cell_input_fn).__name__}")
        if attention_layer_size is not None and attention_layer is not None:
            raise ValueError("Only one of attention_layer_size and attention_layer should be set")
        if attention_layer_size is not None:
            sizes = tuple(attention_layer_size if isinstance(attention_layer_size, (list, tuple))
                          else (attention_layer_size,))
            if len(sizes) != len(mechanisms):
                raise ValueError(f"If provided, attention_layer_size must contain exactly one "
                                 f"integer per attention_mechanism, saw: {len(sizes)} vs "
                                 f"{len(mechanisms)}")
            self._attention_layers: Any = tuple(
                tf.layers.Dense(size, name="attention_layer", use_bias=False,
                                dtype=mechanisms[i].dtype) for i, size in enumerate(sizes))
            self._attention_layer_size = sum(sizes)
        elif attention_layer is not None:
            self._attention_layers = tuple(attention_layer if isinstance(
                attention_layer, (list, tuple)) else (attention_layer,))
            if len(self._attention_layers) != len(mechanisms):
                raise ValueError(f"If provided, attention_layer must contain exactly one layer "
                                 f"per attention_mechanism, saw: {len(self._attention_layers)} "
                                 f"vs {len(mechanisms)}")
            self._attention_layer_size = sum(
                layer.compute_output_shape(
                    [None, cell.output_size + _dim(m.values.shape, -1)]).as_list()[-1]
                for layer, m in zip(self._attention_layers, mechanisms))
        else:
            self._attention_layers = None
            self._attention_layer_size = sum(_dim(m.values.shape, -1) for m in mechanisms)
        self._attention_fn = attention_fn or _compute_attention
        self._cell = cell
        self._attention_mechanisms = mechanisms
        self._cell_input_fn = cell_input_fn
        self._output_attention = output_attention
        self._alignment_history = alignment_history
        with tf.name_scope(name, "AttentionWrapperInit"):
            if initial_cell_state is None:
                self._initial_cell_state = None
            else:
                last = nest.flatten(initial_cell_state)[-1]
                state_batch = _dim(last.shape, 0) or tf.shape(last)[0]
                message = (f"When constructing AttentionWrapper {self._base_name}: Non-matching "
                           f"batch sizes between the memory (encoder output) and "
                           f"initial_cell_state.  Are you using the BeamSearchDecoder?  You may "
                           f"need to tile your initial state via the "
                           f"tf.contrib.seq2seq.tile_batch function with argument "
                           f"multiple=beam_width.")
                with tf.control_dependencies(self._batch_size_checks(state_batch, message)):
                    self._initial_cell_state = nest.map_structure(
                        lambda s: tf.identity(s, name="check_initial_cell_state"),
                        initial_cell_state)

    def _batch_size_checks(self, batch_size: Any, message: str) -> list:
        return [tf.assert_equal(batch_size, m.batch_size, message=message)
                for m in self._attention_mechanisms]

    def _item_or_tuple(self, seq: Any) -> Any:
        items = tuple(seq)
        return items if self._is_multi else items[0]

    @property
    def output_size(self) -> Any:
        return self._attention_layer_size if self._output_attention else self._cell.output_size

    @property
    def state_size(self) -> Any:
        return AttentionWrapperState(
            cell_state=self._cell.state_size, time=tf.TensorShape([]),
            attention=self._attention_layer_size,
            alignments=self._item_or_tuple(m.alignments_size for m in self._attention_mechanisms),
            attention_state=self._item_or_tuple(m.state_size for m in self._attention_mechanisms),
            alignment_history=self._item_or_tuple(
                m.alignments_size if self._alignment_history else ()
                for m in self._attention_mechanisms))

    def zero_state(self, batch_size: Any, dtype: Any) -> AttentionWrapperState:
        """Zeros, with the wrapped cell's zero state (or ``initial_cell_state``), time 0 and, with
        ``alignment_history=True``, empty histories."""
        with tf.name_scope(type(self).__name__ + "ZeroState"):
            if self._initial_cell_state is not None:
                cell_state = self._initial_cell_state
            elif hasattr(self._cell, "get_initial_state"):
                cell_state = self._cell.get_initial_state(batch_size=batch_size, dtype=dtype)
            else:
                cell_state = self._cell.zero_state(batch_size, dtype)
            message = (f"When calling zero_state of AttentionWrapper {self._base_name}: "
                       f"Non-matching batch sizes between the memory (encoder output) and the "
                       f"requested batch size.  Are you using the BeamSearchDecoder?  If so, make "
                       f"sure your encoder output has been tiled to beam_width via "
                       f"tf.contrib.seq2seq.tile_batch, and the batch_size= argument passed to "
                       f"zero_state is batch_size * beam_width.")
            with tf.control_dependencies(self._batch_size_checks(batch_size, message)):
                cell_state = nest.map_structure(
                    lambda s: tf.identity(s, name="checked_cell_state"), cell_state)
            initial_alignments = [m.initial_alignments(batch_size, dtype)
                                  for m in self._attention_mechanisms]
            return AttentionWrapperState(
                cell_state=cell_state, time=tf.zeros([], dtype=tf.int32),
                attention=zero_state_tensors(self._attention_layer_size, batch_size, dtype),
                alignments=self._item_or_tuple(initial_alignments),
                attention_state=self._item_or_tuple(
                    m.initial_state(batch_size, dtype) for m in self._attention_mechanisms),
                alignment_history=self._item_or_tuple(
                    AlignmentHistory(dtype, alignment.shape) if self._alignment_history else ()
                    for alignment in initial_alignments))

    def call(self, inputs: Any, state: Any) -> Any:
        if not isinstance(state, AttentionWrapperState):
            raise TypeError(f"Expected state to be instance of AttentionWrapperState. Received "
                            f"type {type(state)} instead.\nStart from "
                            f"cell.zero_state(batch_size, dtype) (and .clone(cell_state=...)).")
        cell_inputs = self._cell_input_fn(inputs, state.attention)
        cell_output, next_cell_state = self._cell(cell_inputs, state.cell_state)
        cell_batch = _dim(cell_output.shape, 0) or tf.shape(cell_output)[0]
        message = (f"When applying AttentionWrapper {self.name}: Non-matching batch sizes "
                   f"between the memory (encoder output) and the query (decoder output).  Are you "
                   f"using the BeamSearchDecoder?  You may need to tile your memory input via the "
                   f"tf.contrib.seq2seq.tile_batch function with argument multiple=beam_width.")
        with tf.control_dependencies(self._batch_size_checks(cell_batch, message)):
            cell_output = tf.identity(cell_output, name="checked_cell_output")
        if self._is_multi:
            attention_states, histories = state.attention_state, state.alignment_history
        else:
            attention_states, histories = [state.attention_state], [state.alignment_history]
        alignments_all, attentions, next_attention_states, next_histories = [], [], [], []
        for i, mechanism in enumerate(self._attention_mechanisms):
            with created_by(mechanism._created_by):
                attention, alignments, next_attention_state = self._attention_fn(
                    mechanism, cell_output, attention_states[i],
                    self._attention_layers[i] if self._attention_layers else None)
            history = histories[i].write(state.time, alignments) \
                if self._alignment_history else ()
            next_attention_states.append(next_attention_state)
            alignments_all.append(alignments)
            attentions.append(attention)
            next_histories.append(history)
        attention = tf.concat(attentions, 1)
        next_state = AttentionWrapperState(
            time=state.time + 1, cell_state=next_cell_state, attention=attention,
            attention_state=self._item_or_tuple(next_attention_states),
            alignments=self._item_or_tuple(alignments_all),
            alignment_history=self._item_or_tuple(next_histories))
        return (attention if self._output_attention else cell_output), next_state
