"""Recurrent networks as TF1 wrote them: ``tf.nn.rnn_cell`` cells and ``tf.nn.dynamic_rnn`` &co.

Model code (layer L6): built only from scopelab's public surface (``variable_scope``,
``get_variable``, ops) plus the op-definition API for the one loop op. ``scopelab.nn`` exposes
these names as ``tf.nn.rnn_cell.*``, ``tf.nn.dynamic_rnn``, ``tf.nn.static_rnn`` ...;
``tf.contrib.rnn`` re-exports them too, with its own extras (``LSTMBlockCell``, the stacked
bidirectional loops) and ``legacy_seq2seq`` for ``tf.contrib.legacy_seq2seq``.
"""

from scopelab.rnn import legacy_seq2seq, rnn_cell
from scopelab.rnn.cell_base import LSTMStateTuple, RNNCell
from scopelab.rnn.cells import BasicLSTMCell, BasicRNNCell, GRUCell, LSTMBlockCell, LSTMCell
from scopelab.rnn.dynamic import (
    bidirectional_dynamic_rnn, dynamic_rnn, stack_bidirectional_dynamic_rnn,
)
from scopelab.rnn.static import stack_bidirectional_rnn, static_bidirectional_rnn, static_rnn
from scopelab.rnn.wrappers import DeviceWrapper, DropoutWrapper, MultiRNNCell, ResidualWrapper

__all__ = [
    "rnn_cell", "legacy_seq2seq", "RNNCell", "LSTMStateTuple", "BasicRNNCell", "BasicLSTMCell",
    "LSTMCell", "GRUCell",
    "MultiRNNCell", "DropoutWrapper", "ResidualWrapper", "DeviceWrapper",
    "dynamic_rnn", "bidirectional_dynamic_rnn", "static_rnn", "static_bidirectional_rnn",
    # tf.contrib.rnn only
    "LSTMBlockCell", "stack_bidirectional_dynamic_rnn", "stack_bidirectional_rnn",
]
