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
# # 11 · The classic TF1 pitfalls
#
# Four mistakes that cost TF1 users hours, each reproduced here with the message scopelab gives.
#
# 1. re-running a notebook cell that creates variables;
# 2. "already exists, disallowed" when building a model twice;
# 3. the `:0` suffix;
# 4. `reuse=False` does not mean "do not reuse".

# %%
import scopelab as tf

# %load_ext scopelab
# %xmode Minimal
tf.reset_default_graph()

# %%
# %scope_tree --live

# %% [markdown]
# ## 1. Re-running a cell
#
# The store outlives a cell. Run this cell once and it works; run it **again** (the next cell is a
# copy, standing in for pressing Shift+Enter twice) and it fails:

# %%
with tf.variable_scope("classifier"):
    logits_w = tf.get_variable("logits_w", shape=[4, 3])

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
with tf.variable_scope("classifier"):
    logits_w = tf.get_variable("logits_w", shape=[4, 3])

# %% [markdown]
# The message points at both cells and gives the notebook cure: start from an empty store at the
# top of the cell or notebook with `tf.reset_default_graph()` (or `%scope_reset`), or open the
# scope with `reuse=tf.AUTO_REUSE` if the cell is meant to be re-run.

# %%
# %scope_reset

# %%
with tf.variable_scope("classifier"):
    logits_w = tf.get_variable("logits_w", shape=[4, 3])
logits_w.name


# %% [markdown]
# ## 2. Building a model twice
#
# A model function called twice (say, once for training and once for evaluation) creates its
# variables twice:

# %%
def model(x_dim):
    with tf.variable_scope("model"):
        return tf.get_variable("w", shape=[x_dim, 1])

train_w = model(4)

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
eval_w = model(4)


# %% [markdown]
# The fix is to share on purpose: the second call opens the scope with `reuse=True`, or the function
# uses `reuse=tf.AUTO_REUSE`.

# %%
def model(x_dim, reuse=None):
    with tf.variable_scope("model", reuse=reuse):
        return tf.get_variable("w", shape=[x_dim, 1])

eval_w = model(4, reuse=True)
eval_w is train_w

# %% [markdown]
# ## 3. The `:0` suffix
#
# `.name` is the tensor name, `"model/w:0"`. Comparing it with the variable's name as you wrote it
# finds nothing:

# %%
[v for v in tf.global_variables() if v.name == "model/w"]

# %%
[v.name for v in tf.global_variables() if v.name == "model/w:0"], [v.full_name for v in tf.global_variables()]

# %% [markdown]
# And `:0` is not part of a name you may ask for: `get_variable` takes the name *without* it.

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
with tf.variable_scope("model", reuse=True):
    tf.get_variable("w:0")

# %% [markdown]
# ## 4. `reuse=False` means "inherit"
#
# Inside a reusing scope, `reuse=False` does **not** switch reuse off. Since TF 1.1 `False` is the
# same as `None`: take the parent's mode. So this child still reuses, and creating a new variable
# in it fails:

# %%
with tf.variable_scope("model", reuse=True):
    with tf.variable_scope("head", reuse=False) as head:
        print("head.reuse =", head.reuse)

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
with tf.variable_scope("model", reuse=True):
    with tf.variable_scope("head", reuse=False):
        tf.get_variable("b", shape=[1])

# %% [markdown]
# To create new variables next to shared ones, use `reuse=tf.AUTO_REUSE` on the outer scope, or a
# scope that does not reuse.

# %%
# %%scope_diff
with tf.variable_scope("model", reuse=tf.AUTO_REUSE):
    w_again = tf.get_variable("w", shape=[4, 1])
    with tf.variable_scope("head"):
        b = tf.get_variable("b", shape=[1])

# %%
# %scope_tree

# %% [markdown]
# ## Where to go from here
#
# The error catalogue lists every scopelab error with its cause and fixes, and the exercises in
# `notebooks/exercises/` let you practise each rule with feedback.
#
# Next: [12 · Checkpoints and scope names](12_checkpoints_and_scope_names.ipynb), where scope
# names decide whether a saved model loads again.
