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
#
# The second half of this notebook is about **operation names when a scope is opened again**: the
# variables come back, the operations move to a new prefix, and TF1 users have filed many issues
# about it (with placeholders, `tf.layers` and optimizers too). Each section below says which.

# %%
import scopelab as tf

# %load_ext scopelab
# %xmode Minimal
tf.reset_default_graph()

# %%
# %scope_tree --live

# %% [markdown]
# ## `get_variable` ignores `name_scope`
#
# **Predict, then run:** the next cell creates `w` inside `tf.name_scope("block")`. Is its name
# `"block/w:0"` or `"w:0"`?

# %%
with tf.name_scope("block"):
    w = tf.get_variable("w", shape=[2])
w.name

# %% [markdown]
# The variable landed at the top level, not under `block/`. Only a `variable_scope` prefixes it
# (TF1 users asked for exactly this explanation in
# [tensorflow#1449](https://github.com/tensorflow/tensorflow/issues/1449)):

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
# ## Re-opening a variable scope: the same variables, new op names
#
# A `variable_scope` opens a name scope too. Opening the same variable scope a second time, even
# with `reuse=True` or `AUTO_REUSE`, gives the **same variables** but a **fresh name scope** for the
# operations: `test_1/`, not `test/`. TF1's docstring says it in one line ("setting `reuse` does not
# impact the naming of other ops"), and users kept reporting it: ops in `layer123_1/`
# ([tensorflow#6189](https://github.com/tensorflow/tensorflow/issues/6189)), placeholders in
# `test_1/` next to variables in `test/`
# ([tensorflow#15575](https://github.com/tensorflow/tensorflow/issues/15575)), `AUTO_REUSE` and
# `my_variable_scope_1/add` ([tensorflow#49021](https://github.com/tensorflow/tensorflow/issues/49021)).
#
# **Predict, then run:** `w_again is w`? And what are the names of the two placeholders and of the
# `add` op?

# %%
with tf.variable_scope("test"):
    w = tf.get_variable("w", shape=[1])
    x = tf.placeholder(tf.float32, [1], name="x")
with tf.variable_scope("test", reuse=tf.AUTO_REUSE):
    w_again = tf.get_variable("w", shape=[1])
    x_again = tf.placeholder(tf.float32, [1], name="x")
    total = tf.add(w_again, x_again)
w_again is w, x.name, x_again.name, total.name

# %% [markdown]
# ## `scope.name` is not where the ops go
#
# A `VariableScope` has two names: `name`, the prefix of its **variables**, and
# `original_name_scope`, the name scope its **operations** went to when it was opened.
# `tf.get_name_scope()` tells where operations go right now. After re-opening `layer` by its
# string, `name` is still `layer` but the ops are under `layer_1/`
# ([tensorflow#12258](https://github.com/tensorflow/tensorflow/issues/12258)):

# %%
with tf.variable_scope("layer") as layer:
    pass
with tf.variable_scope("layer") as layer_again:
    print(layer_again.name, "|", layer_again.original_name_scope, "|", tf.get_name_scope())
print(layer.name, "|", layer.original_name_scope)

# %% [markdown]
# Re-opened by its **string**, a scope gets the name scope actually entered (`layer_1/`). Re-entered
# by its captured **object**, it keeps the object's `original_name_scope` (`layer/`), but the
# operations inside still go to a fresh name scope:

# %%
with tf.variable_scope(layer) as layer_object:
    print(layer_object.name, "|", layer_object.original_name_scope, "|", tf.get_name_scope())

# %% [markdown]
# ## Re-entering the current scope doubles the op prefix
#
# `with tf.variable_scope(tf.get_variable_scope()):` looks like a no-op: it re-enters the scope you
# are already in. Variables agree, but the re-entry pushes the last component of the scope name
# **again** as a name scope
# ([tensorflow#5512](https://github.com/tensorflow/tensorflow/issues/5512)).
#
# **Predict, then run:** what are `v.name` and `op.name`?

# %%
with tf.variable_scope("alpha"):
    with tf.variable_scope("beta"):
        with tf.variable_scope(tf.get_variable_scope()):
            v = tf.get_variable("v", shape=[1])
            op = tf.constant(1.0, name="my_op")
v.name, op.name

# %% [markdown]
# ## Putting ops back in the first name scope
#
# A layer called again in a re-entered scope shares its variables, but its ops move to `a_1/`
# ([tensorflow#13429](https://github.com/tensorflow/tensorflow/issues/13429)):

# %%
inputs = tf.placeholder(tf.float32, [None, 3], name="inputs")
with tf.variable_scope("a") as a:
    d_first = tf.layers.dense(inputs, 2, name="d")
with tf.variable_scope(a, reuse=True):
    d_again = tf.layers.dense(inputs, 2, name="d")
d_first.name, d_again.name, [v.name for v in tf.global_variables(scope="a/")]

# %% [markdown]
# TF1's maintainers pointed to `original_name_scope` as the way back. The recipe takes two steps:
# re-enter the scope object with `auxiliary_name_scope=False` (which opens **no** name scope at
# all), then open its `original_name_scope` yourself. That string ends in `/`, and a name scope
# that ends in `/` is entered as it is, never uniquified. The layer's ops are back under `a/`
# (the layer's own name scope is `d_1`, since `a/d` is taken):

# %%
with tf.variable_scope(a, reuse=True, auxiliary_name_scope=False) as back:
    with tf.name_scope(back.original_name_scope):
        d_back = tf.layers.dense(inputs, 2, name="d")
d_back.name

# %% [markdown]
# The same recipe with the `layer` scope from above, run twice in a row: both times the ops land
# in `layer/`, and TF1's op-name counter adds `_1` to the second constant. Nothing about the scope
# object is remembered between the two entries (the surprise of
# [tensorflow#18781](https://github.com/tensorflow/tensorflow/issues/18781) came from TF1 caching
# a re-used context manager; scopelab recomputes every entry).

# %%
names = []
for _ in range(2):
    with tf.variable_scope(layer, auxiliary_name_scope=False) as back:
        with tf.name_scope(back.original_name_scope):
            names.append(tf.constant(1.0, name="out").name)
names

# %% [markdown]
# With `auxiliary_name_scope=False` alone, variables are still named by the variable scope, and
# operations stay in whatever name scope was active (here the top level):

# %%
with tf.variable_scope("aux", auxiliary_name_scope=False) as aux:
    aux_w = tf.get_variable("w", shape=[1])
    aux_op = tf.constant(1.0, name="c")
aux_w.name, aux_op.name, aux.original_name_scope

# %% [markdown]
# ## Re-entering a name scope on purpose
#
# There is no `reuse=` for name scopes
# ([tensorflow#6007](https://github.com/tensorflow/tensorflow/issues/6007)), and re-opening
# `"loss"` by its string always gives `loss_1/`, `loss_2/`, …
# ([tensorflow#1797](https://github.com/tensorflow/tensorflow/issues/1797)). The way back in is the
# string the first `name_scope` yielded, `"loss/"`, or any name ending in `/`: such a name is
# **absolute** and used as it is.

# %%
with tf.name_scope(first):            # first == "loss/", captured above
    again = tf.constant(2.0, name="again")
with tf.name_scope("loss/"):
    literal = tf.constant(2.0, name="literal")
first, again.name, literal.name

# %% [markdown]
# ## Layers, `name_scope` and collections
#
# A layer builds its variables with `get_variable` inside a `variable_scope` of its own, as
# `tf.layers.dense` does. Wrapping the call in `tf.name_scope("MY_SCOPE")` therefore names its
# operations but **not its variables**, and filtering a collection by that name finds nothing
# ([tensorflow#15630](https://github.com/tensorflow/tensorflow/issues/15630); the same holds for
# Keras layers, [tensorflow#14361](https://github.com/tensorflow/tensorflow/issues/14361)).
#
# **Predict, then run:** what does `tf.global_variables(scope="MY_SCOPE")` return?

# %%
features = tf.placeholder(tf.float32, [None, 2], name="features")
with tf.name_scope("MY_SCOPE"):
    hidden = tf.layers.dense(features, 2)
hidden.name, [v.name for v in tf.global_variables(scope="dense/")], tf.global_variables(scope="MY_SCOPE")

# %% [markdown]
# Collections hold variables by their **variable** names, so filter by a variable scope (or open
# the layer inside `tf.variable_scope("MY_SCOPE")` in the first place):

# %%
[v.name for v in tf.global_variables(scope="model")]

# %% [markdown]
# ## Optimizer slots in a re-entered scope
#
# An optimizer creates variables too, and it names them from wherever it is called. Built inside a
# re-entered scope object, Adam's variables get two different prefixes
# ([tensorflow#8120](https://github.com/tensorflow/tensorflow/issues/8120)):
#
# * `beta1_power` and `beta2_power` are made with `tf.Variable`, so the **name scope** names them:
#   the re-entry's fresh `scope_1/`;
# * each slot (`Adam`, `Adam_1`) is made with `get_variable` in a variable scope named after its
#   variable's op name, `scope/w`, opened **inside** the current variable scope `scope`.
#
# **Predict, then run:** what are the names of Adam's four variables?

# %%
with tf.variable_scope("scope") as scope:
    sw = tf.get_variable("w", shape=[2])
    loss = tf.reduce_sum(sw * sw)
with tf.variable_scope(scope):
    train_op = tf.train.AdamOptimizer(0.1).minimize(loss)
[v.name for v in tf.global_variables() if "Adam" in v.name or "_power" in v.name]

# %% [markdown]
# Build the optimizer outside any scope (where training code usually lives) and the names are the
# plain ones, `beta1_power` and `scope/w/Adam`:

# %%
tf.reset_default_graph()
with tf.variable_scope("scope"):
    sw = tf.get_variable("w", shape=[2])
    loss = tf.reduce_sum(sw * sw)
train_op = tf.train.AdamOptimizer(0.1).minimize(loss)
[v.name for v in tf.global_variables()]

# %%
# %scope_tree

# %% [markdown]
# ## Your turn: layers under MY_SCOPE
#
# my_layers() builds two tf.layers.dense layers whose kernels must be 'MY_SCOPE/dense/kernel' and
# 'MY_SCOPE/dense_1/kernel', so that tf.global_variables(scope='MY_SCOPE') finds them.
#
# The next cell is broken on purpose. Run it, then run the check under it: the check calls your
# function in an empty store and says what is wrong. Fix the function and run both cells again
# until the check passes. `ex.t03.hint()` gives a hint, `ex.t03.solution()` an answer.

# %%
def my_layers():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    with tf.name_scope("MY_SCOPE"):
        hidden = tf.layers.dense(x, 2)
        output = tf.layers.dense(hidden, 2)
    return hidden, output


# %%
from scopelab.exercises import practice as ex

ex.t03.check(my_layers)

# %% [markdown]
# ## Summary
#
# | | names variables (`get_variable`) | names operations | uniquified on re-entry |
# |---|---|---|---|
# | `variable_scope("s")` | yes: `s/…` | yes | no for variables, yes for operations |
# | `name_scope("s")` | **no** | yes | yes: `s_1/`, `s_2/`, … |
# | `name_scope("s/")` | **no** | yes | no: absolute |
#
# * `scope.name` names variables; `scope.original_name_scope` is where its ops went when it was
#   opened; `tf.get_name_scope()` is where they go now.
# * To put ops back: `variable_scope(scope, auxiliary_name_scope=False)`, then
#   `name_scope(scope.original_name_scope)`.
# * Layers and optimizers name their variables with `get_variable` (a variable scope) and their ops
#   and `tf.Variable`s with the name scope: build them where both say what you mean.
#
# Next: [04 · Default names](04_default_names.ipynb).
