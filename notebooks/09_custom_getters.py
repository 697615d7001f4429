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
# # 09 · Custom getters
#
# A **custom getter** sits between `get_variable` and the store: it receives the original getter
# and every argument, and decides what to return. TF1 code used it to log variables, to force
# settings on a whole model (all `float16`, none trainable), or to hand out a transformed version of
# each variable (a moving average, a quantized copy).

# %%
import numpy as np
import scopelab as tf

# %load_ext scopelab
# %xmode Minimal
tf.reset_default_graph()

# %%
# %scope_tree --live

# %% [markdown]
# ## A getter that watches
#
# A getter is called as `getter(next_getter, name, *args, **kwargs)` and must call `next_getter`
# to reach the store. `name` is the **full** name.

# %%
seen = []

def log_getter(getter, name, *args, **kwargs):
    seen.append((name, kwargs.get("shape")))
    return getter(name, *args, **kwargs)

with tf.variable_scope("model", custom_getter=log_getter):
    w = tf.get_variable("w", shape=[3, 2])
    with tf.variable_scope("head"):
        b = tf.get_variable("b", shape=[2])
seen


# %% [markdown]
# The getter of a scope applies to every sub-scope too: `model/head/b` went through it.

# %% [markdown]
# ## A getter that changes the arguments

# %%
def frozen(getter, name, *args, **kwargs):
    kwargs["trainable"] = False
    return getter(name, *args, **kwargs)

with tf.variable_scope("pretrained", custom_getter=frozen):
    emb = tf.get_variable("embedding", shape=[5, 2])
emb.trainable, [v.name for v in tf.trainable_variables()]

# %% [markdown]
# ## Nested getters: innermost first
#
# Getters of nested scopes are **chained**: the innermost runs first and its `getter` argument is
# the next-outer getter, down to the store.

# %%
order = []

def tagged(tag):
    def getter(next_getter, name, *args, **kwargs):
        order.append(tag)
        return next_getter(name, *args, **kwargs)
    return getter

with tf.variable_scope("outer", custom_getter=tagged("outer")):
    with tf.variable_scope("inner", custom_getter=tagged("inner")):
        tf.get_variable("v", shape=[1])
order


# %% [markdown]
# ## A getter that returns something else
#
# The getter's return value is what `get_variable` returns. Here every variable is handed out
# scaled by 0.5; the store still holds the original:

# %%
# %%scope_diff
def halved(getter, name, *args, **kwargs):
    variable = getter(name, *args, **kwargs)
    return 0.5 * np.asarray(variable)

with tf.variable_scope("scaled", custom_getter=halved, initializer=tf.ones_initializer()):
    half = tf.get_variable("h", shape=[3])

# %%
half, tf.global_variables(scope="scaled")[0].numpy()

# %% [markdown]
# ## A getter must be callable

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
with tf.variable_scope("broken", custom_getter="log_getter"):
    tf.get_variable("v", shape=[1])

# %%
# %scope_tree

# %% [markdown]
# Next: [10 · CPU versus CUDA](10_cpu_vs_cuda.ipynb).
