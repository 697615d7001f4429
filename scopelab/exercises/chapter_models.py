"""Chapter 6 exercises: real models. Naming tf.layers layers, and sharing an LSTM between towers."""

from __future__ import annotations

from scopelab.exercises.diagnose import expect_count, expect_variable
from scopelab.exercises.framework import Check, Exercise, KnownWrong
from scopelab.exercises.mistakes import feedback

__all__ = ["layer_names", "shared_cell", "EXERCISES"]


def _default_named_layers(o, scope: str):
    """Feedback when the store holds layers named by default (``scope/dense``, ``scope/dense_1``)."""
    names = [n.removesuffix(":0") for n in o.variable_names()]
    unnamed = sorted(n for n in names if n.startswith(scope + "/dense") and n.endswith("/kernel"))
    if unnamed:
        return feedback("layer_default_name", f"Your layers' kernels are {unnamed!r}.")
    return None


def _one_set_of_weights(o):
    kernels = sorted(n.removesuffix(":0") for n in o.variable_names() if n.removesuffix(":0").endswith("/kernel"))
    if len(kernels) > 1:
        return feedback("not_shared", f"Each tower made its own LSTM weights: {kernels!r}.")
    return None


def _two_outputs(o):
    pair = o.returned[0] if o.returned else None
    if not isinstance(pair, (tuple, list)) or len(pair) != 2 or any(x is None for x in pair):
        return feedback("wrong_return", "two_towers(a, b) must build both towers and return their two "
                                        "outputs as a pair (out_a, out_b).")
    return None


def _reused_count(o, n: int, what: str):
    reused = o.reused()
    if len(reused) < n:
        return feedback("not_shared", f"{what}: {len(reused)} get_variable call(s) reused a variable, "
                                      f"{n} were expected.")
    return None


# --- q19 ------------------------------------------------------------------------------------------
layer_names = Exercise(
    key="q19", slug="layer_names", title="Naming tf.layers layers", topic="layers",
    task=("Write classifier(x) that builds a two-layer classifier with tf.layers.dense inside "
          "tf.variable_scope('classifier'): a hidden layer of 8 units (relu) whose variables are "
          "'classifier/hidden/kernel' [4, 8] and 'classifier/hidden/bias' [8], then 3 logits in "
          "'classifier/logits/kernel' [8, 3] and 'classifier/logits/bias' [3]. Return the logits. "
          "It is called twice, for a training input and for an evaluation input: the second call "
          "must share all four variables."),
    expected=("classifier/hidden/kernel", "classifier/hidden/bias", "classifier/logits/kernel",
              "classifier/logits/bias"),
    answer_name="classifier",
    setup=("train_x = tf.placeholder(tf.float32, [None, 4], name='train_x')\n"
           "eval_x = tf.placeholder(tf.float32, [None, 4], name='eval_x')\n"),
    calls=("answer(train_x)", "answer(eval_x)"),
    starter='''def classifier(x):
    # hidden: 8 units, relu -> classifier/hidden/*; logits: 3 units -> classifier/logits/*
    # A second call (the evaluation tower) must reuse the four variables.
    pass
''',
    solution_code='''def classifier(x):
    with tf.variable_scope("classifier", reuse=tf.AUTO_REUSE):
        hidden = tf.layers.dense(x, 8, activation=tf.nn.relu, name="hidden")
        return tf.layers.dense(hidden, 3, name="logits")
''',
    hints=(
        "Print [v.name for v in tf.global_variables()] after one call: which names did the layers pick?",
        "tf.layers.dense(..., name='hidden') makes the scope 'hidden' under the current variable scope.",
        "The second call must find the variables: the scope needs a reuse mode that also creates them "
        "on the first call.",
    ),
    checks=(
        Check("names", "the layers are named, not dense/dense_1",
              lambda o: _default_named_layers(o, "classifier")),
        # unnamed layers: these say so in the same words as "names" (one mistake, one message)
        Check("hidden", "classifier/hidden/kernel exists with shape (4, 8)",
              lambda o: _default_named_layers(o, "classifier")
              or expect_variable(o, "classifier/hidden/kernel", shape=(4, 8))),
        Check("logits", "classifier/logits/kernel exists with shape (8, 3)",
              lambda o: _default_named_layers(o, "classifier")
              or expect_variable(o, "classifier/logits/kernel", shape=(8, 3))),
        Check("biases", "both biases exist",
              lambda o: _default_named_layers(o, "classifier")
              or expect_variable(o, "classifier/hidden/bias", shape=(8,))
              or expect_variable(o, "classifier/logits/bias", shape=(3,))),
        Check("four", "the evaluation tower shares: four variables in all",
              lambda o: expect_count(o, 4, "not_shared")),
        Check("reused", "the second call reused all four variables",
              lambda o: _reused_count(o, 4, "the evaluation tower"), hidden=True),
    ),
    known_wrong=(
        KnownWrong('''def classifier(x):
    with tf.variable_scope("classifier", reuse=tf.AUTO_REUSE):
        hidden = tf.layers.dense(x, 8, activation=tf.nn.relu)
        return tf.layers.dense(hidden, 3)
''', "layer_default_name", ("'classifier/dense/kernel'", "default name")),
        KnownWrong('''def classifier(x):
    with tf.variable_scope("classifier"):
        hidden = tf.layers.dense(x, 8, activation=tf.nn.relu, name="hidden")
        return tf.layers.dense(hidden, 3, name="logits")
''', "reuse_missing", ("already exists",)),
        KnownWrong('''def classifier(x):
    with tf.variable_scope(None, default_name="classifier"):
        hidden = tf.layers.dense(x, 8, activation=tf.nn.relu, name="hidden")
        return tf.layers.dense(hidden, 3, name="logits")
''', "not_shared", ("'classifier_1/hidden/kernel'",)),
    ),
)


# --- q20 ------------------------------------------------------------------------------------------
shared_cell = Exercise(
    key="q20", slug="shared_cell", title="One LSTM for two towers", topic="rnn",
    task=("Write two_towers(a, b) for a siamese encoder: run an LSTM with 4 units "
          "(tf.nn.rnn_cell.LSTMCell) over the sequences a and over b with tf.nn.dynamic_rnn, "
          "inside tf.variable_scope('siamese'), so that both towers use the same weights. The store "
          "must hold exactly 'siamese/rnn/lstm_cell/kernel' [7, 16] and 'siamese/rnn/lstm_cell/bias' "
          "[16]. Return the two outputs as a pair."),
    expected=("siamese/rnn/lstm_cell/kernel", "siamese/rnn/lstm_cell/bias"),
    answer_name="two_towers",
    setup=("a = tf.placeholder(tf.float32, [None, 5, 3], name='a')\n"
           "b = tf.placeholder(tf.float32, [None, 5, 3], name='b')\n"),
    calls=("answer(a, b)",),
    starter='''def two_towers(a, b):
    # One set of LSTM weights, siamese/rnn/lstm_cell/{kernel, bias}, used by both towers.
    out_a = out_b = None
    return out_a, out_b
''',
    solution_code='''def two_towers(a, b):
    with tf.variable_scope("siamese") as scope:
        cell = tf.nn.rnn_cell.LSTMCell(4)
        out_a, _ = tf.nn.dynamic_rnn(cell, a, dtype=tf.float32)
        scope.reuse_variables()
        out_b, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(4), b, dtype=tf.float32)
    return out_a, out_b
''',
    hints=(
        "The cell makes its variables the first time dynamic_rnn calls it, under "
        "<current scope>/rnn/lstm_cell.",
        "A cell object remembers where it made its variables and shares them when called again; a "
        "new cell object asks for the same names again.",
        "For a second cell object, turn reuse on for the second tower (scope.reuse_variables(), or "
        "reuse=True / tf.AUTO_REUSE on the scope).",
    ),
    checks=(
        Check("one_set", "the towers use one set of LSTM weights", _one_set_of_weights),
        Check("kernel", "siamese/rnn/lstm_cell/kernel exists with shape (7, 16)",
              lambda o: expect_variable(o, "siamese/rnn/lstm_cell/kernel", shape=(7, 16))),
        Check("bias", "siamese/rnn/lstm_cell/bias exists with shape (16,)",
              lambda o: expect_variable(o, "siamese/rnn/lstm_cell/bias", shape=(16,))),
        Check("two", "the towers share: two variables in all",
              lambda o: expect_count(o, 2, "not_shared")),
        Check("both", "both towers were built and returned", _two_outputs),
        Check("reused", "the second tower reused the kernel and the bias",
              lambda o: _reused_count(o, 2, "the second tower"), hidden=True),
    ),
    known_wrong=(
        KnownWrong('''def two_towers(a, b):
    with tf.variable_scope("siamese"):
        out_a, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(4), a, dtype=tf.float32)
        out_b, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(4), b, dtype=tf.float32)
    return out_a, out_b
''', "reuse_missing", ("already exists",)),
        KnownWrong('''def two_towers(a, b):
    with tf.variable_scope("siamese"):
        cell = tf.nn.rnn_cell.LSTMCell(4)
        out_a, _ = tf.nn.dynamic_rnn(cell, a, dtype=tf.float32, scope="tower_a")
        out_b, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(4), b, dtype=tf.float32, scope="tower_b")
    return out_a, out_b
''', "not_shared", ("'siamese/tower_b/lstm_cell/kernel'", "its own LSTM weights")),
    ),
)

EXERCISES = (layer_names, shared_cell)
