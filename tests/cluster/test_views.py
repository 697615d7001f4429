"""The snapshot, %scope_tree and the live tree's payload show which worker holds each value;
without addresses the text is the same on every run."""

import IPython
import pytest
from IPython.testing.globalipapp import start_ipython

import scopelab as tf
from scopelab.render import render_html, render_text
from scopelab.snapshot import take_snapshot
from scopelab.widgets._payload import snapshot_json


@pytest.fixture
def model(connected, addresses):
    with tf.variable_scope("net"):
        with tf.device("/job:ps/task:1"):
            tf.get_variable("w", [2, 3])
            tf.get_variable("emb", [10, 4], partitioner=tf.fixed_size_partitioner(2))
        tf.get_variable("b", [3])
    return addresses


def test_snapshot_records_task_and_worker(model):
    snap = take_snapshot()
    info = {v.path: v for v in snap.root.walk_variables()}
    assert (info["net/w"].held_by, info["net/w"].worker) == ("ps/task:1", model[1])
    assert (info["net/b"].held_by, info["net/b"].worker) == ("", "")
    assert [(s.name, s.held_by, s.worker) for s in info["net/emb"].shards] == [
        ("net/emb/part_0", "ps/task:1", model[1]), ("net/emb/part_1", "ps/task:1", model[1])]


def test_text_shows_the_task_and_the_address_only_when_asked(model):
    snap = take_snapshot()
    text = render_text(snap)
    assert "w  (2, 3)  float32  device /job:ps/task:1  on ps/task:1  trainable" in text
    assert "part_0 rows 0-4 (5) on ps/task:1" in text
    assert "tcp://" not in text and "tcp://" not in render_html(snap)
    with_addresses = render_text(snap, addresses=True)
    assert f"on ps/task:1 @ {model[1]}" in with_addresses
    assert f"part_1 rows 5-9 (5) on ps/task:1 @ {model[1]}" in with_addresses


def test_scope_tree_magic_and_live_payload(model):
    shell = start_ipython() or IPython.get_ipython()
    shell.run_line_magic("load_ext", "scopelab")
    plain = repr(shell.run_line_magic("scope_tree", "net"))
    assert "on ps/task:1" in plain and "tcp://" not in plain
    assert f"@ {model[1]}" in repr(shell.run_line_magic("scope_tree", "net --addresses"))
    payload = snapshot_json(take_snapshot(), flush=0, highlight={})
    net = payload["root"]["scopes"][0]
    by_name = {v["name"]: v for v in net["variables"]}
    assert (by_name["w"]["held_by"], by_name["w"]["worker"]) == ("ps/task:1", model[1])
    assert by_name["emb"]["shards"][1]["held_by"] == "ps/task:1"
    assert by_name["b"]["held_by"] == ""
