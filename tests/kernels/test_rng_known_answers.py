"""Known-answer vectors: element g of a stream is output g of SplitMix64 seeded with the key; a
float64 normal is sqrt(2) erfinv(x) of the x those published words define, a float32 normal the
Box-Muller pair of word g // 2.

Expected values come from the published algorithm (Steele, Lea & Flood, OOPSLA 2014; Vigna's
public-domain reference ``splitmix64.c`` at prng.di.unimi.it): ``x += 0x9E3779B97F4A7C15;
z = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
return z ^ (z >> 31)``. The seed-0 first output 0xE220A8397B1DCDAF and the seed-1234567 sequence
are the vectors other implementations publish for this generator (e.g. Rust's rand_xoshiro tests).
The normals' expected values are computed here from those words by definition (x from the top
24 or 53 bits, erfinv by Newton on ``math.erf``; Box-Muller with ``math.log``, ``math.cos`` and
``math.sin``), independently of the kernels' polynomials.
"""

import math

import numpy as np
import pytest

import numpy_oracle as oracle

SEED_0 = [0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, 0x06C45D188009454F,
          17909611376780542444, 1961750202426094747]
SEED_1234567 = [6457827717110365317, 3203168211198807973, 9817491932198370423,
                4593380528125082431, 16408922859458223821]


def _splitmix64_by_definition(seed: int, count: int) -> list:
    """The published algorithm, in Python integers (independent of the code under test)."""
    mask, state, out = (1 << 64) - 1, seed, []
    for _ in range(count):
        state = (state + 0x9E3779B97F4A7C15) & mask
        z = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        out.append(z ^ (z >> 31))
    return out


def test_definition_reproduces_published_vectors():
    assert _splitmix64_by_definition(0, 5) == SEED_0
    assert _splitmix64_by_definition(1234567, 5) == SEED_1234567


@pytest.mark.parametrize("seed, expected", [(0, SEED_0), (1234567, SEED_1234567)])
def test_reference_counter_hash_is_splitmix64(seed, expected):
    words = oracle.splitmix64_words(seed, np.arange(5))
    assert words.dtype == np.uint64
    assert [int(w) for w in words] == expected


@pytest.mark.parametrize("seed, expected", [(0, SEED_0), (1234567, SEED_1234567)])
def test_compiled_counter_hash_is_splitmix64(seed, expected):
    from scopelab.kernels import _cpu_random

    got = [int(_cpu_random.word(np.uint64(seed), np.int64(g), np.int64(0))) for g in range(5)]
    assert got == expected


def test_counter_hash_is_random_access():
    """Element 1000 alone equals element 1000 of the sequence (what makes windows possible)."""
    seq = _splitmix64_by_definition(77, 1001)
    assert int(oracle.splitmix64_words(77, np.array([1000]))[0]) == seq[1000]


def test_rejection_rounds_use_other_streams():
    from scopelab.kernels import _cpu_random

    k = np.uint64(1234567)
    rounds = {int(_cpu_random.word(k, np.int64(3), np.int64(t))) for t in range(4)}
    assert len(rounds) == 4
    assert int(_cpu_random.word(k, np.int64(3), np.int64(0))) == SEED_1234567[3]


# --- normals: z = sqrt(2) erfinv(x), x from the top bits of the same published words ------------
def _erfinv(x: float) -> float:
    """erfinv by Newton on math.erf (math.erfc of the exact 1 - |x| near ±1): independent of
    the kernels' polynomials and logarithm."""
    a = abs(x)
    y = math.sqrt(-math.log((1 - a) * (1 + a)))
    for _ in range(200):
        f = math.erfc(y) - (1 - a) if a > 0.5 else math.erf(y) - a
        f = -f if a > 0.5 else f
        step = f / (2 / math.sqrt(math.pi) * math.exp(-y * y))
        y -= step
        if abs(step) < 1e-17 * y:
            break
    return math.copysign(y, x)


def _z(word: int, bits: int, scale: float = 1.0) -> float:
    k = word >> (64 - bits)
    return math.sqrt(2.0) * _erfinv((2 * k + 1 - 2 ** bits) / 2 ** bits * scale)


def _box_muller(word: int, odd: bool) -> float:
    """Element 2p (cos) or 2p + 1 (sin) of word p: u = (top 40 bits + 1) / 2^40 rounded to float32
    (24 significant bits, as TF's float32 Box-Muller keeps 23), the quadrant from bits 22-23 and
    f, an odd multiple of 2^-23 in (-1/2, 1/2), from bits 0-21."""
    u = float(np.float32((word >> 24) + 1)) / 2 ** 40
    k, q = word & ((1 << 22) - 1), (word >> 22) & 3
    angle = math.pi / 2 * (q + (2 * k + 1 - 2 ** 22) / 2 ** 23)
    return math.sqrt(-2.0 * math.log(u)) * (math.sin(angle) if odd else math.cos(angle))


def _exact(op: str, dtype: str, words_at, gs) -> list:
    """The values of elements ``gs`` by definition; ``words_at(i)`` is SplitMix64 output i."""
    if (op, dtype) == ("normal", "float32"):
        return [_box_muller(words_at(g // 2), g % 2 == 1) for g in gs]
    bits = 24 if dtype == "float32" else 53
    scale = math.erf(math.sqrt(2.0)) if op == "truncated_normal" else 1.0
    return [_z(words_at(g), bits, scale) for g in gs]


# The oracle's values (tests/kernels/numpy_oracle.py, run once and written down here), which
# test_known_answers_are_the_definition_on_the_published_words checks against the definition.
KNOWN = {
    ("normal", "float32"): [1.2238143682479858, -0.7755438089370728, 0.5405021905899048,
                            1.7914665937423706, 0.49228566884994507],
    ("truncated_normal", "float32"): [-0.3667547404766083, -0.8834618926048279,
                                      0.07713478803634644, -0.6420267820358276,
                                      1.1349687576293945],
    ("normal", "float64"): [-0.38510572843486685, -0.9398623079942587, 0.0808196360085349,
                            -0.6776158169519022, 1.2240297132741114],
    ("truncated_normal", "float64"): [-0.36675480156324325, -0.8834619117022956,
                                      0.07713484464748183, -0.6420268488538806,
                                      1.1349687597955618],
}
# elements 2^40 - 3 .. 2^40 - 1 of the same streams (a window far into a huge tensor)
KNOWN_FAR = {
    ("normal", "float32"): [0.9345020055770874, 0.842443585395813, -0.9531911015510559],
    ("truncated_normal", "float64"): [-0.33263920586749934, 1.1258573584075764,
                                      -0.8565738559016688],
}


@pytest.mark.parametrize("op, dtype", sorted(KNOWN))
def test_known_answers_are_the_definition_on_the_published_words(op, dtype):
    tol = 2e-6 if dtype == "float32" else 1e-13
    exact = _exact(op, dtype, SEED_1234567.__getitem__, range(5))
    np.testing.assert_allclose(KNOWN[(op, dtype)], exact, rtol=tol)


@pytest.mark.parametrize("op, dtype", sorted(KNOWN))
def test_kernels_and_oracle_give_the_known_answers(op, dtype):
    import scopelab.kernels as K

    want = np.array(KNOWN[(op, dtype)], dtype)
    np.testing.assert_array_equal(getattr(K, op)((5,), dtype, 1234567), want)
    np.testing.assert_array_equal(getattr(oracle, op)((5,), np.dtype(dtype), 1234567, 0.0, 1.0),
                                  want)


@pytest.mark.parametrize("op, dtype", sorted(KNOWN_FAR))
def test_known_answers_far_into_a_huge_tensor(op, dtype):
    import scopelab.kernels as K

    n = 1 << 40
    got = getattr(K, op)((3,), dtype, 1234567, window=((n,), (n - 3,)))
    np.testing.assert_array_equal(got, np.array(KNOWN_FAR[(op, dtype)], dtype))
    tol = 2e-6 if dtype == "float32" else 1e-13
    exact = _exact(op, dtype, lambda i: _splitmix64_by_definition_at(1234567, i), range(n - 3, n))
    np.testing.assert_allclose(got, exact, rtol=tol)


def _splitmix64_by_definition_at(seed: int, g: int) -> int:
    """Output g of SplitMix64 seeded with ``seed``: the state after g + 1 increments."""
    mask = (1 << 64) - 1
    state = (seed + (g + 1) * 0x9E3779B97F4A7C15) & mask
    z = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & mask
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
    return z ^ (z >> 31)


def _grid(n: int) -> list:
    """Indices 0 .. n - 1: the ends, the middle and an even spread."""
    ks = [0, 1, 2, 5, 2 ** 10, n // 7, n // 2 - 1, n // 2, n // 2 + 3, n - 2 ** 12, n - 2, n - 1]
    return ks + list(range(0, n, n // 997))


def test_float64_inverse_cdf_is_accurate_from_the_centre_to_the_last_draw():
    """The algorithm (in the oracle, which the kernels equal bit for bit) over x in (-1, 1):
    a grid, and the extreme draws next to ±1 where the tail branch works hardest."""
    P, n = oracle._P64, 2 ** 53
    x = np.array([(2 * k + 1 - n) / n for k in _grid(n)], P.f)        # exact in this dtype
    one = P.f(1.0)
    tail = (one - x) * (one + x) <= P.tail_t
    assert tail.sum() >= 4 and (~tail).sum() > 900
    got = oracle._z(P, x, tail)
    want = [math.sqrt(2.0) * _erfinv(float(v)) for v in x]
    np.testing.assert_allclose(got, want, rtol=1e-13)
    assert np.abs(got).max() > 8.2                                   # the most extreme draws


@pytest.mark.parametrize("dtype, bits, tol", [("float32", 24, 2e-6), ("float64", 53, 1e-13)])
def test_truncated_inverse_cdf_is_accurate_to_the_edge(dtype, bits, tol):
    """x scaled into ±erf(sqrt 2), the shorter polynomial, up to the draws next to the edge."""
    P, n = (oracle._P32 if dtype == "float32" else oracle._P64), 2 ** bits
    xt = np.array([(2 * k + 1 - n) / n for k in _grid(n)], P.f) * P.trunc_unit / P.unit
    got = oracle._z(P, xt, truncated=True)
    np.testing.assert_allclose(got, [math.sqrt(2.0) * _erfinv(float(v)) for v in xt], rtol=tol)
    assert 1.999 < np.abs(got).max() < 2.0


def test_float32_box_muller_is_accurate_for_every_radius_and_angle():
    """Words whose top 40 bits run from the smallest u (the largest radius, 7.45) to u = 1
    (radius 0), crossed with angles at both ends of every quadrant and spread between; u is
    rounded to float32, so radii below 3.5e-4 are 0 (as in TF, 6 draws in 10^8)."""
    radii = np.array(_grid(2 ** 40), np.uint64) << np.uint64(24)
    # the last two: angles (pi/2)(q + 2^-23) for q = 0, 1, whose cos and sin are about 1
    angles = np.array(_grid(2 ** 24)[:198] + [1 << 21, 3 << 21], np.uint64)
    words = (radii[:, None] | angles[None, :]).reshape(-1)
    for odd in (False, True):
        got = oracle._box_muller32(words, np.full(words.size, odd))
        want = [_box_muller(int(w), odd) for w in words]
        np.testing.assert_allclose(got, want, rtol=2e-6, atol=1e-30)
        assert 7.44 < np.abs(got).max() < 7.46                        # the largest radius
