"""Fit the polynomials of the normal kernels' inverse CDF (``scopelab/kernels/_tables.py``).

    python tools/fit_erfinv.py          # prints the coefficient tuples and their errors

The kernels write ``z = x * P(w)`` with ``x`` uniform in (-1, 1), ``w = -log((1 - x) (1 + x))``
and ``P(w) = sqrt(2) * erfinv(x) / x``, the form of M. Giles' "Approximating the erfinv function"
(GPU Computing Gems, 2011); float32 normals are Box-Muller instead (their sine and cosine
polynomials are in ``_tables.py``). Every branch is fitted here by weighted least squares in a Chebyshev basis,
converted to Horner form about the branch's centre (float32 ones rounded from the float64 fit):

* ``TRUNC32`` / ``TRUNC64``: truncated normals, ``w`` in [0, 2.43] (``|z| < 2`` needs
  ``w <= -log(1 - erf(sqrt 2)^2) = 2.4236``), degree 6 / 13, in ``w - 1.215``;
* ``CENTRAL64``: normals, ``w`` in [0, 6.25], degree 20, in ``w - 3.125``;
* ``TAIL64``: ``sqrt(w)`` in [2.5, 6.1] (``w`` up to 37, beyond the float64 draws' largest,
  36.04), degree 26, in ``sqrt(w) - 4.3``.

The targets are exact to about 1e-16: erfinv by Newton on ``math.erf`` below x = 0.5 and on
``math.erfc`` of the exact ``1 - x`` above, each paired with the ``w`` of that very ``x``. The
printed errors are relative, evaluated in the polynomial's own precision: about 1e-7 (float32)
and 1e-14 (float64). Standard library and NumPy only; deterministic.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.polynomial import chebyshev

# name: (range of the variable, centre, degree, variable is sqrt(w), float32)
FITS = {
    "TRUNC32": (0.0, 2.43, 1.215, 6, False, True),
    "TRUNC64": (0.0, 2.43, 1.215, 13, False, False),
    "CENTRAL64": (0.0, 6.25, 3.125, 20, False, False),
    "TAIL64": (2.5, 6.1, 4.3, 26, True, False),
}


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


def fit(lo: float, hi: float, centre: float, degree: int, tail: bool,
        single: bool = False) -> tuple[tuple, float]:
    """Horner coefficients (highest power first) in ``variable - centre``, and the largest
    relative error at the sample points, evaluated as the kernels do (in float32 with the
    coefficients rounded to float32 when ``single``)."""
    v, f = samples(lo, hi, tail)
    half = max(hi - centre, centre - lo)
    cheb = chebyshev.chebfit((v - centre) / half, f, degree, w=1.0 / np.abs(f))
    power = chebyshev.cheb2poly(cheb) / half ** np.arange(degree + 1)
    kind = np.float32 if single else np.float64
    coefs = tuple(float(kind(c)) for c in power[::-1])
    t = (v - centre).astype(kind)
    p = np.full_like(t, coefs[0])
    for c in coefs[1:]:
        p = kind(c) + p * t
    return coefs, float(np.max(np.abs(p / f - 1.0)))


def main() -> None:
    for name, (lo, hi, centre, degree, tail, single) in FITS.items():
        coefs, err = fit(lo, hi, centre, degree, tail, single)
        variable = "sqrt(w)" if tail else "w"
        print(f"# in {variable} - {centre}, for {variable} in [{lo}, {hi}]; max relative error "
              f"{err:.1e}")
        print(f"{name} = (")
        for i in range(0, len(coefs), 3):
            print("    " + " ".join(f"{c!r}," for c in coefs[i:i + 3]))
        print(")")


if __name__ == "__main__":
    main()
