"""A lost worker: a clear error naming what it held; the store and the other workers' values
stay as they were."""

import time

import distributed
import numpy as np
import pytest

import scopelab as tf
import scopelab.cluster as cluster
from scopelab.errors import NoWorkerForTaskError, UnavailableError, WorkerLostError
from scopelab.store import get_default_store
from scopelab.variables import SaveSliceInfo


@pytest.fixture
def doomed():
    """A cluster of its own (one of its workers is closed by the test)."""
    local = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                     protocol="tcp://", dashboard_address=":0")
    client = distributed.Client(local, set_as_default=False, direct_to_workers=True)
    cluster.connect(client)
    yield local, client
    cluster.disconnect()
    client.close()
    local.close()


def _close_worker(local, client, address):
    worker = next(w for w in local.workers.values() if w.address == address)
    local.sync(worker.close)
    for _ in range(200):               # until the scheduler has removed it (not a timing test)
        if address not in client.ncores():
            return
        time.sleep(0.05)
    raise AssertionError("the scheduler still lists the closed worker")


def test_lost_worker_error_names_what_it_held_and_changes_nothing(doomed):
    local, client = doomed
    with tf.device("/job:ps/task:0"):
        keep = tf.get_variable("keep", [3], initializer=tf.ones_initializer())
    emb = tf.get_variable("emb", [8, 2], partitioner=tf.fixed_size_partitioner(2),
                          initializer=tf.zeros_initializer())
    with tf.device("/job:ps/task:1"):
        gone = tf.get_variable("gone", [2], initializer=tf.ones_initializer())
        table = tf.get_variable("table", [8, 2], partitioner=tf.fixed_size_partitioner(2),
                                initializer=tf.ones_initializer())
    mixed = [keep, gone]
    # A partitioned variable with a shard on each worker (as replica_device_setter places them).
    keep._set_save_slice_info(SaveSliceInfo("across", [5], [0], [3]))
    gone._set_save_slice_info(SaveSliceInfo("across", [5], [3], [2]))
    across = tf.PartitionedVariable("across", [5], tf.float32, [keep, gone], [2])
    address = gone.held.address
    names_before = [v.name for v in get_default_store().variables()]
    _close_worker(local, client, address)

    with pytest.raises(WorkerLostError) as caught:
        np.asarray(gone)
    error = caught.value
    assert isinstance(error, UnavailableError) and error.error_code == 14
    assert error.headline == (f"gone: the parameter server /job:ps/task:1 is unavailable: its "
                              f"worker {address} was lost.")
    assert error.held == ("gone", "table/part_0", "table/part_1")
    assert "'table/part_1'" in str(error) and "tf.reset_default_graph()" in str(error)
    assert error.worker == address and error.device == "/job:ps/task:1"

    with pytest.raises(WorkerLostError, match="table/part_0: the parameter server"):
        tf.nn.embedding_lookup(table, [0, 7], partition_strategy="div")
    with pytest.raises(WorkerLostError):
        gone.assign(np.zeros(2, np.float32))
    with pytest.raises(WorkerLostError):                  # nothing assigned to the live shard
        across.assign([np.full(3, 9, np.float32), np.zeros(2, np.float32)])
    np.testing.assert_array_equal(np.asarray(keep), np.ones(3))
    np.testing.assert_array_equal(np.asarray(emb), np.zeros((8, 2)))   # local: untouched
    assert [v.name for v in get_default_store().variables()] == names_before
    assert mixed[0] is get_default_store().get("keep")

    with tf.device("/job:ps/task:1"), pytest.raises(NoWorkerForTaskError):
        tf.get_variable("late", [2])                      # one worker left: task 1 has none
    assert get_default_store().get("late") is None


def test_values_made_while_connected_are_released_by_disconnect(dask_client):
    """disconnect() releases what the cluster held, for a client passed in too: a later read says
    so (not "lost"), names the variable, and the store still lists it unchanged."""
    tf.reset_default_graph()
    cluster.connect(dask_client)
    try:
        with tf.device("/job:ps/task:0"):
            w = tf.get_variable("w", [3, 2], initializer=tf.ones_initializer())
        assert np.asarray(w).sum() == 6.0
    finally:
        cluster.disconnect()
    names_before = [v.name for v in tf.global_variables()]
    with pytest.raises(WorkerLostError) as info:
        np.asarray(w)
    message = str(info.value)
    assert info.value.disconnected is True
    assert "w" in message and "disconnected" in message and "was lost" not in message
    assert [v.name for v in tf.global_variables()] == names_before
    tf.reset_default_graph()
