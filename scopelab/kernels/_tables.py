"""Constants of the counter-based generator and the 256-layer ziggurat tables (NumPy only).

Everything here is plain data shared by the compiled kernels and the tests' NumPy oracle
(``tests/kernels/numpy_oracle.py``), so both read the very same bits. The ziggurat is Marsaglia & Tsang's construction
("The Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8), 2000) with 256 layers,
base-strip edge r = 3.6541528853610088 (NumPy's) and layer area v = r f(r) + tail mass, scaled to
52-bit integers as NumPy's ``random_standard_normal`` uses them (same layout, rebuilt here from the
published construction, so the last bits of a few thresholds may differ from NumPy's header).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "GOLDEN", "MIX_1", "MIX_2", "ROUND_KEY_MULT", "MASK52", "ZIG_R", "ZIG_INV_R",
    "ZIG_KI", "ZIG_WI", "ZIG_FI", "U53_SCALE", "U24_SCALE",
]

# SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014;
# constants as in Vigna's public-domain splitmix64.c): state increment and the two mixing
# multipliers.
GOLDEN = 0x9E3779B97F4A7C15
MIX_1 = 0xBF58476D1CE4E5B9
MIX_2 = 0x94D049BB133111EB
# Rejection round t > 0 of an element reads the SplitMix64 stream keyed by mix64(key ^ t * this).
ROUND_KEY_MULT = 0xD1B54A32D192ED03
MASK52 = (1 << 52) - 1
U53_SCALE = 2.0 ** -53   # float64 uniform from the top 53 bits
U24_SCALE = 2.0 ** -24   # float32 uniform from the top 24 bits

ZIG_R = 3.6541528853610088
ZIG_INV_R = 1.0 / ZIG_R
# Area of each layer (unnormalised density exp(-x^2/2)): base rectangle plus the tail beyond r.
_ZIG_AREA = (ZIG_R * math.exp(-0.5 * ZIG_R * ZIG_R)
             + math.sqrt(math.pi / 2) * math.erfc(ZIG_R / math.sqrt(2)))
_LAYERS = 256


def _build_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ki (accept thresholds, uint64), wi (bits -> x scale), fi (density at each layer edge)."""
    m1 = float(2 ** 52)
    ki = np.zeros(_LAYERS, dtype=np.float64)
    wi = np.zeros(_LAYERS, dtype=np.float64)
    fi = np.zeros(_LAYERS, dtype=np.float64)
    dn = tn = ZIG_R
    q = _ZIG_AREA / math.exp(-0.5 * dn * dn)
    ki[0] = (dn / q) * m1           # base strip: rectangle part of width r out of q
    ki[1] = 0.0                     # top layer: always needs the wedge test
    wi[0] = q / m1
    wi[-1] = dn / m1
    fi[0] = 1.0
    fi[-1] = math.exp(-0.5 * dn * dn)
    for i in range(_LAYERS - 2, 0, -1):
        dn = math.sqrt(-2.0 * math.log(_ZIG_AREA / dn + math.exp(-0.5 * dn * dn)))
        ki[i + 1] = (dn / tn) * m1
        tn = dn
        fi[i] = math.exp(-0.5 * dn * dn)
        wi[i] = dn / m1
    return ki.astype(np.uint64), wi, fi


ZIG_KI, ZIG_WI, ZIG_FI = _build_tables()
for _table in (ZIG_KI, ZIG_WI, ZIG_FI):
    _table.setflags(write=False)
