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
# Six mistakes that cost TF1 users hours, each reproduced here with the message scopelab gives.
#
# 1. re-running a notebook cell that creates variables;
# 2. "already exists, disallowed" when building a model twice;
# 3. the `:0` suffix;
# 4. `reuse=False` does not mean "do not reuse";
# 5. variables made with `tf.Variable` are invisible to `get_variable`;
# 6. `AUTO_REUSE` "does not work" in eager TensorFlow.
#
# Before each cell marked **Predict, then run**, decide what it will print or which error it will
# raise, then run it.

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
# copy, standing in for pressing Shift+Enter twice) and it fails. This is the most reported
# notebook error of TF1 (for example [handson-ml#60](https://github.com/ageron/handson-ml/issues/60),
# [neural-processes#4](https://github.com/google-deepmind/neural-processes/issues/4),
# [text-classification-cnn-rnn#144](https://github.com/gaussic/text-classification-cnn-rnn/issues/144)):

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
# variables twice. With TF-slim models this is the famous "Variable vgg_16/conv1/conv1_1/weights
# already exists, disallowed" ([tensorflow#11333](https://github.com/tensorflow/tensorflow/issues/11333)).
#
# **Predict, then run:** the first call below works. What does the second call do?

# %%
def model(x_dim):
    with tf.variable_scope("model"):
        return tf.get_variable("w", shape=[x_dim, 1])

train_w = model(4)

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
eval_w = model(4)


# %% [markdown]
# Both lines of the message point at the same line of `model`, so this is not a re-run cell: the
# function itself asks twice. The fix is to share on purpose: the second call opens the scope with
# `reuse=True`, or the function uses `reuse=tf.AUTO_REUSE`.

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
# same as `None`: take the parent's mode
# ([tensorflow#4231](https://github.com/tensorflow/tensorflow/issues/4231),
# [handson-ml#144](https://github.com/ageron/handson-ml/issues/144)).
#
# **Predict, then run:** what does `head.reuse` print?

# %%
with tf.variable_scope("model", reuse=True):
    with tf.variable_scope("head", reuse=False) as head:
        print("head.reuse =", head.reuse)

# %% [markdown]
# So the child still reuses, and creating a new variable in it fails:

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
with tf.variable_scope("model", reuse=True):
    with tf.variable_scope("head", reuse=False):
        tf.get_variable("b", shape=[1])

# %% [markdown]
# The message says which line turned reuse on and that `head` inherits it. The fix goes there:
# the **outer** scope (the message's `AUTO_REUSE` fix names it too). Replace its `reuse=True` with
# `reuse=tf.AUTO_REUSE` (shared variables are fetched, new ones created), or create the new
# variables in a scope that does not reuse.
#
# Careful with scope strings when you edit: they are **relative** to the enclosing variable scope.
# Pasting a full path inside the outer block nests it once more.
#
# **Predict, then run:** what is `pasted.name`?

# %%
with tf.variable_scope("model", reuse=True):
    with tf.variable_scope("model/head", reuse=tf.AUTO_REUSE) as pasted:
        pass
pasted.name

# %% [markdown]
# The right edit, on the outer scope:

# %%
# %%scope_diff
with tf.variable_scope("model", reuse=tf.AUTO_REUSE):
    w_again = tf.get_variable("w", shape=[4, 1])
    with tf.variable_scope("head"):
        b = tf.get_variable("b", shape=[1])

# %% [markdown]
# ## 5. `tf.Variable` is invisible to `get_variable`
#
# `tf.Variable(...)` makes a variable directly, without the store: it is named by the **name
# scope**, it joins the collections, and `get_variable` never finds it
# ([tensorflow#1325](https://github.com/tensorflow/tensorflow/issues/1325)). Code that mixes the
# two cannot share.
#
# **Predict, then run:** the kernel below is made with `tf.Variable` in scope `conv`. Is it in
# `tf.global_variables()`? Can `get_variable` fetch it with `reuse=True`?

# %%
with tf.variable_scope("conv"):
    conv_kernel = tf.Variable(tf.zeros([3, 3]), name="kernel")
conv_kernel.name, [v.name for v in tf.global_variables(scope="conv")]

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
with tf.variable_scope("conv", reuse=True):
    tf.get_variable("kernel", shape=[3, 3])

# %% [markdown]
# The message's last line names the cause. Variables that are meant to be shared must be made with
# `tf.get_variable` from the start:

# %%
with tf.variable_scope("conv2"):
    shared_kernel = tf.get_variable("kernel", shape=[3, 3], initializer=tf.zeros_initializer())
with tf.variable_scope("conv2", reuse=True):
    shared_kernel_again = tf.get_variable("kernel", shape=[3, 3])
shared_kernel_again is shared_kernel

# %% [markdown]
# ## 6. `AUTO_REUSE` in eager TensorFlow
#
# In TF 1.x's eager mode, `get_variable` remembers nothing unless an `EagerVariableStore` is
# active, so calling an `AUTO_REUSE` function twice gave two *different* variables, and users
# reported that `AUTO_REUSE` "does not work"
# ([tensorflow#20009](https://github.com/tensorflow/tensorflow/issues/20009)). scopelab computes
# values eagerly but keeps the **graph-mode** store, so sharing works as in a TF1 graph. What holds
# the variables is the default graph: a new graph starts with an empty store.
#
# **Predict, then run:** `embedding() is first` inside a new graph?

# %%
def embedding():
    with tf.variable_scope("emb", reuse=tf.AUTO_REUSE):
        return tf.get_variable("table", shape=[5, 2])

first = embedding()
with tf.Graph().as_default():
    in_new_graph = embedding()
embedding() is first, in_new_graph is first

# %%
# %scope_tree

# %% [markdown]
# ## Your turn: a new variable next to shared ones
#
# extend_model() creates 'model/w' [4, 1], then opens `model` again to fetch w and, in the same
# block, to create a new variable 'model/head/b' [1] in a sub-scope `head`. It returns (w, b).
#
# The next cell is broken on purpose. Run it, then run the check under it: the check calls your
# function in an empty store and says what is wrong. Fix the function and run both cells again
# until the check passes. `ex.t11.hint()` gives a hint, `ex.t11.solution()` an answer.

# %%
def extend_model():
    with tf.variable_scope("model"):
        tf.get_variable("w", shape=[4, 1])
    with tf.variable_scope("model", reuse=True):
        w = tf.get_variable("w", shape=[4, 1])
        with tf.variable_scope("model/head", reuse=tf.AUTO_REUSE):
            b = tf.get_variable("b", shape=[1])
    return w, b


# %%
from scopelab.exercises import practice as ex

ex.t11.check(extend_model)

# %% [markdown]
# ## Where to go from here
#
# The error catalogue lists every scopelab error with its cause and fixes, and the exercises in
# `notebooks/exercises/` let you practise each rule with feedback.
#
# Next: [12 · Checkpoints and scope names](12_checkpoints_and_scope_names.ipynb), where scope
# names decide whether a saved model loads again.
