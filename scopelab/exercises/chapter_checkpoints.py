"""Chapter 6 exercises: checkpoints and scope names (restore after a rename; a new layout).

Each setup writes a small checkpoint with ``tf.train.Saver`` in a graph of its own (last year's
training run) into a fresh temporary folder, and hands the answer its prefix as ``CKPT``. The
values are fixed (``np.arange`` and friends), so the checks compare restored values exactly.
"""

from __future__ import annotations

import numpy as np

from scopelab.exercises.framework import Check, Exercise, KnownWrong
from scopelab.exercises.mistakes import feedback
from scopelab.exercises.observation import Observation, PartitionedData, same_variable

__all__ = ["restore_after_rename", "map_new_layout", "EXERCISES"]

KERNEL = np.arange(12, dtype=np.float32).reshape(3, 4)
BIAS = np.full(4, 0.5, np.float32)

_SAVE_ENCODER = """
import os, tempfile
with tf.Graph().as_default():                 # last year's training run: scope 'encoder'
    with tf.variable_scope("encoder/dense"):
        tf.get_variable("kernel", initializer=np.arange(12, dtype=np.float32).reshape(3, 4))
        tf.get_variable("bias", initializer=np.full(4, 0.5, np.float32))
    CKPT = tf.train.Saver().save(None, os.path.join(tempfile.mkdtemp(), "model.ckpt"),
                                 global_step=100)
"""

_BUILD_ENC = '''def build_model():
    """Today's model code: the scope is called 'enc' now (zeros until restored)."""
    with tf.variable_scope("enc/dense", initializer=tf.zeros_initializer()):
        kernel = tf.get_variable("kernel", [3, 4])
        bias = tf.get_variable("bias", [4])
    return kernel, bias

'''


def _restore_failed(err, obs: Observation):
    """A restore or init that stopped on a name or shape the checkpoint does not have."""
    text = str(err).splitlines()[0] if str(err) else ""
    if type(err).__name__ == "NotFoundError" or "is not found in" in text \
            or "Assign requires shapes" in text:
        return feedback("checkpoint_names", f"The restore stopped: {text}.")
    return None


def _no_old_names(o: Observation):
    old = [n for n in o.variable_names() if n.startswith("encoder/")]
    if old:
        return feedback("checkpoint_names",
                        f"The graph now holds {old!r}: the scope was renamed back to 'encoder'. The "
                        "task keeps today's names (enc/...) and adapts the restore instead.")
    return None


def _expect_restored(o: Observation, name: str, want: np.ndarray):
    got = o.value(name)
    if got is None:
        return feedback("missing_variable", f"No variable {name!r} after your function ran.")
    if got.shape != want.shape or not np.array_equal(got, want):
        return feedback("checkpoint_values",
                        f"{name!r} does not hold the checkpoint's value (first values "
                        f"{np.asarray(got).ravel()[:4].tolist()}).")
    return None


def _returns_both(o: Observation):
    got = o.returned[0] if o.returned else None
    if not isinstance(got, tuple) or len(got) != 2 or not all(
            same_variable(h, o.get(n)) for h, n in zip(got, ("enc/dense/kernel", "enc/dense/bias"))):
        return feedback("wrong_return", "restore_renamed(ckpt) must return (kernel, bias).")
    return None


# --- q17 ------------------------------------------------------------------------------------------
restore_after_rename = Exercise(
    key="q17", slug="restore_after_rename", title="Restore after a scope rename", topic="checkpoints",
    task=("A checkpoint was saved when the model lived under variable_scope('encoder'); today's "
          "code calls the scope 'enc' (build_model() below). Fix restore_renamed(ckpt) so that it "
          "builds the model with today's names and loads the checkpoint's values into it, then "
          "returns (kernel, bias). Do not rename the scope back."),
    expected=("enc/dense/kernel", "enc/dense/bias"),
    answer_name="restore_renamed",
    setup=_SAVE_ENCODER, calls=("answer(CKPT)",), starter_runs=True,
    starter=_BUILD_ENC + '''def restore_renamed(ckpt):
    kernel, bias = build_model()
    tf.train.Saver().restore(None, ckpt)     # fails: run it, read the error, fix this line
    return kernel, bias
''',
    solution_code=_BUILD_ENC + '''def restore_renamed(ckpt):
    kernel, bias = build_model()
    saver = tf.train.Saver({"encoder/dense/kernel": kernel, "encoder/dense/bias": bias})
    saver.restore(None, ckpt)
    return kernel, bias
''',
    hints=(
        "A Saver looks every variable up in the checkpoint by its full name. tf.train.list_variables"
        "(ckpt) shows the names the checkpoint holds; compare them with your variables' names.",
        "tf.train.Saver accepts a dict {name in the checkpoint: variable}. "
        "tf.train.init_from_checkpoint(ckpt, {'old_scope/': 'new_scope/'}) maps a whole scope.",
    ),
    checks=(
        Check("names", "the variables keep today's names (nothing under 'encoder/')", _no_old_names),
        Check("kernel", "enc/dense/kernel holds the checkpoint's kernel",
              lambda o: _expect_restored(o, "enc/dense/kernel", KERNEL)),
        Check("bias", "enc/dense/bias holds the checkpoint's bias",
              lambda o: _expect_restored(o, "enc/dense/bias", BIAS)),
        Check("returned", "restore_renamed(ckpt) returns (kernel, bias)", _returns_both, hidden=True),
    ),
    classify=_restore_failed,
    known_wrong=(
        KnownWrong(_BUILD_ENC + '''def restore_renamed(ckpt):
    kernel, bias = build_model()
    tf.train.Saver().restore(None, ckpt)
    return kernel, bias
''', "checkpoint_names", ("Key enc/dense/bias not found in checkpoint",)),
        KnownWrong('''def restore_renamed(ckpt):
    with tf.variable_scope("encoder/dense"):
        kernel = tf.get_variable("kernel", [3, 4])
        bias = tf.get_variable("bias", [4])
    tf.train.Saver().restore(None, ckpt)
    return kernel, bias
''', "checkpoint_names", ("renamed back",)),
        KnownWrong(_BUILD_ENC + '''def restore_renamed(ckpt):
    kernel, bias = build_model()
    tf.train.init_from_checkpoint(ckpt, {"encoder/dense/kernel": "enc/dense/kernel"})
    return kernel, bias
''', "checkpoint_values", ("'enc/dense/bias'",)),
    ),
)


# --- q18 ------------------------------------------------------------------------------------------
EMBEDDING = np.arange(40, dtype=np.float32).reshape(10, 4)
DENSE = {"encoder": (np.arange(12, dtype=np.float32).reshape(4, 3) / 10, np.ones(3, np.float32)),
         "decoder": (np.arange(6, dtype=np.float32).reshape(3, 2) - 3, np.full(2, -1, np.float32))}

_SAVE_FLAT = """
import os, tempfile
with tf.Graph().as_default():     # an old flat model: layers at the root, a 2-shard embedding
    with tf.variable_scope("", partitioner=tf.fixed_size_partitioner(2)):
        tf.get_variable("embedding", [10, 4],
                        initializer=np.arange(40, dtype=np.float32).reshape(10, 4))
    tf.get_variable("dense/kernel", initializer=np.arange(12, dtype=np.float32).reshape(4, 3) / 10)
    tf.get_variable("dense/bias", initializer=np.ones(3, np.float32))
    tf.get_variable("dense_1/kernel", initializer=np.arange(6, dtype=np.float32).reshape(3, 2) - 3)
    tf.get_variable("dense_1/bias", initializer=np.full(2, -1, np.float32))
    CKPT = tf.train.Saver().save(None, os.path.join(tempfile.mkdtemp(), "flat.ckpt"))
"""

_BUILD_NEW = '''def build_new_layout():
    """The new layout: everything under 'model/', the table in 5 shards (zeros until loaded)."""
    with tf.variable_scope("model", initializer=tf.zeros_initializer()):
        with tf.variable_scope("embedding", partitioner=tf.fixed_size_partitioner(5)):
            table = tf.get_variable("table", [10, 4])
        with tf.variable_scope("encoder/dense"):
            tf.get_variable("kernel", [4, 3])
            tf.get_variable("bias", [3])
        with tf.variable_scope("decoder/dense"):
            tf.get_variable("kernel", [3, 2])
            tf.get_variable("bias", [2])
    return table

'''

_NEW_NAMES = ("model/embedding/table/part_0", "model/embedding/table/part_1",
              "model/embedding/table/part_2", "model/embedding/table/part_3",
              "model/embedding/table/part_4", "model/encoder/dense/kernel",
              "model/encoder/dense/bias", "model/decoder/dense/kernel", "model/decoder/dense/bias")


def _expect_table(o: Observation):
    table = o.get("model/embedding/table")
    if not isinstance(table, PartitionedData) or len(table.shards) != 5:
        return feedback("missing_variable", "model/embedding/table is not the 5-shard variable "
                                            "build_new_layout() makes.")
    return _expect_restored(o, "model/embedding/table", EMBEDDING)


def _expect_layer(o: Observation, part: str):
    kernel, bias = DENSE[part]
    return (_expect_restored(o, f"model/{part}/dense/kernel", kernel)
            or _expect_restored(o, f"model/{part}/dense/bias", bias))


def _only_new_names(o: Observation):
    extra = sorted(set(o.variable_names()) - set(_NEW_NAMES))
    if extra:
        return feedback("checkpoint_names", f"The graph also holds {extra!r}: the checkpoint's "
                                            "layout was rebuilt instead of mapped.")
    return None


# The two layers at the root are 'dense' and 'dense_1': mapping by the first layer's name only
# (or 'dense/' twice) loads the encoder into the decoder, or leaves it at its initial values.
map_new_layout = Exercise(
    key="q18", slug="map_new_layout", title="Map a checkpoint into a new scope layout",
    topic="checkpoints",
    task=("An old checkpoint holds a flat model: 'embedding' [10, 4] (saved in 2 shards), "
          "'dense/kernel', 'dense/bias' (the encoder) and 'dense_1/kernel', 'dense_1/bias' (the "
          "decoder). Write load_new_layout(ckpt): call build_new_layout() (given) and load every "
          "one of its variables from the checkpoint with tf.train.init_from_checkpoint: the "
          "embedding into model/embedding/table (now 5 shards), dense into model/encoder/dense, "
          "dense_1 into model/decoder/dense."),
    expected=_NEW_NAMES,
    answer_name="load_new_layout",
    setup=_SAVE_FLAT, calls=("answer(CKPT)",), classify=_restore_failed,
    starter=_BUILD_NEW + '''def load_new_layout(ckpt):
    build_new_layout()
    pass
''',
    solution_code=_BUILD_NEW + '''def load_new_layout(ckpt):
    build_new_layout()
    tf.train.init_from_checkpoint(ckpt, {
        "embedding": "model/embedding/table",
        "dense/": "model/encoder/dense/",
        "dense_1/": "model/decoder/dense/",
    })
''',
    hints=(
        "tf.train.list_variables(ckpt) lists the checkpoint's names. A partitioned variable is "
        "saved once under its full name, so the shard count in the graph does not matter.",
        "An assignment map goes {name in the checkpoint: name in the graph}: a scope maps to a "
        "scope when both end in '/', one tensor maps to one variable (or a partitioned one) "
        "when neither does.",
    ),
    checks=(
        Check("table", "model/embedding/table (5 shards) holds the checkpoint's embedding",
              _expect_table),
        Check("encoder", "model/encoder/dense holds the checkpoint's dense layer",
              lambda o: _expect_layer(o, "encoder")),
        Check("decoder", "model/decoder/dense holds the checkpoint's dense_1 layer",
              lambda o: _expect_layer(o, "decoder")),
        Check("names", "only the new layout's variables exist", _only_new_names, hidden=True),
    ),
    known_wrong=(
        KnownWrong(_BUILD_NEW + '''def load_new_layout(ckpt):
    build_new_layout()
    tf.train.init_from_checkpoint(ckpt, {"dense/": "model/encoder/dense/",
                                         "dense_1/": "model/decoder/dense/"})
''', "checkpoint_values", ("'model/embedding/table'",)),
        KnownWrong(_BUILD_NEW + '''def load_new_layout(ckpt):
    build_new_layout()
    tf.train.init_from_checkpoint(ckpt, {"embedding": "model/embedding/table",
                                         "dense/": "model/decoder/dense/",
                                         "dense_1/": "model/encoder/dense/"})
''', "checkpoint_names", ("Assign requires shapes of both tensors to match",)),
        KnownWrong(_BUILD_NEW + '''def load_new_layout(ckpt):
    build_new_layout()
    tf.train.init_from_checkpoint(ckpt, {"embedding": "model/embedding/table",
                                         "/": "model/encoder/"})
''', "checkpoint_values", ("'model/decoder/dense/kernel'",)),
    ),
)

EXERCISES = (restore_after_rename, map_new_layout)
