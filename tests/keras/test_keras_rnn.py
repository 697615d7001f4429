"""tf.keras's LSTM, GRU, SimpleRNN and Bidirectional in TF1 graph mode, replayed from
``keras_rnn_expected.json`` (recorded by ``record_rnn_tf.py`` with TF 2.15's Keras 2.15): weight
names, shapes and order, output static shapes, and output values for fixed weights and inputs."""

from __future__ import annotations

import json
import pathlib

import numpy as np
import pytest

import scopelab as tf

K = tf.keras
RECORD = json.loads((pathlib.Path(__file__).parent / "keras_rnn_expected.json").read_text())
BATCH, TIME, DEPTH, UNITS = 2, 4, 3, 3


def fixed(shape: tuple, salt: int) -> np.ndarray:
    """The recorder's deterministic values."""
    size = int(np.prod(shape))
    return (((np.arange(size) * 7 + salt * 13) % 17) / 17.0 - 0.5).astype(np.float32).reshape(shape)


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


@pytest.mark.parametrize("case", sorted(RECORD["cases"]))
def test_recurrent_layer_matches_tf(case: str) -> None:
    expected = RECORD["cases"][case]
    options = dict(expected["options"])
    layer_class = getattr(K.layers, expected["kind"])
    x = tf.placeholder(tf.float32, [None, TIME, DEPTH], name="x")
    inits = [K.initializers.Constant(fixed(tuple(shape), i + 1)) for i, (_, shape) in enumerate(expected["weights"])]
    if expected["kind"] == "LSTM":
        options["unit_forget_bias"] = False
    layer = layer_class(UNITS, return_sequences=True, return_state=True, kernel_initializer=inits[0],
                        recurrent_initializer=inits[1], bias_initializer=inits[2], **options)
    outputs = layer(x)
    last = layer_class(UNITS, name="last", **options)(x)
    assert [[w.name, w.shape.as_list()] for w in layer.weights] == expected["weights"]
    assert [o.shape.as_list() for o in outputs] == expected["output_shapes"]
    assert last.shape.as_list() == expected["last_shape"]
    assert layer.cell.kernel is layer.weights[0] and layer.cell.name == expected["weights"][0][0].split("/")[1]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = sess.run(list(outputs), {x: fixed((BATCH, TIME, DEPTH), 5)})
    for got, want in zip(values, expected["values"], strict=True):
        np.testing.assert_allclose(got, np.array(want, np.float32), rtol=1e-5, atol=1e-6)
    if not options.get("go_backwards"):     # the last output is the last step of the sequence
        np.testing.assert_allclose(values[0][:, -1], values[1], rtol=1e-6)


def test_lstm_unit_forget_bias_puts_ones_in_the_forget_gate() -> None:
    layer = K.layers.LSTM(2, bias_initializer=K.initializers.Constant(0.25))
    layer(tf.placeholder(tf.float32, [None, 2, 3]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(layer.bias), RECORD["lstm_default_bias"])


def test_bidirectional_names_merge_and_values_match_tf() -> None:
    expected = RECORD["bidirectional"]
    x = tf.placeholder(tf.float32, [None, TIME, DEPTH], name="x")
    K.layers.LSTM(2)
    inner = K.layers.LSTM(UNITS, return_sequences=True, unit_forget_bias=False,
                          kernel_initializer=K.initializers.Constant(fixed((DEPTH, 4 * UNITS), 1)),
                          recurrent_initializer=K.initializers.Constant(fixed((UNITS, 4 * UNITS), 2)),
                          bias_initializer=K.initializers.Constant(fixed((4 * UNITS,), 3)))
    layer = K.layers.Bidirectional(inner)
    out = layer(x)
    summed = K.layers.Bidirectional(K.layers.GRU(2), merge_mode="sum")(x)
    assert [[w.name, w.shape.as_list()] for w in layer.weights] == expected["weights"]
    assert [v.name for v in tf.global_variables()] == expected["all_variables"]
    assert out.shape.as_list() == expected["shape"] and summed.shape.as_list() == expected["summed_shape"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        value = sess.run(out, {x: fixed((BATCH, TIME, DEPTH), 5)})
    np.testing.assert_allclose(value, np.array(expected["value"], np.float32), rtol=1e-5, atol=1e-6)


def test_a_second_call_shares_the_weights_and_the_defaults_are_the_v1_classes() -> None:
    x = tf.placeholder(tf.float32, [None, None, 3])
    layer = K.layers.GRU(4, name="enc")
    with tf.variable_scope("foo"):
        first = layer(x)
    second = layer(x)
    assert [w.name for w in tf.global_variables()] == [
        "foo/enc/gru_cell/kernel:0", "foo/enc/gru_cell/recurrent_kernel:0", "foo/enc/gru_cell/bias:0"]
    assert first.shape.as_list() == second.shape.as_list() == [None, 4]
    assert layer.reset_after is False and layer.recurrent_activation is K.activations.hard_sigmoid
    feed = np.random.default_rng(0).normal(size=(3, 5, 3)).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        a, b = sess.run([first, second], {x: feed})
        short = sess.run(first, {x: feed[:, :2]})     # the time dimension is read at run time
    np.testing.assert_array_equal(a, b)
    assert short.shape == (3, 4) and not np.allclose(short, a)


def test_weight_regularizers_are_named_in_the_cell_scope() -> None:
    layer = K.layers.LSTM(3, kernel_regularizer="l2", recurrent_regularizer="l1", bias_regularizer="l2")
    layer(tf.placeholder(tf.float32, [None, 2, 2]))
    assert [t.name for t in layer.losses] == RECORD["regularizer_losses"]       # in lstm/lstm_cell/
    assert tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES) == []


def test_initial_state_and_time_major() -> None:
    x = tf.placeholder(tf.float32, [2, 4, 3])
    h0, c0 = tf.constant(np.full((2, 5), 0.5, np.float32)), tf.constant(np.full((2, 5), -0.3, np.float32))
    layer = K.layers.LSTM(5, return_sequences=True)
    from_zero, from_given = layer(x), layer(x, initial_state=[h0, c0])
    major = K.layers.LSTM(5, return_sequences=True, time_major=True,
                          kernel_initializer=K.initializers.Constant(0.1),
                          recurrent_initializer=K.initializers.Constant(0.2))
    minor = K.layers.LSTM(5, return_sequences=True, kernel_initializer=K.initializers.Constant(0.1),
                          recurrent_initializer=K.initializers.Constant(0.2))
    by_time, by_batch = major(tf.transpose(x, [1, 0, 2])), minor(x)
    assert by_time.shape.as_list() == [4, 2, 5] and by_batch.shape.as_list() == [2, 4, 5]
    feed = {x: np.random.default_rng(1).normal(size=(2, 4, 3)).astype(np.float32)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        zero, given, t_major, b_major = sess.run([from_zero, from_given, by_time, by_batch], feed)
    assert not np.allclose(zero, given)
    np.testing.assert_allclose(t_major.transpose(1, 0, 2), b_major, rtol=1e-6)


def test_unbuilt_options_and_bad_inputs_say_what_is_wrong() -> None:
    with pytest.raises(NotImplementedError, match=r"LSTM\(dropout=0.5, recurrent_dropout=0.0\) is not implemented"):
        K.layers.LSTM(4, dropout=0.5)
    with pytest.raises(NotImplementedError, match="stateful=True"):
        K.layers.GRU(4, stateful=True)
    with pytest.raises(ValueError, match="expected a positive integer, got 0"):
        K.layers.SimpleRNN(0)
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=2"):
        K.layers.LSTM(4)(tf.placeholder(tf.float32, [None, 3]))
    with pytest.raises(ValueError, match="last dimension of the inputs to lstm_1 should be defined"):
        K.layers.LSTM(4)(tf.placeholder(tf.float32, [None, 3, None]))
    with pytest.raises(ValueError, match=r"not compatible with `cell.state_size`.*1 states"):
        K.layers.LSTM(2)(tf.placeholder(tf.float32, [2, 3, 3]), initial_state=[tf.zeros([2, 2])])
    assert tf.global_variables() == []
    embedded = K.layers.Embedding(10, 3, mask_zero=True)(tf.placeholder(tf.int32, [None, 6]))
    with pytest.raises(NotImplementedError, match="masked input to tf.keras.layers.BatchNormalization"):
        K.layers.BatchNormalization()(embedded)
    with pytest.raises(NotImplementedError, match="masked input to tf.keras.layers.BatchNormalization"):
        K.layers.BatchNormalization()(tf.placeholder(tf.float32, [None, 6, 3]),
                                      mask=tf.placeholder(tf.bool, [None, 6]))
    assert [v.name for v in tf.global_variables()] == ["embedding/embeddings:0"]
    with pytest.raises(ValueError, match="recurrent tf.keras layer"):
        K.layers.Bidirectional(K.layers.Dense(3))
    with pytest.raises(ValueError, match="Invalid merge mode. Received: max"):
        K.layers.Bidirectional(K.layers.GRU(3), merge_mode="max")


def test_bidirectional_return_state_and_merge_none_put_the_backward_outputs_in_forward_order() -> None:
    x = tf.placeholder(tf.float32, [None, TIME, DEPTH])
    options = dict(return_sequences=True, kernel_initializer=K.initializers.Constant(fixed((DEPTH, 2), 1)),
                   recurrent_initializer=K.initializers.Constant(fixed((2, 2), 2)))
    both = K.layers.Bidirectional(K.layers.SimpleRNN(2, return_state=True, **options), merge_mode=None)
    forward, backward, h_forward, h_backward = both(x)
    averaged = K.layers.Bidirectional(K.layers.SimpleRNN(2, **options), merge_mode="ave")(x)
    reader = K.layers.SimpleRNN(2, go_backwards=True, **options)(x)
    assert [w.name for w in both.weights][::3] == ["bidirectional/forward_simple_rnn/simple_rnn_cell/kernel:0",
                                                   "bidirectional/backward_simple_rnn/simple_rnn_cell/kernel:0"]
    assert backward.shape.as_list() == [None, TIME, 2] and h_backward.shape.as_list() == [None, 2]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        fw, bw, hf, hb, ave, read = sess.run([forward, backward, h_forward, h_backward, averaged, reader],
                                             {x: fixed((BATCH, TIME, DEPTH), 5)})
    np.testing.assert_allclose(bw, read[:, ::-1], rtol=1e-6)
    np.testing.assert_allclose(hf, fw[:, -1], rtol=1e-6)
    np.testing.assert_allclose(hb, bw[:, 0], rtol=1e-6)
    np.testing.assert_allclose(ave, (fw + bw) / 2, rtol=1e-6)
