"""tf.keras in TF1 graph mode: naming, sharing, losses, updates, models, numbers and errors.

The expected names are what TF 2.15's Keras 2.15 builds in ``tf.compat.v1`` graph mode, printed
by ``tests/keras/probe_tf.py`` (a developer tool run with TensorFlow; the corpus models in
``tests/models/corpus/keras_style.py`` are the recorded, replayed programs)."""

from __future__ import annotations

import numpy as np
import pytest

import scopelab as tf

K = tf.keras


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


def _names(variables) -> list[str]:
    return [v.name for v in variables]


def test_keras_counts_from_zero_on_the_counter_tf_layers_counts_from_one() -> None:
    assert [K.layers.Dense(2).name, tf.layers.Dense(2).name, K.layers.Dense(2).name] == ["dense", "dense_2", "dense_2"]
    assert [K.layers.Conv2D(2, 1).name, tf.layers.Conv2D(2, 1).name] == ["conv2d", "conv2d_2"]
    assert K.layers.Dense(2, name="dense").name == "dense"          # a name does not move the counter
    assert K.layers.Dense(2).name == "dense_3"


def test_weights_follow_the_name_scope_and_a_second_call_shares_them() -> None:
    x = tf.placeholder(tf.float32, [None, 5], name="x")
    layer = K.layers.Dense(4, activation="relu")
    with tf.variable_scope("foo"):
        with tf.name_scope("bar"):
            first = layer(x)
    second = layer(x)
    assert first.name == "foo/bar/dense/Relu:0" and second.name == "dense/Relu:0"
    assert _names(layer.weights) == ["foo/bar/dense/kernel:0", "foo/bar/dense/bias:0"]
    assert layer.kernel is layer.weights[0] and layer.bias is layer.weights[1]
    assert _names(tf.global_variables()) == _names(tf.trainable_variables()) == _names(layer.weights)
    assert first.shape.as_list() == [None, 4]


def test_variable_scope_reuse_shares_nothing_and_get_variable_does_not_see_keras_weights() -> None:
    x = tf.placeholder(tf.float32, [None, 5])
    with tf.variable_scope("block"):
        K.layers.Dense(2, name="proj")(x)
    with tf.variable_scope("block", reuse=True):
        K.layers.Dense(2, name="proj")(x)
    assert _names(tf.global_variables()) == ["block/proj/kernel:0", "block/proj/bias:0",
                                            "block_1/proj/kernel:0", "block_1/proj/bias:0"]
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 5])
    layer = K.layers.Dense(4)
    layer(x)
    got = tf.get_variable("dense/kernel", [5, 4])
    assert got is not layer.kernel and got.name == "dense/kernel_1:0"
    assert len(tf.global_variables()) == 3


def test_regularization_losses_stay_on_the_layer() -> None:
    x = tf.placeholder(tf.float32, [None, 5])
    layer = K.layers.Dense(2, kernel_regularizer=K.regularizers.l2(0.1), bias_regularizer="l1",
                           activity_regularizer=K.regularizers.l1(0.01))
    layer(x)
    assert _names(layer.losses) == ["dense/ActivityRegularizer/truediv:0", "dense/kernel/Regularizer/mul:0",
                                    "dense/bias/Regularizer/mul:0"]
    assert tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES) == []
    with tf.variable_scope("s", regularizer=tf.nn.l2_loss):       # a scope regularizer is not applied
        scoped = K.layers.Dense(2)
        scoped(x)
    assert scoped.losses == [] and tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES) == []
    kernel = np.arange(10, dtype=np.float32).reshape(5, 2) / 10
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        layer.kernel.load(kernel, sess)
        assert np.isclose(sess.run(layer.losses[1]), 0.1 * np.sum(kernel ** 2))


def test_batch_norm_moving_statistics_are_non_trainable_and_not_in_update_ops() -> None:
    images = tf.placeholder(tf.float32, [None, 4, 4, 3])
    bn = K.layers.BatchNormalization()
    out = bn(images)
    assert out.name == "batch_normalization/cond/Merge:0"            # the learning phase decides
    assert _names(bn.weights) == ["batch_normalization/gamma:0", "batch_normalization/beta:0",
                                  "batch_normalization/moving_mean:0", "batch_normalization/moving_variance:0"]
    assert _names(bn.trainable_weights) == _names(tf.trainable_variables()) == _names(bn.weights[:2])
    assert len(bn.updates) == 2 and tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []
    flat = K.layers.BatchNormalization()(tf.placeholder(tf.float32, [None, 3]), training=True)
    assert flat.name == "batch_normalization_1/batchnorm/add_1:0"


def test_learning_phase_switches_batch_norm_and_dropout() -> None:
    data = np.random.RandomState(0).uniform(-2, 2, (6, 2, 2, 3)).astype(np.float32)
    images = tf.placeholder(tf.float32, [None, 2, 2, 3])
    bn_out = K.layers.BatchNormalization(epsilon=1e-3)(images)
    dropped = K.layers.Dropout(0.5)(images)
    phase = K.backend.learning_phase()
    assert phase.name == "keras_learning_phase:0" and K.backend.learning_phase() is phase
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        inference, kept = sess.run([bn_out, dropped], {images: data})
        training, some_dropped = sess.run([bn_out, dropped], {images: data, phase: True})
    np.testing.assert_allclose(inference, data / np.sqrt(1 + 1e-3), rtol=1e-5)
    mean, var = data.mean(axis=(0, 1, 2)), data.var(axis=(0, 1, 2))
    np.testing.assert_allclose(training, (data - mean) / np.sqrt(var + 1e-3), rtol=1e-4, atol=1e-5)
    np.testing.assert_array_equal(kept, data)
    assert (some_dropped == 0).any() and np.allclose(some_dropped[some_dropped != 0], 2 * data[some_dropped != 0])


def test_sequential_forward_pass_equals_numpy() -> None:
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    with tf.variable_scope("mlp"):
        model = K.Sequential([K.layers.Dense(4, activation="relu", input_shape=(3,)),
                              K.layers.Dense(2, activation="softmax")])
    assert model.input.name == "mlp/dense_input:0" and model.output.name == "mlp/dense_1/Softmax:0"
    out = model(x)
    assert out.name == "sequential/dense_1/Softmax:0"
    assert _names(model.trainable_weights) == ["mlp/dense/kernel:0", "mlp/dense/bias:0",
                                               "mlp/dense_1/kernel:0", "mlp/dense_1/bias:0"]
    rng = np.random.RandomState(1)
    values = [rng.uniform(-1, 1, v.shape.as_list()).astype(np.float32) for v in model.weights]
    data = rng.uniform(-1, 1, (5, 3)).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for variable, value in zip(model.weights, values):
            variable.load(value, sess)
        got = sess.run(out, {x: data})
    hidden = np.maximum(data @ values[0] + values[1], 0)
    logits = hidden @ values[2] + values[3]
    want = np.exp(logits - logits.max(1, keepdims=True))
    np.testing.assert_allclose(got, want / want.sum(1, keepdims=True), rtol=1e-5)


def test_functional_model_replays_its_layers_under_its_name_and_shares_weights() -> None:
    inputs = K.Input(shape=(4, 4, 2))
    h = K.layers.Conv2D(3, 3, padding="same")(inputs)
    pooled = K.layers.GlobalAveragePooling2D()(h)
    model = K.Model(inputs, K.layers.Dense(2)(pooled), name="net")
    assert inputs.name == "input_1:0" and K.Input((1,)).name == "input_2:0"
    assert [layer.name for layer in model.layers] == ["input_1", "conv2d", "global_average_pooling2d", "dense"]
    before = len(tf.global_variables())
    out = model(tf.placeholder(tf.float32, [7, 4, 4, 2]))
    assert out.name == "net/dense/BiasAdd:0" and out.shape.as_list() == [7, 2]
    assert len(tf.global_variables()) == before == 4
    printed: list[str] = []
    model.summary(print_fn=printed.append)
    assert any("conv2d (Conv2D)" in line for line in printed)
    assert "Total params: 65" in printed                      # 3*3*2*3 + 3 + 3*2 + 2


def test_subclassed_model_tracks_its_layers() -> None:
    class Tower(K.Model):
        def __init__(self):
            super().__init__()
            self.hidden = K.layers.Dense(3)
            self.out = K.layers.Dense(1)

        def call(self, inputs):
            return self.out(self.hidden(inputs))

    tower = Tower()
    y = tower(tf.placeholder(tf.float32, [None, 2]))
    assert tower.name == "tower" and y.name == "tower/dense_1/BiasAdd:0"
    assert _names(tower.weights) == ["tower/dense/kernel:0", "tower/dense/bias:0",
                                     "tower/dense_1/kernel:0", "tower/dense_1/bias:0"]


def test_layers_shapes() -> None:
    L = K.layers
    x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    assert L.MaxPooling2D()(x).shape.as_list() == [None, 4, 4, 3]
    assert L.Conv2DTranspose(2, 3, strides=2, padding="same")(x).shape.as_list() == [None, 16, 16, 2]
    assert L.Flatten()(x).shape.as_list() == [None, 192]
    assert L.Reshape((-1, 3))(x).shape.as_list() == [None, 64, 3]
    seq = tf.placeholder(tf.int32, [None, 7])
    embedded = L.Embedding(20, 6)(seq)
    assert embedded.shape.as_list() == [None, 7, 6] and embedded.name == "embedding/embedding_lookup/Identity:0"
    assert L.GlobalMaxPooling1D()(embedded).shape.as_list() == [None, 6]
    assert L.LayerNormalization()(embedded).name == "layer_normalization/add:0"
    assert L.Concatenate()([embedded, embedded]).shape.as_list() == [None, 7, 12]


def test_unimplemented_and_training_apis_say_what_is_missing() -> None:
    with pytest.raises(NotImplementedError, match="tf.keras.layers.ConvLSTM2D is not implemented"):
        K.layers.ConvLSTM2D(4, 3)
    model = K.Sequential([K.layers.Dense(1, input_shape=(2,))])
    with pytest.raises(NotImplementedError, match="Model.fit is not implemented by scopelab"):
        model.fit(np.zeros((1, 2)), np.zeros((1, 1)))
    with pytest.raises(NotImplementedError, match="load_model"):
        K.models.load_model("model.h5")


def test_bad_input_errors() -> None:
    with pytest.raises(ValueError, match="Unknown activation function: 'rleu'"):
        K.layers.Dense(2, activation="rleu")
    with pytest.raises(ValueError, match="should be called on a list of at least 2 inputs"):
        K.layers.Add()([tf.placeholder(tf.float32, [None, 2])])
    with pytest.raises(ValueError, match="last dimension of the inputs to `Dense` should be defined"):
        K.layers.Dense(2)(tf.placeholder(tf.float32, [None, None]))
    first = K.Input((2,))
    other = K.Input((2,))
    with pytest.raises(ValueError, match="Graph disconnected"):
        K.Model(first, K.layers.Add()([first, other]))
    with pytest.raises(ValueError, match="unique names"):
        K.Sequential([K.layers.Dense(2, name="fc"), K.layers.Dense(2, name="fc")])
    with pytest.raises(ValueError, match="total size of new array must be unchanged"):
        K.layers.Reshape((5,))(tf.placeholder(tf.float32, [None, 4]))
