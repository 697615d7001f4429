"""Fit the float64 polynomials of the normal kernels' inverse CDF (``scopelab/kernels/_tables.py``).

    python tools/fit_erfinv.py          # prints the two coefficient tuples and their errors

The kernels write ``z = x * P(w)`` with ``x`` uniform in (-1, 1), ``w = -log((1 - x) (1 + x))``
and ``P(w) = sqrt(2) * erfinv(x) / x``, the form of M. Giles' "Approximating the erfinv function"
(GPU Computing Gems, 2011). Float32 uses Giles' published single-precision coefficients. For
float64 this script fits its own, in the same two branches, by weighted least squares in a
Chebyshev basis (converted to Horner form about the branch's centre):

* central: ``w`` in [0, 6.25], polynomial in ``w - 3.125``;
* tail: ``sqrt(w)`` in [2.5, 6.1] (``w`` up to 37, beyond the float64 draws' largest, 36.04),
  polynomial in ``sqrt(w) - 4.3``.

The targets are exact to about 1e-16: erfinv by Newton on ``math.erf`` below x = 0.5 and on
``math.erfc`` of the exact ``1 - x`` above, each paired with the ``w`` of that very ``x``. The
fitted polynomials agree with them to about 1e-14 relative (printed). Standard library and NumPy
only; deterministic.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.polynomial import chebyshev

CENTRAL = (0.0, 6.25, 3.125, 20)        # w range, centre, degree
TAIL = (2.5, 6.1, 4.3, 26)              # sqrt(w) range, centre, degree


def erfinv_small(x: float) -> float:
    y = x * math.sqrt(math.pi) / 2
    for _ in range(100):
        step = (math.erf(y) - x) / (2 / math.sqrt(math.pi) * math.exp(-y * y))
        y -= step
        if abs(step) <= 1e-18 * abs(y):
            break
    return y


def erfcinv(c: float) -> float:
    """y with erfc(y) = c for 0 < c <= 0.5 (Newton; relative accuracy about 1e-16)."""
    y = math.sqrt(-math.log(c))
    for _ in range(200):
        step = (math.erfc(y) - c) / (-2 / math.sqrt(math.pi) * math.exp(-y * y))
        y -= step
        if abs(step) <= 1e-18 * abs(y):
            break
    return y


def samples(lo: float, hi: float, tail: bool, n: int = 4000) -> tuple[np.ndarray, np.ndarray]:
    """(variable, sqrt(2) erfinv(x) / x) at n Chebyshev points of [lo, hi]."""
    k = np.arange(n)
    var = (lo + hi) / 2 + (hi - lo) / 2 * np.cos(np.pi * (k + 0.5) / n)
    out_v, out_f = [], []
    for v in var:
        w = v * v if tail else v
        x = math.sqrt(-math.expm1(-w))
        if x == 0.0 or x == 1.0:
            continue
        if x >= 0.5:
            c = 1.0 - x                                  # exact (Sterbenz)
            w = -(math.log(c) + math.log(2.0 - c))       # the w of this very x
            y = erfcinv(c)
        else:
            w = -math.log1p(-(x * x))
            y = erfinv_small(x)
        out_v.append(math.sqrt(w) if tail else w)
        out_f.append(math.sqrt(2.0) * y / x)
    return np.array(out_v), np.array(out_f)


def fit(lo: float, hi: float, centre: float, degree: int, tail: bool) -> tuple[tuple, float]:
    """Horner coefficients (highest power first) in ``variable - centre``, and the largest
    relative error at the sample points, evaluated in float64 as the kernels do."""
    v, f = samples(lo, hi, tail)
    half = max(hi - centre, centre - lo)
    cheb = chebyshev.chebfit((v - centre) / half, f, degree, w=1.0 / np.abs(f))
    power = chebyshev.cheb2poly(cheb) / half ** np.arange(degree + 1)
    coefs = tuple(float(c) for c in power[::-1])
    t = v - centre
    p = np.full_like(t, coefs[0])
    for c in coefs[1:]:
        p = c + p * t
    return coefs, float(np.max(np.abs(p / f - 1.0)))


def main() -> None:
    for name, (lo, hi, centre, degree), tail in (("CENTRAL64", CENTRAL, False),
                                                 ("TAIL64", TAIL, True)):
        coefs, err = fit(lo, hi, centre, degree, tail)
        print(f"# max relative error {err:.2e} over [{lo}, {hi}]")
        print(f"{name} = (")
        for i in range(0, len(coefs), 3):
            print("    " + " ".join(f"{c!r}," for c in coefs[i:i + 3]))
        print(")")


if __name__ == "__main__":
    main()
