"""``tf.contrib.legacy_seq2seq``'s decoder loop and losses (TF 2.x ships neither, so these pin TF1's
algorithm: names from the scope rules recorded elsewhere, numbers against NumPy)."""

from __future__ import annotations

import numpy as np
import pytest

import scopelab as tf
from scopelab.rnn.legacy_seq2seq import rnn_decoder, sequence_loss, sequence_loss_by_example


def _softmax_xent(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -log_probs[np.arange(len(labels)), labels]


def test_rnn_decoder_names_reuse_and_loop_function() -> None:
    x = tf.placeholder(tf.float32, [2, 3, 4])
    inputs = tf.unstack(x, axis=1)
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(4) for _ in range(2)])
    state0 = cell.zero_state(2, tf.float32)
    outputs, state = rnn_decoder(inputs, state0, cell)
    assert [v.op.name for v in tf.global_variables()] == [
        "rnn_decoder/multi_rnn_cell/cell_0/basic_lstm_cell/kernel",
        "rnn_decoder/multi_rnn_cell/cell_0/basic_lstm_cell/bias",
        "rnn_decoder/multi_rnn_cell/cell_1/basic_lstm_cell/kernel",
        "rnn_decoder/multi_rnn_cell/cell_1/basic_lstm_cell/bias"]
    fed_back = []

    def loop_function(previous, i):
        fed_back.append((i, tf.get_variable_scope().name, tf.get_variable_scope().reuse))
        return previous

    sampled, _ = rnn_decoder(inputs, state0, cell, loop_function=loop_function, scope="sample")
    assert fed_back == [(1, "sample/loop_function", True), (2, "sample/loop_function", True)]
    data = np.random.RandomState(0).uniform(-1, 1, (2, 3, 4)).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        teacher, free, static = sess.run([outputs, sampled, tf.nn.static_rnn(cell, inputs,
                                                                             state0)[0]], {x: data})
    np.testing.assert_allclose(teacher, static, rtol=1e-6)   # the same cell, the same weights
    assert np.allclose(free[0], teacher[0]) and not np.allclose(free[1], teacher[1])


def test_sequence_losses_match_numpy() -> None:
    rng = np.random.RandomState(1)
    logits = [tf.constant(rng.uniform(-2, 2, (3, 5)).astype(np.float32)) for _ in range(4)]
    targets = [tf.constant(rng.randint(0, 5, 3).astype(np.int32)) for _ in range(4)]
    weight_values = [np.array([1.0, 1.0, 0.0], np.float32)] * 3 + [np.zeros(3, np.float32)]
    weights = [tf.constant(w) for w in weight_values]
    by_example = sequence_loss_by_example(logits, targets, weights)
    summed = sequence_loss_by_example(logits, targets, weights, average_across_timesteps=False)
    total = sequence_loss(logits, targets, weights)
    assert by_example.op.name.startswith("sequence_loss_by_example")
    xent = sum(_softmax_xent(np.asarray(lg), np.asarray(t)) * w
               for lg, t, w in zip(logits, targets, weight_values))
    want = xent / (sum(weight_values) + 1e-12)
    with tf.Session() as sess:
        got_example, got_summed, got_total = sess.run([by_example, summed, total])
    np.testing.assert_allclose(got_example, want, rtol=1e-5)
    np.testing.assert_allclose(got_summed, xent, rtol=1e-5)
    np.testing.assert_allclose(got_total, want.sum() / 3, rtol=1e-5)
    with pytest.raises(ValueError, match="Lengths of logits, weights, and targets must be the "
                                         "same 4, 3, 4"):
        sequence_loss_by_example(logits, targets, weights[:3])
