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
# # 10 · CPU versus CUDA targets
#
# In TF1 a device string (`"/cpu:0"`, `"/gpu:0"`) placed an operation. In scopelab it places it
# the same way (`v.device` reads as TF1 prints it, `"/device:GPU:0"`) and also chooses the
# **target** of the Numba kernels that compute a variable's values: CPU kernels, or CUDA kernels on
# an NVIDIA GPU. The random generator is counter-based (each value depends only on the seed and its
# position), so both targets produce **the same numbers**.
#
# No GPU? Numba's **CUDA simulator** runs the CUDA kernels on the CPU, one Python thread per GPU
# thread: slow, but exact. It is switched on with the environment variable
# `NUMBA_ENABLE_CUDASIM=1` *before* Numba is imported; the test suite (and `make lab` on a machine
# without `nvidia-smi`) sets it, which is why this notebook runs everywhere. Keep simulated
# variables small (a few thousand values).

# %%
import os
import subprocess
import sys
import warnings

import numpy as np
import scopelab as tf
from scopelab import kernels

# %load_ext scopelab
# %xmode Minimal
tf.reset_default_graph()
# The random generator multiplies 64-bit integers modulo 2**64 on purpose. Compiled kernels do that
# silently; the simulator runs them as NumPy scalars, which warn about every wrap-around.
warnings.filterwarnings("ignore", "overflow encountered in scalar", RuntimeWarning)

print("NUMBA_ENABLE_CUDASIM =", os.environ.get("NUMBA_ENABLE_CUDASIM"))
print("CUDA target available:", kernels.cuda_available())

# %%
# %scope_tree --live

# %% [markdown]
# ## Picking a device
#
# `tf.device(...)` around `get_variable` picks the target, exactly where TF1 code already has it:

# %%
init = tf.random_normal_initializer(seed=3)
with tf.variable_scope("cpu"), tf.device("/cpu:0"):
    on_cpu = tf.get_variable("w", shape=[16, 16], initializer=init)
with tf.variable_scope("gpu"), tf.device("/gpu:0"):
    on_gpu = tf.get_variable("w", shape=[16, 16], initializer=init)

[(v.name, v.device, v.target) for v in (on_cpu, on_gpu)]

# %% [markdown]
# The same cell again, seen through `%%scope_diff`: both variables are *reused*, on their targets.

# %%
# %%scope_diff
with tf.variable_scope("cpu", reuse=True), tf.device("/cpu:0"):
    tf.get_variable("w", shape=[16, 16])
with tf.variable_scope("gpu", reuse=True), tf.device("/gpu:0"):
    tf.get_variable("w", shape=[16, 16])

# %% [markdown]
# **Predict, then run:** the two variables were drawn by different kernels (CPU and CUDA) from the
# same seeded initializer. Are their values equal?

# %%
np.array_equal(on_cpu.numpy(), on_gpu.numpy())

# %%
# %scope_tree

# %% [markdown]
# ## Without a GPU and without the simulator
#
# What a student sees on a laptop with no GPU when the simulator is off: a
# `CudaUnavailableError` (also a `RuntimeError`) that says why and what to do. The next cell runs
# that situation in a separate Python process, with the simulator off and every GPU hidden.

# %%
code = """
import scopelab as tf
try:
    with tf.device("/gpu:0"):
        tf.get_variable("w", shape=[2])
except RuntimeError as err:
    print(type(err).__name__)
    print(str(err).splitlines()[0])
"""
env = {k: v for k, v in os.environ.items() if k != "NUMBA_ENABLE_CUDASIM"}
env["CUDA_VISIBLE_DEVICES"] = ""
print(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True).stdout)

# %% [markdown]
# ## Your turn: values from the CUDA kernels
#
# gpu_weights() must create 'gpu/w' [8, 8] (seeded normal values) whose values are computed by
# the CUDA kernels (its target is 'cuda'), and return it.
#
# The next cell is broken on purpose. Run it, then run the check under it: the check calls your
# function in an empty store and says what is wrong. Fix the function and run both cells again
# until the check passes. `ex.t10.hint()` gives a hint, `ex.t10.solution()` an answer.

# %%
def gpu_weights():
    with tf.variable_scope("gpu"):
        return tf.get_variable("w", shape=[8, 8], initializer=tf.random_normal_initializer(seed=3))


# %%
from scopelab.exercises import practice as ex

ex.t10.check(gpu_weights)

# %% [markdown]
# Nothing else changes: names, sharing and errors are the same on every target. The default target
# is the CPU; `SCOPELAB_TARGET=cuda` makes CUDA the default.
#
# Next: [11 · The classic TF1 pitfalls](11_classic_pitfalls.ipynb).
