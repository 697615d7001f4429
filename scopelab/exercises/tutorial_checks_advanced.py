"""The tutorials' "Your turn" checks t08-t14 (partitioned variables, custom getters, devices,
classic pitfalls, checkpoints, real models, parameter servers).

See :mod:`scopelab.exercises.tutorial_checks` for what these checks are.
"""

from __future__ import annotations

import re

import numpy as np

from scopelab.exercises.chapter_partitions import expect_sharding
from scopelab.exercises.diagnose import expect_variable
from scopelab.exercises.framework import Check, KnownWrong
from scopelab.exercises.mistakes import feedback
from scopelab.exercises.tutorial_checks_basics import pair_shared, returns_variable, tutorial_check
from scopelab.keys import GraphKeys

__all__ = ["CHECKS"]


# --- t08 · partitioned variables ------------------------------------------------------------------
t08 = tutorial_check(
    "t08", "tutorial_partitions", "As many shards as rows allow", "partitions",
    "small_table() must create 'small' [3, 4] split along axis 0 into as many shards as a 3-row "
    "variable can have, and return it.",
    "small_table", '''def small_table():
    return tf.get_variable("small", shape=[3, 4], partitioner=lambda shape, dtype: [4, 1])
''', "wrong_partitioning", ("into 4 shards",), '''def small_table():
    return tf.get_variable("small", shape=[3, 4], partitioner=lambda shape, dtype: [3, 1])
''',
    ("Every shard needs at least one row.",),
    (Check("shards", "small (3, 4) has 3 shards of shape (1, 4)",
           lambda o: expect_sharding(o, "small", (3, 4), [(1, 4)] * 3)),),
    expected=("small/part_0", "small/part_1", "small/part_2"),
)


# --- t09 · custom getters -------------------------------------------------------------------------
def _getter_returned(o):
    stored = o.get("pretrained/embedding")
    got = o.returned[0] if o.returned else None
    if stored is not None and got is None:
        return feedback("custom_getter", "get_variable returned None although 'pretrained/embedding' was "
                                         "created: your getter does not return what getter(...) returned.")
    return returns_variable(o, "pretrained/embedding", "the stored and the returned variable")


def _frozen(o):
    trainable = {n.removesuffix(":0") for n in o.collection_names(GraphKeys.TRAINABLE_VARIABLES)}
    if "pretrained/embedding" in trainable:
        return feedback("wrong_trainable", "'pretrained/embedding' is in TRAINABLE_VARIABLES.")
    return expect_variable(o, "pretrained/embedding")


t09 = tutorial_check(
    "t09", "tutorial_custom_getters", "A getter that returns", "custom_getters",
    "frozen_embedding() creates 'pretrained/embedding' [5, 2] through a custom getter that makes it "
    "non-trainable, and returns what get_variable returns: the variable.",
    "frozen_embedding", '''def frozen_embedding():
    def freeze(getter, name, *args, **kwargs):
        kwargs["trainable"] = False
        getter(name, *args, **kwargs)

    with tf.variable_scope("pretrained", custom_getter=freeze):
        return tf.get_variable("embedding", shape=[5, 2])
''', "custom_getter", ("returned None", "does not return"), '''def frozen_embedding():
    def freeze(getter, name, *args, **kwargs):
        kwargs["trainable"] = False
        return getter(name, *args, **kwargs)

    with tf.variable_scope("pretrained", custom_getter=freeze):
        return tf.get_variable("embedding", shape=[5, 2])
''',
    ("What get_variable returns is what the getter returns.",),
    (Check("frozen", "pretrained/embedding exists and is not trainable", _frozen),
     Check("returned", "frozen_embedding() returns the variable", _getter_returned)),
    expected=("pretrained/embedding",),
)


# --- t10 · devices --------------------------------------------------------------------------------
def _on_cuda(o):
    found = expect_variable(o, "gpu/w", shape=(8, 8))
    if found:
        return found
    if o.probe != "cuda":
        return feedback("wrong_device", f"'gpu/w' was computed on the {o.probe!r} target.")
    return None


t10 = tutorial_check(
    "t10", "tutorial_devices", "Values from the CUDA kernels", "cuda",
    "gpu_weights() must create 'gpu/w' [8, 8] (seeded normal values) whose values are computed by "
    "the CUDA kernels (its target is 'cuda'), and return it.",
    "gpu_weights", '''def gpu_weights():
    with tf.variable_scope("gpu"):
        return tf.get_variable("w", shape=[8, 8], initializer=tf.random_normal_initializer(seed=3))
''', "wrong_device", ("'cpu' target",), '''def gpu_weights():
    with tf.variable_scope("gpu"), tf.device("/gpu:0"):
        return tf.get_variable("w", shape=[8, 8], initializer=tf.random_normal_initializer(seed=3))
''',
    ("TF1 code places things with a context manager around them.",),
    (Check("cuda", "gpu/w has the target 'cuda'", _on_cuda),),
    expected=("gpu/w",),
    probe='w = variable("gpu/w")\nresult = None if w is None else str(w.target)\n',
)

# --- t11 · pitfalls -------------------------------------------------------------------------------
t11 = tutorial_check(
    "t11", "tutorial_pitfalls", "A new variable next to shared ones", "pitfalls",
    "extend_model() creates 'model/w' [4, 1], then opens `model` again to fetch w and, in the same "
    "block, to create a new variable 'model/head/b' [1] in a sub-scope `head`. It returns (w, b).",
    "extend_model", '''def extend_model():
    with tf.variable_scope("model"):
        tf.get_variable("w", shape=[4, 1])
    with tf.variable_scope("model", reuse=True):
        w = tf.get_variable("w", shape=[4, 1])
        with tf.variable_scope("model/head", reuse=tf.AUTO_REUSE):
            b = tf.get_variable("b", shape=[1])
    return w, b
''', "wrong_name", ("'model/model/head/b'",), '''def extend_model():
    with tf.variable_scope("model"):
        tf.get_variable("w", shape=[4, 1])
    with tf.variable_scope("model", reuse=tf.AUTO_REUSE):
        w = tf.get_variable("w", shape=[4, 1])
        with tf.variable_scope("head"):
            b = tf.get_variable("b", shape=[1])
    return w, b
''',
    ("A scope string is relative to the variable scope it is opened in.",
     "Reuse is inherited: the outer scope decides whether the inner one may create."),
    (Check("b", "model/head/b exists with shape (1,)",
           lambda o: expect_variable(o, "model/head/b", shape=(1,))),
     Check("w", "model/w exists and is returned as w",
           lambda o: returns_variable(o, "model/w", "model/w and the returned w"))),
    expected=("model/w", "model/head/b"),
    also_wrong=(KnownWrong('''def extend_model():
    with tf.variable_scope("model"):
        tf.get_variable("w", shape=[4, 1])
    with tf.variable_scope("model", reuse=True):
        w = tf.get_variable("w", shape=[4, 1])
        with tf.variable_scope("head", reuse=False):
            b = tf.get_variable("b", shape=[1])
    return w, b
''', "reuse_on_new_variable", ("'model/head/b'", "did not exist yet")),),
)


# --- t12 · checkpoints ----------------------------------------------------------------------------
_SAVE_ENCODER = """
import os, tempfile
with tf.Graph().as_default():                 # the training run that wrote the checkpoint
    with tf.variable_scope("encoder"):
        tf.get_variable("kernel", initializer=np.arange(12, dtype=np.float32).reshape(3, 4))
    CKPT = tf.train.Saver().save(None, os.path.join(tempfile.mkdtemp(), "model.ckpt"))
"""


def _second_copy(err, o):
    text = str(err).splitlines()[0] if str(err) else ""
    if type(err).__name__ == "NotFoundError" and "encoder_" in text:
        return feedback("not_shared", f"The restore stopped: {text}. The second call of encoder() "
                                      f"opened a new scope instead of sharing 'encoder'.")
    return None


def _restored(o):
    found = expect_variable(o, "encoder/kernel", shape=(3, 4))
    if found:
        return found
    values = o.value("encoder/kernel")
    if values is not None and not np.array_equal(values, np.arange(12).reshape(3, 4)):
        return feedback("checkpoint_values", "'encoder/kernel' does not hold the checkpoint's value.")
    return None


t12 = tutorial_check(
    "t12", "tutorial_checkpoints", "One encoder, restored", "checkpoints",
    "train_and_eval(ckpt) builds the encoder twice, for training and for evaluation; both copies "
    "must be the one variable 'encoder/kernel' [3, 4], restored from the checkpoint ckpt. It returns "
    "(train, evaluation).",
    "train_and_eval", '''def train_and_eval(ckpt):
    def encoder():
        with tf.variable_scope(None, default_name="encoder"):
            return tf.get_variable("kernel", [3, 4])

    train = encoder()
    evaluation = encoder()      # the evaluation copy must share the training weights
    tf.train.Saver().restore(None, ckpt)
    return train, evaluation
''', "not_shared", ("encoder_1/kernel", "opened a new scope"), '''def train_and_eval(ckpt):
    def encoder():
        with tf.variable_scope("encoder", reuse=tf.AUTO_REUSE):
            return tf.get_variable("kernel", [3, 4])

    train = encoder()
    evaluation = encoder()      # the evaluation copy must share the training weights
    tf.train.Saver().restore(None, ckpt)
    return train, evaluation
''',
    ("Print tf.global_variables() after the two calls: how many kernels are there?",),
    (Check("restored", "encoder/kernel holds the checkpoint's value", _restored),
     Check("shared", "train and evaluation are the same variable",
           lambda o: pair_shared(o, "encoder/kernel", "the training and evaluation copies"))),
    expected=("encoder/kernel",), setup=_SAVE_ENCODER, calls=("answer(CKPT)",), classify=_second_copy,
    also_wrong=(KnownWrong('''def train_and_eval(ckpt):
    def encoder():
        with tf.variable_scope(None, default_name="encoder"):
            return tf.get_variable("kernel", [3, 4])

    train = encoder()
    evaluation = encoder()
    tf.train.init_from_checkpoint(ckpt, [("encoder/", "encoder/"), ("encoder/", "encoder_1/")])
    return train, evaluation
''', "not_shared", ("two different variables", "'encoder_1/kernel:0'")),),
)

# --- t13 · real models ----------------------------------------------------------------------------
_NAMES = ("encoder/query/kernel", "encoder/query/bias", "encoder/key/kernel", "encoder/key/bias")

t13 = tutorial_check(
    "t13", "tutorial_models", "Layers you can find by name", "layers",
    "build_attention(x) builds two dense layers of 4 units in scope `encoder`, a query and a key, "
    "whose variables must be 'encoder/query/kernel', 'encoder/query/bias', 'encoder/key/kernel' "
    "and 'encoder/key/bias', so that later code finds them by name.",
    "build_attention", '''def build_attention(x):
    with tf.variable_scope("encoder"):
        query = tf.layers.dense(x, 4)
        key = tf.layers.dense(x, 4)
    return query, key
''', "wrong_name", ("'encoder/dense/kernel'",), '''def build_attention(x):
    with tf.variable_scope("encoder"):
        query = tf.layers.dense(x, 4, name="query")
        key = tf.layers.dense(x, 4, name="key")
    return query, key
''',
    ("A layer without a name= gets a default name, counted per variable scope.",),
    (Check("query", "encoder/query/kernel and bias exist",
           lambda o: expect_variable(o, _NAMES[0]) or expect_variable(o, _NAMES[1])),
     Check("key", "encoder/key/kernel and bias exist",
           lambda o: expect_variable(o, _NAMES[2]) or expect_variable(o, _NAMES[3]))),
    expected=_NAMES, setup='x = tf.placeholder(tf.float32, [None, 4], name="x")\n', calls=("answer(x)",),
)


# --- t14 · parameter servers ----------------------------------------------------------------------
_SHARDS = tuple(f"table/part_{k}" for k in range(4))
_PS_TASK = re.compile(r"^/job:ps/task:(\d+)(?:/|$)")


def _ps_task(device: str) -> int | None:
    """The ps task a device string names, or None when it names no single ps task."""
    found = _PS_TASK.match(device)
    return int(found.group(1)) if found else None


def _spread(o):
    sharded = expect_sharding(o, "table", (8, 4), [(2, 4)] * 4)
    if sharded:   # nothing to place: the sharding check says why, in the same words
        return sharded
    devices = {str(p[0]): str(p[1]) for p in o.probe} if isinstance(o.probe, list) else {}
    got = [devices.get(name, "") for name in _SHARDS]
    tasks = [_ps_task(d) for d in got]
    if tasks == [0, 1, 0, 1]:
        return None
    if len(set(got)) == 1:
        if not got[0]:
            return feedback("wrong_placement", "The 4 shards of 'table' have no device (''): nothing "
                                               "placed them.")
        return feedback("wrong_placement", f"All 4 shards of 'table' are on {got[0]!r}.")
    outside = [(n, d) for n, d, t in zip(_SHARDS, got, tasks) if t not in (0, 1)]
    if outside:
        listed = ", ".join(f"{n!r} on {d!r}" for n, d in outside)
        return feedback("wrong_placement", f"{listed}: the cluster has 2 ps tasks, /job:ps/task:0 "
                                           f"and /job:ps/task:1.")
    listed = ", ".join(f"{n!r} on {d!r}" for n, d in zip(_SHARDS, got))
    return feedback("wrong_placement", f"The shards are placed {listed}; part_0 and part_2 should be "
                                       f"on task 0, part_1 and part_3 on task 1.")


_PLACE = '''def place_table():
    # too big for one parameter server: the shards must take turns on both
    with tf.device("/job:ps/task:0"):
        return tf.get_variable("table", shape=[8, 4], partitioner=tf.fixed_size_partitioner(4))
'''
_ON_ONE = 'tf.device("/job:ps/task:0")'
_SETTER = "tf.device(tf.train.replica_device_setter(ps_tasks=2))"
_STEP_FIRST = '''def place_table():
    with tf.device(tf.train.replica_device_setter(ps_tasks=2)):
        step = tf.get_variable("step", shape=[], dtype=tf.int64, initializer=tf.zeros_initializer())
        return tf.get_variable("table", shape=[8, 4], partitioner=tf.fixed_size_partitioner(4))
'''

t14 = tutorial_check(
    "t14", "tutorial_parameter_servers", "A table on two parameter servers", "devices",
    "place_table() creates 'table' [8, 4] in 4 shards along axis 0 for a cluster with 2 parameter "
    "servers: the shards must take turns, 'table/part_0' and 'table/part_2' on '/job:ps/task:0', "
    "'table/part_1' and 'table/part_3' on '/job:ps/task:1'. It returns the table.",
    "place_table", _PLACE, "wrong_placement", ("All 4 shards", "'/job:ps/task:0'"),
    _PLACE.replace(_ON_ONE, _SETTER),
    ("Is the device decided once for the whole block, or once for every shard?",
     "tf.train has a helper that builds such a device function for a number of ps tasks."),
    (Check("shards", "table (8, 4) has 4 shards of shape (2, 4)",
           lambda o: expect_sharding(o, "table", (8, 4), [(2, 4)] * 4)),
     Check("placed", "the shards alternate between /job:ps/task:0 and /job:ps/task:1", _spread),
     Check("returned", "place_table() returns the table",
           lambda o: returns_variable(o, "table", "the stored and the returned table"))),
    expected=_SHARDS,
    probe="result = [[v.full_name, v.device] for v in tf.get_default_store().variables()]\n",
    also_wrong=(
        KnownWrong(_PLACE.replace(_ON_ONE, _SETTER.replace("=2", "=4")),
                   "wrong_placement", ("'table/part_2' on '/job:ps/task:2'", "2 ps tasks")),
        KnownWrong(_PLACE.replace(f"with {_ON_ONE}:\n        return", "return"),
                   "wrong_placement", ("have no device",)),
        KnownWrong(_STEP_FIRST, "wrong_placement", ("'table/part_0' on '/job:ps/task:1'",)),
    ),
)

CHECKS = (t08, t09, t10, t11, t12, t13, t14)
