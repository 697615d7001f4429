"""Port of TF's ``partitioned_variables_test.py`` (spec §10.2), through ``import scopelab as tf``.

Portable tests only: sessions and ``global_variables_initializer`` disappear (values exist at
creation), ``tf.constant`` stands for TF tensors, and TF's random source variable becomes a
seeded NumPy array. Not ported: ``testControlDepsNone`` (graph control dependencies),
``testMetaGraphSaveLoad`` (Saver / meta graphs); ``testConcat`` keeps only its value check.
"""

import numpy as np
import pytest

import scopelab as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


def _concat(variables, axis):
    return np.concatenate([np.asarray(v) for v in variables], axis=axis)


def _specs(variables):
    return [v.save_slice_info.spec for v in variables]


# --- PartitionerCreatorsTest ----------------------------------------------------------------------
@pytest.mark.parametrize("use_resource", [None, True])
def test_fixed_size_partitioner(use_resource):
    partitioner = tf.fixed_size_partitioner(5, axis=0)
    with tf.variable_scope("root", partitioner=partitioner, use_resource=use_resource):
        v0 = tf.get_variable("v0", dtype=tf.float32, shape=(10, 10))
        assert len(v0._get_variable_list()) == 5
        assert list(v0._get_partitions()) == [5, 1]


def test_fixed_size_partitioner_int64():
    partitioner = tf.fixed_size_partitioner(4, axis=0)
    with tf.variable_scope("root", partitioner=partitioner):
        v0 = tf.get_variable("v0", dtype=tf.int64, shape=[20])
        assert len(v0._get_variable_list()) == 4


@pytest.mark.parametrize("name, axis, max_shard_bytes, expected_axis_shards, "
                         "expected_partitions, max_shards", [
                             ("v0", 0, 131072, 1, (1, 1, 1, 1), None),
                             ("v1", 1, 65536, 1, (1, 1, 1, 1), None),
                             ("v2", 2, 32768, 2, (1, 1, 2, 1), None),
                             ("v3a", 3, 2048, 32, (1, 1, 1, 32), None),
                             ("v3b", 3, 1024, 32, (1, 1, 1, 32), None),
                             ("v3c", 3, 1024, 32, (1, 1, 1, 32), 33),
                             ("v3d", 3, 1024, 2, (1, 1, 1, 2), 2),
                         ])
def test_variable_axis_size_partitioner(name, axis, max_shard_bytes, expected_axis_shards,
                                        expected_partitions, max_shards):
    partitioner = tf.variable_axis_size_partitioner(
        axis=axis, max_shard_bytes=max_shard_bytes, max_shards=max_shards)
    with tf.variable_scope("root", partitioner=partitioner):
        v0 = tf.get_variable(name, dtype=tf.float32, shape=(4, 8, 16, 32))
        assert len(v0._get_variable_list()) == expected_axis_shards
        assert tuple(v0._get_partitions()) == expected_partitions


def test_variable_axis_size_partitioner_strings():
    partitioner_axis3_str = tf.variable_axis_size_partitioner(
        axis=3, max_shard_bytes=32768, bytes_per_string_element=8)
    with tf.variable_scope("root", partitioner=partitioner_axis3_str):
        v3str = tf.get_variable(
            "v3str", initializer=np.array([""] * 4 * 8 * 16 * 32).reshape(4, 8, 16, 32),
            dtype=tf.string, shape=(4, 8, 16, 32))
        assert len(v3str._get_variable_list()) == 4
        assert tuple(v3str._get_partitions()) == (1, 1, 1, 4)


@pytest.mark.parametrize("max_partitions, axis, min_slice_size, var_name, var_shape, "
                         "expected_axis_shards, expected_partitions", [
                             (100, 0, 2 << 10, "v0_0", [2048], 4, [4]),
                             (100, 0, 256 << 10, "v0", [2048, 1024], 32, [32, 1]),
                             (16, 0, 256 << 10, "v1_max", [2048, 1024], 16, [16, 1]),
                             (1, 0, 256 << 10, "v2_max", [2048, 1024], 1, [1, 1]),
                             (100, 0, 128 << 10, "v3_slice", [2048, 1024], 64, [64, 1]),
                             (100, 0, 512 << 10, "v4_slice", [2048, 1024], 16, [16, 1]),
                             (100, 1, 256 << 10, "v5_axis", [64, 1024, 1, 3], 3, [1, 3, 1, 1]),
                             (100, 3, 256 << 10, "v6_axis", [64, 1024, 1, 3], 3, [1, 1, 1, 3]),
                             (100, 0, 256 << 10, "v7_shape", [16, 128, 1024], 16, [16, 1, 1]),
                             (100, 0, 256 << 10, "v8_shape", [4, 512, 1024], 4, [4, 1, 1]),
                         ])
def test_min_max_variable_partitioner(max_partitions, axis, min_slice_size, var_name,
                                      var_shape, expected_axis_shards, expected_partitions):
    partitioner = tf.min_max_variable_partitioner(
        max_partitions=max_partitions, axis=axis, min_slice_size=min_slice_size)
    with tf.variable_scope("root", partitioner=partitioner):
        v0 = tf.get_variable(var_name, dtype=tf.float32, shape=var_shape)
        assert len(v0._get_variable_list()) == expected_axis_shards
        assert list(v0._get_partitions()) == expected_partitions


# --- PartitionedVariablesTestCase -----------------------------------------------------------------
def _iota_initializer(shape, dtype=tf.float32, partition_info=None):
    assert dtype == tf.float32
    if len(shape) == 1:
        return range(shape[0])
    val = _iota_initializer(shape[1:], dtype)
    return [[(10**i) * v for v in val] for i in range(shape[0])]


def test_vec_constant_init():
    rnd_par = tf.constant([1, 2, 3, 4])
    vs = tf.create_partitioned_variables([4], [4], rnd_par)
    np.testing.assert_allclose(np.asarray(rnd_par), _concat(vs, 0))
    assert [v.dtype.base_dtype for v in vs] == [tf.int32] * 4
    assert _specs(vs) == ["4 0,1", "4 1,1", "4 2,1", "4 3,1"]


def test_constant_init():
    rnd_par = tf.constant([[1, 2, 3, 4], [5, 6, 7, 8]])
    vs = tf.create_partitioned_variables([2, 4], [1, 2], rnd_par)
    np.testing.assert_allclose(np.asarray(rnd_par), _concat(vs, 1))
    assert [v.dtype.base_dtype for v in vs] == [tf.int32] * 2
    assert _specs(vs) == ["2 4 0,2:0,2", "2 4 0,2:2,2"]


@pytest.mark.parametrize("use_resource", [False, True])
def test_name(use_resource):
    rnd_par = tf.constant([[1, 2, 3, 4], [5, 6, 7, 8]])
    with tf.variable_scope("hi", use_resource=use_resource):
        vs1 = tf.create_partitioned_variables([2, 4], [1, 2], rnd_par)
        vs2 = tf.create_partitioned_variables([2, 4], [1, 2], rnd_par)
    var1_name = vs1[0].save_slice_info.full_name
    var2_name = vs2[0].save_slice_info.full_name
    assert var1_name == "hi/PartitionedVariable"
    assert var2_name == "hi/PartitionedVariable_1"
    assert vs1[0].name == var1_name + "/part_0:0"
    assert vs1[1].name == var1_name + "/part_1:0"
    assert vs2[0].name == var2_name + "/part_0:0"
    assert vs2[1].name == var2_name + "/part_1:0"
    # Same variable, through the captured scope with reuse=True.
    tf.reset_default_graph()
    with tf.variable_scope("hola", use_resource=use_resource) as vs:
        vs1 = tf.create_partitioned_variables([2, 4], [1, 2], rnd_par, dtype=tf.int32)
    with tf.variable_scope(vs, reuse=True, use_resource=use_resource):
        vs2 = tf.create_partitioned_variables([2, 4], [1, 2], rnd_par, dtype=tf.int32)
    var1_name = vs1[0].save_slice_info.full_name
    var2_name = vs2[0].save_slice_info.full_name
    assert var1_name == var2_name == "hola/PartitionedVariable"
    assert [v.name for v in vs1] == [v.name for v in vs2] == [
        "hola/PartitionedVariable/part_0:0", "hola/PartitionedVariable/part_1:0"]
    # A name scope has no effect.
    tf.reset_default_graph()
    with tf.name_scope("ola"):
        vs1 = tf.create_partitioned_variables([2, 4], [1, 2], rnd_par)
        vs2 = tf.create_partitioned_variables([2, 4], [1, 2], rnd_par)
    assert vs1[0].save_slice_info.full_name == "PartitionedVariable"
    assert vs2[0].save_slice_info.full_name == "PartitionedVariable_1"
    assert vs1[1].name == "PartitionedVariable/part_1:0"
    assert vs2[0].name == "PartitionedVariable_1/part_0:0"


def _random_source(shape, dtype=np.float32):
    return tf.constant(np.random.default_rng(7).random(shape).astype(dtype))


def test_random_init_value():
    rnd = _random_source([200, 40])
    vs = tf.create_partitioned_variables(rnd.get_shape(), [1, 10], rnd)
    np.testing.assert_allclose(np.asarray(rnd), _concat(vs, 1))
    assert [v.dtype.base_dtype for v in vs] == [tf.float32] * 10
    assert _specs(vs) == [f"200 40 0,200:{4 * k},4" for k in range(10)]


def test_random_init_uneven_partitions():
    rnd = _random_source([20, 43], np.float64)
    var_lists = [tf.create_partitioned_variables(rnd.get_shape(), [1, i], rnd)
                 for i in range(1, 10)]
    save_specs = [
        ["20 43 0,20:0,43"],
        ["20 43 0,20:0,22", "20 43 0,20:22,21"],
        ["20 43 0,20:0,15", "20 43 0,20:15,14", "20 43 0,20:29,14"],
        ["20 43 0,20:0,11", "20 43 0,20:11,11", "20 43 0,20:22,11", "20 43 0,20:33,10"],
        ["20 43 0,20:0,9", "20 43 0,20:9,9", "20 43 0,20:18,9", "20 43 0,20:27,8",
         "20 43 0,20:35,8"],
    ]
    for i, vs in enumerate(var_lists):
        np.testing.assert_allclose(np.asarray(rnd), _concat(vs, 1))
        assert [v.dtype.base_dtype for v in vs] == [tf.float64] * len(vs)
        if i < len(save_specs):
            assert _specs(vs) == save_specs[i]


def test_degenerate():
    rnd = _random_source([10, 43])
    vs = tf.create_partitioned_variables(rnd.get_shape(), [1, 1], rnd)
    np.testing.assert_allclose(np.asarray(rnd), _concat(vs, 0))
    assert _specs(vs) == ["10 43 0,10:0,43"]


def test_slice_size_one():
    rnd = _random_source([10, 43])
    vs = tf.create_partitioned_variables(rnd.get_shape(), [10, 1], rnd)
    np.testing.assert_allclose(np.asarray(rnd), _concat(vs, 0))
    assert _specs(vs) == [f"10 43 {i},1:0,43" for i in range(10)]


def test_iota_initializer():
    np.testing.assert_allclose([0.0, 1.0, 2.0, 3.0], _iota_initializer([4]))
    np.testing.assert_allclose([[0.0, 1.0], [0.0, 10.0], [0.0, 100.0], [0.0, 1000.0]],
                               _iota_initializer([4, 2]))
    vs = tf.create_partitioned_variables([13, 5], [3, 1], _iota_initializer)
    slice0 = _iota_initializer([5, 5])
    slice1 = _iota_initializer([4, 5])
    slice2 = _iota_initializer([4, 5])
    np.testing.assert_allclose(slice0 + slice1 + slice2, _concat(vs, 0))
    assert _specs(vs) == ["13 5 0,5:0,5", "13 5 5,4:0,5", "13 5 9,4:0,5"]


def test_random_initializer():
    var0, var1 = tf.create_partitioned_variables([20, 12], [1, 2],
                                                 tf.random_uniform_initializer())
    val0, val1 = np.asarray(var0).flatten(), np.asarray(var1).flatten()
    assert np.linalg.norm(val0 - val1) > 1e-6
    tf.reset_default_graph()
    var0, var1 = tf.create_partitioned_variables([20, 12], [1, 2],
                                                 tf.random_uniform_initializer(seed=201))
    np.testing.assert_allclose(np.asarray(var0).flatten(), np.asarray(var1).flatten())


@pytest.mark.parametrize("shape, slicing", [
    ([10], [1, 1]), ([10, 20], [1]), ([10, 43], [1]), ([10, 43], [1, 2, 3]),
    ([10, 43], [11, 1]), ([10, 43], [20, 1]), ([10, 43], [1, 50]),
])
def test_some_errors(shape, slicing):
    rnd = _random_source([10, 43])
    before = tf.global_variables()
    with pytest.raises(ValueError):
        tf.create_partitioned_variables(shape, slicing, rnd)
    assert tf.global_variables() == before  # a failed call leaves nothing behind


def test_concat_value():
    var_x = tf.get_variable("x", initializer=tf.constant([1.0, 2.0]),
                            partitioner=tf.variable_axis_size_partitioner(4))
    np.testing.assert_allclose(np.asarray(var_x._concat()), np.asarray(var_x.as_tensor()))
    np.testing.assert_allclose(np.asarray(var_x.as_tensor()), [1.0, 2.0])
