"""Initializers end to end through ``tf.get_variable`` (store + scopes), and the CUDA target."""

import math

import numpy as np
import pytest

import scopelab as tf
from scopelab import config, initializers as init, kernels


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


def test_default_initializer_is_glorot_uniform_with_fans_of_the_full_variable():
    with tf.variable_scope("s", partitioner=tf.fixed_size_partitioner(4)):
        pv = tf.get_variable("w", [400, 200])
    limit = math.sqrt(6.0 / 600)
    value = np.asarray(pv.as_tensor())
    # [float32(-limit), limit): TF draws in float32, so the low end is the float32 of -limit (which
    # lies below -limit), while the high end stays strictly below limit
    assert value.max() < limit and value.min() >= np.float32(-limit)
    assert np.abs(value).max() > 0.999 * limit
    assert all(v.initializer_desc == "glorot_uniform_initializer()" for v in pv)


def test_default_initializer_for_ints_is_zeros():
    v = tf.get_variable("i", [3], dtype=tf.int32)
    np.testing.assert_array_equal(np.asarray(v), [0, 0, 0])
    assert v.initializer_desc == "zeros_initializer()"


def test_scope_initializer_and_description():
    with tf.variable_scope("s", initializer=tf.truncated_normal_initializer(stddev=0.1, seed=3)):
        v = tf.get_variable("v", [50, 40])
    assert v.initializer_desc == "truncated_normal_initializer(stddev=0.1, seed=3)"
    np.testing.assert_array_equal(
        np.asarray(v), init.TruncatedNormal(stddev=0.1, seed=3)([50, 40]))


def test_seeded_shards_identical_unseeded_differ_through_get_variable():
    with tf.variable_scope("a", partitioner=tf.fixed_size_partitioner(2)):
        seeded = tf.get_variable("v", [6, 3], initializer=tf.random_normal_initializer(seed=5))
        unseeded = tf.get_variable("u", [6, 3], initializer=tf.random_normal_initializer())
    s0, s1 = (np.asarray(v) for v in seeded)
    np.testing.assert_array_equal(s0, s1)
    u0, u1 = (np.asarray(v) for v in unseeded)
    assert not np.array_equal(u0, u1)


def test_graph_seed_makes_get_variable_reproducible_after_reset():
    def build():
        tf.set_random_seed(123)
        with tf.variable_scope("net"):
            w = tf.get_variable("w", [5, 4])
            b = tf.get_variable("b", [4], initializer=tf.random_uniform_initializer())
        return np.asarray(w), np.asarray(b)

    first = build()
    tf.reset_default_graph()
    second = build()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[0][0], first[0][1])


def test_partition_invariant_mode_end_to_end(monkeypatch):
    monkeypatch.setattr(config.settings, "partition_invariant", True)

    def build(partitioner):
        tf.reset_default_graph()
        tf.set_random_seed(9)
        with tf.variable_scope("emb", partitioner=partitioner):
            table = tf.get_variable("table", [13, 4])
            other = tf.get_variable("other", [3, 5], initializer=tf.orthogonal_initializer())
        return np.asarray(table.as_tensor() if partitioner else table), np.asarray(
            other.as_tensor() if partitioner else other)

    plain = build(None)
    for k in (2, 3, 5):
        sharded = build(tf.fixed_size_partitioner(k))
        np.testing.assert_array_equal(sharded[0], plain[0])
        np.testing.assert_array_equal(sharded[1], plain[1])


def test_identity_initializer_through_a_partitioner():
    with tf.variable_scope("s", partitioner=tf.fixed_size_partitioner(3, axis=1)):
        pv = tf.get_variable("eye", [4, 7], initializer=tf.initializers.identity())
    np.testing.assert_array_equal(np.asarray(pv.as_tensor()), np.eye(4, 7))


def test_constant_initializer_list_per_shard_error_explains():
    with tf.variable_scope("s", partitioner=tf.fixed_size_partitioner(2)):
        with pytest.raises(ValueError, match="Too many elements provided"):
            tf.get_variable("c", [4], initializer=tf.constant_initializer([1.0, 2.0, 3.0, 4.0]))
    assert tf.global_variables() == []


def test_tf_initializers_namespace():
    for name in ["zeros", "ones", "constant", "random_uniform", "random_normal",
                 "truncated_normal", "uniform_unit_scaling", "variance_scaling",
                 "glorot_uniform", "glorot_normal", "orthogonal", "identity", "lecun_normal",
                 "lecun_uniform", "he_normal", "he_uniform"]:
        assert callable(getattr(tf.initializers, name))
    v = tf.get_variable("h", [30, 20], initializer=tf.initializers.he_normal(seed=1))
    assert v.initializer_desc == "he_normal(seed=1)"


# --- CUDA target (Numba's simulator in the test suite) ------------------------------------------
needs_cuda = pytest.mark.skipif(not kernels.cuda_available(),
                                reason="no GPU and NUMBA_ENABLE_CUDASIM is not set")


@pytest.mark.cuda
@needs_cuda
@pytest.mark.parametrize("made", [
    init.GlorotUniform(seed=1), init.TruncatedNormal(seed=2), init.RandomNormal(seed=3),
    init.RandomUniform(0, 5, seed=4), init.Orthogonal(seed=5), init.Identity(),
    init.Constant([1.0, 2.0]), init.Zeros(), init.Ones(),
])
def test_cuda_target_equals_cpu(made):
    shape = [16, 8]
    on_device = made(shape, target="cuda")
    assert hasattr(on_device, "copy_to_host")
    np.testing.assert_array_equal(kernels.to_host(on_device), made(shape, target="cpu"))


@pytest.mark.cuda
@needs_cuda
def test_cuda_target_windows_equal_cpu(monkeypatch):
    from scopelab.partitioners import PartitionInfo

    monkeypatch.setattr(config.settings, "partition_invariant", True)
    info = PartitionInfo([12, 8], [4, 0])
    made = init.GlorotNormal(seed=6)
    np.testing.assert_array_equal(kernels.to_host(made([4, 8], partition_info=info,
                                                       target="cuda")),
                                  made([4, 8], partition_info=info))
