"""Keras's shape, noise, activation and separable/depthwise convolution layers and
``TimeDistributed`` in TF1 graph mode, replayed from ``keras_layer_expected.json`` (recorded by
``tests/rnn/record_tf.py`` from ``keras_layer_cases.py`` with TF 2.15's Keras 2.15): weight names
and shapes, output names and static shapes, values for fixed weights and inputs, which layers pass
a mask on, and the errors for bad arguments. The training-time randomness (not TF's stream) is
checked by its properties below."""

from __future__ import annotations

import json
import pathlib
import sys

import numpy as np
import pytest

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "rnn"))
sys.path.insert(0, str(HERE))
from keras_layer_cases import CASES, EXPECTED_FILE
from tf1_replay import compare, replay

import scopelab as tf

K = tf.keras

EXPECTED = json.loads((HERE / EXPECTED_FILE).read_text())["cases"]

# (case, label) -> the phrase scopelab shows: TF's sentence without what only TF prints that way
# (TF1 shapes as ``Dimension(None)``, a function's address, ``dict_keys(...)``).
TEXT_INSTEAD = {
    ("noise_at_inference", "spatial_rank"): "is incompatible with the layer: expected ndim=3, found ndim=2",
    ("repeat_vector", "rank"): "is incompatible with the layer: expected ndim=2, found ndim=3",
    ("time_distributed", "not_a_layer"):
        "Please initialize `TimeDistributed` layer with a `tf.keras.layers.Layer` instance. Received: <function",
    ("up_sampling", "interpolation"): "Value not recognized for `interpolation`: cubic. Supported values are: "
                                      "['bilinear', 'nearest',",
}


def test_every_case_is_recorded() -> None:
    assert sorted(CASES) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(CASES))
def test_case_matches_tf(name: str) -> None:
    problems = compare(name, CASES[name], replay(CASES[name]), EXPECTED[name], TEXT_INSTEAD, {})
    assert not problems, "\n".join(problems)


@pytest.fixture()
def fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


def test_noise_layers_in_training(fresh_graph) -> None:
    x = tf.placeholder(tf.float32, [None, 50, 40])
    data = np.random.default_rng(0).uniform(0.5, 1.5, (8, 50, 40)).astype(np.float32)
    spatial = K.layers.SpatialDropout1D(0.5)(x, training=True)
    noisy = K.layers.GaussianNoise(0.3)(x, training=True)
    scaled = K.layers.GaussianDropout(0.2)(x, training=True)
    alpha = K.layers.AlphaDropout(0.3)(x, training=True)
    phase = K.layers.GaussianNoise(0.3)(x)
    assert phase.name == "gaussian_noise_1/cond/Merge:0"
    with tf.Session() as sess:
        s, n, g, a, p_off = sess.run([spatial, noisy, scaled, alpha, phase], {x: data})
        p_on = sess.run(phase, {x: data, K.backend.learning_phase(): True})
    dropped = s == 0
    assert (dropped == dropped[:, :1, :]).all() and 0.3 < dropped.mean() < 0.7     # whole channels
    np.testing.assert_allclose(s[~dropped], 2 * data[~dropped], rtol=1e-6)
    assert abs(np.std(n - data) - 0.3) < 0.01 and abs(np.mean(n - data)) < 0.01
    ratio = g / data
    assert abs(ratio.mean() - 1) < 0.01 and abs(ratio.std() - np.sqrt(0.2 / 0.8)) < 0.01
    alpha_p = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946    # SELU's saturation
    a_ = ((1 - 0.3) * (1 + 0.3 * alpha_p ** 2)) ** -0.5
    b_ = -a_ * alpha_p * 0.3
    saturated = np.isclose(a, a_ * alpha_p + b_, rtol=1e-5)
    kept = np.isclose(a, a_ * data + b_, rtol=1e-5)
    assert (saturated | kept).all() and 0.25 < saturated.mean() < 0.35
    np.testing.assert_array_equal(p_off, data)
    assert not np.allclose(p_on, data)


def test_new_layers_refuse_bad_input_before_making_weights(fresh_graph) -> None:
    with pytest.raises(NotImplementedError, match=r"UpSampling2D\(interpolation='bilinear'\) is not implemented"):
        K.layers.UpSampling2D(interpolation="bilinear")
    with pytest.raises(ValueError, match="at least 3 dimensions"):
        K.layers.TimeDistributed(K.layers.Dense(2))(tf.placeholder(tf.float32, [None, 3]))
    with pytest.raises(ValueError, match="should have rank 4"):
        K.layers.DepthwiseConv2D(3)(tf.placeholder(tf.float32, [None, 5, 3]))
    assert tf.global_variables() == []


def test_time_distributed_shares_the_inner_weights_and_runs_each_step(fresh_graph) -> None:
    x = tf.placeholder(tf.float32, [None, None, 3])
    dense = K.layers.Dense(2)
    wrapped = K.layers.TimeDistributed(dense)
    y = wrapped(x)
    assert y.shape.as_list() == [None, None, 2] and wrapped.weights == dense.weights
    data = np.random.default_rng(1).normal(size=(2, 4, 3)).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got, kernel, bias = sess.run([y, dense.kernel, dense.bias], {x: data})
    np.testing.assert_allclose(got, data @ kernel + bias, rtol=1e-5, atol=1e-6)


def test_the_not_implemented_list_is_true() -> None:
    for name in K.layers.NOT_IMPLEMENTED:
        with pytest.raises(NotImplementedError, match=f"tf.keras.layers.{name} is not implemented"):
            getattr(K.layers, name)()
    for name in ("Masking", "RepeatVector", "PReLU", "TimeDistributed", "DepthwiseConv2D", "SeparableConv2D"):
        assert name not in K.layers.NOT_IMPLEMENTED and name in K.layers.__all__
