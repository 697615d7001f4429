"""The CPU target's random kernels: Numba ``@njit`` drivers over 2-D views, parallel and serial.

Each driver writes 1-D row segments (fixed blocks of ``BLOCK`` elements, distributed by ``prange``)
of a C-contiguous ``(R, C)`` view; element ``(r, c)`` is keyed by its full-tensor index
``g0 + r * gstride + c``, so thread count never changes a value. Normals use a two-pass ziggurat:
pass 1 is branch-free (LLVM vectorises it) and marks the ~1 % rejects (plus the 4.6 % tail for
truncated normals) with NaN; pass 2 redraws them with the scalar algorithm while the block is in
cache; the result equals the scalar algorithm bit for bit. ``KERNELS`` maps each kind the backend
launches to its (parallel, serial) pair; every driver takes ``(out, key, g0, gstride, *params)``
with the parameters ``_backend.Backend`` builds.

Numba's on-disk cache only watches the file that defines a cached kernel: after editing
``_scalar.py`` or ``_tables.py``, also touch this file (or clear ``NUMBA_CACHE_DIR``).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from scopelab.kernels import _scalar

BLOCK = 16384          # elements per parallel work item

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


KERNELS = {"uniform": (uniform_par, uniform_ser), "uniform_int": (uniform_int_par, uniform_int_ser),
           "normal": (normal_par, normal_ser), "truncated": (truncated_par, truncated_ser)}
