"""``tf.contrib.legacy_seq2seq``: the decoder loop and sequence losses TF1 language models use
(``rnn_decoder``, ``sequence_loss_by_example``, ``sequence_loss``), defined in
:mod:`scopelab.rnn.legacy_seq2seq`."""

from scopelab.rnn.legacy_seq2seq import rnn_decoder, sequence_loss, sequence_loss_by_example

__all__ = ["rnn_decoder", "sequence_loss", "sequence_loss_by_example"]
