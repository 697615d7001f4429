"""embedding_lookup over shards held on workers: routed here, gathered there, stitched here;
same results (and errors) as the local path; whole values are fetched only when asked."""

import numpy as np
import pytest

import scopelab as tf
import scopelab.cluster as cluster
from scopelab import storage
from scopelab.errors import EmbeddingLookupError, FailedPreconditionError

RNG = np.random.default_rng(5)


@pytest.fixture
def fetches(monkeypatch):
    """Every whole-value fetch of a held value, by label."""
    seen = []
    original = storage.HeldValue.copy_to_host

    def counting(self):
        seen.append(self.label)
        return original(self)

    monkeypatch.setattr(storage.HeldValue, "copy_to_host", counting)
    return seen


def _table(rows, shards, device_of):
    tf.reset_default_graph()
    tf.set_random_seed(3)
    with tf.device(device_of):
        return tf.get_variable("emb", [rows, 5], partitioner=tf.fixed_size_partitioner(shards),
                               initializer=tf.random_normal_initializer())


def _hand_made(sizes):
    """Shards of other sizes than get_variable's, on alternating tasks (the #19265 layout)."""
    tf.reset_default_graph()
    out = []
    for i, n in enumerate(sizes):
        with tf.device(f"/job:ps/task:{i % 2}"):
            out.append(tf.get_variable(f"s{i}", initializer=np.arange(n * 3, dtype=np.float32)
                                       .reshape(n, 3) + 100 * i))
    return out


@pytest.mark.parametrize("strategy", ["mod", "div"])
@pytest.mark.parametrize("rows,shards", [(103, 4), (100, 4), (7, 3), (9, 1)])
def test_lookup_equals_the_local_path(connected, fetches, strategy, rows, shards):
    ids = RNG.integers(0, rows, size=(6, 4))
    cluster.disconnect()
    local = np.asarray(tf.nn.embedding_lookup(_table(rows, shards, "/job:ps/task:1"), ids,
                                              partition_strategy=strategy))
    cluster.connect(connected)
    table = _table(rows, shards, "/job:ps/task:1")
    assert all(s.held is not None for s in table)
    held = np.asarray(tf.nn.embedding_lookup(table, ids, partition_strategy=strategy))
    assert np.array_equal(local, held) and held.shape == (6, 4, 5)
    assert fetches == []                       # only the selected rows crossed the network


@pytest.mark.parametrize("strategy", ["mod", "div"])
def test_unbalanced_hand_made_shards_and_mixed_local_shards(connected, fetches, strategy):
    sizes = [5, 3, 3]
    ids = np.array([0, 9, 4, 5, 2, 8, 6, 1])   # valid under both routings of [5, 3, 3]
    cluster.disconnect()
    local = np.asarray(tf.nn.embedding_lookup(_hand_made(sizes), ids,
                                              partition_strategy=strategy))
    cluster.connect(connected)
    shards = _hand_made(sizes)
    assert np.array_equal(local, np.asarray(tf.nn.embedding_lookup(
        shards, ids, partition_strategy=strategy)))
    tf.reset_default_graph()
    mixed = [tf.get_variable("local0", initializer=np.ones((4, 3), np.float32))]
    with tf.device("/job:ps/task:1"):
        mixed.append(tf.get_variable("held1", initializer=np.full((4, 3), 2, np.float32)))
    got = np.asarray(tf.nn.embedding_lookup(mixed, [0, 1, 2, 3], partition_strategy=strategy))
    want = [[1], [2], [1], [2]] if strategy == "mod" else [[1], [1], [1], [1]]
    np.testing.assert_array_equal(got[:, :1], want)
    assert fetches == []


def test_a_bad_id_gives_the_local_error(connected):
    cluster.disconnect()
    with pytest.raises(EmbeddingLookupError) as local:
        tf.nn.embedding_lookup(_table(10, 3, "/job:ps/task:0"), [1, 10], partition_strategy="div")
    cluster.connect(connected)
    with pytest.raises(EmbeddingLookupError) as held:
        tf.nn.embedding_lookup(_table(10, 3, "/job:ps/task:0"), [1, 10], partition_strategy="div")
    assert str(held.value) == str(local.value)


def test_session_lookup_with_a_placeholder_reads_only_rows(connected, fetches):
    table = _table(20, 2, "/job:ps/task:1")
    ids = tf.placeholder(tf.int64, [None])
    rows = tf.nn.embedding_lookup(table, ids, partition_strategy="div")
    assert rows.shape.as_list() == [None, 5]
    with tf.Session() as sess:
        with pytest.raises(FailedPreconditionError, match="uninitialized value emb/part_0"):
            sess.run(rows, {ids: [1, 2]})
        sess.run(tf.global_variables_initializer())
        got = sess.run(rows, {ids: [19, 0, 10]})
    assert fetches == []
    whole = np.asarray(table)                  # asked for: fetched
    assert sorted(fetches) == ["emb/part_0", "emb/part_1"]
    np.testing.assert_array_equal(got, whole[[19, 0, 10]])


def test_reads_writes_and_checkpoints_fetch_on_demand(connected, fetches, tmp_path):
    with tf.device("/job:ps/task:0"):
        w = tf.get_variable("w", [3, 2], initializer=tf.zeros_initializer())
        p = tf.get_variable("p", [6, 2], partitioner=tf.fixed_size_partitioner(2),
                            initializer=tf.ones_initializer())
    assert fetches == []
    w.assign(np.arange(6, dtype=np.float32).reshape(3, 2))
    assert fetches == [] and w.held is not None
    np.testing.assert_array_equal(w.numpy(), np.arange(6).reshape(3, 2))
    w.assign_add(np.ones((3, 2), np.float32))
    np.testing.assert_array_equal(np.asarray(w), np.arange(6).reshape(3, 2) + 1)
    p.assign(np.full((6, 2), 4.0, np.float32))
    np.testing.assert_array_equal(np.asarray(p), np.full((6, 2), 4.0))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(w), np.arange(6).reshape(3, 2) + 1)
        path = tf.train.Saver().save(sess, str(tmp_path / "model"))
    reader = tf.train.NewCheckpointReader(path)
    np.testing.assert_array_equal(reader.get_tensor("w"), np.arange(6).reshape(3, 2) + 1)
    np.testing.assert_array_equal(reader.get_tensor("p"), np.full((6, 2), 4.0))
