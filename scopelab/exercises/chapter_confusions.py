"""Chapter 8 exercises, first part: sharing surprises TF1 users reported (an AUTO_REUSE typo that
silently creates a variable, tf.Variable invisible to get_variable, get_variable(reuse=...), the
scope object versus its context manager and the defaults it brings).

Each starter is the buggy program a TF1 user wrote (``starter_runs=True``): the student runs it,
reads the feedback, and fixes it. ``EXERCISES`` is the whole chapter, with the second part from
:mod:`scopelab.exercises.chapter_confusions_ops` (op names on re-entry, 'div' over hand-made shards).
"""

from __future__ import annotations

import numpy as np

from scopelab.errors import InvalidScopeArgumentError, VariableNotFoundError
from scopelab.exercises import chapter_confusions_ops
from scopelab.exercises.diagnose import (
    expect_absent, expect_count, expect_same_object, expect_values, expect_variable,
)
from scopelab.exercises.framework import Check, Exercise, KnownWrong
from scopelab.exercises.mistakes import feedback
from scopelab.exercises.observation import same_variable
from scopelab.keys import GraphKeys

__all__ = ["auto_reuse_typo", "tf_variable", "reuse_argument", "scope_object", "EXERCISES"]



def _pair(o, what: str):
    """The (first, second) pair the answer returned, or the feedback saying it did not."""
    value = o.returned[0] if o.returned else None
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return value, None
    return None, feedback("wrong_return", f"{what} must return a pair (first, second).")


# --- q21 ------------------------------------------------------------------------------------------
def _created_by_auto_reuse(o) -> list[str]:
    import scopelab as tf

    return [e.name for e in o.created() if e.reuse is tf.AUTO_REUSE and e.name != "classifier/weights"]


def _heads_shared(o):
    pair, bad = _pair(o, "build_heads()")
    if bad:
        return bad
    extra = _created_by_auto_reuse(o)
    if extra and not same_variable(*pair):
        return feedback("auto_reuse_typo", f"Your evaluation head created {extra[0]!r} next to "
                                           f"'classifier/weights', without any error.")
    return expect_same_object(pair[0], pair[1], "the training and evaluation weights")


def _only_weights(o):
    extra = _created_by_auto_reuse(o)
    if extra:
        return feedback("auto_reuse_typo", f"Your answer created {extra!r} besides 'classifier/weights'.")
    return expect_count(o, 1)


def _mode(reuse) -> str:
    import scopelab as tf

    return "tf.AUTO_REUSE" if reuse is tf.AUTO_REUSE else repr(reuse)


def _eval_uses_reuse_true(o):
    if _created_by_auto_reuse(o):  # the typo: the sharing check names it, in the same words
        return _heads_shared(o)
    reused = o.reused()
    if not reused:
        return feedback("not_shared", "No get_variable call reused a variable.")
    loose = [e for e in reused if e.reuse is not True]
    if loose:
        return feedback("auto_reuse_typo", f"The evaluation head fetched {loose[0].name!r} with "
                                           f"reuse={_mode(loose[0].reuse)}, so a misspelt name there "
                                           f"would still create a variable.")
    return None


auto_reuse_typo = Exercise(
    key="q21", slug="auto_reuse_typo", title="The cost of AUTO_REUSE", topic="reuse",
    task=("build_heads() builds a training head and an evaluation head that must share one variable, "
          "'classifier/weights' [4, 2], and returns both handles (train, eval). It runs without an "
          "error, yet it is wrong. Fix it, and make the evaluation head fetch the weights with "
          "reuse=True, so that a misspelt name there raises instead of creating a variable."),
    expected=("classifier/weights",),
    answer_name="build_heads",
    starter='''def build_heads():
    with tf.variable_scope("classifier", reuse=tf.AUTO_REUSE):
        train = tf.get_variable("weights", shape=[4, 2])
    with tf.variable_scope("classifer", reuse=tf.AUTO_REUSE):   # the evaluation head
        evaluation = tf.get_variable("weights", shape=[4, 2])
    return train, evaluation
''',
    starter_runs=True,
    solution_code='''def build_heads():
    with tf.variable_scope("classifier"):
        train = tf.get_variable("weights", shape=[4, 2])
    with tf.variable_scope("classifier", reuse=True):
        evaluation = tf.get_variable("weights", shape=[4, 2])
    return train, evaluation
''',
    hints=(
        "Run it and print [v.name for v in tf.global_variables()]: how many variables are there?",
        "Compare the two scope names letter by letter.",
        "A scope with reuse=True only fetches; the first head has to create the variable.",
    ),
    checks=(
        Check("shared", "train and eval are the same variable", _heads_shared),
        Check("weights", "classifier/weights exists with shape (4, 2)",
              lambda o: expect_variable(o, "classifier/weights", shape=(4, 2))),
        Check("strict", "the evaluation head fetches with reuse=True", _eval_uses_reuse_true),
        Check("one", "no other variable was created", _only_weights, hidden=True),
    ),
    known_wrong=(
        KnownWrong('''def build_heads():
    with tf.variable_scope("classifier", reuse=tf.AUTO_REUSE):
        train = tf.get_variable("weights", shape=[4, 2])
    with tf.variable_scope("classifer", reuse=tf.AUTO_REUSE):   # the evaluation head
        evaluation = tf.get_variable("weights", shape=[4, 2])
    return train, evaluation
''', "auto_reuse_typo", ("'classifer/weights'", "without any error", "AUTO_REUSE never raises")),
        KnownWrong('''def build_heads():
    with tf.variable_scope("classifier", reuse=tf.AUTO_REUSE):
        train = tf.get_variable("weights", shape=[4, 2])
    with tf.variable_scope("classifier", reuse=tf.AUTO_REUSE):
        evaluation = tf.get_variable("weights", shape=[4, 2])
    return train, evaluation
''', "auto_reuse_typo", ("fetched 'classifier/weights' with reuse=tf.AUTO_REUSE",
                         "would still create")),
        KnownWrong('''def build_heads():
    with tf.variable_scope("classifier"):
        train = tf.get_variable("weights", shape=[4, 2])
    with tf.variable_scope("classifer", reuse=True):
        evaluation = tf.get_variable("weights", shape=[4, 2])
    return train, evaluation
''', "reuse_on_new_variable", ("'classifer/weights'", "did not exist yet")),
    ),
)


# --- q22 ------------------------------------------------------------------------------------------
def _in_global_collection(o, full_name: str) -> bool:
    return full_name in {n.removesuffix(":0") for n in o.collection_names(GraphKeys.GLOBAL_VARIABLES)}


def _tf_variable_error(err, o):
    name = str(getattr(err, "name", "") or "").removesuffix(":0")
    if isinstance(err, VariableNotFoundError) and o.get(name) is None and _in_global_collection(o, name):
        return feedback("tf_variable_not_in_store",
                        f"Your code asked get_variable for {name!r}. A variable of that name exists, "
                        f"in GLOBAL_VARIABLES, but it was made with tf.Variable.")
    return None


def _kernel_shared(o):
    pair, bad = _pair(o, "shared_conv()")
    if bad:
        return bad
    stored = {v.ref for v in o.state.variables}
    outside = [h for h in pair if getattr(h, "ref", None) is not None and h.ref not in stored]
    if outside:
        return feedback("tf_variable_not_in_store",
                        f"{outside[0].name!r}, one of the handles you returned, is not in the variable "
                        f"store: it was made with tf.Variable.")
    return expect_same_object(pair[0], pair[1], "kernel and again")


tf_variable = Exercise(
    key="q22", slug="tf_variable", title="tf.Variable is invisible to get_variable", topic="pitfalls",
    task=("shared_conv() must create the kernel 'conv/kernel' [3, 3] (zeros) and then fetch it a "
          "second time in a scope with reuse=True, returning both handles (kernel, again). Run the "
          "starter, read what goes wrong, and fix it."),
    expected=("conv/kernel",),
    answer_name="shared_conv",
    starter='''def shared_conv():
    with tf.variable_scope("conv"):
        kernel = tf.Variable(tf.zeros([3, 3]), name="kernel")
    with tf.variable_scope("conv", reuse=True):
        again = tf.get_variable("kernel", shape=[3, 3])
    return kernel, again
''',
    starter_runs=True,
    solution_code='''def shared_conv():
    with tf.variable_scope("conv"):
        kernel = tf.get_variable("kernel", shape=[3, 3], initializer=tf.zeros_initializer())
    with tf.variable_scope("conv", reuse=True):
        again = tf.get_variable("kernel", shape=[3, 3])
    return kernel, again
''',
    hints=(
        "Read the last line of the error message.",
        "Only one of TF1's two ways to make a variable registers it where get_variable looks.",
    ),
    checks=(
        Check("stored", "conv/kernel is in the variable store, (3, 3) zeros",
              lambda o: expect_variable(o, "conv/kernel", shape=(3, 3))
              or expect_values(o, "conv/kernel", "zeros")),
        Check("shared", "kernel and again are the same variable", _kernel_shared),
        Check("one", "exactly one variable", lambda o: expect_count(o, 1), hidden=True),
    ),
    classify=_tf_variable_error,
    known_wrong=(
        KnownWrong('''def shared_conv():
    with tf.variable_scope("conv"):
        kernel = tf.Variable(tf.zeros([3, 3]), name="kernel")
    with tf.variable_scope("conv", reuse=True):
        again = tf.get_variable("kernel", shape=[3, 3])
    return kernel, again
''', "tf_variable_not_in_store", ("'conv/kernel'", "made with tf.Variable", "never finds it")),
        KnownWrong('''def shared_conv():
    with tf.variable_scope("conv"):
        kernel = tf.Variable(tf.zeros([3, 3]), name="kernel")
    with tf.variable_scope("conv", reuse=tf.AUTO_REUSE):
        again = tf.get_variable("kernel", shape=[3, 3], initializer=tf.zeros_initializer())
    return kernel, again
''', "tf_variable_not_in_store", ("'conv/kernel:0', one of the handles you returned",)),
    ),
)


# --- q23 ------------------------------------------------------------------------------------------
def _reuse_argument_error(err, o):
    if isinstance(err, TypeError) and "reuse" in str(err) and "argument" in str(err):
        first_line = str(err).splitlines()[0]
        return feedback("reuse_argument", f"Calling get_variable raised TypeError: {first_line}.")
    return None


def _tables_shared(o):
    if len(o.returned) != 2:
        return feedback("wrong_return", "get_table() must return the variable on both calls.")
    return expect_same_object(o.returned[0], o.returned[1], "the first and second call")


reuse_argument = Exercise(
    key="q23", slug="reuse_argument", title="get_variable has no reuse argument", topic="reuse",
    task=("get_table(first_call) is called twice, get_table(True) then get_table(False). The first "
          "call creates 'embedding/table' [10, 4]; the second must return the same variable. Run the "
          "starter and fix it."),
    expected=("embedding/table",),
    answer_name="get_table",
    starter='''def get_table(first_call):
    return tf.get_variable("embedding/table", shape=[10, 4], reuse=not first_call)
''',
    starter_runs=True,
    solution_code='''def get_table(first_call):
    with tf.variable_scope("embedding", reuse=not first_call):
        return tf.get_variable("table", shape=[10, 4])
''',
    hints=(
        "Where does a TF1 get_variable call take its reuse mode from?",
        "tf.variable_scope accepts reuse=; reuse=False there means 'inherit', which is off at the top.",
    ),
    checks=(
        Check("created", "embedding/table exists with shape (10, 4)",
              lambda o: expect_variable(o, "embedding/table", shape=(10, 4))),
        Check("shared", "both calls return the same variable", _tables_shared),
        Check("one", "exactly one variable", lambda o: expect_count(o, 1), hidden=True),
    ),
    calls=("answer(True)", "answer(False)"),
    classify=_reuse_argument_error,
    known_wrong=(
        KnownWrong('''def get_table(first_call):
    return tf.get_variable("embedding/table", shape=[10, 4], reuse=not first_call)
''', "reuse_argument", ("no reuse= argument", "unexpected keyword argument 'reuse'")),
        KnownWrong('''def get_table(first_call):
    with tf.variable_scope("embedding"):
        return tf.get_variable("table", shape=[10, 4])
''', "reuse_missing", ("'embedding/table'", "reuse was off")),
        KnownWrong('''def get_table(first_call):
    with tf.variable_scope("embedding", reuse=True):
        return tf.get_variable("table", shape=[10, 4])
''', "reuse_on_new_variable", ("'embedding/table'", "did not exist yet")),
    ),
)


# --- q24 ------------------------------------------------------------------------------------------
def _scope_object_error(err, o):
    if isinstance(err, InvalidScopeArgumentError):
        return feedback("context_manager_not_scope",
                        "Your code passed something that is not a VariableScope or a string to "
                        "tf.variable_scope: the object tf.variable_scope(...) returned.")
    name = str(getattr(err, "name", "") or "").removesuffix(":0")
    if isinstance(err, VariableNotFoundError) and name.startswith("eval/"):
        return feedback("string_instead_of_captured",
                        f"Your code looked for {name!r}: the string 'head' was nested under 'eval', "
                        f"whose reuse=True it inherited.")
    return None


def _b_starts_at_ones(o):
    missing = expect_variable(o, "head/b", shape=(2,))
    if missing:
        return missing
    values = o.value("head/b")
    if values is not None and not np.allclose(values, 1.0):
        return feedback("captured_defaults", f"'head/b' does not start at ones: it starts at "
                                             f"{np.round(values, 3).tolist()}.")
    return None


def _pair_is_w_b(o):
    pair, bad = _pair(o, "two_heads()")
    if bad:
        return bad
    for name, handle, which in (("head/w", pair[0], "first"), ("head/b", pair[1], "second")):
        stored = o.get(name)
        if stored is None:  # the check of that variable says why, in the same words
            return _b_starts_at_ones(o) if name == "head/b" else expect_variable(o, name, shape=(2,))
        found = expect_same_object(stored, handle, f"{name} and the {which} handle")
        if found:
            return found
    return None


scope_object = Exercise(
    key="q24", slug="scope_object", title="The scope object and its defaults", topic="reuse",
    task=("two_heads() opens scope `head` with initializer=tf.ones_initializer() and creates 'head/w' "
          "[2]. Later, inside a scope `eval` opened with reuse=True, it comes back into the same "
          "`head` scope, through the scope object so that its ones initializer applies, and creates "
          "a new variable 'head/b' [2]. Return (w, b). Run the starter and fix it."),
    expected=("head/w", "head/b"),
    answer_name="two_heads",
    starter='''def two_heads():
    head = tf.variable_scope("head", initializer=tf.ones_initializer())
    with head:
        w = tf.get_variable("w", shape=[2])
    with tf.variable_scope("eval", reuse=True):
        with tf.variable_scope(head):
            b = tf.get_variable("b", shape=[2])
    return w, b
''',
    starter_runs=True,
    solution_code='''def two_heads():
    with tf.variable_scope("head", initializer=tf.ones_initializer()) as head:
        w = tf.get_variable("w", shape=[2])
    with tf.variable_scope("eval", reuse=True):
        with tf.variable_scope(head):
            b = tf.get_variable("b", shape=[2])
    return w, b
''',
    hints=(
        "print(type(head)) in the starter: is it a VariableScope?",
        "The VariableScope object is what `with ... as name:` binds.",
        "A re-entered scope object keeps its own reuse mode, whatever scope you enter it from.",
    ),
    checks=(
        Check("w", "head/w exists with shape (2,)", lambda o: expect_variable(o, "head/w", shape=(2,))),
        Check("b", "head/b exists with shape (2,) and starts at ones", _b_starts_at_ones),
        Check("returned", "two_heads() returns (head/w, head/b)", _pair_is_w_b),
        Check("not_in_eval", "nothing was created under eval/",
              lambda o: expect_absent(o, "eval/head/b", "string_instead_of_captured") or expect_count(o, 2),
              hidden=True),
    ),
    classify=_scope_object_error,
    known_wrong=(
        KnownWrong('''def two_heads():
    head = tf.variable_scope("head", initializer=tf.ones_initializer())
    with head:
        w = tf.get_variable("w", shape=[2])
    with tf.variable_scope("eval", reuse=True):
        with tf.variable_scope(head):
            b = tf.get_variable("b", shape=[2])
    return w, b
''', "context_manager_not_scope", ("returns a context manager", "`with ... as name`")),
        KnownWrong('''def two_heads():
    with tf.variable_scope("head", initializer=tf.ones_initializer()):
        w = tf.get_variable("w", shape=[2])
    with tf.variable_scope("eval", reuse=True):
        with tf.variable_scope("head"):
            b = tf.get_variable("b", shape=[2])
    return w, b
''', "string_instead_of_captured", ("'eval/head/b'", "captured VariableScope object")),
        KnownWrong('''def two_heads():
    with tf.variable_scope("head") as head:
        w = tf.get_variable("w", shape=[2], initializer=tf.ones_initializer())
    with tf.variable_scope("eval", reuse=True, initializer=tf.ones_initializer()):
        with tf.variable_scope(head):
            b = tf.get_variable("b", shape=[2])
    return w, b
''', "captured_defaults", ("'head/b' does not start at ones", "brings its own defaults")),
    ),
)

EXERCISES = (auto_reuse_typo, tf_variable, reuse_argument, scope_object) + chapter_confusions_ops.EXERCISES
