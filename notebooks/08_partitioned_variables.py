# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 08 · Partitioned variables and `embedding_lookup`
#
# A very large variable, typically an embedding table, can be split into **shards** along one
# axis: TF1 spreads them over parameter servers. `get_variable(..., partitioner=...)` returns a
# `PartitionedVariable` whose shards are ordinary variables named `<name>/part_0`, `part_1`, ….
#
# Then `embedding_lookup` has to know which row lives in which shard, and it has two answers:
# `"mod"` (the default) and `"div"`. Getting that wrong silently returns the wrong rows.

# %%
import numpy as np
import scopelab as tf

# %load_ext scopelab
# %xmode Minimal
tf.reset_default_graph()

# %%
# %scope_tree --live

# %% [markdown]
# ## Shards
#
# `fixed_size_partitioner(3)` asks for three shards along axis 0. Ten rows do not divide by three:
# the first `10 % 3 = 1` shard gets one extra row.

# %%
table_values = np.arange(10 * 2, dtype=np.float32).reshape(10, 2)   # row i holds 2i, 2i+1
with tf.variable_scope("embed", partitioner=tf.fixed_size_partitioner(3)):
    # A NumPy value as initializer is split across the shards (a constant_initializer would be
    # called once per shard with the shard's shape, and 20 values do not fit in 4 x 2).
    table = tf.get_variable("table", shape=[10, 2], initializer=table_values)

[(shard.name, shard.shape.as_list()) for shard in table]

# %% [markdown]
# The tree shows each shard with the rows it holds:

# %%
# %scope_tree embed

# %% [markdown]
# In JupyterLab, click `table` in the live tree: the inspector draws the shards as coloured bands
# with their offsets and shapes.
#
# `np.asarray(table)` concatenates the shards back in order: the full table, row *i* = `[2i, 2i+1]`.

# %%
np.array_equal(np.asarray(table), table_values)


# %% [markdown]
# ## `mod` versus `div`: a picture of the shards
#
# `embedding_lookup(params, ids)` needs, for every id, a shard and a row inside it.
#
# * `"div"` cuts the ids into **contiguous blocks**, the same way the partitioner cut the rows;
# * `"mod"` deals ids out **round-robin**: id *i* goes to shard `i % 3`.

# %%
def picture(strategy, num_ids=10, num_shards=3):
    """Which ids each shard serves under a partition strategy."""
    rows = [[] for _ in range(num_shards)]
    for i in range(num_ids):
        if strategy == "mod":
            rows[i % num_shards].append(i)
        else:
            sizes = [len(r) for r in np.array_split(np.arange(num_ids), num_shards)]
            shard = np.searchsorted(np.cumsum(sizes), i, side="right")
            rows[shard].append(i)
    for k, ids in enumerate(rows):
        print(f"  part_{k}: " + " ".join(f"{i:>2}" for i in ids))

print('"div": contiguous blocks')
picture("div")
print('"mod": round-robin')
picture("mod")

# %% [markdown]
# Now look up ids 0 to 4 both ways. Each result row should be `[2i, 2i+1]` for id *i*:

# %%
ids = np.array([0, 1, 2, 3, 4])
print("div\n", np.asarray(tf.nn.embedding_lookup(table, ids, partition_strategy="div")))
print("mod\n", np.asarray(tf.nn.embedding_lookup(table, ids, partition_strategy="mod")))

# %% [markdown]
# `"div"` returns the right rows: it agrees with how the partitioner laid the rows out. `"mod"`,
# TF1's *default*, assumes row *i* was stored in shard `i % 3` at position `i // 3`; for id 1 it
# reads the first row of `part_1`, which holds row 4. A model trained and served with the same
# strategy never notices; loading a table written one way and reading it the other does.

# %% [markdown]
# A partitioned variable is created (and reused) as one unit:

# %%
# %%scope_diff
with tf.variable_scope("embed", reuse=True, partitioner=tf.fixed_size_partitioner(3)):
    same_table = tf.get_variable("table", shape=[10, 2])

# %% [markdown]
# ## Other partitioners
#
# `variable_axis_size_partitioner(max_shard_bytes)` makes shards no bigger than a byte budget,
# `min_max_variable_partitioner(max_partitions, min_slice_size)` shards only big variables:

# %%
with tf.variable_scope("sized"):
    big = tf.get_variable("big", shape=[100, 8],
                          partitioner=tf.variable_axis_size_partitioner(max_shard_bytes=1024))
    small = tf.get_variable("small", shape=[4, 4],
                            partitioner=tf.min_max_variable_partitioner(max_partitions=4, min_slice_size=256 << 10))
[s.shape.as_list() for s in big], [s.shape.as_list() for s in small]

# %% [markdown]
# ## Seeded shards are equal (the TF1 way)
#
# Each shard is drawn as its own tensor, so a seeded random initializer gives every shard of equal
# shape **the same** values, as in TF1:

# %%
with tf.variable_scope("seeded", partitioner=tf.fixed_size_partitioner(2)):
    twins = tf.get_variable("twins", shape=[4, 3], initializer=tf.random_uniform_initializer(seed=1))
first, second = list(twins)
np.array_equal(first.numpy(), second.numpy())

# %% [markdown]
# scopelab offers an opt-in instead: with `partition_invariant` on, shard *k* holds exactly the
# matching slice of the unpartitioned variable, however many shards there are.

# %%
from scopelab.config import settings

settings.partition_invariant = True
try:
    with tf.variable_scope("invariant"):
        whole = tf.get_variable("whole", shape=[4, 3], initializer=tf.random_uniform_initializer(seed=1))
        split = tf.get_variable("split", shape=[4, 3], initializer=tf.random_uniform_initializer(seed=1),
                                partitioner=tf.fixed_size_partitioner(2))
    print(np.array_equal(np.asarray(whole), np.asarray(split)))
finally:
    settings.partition_invariant = False

# %% [markdown]
# Next: [09 · Custom getters](09_custom_getters.ipynb).
