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
# # 06 · dtypes
#
# A variable's dtype is decided once, when it is created: the `dtype=` argument, else the scope's
# dtype (float32 unless a scope says otherwise). Two exceptions: a **constant value** as initializer
# brings its own dtype, and so does a zero-argument callable. On reuse the dtype is always checked.

# %%
import numpy as np
import scopelab as tf

# %load_ext scopelab
# %xmode Minimal
tf.reset_default_graph()

# %%
# %scope_tree --live

# %%
with tf.variable_scope("types"):
    f32 = tf.get_variable("f32", shape=[2])
    f64 = tf.get_variable("f64", shape=[2], dtype=tf.float64)
    i32 = tf.get_variable("i32", shape=[2], dtype=tf.int32)
    flag = tf.get_variable("flag", shape=[2], dtype=tf.bool)
[(v.name, v.dtype.name, v.numpy().dtype.name) for v in (f32, f64, i32, flag)]

# %% [markdown]
# Integer and boolean variables without an initializer start at zero (`False`): Glorot makes no
# sense for them.

# %%
i32.numpy(), flag.numpy()

# %% [markdown]
# ## A scope dtype
#
# `variable_scope(..., dtype=...)` changes the default for everything inside, sub-scopes included:

# %%
with tf.variable_scope("half", dtype=tf.float16):
    h = tf.get_variable("h", shape=[2])
    with tf.variable_scope("inner"):
        h2 = tf.get_variable("h2", shape=[2])
h.dtype.name, h2.dtype.name

# %% [markdown]
# ## Constant values bring their own dtype
#
# A NumPy array or Python list as initializer is a *value*, not an initializer function: the
# variable takes its shape and its dtype (Python ints become int32, floats float32, as in TF1), and
# passing `shape=` as well is an error.

# %%
with tf.variable_scope("values"):
    counts = tf.get_variable("counts", initializer=np.arange(4))
    weights = tf.get_variable("weights", initializer=[0.5, 1.5])
(counts.dtype.name, counts.shape.as_list()), (weights.dtype.name, weights.shape.as_list())

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
with tf.variable_scope("values"):
    tf.get_variable("again", shape=[2], initializer=[0.5, 1.5])

# %% [markdown]
# An explicit `dtype=` must agree with the value's own dtype (Python `1.0` is float32):

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
tf.get_variable("x", initializer=1.0, dtype=tf.float64)

# %% [markdown]
# ## Reuse checks the dtype
#
# `dtype=None` means "the scope's dtype", float32 by default, so reusing an int32 variable without
# repeating its dtype fails:

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
with tf.variable_scope("types", reuse=True):
    tf.get_variable("i32", shape=[2])

# %%
# %%scope_diff
with tf.variable_scope("types", reuse=True):
    same = tf.get_variable("i32", shape=[2], dtype=tf.int32)

# %%
# %scope_tree

# %% [markdown]
# Next: [07 · Regularizers and collections](07_regularizers_and_collections.ipynb).
