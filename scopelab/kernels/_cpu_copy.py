"""The CPU target's copy kernels: constant fill, column copies (split/concat), the single-pass
embedding gather, dynamic partition and stitch (Numba ``@njit``, parallel where it pays).

They work on unsigned-integer views of the bytes (``_cpu_target`` makes them), so one
specialisation per item size serves every dtype. Split and concat over many short rows copy a
group of shards per pass over row blocks (the wide array is streamed once, in order); one long row
(axis 0) is cut into blocks shard by shard.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from scopelab.kernels._cpu_random import BLOCK


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
def _copy_block(dst, src):
    for i in range(dst.shape[0]):
        dst[i] = src[i]


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
