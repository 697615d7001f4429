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
# # 13 · Real models
#
# Real TF1 code rarely calls `get_variable` itself: `tf.layers`, `tf.contrib.layers` and the RNN
# cells call it for you, and they choose the names. This notebook builds three small models the way
# TF1 projects wrote them (a transformer block, a CNN with batch normalization, an LSTM language
# model) and explains every name that surprises people:
#
# | you see | because |
# |---|---|
# | `dense`, `dense_1`, `dense_2` | each `tf.layers.dense` call asks for a *default name* in the current variable scope |
# | `conv2d_transpose/kernel` shaped `[3, 3, out, in]` | a transposed convolution stores its kernel the other way round |
# | `batch_normalization/moving_mean` not trainable, two `UPDATE_OPS` | statistics are averaged, not learned, by ops nothing runs unless you ask |
# | `rnn/multi_rnn_cell/cell_0/lstm_cell/kernel` | one scope per wrapper: the loop, the stack, the layer, the cell |
# | `stats/stats/mean/biased` | `assign_moving_average` opens a scope named after the variable, inside the current one |
#
# Everything runs with `import scopelab as tf`: the same code runs under TensorFlow 1.x.

# %%
import numpy as np
import scopelab as tf

# %load_ext scopelab
# %xmode Minimal
tf.reset_default_graph()

# %% [markdown]
# The live tree follows the store through the whole notebook (in JupyterLab it marks what each cell
# created):

# %%
# %scope_tree --live

# %% [markdown]
# ## 1 · A transformer block: `dense`, `dense_1`, …
#
# Queries, keys and values get explicit names; the output projection and the feed-forward layers
# do not, so `tf.layers.dense` names them. Two `layer_norm`s from `tf.contrib.layers` do the same
# with their own default name, `LayerNorm`.

# %%
def attention_block(x):
    d = x.shape.as_list()[-1]
    q = tf.layers.dense(x, d, name="query")
    k = tf.layers.dense(x, d, name="key")
    v = tf.layers.dense(x, d, name="value")
    weights = tf.nn.softmax(tf.matmul(q, k, transpose_b=True) / np.sqrt(d))
    h = tf.contrib.layers.layer_norm(x + tf.layers.dense(tf.matmul(weights, v), d))
    ff = tf.layers.dense(tf.layers.dense(h, 4 * d, activation=tf.nn.relu), d)
    return tf.contrib.layers.layer_norm(h + ff)


tokens = tf.placeholder(tf.float32, [None, 5, 8], name="tokens")
x = tokens
with tf.variable_scope("encoder"):
    for i in range(2):
        with tf.variable_scope("layer_%d" % i):
            x = attention_block(x)
x.shape

# %%
# %scope_tree --depth 3

# %% [markdown]
# **Predict, then run:** `attention_block` calls `tf.layers.dense` six times, three of them without
# a `name`. Which names do the variables of `encoder/layer_0` get?

# %%
[v.name for v in tf.global_variables(scope="encoder/layer_0")]

# %% [markdown]
# Each call of `tf.layers.dense` builds a new layer object, and a layer without a `name` asks for
# `variable_scope(None, default_name="dense")`: the first one in a scope is `dense`, the next
# `dense_1`, then `dense_2`. The counters belong to the enclosing scope, so `layer_1` starts again
# at `dense`. A name scope changes nothing here: it only renames ops.
#
# A layer **object** (`tf.layers.Dense`) is different: it captures its scope on the first call and
# every later call shares the variables. Its `.name` is counted per graph and starts at 1, which is
# why the first `Dense` object is called `dense_1` while its variables are `dense/…`:

# %%
tf.reset_default_graph()
head = tf.layers.Dense(3)
left = head(tf.placeholder(tf.float32, [None, 4], name="left"))
right = head(tf.placeholder(tf.float32, [None, 4], name="right"))
print(head.name, [v.name for v in head.variables])
print(left.name, right.name)

# %% [markdown]
# Asking for the same **name** twice is not sharing, it is the "already exists" error: share with
# `reuse=True` (or `tf.AUTO_REUSE`) together with the name.

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
tf.layers.dense(left, 2, name="logits")
tf.layers.dense(right, 2, name="logits")

# %%
shared = tf.layers.dense(right, 2, name="logits", reuse=True)
[v.name for v in tf.global_variables()]

# %% [markdown]
# ## 2 · A CNN with batch normalization
#
# `training` is a placeholder, so one graph serves training and inference.

# %%
tf.reset_default_graph()
images = tf.placeholder(tf.float32, [None, 8, 8, 3], name="images")
training = tf.placeholder(tf.bool, [], name="training")

h = tf.layers.conv2d(images, 8, 3, padding="same", use_bias=False)
h = tf.nn.relu(tf.layers.batch_normalization(h, training=training))
h = tf.layers.max_pooling2d(h, 2, 2)
logits = tf.layers.dense(tf.layers.flatten(h), 10)
reconstruction = tf.layers.conv2d_transpose(h, 3, 3, strides=2, padding="same")

for v in tf.global_variables():
    print(f"{v.name:42} {str(v.shape.as_list()):15} trainable={v in tf.trainable_variables()}")

# %% [markdown]
# * `batch_normalization/gamma` and `beta` are learned (trainable); `moving_mean` and
#   `moving_variance` are **not**: they are running averages of the batch statistics, used when
#   `training` is false. An optimizer never touches them.
# * `conv2d` has no `bias` because `use_bias=False` (batch norm's `beta` does that job).
# * `conv2d_transpose/kernel` is `[3, 3, 3, 8]`: `[height, width, output channels, input channels]`,
#   the transpose of `conv2d`'s `[height, width, in, out]`.
#
# The moving averages are updated by two ops that batch norm puts in the `UPDATE_OPS` collection
# instead of running them:

# %%
tf.get_collection(tf.GraphKeys.UPDATE_OPS)

# %% [markdown]
# Nothing runs them by itself. TF1 code makes the training op depend on them (`%%scope_diff` shows
# what the optimizer added):

# %%
# %%scope_diff
loss = tf.reduce_mean(tf.square(logits))
with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
    train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)

# %% [markdown]
# **Predict, then run:** how many global variables are there now, and how many of them are
# trainable?

# %%
len(tf.global_variables()), len(tf.trainable_variables())

# %% [markdown]
# 21 variables, 7 of them trainable. Adam added 12: two slots (`…/Adam`, `…/Adam_1`) for each of the
# 5 trainable variables the loss depends on, and two scalars (`beta1_power`, `beta2_power`).
# `conv2d_transpose` got no slots: `loss` does not depend on it.
#
# The tree says what made each variable: `by tf.layers.conv2d`, and `by tf.train.AdamOptimizer`
# for the slots folded under `kernel/` and the others (a plain `tf.get_variable` adds nothing).
# The two scalars at the root are marked
# `tf.Variable (not shared by name)`: Adam makes them with `tf.Variable`, which keeps them in the
# collections only, so `get_variable` cannot find them by name and `reuse=True` cannot share them.

# %%
# %scope_tree --depth 1

# %% [markdown]
# scopelab evaluates the forward pass (it does not train):

# %%
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    batch = np.linspace(0, 1, 2 * 8 * 8 * 3, dtype=np.float32).reshape(2, 8, 8, 3)
    out = sess.run(logits, {images: batch, training: False})
out.shape

# %% [markdown]
# ## 3 · An LSTM language model: `rnn/multi_rnn_cell/cell_0/lstm_cell/kernel`

# %%
tf.reset_default_graph()
words = tf.placeholder(tf.int32, [None, 6], name="words")
embedding = tf.get_variable("embedding", [20, 8])
cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(8) for _ in range(2)])
outputs, state = tf.nn.dynamic_rnn(cell, tf.nn.embedding_lookup(embedding, words), dtype=tf.float32)
next_word = tf.layers.dense(outputs, 20, name="softmax")
[(v.name, v.shape.as_list()) for v in tf.global_variables()]

# %% [markdown]
# Read the long name from the outside in:
#
# * `rnn` is `dynamic_rnn`'s default scope (pass `scope="decoder"` to change it);
# * `multi_rnn_cell` is the stack's own scope, and `cell_0`, `cell_1` one per layer;
# * `lstm_cell` is the cell's default name; `kernel` holds all four gates side by side:
#   `[input + units, 4 * units]` = `[8 + 8, 32]`, and `bias` is `[32]`.
#
# The cells make their variables when the loop first calls them, and a cell object remembers that
# scope: calling the same object again shares. A model function that builds *new* cells for a
# second tower (validation, sampling) asks for the same names again, so that tower needs reuse on
# (the second exercise of this chapter):

# %%
valid_cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(8) for _ in range(2)])
with tf.variable_scope(tf.get_variable_scope(), reuse=True):
    valid_outputs, _ = tf.nn.dynamic_rnn(valid_cell, tf.nn.embedding_lookup(embedding, words), dtype=tf.float32)
len(tf.global_variables())

# %% [markdown]
# ## 4 · Moving averages: `loss/ExponentialMovingAverage`, `stats/stats/mean/biased`
#
# `tf.train.ExponentialMovingAverage` keeps a shadow copy named after what it averages:

# %%
loss = tf.reduce_mean(next_word, name="loss")
ema = tf.train.ExponentialMovingAverage(0.99)
maintain = ema.apply([loss])
[v.name for v in tf.global_variables()][-1:]

# %% [markdown]
# `assign_moving_average` (what batch norm implementations call) with `zero_debias=True` creates
# two helper variables. It opens a variable scope named after the averaged variable (`stats/mean`)
# **inside** the current scope (`stats`), so the prefix appears twice:

# %%
from scopelab.train import moving_averages

with tf.variable_scope("stats"):
    mean = tf.get_variable("mean", [], initializer=tf.zeros_initializer(), trainable=False)
    update = moving_averages.assign_moving_average(mean, loss, decay=0.9, zero_debias=True)
[v.name for v in tf.global_variables()][-3:]

# %% [markdown]
# ## Your turn: layers you can find by name
#
# build_attention(x) builds two dense layers of 4 units in scope `encoder`, a query and a key,
# whose variables must be 'encoder/query/kernel', 'encoder/query/bias', 'encoder/key/kernel' and
# 'encoder/key/bias', so that later code finds them by name.
#
# The next cell is broken on purpose. Run it, then run the check under it: the check calls your
# function with a placeholder `x` in an empty store and says what is wrong. Fix the function and
# run both cells again until the check passes. `ex.t13.hint()` gives a hint, `ex.t13.solution()`
# an answer.

# %%
def build_attention(x):
    with tf.variable_scope("encoder"):
        query = tf.layers.dense(x, 4)
        key = tf.layers.dense(x, 4)
    return query, key


# %%
from scopelab.exercises import practice as ex

ex.t13.check(build_attention)

# %% [markdown]
# ## What to remember
#
# * Layers name themselves with *default names* per variable scope: name the layers you will look
#   for (`name="query"`), and share by name with `reuse=True` or by calling one layer object twice.
# * `tf.trainable_variables()` is not everything: batch norm statistics, optimizer slots and moving
#   averages are global variables that no optimizer updates.
# * Batch norm's updates live in `UPDATE_OPS`; a training op must depend on them.
# * Long RNN names are one scope per wrapper; the cell's `kernel` packs all its gates.
#
# Try it: `scopelab.exercises` chapter 7 (`notebooks/exercises/07_models_exercises.ipynb`, q19 and q20).
#
# Next: [14 · Parameter servers](14_parameter_servers.ipynb), where the shards of a table live on
# the workers of a cluster.
