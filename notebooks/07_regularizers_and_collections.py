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
# # 07 · Regularizers and collections
#
# TF1 keeps lists of things by name, **collections**: every variable joins `GLOBAL_VARIABLES`,
# trainable ones also `TRAINABLE_VARIABLES`, and a regularizer's loss goes into
# `REGULARIZATION_LOSSES`. Training code then asks for "all trainable variables" or "the sum of the
# regularization losses" without knowing how the model was built.

# %%
import numpy as np
import scopelab as tf

# %load_ext scopelab
# %xmode Minimal
tf.reset_default_graph()

# %%
# %scope_tree --live

# %% [markdown]
# ## Which collections a variable joins

# %%
with tf.variable_scope("net"):
    w = tf.get_variable("w", shape=[2, 2])
    step = tf.get_variable("step", shape=[], dtype=tf.int32, trainable=False)
    cache = tf.get_variable("cache", shape=[2], collections=[tf.GraphKeys.LOCAL_VARIABLES])
    local = tf.get_local_variable("local", shape=[2])

for key in [tf.GraphKeys.GLOBAL_VARIABLES, tf.GraphKeys.TRAINABLE_VARIABLES, tf.GraphKeys.LOCAL_VARIABLES]:
    print(f"{key:22}", [v.name for v in tf.get_collection(key)])

# %% [markdown]
# Two rules to remember: `collections=[...]` **replaces** the default `GLOBAL_VARIABLES` (so `cache`
# is not global), while `trainable=True` (the default) adds `TRAINABLE_VARIABLES` in any case.
# `%scope_collections` shows every collection at once:

# %%
# %scope_collections

# %% [markdown]
# `get_collection(key, scope)` keeps the items whose name *starts with* `scope` (a regular
# expression, matched at the beginning):

# %%
[v.name for v in tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope="net/s")]

# %% [markdown]
# ## Regularizers
#
# A regularizer turns a variable into a loss. It runs **once, when the variable is created**, and
# the loss lands in `REGULARIZATION_LOSSES`. A scope's regularizer applies to every variable
# created inside it; `tf.no_regularizer` switches it off for one variable.

# %%
with tf.variable_scope("layer", regularizer=tf.contrib.layers.l2_regularizer(0.1),
                       initializer=tf.ones_initializer()):
    kernel = tf.get_variable("kernel", shape=[2, 3])
    bias = tf.get_variable("bias", shape=[3], regularizer=tf.no_regularizer)

losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
len(losses), [round(float(loss), 4) for loss in losses]

# %% [markdown]
# `l2_regularizer(0.1)` computes `0.1 * sum(w**2) / 2`: six ones give 0.3. Reusing the variable
# does not add a second loss:

# %%
# %%scope_diff
with tf.variable_scope("layer", reuse=True):
    tf.get_variable("kernel", shape=[2, 3])

# %%
len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES))

# %% [markdown]
# The loss is **lazy**: like a TF1 loss tensor evaluated in a session, it reads the variable's value
# each time you ask, so it follows assignments:

# %%
kernel.assign(2 * np.ones([2, 3], dtype=np.float32))
round(float(tf.losses.get_regularization_loss()), 4)

# %%
# %scope_tree

# %% [markdown]
# Next: [08 · Partitioned variables](08_partitioned_variables.ipynb).
