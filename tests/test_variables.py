"""Variable / PartitionedVariable / SaveSliceInfo objects, and variables on a device."""

import numpy as np
import pytest

import scopelab as tf
from scopelab import errors
from scopelab.variables import PartitionedVariable, SaveSliceInfo, Variable


def test_variable_identity_attributes_and_repr():
    with tf.variable_scope("foo"):
        v = tf.get_variable("v", [1], initializer=tf.constant_initializer(2.0))
    assert v.name == "foo/v:0" and v.full_name == "foo/v" and v.op.name == "foo/v"
    assert v.shape == tf.TensorShape([1]) and v.get_shape().as_list() == [1]
    assert v.dtype == tf.float32 and v.trainable is True and v.device == ""
    assert v.collections == (tf.GraphKeys.GLOBAL_VARIABLES, tf.GraphKeys.TRAINABLE_VARIABLES)
    assert v.initializer_desc == "constant_initializer(value=2.0)"
    assert v.created_at.lineno > 0 and v.target == "cpu"
    assert repr(v) == "<tf.Variable 'foo/v:0' shape=(1,) dtype=float32>"
    bundle = v._repr_mimebundle_()
    assert "text/plain" in bundle


def test_equal_shapes_share_one_tensorshape_and_descriptions_wait_for_a_read():
    init = tf.random_normal_initializer(stddev=0.5, seed=3)
    a = tf.get_variable("a", [4, 3], initializer=init)
    b = tf.get_variable("b", [4, 3])
    c = tf.get_variable("c", [3, 4])
    assert a.shape is b.shape and a.shape == tf.TensorShape([4, 3])   # one object, made once
    assert c.shape is not a.shape and c.shape.as_list() == [3, 4]
    # the initializer is kept as it is (no per-variable wrapper) and described on first read
    assert a._initializer_desc is init
    assert a.initializer_desc == "random_normal_initializer(stddev=0.5, seed=3)"
    assert a._initializer_desc == a.initializer_desc                     # then kept as text
    assert b.initializer_desc == "glorot_uniform_initializer()"


def test_variables_keep_no_bound_method_of_their_own():
    # each variable's on_assign is the graph's one bound method: fewer objects for the GC to walk
    a = tf.get_variable("a", [1])
    b = tf.get_variable("b", [1])
    assert a._on_assign is b._on_assign is tf.get_default_graph().on_assign


def test_numpy_is_a_copy_and_asarray_reads_the_value():
    v = tf.get_variable("v", [2], initializer=tf.zeros_initializer())
    copy = v.numpy()
    copy[0] = 5
    assert np.asarray(v)[0] == 0.0
    assert np.asarray(v, dtype=np.float64).dtype == np.float64


def test_arithmetic_returns_tensors_and_equality_is_identity():
    v = tf.get_variable("v", [3], initializer=tf.constant_initializer([1.0, 2.0, 3.0]))
    w = tf.get_variable("w", [3], initializer=tf.ones_initializer())
    total = v + w
    assert isinstance(total, tf.Tensor) and total.get_shape().as_list() == [3]
    np.testing.assert_array_equal(total, [2, 3, 4])
    np.testing.assert_array_equal(1.0 + v, [2, 3, 4])
    np.testing.assert_array_equal(v * 2, [2, 4, 6])
    np.testing.assert_array_equal(2 - v, [1, 0, -1])
    np.testing.assert_array_equal(-v, [-1, -2, -3])
    np.testing.assert_array_equal(v / w, [1, 2, 3])
    np.testing.assert_array_equal(v ** 2, [1, 4, 9])
    np.testing.assert_array_equal(v > 1.5, [False, True, True])
    np.testing.assert_array_equal(np.ones(3) + v, [2, 3, 4])
    assert float(v[1]) == 2.0 and v[1].op.type == "StridedSlice"
    assert (v == w) is False and v == v and hash(v) == hash(v)


def test_assign_add_and_sub_keep_dtype():
    v = tf.get_variable("v", [2], initializer=tf.zeros_initializer())
    assert v.assign([1, 2]) is v
    v.assign_add([1, 1])
    v.assign_sub(np.array([0.5, 0.5]))
    np.testing.assert_array_equal(v.numpy(), [1.5, 2.5])
    assert v.numpy().dtype == np.float32
    assert v.assign([0, 0], read_value=False) is None


def test_save_slice_info_spec():
    assert SaveSliceInfo("v", [13, 5], [5, 0], [4, 5]).spec == "13 5 5,4:0,5"
    assert SaveSliceInfo("v", [4], [1], [1]).spec == "4 1,1"


def _shard(name, full_shape, offset, shape):
    v = Variable(name, np.zeros(shape, np.float32), dtype=tf.float32)
    v._set_save_slice_info(SaveSliceInfo("pv", full_shape, offset, shape))
    return v


def test_partitioned_variable_constructor_checks():
    a = _shard("pv/part_0", [4, 2], [0, 0], [2, 2])
    b = _shard("pv/part_1", [4, 2], [2, 0], [2, 2])
    with pytest.raises(TypeError, match="variable_list is not a list or tuple"):
        PartitionedVariable("pv", [4, 2], tf.float32, iter([a, b]), [2, 1])
    with pytest.raises(TypeError, match="partitions is not a list or tuple"):
        PartitionedVariable("pv", [4, 2], tf.float32, [a, b], 2)
    with pytest.raises(ValueError, match="partition values must be positive"):
        PartitionedVariable("pv", [4, 2], tf.float32, [a, b], [0, 1])
    with pytest.raises(ValueError, match="variable_list may not be empty"):
        PartitionedVariable("pv", [4, 2], tf.float32, [], [2, 1])
    plain = Variable("x", np.zeros(2, np.float32), dtype=tf.float32)
    with pytest.raises(ValueError, match="All variables must have a save_slice_info available"):
        PartitionedVariable("pv", [4, 2], tf.float32, [a, plain], [2, 1])
    with pytest.raises(ValueError, match=r"len\(shape\) != len\(partitions\)"):
        PartitionedVariable("pv", [4, 2], tf.float32, [a, b], [2])
    with pytest.raises(ValueError, match="full shapes must match shape"):
        PartitionedVariable("pv", [4, 3], tf.float32, [a, b], [2, 1])
    pv = PartitionedVariable("pv", [4, 2], tf.float32, [b, a], [2, 1])
    assert list(pv) == [a, b]                     # sorted by offset
    assert pv._partition_axes() == [0] and len(pv) == 2


def test_multi_axis_partitions_cannot_concatenate():
    a = _shard("pv/part_0", [2, 2], [0, 0], [1, 1])
    b = _shard("pv/part_1", [2, 2], [1, 1], [1, 1])
    pv = PartitionedVariable("pv", [2, 2], tf.float32, [a, b], [2, 2])
    with pytest.raises(ValueError, match="Cannot get a length for 2 > 1 partition axes"):
        len(pv)
    with pytest.raises(NotImplementedError, match="Multi-axis partition concat is not supported"):
        pv.as_tensor()


def test_partitioned_variable_surface():
    pv = tf.get_variable("p", [5, 3], partitioner=tf.fixed_size_partitioner(2),
                         initializer=tf.ones_initializer())
    assert pv.name == "p" and pv.dtype == tf.float32 and pv.get_shape().as_list() == [5, 3]
    assert pv._get_partitions() == [2, 1] and pv.partitions == [2, 1]
    assert repr(pv) == "<tf.PartitionedVariable 'p' shape=(5, 3) dtype=float32 shards=2>"
    assert [s.save_slice_info.var_shape for s in pv] == [[3, 3], [2, 3]]
    np.testing.assert_array_equal(np.asarray(pv), np.ones((5, 3)))
    pv.assign([np.zeros((3, 3)), np.full((2, 3), 2.0)])
    np.testing.assert_array_equal(pv.as_tensor()[3:], np.full((2, 3), 2.0))
    other = tf.get_variable("q", [5, 3], partitioner=tf.fixed_size_partitioner(2),
                            initializer=tf.constant_initializer(7.0))
    pv.assign(other)
    np.testing.assert_array_equal(pv.as_tensor(), np.full((5, 3), 7.0))
    assert pv.trainable and pv.target == "cpu" and pv.device == ""


def test_enums_have_tf_values():
    assert tf.VariableSynchronization.ON_READ.value == 3
    assert tf.VariableAggregation.ONLY_FIRST_TOWER is tf.VariableAggregation.ONLY_FIRST_REPLICA
    assert tf.VariableAggregation(2) is tf.VariableAggregation.MEAN


def test_regularization_loss_objects_are_lazy_and_named():
    v = tf.get_variable("v", [2], initializer=tf.ones_initializer(),
                        regularizer=tf.l2_regularizer(1.0))
    (loss,) = tf.get_regularization_losses()
    assert loss.name.startswith("v/Regularizer/") and loss.variable is v
    first = float(loss)
    v.assign([2.0, 2.0])
    assert float(loss) == pytest.approx(4 * first)
    total = tf.losses.get_regularization_loss()
    assert float(total + 1.0) == pytest.approx(float(loss) + 1.0)


def test_variables_on_the_gpu_hold_device_arrays():
    from scopelab import kernels
    assert kernels.cuda_available()         # conftest enables Numba's CUDA simulator
    tf.set_random_seed(3)
    with tf.device("/gpu:0"):
        g = tf.get_variable("g", [4, 4], initializer=tf.random_uniform_initializer(seed=1))
        c = tf.get_variable("c", [3], initializer=lambda shape, dtype=None: np.arange(3.0))
    with tf.device("/cpu:0"):
        h = tf.get_variable("h", [4, 4], initializer=tf.random_uniform_initializer(seed=1))
    assert g.target == "cuda" and g.device == "/device:GPU:0" and h.target == "cpu"   # TF1 prints
    assert hasattr(g.value, "copy_to_host") and isinstance(h.value, np.ndarray)
    np.testing.assert_array_equal(np.asarray(g), np.asarray(h))     # same numbers on both targets
    np.testing.assert_array_equal(np.asarray(c), [0, 1, 2])
    g.assign(np.ones((4, 4)))
    assert hasattr(g.value, "copy_to_host")
    np.testing.assert_array_equal(g.numpy(), np.ones((4, 4)))


def test_nested_devices_and_device_none():
    with tf.device("/gpu:0"):
        with tf.device(None):
            v = tf.get_variable("v", [1])
    assert v.device == "" and v.target == "cpu"


def test_string_variables():
    s = tf.get_variable("s", initializer="hello")
    assert s.dtype == tf.string and np.asarray(s).item() == "hello"


def test_errors_on_wrong_variable_construction_stay_out_of_the_store():
    with pytest.raises(errors.InvalidArgumentError):
        tf.get_variable("v", [2], constraint=5)
    assert tf.get_default_store().variables() == []


def test_foreign_initializers_get_partition_info_only_when_they_name_it():
    seen = []

    def all_required(shape, dtype, partition_info):
        seen.append(partition_info)
        return np.zeros(shape, np.float32)

    def no_info(shape, dtype=None):
        return np.ones(shape, np.float32)

    tf.get_variable("a", [2], initializer=all_required)
    pv = tf.get_variable("p", [4], initializer=all_required,
                         partitioner=tf.fixed_size_partitioner(2))
    assert seen[0] is None and [info.var_offset for info in seen[1:]] == [[0], [2]]
    np.testing.assert_array_equal(np.asarray(tf.get_variable("b", [2], initializer=no_info)),
                                  [1, 1])
    assert pv.get_shape().as_list() == [4]
