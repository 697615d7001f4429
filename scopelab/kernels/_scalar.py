"""The scalar math, written once and compiled for both targets.

``build(jit)`` defines every per-element function with the given decorator (``numba.njit`` for the
CPU, ``numba.cuda.jit(device=True)`` for CUDA) and returns them in a namespace; each target module
binds them to its own module globals (the CUDA target cannot type attribute access on a namespace).
Integer constants are ``np.uint64`` so 64-bit arithmetic never promotes to float64.

The generator: word ``t`` of element ``g`` is ``mix64(round_key(key, t) + (g + 1) * GOLDEN)``; for
``t = 0`` that is exactly output ``g`` of the SplitMix64 sequence seeded with ``key``, and later
rounds (rejections) re-key with ``round_key(key, t) = mix64(key ^ t * ROUND_KEY_MULT)``. The
tests hold an independent NumPy oracle of every algorithm here (``tests/kernels/numpy_oracle.py``);
production code never imports it.

Numba's on-disk cache only watches the file that defines a cached kernel: after editing this file
or ``_tables.py``, also touch ``_cpu_random.py`` (or clear ``NUMBA_CACHE_DIR``) so the CPU
kernels recompile.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np

from scopelab.kernels import _tables as T

GOLDEN = np.uint64(T.GOLDEN)
MIX_1 = np.uint64(T.MIX_1)
MIX_2 = np.uint64(T.MIX_2)
ROUND_KEY_MULT = np.uint64(T.ROUND_KEY_MULT)
MASK52 = np.uint64(T.MASK52)
BYTE = np.uint64(0xFF)
ONE = np.uint64(1)
S8, S11, S27, S30, S31 = (np.uint64(s) for s in (8, 11, 27, 30, 31))
U53_SCALE = T.U53_SCALE
ZIG_R = T.ZIG_R
ZIG_INV_R = T.ZIG_INV_R
ZIG_KI = np.ascontiguousarray(T.ZIG_KI)
ZIG_WI = np.ascontiguousarray(T.ZIG_WI)
ZIG_FI = np.ascontiguousarray(T.ZIG_FI)
_M64 = (1 << 64) - 1


def mix64_int(z: int) -> int:
    """SplitMix64's output function on a Python int (wrapping 64-bit arithmetic), for keys."""
    z &= _M64
    z = ((z ^ (z >> 30)) * T.MIX_1) & _M64
    z = ((z ^ (z >> 27)) * T.MIX_2) & _M64
    return z ^ (z >> 31)


def build(jit, mul=None) -> SimpleNamespace:  # noqa: C901 - one definition site for scalar code
    """Compile the scalar functions with ``jit`` (a decorator) and return them by name.

    ``mul(a, b)`` is the float64 product used wherever an addition follows it. The CPU (and the
    simulator) use a plain ``*``; the CUDA target passes libdevice's ``dmul_rn``, a multiply NVVM
    never fuses into an FMA, so ``a + b * c`` rounds twice on the GPU exactly as on the CPU.
    """
    ki, wi, fi = ZIG_KI, ZIG_WI, ZIG_FI
    if mul is None:
        @jit
        def mul(a, b):
            return a * b

    @jit
    def mix64(z):
        z = (z ^ (z >> S30)) * MIX_1
        z = (z ^ (z >> S27)) * MIX_2
        return z ^ (z >> S31)

    @jit
    def word(key, g, t):
        """Word ``t`` of element ``g`` (t = 0: SplitMix64 output ``g`` for seed ``key``)."""
        k = key
        if t > 0:
            k = mix64(key ^ (np.uint64(t) * ROUND_KEY_MULT))
        return mix64(k + np.uint64(g + 1) * GOLDEN)

    @jit
    def u53(w):
        return np.float64(w >> S11) * U53_SCALE

    @jit
    def ziggurat(key, g, t):
        """A standard normal for element ``g`` starting at word ``t``; returns (z, next t)."""
        while True:
            r = word(key, g, t)
            t += 1
            idx = np.int64(r & BYTE)
            r = r >> S8
            rabs = (r >> ONE) & MASK52
            x = np.float64(rabs) * wi[idx]
            if r & ONE:
                x = -x
            if rabs < ki[idx]:
                return x, t
            if idx == 0:
                while True:
                    xx = -ZIG_INV_R * math.log1p(-u53(word(key, g, t)))
                    yy = -math.log1p(-u53(word(key, g, t + 1)))
                    t += 2
                    if yy + yy > xx * xx:
                        if (rabs >> S8) & ONE:
                            return -(ZIG_R + xx), t
                        return ZIG_R + xx, t
            else:
                u = u53(word(key, g, t))
                t += 1
                if mul(fi[idx - 1] - fi[idx], u) + fi[idx] < math.exp(-0.5 * x * x):
                    return x, t

    @jit
    def normal_value(key, g, mean, stddev):
        z, t = ziggurat(key, g, 0)
        return mean + mul(stddev, z)

    @jit
    def truncated_value(key, g, mean, stddev, limit, single):
        """Redraw until |z| < 2 and the value cast to the output dtype is inside mean ± limit."""
        t = 0
        while True:
            z, t = ziggurat(key, g, t)
            v = mean + mul(stddev, z)
            if single:
                v = np.float64(np.float32(v))
            if abs(z) < 2.0 and abs(v - mean) < limit:
                return v

    @jit
    def uniform_value(key, g, shift, scale, lo, span):
        return lo + mul(np.float64(word(key, g, 0) >> shift) * scale, span)

    @jit
    def uniform_int_value(key, g, lo, span):
        return np.int64(lo + word(key, g, 0) % span)

    return SimpleNamespace(mul=mul, mix64=mix64, word=word, u53=u53, ziggurat=ziggurat,
                           normal_value=normal_value, truncated_value=truncated_value,
                           uniform_value=uniform_value, uniform_int_value=uniform_int_value)
