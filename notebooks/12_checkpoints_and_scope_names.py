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
# # 12 · Checkpoints and scope names
#
# A TF1 checkpoint stores every variable under its **full name**: `encoder/dense/kernel`, not
# "the first kernel". Restoring looks each of the graph's variables up by that name. So the
# names that variable scopes make matter most here: rename a scope, call a model builder twice,
# wrap the model in a new `variable_scope`, and yesterday's checkpoint no longer restores.
#
# scopelab reads and writes TensorFlow's own checkpoint format (the `.index` + `.data-*` files of
# `tf.train.Saver`), with NumPy only: TensorFlow restores what scopelab saves and the other way
# round. This notebook saves a model, breaks the restore in the classic ways, reads the
# explanation, and fixes it with a Saver dict or `tf.train.init_from_checkpoint`.

# %%
import os
import shutil

import numpy as np
import scopelab as tf

# %load_ext scopelab
# %xmode Minimal
tf.reset_default_graph()
tf.set_random_seed(12)
FOLDER = "checkpoints_tutorial"           # relative, so every printed path is the same everywhere
shutil.rmtree(FOLDER, ignore_errors=True)
os.makedirs(FOLDER)


def dense(x_dim, units, name):
    """A dense layer's variables, as tf.layers.dense names them: <scope>/<name>/kernel, bias."""
    with tf.variable_scope(name):
        kernel = tf.get_variable("kernel", [x_dim, units])
        bias = tf.get_variable("bias", [units], initializer=tf.zeros_initializer())
    return kernel, bias


def build_model(scope="encoder"):
    with tf.variable_scope(scope):
        dense(4, 8, "hidden")
        dense(8, 2, "logits")


# %% [markdown]
# The live tree shows the store as the cells below change it (in JupyterLab; a saved page shows
# its last state).

# %%
# %scope_tree --live

# %% [markdown]
# ## Saving
#
# `tf.train.Saver()` takes every global variable; `save(sess, path, global_step=...)` writes
# `path-<step>.index` and `.data-00000-of-00001` and updates the folder's `checkpoint` file.
# scopelab has no session to run: `sess` may be `None` (or any object), the values come from the
# store.

# %%
build_model()
step = tf.get_variable("global_step", [], dtype=tf.int64, trainable=False,
                       initializer=tf.zeros_initializer())
step.assign(100)
saver = tf.train.Saver(max_to_keep=2)
path = saver.save(None, os.path.join(FOLDER, "model.ckpt"), global_step=step)
path, sorted(os.listdir(FOLDER))

# %%
print(open(os.path.join(FOLDER, "checkpoint")).read())

# %% [markdown]
# ## Reading a checkpoint
#
# `tf.train.list_variables` lists names and shapes; `tf.train.load_variable` reads one tensor;
# `tf.train.latest_checkpoint(folder)` follows the `checkpoint` file. `%scope_tree --checkpoint`
# draws a checkpoint as the store's tree is drawn (and `scopelab ckpt ls PATH` prints the same in
# a terminal).

# %%
tf.train.list_variables(FOLDER)

# %%
tf.train.latest_checkpoint(FOLDER) == path, tf.train.load_variable(path, "global_step")

# %%
# %scope_tree --checkpoint checkpoints_tutorial

# %% [markdown]
# ## Restoring into the same names works
#
# A new graph (a new process, next week) builds the same model with fresh random values, then
# restores: every variable is looked up by its full name and assigned the saved value.
# `%%scope_diff` shows what the restore cell changed.
#
# **Predict, then run:** which variables will the restore cell's `%%scope_diff` list as changed?
# (Look at how `dense` initializes the biases.)

# %%
saved_kernel = tf.train.load_variable(path, "encoder/hidden/kernel")
tf.reset_default_graph()
tf.set_random_seed(99)
build_model()
tf.get_variable("global_step", [], dtype=tf.int64, trainable=False,
                initializer=tf.zeros_initializer())

# %%
# %%scope_diff
tf.train.Saver().restore(None, path)

# %%
np.array_equal(tf.get_default_store().get("encoder/hidden/kernel").numpy(), saved_kernel)

# %% [markdown]
# ## The classic failure: the scope was renamed
#
# Someone renamed `variable_scope("encoder")` to `"enc"`. TF1 stops with
# `NotFoundError: Key enc/hidden/bias not found in checkpoint` and little else. scopelab raises the
# same error with the same first sentence, then compares the two sides: what is missing, what the
# checkpoint has instead, grouped by scope, the likely cause, and a fix to paste. Nothing is
# assigned when a restore fails.

# %%
tf.reset_default_graph()
build_model("enc")
tf.get_variable("global_step", [], dtype=tf.int64, trainable=False)

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
tf.train.Saver().restore(None, path)

# %% [markdown]
# `%scope_explain` shows the last failure again, in full, whenever you need it.

# %%
# %scope_explain

# %% [markdown]
# ### Fix 1: a Saver dict `{name in the checkpoint: variable}`
#
# A Saver built from a dict saves and restores each variable under the key you give it. The
# error above printed exactly this line:

# %%
saver = tf.train.Saver({("encoder/" + v.op.name[4:] if v.op.name.startswith("enc/") else v.op.name): v
                        for v in tf.global_variables()})
saver.restore(None, path)
np.array_equal(tf.get_default_store().get("enc/hidden/kernel").numpy(), saved_kernel)

# %% [markdown]
# ### Fix 2: `tf.train.init_from_checkpoint` with an assignment map
#
# An assignment map goes `{checkpoint name: graph name}`. A scope maps to a scope when both end
# in `/`; `'/'` is the checkpoint's root; a single tensor maps to a variable (or to a
# partitioned variable). In TF1 the values arrive when the initializers run; scopelab's variables
# already hold values, so they are assigned at once (all of them, or none if an entry is wrong).

# %%
tf.reset_default_graph()
build_model("enc")
tf.train.init_from_checkpoint(path, {"encoder/": "enc/"})
np.array_equal(tf.get_default_store().get("enc/hidden/kernel").numpy(), saved_kernel)

# %% [markdown]
# A wrong map fails with TF1's `ValueError` sentence, then what the checkpoint has instead:

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
tf.train.init_from_checkpoint(path, {"model/": "enc/"})

# %% [markdown]
# ## The builder called twice: `encoder_1`
#
# A builder that opens its scope with `default_name` (as `tf.layers` do) gets `encoder`, then
# `encoder_1` on a second call: re-running a notebook cell, or building an evaluation copy. The
# explanation recognises the numbered scope.
#
# **Predict, then run:** after `build_numbered()` has run twice, which names will the restore say
# are missing from the checkpoint?

# %%
def build_numbered():
    with tf.variable_scope(None, default_name="encoder"):
        dense(4, 8, "hidden")
        dense(8, 2, "logits")


tf.reset_default_graph()
build_numbered()
build_numbered()            # the cell ran twice
tf.get_variable("global_step", [], dtype=tf.int64, trainable=False)

# %% tags=["raises-exception"]
# NBVAL_RAISES_EXCEPTION
tf.train.Saver().restore(None, path)

# %% [markdown]
# ## The store and a checkpoint side by side
#
# `%scope_diff --checkpoint PATH` marks every name matched, missing (the graph has it, the
# checkpoint does not), unexpected (the other way round: a restore ignores these) or mismatched
# (both have it, with another shape or dtype). `scopelab ckpt diff PATH model.py` prints the same
# in a terminal for the graph a script builds.

# %%
tf.reset_default_graph()
build_model()
tf.get_variable("encoder/extra/scale", [8])               # new in this version of the model

# %%
# %scope_diff --checkpoint checkpoints_tutorial

# %% [markdown]
# ## Partitioned variables are saved whole
#
# The shards of a partitioned variable are saved as *slices* of one checkpoint entry under the
# full name (`emb/table`, never `emb/table/part_0`), exactly as TensorFlow writes them. So a
# checkpoint saved with 3 shards restores into 2 shards, or into one plain variable.

# %%
tf.reset_default_graph()
with tf.variable_scope("emb", partitioner=tf.fixed_size_partitioner(3)):
    table = tf.get_variable("table", [7, 2], initializer=tf.random_uniform_initializer(seed=1))
table_path = tf.train.Saver().save(None, os.path.join(FOLDER, "table.ckpt"))
tf.train.list_variables(table_path)

# %%
tf.reset_default_graph()
with tf.variable_scope("emb", partitioner=tf.fixed_size_partitioner(2)):
    two_shards = tf.get_variable("table", [7, 2])
tf.train.Saver().restore(None, table_path)
[shard.shape.as_list() for shard in two_shards], np.array_equal(
    two_shards.as_tensor(), tf.train.load_variable(table_path, "emb/table"))

# %% [markdown]
# ## Your turn: one encoder, restored
#
# train_and_eval(ckpt) builds the encoder twice, for training and for evaluation; both copies
# must be the one variable 'encoder/kernel' [3, 4], restored from the checkpoint ckpt. It
# returns (train, evaluation).
#
# The next cell is broken on purpose. Run it, then run the check under it: the check calls your
# function in an empty store, with a checkpoint it writes first, and says what is wrong. Fix the
# function and run both cells again until the check passes. `ex.t12.hint()` gives a hint,
# `ex.t12.solution()` an answer.

# %%
def train_and_eval(ckpt):
    def encoder():
        with tf.variable_scope(None, default_name="encoder"):
            return tf.get_variable("kernel", [3, 4])

    train = encoder()
    evaluation = encoder()      # the evaluation copy must share the training weights
    tf.train.Saver().restore(None, ckpt)
    return train, evaluation


# %%
from scopelab.exercises import practice as ex

ex.t12.check(train_and_eval)

# %% [markdown]
# ## Without TensorFlow, on the command line
#
# ```
# scopelab ckpt ls   checkpoints_tutorial                 # the tree
# scopelab ckpt diff checkpoints_tutorial build_model.py  # a graph against the checkpoint
# scopelab ckpt map  checkpoints_tutorial encoder/=enc/ --write renamed/model.ckpt
# ```
#
# `map --write` rewrites a checkpoint under new scope names, so an old checkpoint can be moved to
# a new layout once, for everyone. Each command takes `--json` for scripts.
#
# Exercises: `notebooks/exercises/06_checkpoints_exercises.ipynb` (q17, q18).
#
# Next: [13 · Real models](13_real_models.ipynb), where `tf.layers`, the RNN cells and the
# optimizers choose the names.

# %%
shutil.rmtree(FOLDER)
