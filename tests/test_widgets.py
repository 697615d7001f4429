"""ScopeTree / EventLog on the Python side: synced state, highlights, coalescing, inspector.

What the browser shows is tested in tests/browser; here the kernel half is checked, with IPython's
test shell providing real pre/post_run_cell events.
"""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
import IPython
from IPython.testing.globalipapp import start_ipython

import scopelab as tf
from scopelab import config
from scopelab.store import get_default_store
from scopelab.widgets import EventLog, ScopeTree


@pytest.fixture(scope="module")
def ip():
    return start_ipython() or IPython.get_ipython()  # start once per process, then reuse


@pytest.fixture
def tree():
    widget = ScopeTree()
    yield widget
    widget.close()


@pytest.fixture
def log():
    widget = EventLog()
    yield widget
    widget.close()


def _paths(scope):
    out = [v["path"] for v in scope["variables"]]
    for child in scope["scopes"]:
        out += _paths(child)
    return out


def test_snapshot_trait_holds_the_whole_store(tree):
    assert tree.state["counts"] == {"variables": 0, "scopes": 0}
    with tf.variable_scope("enc"):
        tf.get_variable("w", shape=[2, 3], initializer=tf.ones_initializer())
    with tf.variable_scope("emb", partitioner=tf.fixed_size_partitioner(2)):
        tf.get_variable("table", shape=[5, 2])
    tree.refresh()
    snap = tree.state
    assert json.loads(tree.snapshot) == snap  # the synced trait is the same data as JSON text
    assert snap["version"] == get_default_store().version
    assert _paths(snap["root"]) == ["enc/w", "emb/table"]
    w = snap["root"]["scopes"][0]["variables"][0]
    assert {k: w[k] for k in ("name", "shape", "dtype", "device", "trainable", "initializer", "partitions")} == {
        "name": "w", "shape": [2, 3], "dtype": "float32", "device": "", "trainable": True,
        "initializer": "ones_initializer()", "partitions": None}
    table = snap["root"]["scopes"][1]["variables"][0]
    assert table["partitions"] == [2, 1]
    assert table["shards"] == [{"name": "emb/table/part_0", "shape": [3, 2], "offset": [0, 0],
                                "held_by": "", "worker": ""},        # local (not on a cluster)
                               {"name": "emb/table/part_1", "shape": [2, 2], "offset": [3, 0],
                                "held_by": "", "worker": ""}]
    assert snap["highlight"]["created"] == ["enc/w", "emb/table"]


def test_only_one_synced_trait_besides_anywidgets_own(tree):
    own = {name for name in tree.keys if not name.startswith("_")} - {"layout", "tabbable", "tooltip"}
    assert own == {"snapshot"}


def test_highlights_describe_the_last_cell_with_store_activity(ip):
    ip.user_ns["tree"] = ScopeTree()
    try:
        ip.run_cell("import scopelab as tf\na = tf.get_variable('a', shape=[1])")
        assert ip.user_ns["tree"].state["highlight"]["created"] == ["a"]
        ip.run_cell("with tf.variable_scope('', reuse=True):\n    tf.get_variable('a')\n"
                    "b = tf.get_variable('b', shape=[1])")
        hl = ip.user_ns["tree"].state["highlight"]
        assert (hl["created"], hl["reused"]) == (["b"], ["a"])
        ip.run_cell("x = 1 + 1")  # no store activity: the highlights stay
        assert ip.user_ns["tree"].state["highlight"]["created"] == ["b"]
        ip.run_cell("tf.reset_default_graph()")
        hl = ip.user_ns["tree"].state["highlight"]
        assert (hl["created"], hl["reused"]) == ([], [])
        assert ip.user_ns["tree"].state["counts"]["variables"] == 0
    finally:
        ip.user_ns.pop("tree").close()


def test_a_burst_of_10000_calls_is_coalesced_and_flushed_after_the_cell(ip):
    ip.user_ns["tree"] = tree = ScopeTree()
    try:
        pushes_before = tree.pushes
        ip.run_cell("import scopelab as tf\n"
                    "for i in range(10000):\n"
                    "    with tf.variable_scope(f's{i // 500}'):\n"
                    "        tf.get_variable(f'v{i}', shape=[2])")
        sent = tree.pushes - pushes_before
        assert 1 <= sent <= 200, sent  # 10,000 events, a handful of snapshots
        assert tree.state["counts"] == {"variables": 10000, "scopes": 20}  # the final flush
        assert len(tree.state["highlight"]["created"]) == 10000
    finally:
        ip.user_ns.pop("tree").close()


def test_updates_arrive_during_a_long_cell_through_the_trailing_timer(tree, monkeypatch):
    monkeypatch.setattr(config.settings, "live_view_min_interval_s", 0.05)
    tf.get_variable("first", shape=[1])
    tf.get_variable("second", shape=[1])  # inside the window: waits for the timer
    deadline = time.monotonic() + 10
    while tree.state["counts"]["variables"] < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _paths(tree.state["root"]) == ["first", "second"]


def test_closing_stops_updates(tree):
    tree.close()
    pushes = tree.pushes
    tf.get_variable("after_close", shape=[1])
    tree.refresh()
    assert tree.pushes == pushes


def test_prefix_limits_the_view():
    with tf.variable_scope("keep"):
        tf.get_variable("x", shape=[1])
    tf.get_variable("drop", shape=[1])
    tree = ScopeTree(prefix="keep")
    try:
        assert _paths(tree.state["root"]) == ["keep/x"]
        assert tree.state["prefix"] == "keep"
    finally:
        tree.close()


def test_inspect_gives_statistics_and_histogram(tree):
    v = tf.get_variable("v", shape=[4], initializer=tf.constant_initializer([1.0, 2.0, 3.0, 4.0]))
    stats = tree.inspect("v")
    assert (stats["count"], stats["mean"], stats["min"], stats["max"], stats["zeros"]) == (4, 2.5, 1.0, 4.0, 0)
    assert sum(stats["histogram"]["counts"]) == 4
    v.assign(np.zeros(4, np.float32))
    assert tree.inspect("v")["zeros"] == 4
    with tf.variable_scope("p", partitioner=tf.fixed_size_partitioner(2)):
        tf.get_variable("t", shape=[6, 2], initializer=tf.ones_initializer())
    assert (tree.inspect("p/t")["count"], tree.inspect("p/t")["mean"]) == (12, 1.0)
    assert tree.inspect("nope") == {"error": "No variable named 'nope' in the store any more."}


def test_payload_and_inspector_say_who_created_a_variable_and_show_tf_variables(tree):
    x = tf.placeholder(tf.float32, [None, 3])
    tf.train.AdamOptimizer().minimize(tf.reduce_sum(tf.layers.dense(x, 2)))
    tree.refresh()
    variables = {}

    def collect(scope):
        for v in scope["variables"]:
            variables[v["path"]] = v
        for child in scope["scopes"]:
            collect(child)

    collect(tree.state["root"])
    assert (variables["dense/kernel"]["created_by"], variables["dense/kernel"]["plain"]) == (
        "tf.layers.dense", False)
    assert (variables["dense/kernel/Adam"]["created_by"], variables["beta1_power"]["plain"]) == (
        "tf.train.AdamOptimizer", True)
    assert variables["beta1_power"]["created_by"] == "tf.train.AdamOptimizer"
    assert tree.state["counts"]["variables"] == len(variables) == 8
    stats = tree.inspect("beta1_power")             # a tf.Variable: found in the collections
    assert (stats["count"], stats["mean"]) == (1, pytest.approx(0.9))


def test_inspector_answers_the_front_end_message(tree):
    tf.get_variable("v", shape=[3], initializer=tf.zeros_initializer())
    sent = []
    tree.comm.publish_msg = lambda msg_type, data=None, metadata=None, buffers=None, **kw: sent.append(data)
    tree._handle_custom_msg({"type": "inspect", "path": "v"}, [])
    tree._handle_custom_msg({"type": "something else"}, [])
    assert len(sent) == 1
    reply = sent[0]["content"]
    assert reply["type"] == "inspection" and reply["path"] == "v"
    assert reply["stats"]["zeros"] == 3


def test_repr_and_mimebundle_are_deterministic(tree):
    tf.get_variable("v", shape=[3])
    tree.refresh()
    assert repr(tree) == "ScopeTree(live view: 1 variable in 0 scopes)"
    data, _ = tree._repr_mimebundle_()
    assert set(data) == {"text/plain", "text/html", "application/vnd.jupyter.widget-view+json"}
    assert "0x" not in data["text/plain"] + data["text/html"]
    assert '<li id="sl-var-v"><code>v</code>' in data["text/html"]


def test_event_log_lists_outcomes_with_the_explanation_of_failures(log):
    with tf.variable_scope("enc"):
        tf.get_variable("w", shape=[2])
    with tf.variable_scope("enc", reuse=True):
        tf.get_variable("w")
    with pytest.raises(ValueError):
        with tf.variable_scope("enc"):
            tf.get_variable("w", shape=[2])
    log.refresh()
    kinds = [(e["kind"], e["name"]) for e in log.log["entries"]]
    assert kinds == [("created", "enc/w"), ("reused", "enc/w"), ("error", "enc/w")]
    failure = log.log["entries"][-1]
    assert failure["error_class"] == "VariableAlreadyExistsError"
    assert failure["headline"].startswith("Variable enc/w already exists, disallowed.")
    assert "To share the existing variable:" in failure["message"]
    assert log.log["entries"][1]["detail"] == "scope 'enc', reuse=True"
    assert log.log["counts"] == {"created": 1, "reused": 1, "error": 1}
    assert repr(log) == "EventLog(1 created, 1 reused, 1 failed)"
    data, _ = log._repr_mimebundle_()
    assert data["text/plain"] == repr(log)
    assert "<li><b>error</b> <code>enc/w</code> VariableAlreadyExistsError: Variable enc/w already exists" in data["text/html"]


def test_event_log_keeps_the_latest_entries_and_counts_all():
    log = EventLog(limit=5)
    try:
        for i in range(12):
            tf.get_variable(f"v{i}", shape=[1])
        log.refresh()
        assert [e["name"] for e in log.log["entries"]] == [f"v{i}" for i in range(7, 12)]
        assert (log.log["dropped"], log.log["counts"]["created"]) == (7, 12)
    finally:
        log.close()


def test_event_log_rejects_a_bad_limit():
    with pytest.raises(ValueError, match="limit must be at least 1, got 0"):
        EventLog(limit=0)
