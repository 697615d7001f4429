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
# Is `fixed_size_partitioner` "mod" or "div"
# ([tensorflow#15164](https://github.com/tensorflow/tensorflow/pull/15164))? Neither: a partitioner
# only decides **how many** shards there are, and `get_variable` always fills them with contiguous
# blocks of rows. `embedding_lookup(params, ids)` then needs, for every id, a shard and a row inside
# it, and *that* is where the strategy is chosen.
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
# Now look up ids 0 to 4 both ways. Each result row should be `[2i, 2i+1]` for id *i*.
#
# **Predict, then run:** which of the two strategies returns those rows? For the other one, which
# row comes back for id 1?

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
# ## `div` assumes balanced shards
#
# `"div"` does not look at the shards' sizes: it computes the blocks from the **total** number of
# rows, as if the shards had been made by `get_variable` (the first `n % k` one row longer). A list
# of hand-made shards of other sizes is silently misread
# ([tensorflow#19265](https://github.com/tensorflow/tensorflow/issues/19265)). Below, six rows are
# split by hand into shards of 4 and 2 rows; `"div"` assumes 3 and 3.
#
# **Predict, then run:** which row comes back for id 3?

# %%
rows = np.arange(6 * 2, dtype=np.float32).reshape(6, 2)      # row i holds 2i, 2i+1
with tf.variable_scope("by_hand"):
    big = tf.get_variable("big", initializer=rows[:4])
    small = tf.get_variable("small", initializer=rows[4:])
np.asarray(tf.nn.embedding_lookup([big, small], np.array([0, 1, 2, 3, 4]), partition_strategy="div"))

# %% [markdown]
# Id 3 got row 4, `[8, 9]`: `"div"` sent it to the first row of the second shard. Id 5 would be sent
# past the end of the two-row shard, and that one does fail:

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
tf.nn.embedding_lookup([big, small], np.array([5]), partition_strategy="div")

# %% [markdown]
# Let `get_variable` make the shards (then their sizes are the ones `"div"` expects), or look up
# in the concatenated table.
#
# ## More shards than rows
#
# Every shard needs at least one row. `fixed_size_partitioner` quietly asks for no more shards than
# there are rows, so `fixed_size_partitioner(5)` on a 3-row variable makes 3 shards:

# %%
with tf.variable_scope("few_rows"):
    few = tf.get_variable("few", shape=[3, 2], partitioner=tf.fixed_size_partitioner(5))
[s.shape.as_list() for s in few]

# %% [markdown]
# A partitioner that insists (any function returning the shard counts per axis) gets an error, and
# the store is left unchanged:

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
def five_shards(shape, dtype):
    return [5, 1]

with tf.variable_scope("few_rows"):
    tf.get_variable("too_many", shape=[3, 2], partitioner=five_shards)

# %% [markdown]
# ## Regularizers on partitioned variables
#
# A regularizer runs once **per shard**, when the shard is created: a 3-shard variable adds three
# losses, whose sum is the loss of the whole table. Reusing the partitioned variable adds none.
#
# **Predict, then run:** how many regularization losses are there after the second block?

# %%
l2 = tf.l2_regularizer(0.5)
with tf.variable_scope("reg", partitioner=tf.fixed_size_partitioner(3), regularizer=l2,
                       initializer=tf.ones_initializer()):
    reg_table = tf.get_variable("table", shape=[6, 2])
with tf.variable_scope("reg", partitioner=tf.fixed_size_partitioner(3), regularizer=l2, reuse=True):
    reg_table_again = tf.get_variable("table", shape=[6, 2])
losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
reg_table_again is reg_table, len(losses), sum(float(loss) for loss in losses)

# %% [markdown]
# The same holds for a layer. Through TF1's `tf.layers`, reusing a layer whose kernel was
# partitioned once *duplicated* its regularization losses
# ([tensorflow#19054](https://github.com/tensorflow/tensorflow/issues/19054), fixed in TF): a
# partitioned kernel is several variables, and the layer added a loss for each again on reuse.
#
# **Predict, then run:** the layer's 6-row kernel is split in 3 and the layer is built twice, the
# second time reusing. How many regularization losses do the two calls add?

# %%
before = len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))
features = tf.placeholder(tf.float32, [None, 6], name="features")
with tf.variable_scope("net", partitioner=tf.fixed_size_partitioner(3)):
    logits = tf.layers.dense(features, 2, kernel_regularizer=l2, name="fc")
with tf.variable_scope("net", partitioner=tf.fixed_size_partitioner(3), reuse=True):
    logits_again = tf.layers.dense(features, 2, kernel_regularizer=l2, name="fc")
len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)) - before

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
# ## Your turn: as many shards as rows allow
#
# small_table() must create 'small' [3, 4] split along axis 0 into as many shards as a 3-row
# variable can have, and return it.
#
# The next cell is broken on purpose. Run it, then run the check under it: the check calls your
# function in an empty store and says what is wrong. Fix the function and run both cells again
# until the check passes. `ex.t08.hint()` gives a hint, `ex.t08.solution()` an answer.

# %%
def small_table():
    return tf.get_variable("small", shape=[3, 4], partitioner=lambda shape, dtype: [4, 1])


# %%
from scopelab.exercises import practice as ex

ex.t08.check(small_table)

# %% [markdown]
# Next: [09 · Custom getters](09_custom_getters.ipynb).
