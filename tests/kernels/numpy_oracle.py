"""The kernels' NumPy oracle (tests only): the same algorithms as the compiled kernels, written
independently and for clarity; production code never imports it, so a bug in the kernels cannot
hide behind shared code. Only the plain constants of ``scopelab.kernels._tables`` are shared.

Every random value is a pure function of ``(key, g)`` where ``g`` is the element's flat index in
the full (unpartitioned) tensor:

* word ``t`` of element ``g`` is ``mix64(round_key(key, t) + (g + 1) * GOLDEN)``: for ``t = 0``
  this is exactly output ``g`` of the SplitMix64 sequence seeded with ``key``; later rounds (rejections)
  re-key with ``round_key(key, t) = mix64(key ^ t * ROUND_KEY_MULT)``;
* uniform floats use the top 53 (float64) or 24 (float32, float16) bits; ``minval + u * span`` is
  computed in float64, cast, and a value that rounded up to ``maxval`` is moved one step below it;
* normals use a 256-layer ziggurat (NumPy's layout) whose words are consumed in order
  ``t = 0, 1, 2 …``; truncated normals redraw the whole normal while ``|z| >= 2`` or the cast value
  would land on the ±2σ edge, as TF1's kernel does;
* integers are ``minval + word % (maxval - minval)`` (TF's modulo mapping).

The common case (first word accepted) is vectorised; the rare rejection path runs element by
element with Python's ``math`` (the same libm the CPU kernels call). The compiled kernels must
equal this module bit for bit. float16 is generated as float32 and cast.
"""

from __future__ import annotations

import math

import numpy as np

from scopelab.kernels._tables import (
    GOLDEN, MASK52, MIX_1, MIX_2, ROUND_KEY_MULT, U24_SCALE, U53_SCALE, ZIG_FI, ZIG_INV_R, ZIG_KI,
    ZIG_R, ZIG_WI,
)

__all__ = [
    "mix64", "splitmix64_words", "flat_indices", "fill", "uniform", "uniform_int", "normal",
    "truncated_normal", "clamp_below", "pull_inside", "split", "concat", "embedding_gather",
    "route_ids", "dynamic_partition", "dynamic_stitch",
]

_M64 = (1 << 64) - 1
_U64 = np.uint64


# --- the counter hash -----------------------------------------------------------------------------
def mix64(z: np.ndarray) -> np.ndarray:
    """SplitMix64's output function on a uint64 array (wrapping arithmetic)."""
    z = np.asarray(z, dtype=_U64)
    z = (z ^ (z >> _U64(30))) * _U64(MIX_1)
    z = (z ^ (z >> _U64(27))) * _U64(MIX_2)
    return z ^ (z >> _U64(31))


def _mix64_int(z: int) -> int:
    z &= _M64
    z = ((z ^ (z >> 30)) * MIX_1) & _M64
    z = ((z ^ (z >> 27)) * MIX_2) & _M64
    return z ^ (z >> 31)


def _round_key_int(key: int, t: int) -> int:
    return key if t == 0 else _mix64_int(key ^ ((t * ROUND_KEY_MULT) & _M64))


def _word_int(key: int, g: int, t: int) -> int:
    return _mix64_int(_round_key_int(key, t) + (g + 1) * GOLDEN)


def splitmix64_words(key: int, g: np.ndarray) -> np.ndarray:
    """Round-0 words of elements ``g``: the SplitMix64 sequence seeded with ``key`` at ``g``."""
    g = np.asarray(g, dtype=_U64)
    return mix64(_U64(key) + (g + _U64(1)) * _U64(GOLDEN))


def flat_indices(shape: tuple, window=None) -> np.ndarray:
    """Flat index in the full tensor of every element of a ``shape`` block (C order)."""
    n = math.prod(shape)
    if window is None:
        return np.arange(n, dtype=np.int64)
    full_shape, offset = window
    if len(shape) == 0:
        return np.zeros(1, dtype=np.int64)
    grids = np.meshgrid(*[np.arange(o, o + s, dtype=np.int64) for o, s in zip(offset, shape)],
                        indexing="ij", sparse=True)
    g = np.ravel_multi_index(tuple(grids), tuple(full_shape)) if n else np.zeros(0, np.int64)
    return np.broadcast_to(g, tuple(shape)).reshape(-1).astype(np.int64)


# --- uniform --------------------------------------------------------------------------------------
def _uniform_bits(dtype: np.dtype) -> tuple[int, float]:
    return (11, U53_SCALE) if dtype == np.float64 else (40, U24_SCALE)


def uniform(shape, dtype, key, minval, maxval, window=None) -> np.ndarray:
    dtype = np.dtype(dtype)
    if dtype.kind in "iu":
        return uniform_int(shape, dtype, key, minval, maxval, window)
    work = np.dtype(np.float32) if dtype == np.float16 else dtype
    shift, scale = _uniform_bits(work)
    w = splitmix64_words(key, flat_indices(shape, window))
    u = (w >> _U64(shift)).astype(np.float64) * scale
    out = clamp_below(
        (float(minval) + u * (float(maxval) - float(minval))).astype(work), maxval)
    if dtype != work:
        out = clamp_below(out.astype(dtype), maxval)
    return out.reshape(shape)


def clamp_below(out: np.ndarray, maxval) -> np.ndarray:
    """Keep ``[minval, maxval)``: a value that rounded up to ``maxval`` moves one step below it."""
    below = np.nextafter(out.dtype.type(maxval), out.dtype.type(-np.inf))
    out[out.astype(np.float64) >= float(maxval)] = below
    return out


def uniform_int(shape, dtype, key, minval, maxval, window=None) -> np.ndarray:
    span = _U64((int(maxval) - int(minval)) & _M64)
    lo = _U64(int(minval) & _M64)
    w = splitmix64_words(key, flat_indices(shape, window))
    return ((w % span) + lo).view(np.int64).astype(dtype).reshape(shape)


# --- normal and truncated normal ------------------------------------------------------------------
def _u53(word: int) -> float:
    return (word >> 11) * U53_SCALE


def _normal_scalar(key: int, g: int, t: int) -> tuple[float, int]:
    """One ziggurat normal for element g starting at word t; returns (z, next word)."""
    while True:
        r = _word_int(key, g, t)
        t += 1
        idx = r & 0xFF
        r >>= 8
        rabs = (r >> 1) & MASK52
        x = float(rabs) * float(ZIG_WI[idx])
        if r & 1:
            x = -x
        if rabs < int(ZIG_KI[idx]):
            return x, t
        if idx == 0:      # base strip beyond r: Marsaglia's tail method
            while True:
                xx = -ZIG_INV_R * math.log1p(-_u53(_word_int(key, g, t)))
                yy = -math.log1p(-_u53(_word_int(key, g, t + 1)))
                t += 2
                if yy + yy > xx * xx:
                    return (-(ZIG_R + xx) if (rabs >> 8) & 1 else ZIG_R + xx), t
        else:             # wedge between layers idx-1 and idx
            u = _u53(_word_int(key, g, t))
            t += 1
            if (float(ZIG_FI[idx - 1]) - float(ZIG_FI[idx])) * u + float(ZIG_FI[idx]) < \
                    math.exp(-0.5 * x * x):
                return x, t


def _first_try(key, g):
    """Vectorised first ziggurat attempt: (x, accepted) per element."""
    w = splitmix64_words(key, g)
    idx = (w & _U64(0xFF)).astype(np.intp)
    r = w >> _U64(8)
    rabs = (r >> _U64(1)) & _U64(MASK52)
    x = rabs.astype(np.float64) * ZIG_WI[idx]
    x = np.where((r & _U64(1)).astype(bool), -x, x)
    return x, rabs < ZIG_KI[idx]


def normal(shape, dtype, key, mean, stddev, window=None) -> np.ndarray:
    dtype = np.dtype(dtype)
    work = np.dtype(np.float32) if dtype == np.float16 else dtype
    mean, stddev = float(mean), float(stddev)
    g = flat_indices(shape, window)
    x, ok = _first_try(key, g)
    out = (mean + stddev * x).astype(work)
    for j in np.flatnonzero(~ok):
        z, _ = _normal_scalar(key, int(g[j]), 0)
        out[j] = mean + stddev * z
    return out.astype(dtype).reshape(shape)


def _inside(v: float, mean: float, limit: float) -> bool:
    return abs(v - mean) < limit


def truncated_normal(shape, dtype, key, mean, stddev, window=None) -> np.ndarray:
    """Normals redrawn while |z| >= 2 or the cast value reaches mean ± 2|stddev| (strict bounds)."""
    dtype = np.dtype(dtype)
    work = np.dtype(np.float32) if dtype == np.float16 else dtype
    mean, stddev = float(mean), float(stddev)
    limit = 2.0 * abs(stddev)
    g = flat_indices(shape, window)
    x, ok = _first_try(key, g)
    out = (mean + stddev * x).astype(work)
    ok &= (np.abs(x) < 2.0) & (np.abs(out.astype(np.float64) - mean) < limit)
    for j in np.flatnonzero(~ok):
        t = 0
        while True:
            z, t = _normal_scalar(key, int(g[j]), t)
            v = work.type(mean + stddev * z)
            if abs(z) < 2.0 and _inside(float(v), mean, limit):
                out[j] = v
                break
    if dtype == np.float16:
        out = pull_inside(out.astype(dtype), mean, limit)
    return out.reshape(shape)


def pull_inside(out: np.ndarray, mean: float, limit: float) -> np.ndarray:
    """float16 only: a value the cast rounded onto the ±2σ edge moves one step towards the mean."""
    edge = np.abs(out.astype(np.float64) - mean) >= limit
    out[edge] = np.nextafter(out[edge], out.dtype.type(mean))
    return out


# --- fill, split, concat --------------------------------------------------------------------------
def fill(shape, dtype, value) -> np.ndarray:
    return np.full(shape, value, dtype=dtype)


def split(value: np.ndarray, sizes, axis: int) -> list:
    bounds = np.cumsum([0, *sizes])
    index = [slice(None)] * value.ndim
    out = []
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        index[axis] = slice(int(lo), int(hi))
        out.append(np.ascontiguousarray(value[tuple(index)]).copy())
    return out


def concat(arrays, axis: int) -> np.ndarray:
    return np.concatenate(list(arrays), axis=axis)


# --- embedding routing, partition, stitch ---------------------------------------------------------
def route_ids(ids: np.ndarray, num_shards: int, total_rows: int, strategy: str):
    """TF1's (shard, row-in-shard) for each id under ``"mod"`` or ``"div"`` (floor semantics)."""
    ids = np.asarray(ids, dtype=np.int64)
    if strategy == "mod":
        return ids % num_shards, ids // num_shards
    per, extras = divmod(total_rows, num_shards)
    shard = np.maximum(ids // (per + 1), (ids - extras) // per)
    row = np.where(shard < extras, ids % (per + 1), (ids - extras) % per)
    return shard, row


def embedding_gather(shards, ids, strategy: str) -> np.ndarray:
    """Route every id, gather from its shard, and put the rows back in id order."""
    shards = [np.asarray(s) for s in shards]
    ids = np.asarray(ids, dtype=np.int64)
    flat = ids.reshape(-1)
    total = sum(s.shape[0] for s in shards)
    if len(shards) == 1:
        return shards[0][flat].reshape(ids.shape + shards[0].shape[1:])
    shard, row = route_ids(flat, len(shards), total, strategy)
    out = np.empty((flat.size,) + shards[0].shape[1:], dtype=shards[0].dtype)
    for p, s in enumerate(shards):
        mine = shard == p
        out[mine] = s[row[mine]]
    return out.reshape(ids.shape + shards[0].shape[1:])


def dynamic_partition(data, partitions, num_partitions: int) -> list:
    data = np.asarray(data)
    partitions = np.asarray(partitions)
    return [data[partitions == p] for p in range(num_partitions)]


def dynamic_stitch(indices, data) -> np.ndarray:
    indices = [np.asarray(i, dtype=np.int64) for i in indices]
    data = [np.asarray(d) for d in data]
    size = 1 + max((int(i.max()) for i in indices if i.size), default=-1)
    inner = data[0].shape[indices[0].ndim:]
    out = np.zeros((size,) + inner, dtype=data[0].dtype)
    for i, d in zip(indices, data):
        out[i.reshape(-1)] = d.reshape((-1,) + inner)
    return out
