"""Chapter 3 exercises: initializers, dtypes, regularizers and collections."""

from __future__ import annotations

import numpy as np

from scopelab.errors import DtypeMismatchError, InitializerDtypeMismatchError
from scopelab.exercises.diagnose import expect_variable, expect_values
from scopelab.exercises.observation import same_variable
from scopelab.exercises.framework import Check, Exercise, KnownWrong
from scopelab.exercises.mistakes import feedback
from scopelab.keys import GraphKeys

__all__ = ["initializers", "dtypes", "regularizers", "collections", "EXERCISES"]


# --- q8 -------------------------------------------------------------------------------------------
initializers = Exercise(
    key="q8", slug="initializers", title="Initializers", topic="initializers",
    task=("Write init_layer() that, in scope `init`, creates b [10] starting at zeros, scale [4] "
          "starting at 0.5 everywhere, and w [200, 100] drawn from a truncated normal with stddev 0.02."),
    expected=("init/b", "init/scale", "init/w"),
    answer_name="init_layer",
    starter='''def init_layer():
    # init/b [10] zeros, init/scale [4] all 0.5, init/w [200, 100] truncated normal (stddev 0.02)
    pass
''',
    solution_code='''def init_layer():
    with tf.variable_scope("init"):
        tf.get_variable("b", shape=[10], initializer=tf.zeros_initializer())
        tf.get_variable("scale", shape=[4], initializer=tf.constant_initializer(0.5))
        tf.get_variable("w", shape=[200, 100],
                        initializer=tf.truncated_normal_initializer(stddev=0.02))
''',
    hints=(
        "Without an initializer a float variable starts from glorot_uniform, not from zeros.",
        "Each starting value has its own tf.*_initializer; pass it as initializer=.",
        "A truncated normal never draws beyond two standard deviations; a plain normal does.",
    ),
    checks=(
        Check("zeros", "init/b starts at zeros", lambda a: expect_values(a, "init/b", "zeros")),
        Check("constant", "init/scale starts at 0.5",
              lambda a: expect_values(a, "init/scale", "constant", value=0.5)),
        Check("truncated", "init/w looks like a truncated normal with stddev 0.02",
              lambda a: expect_values(a, "init/w", "truncated_normal", stddev=0.02)),
        Check("shapes", "the three shapes are (10,), (4,), (200, 100)",
              lambda a: expect_variable(a, "init/b", shape=(10,)) or expect_variable(a, "init/scale", shape=(4,))
              or expect_variable(a, "init/w", shape=(200, 100)), hidden=True),
    ),
    known_wrong=(
        KnownWrong('''def init_layer():
    with tf.variable_scope("init"):
        tf.get_variable("b", shape=[10])
        tf.get_variable("scale", shape=[4], initializer=tf.constant_initializer(0.5))
        tf.get_variable("w", shape=[200, 100],
                        initializer=tf.truncated_normal_initializer(stddev=0.02))
''', "wrong_initializer", ("'init/b' should start as all 0", "glorot_uniform")),
        KnownWrong('''def init_layer():
    with tf.variable_scope("init"):
        tf.get_variable("b", shape=[10], initializer=tf.zeros_initializer())
        tf.get_variable("scale", shape=[4], initializer=tf.constant_initializer(0.5))
        tf.get_variable("w", shape=[200, 100],
                        initializer=tf.random_normal_initializer(stddev=0.02))
''', "wrong_initializer", ("beyond 2 stddev",)),
        KnownWrong('''def init_layer():
    with tf.variable_scope("init"):
        tf.get_variable("b", shape=[10], initializer=tf.zeros_initializer())
        tf.get_variable("scale", shape=[4], initializer=0.5)
        tf.get_variable("w", shape=[200, 100],
                        initializer=tf.truncated_normal_initializer(stddev=0.02))
''', "constant_with_shape", ("do not pass shape=",)),
    ),
)


# --- q9 -------------------------------------------------------------------------------------------
def _dtype_error(err, attempt):
    if isinstance(err, DtypeMismatchError):
        return feedback("dtype_mismatch_on_reuse",
                        "The second request for 'counters/step' did not say its dtype.")
    if isinstance(err, InitializerDtypeMismatchError):
        return feedback("wrong_dtype", "The initializer value and dtype= disagree.")
    return None


def _step_returned(a):
    got = a.returned[0] if a.returned else None
    if got is None or not same_variable(got, a.get("counters/step")):
        return feedback("wrong_return", "counters() must return the re-fetched counters/step.")
    return None


def _not_trainable(a, full_name):
    names = a.collection_names(GraphKeys.TRAINABLE_VARIABLES)
    if full_name in names or full_name + ":0" in names:
        return feedback("wrong_trainable", f"{full_name!r} is in TRAINABLE_VARIABLES.")
    return None


dtypes = Exercise(
    key="q9", slug="dtypes", title="dtypes", topic="dtypes",
    task=("Write counters() that, in scope `counters`, creates step: an int64 scalar (shape []) "
          "starting at 0 and not trainable, and table: float64 [5, 3] of zeros. Then fetch step "
          "again with reuse (as a training loop would) and return that handle."),
    expected=("counters/step", "counters/table"),
    answer_name="counters",
    starter='''def counters():
    # counters/step: int64 scalar, 0, not trainable; counters/table: float64 [5, 3] zeros.
    # Then fetch counters/step again with reuse and return it.
    pass
''',
    solution_code='''def counters():
    with tf.variable_scope("counters"):
        tf.get_variable("step", shape=[], dtype=tf.int64, trainable=False,
                        initializer=tf.zeros_initializer())
        tf.get_variable("table", shape=[5, 3], dtype=tf.float64,
                        initializer=tf.zeros_initializer())
    with tf.variable_scope("counters", reuse=True):
        return tf.get_variable("step", shape=[], dtype=tf.int64)
''',
    hints=(
        "Without dtype=, get_variable uses the scope's dtype, float32.",
        "Reuse checks the dtype too, and a missing dtype= means float32 again.",
        "Integer variables start at zeros by default; trainable=False keeps step out of training.",
    ),
    checks=(
        Check("step", "counters/step is an int64 scalar",
              lambda a: expect_variable(a, "counters/step", shape=(), dtype="int64")),
        Check("table", "counters/table is float64 (5, 3) zeros",
              lambda a: expect_variable(a, "counters/table", shape=(5, 3), dtype="float64")
              or expect_values(a, "counters/table", "zeros")),
        Check("returned", "counters() returns the same step variable", _step_returned),
        Check("frozen", "step is not trainable", lambda a: _not_trainable(a, "counters/step"), hidden=True),
    ),
    classify=_dtype_error,
    known_wrong=(
        KnownWrong('''def counters():
    with tf.variable_scope("counters"):
        tf.get_variable("step", shape=[], trainable=False, initializer=tf.zeros_initializer())
        tf.get_variable("table", shape=[5, 3], dtype=tf.float64, initializer=tf.zeros_initializer())
    with tf.variable_scope("counters", reuse=True):
        return tf.get_variable("step", shape=[])
''', "wrong_dtype", ("expected dtype int64, got float32",)),
        KnownWrong('''def counters():
    with tf.variable_scope("counters"):
        tf.get_variable("step", shape=[], dtype=tf.int64, trainable=False)
        tf.get_variable("table", shape=[5, 3], dtype=tf.float64, initializer=tf.zeros_initializer())
    with tf.variable_scope("counters", reuse=True):
        return tf.get_variable("step", shape=[])
''', "dtype_mismatch_on_reuse", ("did not say its dtype",)),
    ),
)


# --- q10 ------------------------------------------------------------------------------------------
def _one_loss(a):
    n = len(a.regularization_losses())
    if n != 1:
        return feedback("wrong_regularization",
                        f"REGULARIZATION_LOSSES: expected 1 loss (for layer/w only), got {n}.")
    return None


# After the answer: set layer/w to 2.0 everywhere and read the losses again (a lazy loss follows).
_ASSIGN_TWO = """
w = variable("layer/w")
if w is not None and not isinstance(w, tf.PartitionedVariable):
    w.assign(np.full(w.shape.as_list(), 2.0, dtype=np.asarray(w).dtype))
result = [float(loss) for loss in tf.get_default_store().regularization_losses()]
"""


def _loss_follows_w(a):
    w = a.get("layer/w")
    losses = a.regularization_losses()
    if w is None or w.value is None or len(losses) != 1:
        return feedback("wrong_regularization", "Need exactly one loss and the variable layer/w.")
    expected_now = 0.1 * float(np.sum(w.value.astype(np.float64) ** 2)) / 2
    if not np.isclose(losses[0], expected_now, rtol=1e-4):
        return feedback("wrong_regularization",
                        f"The loss is {losses[0]:.4g}; an L2 penalty of scale 0.1 on layer/w "
                        f"would be {expected_now:.4g}.")
    after = a.probe if isinstance(a.probe, list) else []
    if len(after) != 1 or not np.isclose(after[0], 0.1 * 4.0 * 9 / 2, rtol=1e-4):
        return feedback("wrong_regularization", "The loss did not follow a new value of layer/w.")
    return None


regularizers = Exercise(
    key="q10", slug="regularizers", title="Regularizers", topic="regularizers",
    task=("Write regularized_layer() that opens scope `layer` with "
          "regularizer=tf.l2_regularizer(0.1) and creates w [3, 3] starting at ones (regularized) "
          "and b [3] starting at zeros, which must NOT be regularized."),
    expected=("layer/w", "layer/b"),
    answer_name="regularized_layer",
    starter='''def regularized_layer():
    # scope "layer" with an L2 regularizer of scale 0.1: w [3, 3] ones (regularized), b [3] zeros (not)
    pass
''',
    solution_code='''def regularized_layer():
    with tf.variable_scope("layer", regularizer=tf.l2_regularizer(0.1)):
        tf.get_variable("w", shape=[3, 3], initializer=tf.ones_initializer())
        tf.get_variable("b", shape=[3], initializer=tf.zeros_initializer(),
                        regularizer=tf.no_regularizer)
''',
    hints=(
        "A scope's regularizer is applied to every variable created inside it.",
        "To switch an inherited regularizer off for one variable, pass regularizer=tf.no_regularizer.",
    ),
    checks=(
        Check("w", "layer/w exists (3, 3)", lambda a: expect_variable(a, "layer/w", shape=(3, 3))),
        Check("b", "layer/b exists (3,)", lambda a: expect_variable(a, "layer/b", shape=(3,))),
        Check("one_loss", "exactly one regularization loss", _one_loss),
        Check("lazy", "the loss is 0.1 * sum(w**2) / 2 and follows w's current value", _loss_follows_w,
              hidden=True),
    ),
    probe=_ASSIGN_TWO,
    known_wrong=(
        KnownWrong('''def regularized_layer():
    with tf.variable_scope("layer", regularizer=tf.l2_regularizer(0.1)):
        tf.get_variable("w", shape=[3, 3], initializer=tf.ones_initializer())
        tf.get_variable("b", shape=[3], initializer=tf.zeros_initializer())
''', "wrong_regularization", ("expected 1 loss (for layer/w only), got 2", "no_regularizer")),
        KnownWrong('''def regularized_layer():
    with tf.variable_scope("layer"):
        tf.get_variable("w", shape=[3, 3], initializer=tf.ones_initializer())
        tf.get_variable("b", shape=[3], initializer=tf.zeros_initializer())
''', "wrong_regularization", ("got 0.",)),
    ),
)


# --- q11 ------------------------------------------------------------------------------------------
def _membership(a, full_name, key, want: bool):
    names = {n.removesuffix(":0") for n in a.collection_names(key)}
    if (full_name in names) != want:
        verb = "is missing from" if want else "should not be in"
        category = "wrong_trainable" if key == GraphKeys.TRAINABLE_VARIABLES else "wrong_collections"
        return feedback(category, f"{full_name!r} {verb} the collection {key!r}.")
    return None


collections = Exercise(
    key="q11", slug="collections", title="Collections", topic="collections",
    task=("Write make_stats() that, in scope `stats`, creates count: an int32 scalar local variable "
          "(tf.get_local_variable, zeros), and ema: [4] zeros that is NOT trainable and belongs to "
          "both GLOBAL_VARIABLES and MOVING_AVERAGE_VARIABLES."),
    expected=("stats/count", "stats/ema"),
    answer_name="make_stats",
    starter='''def make_stats():
    # stats/count: local int32 scalar; stats/ema: [4] zeros, not trainable,
    # in GLOBAL_VARIABLES and MOVING_AVERAGE_VARIABLES
    pass
''',
    solution_code='''def make_stats():
    with tf.variable_scope("stats"):
        tf.get_local_variable("count", shape=[], dtype=tf.int32)
        tf.get_variable("ema", shape=[4], initializer=tf.zeros_initializer(), trainable=False,
                        collections=[tf.GraphKeys.GLOBAL_VARIABLES,
                                     tf.GraphKeys.MOVING_AVERAGE_VARIABLES])
''',
    hints=(
        "collections=[...] replaces the default list instead of adding to it.",
        "tf.get_local_variable puts a variable in LOCAL_VARIABLES only, and never trains it.",
    ),
    checks=(
        Check("count_local", "stats/count is local (LOCAL_VARIABLES, not GLOBAL_VARIABLES)",
              lambda a: expect_variable(a, "stats/count", shape=(), dtype="int32")
              or _membership(a, "stats/count", GraphKeys.LOCAL_VARIABLES, True)
              or _membership(a, "stats/count", GraphKeys.GLOBAL_VARIABLES, False)),
        Check("ema_collections", "stats/ema is in GLOBAL_VARIABLES and MOVING_AVERAGE_VARIABLES",
              lambda a: expect_variable(a, "stats/ema", shape=(4,))
              or _membership(a, "stats/ema", GraphKeys.GLOBAL_VARIABLES, True)
              or _membership(a, "stats/ema", GraphKeys.MOVING_AVERAGE_VARIABLES, True)),
        Check("ema_frozen", "stats/ema is not trainable",
              lambda a: _membership(a, "stats/ema", GraphKeys.TRAINABLE_VARIABLES, False)),
        Check("count_frozen", "stats/count is not trainable",
              lambda a: _membership(a, "stats/count", GraphKeys.TRAINABLE_VARIABLES, False), hidden=True),
    ),
    known_wrong=(
        KnownWrong('''def make_stats():
    with tf.variable_scope("stats"):
        tf.get_local_variable("count", shape=[], dtype=tf.int32)
        tf.get_variable("ema", shape=[4], initializer=tf.zeros_initializer(), trainable=False,
                        collections=[tf.GraphKeys.MOVING_AVERAGE_VARIABLES])
''', "wrong_collections", ("'stats/ema' is missing from the collection 'variables'", "replaces")),
        KnownWrong('''def make_stats():
    with tf.variable_scope("stats"):
        tf.get_local_variable("count", shape=[], dtype=tf.int32)
        tf.get_variable("ema", shape=[4], initializer=tf.zeros_initializer(),
                        collections=[tf.GraphKeys.GLOBAL_VARIABLES,
                                     tf.GraphKeys.MOVING_AVERAGE_VARIABLES])
''', "wrong_trainable", ("'stats/ema' should not be in the collection 'trainable_variables'",)),
        KnownWrong('''def make_stats():
    with tf.variable_scope("stats"):
        tf.get_variable("count", shape=[], dtype=tf.int32, trainable=False)
        tf.get_variable("ema", shape=[4], initializer=tf.zeros_initializer(), trainable=False,
                        collections=[tf.GraphKeys.GLOBAL_VARIABLES,
                                     tf.GraphKeys.MOVING_AVERAGE_VARIABLES])
''', "wrong_collections", ("'stats/count' is missing from the collection 'local_variables'",)),
    ),
)

EXERCISES = (initializers, dtypes, regularizers, collections)
