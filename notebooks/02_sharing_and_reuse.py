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
#
# **Predict, then run:** the first cell creates `layer/w`. The second opens `layer` again and asks
# for `w` once more. Will it return the same variable, create `layer/w_1`, or fail?

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
# error. TF1 users wanted "get or create" here
# ([tensorflow#1317](https://github.com/tensorflow/tensorflow/issues/1317)); that is `AUTO_REUSE`,
# below.

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
# ## `get_variable` has no `reuse=` argument
#
# Reuse belongs to the **scope**, never to one call: `tf.get_variable` has no `reuse` parameter
# ([tensorflow#46480](https://github.com/tensorflow/tensorflow/issues/46480)). TF1 raises
# `TypeError` for it, and so does scopelab:

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
w_shared = tf.get_variable("layer/w", shape=[3, 2], reuse=True)

# %% [markdown]
# The fix is a scope around the call, `with tf.variable_scope("layer", reuse=True):`, as above.
#
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
# ## The cost of `AUTO_REUSE`: a typo makes a new variable
#
# `AUTO_REUSE` never fails: when the name you ask for does not exist, it creates it. So a typo
# does not raise, it silently builds a **second** variable, and the model trains two sets of
# weights where you meant one. The tensorpack maintainers call `AUTO_REUSE` error-prone for exactly
# this reason ([tensorpack#607](https://github.com/tensorpack/tensorpack/pull/607)).
#
# **Predict, then run:** the evaluation code below spells the scope `"Dense"`. Is `eval_kernel`
# the training kernel? Which variables are there now under `dense/` or `Dense/`?

# %%
train_kernel = dense(4, 8)
eval_kernel = dense(4, 8, name="Dense")     # the typo: a capital D
eval_kernel is train_kernel, eval_kernel.name, [v.name for v in tf.global_variables(scope="[dD]ense")]

# %% [markdown]
# Two variables now, and the new one's op is even named `Dense/kernel_1`: TF1 compares op names
# without case, so `Dense/kernel` counts as taken by `dense/kernel` (the store still keys it by the
# name you asked for, `Dense/kernel`).
#
# Code that *means* to share is safer with `reuse=True`: a misspelt scope then fails at once, and
# the message lists the closest existing names (compared without case; it says so when only the
# case differs). Its `AUTO_REUSE` fix carries the same warning as this section: it is the right
# fix only when the variable really should be created here.

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
with tf.variable_scope("DENSE", reuse=True):
    tf.get_variable("kernel", shape=[4, 8])

# %% [markdown]
# `%scope_explain` shows the last error in full and, under it, every variable that `AUTO_REUSE`
# created with a name close to an existing one (another case, or one or two letters apart in the
# same scope): the typos it let through without a word.

# %%
# %scope_explain

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
# **Predict, then run:** after `reuse_variables()`, can the same scope still create a new variable
# `b`? TF1 has no call that switches reuse off again (a proposed `auto_reuse_variables()` was
# rejected, [tensorflow#15109](https://github.com/tensorflow/tensorflow/pull/15109)); reuse is set
# when a scope is opened, and `reuse_variables()` can only turn it on.

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
with tf.variable_scope("tower2") as scope:
    scope.reuse_variables()
    tf.get_variable("b", shape=[2])

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
# ## Defaults and reuse come from the captured scope
#
# A captured scope carries more than its name: its initializer, regularizer, partitioner, dtype,
# custom getter and **reuse mode** come with it, and the scope you jump from counts for nothing
# (one of the surprises reported in
# [tensorflow#45329](https://github.com/tensorflow/tensorflow/issues/45329)).
#
# **Predict, then run:** `head_scope` was opened with a ones initializer and no reuse. We re-enter
# it from inside a scope with `reuse=True` and a zeros initializer. Does creating `bias` fail
# (reuse is on?) or work, and does it start at ones or zeros?

# %%
with tf.variable_scope("head", initializer=tf.ones_initializer()) as head_scope:
    pass

with tf.variable_scope("eval", reuse=True, initializer=tf.zeros_initializer()):
    with tf.variable_scope(head_scope) as inside:
        bias = tf.get_variable("bias", shape=[2])

bias.name, bias.numpy(), inside.reuse

# %% [markdown]
# ## The scope object and the context manager
#
# `tf.variable_scope(...)` returns a **context manager**, not the scope. The `VariableScope` object,
# with `.name`, `.initializer`, `.reuse` and the rest, exists only once the `with` block is entered,
# and it is what `as` gives you. Keeping the manager and reading scope attributes from it is a
# common surprise ([tensorflow#45329](https://github.com/tensorflow/tensorflow/issues/45329)):

# %%
manager = tf.variable_scope("block", initializer=tf.ones_initializer())
print(type(manager).__name__, hasattr(manager, "initializer"))
with manager as block_scope:
    print(type(block_scope).__name__, block_scope.name, block_scope.initializer)

# %% [markdown]
# To come back to a scope later, capture the **object** (`as block_scope`) and pass that to
# `variable_scope`. Passing the manager is an error:

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
with tf.variable_scope(manager):
    pass

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
# ## Your turn: share the tower's weights
#
# towers() builds a training tower and an evaluation tower that must share 'tower/w' [3, 3]; it
# returns both handles (train, evaluation).
#
# The next cell is broken on purpose. Run it, then run the check under it: the check calls your
# function in an empty store and says what is wrong. Fix the function and run both cells again
# until the check passes. `ex.t02.hint()` gives a hint, `ex.t02.solution()` an answer.

# %%
def towers():
    with tf.variable_scope("tower"):
        train_w = tf.get_variable("w", shape=[3, 3])
    with tf.variable_scope("tower"):
        eval_w = tf.get_variable("w", shape=[3, 3])
    return train_w, eval_w


# %%
from scopelab.exercises import practice as ex

ex.t02.check(towers)

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
