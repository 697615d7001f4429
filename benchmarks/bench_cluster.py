"""Embedding lookups on a Dask cluster: the bytes on the network against ids + rows (issue 13.2).

A 4-shard ``1,000,000 x 64`` float32 table (256 MB) lives on a 2-worker ``LocalCluster`` (worker
processes; placed by ``tf.train.replica_device_setter(ps_tasks=2)``, so shard k is on
``/job:ps/task:k % 2``, values made on the workers); the client looks up
1,000,000 random int64 ids (``partition_strategy="div"``). The lookup routes the ids on the client,
sends each worker the row numbers of its shards, gathers there and stitches the rows on the client.

Bytes moved are counted by the kernel, not by Dask: ``ss -tin`` (iproute2) lists every TCP socket
with its ``bytes_sent``; the sockets whose local or peer port is the scheduler's, a worker's or a
nanny's are the cluster's (both ends are on this machine, so summing ``bytes_sent`` over them
counts every byte once, whichever way it went). The difference over the lookups, per lookup, is
"moved": row numbers, rows, Dask's messages, and whatever heartbeats ran meanwhile. "Payload" is
the ids the caller passed plus the rows returned (``ids.nbytes + result.nbytes``). Target:
moved <= 1.1 x payload. One warm-up lookup first opens the connections.

    .venv/bin/python benchmarks/bench_cluster.py [--rows 1000000] [--ids 1000000] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from typing import Any

os.environ.setdefault("NUMBA_ENABLE_CUDASIM", "1")

import numpy as np

import scopelab as tf
import scopelab.cluster

TARGET_RATIO = 1.1
FULL = {"rows": 1_000_000, "dim": 64, "ids": 1_000_000, "shards": 4, "rounds": 3,
        "processes": True}
QUICK = {"rows": 20_000, "dim": 16, "ids": 20_000, "shards": 4, "rounds": 1,
         "processes": False}

_SOCKET = re.compile(r"^\S*\s*\d+\s+\d+\s+(\S+):(\d+)\s+(\S+):(\d+)")
_SENT = re.compile(r"bytes_sent:(\d+)")


def _port(address: str) -> int:
    return int(address.rsplit(":", 1)[1])


def tcp_bytes_sent(ports: set[int]) -> dict[tuple, int]:
    """``bytes_sent`` of each established TCP socket touching ``ports``, keyed by its endpoints."""
    out = subprocess.run(["ss", "-tinH", "state", "established"], capture_output=True,
                         text=True, check=True).stdout.splitlines()
    sent: dict[tuple, int] = {}
    for head, info in zip(out[::2], out[1::2]):
        match = _SOCKET.match(head.strip())
        if match is None:
            continue
        local, peer = int(match.group(2)), int(match.group(4))
        if local in ports or peer in ports:
            found = _SENT.search(info)
            sent[(match.group(1), local, match.group(3), peer)] = int(found.group(1)) if found else 0
    return sent


def _moved(before: dict, after: dict) -> int:
    # A socket opened during the lookups counts in full; none should close (pooled connections).
    return sum(n - before.get(key, 0) for key, n in after.items())


def _table(rows: int, dim: int, shards: int) -> Any:
    """The table as a partitioned variable of ``shards`` shards, placed as TF1 placed it:
    ``replica_device_setter(ps_tasks=2)`` puts shard k on ps task k % 2 ("div" layout)."""
    tf.reset_default_graph()
    tf.set_random_seed(1)
    with tf.device(tf.train.replica_device_setter(ps_tasks=2)):
        return tf.get_variable("emb", [rows, dim], partitioner=tf.fixed_size_partitioner(shards),
                               initializer=tf.random_uniform_initializer(-1.0, 1.0))


def measure(rows: int = FULL["rows"], dim: int = FULL["dim"], ids: int = FULL["ids"],
            shards: int = FULL["shards"], rounds: int = FULL["rounds"],
            processes: bool = FULL["processes"]) -> dict:
    """Bytes moved per lookup against ids + rows returned (and seconds, for information)."""
    import distributed

    local = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=processes,
                                     protocol="tcp://", dashboard_address=":0")
    client = distributed.Client(local, set_as_default=False, direct_to_workers=True)
    scopelab.cluster.connect(client)
    try:
        ports = {_port(local.scheduler_address)}
        for address in client.scheduler_info(n_workers=-1)["workers"]:
            ports.add(_port(address))
        for spec in local.workers.values():         # nannies (processes) or the workers
            ports.add(_port(spec.address))
        table = _table(rows, dim, shards)
        wanted = np.random.default_rng(0).integers(0, rows, size=ids, dtype=np.int64)
        tf.nn.embedding_lookup(table, wanted[:1000], partition_strategy="div")    # warm-up
        moved, seconds = [], []
        for _ in range(rounds):
            before, start = tcp_bytes_sent(ports), time.perf_counter()
            result = np.asarray(tf.nn.embedding_lookup(table, wanted, partition_strategy="div"))
            seconds.append(time.perf_counter() - start)
            moved.append(_moved(before, tcp_bytes_sent(ports)))
        payload = wanted.nbytes + result.nbytes
        assert result.shape == (ids, dim)
    finally:
        scopelab.cluster.disconnect()
        client.close()
        local.close()
        tf.reset_default_graph()
    best = min(moved)
    return {
        "rows": rows, "dim": dim, "ids": ids, "shards": shards, "rounds": rounds,
        "worker_processes": processes, "counter": "ss -tin bytes_sent (kernel TCP counters)",
        "ids_bytes": int(wanted.nbytes), "rows_bytes": int(result.nbytes),
        "payload_bytes": int(payload), "moved_bytes": moved,
        "ratio": round(best / payload, 4), "ratio_worst": round(max(moved) / payload, 4),
        "seconds": round(statistics.median(seconds), 3),
        "target_met": best / payload <= TARGET_RATIO,
        "load_average_1min": round(os.getloadavg()[0], 2), "python": sys.version.split()[0],
    }


def to_markdown(r: dict) -> str:
    mb = 1024 * 1024
    lines = ["| table | ids | payload (ids + rows) | moved per lookup | moved / payload | s |",
             "|---|---|---|---|---|---|",
             f"| {r['rows']:,} x {r['dim']} float32, {r['shards']} shards, 2 workers "
             f"({'processes' if r['worker_processes'] else 'threads'}) | {r['ids']:,} | "
             f"{r['payload_bytes'] / mb:.1f} MiB | {min(r['moved_bytes']) / mb:.1f} MiB | "
             f"{r['ratio']} (worst {r['ratio_worst']}) | {r['seconds']} |",
             "",
             f"bytes counted with {r['counter']}; target moved <= {TARGET_RATIO}x payload: "
             f"{'met' if r['target_met'] else 'NOT met'} (load average {r['load_average_1min']})"]
    return "\n".join(lines)


def bench(quick: bool) -> dict:
    """``scopelab bench``'s section ``cluster``: the table and its target."""
    result = measure(**(QUICK if quick else FULL))
    result["markdown"] = to_markdown(result)
    result["targets"] = [
        (f"bytes moved per lookup <= {TARGET_RATIO}x (ids + rows returned)",
         f"{result['ratio']}x", result["target_met"]),
    ]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=FULL["rows"])
    parser.add_argument("--ids", type=int, default=FULL["ids"])
    parser.add_argument("--rounds", type=int, default=FULL["rounds"])
    parser.add_argument("--threads", action="store_true", help="workers as threads, not processes")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)
    result = measure(rows=args.rows, ids=args.ids, rounds=args.rounds,
                     processes=not args.threads)
    print(json.dumps(result) if args.json else to_markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
