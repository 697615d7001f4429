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
# # 05 · Initializers: where the first values come from
#
# Every variable starts from an **initializer**. TF1 picks one in this order: the `initializer=`
# argument of `get_variable`, else the enclosing scope's initializer, else a default that depends on
# the dtype (`glorot_uniform_initializer()` for floats, zeros for integers and booleans).
#
# This notebook makes the values visible: summary statistics with `%scope_tree --values`, and a
# small text histogram of each variable. All seeds are fixed, so the numbers are the same on every
# run and on every machine.

# %%
import numpy as np
import scopelab as tf

# %load_ext scopelab
# %xmode Minimal
tf.reset_default_graph()
tf.set_random_seed(2024)

def histogram(variable, bins=10, width=36):
    """A text histogram of a variable's values (one bar per bin, scaled to the fullest bin)."""
    counts, edges = np.histogram(np.asarray(variable).ravel(), bins=bins)
    for count, low, high in zip(counts, edges[:-1], edges[1:]):
        bar = "█" * int(round(width * count / counts.max()))
        print(f"{low:+7.3f} … {high:+7.3f} │{bar} {count}")


# %%
# %scope_tree --live

# %% [markdown]
# ## Constants

# %%
with tf.variable_scope("constants"):
    zeros = tf.get_variable("zeros", shape=[2, 3], initializer=tf.zeros_initializer())
    ones = tf.get_variable("ones", shape=[2, 3], initializer=tf.ones_initializer())
    fill = tf.get_variable("fill", shape=[2, 3], initializer=tf.constant_initializer(0.5))
    short = tf.get_variable("short", shape=[3, 4], initializer=tf.constant_initializer([0, 1, 2, 3, 4, 5, 6, 7]))
short.numpy()

# %% [markdown]
# A `constant_initializer` given fewer values than the shape needs fills the rest with its **last**
# value (TF1's rule): the whole last row of `short` is 7.

# %% [markdown]
# The initializer only sets the *first* value. `%%scope_diff` also notices values a cell changes:

# %%
# %%scope_diff
_ = zeros.assign(np.full([2, 3], 3.0, dtype=np.float32))

# %% [markdown]
# ## The default: Glorot uniform
#
# Without an initializer a float variable gets `glorot_uniform_initializer()`: uniform in
# [-ℓ, ℓ) with ℓ = √(6 / (fan_in + fan_out)).

# %%
with tf.variable_scope("default"):
    kernel = tf.get_variable("kernel", shape=[64, 32])
limit = np.sqrt(6 / (64 + 32))
print(f"limit {limit:.4f}, largest |value| {np.abs(kernel.numpy()).max():.4f}")
histogram(kernel)

# %% [markdown]
# ## Normal and truncated normal
#
# `random_normal_initializer` draws from N(μ, σ). `truncated_normal_initializer` redraws
# every value further than 2σ from the mean, so its tails are cut and its standard deviation
# is about 0.88 σ:

# %%
with tf.variable_scope("gaussian"):
    normal = tf.get_variable("normal", shape=[256, 256], initializer=tf.random_normal_initializer(stddev=1.0))
    truncated = tf.get_variable("truncated", shape=[256, 256], initializer=tf.truncated_normal_initializer(stddev=1.0))
print("normal")
histogram(normal)
print("truncated normal")
histogram(truncated)

# %% [markdown]
# `%scope_tree --values` lists mean, standard deviation, minimum and maximum of every variable:

# %%
# %scope_tree gaussian --values

# %% [markdown]
# In JupyterLab, click a variable in the live tree at the top: its inspector draws the same
# histogram as a chart.

# %% [markdown]
# ## Variance scaling: Glorot, He, LeCun
#
# `variance_scaling_initializer(scale, mode, distribution)` sets the spread from the variable's
# fans: `mode="fan_in"` divides `scale` by the number of inputs. He initialization is
# `scale=2, mode="fan_in"`; its truncated normal has standard deviation √(2 / fan_in)
# after truncation.

# %%
with tf.variable_scope("scaled"):
    he = tf.get_variable("he", shape=[128, 64], initializer=tf.variance_scaling_initializer(scale=2.0, mode="fan_in"))
print(f"std {he.numpy().std():.4f}, target {np.sqrt(2 / 128):.4f}")

# %% [markdown]
# ## Orthogonal and identity

# %%
with tf.variable_scope("structured"):
    q = tf.get_variable("q", shape=[4, 4], initializer=tf.orthogonal_initializer())
    eye = tf.get_variable("eye", shape=[2, 3], initializer=tf.identity_initializer())
print(np.allclose(q.numpy().T @ q.numpy(), np.eye(4), atol=1e-5))
eye.numpy()

# %% [markdown]
# ## Seeds
#
# With `seed=` an initializer returns the same numbers on every call; without one (under a graph
# seed) every variable gets its own stream:

# %%
seeded = tf.random_uniform_initializer(seed=7)
with tf.variable_scope("seeds"):
    a = tf.get_variable("a", shape=[3], initializer=seeded)
    b = tf.get_variable("b", shape=[3], initializer=seeded)
    c = tf.get_variable("c", shape=[3], initializer=tf.random_uniform_initializer())
print(np.array_equal(a.numpy(), b.numpy()), np.array_equal(a.numpy(), c.numpy()))

# %% [markdown]
# ## A scope-wide initializer
#
# An initializer given to a `variable_scope` applies to every variable created inside it (and in
# its sub-scopes) that does not name its own:

# %%
with tf.variable_scope("biases", initializer=tf.zeros_initializer()):
    b1 = tf.get_variable("b1", shape=[4])
    with tf.variable_scope("inner"):
        b2 = tf.get_variable("b2", shape=[2])
    w = tf.get_variable("w", shape=[2], initializer=tf.ones_initializer())
b1.numpy(), b2.numpy(), w.numpy()

# %%
# %scope_tree --depth 1

# %% [markdown]
# Next: [06 · dtypes](06_dtypes.ipynb).
