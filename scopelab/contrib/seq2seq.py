"""``tf.contrib.seq2seq``: ``sequence_loss`` over ``[batch, time, classes]`` logits, defined in
:mod:`scopelab.rnn.legacy_seq2seq` (as ``seq2seq_sequence_loss``)."""

from scopelab.rnn.legacy_seq2seq import seq2seq_sequence_loss as sequence_loss

__all__ = ["sequence_loss"]
