"""Prints what TF 2.15's tf.keras (Keras 2.15, graph mode via tf.compat.v1 with v2 behaviour
disabled) builds for the cases ``test_keras.py`` pins (developer tool, never run by the tests):

    /work/tfenv/bin/python tests/keras/probe_tf.py
"""

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
K = tf.keras


def probe() -> None:
    print("names:", K.layers.Dense(2).name, tf.layers.Dense(2).name, K.layers.Dense(2).name,
          K.layers.Conv2D(2, 1).name, tf.layers.Conv2D(2, 1).name)
    x = tf.placeholder(tf.float32, [None, 5])
    layer = K.layers.Dense(4, activation="relu")
    with tf.variable_scope("foo"), tf.name_scope("bar"):
        first = layer(x)
    print("calls:", first.name, layer(x).name, [w.name for w in layer.weights])
    regularized = K.layers.Dense(2, kernel_regularizer=K.regularizers.l2(0.1), bias_regularizer="l1",
                                 activity_regularizer=K.regularizers.l1(0.01))
    regularized(x)
    print("losses:", [t.name for t in regularized.losses],
          tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))
    bn = K.layers.BatchNormalization()
    out = bn(tf.placeholder(tf.float32, [None, 4, 4, 3]))
    print("bn:", out.name, len(bn.updates), tf.get_collection(tf.GraphKeys.UPDATE_OPS))
    print("learning phase:", K.backend.learning_phase().name)
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 5])
    layer = K.layers.Dense(4)
    layer(x)
    print("get_variable:", tf.get_variable("dense/kernel", [5, 4]).name)
    inputs = K.Input(shape=(4, 4, 2))
    pooled = K.layers.GlobalAveragePooling2D()(K.layers.Conv2D(3, 3, padding="same")(inputs))
    model = K.Model(inputs, K.layers.Dense(2)(pooled), name="net")
    print("functional:", inputs.name, [lay.name for lay in model.layers],
          model(tf.placeholder(tf.float32, [7, 4, 4, 2])).name, model.count_params())


if __name__ == "__main__":
    probe()
