"""``tf.contrib.rnn``: TF1 re-exported its core RNN cells here, and so does scopelab, with contrib's
own ``LSTMBlockCell`` and the stacked bidirectional loops.

Each name is the object of the same name in ``scopelab.rnn`` (``tf.nn.rnn_cell``), so
``tf.contrib.rnn.LSTMCell is tf.nn.rnn_cell.LSTMCell``. As in TF1, the dynamic loops are not here:
``dynamic_rnn`` and ``bidirectional_dynamic_rnn`` are ``tf.nn``'s.
"""

import importlib

__all__ = ["RNNCell", "LSTMStateTuple", "BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell",
           "MultiRNNCell", "DropoutWrapper", "ResidualWrapper", "DeviceWrapper", "static_rnn",
           "static_bidirectional_rnn", "LSTMBlockCell", "stack_bidirectional_dynamic_rnn",
           "stack_bidirectional_rnn"]


def __getattr__(name: str):
    if name in __all__:
        return getattr(importlib.import_module("scopelab.rnn"), name)
    where = f"tf.nn.{name}" if name in ("dynamic_rnn", "bidirectional_dynamic_rnn") else "scopelab.rnn"
    raise AttributeError(f"module 'tf.contrib.rnn' has no attribute {name!r}; look in {where}")


def __dir__() -> list:
    return sorted(__all__)
