"""Records what TF 2.15's tf.keras (Keras 2.15 in TF1 graph mode: ``tf.compat.v1`` with v2
behaviour disabled) builds for the recurrent layers, into ``keras_rnn_expected.json`` (developer
tool, never run by the tests; ``test_keras_rnn.py`` replays the file):

    /work/tfenv/bin/python tests/keras/record_rnn_tf.py
"""

import json
import pathlib

import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
K = tf.keras
HERE = pathlib.Path(__file__).parent
BATCH, TIME, DEPTH, UNITS = 2, 4, 3, 3


def fixed(shape: tuple, salt: int) -> np.ndarray:
    """Deterministic values in [-0.5, 0.5) that the replay recomputes."""
    size = int(np.prod(shape))
    return (((np.arange(size) * 7 + salt * 13) % 17) / 17.0 - 0.5).astype(np.float32).reshape(shape)


def inputs_value() -> np.ndarray:
    return fixed((BATCH, TIME, DEPTH), 5)


CASES = {
    "lstm": ("LSTM", {}),
    "gru_reset_before": ("GRU", {"reset_after": False}),
    "gru_reset_after": ("GRU", {"reset_after": True}),
    "simple_rnn": ("SimpleRNN", {}),
    "lstm_backwards": ("LSTM", {"go_backwards": True}),
    "gru_default": ("GRU", {}),
    "gru_relu_sigmoid": ("GRU", {"activation": "relu", "recurrent_activation": "sigmoid"}),
    "lstm_sigmoid": ("LSTM", {"recurrent_activation": "sigmoid"}),
}


def record_case(kind: str, options: dict) -> dict:
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, TIME, DEPTH], name="x")
    probe = getattr(K.layers, kind)(UNITS, **options)
    probe(x)
    shapes = [w.shape.as_list() for w in probe.weights]
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, TIME, DEPTH], name="x")
    inits = [K.initializers.Constant(fixed(tuple(s), i + 1)) for i, s in enumerate(shapes)]
    if kind == "LSTM":      # a whole-bias constant needs the forget-gate ones turned off
        options = dict(options, unit_forget_bias=False)
    layer = getattr(K.layers, kind)(UNITS, return_sequences=True, return_state=True,
                                    kernel_initializer=inits[0], recurrent_initializer=inits[1],
                                    bias_initializer=inits[2], **options)
    outputs = layer(x)
    last = getattr(K.layers, kind)(UNITS, name="last", **options)(x)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = sess.run(list(outputs), {x: inputs_value()})
    return {"kind": kind, "options": options, "weights": [[w.name, w.shape.as_list()] for w in layer.weights],
            "output_shapes": [o.shape.as_list() for o in outputs], "last_shape": last.shape.as_list(),
            "values": [v.tolist() for v in values]}


def record_bidirectional() -> dict:
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, TIME, DEPTH], name="x")
    K.layers.LSTM(2)
    inner = K.layers.LSTM(UNITS, return_sequences=True, kernel_initializer=K.initializers.Constant(fixed((DEPTH, 4 * UNITS), 1)),
                          recurrent_initializer=K.initializers.Constant(fixed((UNITS, 4 * UNITS), 2)),
                          bias_initializer=K.initializers.Constant(fixed((4 * UNITS,), 3)), unit_forget_bias=False)
    layer = K.layers.Bidirectional(inner)
    out = layer(x)
    summed = K.layers.Bidirectional(K.layers.GRU(2), merge_mode="sum")(x)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        value = sess.run(out, {x: inputs_value()})
    return {"weights": [[w.name, w.shape.as_list()] for w in layer.weights],
            "all_variables": [v.name for v in tf.global_variables()],
            "shape": out.shape.as_list(), "summed_shape": summed.shape.as_list(), "value": value.tolist()}


def main() -> None:
    record = {"cases": {name: record_case(kind, options) for name, (kind, options) in CASES.items()},
              "bidirectional": record_bidirectional(), "tensorflow": tf.__version__}
    tf.reset_default_graph()
    layer = K.layers.LSTM(2, bias_initializer=K.initializers.Constant(0.25))
    layer(tf.placeholder(tf.float32, [None, 2, 3]))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        record["lstm_default_bias"] = sess.run(layer.weights[2]).tolist()
    tf.reset_default_graph()
    layer = K.layers.LSTM(3, kernel_regularizer="l2", recurrent_regularizer="l1", bias_regularizer="l2")
    layer(tf.placeholder(tf.float32, [None, 2, 2]))
    record["regularizer_losses"] = [t.name for t in layer.losses]
    (HERE / "keras_rnn_expected.json").write_text(json.dumps(record, indent=1) + "\n")


if __name__ == "__main__":
    main()
