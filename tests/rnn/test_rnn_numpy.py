"""``sess.run`` of scopelab's RNNs equals a NumPy computation of the same model (``numpy_rnn.py``)
for fixed inputs and seeded initial values; dropout keeps or scales units as TF1 does; a failing
build leaves nothing behind.
"""

from __future__ import annotations

import pathlib
import sys

import numpy as np
import pytest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import numpy_rnn as ref

import scopelab as tf

RNG = np.random.RandomState(7)
X = RNG.uniform(-1, 1, (3, 5, 4)).astype(np.float32)       # batch 3, time 5, depth 4
LENGTHS = np.array([5, 2, 0], dtype=np.int32)


def _run(fetches, feed):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = sess.run(fetches, feed_dict=feed)
        weights = {v.op.name: sess.run(v) for v in tf.global_variables()}
    return values, weights


@pytest.mark.parametrize("lengths", [None, LENGTHS])
def test_lstm_with_peepholes_projection_and_clipping(lengths) -> None:
    tf.set_random_seed(3)
    x = tf.placeholder(tf.float32, [None, None, 4])
    cell = tf.nn.rnn_cell.LSTMCell(6, use_peepholes=True, cell_clip=0.8, num_proj=3,
                                   proj_clip=0.5, forget_bias=0.3)
    outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32)
    (out, c, h), w = _run([outputs, state.c, state.h], {x: X})
    p = "rnn/lstm_cell/"
    step = lambda xt, s: ref.lstm(
        xt, s, w[p + "kernel"], w[p + "bias"], 0.3,
        (w[p + "w_f_diag"], w[p + "w_i_diag"], w[p + "w_o_diag"]), 0.8, w[p + "projection/kernel"],
        0.5)
    want, (want_c, want_h) = ref.dynamic_rnn(step, X, (np.zeros((3, 6)), np.zeros((3, 3))),
                                             lengths)
    np.testing.assert_allclose(out, want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(c, want_c, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(h, want_h, rtol=1e-5, atol=1e-6)
    if lengths is not None:
        assert np.all(out[1, 2:] == 0) and np.all(out[2] == 0) and np.all(c[2] == 0)


def test_multi_layer_gru_and_basic_rnn_time_major() -> None:
    x = tf.placeholder(tf.float32, [5, 3, 4])
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(5), tf.nn.rnn_cell.BasicRNNCell(2)])
    outputs, (s0, s1) = tf.nn.dynamic_rnn(cell, x, time_major=True, dtype=tf.float32,
                                          sequence_length=LENGTHS)
    (out, g, b), w = _run([outputs, s0, s1], {x: X.transpose(1, 0, 2)})
    p0, p1 = "rnn/multi_rnn_cell/cell_0/gru_cell/", "rnn/multi_rnn_cell/cell_1/basic_rnn_cell/"

    def step(xt, s):
        h0, _ = ref.gru(xt, s[0], w[p0 + "gates/kernel"], w[p0 + "gates/bias"],
                        w[p0 + "candidate/kernel"], w[p0 + "candidate/bias"])
        h1, _ = ref.basic_rnn(h0, s[1], w[p1 + "kernel"], w[p1 + "bias"])
        return h1, (h0, h1)

    want, (want_g, want_b) = ref.dynamic_rnn(step, X, (np.zeros((3, 5)), np.zeros((3, 2))),
                                             LENGTHS)
    np.testing.assert_allclose(out, want.transpose(1, 0, 2), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(g, want_g, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(b, want_b, rtol=1e-5, atol=1e-6)


def test_bidirectional_backward_half_reads_each_sequence_reversed_within_its_length() -> None:
    x = tf.placeholder(tf.float32, [3, None, 4])
    (fw, bw), _ = tf.nn.bidirectional_dynamic_rnn(
        tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.BasicRNNCell(2), x,
        sequence_length=LENGTHS, dtype=tf.float32)
    (got_fw, got_bw), w = _run([fw, bw], {x: X})
    pf, pb = "bidirectional_rnn/fw/basic_rnn_cell/", "bidirectional_rnn/bw/basic_rnn_cell/"
    step_f = lambda xt, s: ref.basic_rnn(xt, s, w[pf + "kernel"], w[pf + "bias"])
    step_b = lambda xt, s: ref.basic_rnn(xt, s, w[pb + "kernel"], w[pb + "bias"])
    want_fw, _ = ref.dynamic_rnn(step_f, X, np.zeros((3, 2)), LENGTHS)
    reversed_x = np.stack([np.concatenate([X[b, :n][::-1], X[b, n:]]) for b, n in
                           enumerate(LENGTHS)])
    back, _ = ref.dynamic_rnn(step_b, reversed_x, np.zeros((3, 2)), LENGTHS)
    want_bw = np.stack([np.concatenate([back[b, :n][::-1], back[b, n:]]) for b, n in
                        enumerate(LENGTHS)])
    np.testing.assert_allclose(got_fw, want_fw, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_bw, want_bw, rtol=1e-5, atol=1e-6)


def test_static_rnn_equals_dynamic_rnn_on_the_same_cell() -> None:
    x = tf.placeholder(tf.float32, [3, 5, 4])
    cell = tf.nn.rnn_cell.BasicLSTMCell(3)
    dynamic, dyn_state = tf.nn.dynamic_rnn(cell, x, sequence_length=LENGTHS, dtype=tf.float32)
    static, st_state = tf.nn.static_rnn(cell, tf.unstack(x, axis=1), sequence_length=LENGTHS,
                                        dtype=tf.float32)
    assert [v.name for v in tf.global_variables()] == ["rnn/basic_lstm_cell/kernel:0",
                                                       "rnn/basic_lstm_cell/bias:0"]
    (d, s, ds, ss), _ = _run([dynamic, tf.stack(static, axis=1), dyn_state, st_state], {x: X})
    np.testing.assert_allclose(d, s, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(np.asarray(ds), np.asarray(ss), rtol=1e-6, atol=1e-7)


def test_dropout_wrapper_drops_and_scales_by_keep_prob() -> None:
    x = tf.placeholder(tf.float32, [200, 3, 4])
    keep = tf.placeholder(tf.float32, [])
    inner = tf.nn.rnn_cell.BasicRNNCell(8)
    cell = tf.nn.rnn_cell.DropoutWrapper(inner, output_keep_prob=keep, seed=5)
    dropped, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope="d")
    plain, _ = tf.nn.dynamic_rnn(inner, x, dtype=tf.float32, scope="p")    # same cell: same weights
    data = np.random.RandomState(1).uniform(-1, 1, (200, 3, 4)).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        full, half = sess.run([plain, dropped], {x: data, keep: 0.5})
        again = sess.run(dropped, {x: data, keep: 0.5})
        assert np.allclose(sess.run(dropped, {x: data, keep: 1.0}), full, atol=1e-6)
    kept = half != 0
    np.testing.assert_allclose(half[kept], 2.0 * full[kept], rtol=1e-5, atol=1e-6)
    assert 0.45 < kept.mean() < 0.55
    assert not np.array_equal(half, again)      # each run draws a new mask


def test_state_dropout_drops_an_lstms_h_and_never_its_c() -> None:
    x = tf.placeholder(tf.float32, [100, 4])
    cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.LSTMCell(20), state_keep_prob=0.5, seed=3)
    output, state = cell(x, cell.zero_state(100, tf.float32))
    data = np.random.RandomState(4).uniform(-1, 1, (100, 4)).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out, c, h = sess.run([output, state.c, state.h], {x: data})
    dropped = h == 0
    assert 0.4 < dropped.mean() < 0.6 and not np.any(c == 0)
    np.testing.assert_allclose(h[~dropped], 2 * out[~dropped], rtol=1e-5)   # output: not dropped


def test_variational_dropout_uses_one_mask_for_every_step_and_sequence() -> None:
    x = tf.placeholder(tf.float32, [30, 4, 3])
    cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicRNNCell(40), output_keep_prob=0.5,
                                         variational_recurrent=True, dtype=tf.float32, seed=1)
    outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    data = np.random.RandomState(2).uniform(0.5, 1, (30, 4, 3)).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first, second = (sess.run(outputs, {x: data}) == 0 for _ in range(2))
    # TF1 draws the noise with shape [1, units] when the wrapper is built: one mask per run,
    # shared by every step and every sequence of the batch, drawn again in the next run.
    assert np.all(first == first[:1, :1, :]) and np.all(second == second[:1, :1, :])
    assert 0.2 < first.mean() < 0.8
    assert not np.array_equal(first, second)


def test_a_failing_build_leaves_no_variable_behind() -> None:
    with tf.variable_scope("m"):
        tf.get_variable("rnn/multi_rnn_cell/cell_1/gru_cell/gates/kernel", [6, 6])
    before = [v.name for v in tf.global_variables()]
    x = tf.placeholder(tf.float32, [2, 3, 4])
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(3), tf.nn.rnn_cell.GRUCell(3)])
    with tf.variable_scope("m"):
        with pytest.raises(ValueError, match="m/rnn/multi_rnn_cell/cell_1/gru_cell/gates/kernel "
                                             "already exists"):
            tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    assert [v.name for v in tf.global_variables()] == before
    assert len(tf.trainable_variables()) == 1


def test_lstm_state_tuple_and_zero_state_errors_teach() -> None:
    state = tf.nn.rnn_cell.LSTMStateTuple(tf.zeros([2, 3]), tf.zeros([2, 3], tf.float64))
    with pytest.raises(TypeError, match="Inconsistent internal state: float32 vs float64"):
        _ = state.dtype
    x = tf.placeholder(tf.int32, [2, 3, 4])
    with pytest.raises(ValueError, match="RNN cell only supports floating point inputs, but saw "
                                         "dtype: int32") as info:
        tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(3), x, dtype=tf.float32)
    assert "tf.cast(x, tf.float32)" in str(info.value)
    assert tf.global_variables() == []


def test_running_a_loop_input_outside_the_loop_is_explained() -> None:
    x = tf.placeholder(tf.float32, [2, 3, 4])
    cell = tf.nn.rnn_cell.BasicRNNCell(2)
    seen = []
    original = cell.call

    def spy(inputs, state):
        seen.append(inputs)
        return original(inputs, state)

    cell.call = spy
    tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError):
        sess.run(seen[0], {x: X[:2, :3]})


def test_sharing_errors_carry_an_rnn_specific_explanation() -> None:
    x = tf.placeholder(tf.float32, [2, 3, 4])
    tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(3), x, dtype=tf.float32)
    with pytest.raises(ValueError, match="rnn/gru_cell/gates/kernel already exists") as info:
        tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(3), x, dtype=tf.float32)
    notes = " ".join(getattr(info.value, "__notes__", []))
    assert "variable_scope('rnn')" in notes and "scope='decoder'" in notes
    cell = tf.nn.rnn_cell.BasicRNNCell(2)
    tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope="a")
    with pytest.raises(ValueError) as info:
        tf.nn.dynamic_rnn(cell, tf.placeholder(tf.float32, [2, 3, 5]), dtype=tf.float32, scope="b")
    notes = " ".join(getattr(info.value, "__notes__", []))
    assert "was built at its first call for inputs shaped (2, 4)" in notes
    assert "Use a new cell for these inputs" in notes
