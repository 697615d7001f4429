"""CUDA kernels equal the CPU kernels bit for bit; ≤ 4,096 elements each, so that they run in
Numba's simulator (CI, ``NUMBA_ENABLE_CUDASIM=1``) and, unchanged, on a real GPU."""

import os
import subprocess
import sys

import numpy as np
import pytest

import scopelab.kernels as K

pytestmark = pytest.mark.cuda

needs_cuda = pytest.mark.skipif(
    os.environ.get("NUMBA_ENABLE_CUDASIM") != "1" and not K.cuda_available(),
    reason="runs the CUDA kernels in Numba's simulator (NUMBA_ENABLE_CUDASIM=1) or on a GPU")
KEY = K.make_key(87654321, 1234)


@needs_cuda
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
@pytest.mark.parametrize("op, a, b", [("uniform", -0.5, 0.5), ("normal", 1.0, 0.25),
                                      ("truncated_normal", 0.0, 2.0)])
def test_random_kernels_equal_cpu(dtype, op, a, b):
    draw = getattr(K, op)
    gpu = draw((48, 64), dtype, KEY, a, b, target="cuda")
    assert hasattr(gpu, "copy_to_host")           # a device array
    np.testing.assert_array_equal(K.to_host(gpu), draw((48, 64), dtype, KEY, a, b))


@needs_cuda
def test_slow_paths_equal_cpu():
    """4,096 float64 normals include tail-branch draws (the CPU's second pass); float32 normals
    of an odd length starting at an odd index make their first and last elements alone (their
    pair's partner lies outside); truncated draws with a stddev of a few float32 steps include
    values rounded past the edge and drawn again."""
    z = K.normal((4096,), "float64", 8)
    assert np.sum(np.abs(z) > 3.31) >= 3                    # this key's draws reach the tail
    np.testing.assert_array_equal(K.to_host(K.normal((4096,), "float64", 8, target="cuda")), z)
    window = ((5000,), (901,))
    z = K.normal((3001,), "float32", 8, window=window)
    assert np.abs(z).max() > 3.0
    np.testing.assert_array_equal(
        K.to_host(K.normal((3001,), "float32", 8, window=window, target="cuda")), z)
    t = K.truncated_normal((4096,), "float32", 99, 1.0, 2.95e-7)
    assert np.abs(t.astype(np.float64) - 1.0).max() < 2 * 2.95e-7
    np.testing.assert_array_equal(
        K.to_host(K.truncated_normal((4096,), "float32", 99, 1.0, 2.95e-7, target="cuda")), t)


@needs_cuda
@pytest.mark.parametrize("dtype, lo, hi", [("int32", -9, 100), ("int64", -2**40, 2**40)])
def test_integer_uniform_equals_cpu(dtype, lo, hi):
    gpu = K.to_host(K.uniform((30, 40), dtype, KEY, lo, hi, target="cuda"))
    np.testing.assert_array_equal(gpu, K.uniform((30, 40), dtype, KEY, lo, hi))


@needs_cuda
@pytest.mark.parametrize("full, offset, shape", [((40, 30), (10, 0), (13, 30)),
                                                 ((40, 30), (0, 7), (40, 9)),
                                                 ((8, 9, 10), (1, 2, 3), (3, 4, 5))])
@pytest.mark.parametrize("op", ["truncated_normal", "normal"])
def test_windows_equal_cpu_and_the_full_slice(full, offset, shape, op):
    draw = getattr(K, op)
    gpu = K.to_host(draw(shape, "float32", KEY, window=(full, offset), target="cuda"))
    whole = draw(full, "float32", KEY)
    np.testing.assert_array_equal(gpu, whole[tuple(slice(o, o + s) for o, s in zip(offset, shape))])


@needs_cuda
@pytest.mark.parametrize("axis", [0, 1, 2])
def test_split_concat_on_device(axis):
    value = np.arange(6 * 7 * 8, dtype=np.float32).reshape(6, 7, 8)
    sizes = [3, 2, value.shape[axis] - 5]
    shards = K.split(value, sizes, axis, target="cuda")
    for got, want in zip(shards, np.split(value, np.cumsum(sizes)[:-1], axis)):
        np.testing.assert_array_equal(K.to_host(got), want)
    np.testing.assert_array_equal(K.to_host(K.concat(shards, axis, target="cuda")), value)


@needs_cuda
@pytest.mark.parametrize("dtype, value", [("float32", 0.5), ("int64", -3), ("float16", 2.5),
                                          ("bool", True)])
def test_fill_on_device(dtype, value):
    np.testing.assert_array_equal(K.to_host(K.fill((5, 3), dtype, value, target="cuda")),
                                  np.full((5, 3), value, dtype))


@needs_cuda
def test_targets_resolve_and_arrays_move():
    assert K.cuda_available()
    for device in ("/gpu:0", "/device:GPU:0", "gpu:1", "/job:worker/replica:0/task:0/device:GPU:0"):
        assert K.resolve_target(device) == "cuda"
    for device in ("/cpu:0", "/device:CPU:0", "", None):
        assert K.resolve_target(device) == "cpu"
    dev = K.to_target(np.arange(4.0), "cuda")
    np.testing.assert_array_equal(K.to_host(dev), np.arange(4.0))
    assert isinstance(K.to_target(dev, "cpu"), np.ndarray)
    table = K.to_target(np.arange(12.0).reshape(6, 2), "cuda")
    np.testing.assert_array_equal(K.embedding_gather([table], [5, 0], "div"), [[10, 11], [0, 1]])


def test_without_gpu_or_simulator_the_error_says_how_to_get_one():
    """A fresh process without the simulator (and no GPU here) gets CudaUnavailableError."""
    code = (
        "import scopelab.kernels as K\n"
        "from scopelab.errors import CudaUnavailableError\n"
        "if K.cuda_available():\n"
        "    print('GPU-PRESENT')\n"
        "else:\n"
        "    try:\n"
        "        K.uniform((2,), 'float32', 1, target='cuda')\n"
        "    except CudaUnavailableError as e:\n"
        "        assert isinstance(e, RuntimeError)\n"
        "        print(e)\n"
        "    try:\n"
        "        K.resolve_target('/gpu:0')\n"
        "    except CudaUnavailableError as e:\n"
        "        print('DEVICE', e.device)\n")
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_ENABLE_CUDASIM"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    if "GPU-PRESENT" in out.stdout:
        pytest.skip("a real GPU is present: nothing to refuse")
    assert "asks for a GPU, but CUDA is not available here" in out.stdout
    assert "NUMBA_ENABLE_CUDASIM=1" in out.stdout
    assert "/cpu:0" in out.stdout and "numba-cuda" in out.stdout
    assert "DEVICE /gpu:0" in out.stdout
