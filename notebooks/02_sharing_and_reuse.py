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
# # 02 · Sharing and reuse
#
# Two layers that should use *the same* weights must get the same variable object. In TF1 that is
# the job of the scope's **reuse mode**, and it has four ways in:
#
# 1. `variable_scope(..., reuse=True)`: the variable must already exist;
# 2. `variable_scope(..., reuse=tf.AUTO_REUSE)`: create it the first time, reuse it afterwards;
# 3. `scope.reuse_variables()`: switch the current scope to reuse from here on;
# 4. re-entering a **captured scope** object, which carries its own reuse mode.

# %%
import scopelab as tf

# %load_ext scopelab
# %xmode Minimal
tf.reset_default_graph()

# %%
# %scope_tree --live

# %% [markdown]
# ## A plain scope does not share
#
# By default a scope's reuse mode is off: asking for an existing name again is an error, because
# TF1 cannot tell whether you meant to share the variable or made a second one by accident.

# %%
with tf.variable_scope("layer"):
    w = tf.get_variable("w", shape=[3, 2])

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
with tf.variable_scope("layer"):
    w_again = tf.get_variable("w", shape=[3, 2])

# %% [markdown]
# Read the message: TF1's sentence comes first ("already exists, disallowed"), then where the
# variable was created, which reuse mode was in force, and how to share it. A failed call leaves
# the store unchanged. `%scope_explain` repeats the last failure with its context:

# %%
# %scope_explain

# %% [markdown]
# ## `reuse=True`: share an existing variable

# %%
with tf.variable_scope("layer", reuse=True):
    w_shared = tf.get_variable("w")     # no shape needed: an unknown shape is compatible
w_shared is w

# %% [markdown]
# `reuse=True` promises that the variable exists. Asking for one that does not is the mirror-image
# error:

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
with tf.variable_scope("layer", reuse=True):
    tf.get_variable("b", shape=[2])

# %% [markdown]
# Reuse also checks that you asked for a compatible shape and the same dtype:

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
with tf.variable_scope("layer", reuse=True):
    tf.get_variable("w", shape=[2, 3])


# %% [markdown]
# ## `AUTO_REUSE`: create or reuse
#
# The usual way to write a function that builds a layer and can be called many times:

# %%
def dense(units_in, units_out, name="dense"):
    with tf.variable_scope(name, reuse=tf.AUTO_REUSE):
        return tf.get_variable("kernel", shape=[units_in, units_out])

first = dense(4, 8)
second = dense(4, 8)
first is second, first.name

# %%
# %%scope_diff
shared_again = dense(4, 8)
head = dense(8, 2, name="head")

# %% [markdown]
# ## `scope.reuse_variables()`
#
# Inside a scope, `reuse_variables()` turns reuse on for the rest of that scope (and every scope
# opened inside it afterwards). There is no way to turn it off again.

# %%
with tf.variable_scope("tower") as scope:
    a = tf.get_variable("a", shape=[2])
    scope.reuse_variables()
    a_again = tf.get_variable("a")
    print(scope.reuse, a_again is a)

# %% [markdown]
# ## Captured scopes
#
# Re-entering a captured scope object gives you *its* names and *its* reuse mode; pass `reuse=True`
# to share its variables:

# %%
with tf.variable_scope("shared_block") as block:
    u = tf.get_variable("u", shape=[1])

with tf.variable_scope("elsewhere"):
    with tf.variable_scope(block, reuse=True):
        u_again = tf.get_variable("u")

u_again is u, u_again.name

# %% [markdown]
# ## Reuse is inherited
#
# A child scope's mode is `its own argument or its parent's`: once a scope reuses, every scope
# inside it does too. `reuse=False` does **not** switch it off: it means "inherit".

# %%
with tf.variable_scope("outer", reuse=tf.AUTO_REUSE):
    with tf.variable_scope("inner"):
        print(tf.get_variable_scope().reuse)
    with tf.variable_scope("inner2", reuse=False):
        print(tf.get_variable_scope().reuse)

# %%
# %scope_tree

# %% [markdown]
# ## Summary
#
# | reuse mode | variable exists | variable missing |
# |---|---|---|
# | off (default) | error: *already exists, disallowed* | create |
# | `True` | share (shape and dtype checked) | error: *does not exist* |
# | `AUTO_REUSE` | share | create |
#
# Next: [03 · name_scope versus variable_scope](03_name_scope_vs_variable_scope.ipynb).
