"""The "Your turn" checks at the end of each tutorial: ``t01`` … ``t12``, one per notebook.

Each tutorial ends with a cell that is broken on purpose (the exercise's ``starter``, committed in
its broken state) and a cell that checks it: ``ex.t03.check(my_layers)`` with
``from scopelab.exercises import practice as ex``. The committed notebook shows the check's feedback
on the broken code, which is deterministic, so nbval compares it; the learner fixes the function,
runs both cells again, and the same check passes. tests/test_tutorial_checks.py runs both states
and checks that each notebook's cell is exactly the starter.

These are exercises like ``q1`` … (same framework, same feedback catalogue) without hidden checks:
they teach, they are not graded, so they are not part of ``ALL_EXERCISES``.
"""

from __future__ import annotations

import numpy as np

from scopelab.errors import VariableAlreadyExistsError
from scopelab.exercises.chapter_partitions import expect_sharding
from scopelab.exercises.diagnose import expect_same_object, expect_values, expect_variable
from scopelab.exercises.framework import Check, Exercise, KnownWrong
from scopelab.exercises.mistakes import feedback
from scopelab.keys import GraphKeys

__all__ = ["PRACTICE"]


def _returns(o, full_name: str, what: str):
    """The answer returned the stored variable ``full_name`` (no feedback if that is missing)."""
    stored = o.get(full_name)
    if stored is None:
        return expect_variable(o, full_name)
    got = o.returned[0] if o.returned else None
    if isinstance(got, (tuple, list)):
        got = got[0] if got else None
    return expect_same_object(stored, got, what)


def _pair_shared(o, full_name: str, what: str):
    pair = o.returned[0] if o.returned else None
    if not isinstance(pair, (tuple, list)) or len(pair) != 2:
        return feedback("wrong_return", f"{what} must return a pair (first, second).")
    return expect_variable(o, full_name) or expect_same_object(pair[0], pair[1], what)


def _exercise(key, slug, title, topic, task, answer_name, starter, category, phrases, solution,
              hints, checks, **more) -> Exercise:
    """A tutorial check: the starter is the broken cell, and it is the first known-wrong answer."""
    known = (KnownWrong(starter, category, phrases),) + more.pop("also_wrong", ())
    return Exercise(key=key, slug=slug, title=title, topic=topic, task=task, answer_name=answer_name,
                    starter=starter, solution_code=solution, hints=hints, checks=checks,
                    known_wrong=known, starter_runs=True, **more)


# --- t01 · names ----------------------------------------------------------------------------------
t01 = _exercise(
    "t01", "tutorial_names", "Fix a variable's name", "names",
    "build_decoder() must create 'decoder/attention/query' [4, 4] and return it.",
    "build_decoder", '''def build_decoder():
    with tf.variable_scope("decoder"):
        with tf.variable_scope("attention"):
            pass
        query = tf.get_variable("query", shape=[4, 4])
    return query
''', "wrong_name", ("'decoder/query'",), '''def build_decoder():
    with tf.variable_scope("decoder"):
        with tf.variable_scope("attention"):
            query = tf.get_variable("query", shape=[4, 4])
    return query
''',
    ("Which `with` blocks are open at the line that calls get_variable?",),
    (Check("query", "decoder/attention/query exists with shape (4, 4)",
           lambda o: expect_variable(o, "decoder/attention/query", shape=(4, 4))),
     Check("returned", "build_decoder() returns it",
           lambda o: _returns(o, "decoder/attention/query", "the stored and the returned variable"))),
    expected=("decoder/attention/query",),
)

# --- t02 · sharing --------------------------------------------------------------------------------
t02 = _exercise(
    "t02", "tutorial_sharing", "Share the tower's weights", "reuse",
    "towers() builds a training tower and an evaluation tower that must share 'tower/w' [3, 3]; "
    "it returns both handles (train, evaluation).",
    "towers", '''def towers():
    with tf.variable_scope("tower"):
        train_w = tf.get_variable("w", shape=[3, 3])
    with tf.variable_scope("tower"):
        eval_w = tf.get_variable("w", shape=[3, 3])
    return train_w, eval_w
''', "reuse_missing", ("'tower/w' a second time while reuse was off",), '''def towers():
    with tf.variable_scope("tower"):
        train_w = tf.get_variable("w", shape=[3, 3])
    with tf.variable_scope("tower", reuse=True):
        eval_w = tf.get_variable("w", shape=[3, 3])
    return train_w, eval_w
''',
    ("Only the second scope should share; the first one creates.",),
    (Check("shared", "both towers get the same tower/w",
           lambda o: _pair_shared(o, "tower/w", "the training and evaluation weights")),),
    expected=("tower/w",),
)

# --- t03 · name_scope -----------------------------------------------------------------------------
t03 = _exercise(
    "t03", "tutorial_name_scope", "Layers under MY_SCOPE", "name_scope",
    "my_layers() builds two dense layers whose kernels must be 'MY_SCOPE/dense/kernel' and "
    "'MY_SCOPE/dense_1/kernel', so that tf.global_variables(scope='MY_SCOPE') finds them.",
    "my_layers", '''def my_layers():
    with tf.name_scope("MY_SCOPE"):
        with tf.variable_scope(None, default_name="dense"):
            first = tf.get_variable("kernel", shape=[2, 2])
        with tf.variable_scope(None, default_name="dense"):
            second = tf.get_variable("kernel", shape=[2, 2])
    return first, second
''', "name_scope_instead", ("'dense/kernel'", "without 'MY_SCOPE/' in front"), '''def my_layers():
    with tf.variable_scope("MY_SCOPE"):
        with tf.variable_scope(None, default_name="dense"):
            first = tf.get_variable("kernel", shape=[2, 2])
        with tf.variable_scope(None, default_name="dense"):
            second = tf.get_variable("kernel", shape=[2, 2])
    return first, second
''',
    ("Which of the two kinds of scope does get_variable listen to?",),
    (Check("first", "MY_SCOPE/dense/kernel exists", lambda o: expect_variable(o, "MY_SCOPE/dense/kernel")),
     Check("second", "MY_SCOPE/dense_1/kernel exists",
           lambda o: expect_variable(o, "MY_SCOPE/dense_1/kernel"))),
    expected=("MY_SCOPE/dense/kernel", "MY_SCOPE/dense_1/kernel"),
)


# --- t04 · default names --------------------------------------------------------------------------
def _repeated_scope(err, o):
    if isinstance(err, VariableAlreadyExistsError):
        name = str(getattr(err, "name", "") or "a block variable").removesuffix(":0")
        return feedback("default_name_not_used", f"three_blocks() asked for {name!r} a second time: "
                                                 f"the same scope name came back.")
    return None


t04 = _exercise(
    "t04", "tutorial_default_names", "Three separate blocks", "default_names",
    "three_blocks() must create three separate variables, 'block/w', 'block_1/w' and 'block_2/w' "
    "([2] each), by letting variable_scope number the scopes, and return their names.",
    "three_blocks", '''def three_blocks():
    names = []
    for _ in range(3):
        with tf.variable_scope("block"):
            names.append(tf.get_variable("w", shape=[2]).name)
    return names
''', "default_name_not_used", ("'block/w' a second time", "fresh scope name"), '''def three_blocks():
    names = []
    for _ in range(3):
        with tf.variable_scope(None, default_name="block"):
            names.append(tf.get_variable("w", shape=[2]).name)
    return names
''',
    ("A string scope is the same scope every time it is opened.",),
    tuple(Check(name.replace("/", "_"), f"{name} exists", lambda o, n=name: expect_variable(o, n, shape=(2,)))
          for name in ("block/w", "block_1/w", "block_2/w")),
    expected=("block/w", "block_1/w", "block_2/w"), classify=_repeated_scope,
)

# --- t05 · initializers ---------------------------------------------------------------------------
t05 = _exercise(
    "t05", "tutorial_initializers", "Biases start at zero", "initializers",
    "init_layer() creates, in scope `layer`, w [64, 32] drawn by the scope's truncated normal "
    "initializer (stddev 0.1), and b [32], which must start at zeros.",
    "init_layer", '''def init_layer():
    with tf.variable_scope("layer", initializer=tf.truncated_normal_initializer(stddev=0.1, seed=1)):
        w = tf.get_variable("w", shape=[64, 32])
        b = tf.get_variable("b", shape=[32])
''', "wrong_initializer", ("'layer/b' should start as all 0",), '''def init_layer():
    with tf.variable_scope("layer", initializer=tf.truncated_normal_initializer(stddev=0.1, seed=1)):
        w = tf.get_variable("w", shape=[64, 32])
        b = tf.get_variable("b", shape=[32], initializer=tf.zeros_initializer())
''',
    ("A scope's initializer applies to every variable inside it that does not name its own.",),
    (Check("w", "layer/w looks like a truncated normal with stddev 0.1",
           lambda o: expect_values(o, "layer/w", "truncated_normal", stddev=0.1)),
     Check("b", "layer/b starts at zeros", lambda o: expect_values(o, "layer/b", "zeros"))),
    expected=("layer/w", "layer/b"),
)


# --- t06 · dtypes ---------------------------------------------------------------------------------
def _table_values(o):
    found = expect_variable(o, "table", shape=(3, 2))
    if found:
        return found
    values = o.value("table")
    if values is not None and not np.array_equal(values, np.arange(6).reshape(3, 2)):
        return feedback("wrong_initializer", f"'table' holds {values.tolist()}, not the values 0 to 5.")
    return None


t06 = _exercise(
    "t06", "tutorial_dtypes", "A table from values", "dtypes",
    "lookup_table() must create 'table' [3, 2] holding the values 0 to 5 (float32), and return it.",
    "lookup_table", '''def lookup_table():
    values = np.arange(6, dtype=np.float32).reshape(3, 2)
    return tf.get_variable("table", shape=[3, 2], initializer=values)
''', "constant_with_shape", ("both a constant value and a shape",), '''def lookup_table():
    values = np.arange(6, dtype=np.float32).reshape(3, 2)
    return tf.get_variable("table", initializer=values)
''',
    ("A value already has a shape.",),
    (Check("table", "table (3, 2) holds 0 to 5", _table_values),
     Check("returned", "lookup_table() returns it",
           lambda o: _returns(o, "table", "the stored and the returned variable"))),
    expected=("table",),
)


# --- t07 · regularizers ---------------------------------------------------------------------------
def _kernel_loss_only(o):
    n = len(o.regularization_losses())
    if n != 1:
        return feedback("wrong_regularization", f"REGULARIZATION_LOSSES: expected 1 loss (for dense/kernel "
                                                f"only), got {n}.")
    return None


t07 = _exercise(
    "t07", "tutorial_regularizers", "Regularize the kernel only", "regularizers",
    "regularized_layer() creates dense/kernel [4, 4] and dense/bias [4] in a scope with an L2 "
    "regularizer; only the kernel may add a regularization loss.",
    "regularized_layer", '''def regularized_layer():
    with tf.variable_scope("dense", regularizer=tf.l2_regularizer(0.01)):
        kernel = tf.get_variable("kernel", shape=[4, 4])
        bias = tf.get_variable("bias", shape=[4])
''', "wrong_regularization", ("expected 1 loss (for dense/kernel only), got 2",), '''def regularized_layer():
    with tf.variable_scope("dense", regularizer=tf.l2_regularizer(0.01)):
        kernel = tf.get_variable("kernel", shape=[4, 4])
        bias = tf.get_variable("bias", shape=[4], regularizer=tf.no_regularizer)
''',
    ("Which of the two variables does the scope's regularizer reach?",),
    (Check("variables", "dense/kernel and dense/bias exist",
           lambda o: expect_variable(o, "dense/kernel", shape=(4, 4))
           or expect_variable(o, "dense/bias", shape=(4,))),
     Check("one_loss", "exactly one regularization loss", _kernel_loss_only)),
    expected=("dense/kernel", "dense/bias"),
)

# --- t08 · partitioned variables ------------------------------------------------------------------
t08 = _exercise(
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
    return _returns(o, "pretrained/embedding", "the stored and the returned variable")


def _frozen(o):
    trainable = {n.removesuffix(":0") for n in o.collection_names(GraphKeys.TRAINABLE_VARIABLES)}
    if "pretrained/embedding" in trainable:
        return feedback("wrong_trainable", "'pretrained/embedding' is in TRAINABLE_VARIABLES.")
    return expect_variable(o, "pretrained/embedding")


t09 = _exercise(
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


t10 = _exercise(
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
t11 = _exercise(
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
           lambda o: _returns(o, "model/w", "model/w and the returned w"))),
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


t12 = _exercise(
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
           lambda o: _pair_shared(o, "encoder/kernel", "the training and evaluation copies"))),
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

PRACTICE = (t01, t02, t03, t04, t05, t06, t07, t08, t09, t10, t11, t12)
