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
# # 14 · Parameter servers
#
# Large TF1 models were trained on a **cluster** of machines with two jobs. The **parameter
# servers** (`/job:ps/task:0`, `/job:ps/task:1`, …) only *held* the variables; the **workers**
# (`/job:worker/task:0`, …) ran the model and sent reads and updates to the parameter servers over
# the network. A big embedding table was partitioned (tutorial 08) so that its shards could live on
# different parameter servers, and `tf.nn.embedding_lookup` fetched from each one only the rows it
# needed.
#
# Which variable went to which server was decided by **device strings**, when the graph was built.
# scopelab keeps that TF1 code unchanged and runs it on a real cluster engine,
# [Dask distributed](https://distributed.dask.org):
#
# | TF1 | scopelab |
# |---|---|
# | a parameter server `/job:ps/task:k` | the *k*-th worker of a Dask cluster |
# | a variable placed on `/job:ps/task:k` | its value is computed and kept on that worker |
# | reading a variable on the client | fetched from the worker only when asked (`np.asarray`, `.numpy()`) |
# | `embedding_lookup` on sharded parameters | ids routed on the client, rows gathered on each worker |
# | a parameter server dies | the variables it held are gone: a clear error names them |
#
# This notebook starts a small cluster on this machine (a `LocalCluster`) and closes it at the end.

# %%
import time

import numpy as np
import scopelab as tf
import scopelab.cluster

# %load_ext scopelab
# %xmode Minimal
tf.reset_default_graph()

# %% [markdown]
# The live tree follows the store through the whole notebook:

# %%
# %scope_tree --live

# %% [markdown]
# ## 1 · Device strings, and how they nest
#
# A TF1 program described its cluster with a `ClusterSpec`: each job and the address of each of its
# tasks (every process of the cluster ran the same description).

# %%
spec = tf.train.ClusterSpec({"ps": ["ps0.example.com:2222", "ps1.example.com:2222"],
                             "worker": ["worker0.example.com:2222"]})
spec.jobs, spec.num_tasks("ps"), spec.task_address("ps", 1)

# %% [markdown]
# A device string names a place in it: `/job:ps/task:1`, or only part of one (`/job:ps`,
# `/task:1`, `/cpu:0`). `tf.device` blocks **nest by merging**: the inner string decides the fields
# it names, and the enclosing blocks fill in the fields it leaves out.
#
# **Predict, then run:** what is the device of each of these three variables?

# %%
with tf.variable_scope("nesting"):
    with tf.device("/job:ps"):
        with tf.device("/task:1"):
            a = tf.get_variable("a", shape=[2])
    with tf.device("/job:ps/task:0"):
        with tf.device("/job:worker"):
            b = tf.get_variable("b", shape=[2])
        with tf.device(None):
            c = tf.get_variable("c", shape=[2])
[(v.name, v.device) for v in (a, b, c)]

# %% [markdown]
# * `a`: the inner `/task:1` names only a task, so the job comes from the outer block.
# * `b`: the inner `/job:worker` replaces the job but says nothing about the task, so `task:0`
#   stays: a worker string inside a parameter-server block is *not* "the worker".
# * `c`: `tf.device(None)` clears every enclosing device, and `c` has none.
#
# ## 2 · `replica_device_setter`: round robin over the ps tasks
#
# Writing a task into every `tf.device` was tedious, so TF1 offered a **device function**:
# `tf.train.replica_device_setter(ps_tasks=2)` is asked for the device of every op created in its
# block. Variables go to the parameter servers **in turn**, one task after the other; all other ops
# go to `/job:worker`. Each shard of a partitioned variable is its own variable, so it takes its
# own turn.
#
# **Predict, then run:** a model creates a global step, then a 3-shard embedding table, then a
# bias, in one `replica_device_setter(ps_tasks=2)` block. Which task gets each of them?

# %%
tf.reset_default_graph()
with tf.device(tf.train.replica_device_setter(ps_tasks=2)):
    step = tf.get_variable("global_step", shape=[], dtype=tf.int64, initializer=tf.zeros_initializer(),
                           trainable=False)
    table = tf.get_variable("embedding", shape=[6, 4], partitioner=tf.fixed_size_partitioner(3),
                            initializer=tf.random_uniform_initializer(seed=1))
    bias = tf.get_variable("bias", shape=[4], initializer=tf.zeros_initializer())
    scaled = tf.multiply(bias, 2.0, name="scaled")
for v in tf.global_variables():
    print(f"{v.name:22} {v.device}")
print(f"{scaled.name:22} {scaled.device}")

# %% [markdown]
# The global step took task 0, so the table's first shard went to task 1: the turn is counted over
# **every** variable the setter places, in creation order, and the setter does not look at sizes
# (a bias of 4 values counts as much as a million-row shard). The `multiply` op went to the worker.
# Real programs passed `cluster=spec` instead of `ps_tasks=2`: the setter counts the tasks of the
# spec's `ps` job.
#
# The count belongs to the device function that `replica_device_setter` returns.
#
# **Predict, then run:** `w0` is placed by a new setter, `w1` by a second new one, `w2` by the
# first one again. Which tasks do they get?

# %%
setter = tf.train.replica_device_setter(ps_tasks=2)
with tf.device(setter):
    w0 = tf.get_variable("w0", shape=[2])
with tf.device(tf.train.replica_device_setter(ps_tasks=2)):
    w1 = tf.get_variable("w1", shape=[2])
with tf.device(setter):
    w2 = tf.get_variable("w2", shape=[2])
[(v.name, v.device) for v in (w0, w1, w2)]

# %% [markdown]
# Each call of `replica_device_setter` makes a new function that starts at task 0; entering the
# *same* function again continues where it stopped. A program that builds its model in several
# places should make one setter and enter it everywhere, or the first tasks fill up.

# %% [markdown]
# ## 3 · A real cluster: each shard lives on a worker
#
# So far the device strings were only labels. Connecting scopelab to a Dask cluster makes them
# real: a variable placed on `/job:ps/task:k` is computed and kept by the *k*-th worker (workers
# sorted by name). Here the cluster is a `LocalCluster` of two workers in this process (threads
# that talk over TCP, so that the notebook runs fast); on real machines you would pass a client of
# your cluster, or the address of its scheduler (`connect("tcp://scheduler:8786")`).

# %%
from distributed import Client, LocalCluster

local = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp://",
                     dashboard_address=":0")   # any free port: 8787 may be taken by another cluster
client = Client(local, set_as_default=False)
scopelab.cluster.connect(client)
sorted(local.workers)

# %% [markdown]
# The table below is placed by the setter as before. Now that a cluster is connected, the views say
# which task's worker holds each shard: `%scope_tree` writes `on ps/task:1` after a shard (add
# `--addresses` for the worker's address), and in JupyterLab the live tree at the top marks the
# table with a worker chip and its inspector lists the worker of each shard.

# %%
tf.reset_default_graph()

# %%
# %%scope_diff
with tf.device(tf.train.replica_device_setter(ps_tasks=2)):
    with tf.variable_scope("embed"):
        table = tf.get_variable("table", shape=[8, 4], partitioner=tf.fixed_size_partitioner(4),
                                initializer=tf.random_uniform_initializer(seed=7))

# %%
# %scope_tree embed

# %% [markdown]
# Creating the table moved no numbers to this process: each worker ran the initializer's kernel
# for its own shards and kept the result. The client knows only names, shapes and placements.
# Asking for the values fetches them:

# %%
shards = list(table)
[(shard.name, scopelab.cluster.where(shard, address=False)) for shard in shards]

# %%
np.asarray(shards[0])

# %% [markdown]
# ## 4 · The same numbers as on one machine
#
# The initializers use a counter-based generator: every value depends only on the seed and its
# position, never on which machine or thread computes it.
#
# **Predict, then run:** the same table built without a device (so computed here, in this process)
# — are its values equal to the cluster's, bit for bit?

# %%
with tf.Graph().as_default():
    with tf.variable_scope("embed"):
        local_table = tf.get_variable("table", shape=[8, 4], partitioner=tf.fixed_size_partitioner(4),
                                      initializer=tf.random_uniform_initializer(seed=7))
    print([v.device for v in local_table])
    print(np.array_equal(np.asarray(local_table), np.asarray(table)))
    ids = np.arange(8)
    local_rows = {strategy: np.asarray(tf.nn.embedding_lookup(local_table, ids, partition_strategy=strategy))
                  for strategy in ("mod", "div")}

# %% [markdown]
# ## 5 · `embedding_lookup` across the workers: `mod` and `div`
#
# A lookup does not fetch the table. The client works out which shard serves each id (the
# partition strategy, tutorial 08), sends each worker only its ids, each worker gathers its rows,
# and the client stitches the rows back into the order of the ids. Only ids and the selected rows
# cross the network.
#
# To *see* the routing, the next table stores in each row where that row lives: the number of its
# shard and its position in the shard. Its 8 rows are split into 4 shards of 2 rows, which the setter
# deals out as before: `part_0` and `part_2` on task 0, `part_1` and `part_3` on task 1.
#
# **Predict, then run:** for ids 0 to 7, which shard serves each id with
# `partition_strategy="mod"`, and which with `"div"`? So which task serves id 5 in each case?

# %%
layout = np.array([[row // 2, row % 2] for row in range(8)], dtype=np.float32)   # [shard, row in it]
with tf.device(tf.train.replica_device_setter(ps_tasks=2)):
    where_is = tf.get_variable("where_is", shape=[8, 2], initializer=layout,
                               partitioner=tf.fixed_size_partitioner(4))
for strategy in ("mod", "div"):
    served = np.asarray(tf.nn.embedding_lookup(where_is, ids, partition_strategy=strategy)).astype(int)
    print(f"{strategy}: " + "  ".join(f"{i}->part_{shard}[{row}]" for i, (shard, row) in zip(ids, served)))

# %% [markdown]
# With `"mod"` id *i* is served by shard `i % 4`, at position `i // 4`: id 5 by `part_1`, on task 1.
# With `"div"` the ids are cut into blocks of 2, like the rows: id 5 by `part_2`, on task 0. Each
# worker received only the ids of its own shards. As in tutorial 08, the strategy must match how
# the table was laid out
# ([tensorflow#15164](https://github.com/tensorflow/tensorflow/pull/15164)): `get_variable` lays out
# contiguous blocks, so only `"div"` returns row *i* for id *i* here.
#
# The lookups on the cluster return exactly what the same lookups return on one machine (the
# local table of section 4):

# %%
for strategy in ("mod", "div"):
    rows = tf.nn.embedding_lookup(table, ids, partition_strategy=strategy)
    print(strategy, np.array_equal(np.asarray(rows), local_rows[strategy]))

# %% [markdown]
# ## 6 · Losing a parameter server
#
# TF1 had no recovery for a parameter server that died: the values it held were gone, and the job
# was restarted from its last checkpoint. scopelab behaves the same way, and says which variables
# went with the worker. Below, worker 1 (task 1) is shut down.

# %%
lost = local.workers[1]                     # the worker of ps task 1
local.sync(lost.close)                      # as if its machine had died
while lost.address in client.ncores():      # until the scheduler has noticed
    time.sleep(0.05)
len(client.ncores())

# %% [markdown]
# **Predict, then run:** can shard 0 still be read? And shard 1?

# %%
np.asarray(shards[0]).shape

# %%
try:
    np.asarray(shards[1])
except tf.errors.UnavailableError as err:   # TF1's class for a lost server; here WorkerLostError
    # the worker's address changes from run to run; the rest of the message is what you would see
    print(f"{type(err).__name__}: {str(err).replace(lost.address, '<address of worker 1>')}")

# %% [markdown]
# The store is unchanged: it still lists every shard, with its shape and placement. Only the values
# held by the lost worker cannot be read any more.

# %%
[(v.name, v.device) for v in tf.global_variables()]

# %% [markdown]
# **Predict, then run:** a `"div"` lookup of ids 0, 1, 4 and 5 in `where_is`: does it still work?
# (Section 5 shows which shards serve them.)

# %%
np.asarray(tf.nn.embedding_lookup(where_is, np.array([0, 1, 4, 5]), partition_strategy="div"))

# %% [markdown]
# It works: with `"div"` those ids are served by `part_0` and `part_2`, which live on task 0, and
# that worker is alive. An id served by `part_1` or `part_3` raises the error above. The tree still
# shows where every shard was placed:

# %%
# %scope_tree where_is

# %% [markdown]
# That is the end of the cluster: disconnect scopelab and close it. From here on, device strings
# are labels again.

# %%
scopelab.cluster.disconnect()
client.close()
local.close()

# %% [markdown]
# ## Your turn: a table on two parameter servers
#
# place_table() creates 'table' [8, 4] in 4 shards along axis 0 for a cluster with 2 parameter
# servers: the shards must take turns, 'table/part_0' and 'table/part_2' on '/job:ps/task:0',
# 'table/part_1' and 'table/part_3' on '/job:ps/task:1'. It returns the table.
#
# The next cell is broken on purpose. Run it, then run the check under it: the check calls your
# function in an empty store and reads the device of every shard. Fix the function and run both
# cells again until the check passes. `ex.t14.hint()` gives a hint, `ex.t14.solution()` an answer.

# %%
def place_table():
    # too big for one parameter server: the shards must take turns on both
    with tf.device("/job:ps/task:0"):
        return tf.get_variable("table", shape=[8, 4], partitioner=tf.fixed_size_partitioner(4))


# %%
from scopelab.exercises import practice as ex

ex.t14.check(place_table)

# %% [markdown]
# ## What to remember
#
# * A device string names a job, a task and a device; nested `tf.device` blocks merge field by
#   field, and `tf.device(None)` clears them.
# * `tf.train.replica_device_setter(ps_tasks=n)` deals variables, and each shard of a partitioned
#   variable, to the ps tasks in turn, counting every variable it places; other ops go to the worker.
# * With `scopelab.cluster.connect(...)`, a value lives on the worker of its ps task and is fetched
#   only when asked; the values are the ones one machine computes, bit for bit.
# * `embedding_lookup` routes each id to its shard by the partition strategy and moves only ids and
#   rows.
# * A lost parameter server loses its values; the error names them.
