"""The CPU target: Numba kernels (``@njit(parallel=True, cache=True)``) behind the facade.

Random kernels write 1-D row segments (fixed blocks of ``BLOCK`` elements, distributed by
``prange``) of a C-contiguous ``(R, C)`` view; element ``(r, c)`` is keyed by its full-tensor index
``g0 + r * gstride + c``, so thread count never changes a value. Normals use a two-pass ziggurat:
pass 1 is branch-free (LLVM vectorises it) and marks the ~1 % rejects (plus the 4.6 % tail for
truncated normals) with NaN; pass 2 redraws them with the scalar algorithm while the block is in
cache; the result equals the scalar algorithm bit for bit. Arrays below ``SERIAL_BELOW`` elements
take serial twins of the kernels (a parallel launch costs microseconds). Copies and fills work on
unsigned-integer views of the bytes, so one specialisation per item size serves every dtype.
Split and concat over many short rows copy a group of shards per pass over row blocks (the wide
array is streamed once, in order); one long row (axis 0) is cut into blocks shard by shard.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from numba import njit, prange

from scopelab.kernels import _args, _layout, _scalar
from scopelab.kernels.reference import clamp_below, pull_inside

BLOCK = 16384          # elements per parallel work item
SERIAL_BELOW = 65536   # elements; smaller outputs run on one thread without a parallel launch
GROUP = 4              # shards per pass of the fused split/concat kernels (one compiled arity)
_UINT_OF_SIZE = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}

_s = _scalar.build(njit)
word = _s.word
ziggurat = _s.ziggurat
normal_value = _s.normal_value
truncated_value = _s.truncated_value
uniform_value = _s.uniform_value
uniform_int_value = _s.uniform_int_value
ZIG_KI, ZIG_WI = _scalar.ZIG_KI, _scalar.ZIG_WI
MASK52, BYTE, ONE, S8 = _scalar.MASK52, _scalar.BYTE, _scalar.ONE, _scalar.S8


# --- per-block bodies (serial; called from the drivers) -------------------------------------------
@njit(cache=True)
def _uniform_block(seg, key, g, shift, scale, lo, span, threshold, below):
    # ``v >= threshold`` exactly when the value cast to seg's dtype would reach maxval; testing
    # before the store keeps the loop a branch-free select that LLVM vectorises.
    for i in range(seg.shape[0]):
        v = uniform_value(key, g + i, shift, scale, lo, span)
        seg[i] = below if v >= threshold else v


@njit(cache=True)
def _uniform_int_block(seg, key, g, lo, span):
    for i in range(seg.shape[0]):
        seg[i] = uniform_int_value(key, g + i, lo, span)


@njit(cache=True)
def _first_try(key, g):
    """The ziggurat's first attempt from word 0: (x, accepted on the fast path)."""
    r = word(key, g, 0)
    idx = np.int64(r & BYTE)
    r = r >> S8
    rabs = (r >> ONE) & MASK52
    x = np.float64(rabs) * ZIG_WI[idx]
    x = -x if r & ONE else x
    return x, rabs < ZIG_KI[idx]


@njit(cache=True)
def _normal_block(seg, key, g, mean, stddev):
    for i in range(seg.shape[0]):
        x, ok = _first_try(key, g + i)
        seg[i] = mean + stddev * x if ok else np.nan
    for i in range(seg.shape[0]):
        if np.isnan(seg[i]):
            seg[i] = normal_value(key, g + i, mean, stddev)


@njit(cache=True)
def _truncated_block(seg, key, g, mean, stddev, limit, single):
    for i in range(seg.shape[0]):
        x, ok = _first_try(key, g + i)
        v = mean + stddev * x
        cast = np.float64(np.float32(v)) if single else v     # the value the store will hold
        good = ok & (abs(x) < 2.0) & (abs(cast - mean) < limit)
        seg[i] = v if good else np.nan
    for i in range(seg.shape[0]):
        if np.isnan(seg[i]):
            seg[i] = truncated_value(key, g + i, mean, stddev, limit, single)


@njit(cache=True)
def _copy_block(dst, src):
    for i in range(dst.shape[0]):
        dst[i] = src[i]


# --- drivers: (R, C) views, parallel over fixed blocks, and serial twins --------------------------
@njit(parallel=True, cache=True)
def uniform_par(out, key, g0, gstride, shift, scale, lo, span, threshold, below):
    nb = (out.shape[1] + BLOCK - 1) // BLOCK
    for t in prange(out.shape[0] * nb):
        r, cs = t // nb, (t % nb) * BLOCK
        ce = min(out.shape[1], cs + BLOCK)
        _uniform_block(out[r, cs:ce], key, g0 + r * gstride + cs, shift, scale, lo, span,
                       threshold, below)


@njit(cache=True)
def uniform_ser(out, key, g0, gstride, shift, scale, lo, span, threshold, below):
    for r in range(out.shape[0]):
        _uniform_block(out[r], key, g0 + r * gstride, shift, scale, lo, span, threshold, below)


@njit(parallel=True, cache=True)
def uniform_int_par(out, key, g0, gstride, lo, span):
    nb = (out.shape[1] + BLOCK - 1) // BLOCK
    for t in prange(out.shape[0] * nb):
        r, cs = t // nb, (t % nb) * BLOCK
        ce = min(out.shape[1], cs + BLOCK)
        _uniform_int_block(out[r, cs:ce], key, g0 + r * gstride + cs, lo, span)


@njit(cache=True)
def uniform_int_ser(out, key, g0, gstride, lo, span):
    for r in range(out.shape[0]):
        _uniform_int_block(out[r], key, g0 + r * gstride, lo, span)


@njit(parallel=True, cache=True)
def normal_par(out, key, g0, gstride, mean, stddev):
    nb = (out.shape[1] + BLOCK - 1) // BLOCK
    for t in prange(out.shape[0] * nb):
        r, cs = t // nb, (t % nb) * BLOCK
        ce = min(out.shape[1], cs + BLOCK)
        _normal_block(out[r, cs:ce], key, g0 + r * gstride + cs, mean, stddev)


@njit(cache=True)
def normal_ser(out, key, g0, gstride, mean, stddev):
    for r in range(out.shape[0]):
        _normal_block(out[r], key, g0 + r * gstride, mean, stddev)


@njit(parallel=True, cache=True)
def truncated_par(out, key, g0, gstride, mean, stddev, limit, single):
    nb = (out.shape[1] + BLOCK - 1) // BLOCK
    for t in prange(out.shape[0] * nb):
        r, cs = t // nb, (t % nb) * BLOCK
        ce = min(out.shape[1], cs + BLOCK)
        _truncated_block(out[r, cs:ce], key, g0 + r * gstride + cs, mean, stddev, limit, single)


@njit(cache=True)
def truncated_ser(out, key, g0, gstride, mean, stddev, limit, single):
    for r in range(out.shape[0]):
        _truncated_block(out[r], key, g0 + r * gstride, mean, stddev, limit, single)


@njit(parallel=True, cache=True)
def fill_par(out, value):
    n = out.shape[0]
    for b in prange((n + BLOCK - 1) // BLOCK):
        seg = out[b * BLOCK:min(n, (b + 1) * BLOCK)]
        for i in range(seg.shape[0]):
            seg[i] = value


@njit(cache=True)
def _copy_tile(df, dcols, dc0, sf, scols, sc0, r0, r1, c0, c1):
    """Rows [r0, r1), columns [c0, c1) of flat C-order buffers; unsigned indices skip Numba's
    negative-index wraparound, so the inner loop vectorises."""
    for r in range(r0, r1):
        db = np.uint64(r) * dcols + dc0
        sb = np.uint64(r) * scols + sc0
        for c in range(np.uint64(c0), np.uint64(c1)):
            df[db + c] = sf[sb + c]


@njit(parallel=True, cache=True)
def copy_cols_par(dst, dst_c0, src, src_c0, ncols):
    """``dst[:, dst_c0:dst_c0+ncols] = src[:, src_c0:src_c0+ncols]`` (same row count), in tiles of
    about ``BLOCK`` elements: many short rows per tile, or one long row cut in blocks."""
    rows = dst.shape[0]
    col_block = min(ncols, BLOCK)
    row_block = max(1, BLOCK // max(ncols, 1))
    ncb = (ncols + col_block - 1) // col_block
    nrb = (rows + row_block - 1) // row_block
    df, sf = dst.reshape(dst.size), src.reshape(src.size)
    dcols, scols = np.uint64(dst.shape[1]), np.uint64(src.shape[1])
    for t in prange(nrb * ncb):
        i, j = t // ncb, t % ncb
        _copy_tile(df, dcols, np.uint64(dst_c0), sf, scols, np.uint64(src_c0), i * row_block,
                   min(rows, (i + 1) * row_block), j * col_block, min(ncols, (j + 1) * col_block))


@njit(cache=True)
def copy_cols_ser(dst, dst_c0, src, src_c0, ncols):
    _copy_tile(dst.reshape(dst.size), np.uint64(dst.shape[1]), np.uint64(dst_c0),
               src.reshape(src.size), np.uint64(src.shape[1]), np.uint64(src_c0), 0,
               dst.shape[0], 0, ncols)


@njit(parallel=True, cache=True)
def copy_group_par(wide, narrow, offsets, to_wide):
    """Between ``wide[:, offsets[k]:...]`` and ``narrow[k]`` for a group of narrow arrays: split
    (``to_wide`` false) or concat, in one pass over row blocks, so the wide array is streamed once
    and in order (one copy per shard would stream it once per shard, strided). Unused group slots
    are (rows, 0) arrays."""
    rows, wcols = wide.shape[0], np.uint64(wide.shape[1])
    row_block = max(1, BLOCK // max(wide.shape[1], 1))
    wf = wide.reshape(wide.size)
    for b in prange((rows + row_block - 1) // row_block):
        r0, r1 = b * row_block, min(rows, (b + 1) * row_block)
        for k in range(len(narrow)):
            n = narrow[k]
            nf, ncols, off = n.reshape(n.size), np.uint64(n.shape[1]), np.uint64(offsets[k])
            if to_wide:
                _copy_tile(wf, wcols, off, nf, ncols, np.uint64(0), r0, r1, 0, n.shape[1])
            else:
                _copy_tile(nf, ncols, np.uint64(0), wf, wcols, off, r0, r1, 0, n.shape[1])


@njit(cache=True)
def _div(n, d, inv):
    """``n // d`` for 0 <= n < 2**52 by a multiply with ``inv = 1/d`` and one correction step
    (integer division is slow and serialises the address computation of the row load)."""
    q = np.int64(n * inv)
    r = n - q * d
    if r >= d:
        q += 1
    elif r < 0:
        q -= 1
    return q


@njit(parallel=True, cache=True)
def gather_par(shards, ids, out, mod, total):
    """One pass: route each id (TF1 ``mod``/``div``), copy its row; returns the bad-id count."""
    nshards = len(shards)
    per, extras = total // nshards, total % nshards
    inv_p, inv_per, inv_per1 = 1.0 / nshards, 1.0 / max(per, 1), 1.0 / (per + 1)
    big = extras * (per + 1)
    bad = 0
    for i in prange(ids.shape[0]):
        k = ids[i]
        if k < 0 or k >= total:
            bad += 1
            continue
        if mod:
            row = _div(k, nshards, inv_p)
            p = k - row * nshards
        elif k < big:   # TF1's max(k // (per+1), (k - extras) // per) with one division:
            p = _div(k, per + 1, inv_per1)    # the first `extras` shards hold per+1 rows,
            row = k - p * (per + 1)
        else:             # the others per rows, starting at big = extras * (per+1)
            q = _div(k - big, per, inv_per)
            p = extras + q
            row = (k - big) - q * per
        src = shards[p]
        if row >= src.shape[0]:
            bad += 1
            continue
        _copy_block(out[i], src[row])
    return bad


@njit(cache=True)
def partition_scatter(data, parts, starts, out):
    """Stable scatter of rows of ``data`` into ``out`` grouped by partition."""
    pos = starts.copy()
    for i in range(parts.shape[0]):
        p = parts[i]
        _copy_block(out[pos[p]], data[i])
        pos[p] += 1


@njit(cache=True)
def stitch_into(out, idx, data):
    for i in range(idx.shape[0]):
        _copy_block(out[idx[i]], data[i])


# --- the backend interface used by scopelab.kernels -----------------------------------------------
def as_array(value) -> np.ndarray:
    return np.asarray(value.copy_to_host() if hasattr(value, "copy_to_host") else value)


def _work_dtype(dtype: np.dtype) -> np.dtype:
    return np.dtype(np.float32) if dtype == np.float16 else dtype


def _run(par, ser, shape, dtype, window, key, *params) -> np.ndarray:
    out = np.empty(shape, dtype=dtype)
    small = math.prod(shape) < SERIAL_BELOW
    kernel = ser if small else par
    for prefix, rows, cols, g0, gstride in _layout.plan(shape, window):
        view = out[prefix] if prefix else out     # out[()] of a 0-d array is a copy
        kernel(view.reshape(rows, cols), np.uint64(key), np.int64(g0), np.int64(gstride),
               *params)
    return out


def uniform(shape, dtype, key, minval, maxval, window):
    if dtype.kind in "iu":
        span = np.uint64((maxval - minval) & ((1 << 64) - 1))
        lo = np.uint64(minval & ((1 << 64) - 1))
        return _run(uniform_int_par, uniform_int_ser, shape, dtype, window, key, lo, span)
    work = _work_dtype(dtype)
    shift, scale = (11, 2.0 ** -53) if work == np.float64 else (40, 2.0 ** -24)
    below = float(np.nextafter(work.type(maxval), work.type(-np.inf)))
    out = _run(uniform_par, uniform_ser, shape, work, window, key, np.uint64(shift), scale,
               float(minval), float(maxval) - float(minval), cast_threshold(maxval, work), below)
    return out if work == dtype else clamp_below(out.astype(dtype), maxval)


@functools.lru_cache(maxsize=256)
def cast_threshold(maxval: float, work: np.dtype) -> float:
    """The least float64 ``t`` with ``float(work(v)) >= maxval`` for every ``v >= t`` (round to
    nearest, ties to even), so the clamp can be tested before the cast."""
    if work == np.float64:
        return float(maxval)
    m = work.type(maxval)
    if float(m) < maxval:
        m = np.nextafter(m, work.type(np.inf))        # the least value of work >= maxval
    prev = np.nextafter(m, work.type(-np.inf))
    mid = (float(prev) + float(m)) / 2.0              # exact in float64
    odd = int(np.array(m).view(np.uint32 if work == np.float32 else np.uint16)) & 1
    return float(np.nextafter(mid, np.inf)) if odd else mid


def normal(shape, dtype, key, mean, stddev, window):
    work = _work_dtype(dtype)
    out = _run(normal_par, normal_ser, shape, work, window, key, float(mean), float(stddev))
    return out if work == dtype else out.astype(dtype)


def truncated_normal(shape, dtype, key, mean, stddev, window):
    work = _work_dtype(dtype)
    limit = 2.0 * abs(float(stddev))
    out = _run(truncated_par, truncated_ser, shape, work, window, key, float(mean), float(stddev),
               limit, work == np.float32)
    return out if work == dtype else pull_inside(out.astype(dtype), float(mean), limit)


def fill(shape, dtype, value):
    n = math.prod(shape)
    uint = _UINT_OF_SIZE.get(dtype.itemsize)
    if n < SERIAL_BELOW or uint is None or dtype.kind not in "biuf":
        return np.full(shape, value, dtype=dtype)
    pattern = np.array(value, dtype=dtype).reshape(1).view(uint)[0]
    if pattern == 0:
        return np.zeros(shape, dtype=dtype)   # calloc: the OS hands out zeroed pages
    out = np.empty(shape, dtype=dtype)
    fill_par(out.reshape(-1).view(uint), pattern)
    return out


def _bytes_view(a: np.ndarray, rows: int) -> np.ndarray:
    """``a`` (C-contiguous) as ``(rows, cols)`` unsigned integers of the widest size dividing
    its item size (so every dtype, complex included, shares four specialisations)."""
    unit = _unit(a.dtype)
    cols = (a.size // rows if rows else 0) * (a.dtype.itemsize // unit)
    return a.reshape(-1).view(_UINT_OF_SIZE[unit]).reshape(rows, cols)


def _unit(dtype: np.dtype) -> int:
    size = dtype.itemsize
    return 8 if size % 8 == 0 else 4 if size % 4 == 0 else 2 if size % 2 == 0 else 1


def _copy_cols(dst, dst_c0, src, src_c0, ncols):
    small = dst.shape[0] * ncols < SERIAL_BELOW
    (copy_cols_ser if small else copy_cols_par)(dst, np.int64(dst_c0), src, np.int64(src_c0),
                                                np.int64(ncols))


def _fused(rows: int, cols: int) -> bool:
    """Row-block passes over all shards suit many rows that each fit in a block; one long row
    (axis 0) or a small array takes the per-shard copy."""
    return cols <= BLOCK and rows * cols >= SERIAL_BELOW


def _groups(views, offsets, rows):
    """``(views, offsets)`` in groups of ``GROUP``, padded with (rows, 0) arrays, so the fused
    kernels compile once per item size rather than once per shard count."""
    pad = np.empty((rows, 0), views[0].dtype)
    for i in range(0, len(views), GROUP):
        chunk = list(views[i:i + GROUP])
        offs = list(offsets[i:i + GROUP])
        yield (tuple(chunk + [pad] * (GROUP - len(chunk))),
               np.array(offs + [0] * (GROUP - len(offs)), np.int64))


def _copy_narrow(wide, narrow, to_wide):
    """Copy between ``wide`` and the ``narrow`` arrays laid side by side in its columns (the
    byte views of split's shards or concat's inputs): into ``wide`` for concat, out of it for
    split."""
    rows = wide.shape[0]
    starts = [0]
    for n in narrow[:-1]:
        starts.append(starts[-1] + n.shape[1])
    if _fused(rows, wide.shape[1]):
        for group, offsets in _groups(narrow, starts, rows):
            copy_group_par(wide, group, offsets, to_wide)
        return
    for n, start in zip(narrow, starts):
        if not n.size:
            continue
        if to_wide:
            _copy_cols(wide, start, n, 0, n.shape[1])
        else:
            _copy_cols(n, 0, wide, start, n.shape[1])


def split(value, sizes, axis):
    value = np.ascontiguousarray(value)
    rows = math.prod(value.shape[:axis])
    out = [np.empty(value.shape[:axis] + (s,) + value.shape[axis + 1:], value.dtype)
           for s in sizes]
    if value.size == 0:
        return out
    _copy_narrow(_bytes_view(value, rows), [_bytes_view(s, rows) for s in out], to_wide=False)
    return out


def concat(arrays, axis):
    arrays = [np.ascontiguousarray(a) for a in arrays]
    first = arrays[0]
    length = sum(a.shape[axis] for a in arrays)
    out = np.empty(first.shape[:axis] + (length,) + first.shape[axis + 1:], first.dtype)
    if out.size == 0:
        return out
    rows = math.prod(first.shape[:axis])
    _copy_narrow(_bytes_view(out, rows), [_bytes_view(a, rows) for a in arrays], to_wide=True)
    return out


def embedding_gather(shards, ids, strategy):
    row_shape = shards[0].shape[1:]
    flat = np.ascontiguousarray(ids.reshape(-1))
    rows = [s.shape[0] for s in shards]
    total = sum(rows)
    out = np.empty((flat.size,) + row_shape, dtype=shards[0].dtype)
    if out.size:
        views = tuple(_bytes_view(np.ascontiguousarray(s), s.shape[0]) for s in shards)
        mod = strategy != "div" or len(shards) == 1
        bad = gather_par(views, flat, _bytes_view(out, flat.size), mod, np.int64(total))
    else:   # nothing to copy (no ids, or empty rows): only check the ids
        bad = int(((flat < 0) | (flat >= total)).sum())
    if bad:
        raise _args.bad_id_error(ids, rows, strategy)
    return out.reshape(ids.shape + row_shape)


def dynamic_partition(data, partitions, num_partitions):
    data = np.ascontiguousarray(data)
    parts = np.ascontiguousarray(partitions.reshape(-1))
    inner = data.shape[partitions.ndim:]
    counts = np.bincount(parts, minlength=num_partitions)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    out = np.empty((parts.size,) + inner, dtype=data.dtype)
    if out.size:
        partition_scatter(_bytes_view(data, parts.size), parts, starts,
                          _bytes_view(out, parts.size))
    return [out[s:s + c] for s, c in zip(starts, counts)]


def dynamic_stitch(indices, data):
    inner = data[0].shape[indices[0].ndim:]
    size = 1 + max((int(i.max()) for i in indices if i.size), default=-1)
    out = np.zeros((size,) + inner, dtype=data[0].dtype)
    if out.size:
        dst = _bytes_view(out, size)
        for idx, d in zip(indices, data):
            if idx.size:
                stitch_into(dst, np.ascontiguousarray(idx.reshape(-1)),
                            _bytes_view(np.ascontiguousarray(d), idx.size))
    return out


def warmup() -> None:
    """Compile (or load from cache) every kernel for float32 and float64, serial and parallel."""
    global SERIAL_BELOW
    saved = SERIAL_BELOW
    try:
        for SERIAL_BELOW in (saved, 0):  # noqa: B020 - both code paths on purpose
            for dtype in (np.dtype(np.float32), np.dtype(np.float64)):
                uniform((4,), dtype, 1, 0.0, 1.0, None)
                normal((4,), dtype, 1, 0.0, 1.0, None)
                truncated_normal((4,), dtype, 1, 0.0, 1.0, None)
                split(np.zeros((2, 2), dtype), [1, 1], 0)
                concat([np.zeros((2, 1), dtype)] * 2, 1)
            for dtype in (np.dtype(np.int32), np.dtype(np.int64)):
                uniform((4,), dtype, 1, 0, 10, None)
    finally:
        SERIAL_BELOW = saved
    fill_par(np.empty(4, np.uint32), np.uint32(1))
    fill_par(np.empty(4, np.uint64), np.uint64(1))
