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
# # 04 · Default names
#
# A layer function usually does not know how many times it will be called. With
# `variable_scope(None, default_name="dense")` it asks for a *fresh* scope each time:
# `dense`, `dense_1`, `dense_2`, … This notebook shows the exact numbering rules TF1 uses.

# %%
import scopelab as tf

# %load_ext scopelab
# %xmode Minimal
tf.reset_default_graph()


# %%
# %scope_tree --live

# %%
def dense(units_in, units_out):
    with tf.variable_scope(None, default_name="dense"):
        return tf.get_variable("kernel", shape=[units_in, units_out])

[dense(3, 3).name for _ in range(3)]

# %% [markdown]
# Calling it again goes on counting:

# %%
# %%scope_diff
fourth = dense(3, 3)
fifth = dense(3, 3)

# %% [markdown]
# ## Numbers are counted per parent scope
#
# Each parent scope keeps its own counters, so two models each start again at `dense`:

# %%
for model in ["model_a", "model_b"]:
    with tf.variable_scope(model):
        print([dense(2, 2).name for _ in range(2)])

# %% [markdown]
# ## Strings are never renumbered
#
# A scope opened with a *string* is used as is. It also takes its name, so a later default name
# skips it:

# %%
with tf.variable_scope("net"):
    with tf.variable_scope("conv"):
        pass
    with tf.variable_scope(None, default_name="conv") as fresh:
        print(fresh.name)

# %% [markdown]
# The other way round is a trap: after `default_name="pool"` made `pool`, the *string* `"pool"`
# opens the same scope again. Creating the same variable there is the "already exists" error.

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
with tf.variable_scope("net2"):
    with tf.variable_scope(None, default_name="pool"):
        tf.get_variable("w", shape=[1])
    with tf.variable_scope("pool"):
        tf.get_variable("w", shape=[1])

# %% [markdown]
# ## Counters are forgotten when the parent string scope closes
#
# The counters of a scope's children live as long as the scope is open. Re-entering the parent by
# its captured object starts them again, so the same names come back:

# %%
with tf.variable_scope("foo") as foo:
    with tf.variable_scope(None, default_name="bar") as first:
        pass
    with tf.variable_scope(None, default_name="bar") as second:
        pass
with tf.variable_scope(foo):
    with tf.variable_scope(None, default_name="bar") as third:
        pass
first.name, second.name, third.name

# %% [markdown]
# ## A default name cannot reuse
#
# A default-name scope is new by definition, so asking it to reuse is a mistake:

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
with tf.variable_scope(None, default_name="dense", reuse=True):
    pass

# %%
# %scope_tree

# %% [markdown]
# ## Summary
#
# * `variable_scope(None, default_name="d")` gives `d`, `d_1`, … per parent scope;
# * string scopes are used verbatim (and reserve their name for later default names);
# * counters restart when the parent is re-entered through its captured object;
# * `reuse=True` (or `AUTO_REUSE`) needs a real name.
#
# Next: [05 · Initializers](05_initializers.ipynb).
