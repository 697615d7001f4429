"""Chapter 8 exercises, second part: where a re-entered scope puts its ops, and 'div' over shards
of unequal sizes. The chapter's list is ``chapter_confusions.EXERCISES``.
"""

from __future__ import annotations

import re

import numpy as np

from scopelab.exercises.diagnose import expect_count, expect_variable
from scopelab.exercises.framework import Check, Exercise, KnownWrong
from scopelab.exercises.mistakes import feedback

__all__ = ["op_names", "div_unbalanced", "EXERCISES"]


# --- q25 ------------------------------------------------------------------------------------------
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
    key="q25", slug="op_names", title="Ops in a re-entered scope", topic="name_scope",
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


# --- q26 ------------------------------------------------------------------------------------------
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
    key="q26", slug="div_unbalanced", title="'div' and hand-made shards", topic="partitions",
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


EXERCISES = (op_names, div_unbalanced)
