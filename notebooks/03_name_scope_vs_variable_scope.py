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
# # 03 · `name_scope` versus `variable_scope`
#
# TF1 has two kinds of scope, and the difference trips up almost everyone:
#
# * `tf.variable_scope` names **variables** made by `tf.get_variable` (and also opens a name scope);
# * `tf.name_scope` names **operations** only. `tf.get_variable` ignores it completely.
#
# scopelab computes values eagerly, but it keeps both stacks with TF1's rules, and the few
# operations it has (constants, arithmetic on variables) are named by the name scope as in TF1, so
# code that mixes the two behaves exactly as it did in TF1.

# %%
import scopelab as tf

# %load_ext scopelab
# %xmode Minimal
tf.reset_default_graph()

# %%
# %scope_tree --live

# %% [markdown]
# ## `get_variable` ignores `name_scope`

# %%
with tf.name_scope("block"):
    w = tf.get_variable("w", shape=[2])
w.name

# %% [markdown]
# The variable landed at the top level, not under `block/`. Only a `variable_scope` prefixes it:

# %%
with tf.variable_scope("block"):
    w_block = tf.get_variable("w", shape=[2])
w_block.name

# %% [markdown]
# `%%scope_diff` makes the difference plain: the same two lines under each kind of scope.

# %%
# %%scope_diff
with tf.name_scope("block2"):
    tf.get_variable("u", shape=[1])
with tf.variable_scope("block2"):
    tf.get_variable("u", shape=[1])

# %% [markdown]
# Mixing the two: only the variable scopes count, in the order they are nested.

# %%
with tf.variable_scope("model"):
    with tf.name_scope("preprocessing"):
        with tf.variable_scope("embed"):
            table = tf.get_variable("table", shape=[5, 2])
table.name

# %% [markdown]
# ## What `name_scope` does name
#
# `name_scope` gives the prefix of operation names, and it is **uniquified**: entering a name scope
# that was used before gets `_1`, `_2`, … The string a `name_scope` yields is that prefix.

# %%
with tf.name_scope("loss") as first:
    pass
with tf.name_scope("loss") as second:
    pass
first, second

# %% [markdown]
# Side by side, in the same place: an operation gets the name scope, a variable does not.

# %%
with tf.variable_scope("layer2"):
    with tf.name_scope("ops"):
        c = tf.constant(1.0, name="c")
        k = tf.get_variable("k", shape=[1])
        total = 1.0 + k
c.name, total.op.name, k.name

# %% [markdown]
# A `variable_scope` opens a name scope too, and re-entering a variable scope reuses the *variable*
# names but still gets a fresh *operation* prefix. `original_name_scope` keeps the first one:

# %%
with tf.variable_scope("layer") as layer:
    pass
with tf.variable_scope("layer") as layer_again:
    pass
print(layer.name, "|", layer.original_name_scope)
print(layer_again.name, "|", layer_again.original_name_scope)

# %% [markdown]
# ## Collections follow variable names
#
# Because `name_scope` never shows up in variable names, filtering a collection by a name scope
# finds nothing:

# %%
[v.name for v in tf.global_variables(scope="preprocessing")]

# %%
[v.name for v in tf.global_variables(scope="model")]

# %%
# %scope_tree

# %% [markdown]
# ## Summary
#
# | | names variables (`get_variable`) | names operations | uniquified on re-entry |
# |---|---|---|---|
# | `variable_scope("s")` | yes: `s/…` | yes | no for variables, yes for operations |
# | `name_scope("s")` | **no** | yes | yes: `s_1/`, `s_2/`, … |
#
# Next: [04 · Default names](04_default_names.ipynb).
