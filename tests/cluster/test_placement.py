"""connect / disconnect, ps task -> worker, values made on the worker equal a local run's."""

import numpy as np
import pytest

import scopelab as tf
import scopelab.cluster as cluster
from scopelab.errors import NoWorkerForTaskError
from scopelab.store import get_default_store

INITIALIZERS = {
    "uniform": lambda: tf.random_uniform_initializer(-2.0, 3.0),
    "normal": lambda: tf.random_normal_initializer(0.5, 2.0),
    "truncated_normal": lambda: tf.truncated_normal_initializer(stddev=0.3),
    "glorot_uniform": lambda: tf.glorot_uniform_initializer(),
    "glorot_normal": lambda: tf.glorot_normal_initializer(),
}


def _build(kind, device, partitioner=None, graph_seed=11, op_seed=None):
    tf.reset_default_graph()
    tf.set_random_seed(graph_seed)
    with tf.device(device):
        first = tf.get_variable("a", [37, 9], initializer=INITIALIZERS[kind]())
        second = tf.get_variable("b", [103, 6], initializer=INITIALIZERS[kind](),
                                 partitioner=partitioner)
    return np.asarray(first), np.asarray(second), first, second


def test_without_a_connection_ps_variables_stay_local():
    assert cluster.client() is None
    with tf.device("/job:ps/task:3"):
        w = tf.get_variable("w", [2, 3])
    assert w.held is None and cluster.where(w) == ""
    assert w.device == "/job:ps/task:3"


def test_connect_and_disconnect(dask_client):
    assert cluster.connect(dask_client) is dask_client
    assert cluster.client() is dask_client
    cluster.disconnect()
    assert cluster.client() is None
    assert dask_client.status == "running"          # a client passed in is left open
    with pytest.raises(TypeError, match="distributed.Client"):
        cluster.connect(42)
    assert cluster.client() is None


def test_connect_without_a_client_starts_and_closes_a_local_cluster():
    client = cluster.connect()
    try:
        assert len(client.scheduler_info(n_workers=-1)["workers"]) == 2
        with tf.device("/job:ps/task:1"):
            w = tf.get_variable("w", [4], initializer=tf.ones_initializer())
        assert cluster.where(w, address=False) == "ps/task:1"
        np.testing.assert_array_equal(np.asarray(w), np.ones(4, np.float32))
    finally:
        cluster.disconnect()
    assert client.status in ("closed", "closing")


def test_task_k_is_the_kth_worker_by_name(connected, addresses):
    for k in (0, 1):
        with tf.device(f"/job:ps/task:{k}"):
            w = tf.get_variable(f"w{k}", [3])
        assert w.held.address == addresses[k]
        assert cluster.where(w) == f"ps/task:{k} @ {addresses[k]}"
        assert cluster.where(w, address=False) == f"ps/task:{k}"
    with tf.device("/job:ps/replica:0/task:1/device:CPU:0"):   # TF's canonical spelling
        assert tf.get_variable("canonical", [1]).held.task == 1
    with tf.device("/job:worker/task:1"):                      # not a ps job: local
        assert tf.get_variable("local", [1]).held is None


def test_a_task_without_a_worker_is_a_clear_error_and_changes_nothing(connected):
    with tf.device("/job:ps/task:0"):
        tf.get_variable("kept", [2])
    before = [v.name for v in get_default_store().variables()]
    with tf.device("/job:ps/task:2"), pytest.raises(NoWorkerForTaskError) as caught:
        tf.get_variable("emb", [10, 2], partitioner=tf.fixed_size_partitioner(2))
    assert isinstance(caught.value, ValueError)
    assert caught.value.headline.startswith(
        "Cannot assign a device for operation emb/part_0: Operation was explicitly assigned "
        "to /job:ps/task:2")
    assert "this cluster has tasks 0 to 1" in str(caught.value)
    assert (caught.value.task, caught.value.workers) == (2, 2)
    assert [v.name for v in get_default_store().variables()] == before
    assert get_default_store().get("emb") is None


@pytest.mark.parametrize("kind", sorted(INITIALIZERS))
def test_values_made_on_the_worker_equal_a_local_run_bit_for_bit(connected, kind):
    partitioner = tf.fixed_size_partitioner(4)
    cluster.disconnect()
    local_a, local_b, _, _ = _build(kind, "/job:ps/task:1", partitioner)
    cluster.connect(connected)
    held_a, held_b, a, b = _build(kind, "/job:ps/task:1", partitioner)
    assert a.held is not None and all(s.held is not None for s in b)
    assert np.array_equal(local_a, held_a)
    assert np.array_equal(local_b, held_b)
    assert local_a.dtype == held_a.dtype == np.float32


def test_partition_invariant_shards_equal_a_local_run(connected, monkeypatch):
    from scopelab import config
    monkeypatch.setattr(config.settings, "partition_invariant", True)
    cluster.disconnect()
    _, local, _, _ = _build("normal", "/job:ps/task:0", tf.fixed_size_partitioner(3))
    cluster.connect(connected)
    _, held, _, b = _build("normal", "/job:ps/task:0", tf.fixed_size_partitioner(3))
    assert list(b)[0].held is not None and np.array_equal(local, held)


def test_unseeded_and_constant_initializers_are_held_too(connected):
    with tf.device("/job:ps/task:0"):
        const = tf.get_variable("c", initializer=np.arange(6, dtype=np.float32).reshape(2, 3))
        fn = tf.get_variable("f", [2], initializer=lambda shape, dtype, **_: np.full(shape, 7.0))
        fresh = tf.get_variable("r", [1000])
    assert const.held is not None and fn.held is not None and fresh.held is not None
    np.testing.assert_array_equal(np.asarray(const), np.arange(6).reshape(2, 3))
    np.testing.assert_array_equal(fn.numpy(), [7.0, 7.0])
    assert np.abs(np.asarray(fresh)).max() > 0
