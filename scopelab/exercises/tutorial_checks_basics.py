"""The tutorials' "Your turn" checks t01-t07 (names, sharing, name scopes, default names,
initializers, dtypes, regularizers) and the helpers every tutorial check uses.

See :mod:`scopelab.exercises.tutorial_checks` for what these checks are.
"""

from __future__ import annotations

import numpy as np

from scopelab.errors import VariableAlreadyExistsError
from scopelab.exercises.diagnose import expect_same_object, expect_values, expect_variable
from scopelab.exercises.framework import Check, Exercise, KnownWrong
from scopelab.exercises.mistakes import feedback

__all__ = ["CHECKS", "tutorial_check", "returns_variable", "pair_shared"]


def returns_variable(o, full_name: str, what: str):
    """The answer returned the stored variable ``full_name`` (no feedback if that is missing)."""
    stored = o.get(full_name)
    if stored is None:
        return expect_variable(o, full_name)
    got = o.returned[0] if o.returned else None
    if isinstance(got, (tuple, list)):
        got = got[0] if got else None
    return expect_same_object(stored, got, what)


def pair_shared(o, full_name: str, what: str):
    pair = o.returned[0] if o.returned else None
    if not isinstance(pair, (tuple, list)) or len(pair) != 2:
        return feedback("wrong_return", f"{what} must return a pair (first, second).")
    return expect_variable(o, full_name) or expect_same_object(pair[0], pair[1], what)


def tutorial_check(key, slug, title, topic, task, answer_name, starter, category, phrases, solution,
              hints, checks, **more) -> Exercise:
    """A tutorial check: the starter is the broken cell, and it is the first known-wrong answer."""
    known = (KnownWrong(starter, category, phrases),) + more.pop("also_wrong", ())
    return Exercise(key=key, slug=slug, title=title, topic=topic, task=task, answer_name=answer_name,
                    starter=starter, solution_code=solution, hints=hints, checks=checks,
                    known_wrong=known, starter_runs=True, **more)


# --- t01 · names ----------------------------------------------------------------------------------
t01 = tutorial_check(
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
           lambda o: returns_variable(o, "decoder/attention/query", "the stored and the returned variable"))),
    expected=("decoder/attention/query",),
)

# --- t02 · sharing --------------------------------------------------------------------------------
t02 = tutorial_check(
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
           lambda o: pair_shared(o, "tower/w", "the training and evaluation weights")),),
    expected=("tower/w",),
)

# --- t03 · name_scope -----------------------------------------------------------------------------
t03 = tutorial_check(
    "t03", "tutorial_name_scope", "Layers under MY_SCOPE", "name_scope",
    "my_layers() builds two tf.layers.dense layers whose kernels must be 'MY_SCOPE/dense/kernel' "
    "and 'MY_SCOPE/dense_1/kernel', so that tf.global_variables(scope='MY_SCOPE') finds them.",
    "my_layers", '''def my_layers():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    with tf.name_scope("MY_SCOPE"):
        hidden = tf.layers.dense(x, 2)
        output = tf.layers.dense(hidden, 2)
    return hidden, output
''', "name_scope_instead", ("'dense/kernel'", "without 'MY_SCOPE/' in front"), '''def my_layers():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    with tf.variable_scope("MY_SCOPE"):
        hidden = tf.layers.dense(x, 2)
        output = tf.layers.dense(hidden, 2)
    return hidden, output
''',
    ("Which of the two kinds of scope does get_variable listen to?",),
    (Check("first", "MY_SCOPE/dense/kernel exists", lambda o: expect_variable(o, "MY_SCOPE/dense/kernel")),
     Check("second", "MY_SCOPE/dense_1/kernel exists",
           lambda o: expect_variable(o, "MY_SCOPE/dense_1/kernel"))),
    expected=("MY_SCOPE/dense/kernel", "MY_SCOPE/dense/bias", "MY_SCOPE/dense_1/kernel",
              "MY_SCOPE/dense_1/bias"),
)


# --- t04 · default names --------------------------------------------------------------------------
def _repeated_scope(err, o):
    if isinstance(err, VariableAlreadyExistsError):
        name = str(getattr(err, "name", "") or "a block variable").removesuffix(":0")
        return feedback("default_name_not_used", f"three_blocks() asked for {name!r} a second time: "
                                                 f"the same scope name came back.")
    return None


t04 = tutorial_check(
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
t05 = tutorial_check(
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


t06 = tutorial_check(
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
           lambda o: returns_variable(o, "table", "the stored and the returned variable"))),
    expected=("table",),
)


# --- t07 · regularizers ---------------------------------------------------------------------------
def _kernel_loss_only(o):
    n = len(o.regularization_losses())
    if n != 1:
        return feedback("wrong_regularization", f"REGULARIZATION_LOSSES: expected 1 loss (for dense/kernel "
                                                f"only), got {n}.")
    return None


t07 = tutorial_check(
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

CHECKS = (t01, t02, t03, t04, t05, t06, t07)
