"""embedding_lookup, math_ops and regularizers on real Variables made by ``tf.get_variable``."""

import numpy as np
import pytest

import scopelab as tf
from scopelab import kernels


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


TABLE = np.arange(13 * 3, dtype=np.float32).reshape(13, 3)


def _partitioned_table(k=5, **kwargs):
    with tf.variable_scope("emb", partitioner=tf.fixed_size_partitioner(k), **kwargs):
        return tf.get_variable("table", initializer=TABLE, shape=TABLE.shape)


def test_div_on_a_partitioned_variable_equals_gather_on_as_tensor():
    pv = _partitioned_table()
    assert [v.shape.as_list() for v in pv] == [[3, 3], [3, 3], [3, 3], [2, 3], [2, 3]]
    ids = np.array([[12, 0, 5], [7, 7, 3]])
    got = tf.nn.embedding_lookup(pv, ids, partition_strategy="div")
    np.testing.assert_array_equal(got, np.asarray(pv.as_tensor())[ids])
    np.testing.assert_array_equal(tf.nn.embedding_lookup(list(pv), ids, "div"), TABLE[ids])


def test_default_mod_on_a_partitioned_variable_is_the_tf1_permutation():
    pv = _partitioned_table()
    got = tf.nn.embedding_lookup(pv, np.arange(13))
    np.testing.assert_array_equal(got, TABLE[[0, 3, 6, 9, 11, 1, 4, 7, 10, 12, 2, 5, 8]])


def test_lookup_reads_current_shard_values():
    pv = _partitioned_table(k=2)
    shard0 = pv._get_variable_list()[0]
    shard0.assign(np.zeros((7, 3), np.float32))
    np.testing.assert_array_equal(tf.nn.embedding_lookup(pv, [0, 7], "div"),
                                  [[0, 0, 0], TABLE[7]])


def test_single_variable_and_max_norm():
    v = tf.get_variable("v", initializer=np.array([[3.0, 4.0], [0.0, 1.0]], np.float32))
    np.testing.assert_allclose(tf.nn.embedding_lookup(v, [0, 1], max_norm=2.0),
                               [[1.2, 1.6], [0.0, 1.0]], rtol=1e-6)


def test_bad_ids_error_names_the_id():
    pv = _partitioned_table(k=2)
    with pytest.raises(tf.errors.EmbeddingLookupError, match="Id 13 at position 1"):
        tf.nn.embedding_lookup(pv, [0, 13], "div")


@pytest.mark.cuda
@pytest.mark.skipif(not kernels.cuda_available(), reason="no GPU and no CUDA simulator")
def test_lookup_on_gpu_shards():
    with tf.device("/gpu:0"):
        pv = _partitioned_table(k=3)
    assert all(v.target == "cuda" for v in pv)
    np.testing.assert_array_equal(tf.nn.embedding_lookup(pv, [12, 4], "div"), TABLE[[12, 4]])


def test_math_ops_on_variables():
    v = tf.get_variable("w", initializer=np.array([[1.0, -2.0], [3.0, 4.0]], np.float32))
    assert float(tf.reduce_sum(tf.abs(v))) == 10.0
    np.testing.assert_array_equal(tf.matmul(v, v, transpose_b=True),
                                  np.asarray(v) @ np.asarray(v).T)
    assert float(tf.l2_loss(v)) == 15.0
    assert tf.reduce_mean(v).dtype == np.float32
    np.testing.assert_array_equal(tf.add_n([v, v]), 2 * np.asarray(v))
    pv = _partitioned_table(k=2)
    assert float(tf.reduce_sum(pv)) == float(TABLE.sum())


def test_regularization_losses_follow_the_variable():
    with tf.variable_scope("r", regularizer=tf.contrib.layers.l2_regularizer(0.5)):
        v = tf.get_variable("v", initializer=np.array([1.0, 2.0], np.float32))
    (loss,) = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert float(loss) == pytest.approx(0.5 * 5.0 / 2)
    v.assign([3.0, 0.0])
    assert float(loss) == pytest.approx(0.5 * 9.0 / 2)


def test_regularizer_lambda_with_math_ops_as_in_tfs_test():
    """testVarScopeRegularizer's regularizer: reduce_mean(v) + 0.1 on a constant 0.3 variable."""
    with tf.variable_scope("tower3", regularizer=lambda t: tf.reduce_mean(t) + 0.1):
        with tf.variable_scope("foo", initializer=tf.constant_initializer(0.3)):
            tf.get_variable("v", [])
    (loss,) = tf.get_regularization_losses()
    assert float(loss) == pytest.approx(0.4)


def test_per_shard_regularization_sums_to_whole_l1():
    with tf.variable_scope("p", partitioner=tf.fixed_size_partitioner(3),
                           regularizer=tf.contrib.layers.l1_regularizer(1.0)):
        tf.get_variable("t", initializer=TABLE, shape=TABLE.shape)
    losses = tf.get_regularization_losses()
    assert len(losses) == 3
    assert sum(float(x) for x in losses) == pytest.approx(float(np.abs(TABLE).sum()))


def test_tf_constant_under_a_partitioner_needs_no_shape():
    with tf.variable_scope("c", partitioner=tf.fixed_size_partitioner(2)):
        pv = tf.get_variable("x", initializer=tf.constant([[1, 2], [3, 4], [5, 6]]))
    assert pv.dtype == tf.int32 and pv.shape.as_list() == [3, 2]
    np.testing.assert_array_equal(np.asarray(pv.as_tensor()), [[1, 2], [3, 4], [5, 6]])
