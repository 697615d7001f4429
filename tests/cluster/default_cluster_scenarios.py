"""Scenarios that test_default_cluster.py runs in a subprocess with a timeout, so that a hang (an
actor call that never returns) fails the test instead of blocking the run.

    python default_cluster_scenarios.py default_connect
    python default_cluster_scenarios.py quiet_drops default|in-process

Each prints one JSON object on its last line.
"""

import gc
import json
import logging
import os
import sys

os.environ.setdefault("NUMBA_ENABLE_CUDASIM", "1")

import numpy as np

import scopelab as tf
import scopelab.cluster as cluster
from scopelab import storage


def _table():
    tf.reset_default_graph()
    tf.set_random_seed(3)
    with tf.device(tf.train.replica_device_setter(ps_tasks=2)):
        return tf.get_variable("emb", [12, 3], partitioner=tf.fixed_size_partitioner(2),
                               initializer=tf.random_uniform_initializer(-1.0, 1.0))


def _lookups(table):
    return {strategy: np.asarray(tf.nn.embedding_lookup(table, [11, 0, 5, 6],
                                                        partition_strategy=strategy)).tolist()
            for strategy in ("mod", "div")}


def default_connect():
    """connect() with no argument: a partitioned table under replica_device_setter, read whole
    and looked up, then disconnect; then the same table made locally."""
    client = cluster.connect()
    table = _table()
    out = {
        "workers": len(client.scheduler_info(n_workers=-1)["workers"]),
        "devices": [s.device for s in table],
        "where": cluster.where(table, address=False),
        "held": [s.held is not None for s in table],
        "value": np.asarray(table).tolist(),
        "rows": _lookups(table),
    }
    cluster.disconnect()
    out["status_after"] = client.status
    out["attached_after"] = cluster.client() is not None
    local = _table()
    out["local_held"] = [s.held is not None for s in local]
    out["local_value"] = np.asarray(local).tolist()
    out["local_rows"] = _lookups(local)
    return out


# Distributed's own shutdown noise, not a drop's: a BatchedSend waits for its next batch with
# tornado's gen.with_timeout (message "Timeout", the only caller of it in distributed 2026.8);
# when the cluster's loop stops during that wait, the abandoned future is logged by asyncio at
# garbage collection. A CI run met it once in many runs of this scenario.
_BATCHED_SEND_SHUTDOWN = ("Future exception was never retrieved", "TimeoutError('Timeout')")


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.lines, self.shutdown_noise = [], 0

    def emit(self, record):
        message = record.getMessage()
        if record.name == "asyncio" and all(part in message for part in _BATCHED_SEND_SHUTDOWN):
            self.shutdown_noise += 1
            return
        self.lines.append(f"{record.name} {record.levelname}: {message[:300]}")


def _held_keys(holder_cluster):
    """key lists of every holder, asked of the workers, by task."""
    return [sorted(holder_cluster.holder(a).keys().result()) for a in holder_cluster.workers()]


def quiet_drops(target):
    """connect -> create -> free (drops sent) -> disconnect -> connect again, twice, with
    distributed's, tornado's and asyncio's loggers captured at WARNING and above."""
    records = _Records()
    for name in ("distributed", "tornado", "asyncio"):
        logging.getLogger(name).addHandler(records)
    shared = local_cluster = None
    if target == "in-process":   # Dask's in-process transport: actor handles bound to no client
        import distributed
        local_cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1,
                                                 processes=False, dashboard_address=":0")
        shared = distributed.Client(local_cluster, set_as_default=False, direct_to_workers=True)
    rounds = []
    for _ in range(2):
        cluster.connect(shared)
        first = [np.asarray(s).tolist() for s in _table()]      # made, read, then freed:
        gc.collect()
        table = _table()                                         # the drops queue here ...
        second = [np.asarray(s).tolist() for s in table]         # ... and are sent here
        attached = storage.current()
        attached.settle_drops()
        rounds.append({
            "same_values": first == second,
            "held_keys": _held_keys(attached),
            "live_keys": sorted(s.held.key for s in table),
        })
        del table
        cluster.disconnect()
        gc.collect()                  # the last table's drops queue for a closed cluster
    if shared is not None:
        shared.close()
        local_cluster.close()
    return {"rounds": rounds, "log": records.lines, "shutdown_noise": records.shutdown_noise}


if __name__ == "__main__":
    scenario, *args = sys.argv[1:]
    result = {"default_connect": default_connect, "quiet_drops": quiet_drops}[scenario](*args)
    print(json.dumps(result))
