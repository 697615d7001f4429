"""v1 initializers (spec §8): arguments, constructor errors, formulas, seeding, describe().

Statistical checks use seeded draws of >= 60,000 values. The standard error of a sample std is
about std * sqrt((kurtosis - 1) / 4n): <= 0.3 % here (uniform, normal, truncated normal), so a
1.5 % tolerance is > 5 standard errors; bounds are exact.
"""

import math
import warnings

import numpy as np
import pytest

from scopelab import dtypes, initializers as init, kernels, random_seed
from scopelab._initializer_base import compute_fans
from scopelab.errors import InitializerError, InitializerTypeError
from scopelab.initializers import TRUNCATED_NORMAL_STDDEV_FACTOR as TN

BIG = [240, 250]  # 60,000 values


@pytest.fixture(autouse=True)
def fresh_graph():
    random_seed.reset()
    yield
    random_seed.reset()


def _std_close(values, expected, rel=0.015):
    assert np.std(values, dtype=np.float64) == pytest.approx(expected, rel=rel)


def _mean_close(values, expected, spread):
    # 6 standard errors of the mean.
    assert abs(np.mean(values, dtype=np.float64) - expected) < 6 * spread / math.sqrt(values.size)


# --- constants ------------------------------------------------------------------------------------
def test_truncation_constant_is_tfs():
    assert TN == 0.87962566103423978


@pytest.mark.parametrize("dtype, expected", [
    (dtypes.float32, 0.0), (dtypes.int32, 0), (dtypes.int8, 0), (dtypes.uint16, 0),
    (dtypes.bool, False), (dtypes.float16, 0.0),
])
def test_zeros(dtype, expected):
    value = init.zeros_initializer(dtype=dtype)([3, 4])
    assert value.shape == (3, 4) and value.dtype == dtype.np
    assert np.all(value == expected)


def test_zeros_string_is_empty_bytes():
    value = init.Zeros()([2, 2], dtype=dtypes.string)
    assert value.dtype == object and value.tolist() == [[b"", b""], [b"", b""]]


def test_ones_and_call_dtype_overrides_constructor():
    value = init.ones_initializer()([2, 3], dtype=dtypes.int64)
    assert value.dtype == np.int64 and np.all(value == 1)
    with pytest.raises(InitializerError, match="ones"):
        init.Ones()([2], dtype=dtypes.string)


def test_constant_scalar_fills():
    value = init.constant_initializer(0.3)([2, 2])
    assert value.dtype == np.float32 and np.all(value == np.float32(0.3))


def test_constant_fills_remaining_with_last_value():
    value = init.Constant(list(range(8)))([3, 4])
    np.testing.assert_array_equal(value, [[0, 1, 2, 3], [4, 5, 6, 7], [7, 7, 7, 7]])


def test_constant_exact_size_and_nested_lists():
    value = init.Constant([[1, 2], [3, 4]], dtype=dtypes.int32)([4])
    np.testing.assert_array_equal(value, [1, 2, 3, 4])
    assert value.dtype == np.int32


def test_constant_too_many_elements():
    with pytest.raises(InitializerError, match="Too many elements provided. Needed at most 4, "
                                               "but received 6") as err:
        init.Constant([1, 2, 3, 4, 5, 6])([2, 2])
    assert isinstance(err.value, ValueError)
    assert "per shard" in str(err.value)


def test_constant_verify_shape():
    with pytest.raises(InitializerTypeError, match=r"Expected Tensor's shape: \(2, 2\), got "
                                                   r"\(3,\)\.") as err:
        init.Constant([1, 2, 3], verify_shape=True)([2, 2])
    assert isinstance(err.value, TypeError)
    with pytest.raises(TypeError, match="Expected Tensor's shape"):
        init.Constant(1.0)([2], verify_shape=True)
    ok = init.Constant([1, 2], verify_shape=True)([2])
    np.testing.assert_array_equal(ok, [1, 2])
    np.testing.assert_array_equal(init.Constant([1, 2], verify_shape=True)([3], verify_shape=False),
                                  [1, 2, 2])


@pytest.mark.parametrize("bad", [{}, None, object(), {1, 2}])
def test_constant_invalid_type(bad):
    with pytest.raises(InitializerTypeError, match=r"Invalid type for initial value: <class "
                                                   r"'[a-zA-Z]+'> \(expected Python scalar, list "
                                                   r"or tuple of values, or numpy.ndarray\)\."):
        init.Constant(bad)


def test_constant_refuses_lossy_python_values_but_casts_numpy():
    with pytest.raises(InitializerTypeError, match="Expected int32, but got 0.5 of type .float."):
        init.Constant(0.5, dtype=dtypes.int32)([2])
    with pytest.raises(TypeError, match="Expected bool"):
        init.Constant([1, 0])([2], dtype=dtypes.bool)
    cast = init.Constant(np.array([1.7, 2.2]))([2], dtype=dtypes.int32)
    np.testing.assert_array_equal(cast, [1, 2])


def test_constant_strings():
    value = init.Constant(["a", "b"])([3], dtype=dtypes.string)
    assert value.tolist() == ["a", "b", "b"]


# --- random: parameters reach the kernels ---------------------------------------------------------
def _key(seed):
    return kernels.make_key(*random_seed.get_seed(seed))


def test_random_uniform_float_is_the_kernel_draw():
    value = init.random_uniform_initializer(-2.0, 3.0, seed=5)([4, 6])
    expected = kernels.uniform((4, 6), np.float32, _key(5), -2.0, 3.0)
    np.testing.assert_array_equal(value, expected)


def test_random_uniform_default_range_is_zero_one():
    value = init.RandomUniform(seed=1)(BIG)
    assert value.min() >= 0.0 and value.max() < 1.0 and value.max() > 0.999
    _mean_close(value, 0.5, 1 / math.sqrt(12))


def test_random_uniform_integers():
    value = init.RandomUniform(3, 9, seed=2)([5000], dtype=dtypes.int32)
    assert value.dtype == np.int32
    assert set(np.unique(value).tolist()) == set(range(3, 9))
    value64 = init.RandomUniform(-5, 5, seed=2, dtype=dtypes.int64)([100])
    assert value64.dtype == np.int64 and value64.min() >= -5 and value64.max() < 5


def test_random_uniform_integer_needs_maxval():
    with pytest.raises(InitializerError, match=r"Must specify maxval for integer dtype "
                                               r"<dtype: 'int32'>"):
        init.RandomUniform()([3], dtype=dtypes.int32)


@pytest.mark.parametrize("dtype", [dtypes.bool, dtypes.string, dtypes.int8, dtypes.complex64])
def test_random_uniform_invalid_dtype(dtype):
    with pytest.raises(InitializerError, match="Invalid dtype"):
        init.RandomUniform(0, 2)([3], dtype=dtype)


def test_random_normal_moments_and_kernel_parameters():
    value = init.random_normal_initializer(mean=1.5, stddev=0.25, seed=3)(BIG)
    np.testing.assert_array_equal(
        value, kernels.normal(tuple(BIG), np.float32, _key(3), 1.5, 0.25))
    _mean_close(value, 1.5, 0.25)
    _std_close(value, 0.25)
    assert np.abs(value - 1.5).max() > 2 * 0.25  # untruncated


def test_truncated_normal_bounds_and_std():
    value = init.truncated_normal_initializer(mean=-1.0, stddev=0.5, seed=4)(BIG)
    assert np.all(np.abs(value + 1.0) < 2 * 0.5)
    assert np.abs(value + 1.0).max() > 0.98 * 2 * 0.5
    _std_close(value, 0.5 * TN)
    np.testing.assert_array_equal(
        value, kernels.truncated_normal(tuple(BIG), np.float32, _key(4), -1.0, 0.5))


@pytest.mark.parametrize("cls", [init.RandomNormal, init.TruncatedNormal, init.UniformUnitScaling,
                                 init.VarianceScaling, init.GlorotUniform, init.GlorotNormal,
                                 init.Orthogonal, init.Identity])
def test_float_only_constructors_reject_int_dtype(cls):
    with pytest.raises(InitializerError, match=r"Expected floating point type, got "
                                               r"<dtype: 'int32'>\."):
        cls(dtype=dtypes.int32)


def test_normal_call_with_int_dtype_errors():
    with pytest.raises(InitializerError, match="Expected floating point type"):
        init.RandomNormal()([2], dtype=dtypes.int32)


def test_float64_and_float16_draws():
    v64 = init.RandomNormal(seed=1)([1000], dtype=dtypes.float64)
    v16 = init.TruncatedNormal(seed=1, dtype=dtypes.float16)([1000])
    assert v64.dtype == np.float64 and v16.dtype == np.float16
    assert np.all(np.abs(v16.astype(np.float32)) <= 2.0)


# --- variance scaling family ----------------------------------------------------------------------
@pytest.mark.parametrize("shape, fans", [
    ([], (1, 1)), ([7], (7, 7)), ([3, 5], (3, 5)), ([2, 3, 4, 5], (24, 30)),
])
def test_compute_fans(shape, fans):
    assert compute_fans(shape) == fans


@pytest.mark.parametrize("mode, fan", [("fan_in", 240.0), ("fan_out", 250.0),
                                       ("fan_avg", 245.0)])
def test_variance_scaling_uniform_limit(mode, fan):
    value = init.variance_scaling_initializer(3.0, mode, "uniform", seed=6)(BIG)
    limit = math.sqrt(3.0 * 3.0 / fan)
    assert value.min() >= -limit and value.max() < limit
    assert value.max() > 0.999 * limit
    _std_close(value, limit / math.sqrt(3))


def test_variance_scaling_truncated_normal_divides_by_tf_constant():
    value = init.VarianceScaling(2.0, "fan_in", "truncated_normal", seed=7)(BIG)
    stddev = math.sqrt(2.0 / 240) / TN
    np.testing.assert_array_equal(
        value, kernels.truncated_normal(tuple(BIG), np.float32, _key(7), 0.0, stddev))
    _std_close(value, math.sqrt(2.0 / 240))  # post-truncation std is exactly sqrt(scale)
    assert np.abs(value).max() < 2 * stddev


def test_variance_scaling_untruncated_normal():
    value = init.VarianceScaling(1.0, "fan_out", "untruncated_normal", seed=8)(BIG)
    _std_close(value, math.sqrt(1.0 / 250))
    assert np.abs(value).max() > 2 * math.sqrt(1.0 / 250)


def test_variance_scaling_normal_is_deprecated_alias_of_truncated_normal():
    with pytest.warns(DeprecationWarning, match="`normal` is a deprecated alias for "
                                                "`truncated_normal`"):
        init_normal = init.VarianceScaling(distribution="Normal", seed=9)
    assert init_normal.distribution == "normal"
    a = init_normal([30, 40])
    b = init.VarianceScaling(distribution="truncated_normal", seed=9)([30, 40])
    np.testing.assert_array_equal(a, b)


def test_variance_scaling_fan_at_least_one():
    # fan 0 is clamped to 1: scale/max(1, fan)
    value = init.VarianceScaling(1.0, "fan_in", "uniform", seed=1)([0, 5])
    assert value.shape == (0, 5)
    big = init.VarianceScaling(4.0, "fan_in", "uniform", seed=1)([5000])  # rank 1: fan = 5000
    assert np.abs(big).max() < math.sqrt(12.0 / 5000)


def test_variance_scaling_conv_kernel_uses_receptive_field():
    value = init.VarianceScaling(1.0, "fan_avg", "uniform", seed=2)([5, 5, 40, 60])
    fan_in, fan_out = 25 * 40, 25 * 60
    limit = math.sqrt(3.0 / ((fan_in + fan_out) / 2))
    assert np.abs(value).max() < limit and np.abs(value).max() > 0.999 * limit


@pytest.mark.parametrize("kwargs, message", [
    (dict(scale=0.0), "`scale` must be positive float."),
    (dict(scale=-1.0), "`scale` must be positive float."),
    (dict(mode="fan_sum"), "Invalid `mode` argument: 'fan_sum'"),
    (dict(distribution="gamma"), "Invalid `distribution` argument: 'gamma'"),
])
def test_variance_scaling_constructor_errors(kwargs, message):
    with pytest.raises(InitializerError) as err:
        init.VarianceScaling(**kwargs)
    assert str(err.value).startswith(message)
    assert isinstance(err.value, ValueError)


@pytest.mark.parametrize("scale", [math.nan, math.inf, 5e-324])
def test_variance_scaling_uniform_refuses_bounds_that_are_not_finite_and_positive(scale):
    """NaN passes the constructor's ``scale <= 0`` test and inf gives infinite bounds; a scale
    that underflows gives bounds of zero. The draw refuses each with the scale in the message
    and leaves the store as it was."""
    import scopelab as tf
    tf.reset_default_graph()
    with pytest.raises(InitializerError, match="use a finite positive scale") as err:
        tf.get_variable("w", [4, 3], initializer=init.VarianceScaling(scale, "fan_in", "uniform"))
    assert f"scale={scale!r}" in str(err.value)
    assert tf.global_variables() == []
    assert tf.get_variable("w", [4, 3]).name == "w:0"   # the name was never taken


def test_glorot_uniform_limit():
    value = init.glorot_uniform_initializer(seed=10)([200, 300])
    limit = math.sqrt(6.0 / 500)
    assert value.min() >= -limit and value.max() < limit and value.max() > 0.999 * limit
    _std_close(value, limit / math.sqrt(3))


def test_glorot_normal_std():
    value = init.glorot_normal_initializer(seed=11)([200, 300])
    _std_close(value, math.sqrt(2.0 / 500))
    assert np.abs(value).max() < 2 * math.sqrt(2.0 / 500) / TN


@pytest.mark.parametrize("factory, scale, distribution", [
    (init.lecun_normal, 1.0, "truncated_normal"), (init.lecun_uniform, 1.0, "uniform"),
    (init.he_normal, 2.0, "truncated_normal"), (init.he_uniform, 2.0, "uniform"),
])
def test_lecun_and_he(factory, scale, distribution):
    made = factory(seed=12)
    assert isinstance(made, init.VarianceScaling)
    assert (made.scale, made.mode, made.distribution, made.seed) == \
        (scale, "fan_in", distribution, 12)
    value = made(BIG)
    _std_close(value, math.sqrt(scale / 240))


def test_uniform_unit_scaling():
    value = init.uniform_unit_scaling_initializer(factor=1.5, seed=13)(BIG)
    max_val = math.sqrt(3 / 240) * 1.5
    assert np.abs(value).max() < max_val and np.abs(value).max() > 0.999 * max_val
    conv = init.UniformUnitScaling(seed=13)([2, 3, 4000])  # input size = 2 * 3
    assert np.abs(conv).max() > 0.99 * math.sqrt(3 / 6)
    vec = init.UniformUnitScaling(seed=13)([5000])  # input size = empty product = 1
    assert np.abs(vec).max() > 0.999 * math.sqrt(3)


# --- orthogonal and identity ----------------------------------------------------------------------
@pytest.mark.parametrize("shape", [[6, 4], [4, 6], [5, 5], [2, 3, 8], [3, 4, 5]])
def test_orthogonal_is_orthogonal(shape):
    value = init.orthogonal_initializer(gain=2.0, seed=14)(shape).astype(np.float64)
    flat = value.reshape(-1, shape[-1])
    rows, cols = flat.shape
    gram = flat.T @ flat if rows >= cols else flat @ flat.T
    np.testing.assert_allclose(gram, 4.0 * np.eye(min(rows, cols)), atol=1e-5)


def test_orthogonal_is_qr_of_the_kernel_normal_with_sign_fix():
    value = init.Orthogonal(seed=15)([3, 5])
    a = kernels.normal((5, 3), np.float32, _key(15), 0.0, 1.0)  # rows < cols: transposed draw
    q, r = np.linalg.qr(a)
    expected = (q * np.sign(np.diag(r))).T
    np.testing.assert_allclose(value, expected, rtol=1e-6, atol=1e-7)
    # With the sign fix, Q_fixed^T a = sign(diag R) R: upper triangular with a positive diagonal.
    r_fixed = value.astype(np.float64) @ a.astype(np.float64)
    np.testing.assert_allclose(np.tril(r_fixed, -1), 0, atol=1e-5)
    assert np.all(np.diag(r_fixed) > 0)


def test_orthogonal_rank_error():
    with pytest.raises(InitializerError, match="The tensor to initialize must be at least "
                                               "two-dimensional"):
        init.Orthogonal()([5])


def test_identity_rectangular_and_gain():
    value = init.identity_initializer(gain=3.0)([3, 5])
    np.testing.assert_array_equal(value, 3.0 * np.eye(3, 5))
    assert value.dtype == np.float32


def test_identity_needs_2d():
    with pytest.raises(InitializerError, match="Identity matrix initializer can only be used for "
                                               "2D matrices."):
        init.Identity()([2, 2, 2])


# --- seeding rules through initializers -----------------------------------------------------------
RANDOM_FACTORIES = [
    lambda seed=None: init.RandomUniform(seed=seed),
    lambda seed=None: init.RandomNormal(seed=seed),
    lambda seed=None: init.TruncatedNormal(seed=seed),
    lambda seed=None: init.UniformUnitScaling(seed=seed),
    lambda seed=None: init.VarianceScaling(seed=seed),
    lambda seed=None: init.GlorotUniform(seed=seed),
    lambda seed=None: init.GlorotNormal(seed=seed),
    lambda seed=None: init.Orthogonal(seed=seed),
]


@pytest.mark.parametrize("factory", RANDOM_FACTORIES)
def test_explicit_seed_repeats_every_call(factory):
    a = factory(seed=21)([8, 6])
    b = factory(seed=21)([8, 6])
    c = factory(seed=21)([8, 6])
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(a, c)
    assert not np.array_equal(a, factory(seed=22)([8, 6]))


@pytest.mark.parametrize("factory", RANDOM_FACTORIES)
def test_no_seeds_gives_fresh_values(factory):
    made = factory()
    assert not np.array_equal(made([8, 6]), made([8, 6]))


@pytest.mark.parametrize("factory", RANDOM_FACTORIES)
def test_graph_seed_is_deterministic_per_creation_order(factory):
    random_seed.set_random_seed(5)
    first, second = factory()([8, 6]), factory()([8, 6])
    assert not np.array_equal(first, second)
    random_seed.reset()
    random_seed.set_random_seed(5)
    np.testing.assert_array_equal(factory()([8, 6]), first)
    np.testing.assert_array_equal(factory()([8, 6]), second)


def test_graph_seed_changes_seeded_values():
    alone = init.RandomNormal(seed=3)([10])
    random_seed.set_random_seed(1)
    both = init.RandomNormal(seed=3)([10])
    assert not np.array_equal(alone, both)
    np.testing.assert_array_equal(
        both, kernels.normal((10,), np.float32, kernels.make_key(1, 3), 0.0, 1.0))


# --- protocol, names, config, describe, default ---------------------------------------------------
def test_tf_names_are_the_classes():
    assert init.zeros_initializer is init.Zeros is init.zeros
    assert init.glorot_uniform_initializer is init.GlorotUniform is init.glorot_uniform
    assert init.identity_initializer is init.Identity is init.identity
    assert init.variance_scaling is init.VarianceScaling
    for name in ["zeros", "ones", "constant", "random_uniform", "random_normal",
                 "truncated_normal", "uniform_unit_scaling", "variance_scaling",
                 "glorot_uniform", "glorot_normal", "orthogonal", "identity", "lecun_normal",
                 "lecun_uniform", "he_normal", "he_uniform"]:
        assert name in init.__all__ and callable(getattr(init, name))


@pytest.mark.parametrize("made", [
    init.Zeros(dtypes.int32), init.Constant([1, 2], verify_shape=True),
    init.RandomUniform(-1, 2, seed=4), init.RandomNormal(1.0, 2.0, 3, dtypes.float64),
    init.TruncatedNormal(stddev=0.1), init.UniformUnitScaling(2.0, 5),
    init.VarianceScaling(2.0, "fan_out", "uniform", 1), init.GlorotUniform(7),
    init.GlorotNormal(), init.Orthogonal(0.5, 2), init.Identity(2.0),
])
def test_get_config_round_trip(made):
    again = type(made).from_config(made.get_config())
    assert again.get_config() == made.get_config()
    assert init.describe(again) == init.describe(made)


def test_all_initializers_subclass_the_base():
    for cls in [init.Zeros, init.Ones, init.Constant, init.RandomUniform, init.RandomNormal,
                init.TruncatedNormal, init.UniformUnitScaling, init.VarianceScaling,
                init.GlorotUniform, init.GlorotNormal, init.Orthogonal, init.Identity]:
        assert issubclass(cls, init.Initializer)
    assert isinstance(init.he_normal(), init.Initializer)


def test_shape_accepts_tuples_and_tensorshape_and_rejects_unknown():
    from scopelab.tensor_shape import TensorShape

    assert init.Zeros()((2, 3)).shape == (2, 3)
    assert init.Zeros()(TensorShape([2, 3])).shape == (2, 3)
    with pytest.raises(InitializerError, match="fully defined"):
        init.Zeros()([None, 3])
    with pytest.raises(InitializerTypeError):
        init.Zeros()("2, 3")


def _my_init(shape, dtype=None, partition_info=None):
    return np.zeros(shape)


@pytest.mark.parametrize("obj, text", [
    (init.GlorotUniform(), "glorot_uniform_initializer()"),
    (init.glorot_uniform_initializer, "glorot_uniform_initializer"),
    (init.Constant(0.3), "constant_initializer(value=0.3)"),
    (init.Constant([1, 2, 3]), "constant_initializer(value=[1, 2, 3])"),
    (init.Constant(np.arange(20)), "constant_initializer(value=array int64 (20,))"),
    (init.TruncatedNormal(stddev=0.1, seed=3), "truncated_normal_initializer(stddev=0.1, seed=3)"),
    (init.RandomUniform(-1, 1), "random_uniform_initializer(minval=-1, maxval=1)"),
    (init.VarianceScaling(2.0, distribution="uniform"),
     "variance_scaling_initializer(scale=2.0, distribution='uniform')"),
    (init.he_normal(seed=4), "he_normal(seed=4)"),
    (init.lecun_uniform(), "lecun_uniform()"),
    (init.Zeros(), "zeros_initializer()"),
    (init.Zeros(dtypes.int64), "zeros_initializer(dtype=int64)"),
    (init.Orthogonal(gain=2.0), "orthogonal_initializer(gain=2.0)"),
    (init.Identity(), "identity_initializer()"),
    (lambda shape, **kw: np.zeros(shape), "lambda"),
    (_my_init, "_my_init"),
    (np.arange(73), "value int64 (73,)"),
    (0.5, "value float32 ()"),
    ([1, 2], "value int32 (2,)"),
    ([[1.0, 2.0]], "value float32 (1, 2)"),
    (np.float64(1.0), "value float64 ()"),
    (None, "None"),
])
def test_describe(obj, text):
    assert init.describe(obj) == text


def test_describe_is_deterministic_repr():
    assert repr(init.TruncatedNormal(stddev=0.1, seed=3)) == \
        "truncated_normal_initializer(stddev=0.1, seed=3)"


@pytest.mark.parametrize("dtype, cls", [
    (dtypes.float32, init.GlorotUniform), (dtypes.float16, init.GlorotUniform),
    (dtypes.float64, init.GlorotUniform), (dtypes.int32, init.Zeros), (dtypes.uint8, init.Zeros),
    (dtypes.bool, init.Zeros), (dtypes.string, init.Zeros), ("int64", init.Zeros),
])
def test_default_initializer(dtype, cls):
    made = init.default_initializer("foo/v", dtype)
    assert type(made) is cls
    if cls is init.GlorotUniform:
        assert made.seed is None


def test_default_initializer_values_match_explicit_zeros():
    for dtype in [dtypes.int8, dtypes.uint8, dtypes.int16, dtypes.uint16, dtypes.int32,
                  dtypes.int64, dtypes.bool]:
        got = init.default_initializer("v", dtype)([3, 4], dtype=dtype)
        np.testing.assert_array_equal(got, init.zeros_initializer(dtype)([3, 4]))
        assert got.dtype == dtype.np


def test_default_initializer_complex_is_an_error():
    with pytest.raises(InitializerError, match=r"An initializer for variable foo/v of "
                                               r"<dtype: 'complex64'> is required") as err:
        init.default_initializer("foo/v", dtypes.complex64)
    assert err.value.name == "foo/v"


def test_no_warnings_in_plain_use():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        init.GlorotUniform(seed=1)([4, 4])
        init.Constant([1.0])([3])
