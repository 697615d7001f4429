"""Chapter 5 exercises: custom getters and the classic TF1 pitfalls (reuse=False, the ':0' suffix)."""

from __future__ import annotations

from scopelab.errors import VariableNotFoundError
from scopelab.exercises.diagnose import expect_count, expect_same_object, expect_variable
from scopelab.exercises.framework import Check, Exercise, KnownWrong
from scopelab.exercises.mistakes import feedback
from scopelab.keys import GraphKeys

__all__ = ["custom_getter", "reuse_false_pitfall", "colon_suffix", "EXERCISES"]


def _in(a, key, full_name) -> bool:
    return full_name in {n.removesuffix(":0") for n in a.collection_names(key)}


# --- q14 ------------------------------------------------------------------------------------------
def _frozen(a):
    if not a.variables():
        return feedback("custom_getter", "No variable was created at all: does your getter call getter(...)?")
    for name in ("frozen/w", "frozen/b"):
        if a.get(name) is None:
            return expect_variable(a, name)
        if _in(a, GraphKeys.TRAINABLE_VARIABLES, name):
            return feedback("wrong_trainable", f"{name!r} is still in TRAINABLE_VARIABLES.")
    return None


def _global(a):
    for name in ("frozen/w", "frozen/b"):
        if a.get(name) is not None and not _in(a, GraphKeys.GLOBAL_VARIABLES, name):
            return feedback("wrong_collections", f"{name!r} is missing from GLOBAL_VARIABLES.")
    return None


def _getter_error(err, attempt):
    if isinstance(err, TypeError) and ("argument" in str(err) or "positional" in str(err)):
        return feedback("custom_getter", f"Calling your getter failed: {str(err).splitlines()[0]}.")
    return None


custom_getter = Exercise(
    key="q14", slug="custom_getter", title="Custom getters", topic="custom_getters",
    task=("Write frozen_block() that opens scope `frozen` with a custom_getter that makes every "
          "variable non-trainable, and creates frozen/w [2, 2] and frozen/b [2] in it (without "
          "passing trainable= to get_variable). Both must stay in GLOBAL_VARIABLES."),
    expected=("frozen/w", "frozen/b"),
    answer_name="frozen_block",
    starter='''def frozen_block():
    # def freeze(getter, *args, **kwargs): ...   then tf.variable_scope("frozen", custom_getter=freeze)
    pass
''',
    solution_code='''def frozen_block():
    def freeze(getter, *args, **kwargs):
        kwargs["trainable"] = False
        return getter(*args, **kwargs)

    with tf.variable_scope("frozen", custom_getter=freeze):
        tf.get_variable("w", shape=[2, 2])
        tf.get_variable("b", shape=[2])
''',
    hints=(
        "A custom getter is called as getter_fn(getter, name=..., shape=..., trainable=..., ...).",
        "Change one keyword argument, then call the real getter with all of them and return its result.",
    ),
    checks=(
        Check("frozen", "frozen/w and frozen/b exist and are not trainable", _frozen),
        Check("global", "both are still in GLOBAL_VARIABLES", _global),
        Check("shapes", "shapes (2, 2) and (2,)",
              lambda a: expect_variable(a, "frozen/w", shape=(2, 2)) or expect_variable(a, "frozen/b", shape=(2,)),
              hidden=True),
    ),
    classify=_getter_error,
    known_wrong=(
        KnownWrong('''def frozen_block():
    def freeze(getter, *args, **kwargs):
        kwargs["trainable"] = False

    with tf.variable_scope("frozen", custom_getter=freeze):
        tf.get_variable("w", shape=[2, 2])
        tf.get_variable("b", shape=[2])
''', "custom_getter", ("call getter(...)", "must call it")),
        KnownWrong('''def frozen_block():
    def freeze(getter, name, shape):
        return getter(name, shape, trainable=False)

    with tf.variable_scope("frozen", custom_getter=freeze):
        tf.get_variable("w", shape=[2, 2])
        tf.get_variable("b", shape=[2])
''', "custom_getter", ("Calling your getter failed",)),
        KnownWrong('''def frozen_block():
    def freeze(getter, *args, **kwargs):
        return getter(*args, **kwargs)

    with tf.variable_scope("frozen", custom_getter=freeze):
        tf.get_variable("w", shape=[2, 2])
        tf.get_variable("b", shape=[2])
''', "wrong_trainable", ("'frozen/w' is still in TRAINABLE_VARIABLES",)),
    ),
)


# --- q15 ------------------------------------------------------------------------------------------
def _reuse_false_error(err, attempt):
    name = str(getattr(err, "name", "") or "")
    if isinstance(err, VariableNotFoundError) and "extra" in name:
        return feedback("reuse_false_inherits",
                        f"Creating {name.removesuffix(':0')!r} failed although you did not ask for reuse "
                        f"there.")
    return None


def _pair(a):
    value = a.returned[0] if a.returned else None
    return value if isinstance(value, (tuple, list)) and len(value) == 2 else None


def _w_shared(a):
    pair = _pair(a)
    if pair is None:
        return feedback("wrong_return", "extend_encoder() must return (w_again, b).")
    return expect_same_object(a.get("enc/w"), pair[0], "enc/w and w_again")


reuse_false_pitfall = Exercise(
    key="q15", slug="reuse_false_pitfall", title="reuse=False means inherit", topic="pitfalls",
    task=("Write extend_encoder(): first create 'enc/w' [2] in scope `enc`. Then open `enc` a second "
          "time, in ONE with-block that both fetches the existing w and creates a new variable "
          "'enc/extra/b' [2] in a sub-scope `extra`. Return (w_again, b)."),
    expected=("enc/w", "enc/extra/b"),
    answer_name="extend_encoder",
    starter='''def extend_encoder():
    with tf.variable_scope("enc"):
        tf.get_variable("w", shape=[2])
    with tf.variable_scope("enc", reuse=True):
        w_again = tf.get_variable("w", shape=[2])
        with tf.variable_scope("extra", reuse=False):
            b = tf.get_variable("b", shape=[2])
    return w_again, b
''',
    solution_code='''def extend_encoder():
    with tf.variable_scope("enc"):
        tf.get_variable("w", shape=[2])
    with tf.variable_scope("enc", reuse=tf.AUTO_REUSE):
        w_again = tf.get_variable("w", shape=[2])
        with tf.variable_scope("extra"):
            b = tf.get_variable("b", shape=[2])
    return w_again, b
''',
    hints=(
        "Run the starter: which variable does the error name, and what reuse mode was in force?",
        "A child scope's reuse is `its own argument or its parent's`; False counts as 'not given'.",
        "Pick the reuse mode for the second `enc` block that can both fetch and create.",
    ),
    checks=(
        Check("w_shared", "w_again is the existing enc/w", _w_shared),
        Check("b", "enc/extra/b was created with shape (2,)",
              lambda a: expect_variable(a, "enc/extra/b", shape=(2,))),
        Check("two", "exactly two variables", lambda a: expect_count(a, 2), hidden=True),
    ),
    classify=_reuse_false_error,
    starter_runs=True,
    known_wrong=(
        KnownWrong('''def extend_encoder():
    with tf.variable_scope("enc"):
        tf.get_variable("w", shape=[2])
    with tf.variable_scope("enc", reuse=True):
        w_again = tf.get_variable("w", shape=[2])
        with tf.variable_scope("extra", reuse=False):
            b = tf.get_variable("b", shape=[2])
    return w_again, b
''', "reuse_false_inherits", ("'enc/extra/b'", "reuse=False means 'inherit'")),
        KnownWrong('''def extend_encoder():
    with tf.variable_scope("enc"):
        tf.get_variable("w", shape=[2])
    with tf.variable_scope("enc"):
        w_again = tf.get_variable("w", shape=[2])
        with tf.variable_scope("extra"):
            b = tf.get_variable("b", shape=[2])
    return w_again, b
''', "reuse_missing", ("'enc/w'",)),
    ),
)


# --- q16 ------------------------------------------------------------------------------------------
def _fetched(a):
    got = a.returned[0] if a.returned else None
    return expect_same_object(a.get("net/w"), got, "net/w and the returned variable")


colon_suffix = Exercise(
    key="q16", slug="colon_suffix", title="The ':0' suffix", topic="pitfalls",
    task=("A variable 'net/w' [3] already exists (its .name prints as 'net/w:0'). Write fetch_w() "
          "that gets that same variable back with tf.get_variable and returns it, creating nothing new."),
    expected=(),
    answer_name="fetch_w",
    starter='''def fetch_w():
    # get the existing net/w back with tf.get_variable and return it
    pass
''',
    solution_code='''def fetch_w():
    with tf.variable_scope("net", reuse=True):
        return tf.get_variable("w", shape=[3])
''',
    hints=(
        "Compare v.name with the names you pass to get_variable: one of them has an extra part.",
        "Fetching an existing variable needs a scope with reuse on.",
    ),
    checks=(
        Check("same", "fetch_w() returns the existing net/w", _fetched),
        Check("nothing_new", "nothing new was created", lambda a: expect_count(a, 0), hidden=True),
    ),
    setup='with tf.variable_scope("net"):\n    tf.get_variable("w", shape=[3])\n',
    known_wrong=(
        KnownWrong('''def fetch_w():
    with tf.variable_scope("net", reuse=True):
        return tf.get_variable("w:0", shape=[3])
''', "colon_suffix", ("':0'",)),
        KnownWrong('''def fetch_w():
    with tf.variable_scope("net"):
        return tf.get_variable("w", shape=[3])
''', "reuse_missing", ("'net/w'", "reuse was off")),
    ),
)

EXERCISES = (custom_getter, reuse_false_pitfall, colon_suffix)
