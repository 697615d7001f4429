"""Partitioned variables through get_variable and create_partitioned_variables.

Ports TF's ``VariableScopeWithPartitioningTest`` and ``PartitionedVariablesTestCase`` (spec §10),
plus the partition rules of spec §6 and §12 (rule 11), checked end to end through the store.
"""

import numpy as np
import pytest

import scopelab as tf
from scopelab.errors import (
    PartitionerError, PartitioningConflictError, PartitionMismatchError,
    ShapeMismatchError, DtypeMismatchError, VariableAlreadyExistsError, VariableNotFoundError,
)
from scopelab.store import get_default_store


def axis0_into1_partitioner(shape=None, **unused_kwargs):
    return [1] * len(shape)


def axis0_into2_partitioner(shape=None, **unused_kwargs):
    part = [1] * len(shape)
    part[0] = 2
    return part


def axis0_into3_partitioner(shape=None, **unused_kwargs):
    part = [1] * len(shape)
    part[0] = 3
    return part


def names(variables):
    return [v.name for v in variables]


# --- VariableScopeWithPartitioningTest --------------------------------------------------------------
def test_result_name_matches_requested():
    with tf.variable_scope("scope0", partitioner=axis0_into2_partitioner):
        v = tf.get_variable("name0", shape=(3, 1, 1))
        assert v.name == "scope0/name0"
        global_names = names(tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES))
        assert "scope0/name0/part_0:0" in global_names
        assert "scope0/name0/part_1:0" in global_names
        assert "scope0/name0/part_2:0" not in global_names
        assert v not in tf.global_variables()               # the container is in no collection


def test_breaks_if_partitioning_changes():
    with tf.variable_scope("scope0", partitioner=axis0_into2_partitioner):
        tf.get_variable("name0", shape=(3, 1, 1))
    pattern = "Trying to reuse partitioned variable .* but specified partitions .* and found partitions .*"
    for partitioner in (axis0_into3_partitioner, axis0_into1_partitioner):
        with tf.variable_scope("scope0", partitioner=partitioner, reuse=True):
            with pytest.raises(ValueError, match=pattern) as info:
                tf.get_variable("name0", shape=(3, 1, 1))
        assert isinstance(info.value, PartitionMismatchError)


def test_returns_existing_container_on_reuse():
    with tf.variable_scope("scope0", partitioner=axis0_into2_partitioner):
        v = tf.get_variable("name0", shape=(3, 1, 1))
        tf.get_variable_scope().reuse_variables()
        assert tf.get_variable("name0", shape=(3, 1, 1)) is v


def test_allows_reuse_without_partitioner():
    with tf.variable_scope("scope0", partitioner=axis0_into2_partitioner):
        v = tf.get_variable("name0", shape=(3, 1, 1))
    with tf.variable_scope("scope0", reuse=True):
        assert tf.get_variable("name0") is v


def test_propagate_partitioner_on_reopening():
    with tf.variable_scope("scope0", partitioner=axis0_into2_partitioner) as vs:
        assert vs.partitioner is axis0_into2_partitioner
        with tf.variable_scope(vs) as vs1:
            assert vs1.partitioner is axis0_into2_partitioner


def test_scalar_ignores_partitioner():
    with tf.variable_scope("scope0", partitioner=axis0_into2_partitioner):
        v = tf.get_variable("name0", shape=())
        assert v.name == "scope0/name0:0"
        assert "scope0/name0:0" in names(tf.global_variables())


def test_partition_concatenates_along_the_right_axis():
    with tf.variable_scope("root"):
        v0 = tf.get_variable("n0", shape=(2, 2, 2), partitioner=lambda **kw: (2, 1, 1))
        v1 = tf.get_variable("n1", shape=(2, 2, 2), partitioner=lambda **kw: (1, 2, 1))
    assert v0.get_shape() == (2, 2, 2) and v1.get_shape() == (2, 2, 2)
    assert [s.get_shape().as_list() for s in v0] == [[1, 2, 2], [1, 2, 2]]
    assert [s.get_shape().as_list() for s in v1] == [[2, 1, 2], [2, 1, 2]]
    np.testing.assert_array_equal(
        v1.as_tensor(), np.concatenate([np.asarray(s) for s in v1], axis=1))


# --- PartitionedVariablesTestCase (create_partitioned_variables) -------------------------------
def specs(shards):
    return [s.save_slice_info.spec for s in shards]


def test_vec_constant_init():
    rnd_par = tf.constant([1, 2, 3, 4])
    vs = tf.create_partitioned_variables([4], [4], rnd_par)
    np.testing.assert_array_equal(np.concatenate([np.asarray(v) for v in vs]), [1, 2, 3, 4])
    assert [v.dtype for v in vs] == [tf.int32] * 4
    assert specs(vs) == ["4 0,1", "4 1,1", "4 2,1", "4 3,1"]


def test_constant_init():
    rnd_par = tf.constant([[1, 2, 3, 4], [5, 6, 7, 8]])
    vs = tf.create_partitioned_variables([2, 4], [1, 2], rnd_par)
    np.testing.assert_array_equal(np.concatenate([np.asarray(v) for v in vs], axis=1),
                                  np.asarray(rnd_par))
    assert [v.dtype for v in vs] == [tf.int32] * 2
    assert specs(vs) == ["2 4 0,2:0,2", "2 4 0,2:2,2"]


def test_names_of_create_partitioned_variables():
    rnd_par = tf.constant([[1, 2, 3, 4], [5, 6, 7, 8]])
    with tf.variable_scope("hi"):
        vs1 = tf.create_partitioned_variables([2, 4], [1, 2], rnd_par)
        vs2 = tf.create_partitioned_variables([2, 4], [1, 2], rnd_par)
    var1_name = vs1[0].save_slice_info.full_name
    var2_name = vs2[0].save_slice_info.full_name
    assert (var1_name, var2_name) == ("hi/PartitionedVariable", "hi/PartitionedVariable_1")
    assert names(vs1) == [var1_name + "/part_0:0", var1_name + "/part_1:0"]
    assert names(vs2) == [var2_name + "/part_0:0", var2_name + "/part_1:0"]
    with tf.variable_scope("hola") as vs:
        vs1 = tf.create_partitioned_variables([2, 4], [1, 2], rnd_par, dtype=tf.int32)
    with tf.variable_scope(vs, reuse=True):
        vs2 = tf.create_partitioned_variables([2, 4], [1, 2], rnd_par, dtype=tf.int32)
    assert vs1[0].save_slice_info.full_name == "hola/PartitionedVariable"
    assert vs2[0] is vs1[0] and vs2[1] is vs1[1]
    with tf.name_scope("ola"):                      # the name scope has no effect
        vs1 = tf.create_partitioned_variables([2, 4], [1, 2], rnd_par)
        vs2 = tf.create_partitioned_variables([2, 4], [1, 2], rnd_par)
    assert vs1[0].save_slice_info.full_name == "PartitionedVariable"
    assert vs2[0].save_slice_info.full_name == "PartitionedVariable_1"
    assert names(vs1) == ["PartitionedVariable/part_0:0", "PartitionedVariable/part_1:0"]


def test_random_init_value_is_split_across_shards():
    rnd = tf.constant(np.random.default_rng(0).uniform(size=(200, 40)).astype(np.float32))
    vs = tf.create_partitioned_variables(tf.TensorShape([200, 40]), [1, 10], rnd)
    np.testing.assert_array_equal(np.concatenate([np.asarray(v) for v in vs], axis=1), rnd)
    assert [v.dtype for v in vs] == [tf.float32] * 10
    assert specs(vs) == ["200 40 0,200:%d,4" % (4 * i) for i in range(10)]


def test_random_init_uneven_partitions():
    rnd = tf.constant(np.random.default_rng(1).uniform(size=(20, 43)))   # float64
    var_lists = [tf.create_partitioned_variables(rnd.shape, [1, i], rnd) for i in range(1, 10)]
    for vs in var_lists:
        np.testing.assert_array_equal(np.concatenate([np.asarray(v) for v in vs], axis=1), rnd)
        assert all(v.dtype == tf.float64 for v in vs)
    assert specs(var_lists[0]) == ["20 43 0,20:0,43"]
    assert specs(var_lists[1]) == ["20 43 0,20:0,22", "20 43 0,20:22,21"]
    assert specs(var_lists[2]) == ["20 43 0,20:0,15", "20 43 0,20:15,14", "20 43 0,20:29,14"]
    assert specs(var_lists[3]) == ["20 43 0,20:0,11", "20 43 0,20:11,11", "20 43 0,20:22,11",
                                   "20 43 0,20:33,10"]
    assert specs(var_lists[4]) == ["20 43 0,20:0,9", "20 43 0,20:9,9", "20 43 0,20:18,9",
                                   "20 43 0,20:27,8", "20 43 0,20:35,8"]


def test_degenerate_and_slice_size_one():
    rnd = tf.constant(np.ones((10, 43), np.float32))
    (single,) = tf.create_partitioned_variables(rnd.shape, [1, 1], rnd)
    assert single.save_slice_info.spec == "10 43 0,10:0,43"
    vs = tf.create_partitioned_variables(rnd.shape, [10, 1], rnd)
    assert specs(vs) == ["10 43 %d,1:0,43" % i for i in range(10)]


def _iota_initializer(shape, dtype=tf.float32, partition_info=None):
    if len(shape) == 1:
        return range(shape[0])
    val = _iota_initializer(shape[1:], dtype)
    return [[(10 ** i) * v for v in val] for i in range(shape[0])]


def test_iota_initializer_is_called_per_shard():
    vs = tf.create_partitioned_variables([13, 5], [3, 1], _iota_initializer)
    expected = (_iota_initializer([5, 5]) + _iota_initializer([4, 5]) +
                _iota_initializer([4, 5]))
    np.testing.assert_allclose(np.concatenate([np.asarray(v) for v in vs]), expected)
    assert specs(vs) == ["13 5 0,5:0,5", "13 5 5,4:0,5", "13 5 9,4:0,5"]


def test_random_initializer_shards_differ_unless_seeded():
    for init in (tf.random_uniform_initializer(0.0, 1.0), tf.random_normal_initializer(),
                 tf.truncated_normal_initializer()):
        var0, var1 = tf.create_partitioned_variables([20, 12], [1, 2], init)
        assert np.linalg.norm(np.asarray(var0) - np.asarray(var1)) > 1e-6
    for init in (tf.random_uniform_initializer(0.0, 1.0, seed=201),
                 tf.random_normal_initializer(seed=201),
                 tf.truncated_normal_initializer(seed=201)):
        var0, var1 = tf.create_partitioned_variables([20, 12], [1, 2], init)
        np.testing.assert_allclose(np.asarray(var0), np.asarray(var1))


@pytest.mark.parametrize("shape,slicing", [([10], [1, 1]), ([10, 20], [1]), ([10, 43], [1]),
                                           ([10, 43], [1, 2, 3]), ([10, 43], [11, 1]),
                                           ([10, 43], [20, 1]), ([10, 43], [1, 50])])
def test_some_errors(shape, slicing):
    rnd = np.zeros(shape[:2] if len(shape) > 1 else shape, np.float32)
    store = get_default_store()
    with pytest.raises(ValueError) as info:
        tf.create_partitioned_variables(shape, slicing, rnd)
    assert isinstance(info.value, PartitionerError)
    assert store.variables() == [] and store.partitioned_variables() == []


def test_concat_equals_as_tensor():
    pv = tf.get_variable("v", [6, 2], partitioner=tf.fixed_size_partitioner(3))
    np.testing.assert_array_equal(pv._concat(), pv.as_tensor())
    np.testing.assert_array_equal(np.asarray(pv), pv.as_tensor())
    assert len(pv) == 3 and len(pv._get_variable_list()) == 3


# --- spec §6 / §12 rule 11 ------------------------------------------------------------------------
def test_all_ones_partitioner_still_makes_one_shard():
    pv = tf.get_variable("v", [4, 3], partitioner=axis0_into1_partitioner)
    assert isinstance(pv, tf.PartitionedVariable)
    assert names(pv) == ["v/part_0:0"]


def test_first_shards_get_the_extra_rows():
    pv = tf.get_variable("v", [10, 2], partitioner=tf.fixed_size_partitioner(4))
    assert [s.shape.as_list()[0] for s in pv] == [3, 3, 2, 2]
    assert [s.save_slice_info.var_offset for s in pv] == [[0, 0], [3, 0], [6, 0], [8, 0]]


def test_more_shards_than_rows_is_an_error_and_leaves_nothing():
    with pytest.raises(ValueError) as info:
        tf.get_variable("v", [2, 3], partitioner=lambda **kw: [3, 1])
    assert isinstance(info.value, PartitionerError)
    assert get_default_store().variables() == []


def test_partitions_are_compared_with_python_inequality():
    tf.get_variable("v", [4, 1], partitioner=lambda **kw: (2, 1))
    with tf.variable_scope(tf.get_variable_scope(), reuse=tf.AUTO_REUSE):
        with pytest.raises(PartitionMismatchError, match="specified partitions"):
            tf.get_variable("v", [4, 1], partitioner=lambda **kw: [2, 1])
        assert tf.get_variable("v", [4, 1], partitioner=lambda **kw: (2, 1)).name == "v"


def test_auto_reuse_without_partitioner_finds_the_partitioned_version():
    tf.get_variable("v", [4, 2], partitioner=axis0_into2_partitioner)
    with tf.variable_scope(tf.get_variable_scope(), reuse=tf.AUTO_REUSE):
        with pytest.raises(ValueError, match="No partitioner was provided, but a partitioned "
                                             "version of the variable was found: v/part_0") as info:
            tf.get_variable("v", [4, 2])
    assert isinstance(info.value, PartitioningConflictError)


def test_reuse_true_with_scope_partitioner_needs_a_shape():
    with tf.variable_scope("s", partitioner=axis0_into2_partitioner):
        tf.get_variable("v", [4, 2])
    with tf.variable_scope("s", partitioner=axis0_into2_partitioner, reuse=True):
        with pytest.raises(ValueError, match="Shape of a new partitioned variable must be fully "
                                             "defined"):
            tf.get_variable("v")


def test_partitioner_on_an_unpartitioned_name_is_a_conflict():
    tf.get_variable("v", [4, 2])
    with tf.variable_scope(tf.get_variable_scope(), reuse=tf.AUTO_REUSE):
        with pytest.raises(ValueError, match="A partitioner was provided, but an unpartitioned "
                                             "version of the variable was found: v.  Perhaps"):
            tf.get_variable("v", [4, 2], partitioner=axis0_into2_partitioner)


def test_partitioned_exists_and_missing_messages():
    with tf.variable_scope("s", partitioner=axis0_into2_partitioner):
        tf.get_variable("v", [4, 2])
        with pytest.raises(VariableAlreadyExistsError,
                           match="Partitioned variable with name s/v already exists"):
            tf.get_variable("v", [4, 2])
    with tf.variable_scope("s", partitioner=axis0_into2_partitioner, reuse=True):
        with pytest.raises(VariableNotFoundError,
                           match="PartitionedVariable s/w does not exist, or was not created"):
            tf.get_variable("w", [4, 2])


def test_partitioned_shape_and_dtype_checks_on_reuse():
    with tf.variable_scope("s", partitioner=axis0_into2_partitioner):
        tf.get_variable("v", [4, 2])
    with tf.variable_scope("s", partitioner=axis0_into2_partitioner, reuse=True):
        with pytest.raises(ShapeMismatchError, match="Trying to reuse partitioned variable s/v, "
                                                     "but specified shape"):
            tf.get_variable("v", [6, 2])
        with pytest.raises(DtypeMismatchError, match="specified dtype float64 and found dtype "
                                                     "float32"):
            tf.get_variable("v", [4, 2], dtype=tf.float64)


def test_one_regularization_loss_per_shard_and_none_on_reuse():
    reg = lambda v: tf.reduce_sum(v)
    with tf.variable_scope("s", partitioner=tf.fixed_size_partitioner(3), regularizer=reg):
        pv = tf.get_variable("v", [6, 1], initializer=tf.ones_initializer())
    losses = tf.get_regularization_losses()
    assert [float(loss) for loss in losses] == [2.0, 2.0, 2.0]
    assert float(tf.losses.get_regularization_loss()) == pytest.approx(6.0)
    with tf.variable_scope("s", partitioner=tf.fixed_size_partitioner(3), reuse=True):
        assert tf.get_variable("v", [6, 1]) is pv
    assert len(tf.get_regularization_losses()) == 3


def test_list_constant_under_a_partitioner_needs_a_shape():
    with pytest.raises(ValueError, match="must be fully defined"):
        tf.get_variable("v", initializer=[[1.0, 2.0], [3.0, 4.0]],
                        partitioner=axis0_into2_partitioner)
    pv = tf.get_variable("w", shape=[2, 2], initializer=[[1.0, 2.0], [3.0, 4.0]],
                         partitioner=axis0_into2_partitioner)
    np.testing.assert_array_equal(pv.as_tensor(), [[1, 2], [3, 4]])
    assert pv.dtype == tf.float32


def test_tensor_constant_infers_shape_and_forces_its_dtype():
    pv = tf.get_variable("v", initializer=tf.constant([[1, 2], [3, 4]]),
                         partitioner=axis0_into2_partitioner)
    assert pv.get_shape().as_list() == [2, 2] and pv.dtype == tf.int32
    assert [s.dtype for s in pv] == [tf.int32, tf.int32]


def test_numpy_constant_under_partitioner_uses_the_resolved_dtype():
    with tf.variable_scope("s", dtype=tf.float64):
        pv = tf.get_variable("v", shape=[4], initializer=np.arange(4, dtype=np.float32),
                             partitioner=tf.fixed_size_partitioner(2))
    assert pv.dtype == tf.float64 and [s.dtype for s in pv] == [tf.float64] * 2
    np.testing.assert_array_equal(pv.as_tensor(), [0, 1, 2, 3])


def test_constant_initializer_is_called_with_the_shard_shape():
    with pytest.raises(ValueError, match="Too many elements provided"):
        tf.get_variable("v", [4], initializer=tf.constant_initializer([1, 2, 3, 4]),
                        partitioner=tf.fixed_size_partitioner(2))
    assert get_default_store().variables() == []
    pv = tf.get_variable("w", [4], initializer=tf.constant_initializer([7]),
                         partitioner=tf.fixed_size_partitioner(2))
    np.testing.assert_array_equal(pv.as_tensor(), [7, 7, 7, 7])


def test_shards_join_default_collections_and_container_is_registered():
    pv = tf.get_variable("v", [4, 2], partitioner=axis0_into2_partitioner)
    store = get_default_store()
    assert store.get("v") is pv and store.partitioned_variables() == [pv]
    assert tf.trainable_variables() == list(pv)
    assert [s.save_slice_info.full_name for s in pv] == ["v", "v"]
    assert [s.save_slice_info.full_shape for s in pv] == [[4, 2], [4, 2]]


def test_failing_shard_initializer_leaves_no_shard_behind():
    calls = []

    def flaky(shape, dtype=None, partition_info=None):
        calls.append(partition_info.var_offset)
        if len(calls) == 2:
            raise RuntimeError("second shard fails")
        return np.zeros(shape, np.float32)

    store = get_default_store()
    version = store.version
    with pytest.raises(RuntimeError, match="second shard fails"):
        tf.get_variable("v", [4, 2], initializer=flaky, partitioner=axis0_into2_partitioner)
    assert store.variables() == [] and store.partitioned_variables() == []
    assert store.collection_keys() == [] and store.version == version


def test_partition_info_gives_full_shape_to_variance_scaling():
    pv = tf.get_variable("v", [400, 4], partitioner=tf.fixed_size_partitioner(4))
    limit = np.sqrt(6.0 / (400 + 4))                       # glorot from the *full* shape
    value = pv.as_tensor()
    assert np.abs(value).max() <= limit and np.abs(value).max() > 0.8 * limit


def test_div_lookup_matches_the_concatenated_view():                    # rule 15 end to end
    pv = tf.get_variable("emb", [13, 3], partitioner=tf.fixed_size_partitioner(5))
    ids = np.array([0, 3, 7, 12, 5])
    np.testing.assert_array_equal(tf.nn.embedding_lookup(pv, ids, partition_strategy="div"),
                                  pv.as_tensor()[ids])
    mod = np.asarray(tf.nn.embedding_lookup(pv, ids))
    assert not np.array_equal(mod, pv.as_tensor()[ids])


def test_partitioned_variable_assign_splits_a_full_value():
    pv = tf.get_variable("v", [4, 2], partitioner=axis0_into2_partitioner)
    pv.assign(np.arange(8, dtype=np.float32).reshape(4, 2))
    np.testing.assert_array_equal(np.asarray(list(pv)[1]), [[4, 5], [6, 7]])
    with pytest.raises(ValueError, match="expected shape"):
        pv.assign(np.zeros((3, 2)))


def test_constant_initializer_is_labelled_with_the_full_shape():
    with tf.variable_scope("emb", partitioner=tf.fixed_size_partitioner(2)):
        table = tf.get_variable("table", [10, 4], initializer=np.zeros([10, 4], np.float32))
    assert table.initializer_desc == "value float32 (10, 4)"          # the variable's, not shard 0's
    assert [s.initializer_desc for s in table] == ["value float32 (5, 4)"] * 2   # each shard's own
    from scopelab.render import render_text
    from scopelab.snapshot import take_snapshot
    assert "table  (10, 4)  float32  trainable  value float32 (10, 4)" in render_text(take_snapshot())
