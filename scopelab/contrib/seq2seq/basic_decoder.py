"""``tf.contrib.seq2seq.BasicDecoder`` and its output ``BasicDecoderOutput(rnn_output, sample_id)``.

As TF 1.15's ``tensorflow/contrib/seq2seq/python/ops/basic_decoder.py`` (read, not recorded): a step
calls the cell, then the optional ``output_layer`` (a ``tf.layers.Layer``, typically
``tf.layers.Dense(vocab, use_bias=False)``), then the helper's ``sample`` and ``next_inputs``. The
decoder creates no variable itself: the cell and the layer create theirs at their first call, which
``dynamic_decode`` makes inside ``variable_scope("decoder")`` (``decoder/dense/kernel``).
"""

from __future__ import annotations

import collections
from typing import Any

import scopelab as tf
from scopelab.contrib.seq2seq.decoder import Decoder, rnn_output_size
from scopelab.contrib.seq2seq.helper import Helper
from scopelab.layers._base import Layer
from scopelab.ops import nest
from scopelab.rnn.cell_base import assert_like_rnncell

__all__ = ["BasicDecoderOutput", "BasicDecoder"]


class BasicDecoderOutput(collections.namedtuple("BasicDecoderOutput",
                                                ("rnn_output", "sample_id"))):
    """One step's (or, stacked, every step's) cell output after the output layer, and sample."""

    __slots__ = ()


class BasicDecoder(Decoder):
    """``cell`` driven by ``helper`` from ``initial_state``, with an optional ``output_layer``."""

    def __init__(self, cell: Any, helper: Any, initial_state: Any,
                 output_layer: Any = None) -> None:
        assert_like_rnncell("cell", cell)
        if not isinstance(helper, Helper):
            raise TypeError(f"helper must be a Helper, received: {type(helper)}")
        if output_layer is not None and not isinstance(output_layer, Layer):
            raise TypeError(f"output_layer must be a Layer, received: {type(output_layer)}\n"
                            f"Pass a layer object such as tf.layers.Dense(vocab_size, "
                            f"use_bias=False), not the function tf.layers.dense.")
        self._cell = cell
        self._helper = helper
        self._initial_state = initial_state
        self._output_layer = output_layer

    @property
    def batch_size(self) -> Any:
        return self._helper.batch_size

    def _rnn_output_size(self) -> Any:
        return rnn_output_size(self._cell, self._output_layer)

    @property
    def output_size(self) -> Any:
        return BasicDecoderOutput(rnn_output=self._rnn_output_size(),
                                  sample_id=self._helper.sample_ids_shape)

    @property
    def output_dtype(self) -> Any:
        dtype = nest.flatten(self._initial_state)[0].dtype
        return BasicDecoderOutput(nest.map_structure(lambda _: dtype, self._rnn_output_size()),
                                  self._helper.sample_ids_dtype)

    def initialize(self, name: str | None = None) -> Any:
        return tuple(self._helper.initialize()) + (self._initial_state,)

    def step(self, time: Any, inputs: Any, state: Any, name: str | None = None) -> Any:
        with tf.name_scope(name, "BasicDecoderStep"):
            cell_outputs, cell_state = self._cell(inputs, state)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            sample_ids = self._helper.sample(time=time, outputs=cell_outputs, state=cell_state)
            finished, next_inputs, next_state = self._helper.next_inputs(
                time=time, outputs=cell_outputs, state=cell_state, sample_ids=sample_ids)
        return BasicDecoderOutput(cell_outputs, sample_ids), next_state, next_inputs, finished
