"""Chapter 6 exercises: TF1 surprises users reported (AUTO_REUSE typos, tf.Variable, op names on
re-entry, 'div' with hand-made shards, get_variable(reuse=...), scope objects and their defaults).

Each starter is the buggy program a TF1 user wrote (``starter_runs=True``): the student runs it,
reads the feedback, and fixes it.
"""

from __future__ import annotations

import re

import numpy as np

from scopelab.errors import InvalidScopeArgumentError, VariableNotFoundError
from scopelab.exercises.diagnose import (
    expect_absent, expect_count, expect_same_object, expect_values, expect_variable,
)
from scopelab.exercises.framework import Check, Exercise, KnownWrong
from scopelab.exercises.mistakes import feedback
from scopelab.exercises.observation import same_variable
from scopelab.keys import GraphKeys

__all__ = ["auto_reuse_typo", "tf_variable", "op_names", "div_unbalanced", "reuse_argument",
           "scope_object", "EXERCISES"]


def _pair(o, what: str):
    """The (first, second) pair the answer returned, or the feedback saying it did not."""
    value = o.returned[0] if o.returned else None
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return value, None
    return None, feedback("wrong_return", f"{what} must return a pair (first, second).")


# --- q17 ------------------------------------------------------------------------------------------
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
    key="q17", slug="auto_reuse_typo", title="The cost of AUTO_REUSE", topic="reuse",
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


# --- q18 ------------------------------------------------------------------------------------------
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
    key="q18", slug="tf_variable", title="tf.Variable is invisible to get_variable", topic="pitfalls",
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


# --- q19 ------------------------------------------------------------------------------------------
def _op_name(o):
    got = o.returned[0] if o.returned else None
    if not isinstance(got, str):
        return feedback("wrong_return", "output_name() must return the op's name (a string, out.name).")
    if got == "layer/out:0":
        return None
    if re.fullmatch(r"layer_\d+/out:0", got):
        return feedback("op_name_scope", f"Your op is named {got!r}: the re-entered scope gave it a new "
                                         f"name scope.")
    if got == "out:0":
        return feedback("op_name_scope", "Your op is named 'out:0', outside any name scope.")
    return feedback("op_name_scope", f"Your op is named {got!r}, not 'layer/out:0'.")


op_names = Exercise(
    key="q19", slug="op_names", title="Ops in a re-entered scope", topic="name_scope",
    task=("output_name() creates 'layer/w' [2] in scope `layer`, leaves the scope, and later re-enters "
          "the captured scope to add an op, tf.constant(1.0, name='out'). Make that op land in the "
          "scope's first name scope, so that its name is 'layer/out:0', and return out.name. Keep "
          "creating the op in the re-entered scope."),
    expected=("layer/w",),
    answer_name="output_name",
    starter='''def output_name():
    with tf.variable_scope("layer") as layer:
        w = tf.get_variable("w", shape=[2])
    with tf.variable_scope(layer, reuse=True):
        out = tf.constant(1.0, name="out")
    return out.name
''',
    starter_runs=True,
    solution_code='''def output_name():
    with tf.variable_scope("layer") as layer:
        w = tf.get_variable("w", shape=[2])
    with tf.variable_scope(layer, reuse=True, auxiliary_name_scope=False) as again:
        with tf.name_scope(again.original_name_scope):
            out = tf.constant(1.0, name="out")
    return out.name
''',
    hints=(
        "Print layer.name, layer.original_name_scope and, inside the second block, tf.get_name_scope().",
        "A name scope whose name ends in '/' is entered as it is, never renumbered.",
        "variable_scope(..., auxiliary_name_scope=False) re-enters a scope without opening a new name scope.",
    ),
    checks=(
        Check("name", "the op is named 'layer/out:0'", _op_name),
        Check("w", "layer/w exists with shape (2,)", lambda o: expect_variable(o, "layer/w", shape=(2,))),
        Check("one", "exactly one variable", lambda o: expect_count(o, 1), hidden=True),
    ),
    known_wrong=(
        KnownWrong('''def output_name():
    with tf.variable_scope("layer") as layer:
        w = tf.get_variable("w", shape=[2])
    with tf.variable_scope(layer, reuse=True):
        out = tf.constant(1.0, name="out")
    return out.name
''', "op_name_scope", ("'layer_1/out:0'", "new name scope", "fresh name scope")),
        KnownWrong('''def output_name():
    with tf.variable_scope("layer") as layer:
        w = tf.get_variable("w", shape=[2])
    with tf.variable_scope(layer, reuse=True, auxiliary_name_scope=False):
        out = tf.constant(1.0, name="out")
    return out.name
''', "op_name_scope", ("'out:0', outside any name scope",)),
        KnownWrong('''def output_name():
    with tf.variable_scope("layer") as layer:
        w = tf.get_variable("w", shape=[2])
    with tf.variable_scope(layer, reuse=True):
        with tf.name_scope("layer"):
            out = tf.constant(1.0, name="out")
    return out.name
''', "op_name_scope", ("'layer_1/layer/out:0'",)),
        KnownWrong('''def output_name():
    with tf.variable_scope("layer") as layer:
        w = tf.get_variable("w", shape=[2])
    with tf.variable_scope(layer, reuse=True):
        out = tf.constant(1.0, name="out")
    return out
''', "wrong_return", ("must return the op's name",)),
    ),
)


# --- q20 ------------------------------------------------------------------------------------------
_IDS = [0, 1, 2, 3, 4, 3, 0]
_TABLE_SETUP = """
rows = np.stack([np.arange(6), 10 + np.arange(6)], axis=1).astype(np.float32)   # row i is [i, 10 + i]
with tf.variable_scope("table"):
    tf.get_variable("big", initializer=rows[:4])
    tf.get_variable("small", initializer=rows[4:])
"""
_TABLE = np.stack([np.arange(6), 10 + np.arange(6)], axis=1).astype(np.float32)


def _routed(ids, sizes, strategy):
    """The table rows a lookup returns when it routes ``ids`` over shards of ``sizes`` this way."""
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    n, k = sum(sizes), len(sizes)
    out = []
    for i in ids:
        if strategy == "mod":
            shard, row = i % k, i // k
        else:  # 'div' as TF computes it from the total row count
            per, extra = divmod(n, k)
            big = extra * (per + 1)
            if i < big:
                shard, row = i // (per + 1), i % (per + 1)
            else:
                shard, row = extra + (i - big) // per, (i - big) % per
        out.append(_TABLE[starts[shard] + row] if row < sizes[shard] else np.full(2, np.nan, np.float32))
    return np.stack(out)


def _unbalanced_rows(o):
    got = o.returned[0] if o.returned else None
    if isinstance(got, (list, tuple)):
        try:
            got = np.asarray(got, dtype=np.float64)
        except (TypeError, ValueError):
            got = None
    if not isinstance(got, np.ndarray):
        return feedback("wrong_return", "lookup_rows(shards, ids) must return the looked-up rows.")
    want = _TABLE[_IDS]
    if got.shape == want.shape and np.allclose(got, want):
        return None
    if got.shape == want.shape and np.allclose(got, _routed(_IDS, [4, 2], "div"), equal_nan=True):
        return feedback("div_unbalanced", f"For id 3 you got {got[3].tolist()}, which is row 4 of the "
                                          f"table: 'div' sent id 3 to the second shard.")
    if got.shape == want.shape and np.allclose(got, _routed(_IDS, [4, 2], "mod"), equal_nan=True):
        return feedback("mod_vs_div", f"For id 1 you got {got[1].tolist()}, which is row 4 of the table.")
    return feedback("wrong_return", f"The rows returned (shape {got.shape}) are not the table's rows "
                                    f"for these ids.")


div_unbalanced = Exercise(
    key="q20", slug="div_unbalanced", title="'div' and hand-made shards", topic="partitions",
    task=("lookup_rows(shards, ids) gets a list of two hand-made shards of a 6-row table, 'table/big' with "
          "rows 0-3 and 'table/small' with rows 4-5 (row i of the table is [i, 10 + i]), and an "
          "array of ids. Return the rows for the ids, as if the shards were one concatenated table. "
          "The starter's lookup returns a wrong row for one id, without an error: find it and fix it."),
    expected=(),
    answer_name="lookup_rows",
    starter='''def lookup_rows(shards, ids):
    return tf.nn.embedding_lookup(shards, ids, partition_strategy="div")
''',
    starter_runs=True,
    solution_code='''def lookup_rows(shards, ids):
    return tf.nn.embedding_lookup(tf.concat(shards, axis=0), ids)
''',
    hints=(
        "Print lookup_rows(shards, ids) next to np.concatenate([np.asarray(s) for s in shards]).",
        "Which shard sizes does 'div' expect for 6 rows in 2 shards?",
        "A single table (one shard) needs no routing at all.",
    ),
    checks=(
        Check("rows", "the rows match the concatenated table", _unbalanced_rows),
        Check("no_new_variables", "lookup creates no variables", lambda o: expect_count(o, 0), hidden=True),
    ),
    setup=_TABLE_SETUP,
    calls=(f"answer([variable('table/big'), variable('table/small')], np.array({_IDS}))",),
    known_wrong=(
        KnownWrong('''def lookup_rows(shards, ids):
    return tf.nn.embedding_lookup(shards, ids, partition_strategy="div")
''', "div_unbalanced", ("For id 3 you got [4.0, 14.0]", "shards of other sizes are misread")),
        KnownWrong('''def lookup_rows(shards, ids):
    return tf.nn.embedding_lookup(shards, ids)
''', "mod_vs_div", ("For id 1 you got [4.0, 14.0]",)),
    ),
)


# --- q21 ------------------------------------------------------------------------------------------
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
    key="q21", slug="reuse_argument", title="get_variable has no reuse argument", topic="reuse",
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


# --- q22 ------------------------------------------------------------------------------------------
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
    key="q22", slug="scope_object", title="The scope object and its defaults", topic="reuse",
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

EXERCISES = (auto_reuse_typo, tf_variable, op_names, div_unbalanced, reuse_argument, scope_object)
