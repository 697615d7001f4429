"""Initializers called per shard (spec §6.5, 6.6, 8): fans from the full shape, Identity windows,
TF1's identical seeded shards, and the opt-in partition-invariant mode."""

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from scopelab import config, initializers as init, kernels, random_seed
from scopelab.initializers import TRUNCATED_NORMAL_STDDEV_FACTOR as TN
from scopelab.partitioners import PartitionInfo, iter_slices


@pytest.fixture(autouse=True)
def fresh_graph():
    random_seed.reset()
    yield
    random_seed.reset()


@pytest.fixture
def invariant(monkeypatch):
    monkeypatch.setattr(config.settings, "partition_invariant", True)


def _shards(initializer, full_shape, num_slices, axis, dtype=None, keys=None):
    """Call ``initializer`` once per shard, in order, as the store does (the shards' partition
    infos share one ``variable_keys`` dict)."""
    keys = {} if keys is None else keys
    out = []
    for offset, shape in iter_slices(full_shape, num_slices, axis):
        out.append(initializer(shape, dtype=dtype, partition_info=PartitionInfo(
            full_shape, offset, variable_keys=keys)))
    return out


def _key(seed):
    return kernels.make_key(*random_seed.get_seed(seed))


# --- fans come from the full shape (TF behaviour, both modes) -------------------------------------
@pytest.mark.parametrize("make, kind, spread", [
    (lambda: init.GlorotUniform(seed=1), "uniform", math.sqrt(6.0 / (200 + 30))),
    (lambda: init.GlorotNormal(seed=1), "truncated_normal", math.sqrt(2.0 / 230) / TN),
    (lambda: init.VarianceScaling(2.0, "fan_in", "untruncated_normal", seed=1), "normal",
     math.sqrt(2.0 / 200)),
    (lambda: init.he_uniform(seed=1), "uniform", math.sqrt(3 * 2.0 / 200)),
    (lambda: init.UniformUnitScaling(factor=1.5, seed=1), "uniform", math.sqrt(3 / 200) * 1.5),
])
def test_fans_from_partition_info_full_shape(make, kind, spread):
    shard_shape, info = [50, 30], PartitionInfo([200, 30], [50, 0])
    value = make()(shard_shape, partition_info=info)
    low, high = (-spread, spread) if kind == "uniform" else (0.0, spread)
    expected = getattr(kernels, kind)((50, 30), np.float32, _key(1), low, high)
    np.testing.assert_array_equal(value, expected)
    # ...and not the shard's own fans
    assert not np.array_equal(value, make()(shard_shape))


def test_identity_shards_are_windows_of_the_full_identity():
    shards = _shards(init.Identity(gain=2.0), [4, 7], 3, 1)
    assert [s.shape for s in shards] == [(4, 3), (4, 2), (4, 2)]
    np.testing.assert_array_equal(np.concatenate(shards, axis=1), 2.0 * np.eye(4, 7))
    rows = _shards(init.Identity(), [5, 5], 2, 0)
    np.testing.assert_array_equal(np.concatenate(rows, axis=0), np.eye(5))


def test_identity_full_shape_must_be_2d_even_for_a_2d_shard():
    with pytest.raises(ValueError, match="2D matrices"):
        init.Identity()([2, 2], partition_info=PartitionInfo([2, 2, 2], [0, 0, 0]))


# --- TF1 default mode: per-shard draws ------------------------------------------------------------
def test_seeded_shards_are_identical_like_tf():
    """partitioned_variables_test.testRandomInitializer, second half."""
    var0, var1 = _shards(init.random_uniform_initializer(seed=201), [20, 12], 2, 1)
    np.testing.assert_array_equal(var0, var1)


def test_unseeded_shards_differ_like_tf():
    """partitioned_variables_test.testRandomInitializer, first half."""
    var0, var1 = _shards(init.random_uniform_initializer(), [20, 12], 2, 1)
    assert np.linalg.norm(var0.flatten() - var1.flatten()) > 1e-6


def test_graph_seed_shards_differ_but_repeat_after_reset():
    random_seed.set_random_seed(3)
    first = _shards(init.GlorotUniform(), [9, 4], 3, 0)
    assert not np.array_equal(first[0], first[1])
    random_seed.reset()
    random_seed.set_random_seed(3)
    again = _shards(init.GlorotUniform(), [9, 4], 3, 0)
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)


def test_orthogonal_ignores_partition_info_by_default():
    shard = init.Orthogonal(seed=4)([3, 5], partition_info=PartitionInfo([6, 5], [3, 0]))
    np.testing.assert_array_equal(shard, init.Orthogonal(seed=4)([3, 5]))


def test_constant_is_called_with_the_shard_shape():
    shards = _shards(init.Constant([1.0, 2.0]), [4, 3], 2, 0)
    for s in shards:
        np.testing.assert_array_equal(s, [[1, 2, 2], [2, 2, 2]])
    with pytest.raises(ValueError, match="Too many elements provided. Needed at most 6, but "
                                         "received 12"):
        _shards(init.Constant(np.arange(12)), [4, 3], 2, 0)


# --- partition-invariant mode ---------------------------------------------------------------------
INVARIANT_FACTORIES = [
    lambda seed=None: init.RandomUniform(-1, 3, seed=seed),
    lambda seed=None: init.RandomNormal(2.0, 0.5, seed=seed),
    lambda seed=None: init.TruncatedNormal(seed=seed),
    lambda seed=None: init.UniformUnitScaling(seed=seed),
    lambda seed=None: init.VarianceScaling(seed=seed),
    lambda seed=None: init.GlorotUniform(seed=seed),
    lambda seed=None: init.GlorotNormal(seed=seed),
    lambda seed=None: init.he_normal(seed=seed),
    lambda seed=None: init.Orthogonal(seed=seed),
]
LAYOUTS = [([13, 6], 3, 0), ([20, 43], 5, 1), ([4, 9, 5], 2, 1), ([7, 3], 1, 0)]


@pytest.mark.parametrize("full_shape, k, axis", LAYOUTS)
@pytest.mark.parametrize("factory", INVARIANT_FACTORIES)
def test_invariant_seeded_shards_are_slices_of_the_full_variable(invariant, factory, full_shape,
                                                                  k, axis):
    full = factory(seed=9)(full_shape)
    shards = _shards(factory(seed=9), full_shape, k, axis)
    np.testing.assert_array_equal(np.concatenate(shards, axis=axis), full)


@pytest.mark.parametrize("factory", INVARIANT_FACTORIES)
def test_invariant_unseeded_under_graph_seed_matches_unpartitioned_run(invariant, factory):
    random_seed.set_random_seed(17)
    full_a, full_b = factory()([12, 5]), factory()([6, 4])
    random_seed.reset()
    random_seed.set_random_seed(17)
    shards_a = _shards(factory(), [12, 5], 4, 0)  # one op id for the whole variable...
    after_b = factory()([6, 4])                    # ...so the next variable lines up too
    np.testing.assert_array_equal(np.concatenate(shards_a, axis=0), full_a)
    np.testing.assert_array_equal(after_b, full_b)


def test_invariant_shared_instance_draws_one_key_per_variable(invariant):
    random_seed.set_random_seed(2)
    shared = init.GlorotUniform()
    full_a, full_b = shared([6, 4]), shared([6, 4])
    random_seed.reset()
    random_seed.set_random_seed(2)
    a = np.concatenate(_shards(shared, [6, 4], 3, 0), axis=0)
    b = np.concatenate(_shards(shared, [6, 4], 2, 1), axis=1)
    np.testing.assert_array_equal(a, full_a)
    np.testing.assert_array_equal(b, full_b)


def test_invariant_fresh_instance_per_shard_still_one_variable(invariant):
    """The store makes a new default initializer for every shard (TF does too)."""
    random_seed.set_random_seed(4)
    full = init.GlorotUniform()([9, 4])
    random_seed.reset()
    random_seed.set_random_seed(4)
    keys = {}
    shards = [init.GlorotUniform()(shape, partition_info=PartitionInfo([9, 4], offset,
                                                                       variable_keys=keys))
              for offset, shape in iter_slices([9, 4], 3, 0)]
    np.testing.assert_array_equal(np.concatenate(shards, axis=0), full)


def test_invariant_without_any_seed_shards_form_one_random_tensor(invariant):
    made = init.RandomNormal()
    keys = {}
    shards = _shards(made, [10, 6], 3, 0, keys=keys)
    (key,) = keys.values()
    expected = kernels.normal((10, 6), np.float32, key, 0.0, 1.0)
    np.testing.assert_array_equal(np.concatenate(shards, axis=0), expected)
    again = _shards(made, [10, 6], 3, 0)  # a new variable gets fresh numbers
    assert not np.array_equal(np.concatenate(again, axis=0), expected)


def test_invariant_constant_splits_a_full_value(invariant):
    shards = _shards(init.Constant(list(range(10))), [4, 3], 3, 0)
    np.testing.assert_array_equal(np.concatenate(shards, axis=0),
                                  [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 9, 9]])


def test_invariant_mode_is_off_by_default():
    assert config.settings.partition_invariant is False


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 12), min_size=2, max_size=3), st.data(),
       st.sampled_from(INVARIANT_FACTORIES), st.integers(0, 2**31 - 2))
def test_invariant_property_any_layout(full_shape, data, factory, seed):
    axis = data.draw(st.integers(0, len(full_shape) - 1))
    k = data.draw(st.integers(1, full_shape[axis]))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(config.settings, "partition_invariant", True)
        full = factory(seed=seed)(full_shape)
        shards = _shards(factory(seed=seed), full_shape, k, axis)
    np.testing.assert_array_equal(np.concatenate(shards, axis=axis), full)
