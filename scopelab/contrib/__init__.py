"""``tf.contrib``: the parts of TF1's contrib that model code used for building variables.

``tf.contrib.layers`` (``scopelab.contrib.layers``), ``tf.contrib.framework`` (``arg_scope`` and
the variable helpers), ``tf.contrib.slim`` (both together, as slim-style networks use them),
``tf.contrib.rnn`` (the RNN cells, ``static_rnn``, ``LSTMBlockCell`` and the stacked bidirectional
loops of ``scopelab.rnn``, under their contrib names), ``tf.contrib.legacy_seq2seq`` and
``tf.contrib.seq2seq`` (helpers, ``BasicDecoder``, ``dynamic_decode``, attention, with
``sequence_loss`` from ``scopelab.rnn.legacy_seq2seq``) and
``tf.contrib.training.HParams`` (``scopelab.train.hparams``). Submodules load on first use.
"""

import importlib

__all__ = ["layers", "framework", "slim", "rnn", "legacy_seq2seq", "seq2seq", "training"]


def __getattr__(name: str):
    if name in __all__:
        return importlib.import_module(f"scopelab.contrib.{name}")
    raise AttributeError(f"module 'tf.contrib' has no attribute {name!r}; scopelab provides "
                         f"tf.contrib.{', tf.contrib.'.join(__all__)}")


def __dir__() -> list:
    return sorted(__all__)
