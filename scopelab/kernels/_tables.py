"""Constants of the counter-based generator and of the normal kernels' inverse CDF (plain data).

Everything here is plain data shared by the compiled kernels and the tests' NumPy oracle
(``tests/kernels/numpy_oracle.py``), so both read the very same bits.

Normals are ``z = x * P(w)`` with ``x`` uniform in (-1, 1), ``w = -log((1 - x)(1 + x))`` and
``P(w) = sqrt(2) erfinv(x) / x`` (M. Giles, "Approximating the erfinv function", GPU Computing
Gems Jade Edition, 2011), in two branches: central (``w`` below 5 for float32, 6.25 for float64)
and tail. Truncated normals draw ``x`` in (-erf(sqrt 2), erf(sqrt 2)), where only the central
branch is ever needed. Float32 uses Giles' published single-precision coefficients, multiplied by
sqrt(2) in float64 and rounded once; float64 uses coefficients fitted by ``tools/fit_erfinv.py``
(relative error below 1e-14).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "GOLDEN", "MIX_1", "MIX_2", "ROUND_KEY_MULT", "U53_SCALE", "U24_SCALE",
    "ERF_SQRT2", "CENTRAL32", "TAIL32", "CENTRAL64", "TAIL64", "TAIL_T32", "TAIL_T64",
    "CENTRE32", "TAIL_CENTRE32", "CENTRE64", "TAIL_CENTRE64", "LOG_SERIES32", "LOG_SERIES64",
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

# Giles' single-precision erfinv (published coefficients, highest power first): central branch
# in w - 2.5 for w < 5, tail in sqrt(w) - 3.
_GILES_CENTRAL = (2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06,
                  0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941)
_GILES_TAIL = (-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
               -0.0076224613, 0.00943887047, 1.00167406, 2.83297682)
CENTRAL32 = tuple(np.float32(c * math.sqrt(2.0)) for c in _GILES_CENTRAL)
TAIL32 = tuple(np.float32(c * math.sqrt(2.0)) for c in _GILES_TAIL)
CENTRE32, TAIL_CENTRE32 = np.float32(2.5), np.float32(3.0)
TAIL_T32 = np.float32(math.exp(-5.0))      # (1 - x)(1 + x) below this takes the tail branch

# float64: fitted by tools/fit_erfinv.py (its output, unchanged), sqrt(2) included.
# max relative error 7.33e-15 over [0.0, 6.25]
CENTRAL64 = (  # in w - 3.125, for w < 6.25
    1.773485865592024e-18, 3.5698429781717464e-18, -1.934945986082744e-16,
    2.977295545116429e-16, 9.540169400472793e-15, -6.063375896573359e-14,
    -1.1734076983327053e-13, 3.7491502110188735e-12, -1.8334078547496134e-11,
    -7.67034296743121e-11, 1.486568198590599e-09, -5.815791556802365e-09,
    -4.1111519683756845e-08, 5.988888045710314e-07, -1.9310653614362754e-06,
    -1.9632852209336548e-05, 0.00026408204980554387, -0.0010475115697670709,
    -0.008532899177357809, 0.3396349587011708, 2.3386207100266017,
)
# max relative error 5.88e-15 over [2.5, 6.1]
TAIL64 = (  # in sqrt(w) - 4.3
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
CENTRE64, TAIL_CENTRE64 = 3.125, 4.3
TAIL_T64 = math.exp(-6.25)

# -log(m) for m in [sqrt(1/2), sqrt(2)): 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.1716; the
# series 1 + s^2/3 + s^4/5 + ... to float32 (4 terms) or float64 (10 terms) accuracy.
LOG_SERIES32 = tuple(np.float32(1.0 / (2 * k + 1)) for k in range(4, -1, -1))
LOG_SERIES64 = tuple(1.0 / (2 * k + 1) for k in range(10, -1, -1))
