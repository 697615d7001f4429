"""Distribution checks: moments and Kolmogorov-Smirnov against the exact CDFs (no SciPy needed)."""

import math

import numpy as np
import pytest

import scopelab.kernels as K

N = 200_000
TRUNC_STD = 0.87962566103423978   # std of N(0,1) truncated to (-2, 2), TF1's constant
_erf = np.frompyfunc(math.erf, 1, 1)


def normal_cdf(x):
    erf = np.asarray(_erf(np.asarray(x, np.float64) / math.sqrt(2.0)), dtype=np.float64)
    return 0.5 * (1.0 + erf)


def truncated_cdf(x):
    lo, hi = normal_cdf(-2.0), normal_cdf(2.0)
    return np.clip((normal_cdf(x) - lo) / (hi - lo), 0.0, 1.0)


def ks_test(sample, cdf):
    """One-sample KS statistic D and its asymptotic p-value (Kolmogorov's series, with
    Stephens' small-sample correction as in Numerical Recipes' ``probks``)."""
    x = np.sort(np.asarray(sample, np.float64))
    n = x.size
    f = cdf(x)
    d = max(np.max(np.arange(1, n + 1) / n - f), np.max(f - np.arange(n) / n))
    lam = (math.sqrt(n) + 0.12 + 0.11 / math.sqrt(n)) * d
    p = 2.0 * sum((-1) ** (k - 1) * math.exp(-2.0 * k * k * lam * lam) for k in range(1, 101))
    return d, min(max(p, 0.0), 1.0)


def test_ks_helper_rejects_a_wrong_distribution():
    """The KS helper has power: uniforms are not normal, normals are not truncated."""
    u = K.uniform((20_000,), "float64", 5, -2.0, 2.0)
    assert ks_test(u, normal_cdf)[1] < 1e-6
    z = K.normal((20_000,), "float64", 5)
    assert ks_test(z, lambda x: np.clip((x + 3) / 6, 0, 1))[1] < 1e-6


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("key", [1, 2**63 + 12345])
def test_uniform_moments_range_and_ks(dtype, key):
    u = K.uniform((N,), dtype, key, 0.0, 1.0)
    assert u.min() >= 0.0 and u.max() < 1.0
    assert abs(u.mean() - 0.5) < 4 * math.sqrt(1 / 12 / N)
    assert abs(u.var() - 1 / 12) < 0.002
    assert ks_test(u, lambda x: np.clip(x, 0, 1))[1] > 0.001


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("key", [3, K.make_key(87654321, 7)])
def test_normal_moments_and_ks(dtype, key):
    z = K.normal((N,), dtype, key).astype(np.float64)
    assert abs(z.mean()) < 4 / math.sqrt(N)
    assert abs(z.std() - 1.0) < 0.006
    skew = np.mean(z ** 3)
    kurt = np.mean(z ** 4)
    assert abs(skew) < 0.03 and abs(kurt - 3.0) < 0.06
    assert ks_test(z, normal_cdf)[1] > 0.001


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_normal_tails_have_the_right_mass(dtype):
    """Beyond 3 and 4 sigma the mass is right: float64 draws there come from both inverse-CDF
    branches, then the tail branch alone (from |z| = 3.31); float32 Box-Muller radii reach 7.45."""
    z = K.normal((1_000_000,), dtype, 11).astype(np.float64)
    for edge, mass in ((3.0, 0.0026998), (4.0, 6.334e-5)):
        beyond = np.mean(np.abs(z) > edge)
        assert abs(beyond - mass) < 5 * math.sqrt(mass / 1e6), (edge, beyond)
    assert np.abs(z).max() > 4.0


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_truncated_normal_needs_no_redraws_for_ordinary_parameters(dtype):
    """x is drawn inside ±erf(sqrt 2), so every element takes its first word: only a value that
    rounding puts on the edge of mean ± 2 stddev is drawn again (none here)."""
    import numpy_oracle as oracle

    for mean, stddev in ((0.0, 1.0), (0.25, 3.0), (-1.0, 0.02)):
        rounds = oracle.truncated_normal_rounds((200_000,), np.dtype(dtype), 41, mean, stddev)
        assert rounds.max() == 0


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_truncated_normal_stays_strictly_inside_two_sigma_after_the_cast(dtype):
    mean, std = 0.25, 3.0
    t = K.truncated_normal((N,), dtype, 17, mean, std)
    assert t.dtype == np.dtype(dtype)
    dev = np.abs(t.astype(np.float64) - mean)
    assert dev.max() < 2 * std
    assert dev.max() > 1.99 * std if dtype != "float16" else dev.max() > 1.98 * std


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_truncated_normal_std_and_ks(dtype):
    t = K.truncated_normal((N,), dtype, 23).astype(np.float64)
    assert abs(t.std() - TRUNC_STD) < 0.004
    assert abs(t.mean()) < 4 * TRUNC_STD / math.sqrt(N)
    assert ks_test(t, truncated_cdf)[1] > 0.001


def test_truncated_normal_scaled_std_matches_tf_constant():
    t = K.truncated_normal((N,), "float32", 29, 0.0, 0.5).astype(np.float64)
    assert abs(t.std() - 0.5 * TRUNC_STD) < 0.002


def test_uniform_never_reaches_maxval_even_when_rounding_would():
    """float32 rounding of minval + u * span can hit maxval; it is moved one step below it."""
    hi = np.float32(1e-3)
    u = K.uniform((2_000_000,), "float32", 31, -float(hi), float(hi))
    assert u.max() < hi and u.min() >= -hi


def test_integer_uniform_covers_the_range_evenly():
    v = K.uniform((100_000,), "int32", 37, -5, 5)
    counts = np.bincount(v + 5, minlength=10)
    assert v.min() == -5 and v.max() == 4
    chi2 = np.sum((counts - 10_000) ** 2 / 10_000)
    assert chi2 < 30     # 9 degrees of freedom: p ~ 4e-4 at 30
