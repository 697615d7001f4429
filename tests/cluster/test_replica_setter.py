"""replica_device_setter on a cluster: the shards of a partitioned variable go round robin over
the ps tasks as in TF1 (each shard is its own variable op, so the counter moves per shard), each
shard's value is held on the worker of its task, and the numbers are a local run's, bit for bit.

TF1's devices are not written here: they are replayed from the conformance recording
(``tests/conformance/tf1_expected.json``, case ``replica_device_setter_round_robin``, recorded by
``tests/conformance/record_tf.py``), whose graph the builder below repeats.
"""

import json
from pathlib import Path

import numpy as np

import scopelab as tf
import scopelab.cluster as cluster

RECORDING = Path(__file__).parent.parent / "conformance" / "tf1_expected.json"


def _recorded(label):
    case = json.loads(RECORDING.read_text())["cases"]["replica_device_setter_round_robin"]
    return next(entry[2] for entry in case if entry[:2] == ["out", label])


def _build():
    """The recorded case's graph: two plain variables, then 4 shards over 2 ps tasks."""
    tf.reset_default_graph()
    tf.set_random_seed(5)
    with tf.device(tf.train.replica_device_setter(ps_tasks=2)):
        a = tf.get_variable("a", [2])
        b = tf.get_variable("b", [2])
        c = tf.get_variable("c", [8, 2], partitioner=tf.fixed_size_partitioner(4),
                            initializer=tf.random_normal_initializer(0.0, 1.0))
    return a, b, c


def _values_on(client, address):
    """key -> array of every value the ShardHolder on ``address`` holds, read on that worker."""
    def held(dask_worker):
        return {key: value.copy() for actor in dask_worker.state.actors.values()
                for key, value in getattr(actor, "values", {}).items()}
    return client.run(held, workers=[address])[address]


def test_shards_go_round_robin_over_the_ps_tasks_as_in_tf1(connected, addresses):
    a, b, c = _build()
    shards = list(c)
    assert [v.device for v in (a, b)] == _recorded("plain")[:2]
    assert [s.device for s in shards] == _recorded("shards_over_2")
    tasks = [int(s.device.rsplit(":", 1)[1]) for s in shards]
    assert sorted(set(tasks)) == [0, 1]          # the recording really alternates
    assert cluster.where(c, address=False) == ", ".join(f"ps/task:{t}" for t in tasks)

    on_cluster = [np.asarray(s) for s in shards]
    for shard, task, value in zip(shards, tasks, on_cluster):
        assert shard.held.task == task and shard.held.address == addresses[task]
        there = _values_on(connected, addresses[task])
        assert shard.held.key in there                              # held by that worker ...
        other = _values_on(connected, addresses[1 - task])
        assert shard.held.key not in other                          # ... and only by it
        np.testing.assert_array_equal(there[shard.held.key], value)

    cluster.disconnect()
    _, _, local = _build()
    assert all(s.held is None for s in local)
    assert [s.device for s in local] == _recorded("shards_over_2")
    for value, shard in zip(on_cluster, local):
        expected = np.asarray(shard)
        assert value.dtype == expected.dtype and value.tobytes() == expected.tobytes()
