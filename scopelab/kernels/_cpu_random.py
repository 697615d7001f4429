"""The CPU target's random kernels: Numba ``@njit`` drivers over 2-D views, parallel and serial.

Each driver writes 1-D row segments (fixed blocks of ``BLOCK`` elements, distributed by ``prange``)
of a C-contiguous ``(R, C)`` view; element ``(r, c)`` is keyed by its full-tensor index
``g0 + r * gstride + c``, so thread count never changes a value. float32 normals are made a pair
per word (Box-Muller, see ``_scalar.py``); float64 normals (an inverse CDF) take two passes over
each block, described above ``_normal64_block``; the result
equals the scalar functions (and so the CUDA kernels) bit for bit. ``KERNELS`` maps each kind the
backend launches to its (parallel, serial) pair; every driver takes ``(out, key, g0, gstride,
*params)`` with the parameters ``_backend.Backend`` builds, the key's 64 bits as an int64 (a
Python int is passed without building a NumPy scalar; the driver reads it back as uint64).

Numba's on-disk cache keys each kernel on the contents of the file that defines it, this one,
not on the ``_scalar.py`` and ``_tables.py`` it compiles in: ``SCALAR_SOURCES`` below is their
digest, so editing either changes this file too and stale kernels are never loaded (a test checks
the digest and prints the new one).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from scopelab.kernels import _scalar, _tables

BLOCK = 16384          # elements per parallel work item
SCALAR_SOURCES = "6699cd11514e50c9"   # blake2b-64 of _scalar.py + _tables.py (see the docstring)

# error_model="numpy": a float division by zero gives inf instead of raising, so loops with a
# division (the logarithm's) stay branch-free and vectorise.
_s = _scalar.build(njit(error_model="numpy"),
                   jit_inline=njit(error_model="numpy", inline="always"))
word = _s.word
uniform_value = _s.uniform_value
uniform_int_value = _s.uniform_int_value
normal32_pair, normal32 = _s.normal32_pair, _s.normal32
normal64_central, normal64_tail = _s.normal64_central, _s.normal64_tail
truncated32_try, truncated32 = _s.truncated32_try, _s.truncated32
truncated64_try, truncated64 = _s.truncated64_try, _s.truncated64
TAIL_T64 = _tables.TAIL_T64
NAN32 = np.float32(np.nan)
CHUNK = 64             # elements per chunk when pass 2 looks for float64 normal tails
U64 = np.uint64


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


# float32 normals: elements 2p and 2p + 1 come from one word, so the loop runs over whole pairs (a
# branch-free loop that LLVM vectorises, storing the two values interleaved); an element whose
# partner lies outside the segment (an odd first g, an even last one) is made alone.
@njit(cache=True, error_model="numpy")
def _normal32_block(seg, key, g, mean, stddev):
    n = seg.shape[0]
    start = np.int64(g & 1)
    if start and n:
        seg[0] = normal32(key, g, mean, stddev)
    pairs = max(n - start, 0) // 2
    body = seg[start:start + 2 * pairs]
    p0 = (g + start) >> 1
    for j in range(U64(pairs)):
        a, b = normal32_pair(key, p0 + np.int64(j), mean, stddev)
        body[2 * j] = a
        body[2 * j + 1] = b
    if start + 2 * pairs < n:
        seg[n - 1] = normal32(key, g + n - 1, mean, stddev)


# float64 normals and truncated normals: pass 1 takes the central branch for every element
# (branch-free, vectorised) and marks with NaN the draws that need the tail branch (normal) or
# another round (truncated: a value that rounding put on the edge); pass 2 runs only if pass 1
# marked any, while the block is in cache. A block of float64 normals holds a few tails (1 draw in
# 1,000), so pass 2 looks for them by chunks of ``CHUNK`` (a vectorised test each) and gives a
# marked chunk the tail branch for all its elements, vectorised, kept only where marked. Unsigned
# indices spare Numba's negative-index checks.
@njit(cache=True, error_model="numpy")
def _marked_chunk(seg, start, stop) -> bool:
    found = False
    for i in range(U64(start), U64(stop)):
        found |= np.isnan(seg[i])
    return found


@njit(cache=True, error_model="numpy")
def _normal64_block(seg, key, g, mean, stddev):
    n = seg.shape[0]
    tails = False
    for i in range(n):
        v, t = normal64_central(key, g + i, mean, stddev)
        seg[i] = v if t > TAIL_T64 else np.nan
        tails |= t <= TAIL_T64
    if not tails:
        return
    for start in range(0, n, CHUNK):
        stop = min(n, start + CHUNK)
        if _marked_chunk(seg, start, stop):
            for i in range(U64(start), U64(stop)):
                v = normal64_tail(key, g + np.int64(i), mean, stddev)
                seg[i] = v if np.isnan(seg[i]) else seg[i]


@njit(cache=True, error_model="numpy")
def _truncated32_block(seg, key, g, mean, stddev, lo, hi):
    edge = False
    for i in range(seg.shape[0]):
        v = truncated32_try(key, g + i, 0, mean, stddev)
        good = (lo <= v) & (v <= hi)
        seg[i] = v if good else NAN32
        edge |= not good
    if edge:
        for i in range(seg.shape[0]):
            if np.isnan(seg[i]):
                seg[i] = truncated32(key, g + i, mean, stddev, lo, hi)


@njit(cache=True, error_model="numpy")
def _truncated64_block(seg, key, g, mean, stddev, lo, hi):
    edge = False
    for i in range(seg.shape[0]):
        v = truncated64_try(key, g + i, 0, mean, stddev)
        good = (lo <= v) & (v <= hi)
        seg[i] = v if good else np.nan
        edge |= not good
    if edge:
        for i in range(seg.shape[0]):
            if np.isnan(seg[i]):
                seg[i] = truncated64(key, g + i, mean, stddev, lo, hi)


# --- drivers: (R, C) views, parallel over fixed blocks, and serial twins --------------------------
@njit(parallel=True, cache=True)
def uniform_par(out, key, g0, gstride, shift, scale, lo, span, threshold, below):
    k = U64(key)   # the key arrives as int64 (its 64 bits): see CpuBackend.launch
    nb = (out.shape[1] + BLOCK - 1) // BLOCK
    for t in prange(out.shape[0] * nb):
        r, cs = t // nb, (t % nb) * BLOCK
        ce = min(out.shape[1], cs + BLOCK)
        _uniform_block(out[r, cs:ce], k, g0 + r * gstride + cs, shift, scale, lo, span,
                       threshold, below)


@njit(cache=True)
def uniform_ser(out, key, g0, gstride, shift, scale, lo, span, threshold, below):
    k = U64(key)   # the key arrives as int64 (its 64 bits): see CpuBackend.launch
    for r in range(out.shape[0]):
        _uniform_block(out[r], k, g0 + r * gstride, shift, scale, lo, span, threshold, below)


@njit(parallel=True, cache=True)
def uniform_int_par(out, key, g0, gstride, lo, span):
    k = U64(key)   # the key arrives as int64 (its 64 bits): see CpuBackend.launch
    nb = (out.shape[1] + BLOCK - 1) // BLOCK
    for t in prange(out.shape[0] * nb):
        r, cs = t // nb, (t % nb) * BLOCK
        ce = min(out.shape[1], cs + BLOCK)
        _uniform_int_block(out[r, cs:ce], k, g0 + r * gstride + cs, lo, span)


@njit(cache=True)
def uniform_int_ser(out, key, g0, gstride, lo, span):
    k = U64(key)   # the key arrives as int64 (its 64 bits): see CpuBackend.launch
    for r in range(out.shape[0]):
        _uniform_int_block(out[r], k, g0 + r * gstride, lo, span)


@njit(parallel=True, cache=True)
def normal32_par(out, key, g0, gstride, mean, stddev):
    k = U64(key)   # the key arrives as int64 (its 64 bits): see CpuBackend.launch
    nb = (out.shape[1] + BLOCK - 1) // BLOCK
    for t in prange(out.shape[0] * nb):
        r, cs = t // nb, (t % nb) * BLOCK
        ce = min(out.shape[1], cs + BLOCK)
        _normal32_block(out[r, cs:ce], k, g0 + r * gstride + cs, mean, stddev)


@njit(cache=True)
def normal32_ser(out, key, g0, gstride, mean, stddev):
    k = U64(key)   # the key arrives as int64 (its 64 bits): see CpuBackend.launch
    for r in range(out.shape[0]):
        _normal32_block(out[r], k, g0 + r * gstride, mean, stddev)


@njit(parallel=True, cache=True)
def normal64_par(out, key, g0, gstride, mean, stddev):
    k = U64(key)   # the key arrives as int64 (its 64 bits): see CpuBackend.launch
    nb = (out.shape[1] + BLOCK - 1) // BLOCK
    for t in prange(out.shape[0] * nb):
        r, cs = t // nb, (t % nb) * BLOCK
        ce = min(out.shape[1], cs + BLOCK)
        _normal64_block(out[r, cs:ce], k, g0 + r * gstride + cs, mean, stddev)


@njit(cache=True)
def normal64_ser(out, key, g0, gstride, mean, stddev):
    k = U64(key)   # the key arrives as int64 (its 64 bits): see CpuBackend.launch
    for r in range(out.shape[0]):
        _normal64_block(out[r], k, g0 + r * gstride, mean, stddev)


@njit(parallel=True, cache=True)
def truncated32_par(out, key, g0, gstride, mean, stddev, lo, hi):
    k = U64(key)   # the key arrives as int64 (its 64 bits): see CpuBackend.launch
    nb = (out.shape[1] + BLOCK - 1) // BLOCK
    for t in prange(out.shape[0] * nb):
        r, cs = t // nb, (t % nb) * BLOCK
        ce = min(out.shape[1], cs + BLOCK)
        _truncated32_block(out[r, cs:ce], k, g0 + r * gstride + cs, mean, stddev, lo, hi)


@njit(cache=True)
def truncated32_ser(out, key, g0, gstride, mean, stddev, lo, hi):
    k = U64(key)   # the key arrives as int64 (its 64 bits): see CpuBackend.launch
    for r in range(out.shape[0]):
        _truncated32_block(out[r], k, g0 + r * gstride, mean, stddev, lo, hi)


@njit(parallel=True, cache=True)
def truncated64_par(out, key, g0, gstride, mean, stddev, lo, hi):
    k = U64(key)   # the key arrives as int64 (its 64 bits): see CpuBackend.launch
    nb = (out.shape[1] + BLOCK - 1) // BLOCK
    for t in prange(out.shape[0] * nb):
        r, cs = t // nb, (t % nb) * BLOCK
        ce = min(out.shape[1], cs + BLOCK)
        _truncated64_block(out[r, cs:ce], k, g0 + r * gstride + cs, mean, stddev, lo, hi)


@njit(cache=True)
def truncated64_ser(out, key, g0, gstride, mean, stddev, lo, hi):
    k = U64(key)   # the key arrives as int64 (its 64 bits): see CpuBackend.launch
    for r in range(out.shape[0]):
        _truncated64_block(out[r], k, g0 + r * gstride, mean, stddev, lo, hi)

KERNELS = {"uniform": (uniform_par, uniform_ser), "uniform_int": (uniform_int_par, uniform_int_ser),
           "normal32": (normal32_par, normal32_ser), "normal64": (normal64_par, normal64_ser),
           "truncated32": (truncated32_par, truncated32_ser),
           "truncated64": (truncated64_par, truncated64_ser)}
