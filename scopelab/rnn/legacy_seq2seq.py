"""``tf.contrib.legacy_seq2seq`` (the part TF1 language models use) and
``tf.contrib.seq2seq.sequence_loss``.

* ``rnn_decoder(decoder_inputs, initial_state, cell)`` unrolls ``cell`` over a Python list of inputs
  inside ``variable_scope(scope or "rnn_decoder")``, calling ``reuse_variables()`` after the first
  step (char-RNN's ``rnn_decoder/multi_rnn_cell/cell_0/basic_lstm_cell/kernel``); with a
  ``loop_function`` each step after the first reads ``loop_function(previous output, i)`` instead,
  built in ``variable_scope("loop_function", reuse=True)``.
* ``sequence_loss_by_example`` / ``sequence_loss`` (lists of ``[batch, classes]`` logits, one per
  step) and ``seq2seq_sequence_loss`` (``tf.contrib.seq2seq.sequence_loss``: ``[batch, time,
  classes]``) are weighted sparse softmax cross-entropies, averaged as TF1 averaged them.
"""

from __future__ import annotations

from typing import Any

import scopelab as tf

__all__ = ["rnn_decoder", "sequence_loss_by_example", "sequence_loss", "seq2seq_sequence_loss"]


def rnn_decoder(decoder_inputs: list, initial_state: Any, cell: Any, loop_function: Any = None,
                scope: Any = None) -> tuple[list, Any]:
    """``(outputs, state)``: one output per decoder input."""
    with tf.variable_scope(scope or "rnn_decoder"):
        state, outputs, previous = initial_state, [], None
        for i, step_input in enumerate(decoder_inputs):
            if loop_function is not None and previous is not None:
                with tf.variable_scope("loop_function", reuse=True):
                    step_input = loop_function(previous, i)
            if i > 0:
                tf.get_variable_scope().reuse_variables()
            output, state = cell(step_input, state)
            outputs.append(output)
            if loop_function is not None:
                previous = output
    return outputs, state


def _cross_entropy(softmax_loss_function: Any, target: Any, logit: Any) -> Any:
    if softmax_loss_function is None:
        return tf.nn.sparse_softmax_cross_entropy_with_logits(labels=target, logits=logit)
    return softmax_loss_function(labels=target, logits=logit)


def sequence_loss_by_example(logits: list, targets: list, weights: list,
                             average_across_timesteps: bool = True,
                             softmax_loss_function: Any = None, name: str | None = None) -> Any:
    """The weighted cross-entropy of each sequence: ``[batch]``."""
    if len(targets) != len(logits) or len(weights) != len(logits):
        raise ValueError(
            f"Lengths of logits, weights, and targets must be the same {len(logits)}, "
            f"{len(weights)}, {len(targets)}.\nPass one logits tensor, one target tensor and one "
            f"weight tensor per time step.")
    with tf.name_scope(name, "sequence_loss_by_example"):
        terms = [_cross_entropy(softmax_loss_function, tf.reshape(target, [-1]), logit) * weight
                 for logit, target, weight in zip(logits, targets, weights)]
        log_perps = tf.add_n(terms)
        if average_across_timesteps:
            log_perps /= tf.add_n(weights) + 1e-12    # no division by zero for all-zero weights
    return log_perps


def sequence_loss(logits: list, targets: list, weights: list,
                  average_across_timesteps: bool = True, average_across_batch: bool = True,
                  softmax_loss_function: Any = None, name: str | None = None) -> Any:
    """``sequence_loss_by_example`` summed over the batch (divided by its size by default)."""
    with tf.name_scope(name, "sequence_loss"):
        cost = tf.reduce_sum(sequence_loss_by_example(
            logits, targets, weights, average_across_timesteps=average_across_timesteps,
            softmax_loss_function=softmax_loss_function))
        if average_across_batch:
            return cost / tf.cast(tf.shape(targets[0])[0], cost.dtype)
        return cost


def _div_no_nan(x: Any, y: Any) -> Any:
    zero = tf.equal(y, 0.0)
    return tf.where(zero, tf.zeros_like(x), x / tf.where(zero, tf.ones_like(y), y))


def seq2seq_sequence_loss(logits: Any, targets: Any, weights: Any,
                          average_across_timesteps: bool = True,
                          average_across_batch: bool = True, sum_over_timesteps: bool = False,
                          sum_over_batch: bool = False, softmax_loss_function: Any = None,
                          name: str | None = None) -> Any:
    """``tf.contrib.seq2seq.sequence_loss``: logits ``[batch, time, classes]``, targets and
    weights ``[batch, time]``; averaged (or summed) over the time steps and/or the batch."""
    for tensor, rank, what in ((logits, 3, "Logits must be a [batch_size x sequence_length x "
                                           "logits] tensor"),
                               (targets, 2, "Targets must be a [batch_size x sequence_length] "
                                            "tensor"),
                               (weights, 2, "Weights must be a [batch_size x sequence_length] "
                                            "tensor")):
        if tf.convert_to_tensor(tensor).shape.ndims != rank:
            raise ValueError(what)
    if average_across_timesteps and sum_over_timesteps:
        raise ValueError("average_across_timesteps and sum_over_timesteps cannot be set to True "
                         "at same time.")
    if average_across_batch and sum_over_batch:
        raise ValueError("average_across_batch and sum_over_batch cannot be set to True at same "
                         "time.")
    for average, total, names in ((average_across_batch, sum_over_timesteps,
                                   "average_across_batch and sum_over_timesteps"),
                                  (sum_over_batch, average_across_timesteps,
                                   "sum_over_batch and average_across_timesteps")):
        if average and total:
            raise ValueError(f"{names} cannot be set to True at same time because of ambiguous "
                             f"order.\nSet average_across_*=False for the axes you sum over.")
    with tf.name_scope(name, "sequence_loss"):
        logits, weights = tf.convert_to_tensor(logits), tf.convert_to_tensor(weights)
        flat_logits = tf.reshape(logits, [-1, tf.shape(logits)[2]])
        crossent = _cross_entropy(softmax_loss_function, tf.reshape(targets, [-1]), flat_logits)
        crossent *= tf.reshape(weights, [-1])
        if average_across_timesteps and average_across_batch:
            return _div_no_nan(tf.reduce_sum(crossent), tf.reduce_sum(weights))
        if sum_over_timesteps and sum_over_batch:
            return _div_no_nan(tf.reduce_sum(crossent),
                               tf.cast(tf.count_nonzero(weights), tf.float32))
        # one axis left (TF1's branches, in its order: an average wins over a sum)
        crossent = tf.reshape(crossent, tf.shape(logits)[0:2])
        if average_across_timesteps or average_across_batch:
            axis = [0] if average_across_batch else [1]
            return _div_no_nan(tf.reduce_sum(crossent, axis=axis),
                               tf.reduce_sum(weights, axis=axis))
        if sum_over_timesteps or sum_over_batch:
            axis = [0] if sum_over_batch else [1]
            return _div_no_nan(tf.reduce_sum(crossent, axis=axis),
                               tf.cast(tf.count_nonzero(weights, axis=axis), tf.float32))
        return crossent
