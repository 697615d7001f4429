"""scopelab.testing: the helpers for people's own regression tests."""

from __future__ import annotations

import pytest

import scopelab as tf
from scopelab import testing


def _build():
    with tf.variable_scope("enc"):
        w = tf.get_variable("w", shape=[2, 3])
        tf.get_local_variable("count", shape=[], dtype=tf.int32)
    with tf.variable_scope("emb"):
        tf.get_variable("table", shape=[5, 2], partitioner=tf.fixed_size_partitioner(2))
    return w


def test_fresh_graph_starts_and_ends_empty():
    tf.get_variable("outside", shape=[1])
    with testing.fresh_graph() as store:
        assert store.variables() == []
        tf.get_variable("inside", shape=[1])
        assert testing.variable_names() == ["inside:0"]
    assert testing.variable_names() == []


def test_snapshot_text_is_sorted_and_complete():
    with testing.fresh_graph():
        _build()
        text = testing.snapshot_store()
    assert text.splitlines() == [
        "emb/table  partitioned shape=(5, 2)  shards=[(3, 2), (2, 2)]",
        "emb/table/part_0:0  shape=(3, 2)  dtype=float32  trainable",
        "emb/table/part_1:0  shape=(2, 2)  dtype=float32  trainable",
        "enc/count:0  shape=()  dtype=int32  [local_variables]",
        "enc/w:0  shape=(2, 3)  dtype=float32  trainable",
    ]


def test_snapshot_prefix_filters():
    with testing.fresh_graph():
        _build()
        assert testing.snapshot_store(prefix="enc/").splitlines()[0].startswith("enc/count:0")
        assert "emb" not in testing.snapshot_store(prefix="enc/")


def test_assert_scope_tree_matches_writes_then_compares(tmp_path, monkeypatch):
    monkeypatch.delenv(testing.UPDATE_ENV, raising=False)
    target = tmp_path / "snapshots" / "tree.txt"
    with testing.fresh_graph():
        _build()
        testing.assert_scope_tree_matches(target)          # first run writes the file
        assert target.read_text().startswith("emb/table  partitioned")
        testing.assert_scope_tree_matches(target)          # second run compares: same
        tf.get_variable("extra", shape=[4])
        with pytest.raises(AssertionError) as info:
            testing.assert_scope_tree_matches(target)
        message = str(info.value)
        assert "+extra:0  shape=(4,)  dtype=float32  trainable" in message
        assert "update=True" in message
        testing.assert_scope_tree_matches(target, update=True)
        testing.assert_scope_tree_matches(target)
        assert "extra:0" in target.read_text()


def test_update_env_rewrites(tmp_path, monkeypatch):
    target = tmp_path / "tree.txt"
    target.write_text("stale\n")
    monkeypatch.setenv(testing.UPDATE_ENV, "1")
    with testing.fresh_graph():
        _build()
        testing.assert_scope_tree_matches(target)
    assert "stale" not in target.read_text()


def test_assert_shares_variable():
    with testing.fresh_graph():
        with tf.variable_scope("s"):
            a = tf.get_variable("w", shape=[2])
        with tf.variable_scope("s", reuse=True):
            b = tf.get_variable("w", shape=[2])
        testing.assert_shares_variable(a, b)
        testing.assert_shares_variable(a, "s/w:0")
        with tf.variable_scope(None, default_name="s"):
            c = tf.get_variable("w", shape=[2])
        with pytest.raises(AssertionError, match="'s/w:0' and 's_1/w:0' are different variables.*reuse=True"):
            testing.assert_shares_variable(a, c)
        with pytest.raises(AssertionError, match="No variable named 'nope'"):
            testing.assert_shares_variable(a, "nope")


def test_assert_variable_and_absence():
    with testing.fresh_graph():
        _build()
        v = testing.assert_variable("enc/w", shape=(2, 3), dtype=tf.float32, trainable=True,
                                    collections=["variables", "trainable_variables"])
        assert v.name == "enc/w:0"
        testing.assert_variable("enc/count:0", trainable=False, collections=["local_variables"])
        with pytest.raises(AssertionError, match=r"shape: expected \(3, 2\), got \(2, 3\)"):
            testing.assert_variable("enc/w", shape=(3, 2))
        with pytest.raises(AssertionError, match="dtype: expected int64, got float32"):
            testing.assert_variable("enc/w", dtype="int64")
        testing.assert_no_variable("enc/b")
        with pytest.raises(AssertionError, match="'enc/w' exists"):
            testing.assert_no_variable("enc/w:0")


def test_module_docstring_example_runs():
    import doctest

    failures, tried = doctest.testmod(testing, verbose=False)
    assert tried == 3 and failures == 0
