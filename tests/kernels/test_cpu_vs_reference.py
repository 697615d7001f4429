"""Every CPU kernel equals the NumPy oracle (numpy_oracle.py) bit for bit, on every code path."""

import os
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import numpy_oracle as oracle
import scopelab.kernels as K
from scopelab.kernels import _backend, _cpu_target

KEY = K.make_key(87654321, 42)
FLOATS = ["float16", "float32", "float64"]


@pytest.fixture(params=["serial", "parallel"])
def path(request, monkeypatch):
    """Run each test through the serial twins and through the parallel kernels."""
    if request.param == "parallel":
        monkeypatch.setattr(_cpu_target, "SERIAL_BELOW", 0)
    return request.param


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize("shape", [(), (1,), (7, 5), (3, 40000)])
def test_random_floats_equal_reference(dtype, shape, path):
    dt = np.dtype(dtype)
    pairs = [
        (K.uniform(shape, dt, KEY, -0.25, 0.75), oracle.uniform(shape, dt, KEY, -0.25, 0.75)),
        (K.normal(shape, dt, KEY, 0.5, 2.0), oracle.normal(shape, dt, KEY, 0.5, 2.0)),
        (K.truncated_normal(shape, dt, KEY, -1.0, 0.1),
         oracle.truncated_normal(shape, dt, KEY, -1.0, 0.1)),
    ]
    for got, want in pairs:
        assert got.dtype == dt and got.shape == shape
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("key", [0, 5, 2**63 - 1, 2**63, 2**64 - 1])
def test_keys_either_side_of_the_sign_bit_equal_reference(key, path):
    """The CPU kernels take the key's 64 bits as an int64 (CpuBackend.launch): keys at and past
    2**63 (negative there) must draw what the unsigned key does."""
    for kind, dtype in (("uniform", "float32"), ("normal", "float64"),
                        ("truncated_normal", "float32")):
        got = getattr(K, kind)((3, 17), dtype, key, 0.0, 1.0)
        want = getattr(oracle, kind)((3, 17), np.dtype(dtype), key, 0.0, 1.0)
        np.testing.assert_array_equal(got, want)
    ints = K.uniform((40,), "int64", key, -5, 5)
    np.testing.assert_array_equal(ints, oracle.uniform((40,), np.dtype("int64"), key, -5, 5))


@pytest.mark.parametrize("dtype, lo, hi", [("int32", -7, 11), ("int64", -2**62, 2**62),
                                           ("int32", -2**31, 2**31 - 1), ("int8", 0, 3)])
def test_random_ints_equal_reference(dtype, lo, hi, path):
    got = K.uniform((5, 3001), dtype, KEY, lo, hi)
    np.testing.assert_array_equal(got, oracle.uniform((5, 3001), np.dtype(dtype), KEY, lo, hi))
    assert got.dtype == np.dtype(dtype) and got.min() >= lo and got.max() < hi


def test_slow_paths_are_exercised_and_exact(path):
    """The normals' tail branch (pass 2) many times, and truncated draws that rounding put on the
    edge of mean ± 2 stddev, which take later rounds of their element's words."""
    n = 300_000
    for dtype, beyond in (("float32", 3.64), ("float64", 3.31)):   # where the tail branch starts
        z = K.normal((n,), dtype, KEY)
        assert np.sum(np.abs(z) > beyond) > 40                      # ~0.03 % and ~0.1 % of draws
        np.testing.assert_array_equal(z, oracle.normal((n,), np.dtype(dtype), KEY, 0.0, 1.0))
    # a stddev of a few float32 steps: many values round past the edge and are drawn again
    mean, stddev = 1.0, 2.95e-7       # 2 stddev just short of 5 float32 steps above 1.0
    t = K.truncated_normal((n,), "float32", KEY, mean, stddev)
    first = oracle.normal((n,), np.dtype("float32"), KEY, 0.0, 1.0)      # just to differ from t
    assert not np.array_equal(t, first)
    np.testing.assert_array_equal(
        t, oracle.truncated_normal((n,), np.dtype("float32"), KEY, mean, stddev))
    assert np.abs(t.astype(np.float64) - mean).max() < 2 * stddev
    redrawn = oracle.truncated_normal_rounds((n,), np.dtype("float32"), KEY, mean, stddev)
    assert (redrawn > 0).sum() > 1000 and redrawn.max() >= 2


WINDOWS = [((12, 9, 4), (3, 0, 0), (5, 9, 4)),      # axis-0 shard
           ((12, 9, 4), (0, 2, 0), (12, 4, 4)),     # axis-1 shard
           ((12, 9, 4), (0, 0, 3), (12, 9, 1)),     # last-axis shard
           ((12, 9, 4), (2, 5, 1), (3, 2, 2)),      # an arbitrary block
           ((300, 700), (0, 650), (300, 50))]


@pytest.mark.parametrize("full, offset, shape", WINDOWS)
@pytest.mark.parametrize("op", ["uniform", "normal", "truncated_normal"])
def test_window_equals_slice_of_full_generation(full, offset, shape, op, path):
    draw = getattr(K, op)
    whole = draw(full, "float32", KEY, 0.0, 1.0)
    block = draw(shape, "float32", KEY, 0.0, 1.0, window=(full, offset))
    index = tuple(slice(o, o + s) for o, s in zip(offset, shape))
    np.testing.assert_array_equal(block, whole[index])
    np.testing.assert_array_equal(
        block, getattr(oracle, op)(shape, np.dtype("float32"), KEY, 0.0, 1.0,
                                      window=(full, offset)))


@pytest.mark.parametrize("axis", [0, 1])
def test_uneven_shards_reassemble_the_full_tensor(axis):
    full = (1001, 67)
    whole = K.truncated_normal(full, "float64", KEY)
    sizes = [334, 334, 333] if axis == 0 else [23, 22, 22]
    shards, start = [], 0
    for s in sizes:
        shape = list(full)
        shape[axis] = s
        offset = [0, 0]
        offset[axis] = start
        shards.append(K.truncated_normal(tuple(shape), "float64", KEY,
                                         window=(full, tuple(offset))))
        start += s
    np.testing.assert_array_equal(np.concatenate(shards, axis=axis), whole)


_ONE_AND_TWO_THREADS = """
import sys
import numba, numpy as np
import scopelab.kernels as K
from scopelab.kernels import _cpu_target
_cpu_target.SERIAL_BELOW = 0          # the parallel kernels, whatever the size
key = int(sys.argv[2])
runs = []
for threads in (1, 2):
    numba.set_num_threads(threads)
    runs += [K.uniform((200_003,), "float32", key), K.normal((70_001,), "float64", key),
             K.truncated_normal((3, 50_000), "float32", key),
             K.uniform((100_000,), "int64", key, 0, 1000)]
np.savez(sys.argv[1], *runs)
"""


def test_thread_count_does_not_change_values(tmp_path):
    """In a child process with two Numba threads, so it runs on a one-CPU machine too."""
    out = tmp_path / "runs.npz"
    env = {**os.environ, "NUMBA_NUM_THREADS": "2"}
    subprocess.run([sys.executable, "-c", _ONE_AND_TWO_THREADS, str(out), str(KEY)], env=env,
                   check=True, timeout=300)
    runs = np.load(out)
    arrays = [runs[f"arr_{i}"] for i in range(8)]
    np.testing.assert_array_equal(arrays[0], K.uniform((200_003,), "float32", KEY))
    for one, two in zip(arrays[:4], arrays[4:]):
        np.testing.assert_array_equal(one, two)


def test_values_depend_on_key_only():
    a = K.normal((1000,), "float32", KEY)
    b = K.normal((1000,), "float32", KEY)
    c = K.normal((1000,), "float32", K.make_key(87654321, 43))
    np.testing.assert_array_equal(a, b)
    assert np.mean(a == c) < 0.01


@pytest.mark.parametrize("dtype, value", [("float32", 0.5), ("float64", -3.25), ("int32", 7),
                                          ("int64", 0), ("bool", True), ("float16", 1.5),
                                          ("uint8", 200), ("complex128", 1 + 2j)])
@pytest.mark.parametrize("n", [3, 100_000])
def test_fill_equals_np_full(dtype, value, n):
    got = K.fill((n,), dtype, value)
    want = np.full((n,), value, dtype=dtype)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)


def test_fill_string_dtype_falls_back_to_numpy():
    np.testing.assert_array_equal(K.fill((2, 2), "S1", b""), np.full((2, 2), b"", "S1"))


def test_make_key_is_deterministic_and_separates_seed_pairs():
    assert K.make_key(1, 2) == K.make_key(1, 2)
    keys = {K.make_key(a, b) for a in range(20) for b in range(20)}
    assert len(keys) == 400
    assert all(0 <= k < 2**64 for k in keys)


@pytest.mark.parametrize("maxval", [1.0, 1e-3, 0.1, 3.0000001, -2.5, 1e30, 2.0 ** -130])
def test_cast_threshold_decides_like_the_cast(maxval):
    """v >= threshold exactly when float32(v) >= maxval, probed around the rounding boundary."""
    t = _backend.cast_threshold(maxval, np.dtype(np.float32))
    probes = [t, np.nextafter(t, -np.inf), np.nextafter(t, np.inf), maxval,
              np.nextafter(maxval, -np.inf), np.nextafter(maxval, np.inf)]
    probes += list(np.linspace(np.nextafter(t, -np.inf) - 4 * abs(t) * 2**-24,
                               t + 4 * abs(t) * 2**-24, 41))
    for v in probes:
        assert (float(np.float32(v)) >= maxval) == (v >= t), (v, t)
    assert _backend.cast_threshold(maxval, np.dtype(np.float64)) == maxval


@settings(max_examples=200, deadline=None)
@given(dtype=st.sampled_from(["float32", "float64"]),
       mean=st.floats(-1e6, 1e6, allow_nan=False), limit=st.floats(1e-3, 1e3))
def test_inside_bounds_are_the_outermost_values_strictly_inside(dtype, mean, limit):
    work = np.dtype(dtype)
    bounds = _backend.inside_bounds(work, mean, limit)

    def inside(v):
        return abs(float(v) - mean) < limit

    if bounds is None:        # the spacing at the mean is wider than the interval
        near = work.type(mean)
        assert not any(inside(v) for v in (near, np.nextafter(near, work.type(np.inf)),
                                           np.nextafter(near, work.type(-np.inf))))
        return
    lo, hi = bounds
    assert inside(lo) and inside(hi) and lo <= hi
    assert not inside(np.nextafter(lo, work.type(-np.inf)))
    assert not inside(np.nextafter(hi, work.type(np.inf)))


@settings(max_examples=60, deadline=None)
@given(data=st.data(), full=st.lists(st.integers(1, 6), min_size=1, max_size=4))
def test_any_window_equals_the_slice_of_the_full_tensor(data, full):
    """Blocks that differ from the full shape on any set of axes (the general layout plan)."""
    offset = [data.draw(st.integers(0, f - 1)) for f in full]
    shape = [data.draw(st.integers(1, f - o)) for f, o in zip(full, offset)]
    whole = K.uniform(tuple(full), "float64", KEY, -1.0, 1.0)
    block = K.uniform(tuple(shape), "float64", KEY, -1.0, 1.0,
                      window=(tuple(full), tuple(offset)))
    np.testing.assert_array_equal(
        block, whole[tuple(slice(o, o + s) for o, s in zip(offset, shape))])
