"""The scalar math, written once and compiled for both targets.

``build(jit, mul, mul32)`` defines every per-element function with the given decorator
(``numba.njit`` for the CPU, ``numba.cuda.jit(device=True)`` for CUDA) and returns them in a
namespace; each target module binds them to its own module globals (the CUDA target cannot type
attribute access on a namespace). Integer constants are ``np.uint64`` and float32 constants
``np.float32``, so arithmetic never promotes to another type.

The generator: word ``t`` of element ``g`` is ``mix64(round_key(key, t) + (g + 1) * GOLDEN)``; for
``t = 0`` that is exactly output ``g`` of the SplitMix64 sequence seeded with ``key``, and later
rounds re-key with ``round_key(key, t) = mix64(key ^ t * ROUND_KEY_MULT)``.

float32 normals are Box-Muller on pairs: elements ``2p`` and ``2p + 1`` share word ``p``. Its top 40
bits give ``u = (k + 1) 2^-40`` in (0, 1], so ``r = sqrt(-2 log u)`` reaches 7.45; its low 24 bits
give a quadrant ``q`` (2 bits) and ``f``, an odd multiple of 2^-23 in (-1/2, 1/2), and the angle
``(pi/2)(q + f)``; element ``2p`` is ``r cos``, element ``2p + 1`` is ``r sin`` of it. Sine and cosine
are odd / even polynomials in ``f`` (no argument reduction: ``f`` is exact), and the quadrant swaps
and negates them exactly, so no libm function is called. One word and one logarithm make two
values, and nothing is ever redrawn.

float64 normals are an inverse CDF (see ``_tables.py``): one word gives ``x``, an odd multiple of
2^-53 in (-1, 1) from the word's top 53 bits, so ``x`` is exact and symmetric and never ±1; then
``t = (1 - x)(1 + x)``, ``w = -log(t)`` and ``z = x * P(w)``, with the central branch unless ``t``
is at most ``TAIL_T64`` (0.1 % of draws). Truncated normals (both precisions) draw ``x`` inside
``±erf(sqrt 2)``, float32 ``x`` from the top 24 bits, where a shorter polynomial fitted to that
range does.

The logarithm is our own arithmetic (range reduction by selects, then an atanh series), not libm's,
so the loops vectorise on the CPU and every target rounds identically. Everything is computed in
the output's precision (float32 or float64), the affine ``mean + stddev * z`` included, as TF does.

The tests hold an independent NumPy oracle of every algorithm here (``tests/kernels/numpy_oracle.py``);
production code never imports it. After editing this file or ``_tables.py``, update
``_cpu_random.SCALAR_SOURCES`` (a test prints the value) so Numba's disk cache recompiles.
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
S11, S27, S30, S31, S40 = (np.uint64(s) for s in (11, 27, 30, 31, 40))
N22, N24, N53 = np.int64(1 << 22), np.int64(1 << 24), np.int64(1 << 53)
ONE_I, TWO_I = np.int64(1), np.int64(2)
S22, S24 = np.uint64(22), np.uint64(24)
ANGLE_MASK, QUADRANT = np.uint64((1 << 22) - 1), np.uint64(3)

F = np.float32
ONE32, TWO32 = F(1.0), F(2.0)
INV23, INV24, INV40, INV53 = F(2.0 ** -23), F(2.0 ** -24), F(2.0 ** -40), 2.0 ** -53
TRUNC_SCALE32 = F(np.float32(T.ERF_SQRT2) * np.float32(2.0 ** -24))   # exact: times 2^-24
TRUNC_SCALE64 = T.ERF_SQRT2 * 2.0 ** -53
LN2_32, LN2_64 = F(math.log(2.0)), math.log(2.0)
# log(t) = e ln 2 + log(m), m in [sqrt(1/2), sqrt(2)), read from t's bits: adding
# bits(1) - bits(sqrt(1/2)) carries into the exponent exactly when t's mantissa is >= sqrt(2)
HALF_BITS32 = np.int64(np.float32(math.sqrt(0.5)).view(np.int32))          # 0x3f3504f3
HALF_BITS64 = np.int64(np.float64(math.sqrt(0.5)).view(np.int64))          # 0x3fe6a09e667f3bcd
SPLIT32 = np.int64(np.float32(1.0).view(np.int32)) - HALF_BITS32
SPLIT64 = np.int64(np.float64(1.0).view(np.int64)) - HALF_BITS64
MANT32, MANT64 = np.int64((1 << 23) - 1), np.int64((1 << 52) - 1)
S23, S52 = np.int64(23), np.int64(52)
BIAS32, BIAS64 = np.int64(127), np.int64(1023)
_M64 = (1 << 64) - 1


def _chunks(coefs: tuple, sizes: tuple) -> tuple:
    """Horner coefficients as (head, chunk, chunk, ...) of the given sizes, zeros in front.

    Leading zeros change nothing (p stays exactly 0 until the first real coefficient). Fixed-size
    chunks are evaluated by explicitly unrolled functions: a loop over a long tuple stays a loop
    in LLVM, and a loop inside the element loop stops it from vectorising."""
    zero = type(coefs[0])(0.0)
    padded = (zero,) * (1 + sum(sizes) - len(coefs)) + tuple(coefs)
    out, start = [padded[0]], 1
    for size in sizes:
        out.append(padded[start:start + size])
        start += size
    return tuple(out)


def mix64_int(z: int) -> int:
    """SplitMix64's output function on a Python int (wrapping 64-bit arithmetic), for keys."""
    z &= _M64
    z = ((z ^ (z >> 30)) * T.MIX_1) & _M64
    z = ((z ^ (z >> 27)) * T.MIX_2) & _M64
    return z ^ (z >> 31)


def build(jit, mul=None, mul32=None, jit_inline=None) -> SimpleNamespace:
    """Compile the scalar functions with ``jit`` (a decorator) and return them by name.

    ``jit_inline`` (default ``jit``) compiles the few functions a vectorised loop calls whole
    (``normal32_pair``, ``normal64_central``, ``normal64_tail``, ``truncated*_try``): LLVM does not inline functions
    that large by itself, and a call left in a loop stops it from vectorising.

    ``mul(a, b)`` / ``mul32(a, b)`` are the float64 / float32 products used wherever an addition
    follows. The CPU (and the simulator) use a plain ``*``; the CUDA target passes libdevice's
    ``dmul_rn`` / ``fmul_rn``, multiplies NVVM never fuses into an FMA, so ``a + b * c`` rounds
    twice on the GPU exactly as on the CPU. Products by powers of two are exact and use ``*``.
    """
    if mul is None:
        @jit
        def mul(a, b):
            return a * b
    if mul32 is None:
        mul32 = mul
    jit_inline = jit if jit_inline is None else jit_inline

    r32h, r32a, r32b = _chunks(T.TRUNC32, (4, 2))
    sin32h, sin32a = _chunks(T.SIN32, (3,))
    cos32h, cos32a = _chunks(T.COS32, (4,))
    l32h, l32a = _chunks(T.LOG_SERIES32, (4,))
    r64h, r64a, r64b, r64c = _chunks(T.TRUNC64, (8, 4, 2))
    c64h, c64a, c64b, c64c = _chunks(T.CENTRAL64, (8, 8, 4))
    t64h, t64a, t64b, t64c, t64d = _chunks(T.TAIL64, (8, 8, 8, 2))
    l64h, l64a, l64b = _chunks(T.LOG_SERIES64, (8, 2))
    trunc_centre32 = T.TRUNC_CENTRE32
    trunc_centre64, centre64, tail_centre64 = T.TRUNC_CENTRE64, T.CENTRE64, T.TAIL_CENTRE64
    tail_t64 = T.TAIL_T64

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
    def uniform_value(key, g, shift, scale, lo, span):
        return lo + mul(np.float64(word(key, g, 0) >> shift) * scale, span)

    @jit
    def uniform_int_value(key, g, lo, span):
        return np.int64(lo + word(key, g, 0) % span)

    # --- Horner steps: p = c + p * w for each c of a 2-, 4- or 8-tuple, unrolled -------------
    @jit
    def horner2_32(p, w, c):
        return c[1] + mul32(c[0] + mul32(p, w), w)

    @jit
    def horner2_64(p, w, c):
        return c[1] + mul(c[0] + mul(p, w), w)

    @jit
    def horner3_32(p, w, c):
        p = c[0] + mul32(p, w)
        p = c[1] + mul32(p, w)
        return c[2] + mul32(p, w)

    @jit
    def horner4_32(p, w, c):
        p = c[0] + mul32(p, w)
        p = c[1] + mul32(p, w)
        p = c[2] + mul32(p, w)
        return c[3] + mul32(p, w)

    @jit
    def horner8_32(p, w, c):
        p = c[0] + mul32(p, w)
        p = c[1] + mul32(p, w)
        p = c[2] + mul32(p, w)
        p = c[3] + mul32(p, w)
        p = c[4] + mul32(p, w)
        p = c[5] + mul32(p, w)
        p = c[6] + mul32(p, w)
        return c[7] + mul32(p, w)

    @jit
    def horner4_64(p, w, c):
        p = c[0] + mul(p, w)
        p = c[1] + mul(p, w)
        p = c[2] + mul(p, w)
        return c[3] + mul(p, w)

    @jit
    def horner8_64(p, w, c):
        p = c[0] + mul(p, w)
        p = c[1] + mul(p, w)
        p = c[2] + mul(p, w)
        p = c[3] + mul(p, w)
        p = c[4] + mul(p, w)
        p = c[5] + mul(p, w)
        p = c[6] + mul(p, w)
        return c[7] + mul(p, w)

    # --- float32: logarithm, truncated normal (inverse CDF), normal (Box-Muller) -----------
    @jit
    def sym32(r, scale):
        """``(2k + 1 - 2^24) * scale`` with k the word's top 24 bits (exact for scale 2^-24)."""
        k = np.int64(r >> S40)
        return mul32(F(k + k + ONE_I - N24), scale)

    @jit
    def neglog32(t):
        """-log(t) for a positive normal float32 ``t``: exponent and mantissa from the bits, then
        2 atanh((m - 1) / (m + 1)) as a series."""
        b = np.int64(np.float32(t).view(np.int32)) + SPLIT32
        e = F((b >> S23) - BIAS32)
        m = np.int32((b & MANT32) + HALF_BITS32).view(np.float32)
        s = (m - ONE32) / (m + ONE32)
        q = horner4_32(l32h, mul32(s, s), l32a)
        return -(mul32(e, LN2_32) + mul32(s + s, q))

    @jit
    def trunc32(w):
        w = w - trunc_centre32
        return horner2_32(horner4_32(r32h, w, r32a), w, r32b)

    @jit_inline
    def normal32_pair(key, p, mean, stddev):
        """Elements ``2p`` and ``2p + 1`` of a float32 normal: Box-Muller on word ``p``."""
        r = word(key, p, 0)
        u = F(np.int64(r >> S24) + ONE_I) * INV40            # exact scalings
        radius = F(math.sqrt(TWO32 * neglog32(u)))
        k = np.int64(r & ANGLE_MASK)
        f = F(k + k + ONE_I - N22) * INV23
        f2 = mul32(f, f)
        sin = mul32(horner3_32(sin32h, f2, sin32a), f)
        cos = horner4_32(cos32h, f2, cos32a)
        q = np.int64((r >> S22) & QUADRANT)
        # (cos, sin) of (pi/2) q + (pi/2) f: quadrants 1 and 3 swap, 1 and 2 negate the first,
        # 2 and 3 the second
        swap = (q & ONE_I) != 0
        first = sin if swap else cos
        second = cos if swap else sin
        first = -first if ((q + ONE_I) & TWO_I) != 0 else first
        second = -second if (q & TWO_I) != 0 else second
        return (mean + mul32(stddev, mul32(radius, first)),
                mean + mul32(stddev, mul32(radius, second)))

    @jit
    def normal32(key, g, mean, stddev):
        """``mean + stddev * z`` in float32, z standard normal: one of ``g``'s pair."""
        a, b = normal32_pair(key, g >> ONE_I, mean, stddev)
        return b if (g & ONE_I) != 0 else a

    @jit_inline
    def truncated32_try(key, g, t, mean, stddev):
        """Round ``t`` of a truncated normal in float32: x inside ±erf(sqrt 2), so |z| < 2."""
        x = sym32(word(key, g, t), TRUNC_SCALE32)
        return mean + mul32(stddev, mul32(trunc32(neglog32(mul32(ONE32 - x, ONE32 + x))), x))

    @jit
    def truncated32(key, g, mean, stddev, lo, hi):
        """The first round whose value lies in [lo, hi], the float32 values strictly inside
        mean ± 2|stddev|: round 0, unless rounding put it on the edge (about once in 10^7)."""
        t = 0
        while True:
            v = truncated32_try(key, g, t, mean, stddev)
            if lo <= v <= hi:
                return v
            t += 1

    # --- float64 inverse CDF -----------------------------------------------------------------
    @jit
    def sym64(r, scale):
        k = np.int64(r >> S11)
        return mul(np.float64(k + k + ONE_I - N53), scale)

    @jit
    def neglog64(t):
        """-log(t) for a positive normal float64 ``t`` (as ``neglog32``)."""
        b = np.float64(t).view(np.int64) + SPLIT64
        e = np.float64((b >> S52) - BIAS64)
        m = np.int64((b & MANT64) + HALF_BITS64).view(np.float64)
        s = (m - 1.0) / (m + 1.0)
        s2_ = mul(s, s)
        q = horner2_64(horner8_64(l64h, s2_, l64a), s2_, l64b)
        return -(mul(e, LN2_64) + mul(s + s, q))

    @jit
    def trunc64(w):
        w = w - trunc_centre64
        return horner2_64(horner4_64(horner8_64(r64h, w, r64a), w, r64b), w, r64c)

    @jit
    def central64(w):
        w = w - centre64
        return horner4_64(horner8_64(horner8_64(c64h, w, c64a), w, c64b), w, c64c)

    @jit
    def tail64(w):
        w = math.sqrt(w) - tail_centre64
        p = horner8_64(horner8_64(horner8_64(t64h, w, t64a), w, t64b), w, t64c)
        return horner2_64(p, w, t64d)

    @jit_inline
    def normal64_central(key, g, mean, stddev):
        x = sym64(word(key, g, 0), INV53)
        t = mul(1.0 - x, 1.0 + x)
        return mean + mul(stddev, mul(central64(neglog64(t)), x)), t

    @jit_inline
    def normal64_tail(key, g, mean, stddev):
        x = sym64(word(key, g, 0), INV53)
        return mean + mul(stddev, mul(tail64(neglog64(mul(1.0 - x, 1.0 + x))), x))

    @jit
    def normal64(key, g, mean, stddev):
        v, t = normal64_central(key, g, mean, stddev)
        return v if t > tail_t64 else normal64_tail(key, g, mean, stddev)

    @jit_inline
    def truncated64_try(key, g, t, mean, stddev):
        x = sym64(word(key, g, t), TRUNC_SCALE64)
        return mean + mul(stddev, mul(trunc64(neglog64(mul(1.0 - x, 1.0 + x))), x))

    @jit
    def truncated64(key, g, mean, stddev, lo, hi):
        t = 0
        while True:
            v = truncated64_try(key, g, t, mean, stddev)
            if lo <= v <= hi:
                return v
            t += 1

    return SimpleNamespace(
        mul=mul, mul32=mul32, mix64=mix64, word=word, uniform_value=uniform_value,
        uniform_int_value=uniform_int_value, sym32=sym32, neglog32=neglog32, trunc32=trunc32,
        normal32_pair=normal32_pair, normal32=normal32, truncated32_try=truncated32_try,
        truncated32=truncated32, sym64=sym64, neglog64=neglog64, trunc64=trunc64,
        central64=central64, tail64=tail64, normal64_central=normal64_central,
        normal64_tail=normal64_tail, normal64=normal64, truncated64_try=truncated64_try,
        truncated64=truncated64)
