"""connect() with no argument, and drops that stay quiet: run in a subprocess with a timeout
(default_cluster_scenarios.py), so that an actor call that never returns fails here instead of
hanging the run. Both once hung or logged: the default LocalCluster used Dask's in-process
transport, whose actor handles keep no reference to the actor, so a holder was released as soon
as it was made (reads waited forever on a KeyError 'ShardHolder-…', drops logged it)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

SCRIPT = Path(__file__).with_name("default_cluster_scenarios.py")
TIMEOUT_S = 240   # a run takes a few seconds; a hang is what this catches


def _run(*args):
    env = dict(os.environ, NUMBA_ENABLE_CUDASIM="1")
    try:
        done = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True,
                              text=True, timeout=TIMEOUT_S, env=env)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{' '.join(args)} hung for {TIMEOUT_S} s; stderr tail:\n"
                    f"{(exc.stderr or b'')[-3000:]!r}")
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_connect_without_an_argument_reads_and_looks_up_a_partitioned_variable():
    out = _run("default_connect")
    assert out["workers"] == 2
    assert out["devices"] == ["/job:ps/task:0", "/job:ps/task:1"]
    assert out["where"] == "ps/task:0, ps/task:1"
    assert out["held"] == [True, True] and out["local_held"] == [False, False]
    value = np.array(out["value"], np.float32)
    assert value.shape == (12, 3)
    np.testing.assert_array_equal(value, np.array(out["local_value"], np.float32))
    # "div" shards are contiguous blocks: its rows are rows of the whole value
    np.testing.assert_array_equal(np.array(out["rows"]["div"], np.float32), value[[11, 0, 5, 6]])
    for strategy in ("mod", "div"):
        np.testing.assert_array_equal(np.array(out["rows"][strategy], np.float32),
                                      np.array(out["local_rows"][strategy], np.float32))
    assert out["status_after"] in ("closed", "closing") and not out["attached_after"]


@pytest.mark.parametrize("target", ["default", "in-process"])
def test_drops_free_the_values_and_log_nothing_across_reconnects(target):
    out = _run("quiet_drops", target)
    assert out["log"] == []
    assert len(out["rounds"]) == 2
    for one in out["rounds"]:
        assert one["same_values"]
        # the first table's shards were dropped on their workers; the second's are all there
        assert sorted(k for keys in one["held_keys"] for k in keys) == one["live_keys"]
        assert all(len(keys) == 1 for keys in one["held_keys"])   # one shard per worker
