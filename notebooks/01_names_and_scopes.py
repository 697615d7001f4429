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
# # 01 · Names and nested scopes
#
# In TensorFlow 1.x every variable has a **name**, and the name is how TF finds it again: to share
# it between two parts of a model, to save it, to filter it out of a collection. scopelab keeps
# TF1's naming rules exactly, so this notebook is also a precise description of TF1.
#
# You will learn:
#
# 1. how `tf.get_variable` builds a name from the enclosing `tf.variable_scope`s;
# 2. what the `:0` at the end of every name means;
# 3. how to look at the scope store: the live tree, `%scope_tree` and `%%scope_diff`.

# %%
import numpy as np
import scopelab as tf

# %load_ext scopelab
# %xmode Minimal
tf.reset_default_graph()   # start from an empty store (this also makes re-running the notebook safe)

# %% [markdown]
# ## The live tree
#
# The next cell shows the **live tree**: in JupyterLab it redraws itself after every cell that
# creates or reuses a variable, so keep it in view while you scroll. (On the static docs site you
# see a snapshot taken when the cell ran: an empty store.)

# %%
# %scope_tree --live

# %% [markdown]
# ## A variable at the top level
#
# `get_variable(name, shape)` creates a variable. Outside any scope its name is the name you gave,
# plus `:0`.

# %%
v = tf.get_variable("v", shape=[2, 3])
v.name

# %% [markdown]
# The value exists at once: it is a NumPy array (there is no session to run in scopelab).

# %%
print(v.shape, v.dtype.name, type(v.numpy()).__name__)

# %% [markdown]
# ## Nested scopes
#
# Each enclosing `variable_scope` adds one component to the name, outermost first:

# %%
with tf.variable_scope("encoder"):
    with tf.variable_scope("dense"):
        kernel = tf.get_variable("kernel", shape=[4, 2])
        bias = tf.get_variable("bias", shape=[2])

kernel.name, bias.name

# %% [markdown]
# `kernel.name` is the *tensor* name: TF1 names the output of the operation that holds the variable,
# and that operation has exactly one output, number 0. The name *without* `:0` is what the store
# uses as the key; scopelab calls it `full_name`. Mixing up the two is a classic bug (see
# tutorial 11).

# %%
kernel.full_name

# %% [markdown]
# A scope can be opened with a path: `variable_scope("encoder/dense")` is the same as the two
# nested scopes above. The scope object tells you where you are:

# %%
with tf.variable_scope("encoder/attention") as scope:
    query = tf.get_variable("query", shape=[2, 2])
    print(scope.name, "|", tf.get_variable_scope().name, "|", query.name)

# %% [markdown]
# ## Looking at the store
#
# `%scope_tree` prints the store as a tree: scopes, variables, shapes, dtypes, and the initializer
# that made each one. `--depth` folds deep scopes; a prefix shows one subtree.

# %%
# %scope_tree

# %%
# %scope_tree encoder --depth 1

# %% [markdown]
# `%%scope_diff` runs a cell and then lists what it did to the store:

# %%
# %%scope_diff
with tf.variable_scope("decoder"):
    w = tf.get_variable("w", shape=[2, 4])

# %% [markdown]
# ## Jumping into a captured scope
#
# A scope object can be kept and entered again later, from anywhere. Its name is **absolute**: the
# scope you jump from does not prefix it.

# %%
with tf.variable_scope("encoder") as encoder_scope:
    pass

with tf.variable_scope("somewhere/else"):
    with tf.variable_scope(encoder_scope):
        extra = tf.get_variable("extra", shape=[1])

extra.name

# %% [markdown]
# ## Names TF1 rejects
#
# Scope names follow TF1's rules: a top-level scope must start with a letter, a digit or `.`.
# The next cell fails on purpose (cells that are *meant* to fail carry the `raises-exception` tag,
# so "Run all" and the notebook tests go on). `%xmode Minimal` in the first cell keeps error
# reports to the message itself: scopelab's messages say where the mistake is, and the library's
# internal frames would teach nothing.

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
with tf.variable_scope("_private"):
    pass

# %% [markdown]
# ## Summary
#
# * full name = every enclosing `variable_scope` + the name you gave; `.name` adds `:0`;
# * a captured scope object is absolute when you re-enter it;
# * `%scope_tree` shows the store, `%%scope_diff` what one cell changed, and the live tree follows
#   along.
#
# Next: [02 · Sharing and reuse](02_sharing_and_reuse.ipynb).
