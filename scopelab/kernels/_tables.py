"""Constants of the counter-based generator and of the normal kernels' inverse CDF (plain data).

Everything here is plain data shared by the compiled kernels and the tests' NumPy oracle
(``tests/kernels/numpy_oracle.py``), so both read the very same bits.

float64 normals are ``z = x * P(w)`` with ``x`` uniform in (-1, 1), ``w = -log((1 - x)(1 + x))``
and ``P(w) = sqrt(2) erfinv(x) / x`` (M. Giles, "Approximating the erfinv function", GPU Computing
Gems Jade Edition, 2011), in two branches: central (``w`` below 6.25) and tail. Truncated normals
draw ``x`` in (-erf(sqrt 2), erf(sqrt 2)), so ``w < 2.43`` and one shorter polynomial fitted to
that range does. These polynomials are fitted by ``tools/fit_erfinv.py`` (relative error about
1e-7 in float32, 1e-14 in float64).

float32 normals are Box-Muller, a pair per counter word: ``r = sqrt(-2 log u)`` and the angle
``(pi/2)(q + f)``, ``q`` a quadrant and ``f`` in (-1/2, 1/2); ``SIN32`` / ``COS32`` give
``sin(pi f / 2)`` / ``cos(pi f / 2)`` as odd / even polynomials in ``f`` (least squares on the
relative error, rounded to float32: 4e-8 and 8e-9 in float64 arithmetic).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "GOLDEN", "MIX_1", "MIX_2", "ROUND_KEY_MULT", "U53_SCALE", "U24_SCALE",
    "ERF_SQRT2", "TRUNC32", "TRUNC64", "CENTRAL64", "TAIL64", "TAIL_T64", "TRUNC_CENTRE32",
    "TRUNC_CENTRE64", "CENTRE64", "TAIL_CENTRE64", "LOG_SERIES32", "LOG_SERIES64", "SIN32", "COS32",
]

# SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014;
# constants as in Vigna's public-domain splitmix64.c): state increment and the two mixing
# multipliers.
GOLDEN = 0x9E3779B97F4A7C15
MIX_1 = 0xBF58476D1CE4E5B9
MIX_2 = 0x94D049BB133111EB
# Rejection round t > 0 of an element reads the SplitMix64 stream keyed by mix64(key ^ t * this).
ROUND_KEY_MULT = 0xD1B54A32D192ED03
U53_SCALE = 2.0 ** -53   # float64 uniform from the top 53 bits
U24_SCALE = 2.0 ** -24   # float32 uniform from the top 24 bits

ERF_SQRT2 = math.erf(math.sqrt(2.0))   # P(|z| < 2) for a standard normal: truncated x range

# Fitted by tools/fit_erfinv.py (its output, unchanged), sqrt(2) included.
# in w - 1.215, for w in [0.0, 2.43]; max relative error 1.1e-07
TRUNC32 = (
    -6.430298526538536e-06, 4.4278458517510444e-05, 0.0001945859839906916,
    -0.0032142752315849066, 0.0038884358946233988, 0.3526134788990021,
    1.6699479818344116,
)
# in w - 1.215, for w in [0.0, 2.43]; max relative error 2.4e-15
TRUNC64 = (
    -8.16262248214725e-12, 6.83373254862688e-11, 2.4045138223710157e-10,
    -3.9375272584288225e-09, -3.88648910047332e-10, 1.8074002494658737e-07,
    -4.926584787071256e-07, -7.0204894586381695e-06, 4.554763702656857e-05,
    0.00019522677537958674, -0.0032152079465467653, 0.003888201850247794,
    0.3526136574660661, 1.669948012165704,
)
# in w - 3.125, for w in [0.0, 6.25]; max relative error 7.3e-15
CENTRAL64 = (
    1.773485865592024e-18, 3.5698429781717464e-18, -1.934945986082744e-16,
    2.977295545116429e-16, 9.540169400472793e-15, -6.063375896573359e-14,
    -1.1734076983327053e-13, 3.7491502110188735e-12, -1.8334078547496134e-11,
    -7.67034296743121e-11, 1.486568198590599e-09, -5.815791556802365e-09,
    -4.1111519683756845e-08, 5.988888045710314e-07, -1.9310653614362754e-06,
    -1.9632852209336548e-05, 0.00026408204980554387, -0.0010475115697670709,
    -0.008532899177357809, 0.3396349587011708, 2.3386207100266017,
)
# in sqrt(w) - 4.3, for sqrt(w) in [2.5, 6.1]; max relative error 5.9e-15
TAIL64 = (
    6.352820740382139e-14, -1.1387112343527997e-13, -9.427908726153629e-13,
    2.4610118121069903e-12, 4.262355520249585e-13, -3.1627485149464965e-12,
    3.0300800244655395e-11, -2.1621573765829444e-10, 4.846238257717249e-10,
    2.330476371194809e-10, -4.471207092965268e-09, 1.544304085230248e-08,
    -2.9501006121551394e-08, 1.1170004861516276e-08, 1.4661849822565387e-07,
    -6.44365233833507e-07, 1.7295946103426804e-06, -3.583858204179424e-06,
    6.391584402907931e-06, -1.1515190029118876e-05, 2.656689602931758e-05,
    -8.248096366448128e-05, 0.00027839335996570247, -0.000801882229079887,
    0.0008834167730776436, 1.4284194748829966, 5.8586965292131055,
)

TRUNC32 = tuple(np.float32(c) for c in TRUNC32)
TRUNC_CENTRE32 = np.float32(1.215)
TRUNC_CENTRE64, CENTRE64, TAIL_CENTRE64 = 1.215, 3.125, 4.3
# (1 - x)(1 + x) at or below this takes the tail branch (w >= 6.25)
TAIL_T64 = math.exp(-6.25)

# -log(m) for m in [sqrt(1/2), sqrt(2)): 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.1716; the
# series 1 + s^2/3 + s^4/5 + ... to float32 (4 terms) or float64 (10 terms) accuracy.
LOG_SERIES32 = tuple(np.float32(1.0 / (2 * k + 1)) for k in range(4, -1, -1))
LOG_SERIES64 = tuple(1.0 / (2 * k + 1) for k in range(10, -1, -1))

# sin(pi f / 2) = f * SIN32(f^2) and cos(pi f / 2) = COS32(f^2) for f in [-1/2, 1/2], highest
# power first (fitted with NumPy least squares, see the module docstring).
SIN32 = tuple(np.float32(c) for c in (-0.004601639229804277, 0.07968002557754517,
                                      -0.6459634304046631, 1.5707963705062866))
COS32 = tuple(np.float32(c) for c in (0.0009033603710122406, -0.020859934389591217,
                                      0.2536691725254059, -1.2337005138397217, 1.0))
