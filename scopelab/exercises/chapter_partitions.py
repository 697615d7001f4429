"""Chapter 4 exercises: partitioned variables and embedding_lookup's 'mod' versus 'div'."""

from __future__ import annotations

import numpy as np

from scopelab.exercises.diagnose import expect_count
from scopelab.exercises.framework import Check, Exercise, KnownWrong
from scopelab.exercises.mistakes import feedback
from scopelab.exercises.observation import PartitionedData, same_variable

__all__ = ["partitioned", "embedding_div", "EXERCISES"]


def _partitioned(a, full_name):
    found = a.get(full_name)
    return found if isinstance(found, PartitionedData) else None


def _shard_shapes(pv) -> list[tuple[int, ...]]:
    return [s.shape for s in pv.shards]


def _expect_sharding(a, full_name, full_shape, shard_shapes):
    pv = _partitioned(a, full_name)
    if pv is None:
        plain = a.get(full_name)
        if plain is not None:
            return feedback("wrong_partitioning", f"{full_name!r} was created as one unpartitioned variable.")
        return feedback("missing_variable", f"No partitioned variable {full_name!r} was created.")
    got_full = pv.shape
    if got_full != tuple(full_shape):
        return feedback("wrong_shape", f"{full_name!r}: expected shape {tuple(full_shape)}, got {got_full}.")
    got = _shard_shapes(pv)
    if got != [tuple(s) for s in shard_shapes]:
        return feedback("wrong_partitioning",
                        f"{full_name!r}: expected {len(shard_shapes)} shards along axis 0, got "
                        f"{len(got)} of shapes {got}.")
    return None


def _return_is_container(a):
    pv = _partitioned(a, "emb/table")
    got = a.returned[0] if a.returned else None
    if pv is None or not same_variable(got, pv):
        return feedback("wrong_return", "sharded_table() must return the PartitionedVariable.")
    return None


def _shard_names(a):
    names = sorted(a.variable_names())
    want = [f"emb/table/part_{i}" for i in range(3)]
    if names != want:
        return feedback("wrong_partitioning", f"The shards are named {names!r}.")
    return None


# --- q12 ------------------------------------------------------------------------------------------
partitioned = Exercise(
    key="q12", slug="partitioned", title="Partitioned variables", topic="partitions",
    task=("Write sharded_table() that creates 'emb/table' with shape [10, 4], split into 3 shards "
          "along axis 0 by tf.fixed_size_partitioner, and returns it."),
    expected=tuple(f"emb/table/part_{i}" for i in range(3)),
    answer_name="sharded_table",
    starter='''def sharded_table():
    # emb/table [10, 4] in 3 shards along axis 0 (tf.fixed_size_partitioner)
    pass
''',
    solution_code='''def sharded_table():
    with tf.variable_scope("emb"):
        return tf.get_variable("table", shape=[10, 4],
                               partitioner=tf.fixed_size_partitioner(3))
''',
    hints=(
        "get_variable takes a partitioner=; a partitioner only says how many shards per axis.",
        "tf.fixed_size_partitioner(num_shards, axis=0) splits rows; 10 rows into 3 shards is 4 + 3 + 3.",
    ),
    checks=(
        Check("shards", "emb/table (10, 4) has 3 shards of shapes (4, 4), (3, 4), (3, 4)",
              lambda a: _expect_sharding(a, "emb/table", (10, 4), [(4, 4), (3, 4), (3, 4)])),
        Check("returned", "sharded_table() returns the partitioned variable", _return_is_container),
        Check("names", "the shards are emb/table/part_0 .. part_2", _shard_names, hidden=True),
    ),
    known_wrong=(
        KnownWrong('''def sharded_table():
    with tf.variable_scope("emb"):
        return tf.get_variable("table", shape=[10, 4],
                               partitioner=tf.fixed_size_partitioner(3, axis=1))
''', "wrong_partitioning", ("(10, 2)", "along axis 0")),
        KnownWrong('''def sharded_table():
    with tf.variable_scope("emb"):
        return tf.get_variable("table", shape=[10, 4])
''', "wrong_partitioning", ("one unpartitioned variable",)),
        KnownWrong('''def sharded_table():
    with tf.variable_scope("emb"):
        return tf.get_variable("table", shape=[10, 4],
                               partitioner=tf.fixed_size_partitioner(2))
''', "wrong_partitioning", ("got 2 of shapes",)),
    ),
)


# --- q13 ------------------------------------------------------------------------------------------
IDS = np.array([0, 1, 2, 3, 4, 5, 6, 3, 0])


# A [7, 2] table in 3 shards whose row i is [i, 10 + i], so a looked-up row names itself.
_MAKE_TABLE = """
table = tf.get_variable("emb/table", shape=[7, 2], partitioner=tf.fixed_size_partitioner(3))
full = np.stack([np.arange(7), 10 + np.arange(7)], axis=1).astype(np.float32)
for shard in table:
    start = shard.save_slice_info.var_offset[0]
    shard.assign(full[start:start + shard.shape.as_list()[0]])
"""


def _mod_rows(table, ids):
    shards = [s.value for s in table.shards]
    n = len(shards)
    return np.stack([shards[i % n][i // n] for i in ids])


def _rows_match(a):
    got = a.returned[0] if a.returned else None
    if got is None:
        return feedback("wrong_return", "lookup(table, ids) must return the looked-up rows.")
    got = np.asarray(got)
    table = a.get("emb/table")
    full = a.value("emb/table")
    if got.shape == (len(IDS), 2) and np.allclose(got, full[IDS]):
        return None
    if got.shape == (len(IDS), 2) and np.allclose(got, _mod_rows(table, IDS)):
        return feedback("mod_vs_div", f"For id 1 you got the row {got[1].tolist()}, which is row 0 of "
                                      f"shard 1, not row 1 of the table.")
    return feedback("wrong_return", f"The rows returned (shape {got.shape}) are not the table's rows "
                                    f"for these ids.")


embedding_div = Exercise(
    key="q13", slug="embedding_div", title="embedding_lookup: mod versus div", topic="partitions",
    task=("lookup(table, ids) gets 'emb/table' [7, 2], built in 3 shards by fixed_size_partitioner, "
          "and an array of ids. Return tf.nn.embedding_lookup's rows so that row i of the result is "
          "row ids[i] of the whole table (as if the shards were concatenated)."),
    expected=(),
    answer_name="lookup",
    starter='''def lookup(table, ids):
    # return the rows of table for ids, matching the concatenated table
    pass
''',
    solution_code='''def lookup(table, ids):
    return tf.nn.embedding_lookup(table, ids, partition_strategy="div")
''',
    hints=(
        "Print np.asarray(shard) for each shard in the table: which rows does each one hold?",
        "embedding_lookup has two ways to map an id to a shard; the default is not the contiguous one.",
    ),
    checks=(
        Check("rows", "the rows match the concatenated table", _rows_match),
        Check("no_new_variables", "lookup creates no variables",
              lambda a: expect_count(a, 0), hidden=True),
    ),
    setup=_MAKE_TABLE,
    calls=(f"answer(variable('emb/table'), np.array({IDS.tolist()}))",),
    known_wrong=(
        KnownWrong('''def lookup(table, ids):
    return tf.nn.embedding_lookup(table, ids)
''', "mod_vs_div", ("row 0 of shard 1", "partition_strategy='mod'")),
        KnownWrong('''def lookup(table, ids):
    return tf.nn.embedding_lookup(table, ids, partition_strategy="mod")
''', "mod_vs_div", ("'div' layout",)),
    ),
)

EXERCISES = (partitioned, embedding_div)
