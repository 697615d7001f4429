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

# %% [markdown]
# **Predict, then run:** the function below is called three times. What are the three names?

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
# Each parent scope keeps its own counters.
#
# **Predict, then run:** inside `model_b`, after `model_a` made `dense` and `dense_1`, does the
# numbering start again or go on?

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
# The counters of a scope's children live as long as the scope is open. When `foo` closes they are
# reset, so re-entering `foo` (by its captured object here, or by its string) starts them again.
#
# **Predict, then run:** what is `third.name`?

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
# ## Your turn: three separate blocks
#
# three_blocks() must create three separate variables, 'block/w', 'block_1/w' and 'block_2/w'
# ([2] each), by letting variable_scope number the scopes, and return their names.
#
# The next cell is broken on purpose. Run it, then run the check under it: the check calls your
# function in an empty store and says what is wrong. Fix the function and run both cells again
# until the check passes. `ex.t04.hint()` gives a hint, `ex.t04.solution()` an answer.

# %%
def three_blocks():
    names = []
    for _ in range(3):
        with tf.variable_scope("block"):
            names.append(tf.get_variable("w", shape=[2]).name)
    return names


# %%
from scopelab.exercises import practice as ex

ex.t04.check(three_blocks)

# %% [markdown]
# ## Summary
#
# * `variable_scope(None, default_name="d")` gives `d`, `d_1`, … per parent scope;
# * string scopes are used verbatim (and reserve their name for later default names);
# * counters restart when the parent is re-entered through its captured object;
# * `reuse=True` (or `AUTO_REUSE`) needs a real name.
#
# Next: [05 · Initializers](05_initializers.ipynb).
