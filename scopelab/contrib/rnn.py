"""``tf.contrib.rnn``: TF1 re-exported its core RNN cells here, and so does scopelab.

Every name resolves to the object of the same name in ``scopelab.rnn`` (``BasicLSTMCell``,
``LSTMCell``, ``GRUCell``, ``MultiRNNCell``, ``DropoutWrapper``, ``ResidualWrapper``,
``LSTMStateTuple``, ``static_rnn``, ``static_bidirectional_rnn``, ...), so
``tf.contrib.rnn.LSTMCell is tf.nn.rnn_cell.LSTMCell``.
"""

import importlib

__all__ = ["BasicRNNCell", "BasicLSTMCell", "LSTMCell", "GRUCell", "MultiRNNCell", "DropoutWrapper",
           "ResidualWrapper", "DeviceWrapper", "RNNCell", "LSTMStateTuple", "static_rnn",
           "static_bidirectional_rnn", "static_state_saving_rnn", "stack_bidirectional_dynamic_rnn"]


def __getattr__(name: str):
    rnn = importlib.import_module("scopelab.rnn")
    try:
        return getattr(rnn, name)
    except AttributeError:
        raise AttributeError(f"module 'tf.contrib.rnn' has no attribute {name!r} "
                             f"(scopelab's RNN cells live in scopelab.rnn)") from None


def __dir__() -> list:
    return sorted(__all__)
