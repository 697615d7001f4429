"""Parameter servers on a Dask cluster: ``connect`` and the variables on ``/job:ps/task:k`` live
on workers.

```python
import scopelab as tf
import scopelab.cluster

client = scopelab.cluster.connect()          # a LocalCluster (2 workers, threads, TCP), or a
                                             # distributed.Client or a "tcp://..." address
with tf.device("/job:ps/task:1"):
    w = tf.get_variable("w", [1000, 64])     # made on worker 1 by the same kernels
scopelab.cluster.where(w)                    # 'ps/task:1 @ tcp://127.0.0.1:…'
rows = tf.nn.embedding_lookup(w, [3, 1])     # only ids and rows cross the network
scopelab.cluster.disconnect()
```

While connected, a variable (or shard) whose device names a ps task (``"/job:ps/task:k"``, any
TF spelling) is held on the k-th worker, workers sorted by name (LocalCluster names them 0, 1, …);
a task with no worker is a ``NoWorkerForTaskError``. Its value stays there: ``np.asarray(v)``,
``v.numpy()``, session reads and checkpoint saves fetch it when they need it; ``v.assign`` sends the
new value; ``tf.nn.embedding_lookup`` routes the ids here, gathers on each shard's worker and
stitches the rows here. If that worker is lost, reading or writing its variables raises
``WorkerLostError`` naming every variable it held (the store itself is unchanged). Without a
connection everything is local, as before. ``disconnect()`` releases every value the cluster held,
for a client passed in too: reading a variable made while connected then raises
``WorkerLostError`` saying it was disconnected (save a checkpoint first to keep the values).

Public API: ``connect(client_or_address=None)``, ``disconnect()``, and the helpers
``client()`` (the attached ``distributed.Client`` or ``None``) and ``where(variable,
address=True)`` (``"ps/task:1 @ tcp://…"``, ``"ps/task:1"`` without the address, ``""`` for a
local value).
"""

from __future__ import annotations

from typing import Any

from scopelab import storage

__all__ = ["connect", "disconnect", "client", "where"]


def connect(client_or_address: Any = None) -> Any:
    """Attach a ``distributed.Client`` and return it.

    ``None`` starts a ``LocalCluster`` (2 workers of 1 thread each, in this process, talking over
    TCP on this machine, dashboard on a free port) that ``disconnect()`` closes; a
    ``distributed.Client`` is used as it is (``disconnect()`` leaves it open); a string is a
    scheduler address (``"tcp://host:8786"``) to connect to. Connecting again replaces the
    previous connection.

    The clients ``connect`` opens talk to workers directly (``direct_to_workers=True``); give
    your own client that option too, or every request and every row is relayed by the scheduler
    (twice the bytes on the network).
    """
    import distributed  # the cluster extra: imported only when asked for

    owned_cluster, owned_client = None, None
    if client_or_address is None:
        # TCP even in one process: with the in-process transport the actor handles a worker
        # hands back are its own objects, bound to no client, and values cross unserialized.
        owned_cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, protocol="tcp://",
            dashboard_address=":0")
        owned_client = distributed.Client(owned_cluster, set_as_default=False,
                                          direct_to_workers=True)
        client = owned_client
    elif isinstance(client_or_address, str):
        owned_client = distributed.Client(client_or_address, set_as_default=False,
                                          direct_to_workers=True)
        client = owned_client
    elif isinstance(client_or_address, distributed.Client):
        client = client_or_address
    else:
        raise TypeError(
            f"connect() takes a distributed.Client, a scheduler address such as "
            f"'tcp://127.0.0.1:8786', or None for a LocalCluster; got "
            f"{type(client_or_address).__name__}.")
    storage.attach(client, _Owned(owned_client, owned_cluster))
    return client


def disconnect() -> None:
    """Stop placing variables on the cluster; close what ``connect`` opened itself."""
    cluster = storage.detach()
    if cluster is not None:
        cluster.close()


def client() -> Any:
    """The attached ``distributed.Client``, or ``None``."""
    cluster = storage.current()
    return None if cluster is None else cluster.client


def where(variable: Any, address: bool = True) -> str:
    """Which worker holds ``variable``'s value: ``"ps/task:1 @ tcp://…"`` (``address=False``:
    ``"ps/task:1"``); for a partitioned variable one entry per shard, joined by ``", "``;
    ``""`` for a local value."""
    shards = list(variable) if hasattr(variable, "_get_variable_list") else [variable]
    places = [v.held.where(address) for v in shards if getattr(v, "held", None) is not None]
    return ", ".join(places)


class _Owned:
    """What ``connect`` opened itself and ``disconnect`` closes (the client, then the cluster)."""

    def __init__(self, client: Any, cluster: Any) -> None:
        self.client, self.cluster = client, cluster

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
