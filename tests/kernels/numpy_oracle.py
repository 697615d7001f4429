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
* float32 normals (float16: float32, then cast) are Box-Muller on pairs: elements ``2p`` and
  ``2p + 1`` read word ``p``; its top 40 bits ``k`` give ``u = (k + 1) 2^-40`` and the radius
  ``sqrt(2 * -log(u))``; its low 24 bits give the quadrant ``q`` (bits 22-23) and ``f``, an odd
  multiple of 2^-23 in (-1/2, 1/2) (bits 0-21); element ``2p`` is ``radius * cos``, ``2p + 1``
  ``radius * sin`` of the angle ``(pi/2)(q + f)``, from polynomials in ``f``; the value is
  ``mean + stddev * z``;
* float64 normals are an inverse CDF: word 0's top 53 bits give ``x``, an odd multiple of 2^-53
  in (-1, 1); ``w = -log((1 - x)(1 + x))`` (exponent and mantissa read from the bits, then an
  atanh series); ``z = x * P(w)`` with the central polynomial, or the tail one in ``sqrt(w)``
  where ``(1 - x)(1 + x) <= TAIL_T``; the value is ``mean + stddev * z``;
* truncated normals (top 24 or 53 bits for ``x``) scale ``x`` by erf(sqrt 2), so ``|z| < 2``
  always and one polynomial fitted to that range suffices; only a value that rounding put on the edge of mean ± 2|stddev|
  (strictly inside is required, checked in float64) takes round t = 1, 2 … of its element;
* integers are ``minval + word % (maxval - minval)`` (TF's modulo mapping).

Everything is vectorised NumPy, in the same order of operations as the kernels (no fused
multiply-adds), so the compiled kernels must equal this module bit for bit.
"""

from __future__ import annotations

import math

import numpy as np

from scopelab.kernels._tables import (
    CENTRAL64, CENTRE64, COS32, ERF_SQRT2, GOLDEN, LOG_SERIES32, LOG_SERIES64, MIX_1, MIX_2,
    ROUND_KEY_MULT, SIN32, TAIL64, TAIL_CENTRE64, TAIL_T64, TRUNC32, TRUNC64, TRUNC_CENTRE32,
    TRUNC_CENTRE64, U24_SCALE, U53_SCALE,
)

__all__ = [
    "mix64", "splitmix64_words", "flat_indices", "fill", "uniform", "uniform_int", "normal",
    "truncated_normal", "truncated_normal_rounds", "clamp_below", "pull_inside", "split", "concat", "embedding_gather",
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
# z = x * P(w), w = -log((1 - x)(1 + x)), x an odd multiple of 2^-24 (float32) or 2^-53 (float64)
# from the word's top bits; every operation in the output's precision, in this order. (float32
# normals are Box-Muller instead, below; they share the logarithm.)
class _Precision:
    def __init__(self, dtype, bits, trunc, central, tail, trunc_centre, centre, tail_centre,
                 tail_t, series):
        self.f = np.dtype(dtype).type
        self.bits, self.int = bits, np.int32 if bits == 24 else np.int64
        self.mant = 23 if bits == 24 else 52
        self.bias = 127 if bits == 24 else 1023
        self.trunc = [self.f(c) for c in trunc]
        self.central = [self.f(c) for c in central or ()]
        self.tail = [self.f(c) for c in tail or ()]
        self.trunc_centre = self.f(trunc_centre)
        self.centre = None if centre is None else self.f(centre)
        self.tail_centre = None if tail_centre is None else self.f(tail_centre)
        self.tail_t = None if tail_t is None else self.f(tail_t)
        self.series = [self.f(c) for c in series]
        self.unit = self.f(2.0 ** -bits)
        self.trunc_unit = self.f(self.f(ERF_SQRT2) * self.f(2.0 ** -bits))
        self.ln2 = self.f(math.log(2.0))
        # log's range reduction: mantissa in [sqrt(1/2), sqrt(2)) read from the bits
        self.half_bits = int(np.array(self.f(math.sqrt(0.5))).view(self.int))
        self.split = int(np.array(self.f(1.0)).view(self.int)) - self.half_bits


_P32 = _Precision(np.float32, 24, TRUNC32, None, None, TRUNC_CENTRE32, None, None, None,
                  LOG_SERIES32)   # float32 normals: Box-Muller (_box_muller32)
_P64 = _Precision(np.float64, 53, TRUNC64, CENTRAL64, TAIL64, TRUNC_CENTRE64, CENTRE64,
                  TAIL_CENTRE64, TAIL_T64, LOG_SERIES64)


def _horner(coefs, w):
    p = np.full_like(w, coefs[0])
    for c in coefs[1:]:
        p = c + p * w
    return p


def _symmetric(P: _Precision, words: np.ndarray, unit) -> np.ndarray:
    k = (words >> _U64(64 - P.bits)).astype(np.int64)
    return (2 * k + 1 - (1 << P.bits)).astype(P.f) * unit


def _neglog(P: _Precision, t: np.ndarray) -> np.ndarray:
    b = t.view(P.int).astype(np.int64) + P.split
    e = ((b >> P.mant) - P.bias).astype(P.f)
    m = ((b & ((1 << P.mant) - 1)) + P.half_bits).astype(P.int).view(P.f)
    one = P.f(1.0)
    s = (m - one) / (m + one)
    return -(e * P.ln2 + (s + s) * _horner(P.series, s * s))


def _z(P: _Precision, x: np.ndarray, tail: np.ndarray | None = None,
       truncated: bool = False) -> np.ndarray:
    one = P.f(1.0)
    w = _neglog(P, (one - x) * (one + x))
    if truncated:
        return _horner(P.trunc, w - P.trunc_centre) * x
    p = _horner(P.central, w - P.centre)
    if tail is not None and tail.any():
        p[tail] = _horner(P.tail, np.sqrt(w[tail]) - P.tail_centre)
    return p * x


def _round_words(key: int, g: np.ndarray, t: int) -> np.ndarray:
    k = key if t == 0 else _round_key_int(key, t)
    return splitmix64_words(k, g)


def _box_muller32(words: np.ndarray, odd: np.ndarray) -> np.ndarray:
    """z of element 2p (``odd`` False) or 2p + 1 (True) from word p, in float32."""
    f32 = np.float32
    u = ((words >> _U64(24)).astype(np.int64) + 1).astype(f32) * f32(2.0 ** -40)
    radius = np.sqrt(f32(2.0) * _neglog(_P32, u))
    k = (words & _U64((1 << 22) - 1)).astype(np.int64)
    f = (2 * k + 1 - (1 << 22)).astype(f32) * f32(2.0 ** -23)
    f2 = f * f
    sin = _horner(SIN32, f2) * f
    cos = _horner(COS32, f2)
    q = ((words >> _U64(22)) & _U64(3)).astype(np.int64)
    # angle (pi/2)(q + f): cos is (cos, -sin, -cos, sin)[q], sin is (sin, cos, -sin, -cos)[q]
    table = np.stack([cos, -sin, -cos, sin, sin, cos, -sin, -cos])
    return radius * table[q + 4 * odd, np.arange(words.size)]


def normal(shape, dtype, key, mean, stddev, window=None) -> np.ndarray:
    dtype = np.dtype(dtype)
    P = _P64 if dtype == np.float64 else _P32
    g = flat_indices(shape, window)
    if P is _P32:
        z = _box_muller32(splitmix64_words(key, g >> 1), (g & 1).astype(bool))
        return (P.f(mean) + P.f(stddev) * z).astype(dtype).reshape(shape)
    x = _symmetric(P, splitmix64_words(key, g), P.unit)
    one = P.f(1.0)
    tail = (one - x) * (one + x) <= P.tail_t
    out = P.f(mean) + P.f(stddev) * _z(P, x, tail)
    return out.astype(dtype).reshape(shape)


def _inside(v: np.ndarray, mean: float, limit: float) -> np.ndarray:
    return np.abs(v.astype(np.float64) - mean) < limit


def truncated_normal(shape, dtype, key, mean, stddev, window=None) -> np.ndarray:
    """x inside ±erf(sqrt 2), so |z| < 2 without redraws; a value that rounding put on the edge
    of mean ± 2|stddev| (in the output's precision) takes the next round's word."""
    return _truncated(shape, dtype, key, mean, stddev, window)[0]


def truncated_normal_rounds(shape, dtype, key, mean, stddev, window=None) -> np.ndarray:
    """The round each truncated value came from (0 for all but values rounded onto the edge)."""
    return _truncated(shape, dtype, key, mean, stddev, window)[1]


def _truncated(shape, dtype, key, mean, stddev, window):
    dtype = np.dtype(dtype)
    P = _P64 if dtype == np.float64 else _P32
    mean, stddev = float(mean), float(stddev)
    limit = 2.0 * abs(stddev)
    g = flat_indices(shape, window)
    out, rounds = np.empty(g.shape, P.f), np.zeros(g.shape, np.int64)
    todo, t = np.arange(g.size), 0
    while todo.size:
        x = _symmetric(P, _round_words(key, g[todo], t), P.trunc_unit)
        v = P.f(mean) + P.f(stddev) * _z(P, x, truncated=True)
        ok = _inside(v, mean, limit)
        out[todo[ok]], rounds[todo[ok]] = v[ok], t
        todo, t = todo[~ok], t + 1
    if dtype == np.float16:
        out = pull_inside(out.astype(dtype), mean, limit)
    return out.astype(dtype).reshape(shape), rounds.reshape(shape)


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
