"""What created each variable (issue 10 item 7): every piece of model code labels the variables it
makes with its public TF1 name, which the views show; plain ``tf.get_variable`` adds nothing."""

from __future__ import annotations

import pytest

import scopelab as tf


def _made_by() -> dict[str, str]:
    return {v.op.name: v.created_by for v in tf.global_variables() + tf.local_variables()}


def test_layers_and_contrib_layers_name_their_public_function() -> None:
    images = tf.placeholder(tf.float32, [None, 8, 8, 3])
    net = tf.layers.conv2d(images, 4, 3, name="conv")
    net = tf.layers.batch_normalization(net, training=True, name="bn")
    net = tf.contrib.layers.conv2d(net, 4, 3, scope="c_conv")
    net = tf.contrib.layers.batch_norm(net, scale=True, scope="c_bn")
    net = tf.layers.flatten(net)
    logits = tf.contrib.layers.fully_connected(net, 2, scope="fc")
    dense = tf.layers.Dense(2, name="head")
    dense(logits)
    made_by = _made_by()
    assert made_by["conv/kernel"] == made_by["conv/bias"] == "tf.layers.conv2d"
    assert {made_by[f"bn/{n}"] for n in ("gamma", "beta", "moving_mean", "moving_variance")} == {
        "tf.layers.batch_normalization"}
    assert made_by["c_conv/weights"] == "tf.contrib.layers.conv2d"
    assert made_by["c_bn/moving_mean"] == made_by["c_bn/gamma"] == "tf.contrib.layers.batch_norm"
    assert made_by["fc/weights"] == "tf.contrib.layers.fully_connected"
    assert made_by["head/kernel"] == "tf.layers.Dense"


def test_a_users_layer_and_cell_are_named_by_their_class() -> None:
    class Scale(tf.layers.Layer):
        def build(self, input_shape):
            self.factor = self.add_weight("factor", [input_shape.as_list()[-1]])
            self.built = True

        def call(self, inputs):
            return inputs * self.factor

    class Doubling(tf.nn.rnn_cell.BasicRNNCell):
        pass

    x = tf.placeholder(tf.float32, [2, 4, 3])
    Scale()(x)
    tf.nn.dynamic_rnn(Doubling(3), x, dtype=tf.float32)
    made_by = _made_by()
    assert made_by["scale/factor"] == f"{Scale.__qualname__}"
    assert made_by["rnn/doubling/kernel"] == f"{Doubling.__qualname__}"


def test_rnn_cells_label_their_weights_and_the_innermost_cell_wins() -> None:
    x = tf.placeholder(tf.float32, [2, 5, 3])
    stack = tf.nn.rnn_cell.MultiRNNCell([
        tf.nn.rnn_cell.LSTMCell(4, num_proj=2), tf.contrib.rnn.LSTMBlockCell(4),
        tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(3))])
    tf.nn.dynamic_rnn(stack, x, dtype=tf.float32)
    tf.nn.static_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), tf.unstack(x, axis=1), dtype=tf.float32,
                     scope="static")
    made_by = _made_by()
    cells = "rnn/multi_rnn_cell"
    assert made_by[f"{cells}/cell_0/lstm_cell/kernel"] == "tf.nn.rnn_cell.LSTMCell"
    assert made_by[f"{cells}/cell_0/lstm_cell/projection/kernel"] == "tf.nn.rnn_cell.LSTMCell"
    assert made_by[f"{cells}/cell_1/lstm_cell/kernel"] == "tf.contrib.rnn.LSTMBlockCell"
    assert made_by[f"{cells}/cell_2/gru_cell/gates/kernel"] == "tf.nn.rnn_cell.GRUCell"
    assert made_by["static/basic_lstm_cell/kernel"] == "tf.nn.rnn_cell.BasicLSTMCell"


def test_optimizers_moving_averages_and_the_global_step() -> None:
    w = tf.get_variable("w", [3])
    loss = tf.reduce_sum(w * w)
    step = tf.train.get_or_create_global_step()
    tf.train.AdamOptimizer().minimize(loss, global_step=step)
    tf.train.RMSPropOptimizer(0.1, momentum=0.9).minimize(loss)
    ema = tf.train.ExponentialMovingAverage(0.99)
    ema.apply([w])
    from scopelab.train import moving_averages
    stat = tf.get_variable("stat", [], trainable=False, initializer=tf.zeros_initializer())
    moving_averages.assign_moving_average(stat, tf.constant(1.0), 0.9)
    made_by = _made_by()
    assert made_by["w"] == "" and made_by["stat"] == ""           # plain get_variable: nothing
    assert made_by["global_step"] == "tf.train.create_global_step"
    assert made_by["w/Adam"] == made_by["w/Adam_1"] == "tf.train.AdamOptimizer"
    assert made_by["beta1_power"] == made_by["beta2_power"] == "tf.train.AdamOptimizer"
    assert made_by["w/RMSProp"] == made_by["w/RMSProp_1"] == "tf.train.RMSPropOptimizer"
    assert made_by["w/ExponentialMovingAverage"] == "tf.train.ExponentialMovingAverage"
    assert made_by["stat/biased"] == made_by["stat/local_step"] == \
        "moving_averages.assign_moving_average"


def test_a_failed_labelled_build_leaves_no_label_behind() -> None:
    x = tf.placeholder(tf.float32, [None, 3])
    with pytest.raises(ValueError, match="does not exist"):
        tf.layers.dense(x, 2, name="missing", reuse=True)
    assert tf.get_variable("after", [1]).created_by == ""
