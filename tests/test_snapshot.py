"""snapshot.py: the store as frozen plain data, and its deterministic text/HTML renderers."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

import scopelab as tf
from scopelab import display
from scopelab.diff import StoreDiff, diff_stores, value_fingerprints
from scopelab.render import dom_id, render_html, render_text, shard_rows_text
from scopelab.snapshot import ScopeInfo, VariableInfo, summarize_values, take_snapshot
from scopelab.store import get_default_store


def _build_model():
    with tf.variable_scope("encoder"):
        with tf.variable_scope("dense"):
            tf.get_variable("kernel", shape=[4, 3])
            tf.get_variable("bias", shape=[3], initializer=tf.zeros_initializer())
    with tf.variable_scope("emb", partitioner=tf.fixed_size_partitioner(3)):
        tf.get_variable("table", shape=[10, 4])
    tf.get_variable("global_step", shape=[], dtype=tf.int64, trainable=False,
                    initializer=tf.zeros_initializer())


def test_tree_follows_scopes_and_creation_order():
    _build_model()
    snap = take_snapshot()
    assert [s.path for s in snap.root.scopes] == ["encoder", "emb"]
    assert [v.path for v in snap.root.variables] == ["global_step"]
    dense = snap.root.scopes[0].scopes[0]
    assert dense.path == "encoder/dense"
    assert [v.name for v in dense.variables] == ["kernel", "bias"]
    assert snap.root.count() == (4, 3)
    assert snap.version == get_default_store().version


def test_variable_facts_are_plain_data():
    _build_model()
    snap = take_snapshot()
    bias = snap.find("encoder/dense/bias")
    assert bias == VariableInfo(
        name="bias", path="encoder/dense/bias", shape=(3,), dtype="float32", device="",
        trainable=True, initializer="zeros_initializer()",
        collections=bias.collections, site=bias.site)
    assert "trainable_variables" in bias.collections
    assert re.fullmatch(r"tests/test_snapshot\.py:\d+", bias.site), bias.site
    step = snap.find("global_step")
    assert (step.dtype, step.trainable, step.shape) == ("int64", False, ())


def test_partitioned_variable_is_one_leaf_with_its_shards():
    _build_model()
    table = take_snapshot().find("emb/table")
    assert table.shape == (10, 4) and table.partitions == (3, 1)
    assert [s.name for s in table.shards] == ["emb/table/part_0", "emb/table/part_1", "emb/table/part_2"]
    assert [s.offset for s in table.shards] == [(0, 0), (4, 0), (7, 0)]
    assert [s.shape for s in table.shards] == [(4, 4), (3, 4), (3, 4)]
    assert shard_rows_text(table) == ["part_0 rows 0-3 (4)", "part_1 rows 4-6 (3)", "part_2 rows 7-9 (3)"]
    # shards are not listed again as variables of their own
    assert [v.path for v in take_snapshot().root.scopes[1].variables] == ["emb/table"]


def test_column_partitions_say_columns():
    tf.get_variable("wide", shape=[2, 6], partitioner=lambda shape, dtype: [1, 2])
    wide = take_snapshot().find("wide")
    assert wide.partition_axis == 1
    assert shard_rows_text(wide) == ["part_0 columns 0-2 (3)", "part_1 columns 3-5 (3)"]


def test_snapshot_is_immutable_and_independent_of_later_changes():
    _build_model()
    snap = take_snapshot()
    with pytest.raises(dataclasses.FrozenInstanceError):
        snap.root.scopes[0].name = "x"  # type: ignore[misc]  # the assignment must fail
    tf.get_variable("later", shape=[1])
    assert snap.find("later") is None
    assert take_snapshot().find("later") is not None


def test_prefix_keeps_only_that_subtree():
    _build_model()
    tf.get_variable("encoder_extra", shape=[1])  # shares the text prefix, not the scope
    snap = take_snapshot(prefix="encoder/")
    assert snap.prefix == "encoder"
    assert [v.path for v in snap.root.walk_variables()] == ["encoder/dense/kernel", "encoder/dense/bias"]
    assert "under 'encoder'" in render_text(snap)
    assert take_snapshot(prefix="nope").root == ScopeInfo(name="", path="")


def test_text_render_is_deterministic_and_pinned():
    _build_model()
    text = render_text(take_snapshot())
    version = get_default_store().version
    assert text == "\n".join([
        f"scope store: 4 variables in 3 scopes (version {version})",
        "├── encoder/",
        "│   └── dense/",
        "│       ├── kernel  (4, 3)  float32  trainable  glorot_uniform_initializer()",
        "│       └── bias  (3,)  float32  trainable  zeros_initializer()",
        "├── emb/",
        "│   └── table  (10, 4)  float32  trainable  glorot_uniform_initializer()  partitions (3, 1)",
        "│         part_0 rows 0-3 (4)",
        "│         part_1 rows 4-6 (3)",
        "│         part_2 rows 7-9 (3)",
        "└── global_step  ()  int64  not trainable  zeros_initializer()",
    ])
    tf.reset_default_graph()
    _build_model()
    assert render_text(take_snapshot()).splitlines()[1:] == text.splitlines()[1:]


def test_text_depth_folds_and_values_adds_statistics():
    _build_model()
    get_default_store().get("encoder/dense/bias").assign(np.array([1.0, 2.0, 3.0], np.float32))
    folded = render_text(take_snapshot(), depth=1)
    assert "│   └── dense/  (2 variables)" in folded and "kernel" not in folded
    snap = take_snapshot(values=True)
    with_values = render_text(snap, values=True)
    assert "mean 2  std 0.8165  min 1  max 3  zeros 0/3" in with_values
    assert render_text(snap) == with_values                      # shown when the snapshot has them
    assert "mean" not in render_text(snap, values=False)
    assert '<div class="sl-stats">mean 2  std 0.8165' in render_html(snap)
    assert snap.summary("encoder/dense/bias").max == 3.0


def test_values_come_from_the_snapshot_not_the_store_of_the_moment():
    """A snapshot carries its statistics: later assignments and other stores do not leak in."""
    _build_model()
    bias = get_default_store().get("encoder/dense/bias")
    bias.assign(np.array([1.0, 2.0, 3.0], np.float32))
    snap = take_snapshot(values=True)
    bias.assign(np.array([5.0, 5.0, 5.0], np.float32))
    assert "mean 2  std 0.8165  min 1  max 3" in render_text(snap)
    with tf.Graph().as_default():                 # another graph's store is the default now
        tf.get_variable("other", shape=[2], initializer=tf.ones_initializer())
        text = render_text(snap)
    assert "mean 2  std 0.8165" in text and "other" not in text
    with tf.Graph().as_default():
        tf.get_variable("w", shape=[2], initializer=tf.ones_initializer())
        own = take_snapshot(values=True)
    assert "w  (2,)" in render_text(own) and "mean 1  std 0  min 1  max 1  zeros 0/2" in render_text(own)


def test_asking_for_values_a_snapshot_does_not_hold_says_how_to_get_them():
    _build_model()
    snap = take_snapshot()
    assert not snap.has_values and snap.summary("encoder/dense/bias") is None
    with pytest.raises(ValueError, match=r"taken without values.*take_snapshot\(values=True\)"):
        render_text(snap, values=True)
    with pytest.raises(ValueError, match="taken without values"):
        render_html(snap, values=True)
    assert take_snapshot(prefix="nothing-here", values=True).has_values  # empty, but taken with values


def test_html_has_no_script_stable_ids_and_details():
    _build_model()
    page = render_html(take_snapshot())
    assert "<script" not in page and "0x" not in page
    assert '<details id="sl-scope-encoder--dense" open>' in page
    assert 'id="sl-var-emb--table"' in page
    assert "part_1 rows 4-6 (3)" in page
    assert page == render_html(take_snapshot())
    folded = render_html(take_snapshot(), depth=1)
    assert '<details id="sl-scope-encoder--dense">' in folded  # closed below depth 1


def test_html_escapes_names():
    with tf.variable_scope("a.b-c"):
        tf.get_variable("x", shape=[1])
    page = render_html(take_snapshot())
    assert dom_id("a.b-c/x") == "sl-var-a.b-c--x"
    assert re.search(r'id="sl-var-a\.b-c--x"', page)


def test_empty_store_renders():
    snap = take_snapshot()
    assert render_text(snap).endswith("(no variables)")
    assert "(no variables)" in render_html(snap)


def test_every_user_facing_object_has_text_and_html():
    _build_model()
    store = get_default_store()
    kernel = store.get("encoder/dense/kernel")
    table = store.get("emb/table")
    with tf.variable_scope("encoder") as scope:
        pass
    try:
        with tf.variable_scope("encoder"):
            with tf.variable_scope("dense"):
                tf.get_variable("kernel", shape=[4, 3])
    except ValueError as err:
        error = err
    for obj in (kernel, table, scope, store, error):
        bundle = display.mimebundle(obj)
        assert set(bundle) == {"text/plain", "text/html"}, type(obj)
        assert " at 0x" not in bundle["text/plain"] + bundle["text/html"]
        assert bundle == display.mimebundle(obj)
    assert kernel._repr_mimebundle_()["text/plain"] == "<tf.Variable 'encoder/dense/kernel:0' shape=(4, 3) dtype=float32>"
    assert "part_2 rows 7-9 (3)" in table._repr_mimebundle_()["text/html"]
    assert "<th>reuse</th>" in scope._repr_mimebundle_()["text/html"]
    assert store._repr_mimebundle_()["text/plain"].startswith("scope store: 4 variables")
    assert error._repr_mimebundle_() == display.mimebundle(error)
    assert display.mimebundle(error)["text/plain"].startswith("VariableAlreadyExistsError: Variable encoder/dense/kernel already exists")


def test_summarize_values_statistics_and_histogram():
    s = summarize_values(np.array([0.0, 1.0, 2.0, 3.0, np.nan, np.inf]), bins=3)
    assert (s.count, s.nan, s.inf, s.zeros) == (6, 1, 1, 1)
    assert (s.mean, s.min, s.max) == (1.5, 0.0, 3.0)
    assert s.std == pytest.approx(np.std([0, 1, 2, 3]))
    assert s.counts == (1, 1, 2) and s.edges == (0.0, 1.0, 2.0, 3.0)
    const = summarize_values(np.full((2, 2), 7, np.int32))
    assert const.counts == (4,) and const.min == const.max == 7.0
    nothing = summarize_values(np.array([np.nan]))
    assert nothing.mean is None and nothing.as_dict()["histogram"] is None
    assert summarize_values(np.array([True, False])).mean == 0.5


def test_diff_reports_created_reused_changed_failed_removed():
    tf.get_variable("a", shape=[2], initializer=tf.zeros_initializer())
    tf.get_variable("gone", shape=[1])
    store = get_default_store()
    before = value_fingerprints()
    events = []
    unsubscribe = store.subscribe(events.append)
    try:
        tf.get_variable("b", shape=[1])
        with tf.variable_scope("", reuse=True):
            tf.get_variable("a")
        store.get("a").assign(np.ones(2, np.float32))
        with pytest.raises(ValueError):
            tf.get_variable("a", shape=[2])
    finally:
        unsubscribe()
    after = value_fingerprints()
    del after["gone"]  # as if removed
    d = diff_stores(before, after, events)
    assert d.created == ("b",) and d.reused == ("a",) and d.changed == ("a",)
    assert d.removed == ("gone",)
    assert d.failed[0].startswith("a: VariableAlreadyExistsError: Variable a already exists")
    text = d._repr_mimebundle_()["text/plain"]
    assert text.splitlines()[0] == "created:        b"
    assert "values changed: a" in text
    assert StoreDiff()._repr_mimebundle_()["text/plain"] == "no variables were created, reused or changed"


def test_a_shard_displays_as_itself():
    with tf.variable_scope("emb", partitioner=tf.fixed_size_partitioner(2)):
        table = tf.get_variable("t", shape=[4, 2])
    shard = list(table)[1]
    page = shard._repr_mimebundle_()["text/html"]
    assert 'id="sl-var-emb--t--part_1"' in page and "(2, 2)" in page
    assert "partitions" not in page


def test_complex_values_summarize_their_real_part():
    s = summarize_values(np.array([1 + 2j, 3 - 1j]))
    assert (s.mean, s.min, s.max) == (2.0, 1.0, 3.0)


def test_collections_are_listed_unless_left_out():
    tf.get_variable("a", shape=[1])
    keys = dict(take_snapshot().collections)
    assert keys["variables"] == ("a:0",) and keys["trainable_variables"] == ("a:0",)
    assert take_snapshot(collections=False).collections == ()


def test_described_variables_are_reused_until_the_variable_goes():
    tf.get_variable("a", shape=[1])
    first, second = take_snapshot().find("a"), take_snapshot().find("a")
    assert first is second  # described once
    tf.reset_default_graph()
    tf.get_variable("a", shape=[2])
    assert take_snapshot().find("a").shape == (2,)  # a new variable gets a new description


def _model_with_plain_variables():
    from scopelab.graph import created_by

    with tf.variable_scope("enc"):
        with created_by("tf.layers.dense"):
            tf.get_variable("kernel", shape=[2, 3])
        tf.Variable(np.zeros(3, np.float32), name="counts")       # not shared by name
        tf.get_variable("plain", shape=[1])
    tf.get_local_variable("seen", shape=[], dtype=tf.int64)
    with created_by("tf.train.AdamOptimizer"):
        tf.Variable(0.9, name="beta1_power", trainable=False)
    tf.Variable(1, name="local_counter", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    tf.Variable(2, name="elsewhere", collections=["mine"])      # in neither collection: not shown


def test_snapshot_shows_tf_variables_in_creation_order_and_what_created_each():
    _model_with_plain_variables()
    snap = take_snapshot()
    facts = {v.path: (v.created_by, v.plain) for v in snap.root.walk_variables()}
    assert facts == {
        "enc/kernel": ("tf.layers.dense", False), "enc/counts": ("", True), "enc/plain": ("", False),
        "seen": ("", False), "beta1_power": ("tf.train.AdamOptimizer", True),
        "local_counter": ("", True)}
    assert [v.path for v in snap.root.scopes[0].variables] == ["enc/kernel", "enc/counts",
                                                               "enc/plain"]
    assert [v.path for v in snap.root.variables] == ["seen", "beta1_power", "local_counter"]
    assert snap.root.count() == (6, 1)
    assert [v.path for v in take_snapshot(prefix="enc").root.walk_variables()] == [
        "enc/kernel", "enc/counts", "enc/plain"]
    summary = dict(take_snapshot(values=True).value_summaries)["beta1_power"]
    assert summary.mean == pytest.approx(0.9)
    with pytest.raises(ValueError, match="does not exist"):     # get_variable still cannot see it
        with tf.variable_scope("enc", reuse=True):
            tf.get_variable("counts", shape=[3])


def test_text_and_html_say_who_created_a_variable_and_mark_tf_variables():
    _model_with_plain_variables()
    snap = take_snapshot()
    text = render_text(snap)
    assert "kernel  (2, 3)  float32  trainable  glorot_uniform_initializer()  by tf.layers.dense" \
        in text
    assert "beta1_power  ()  float32  not trainable  value float32 ()  tf.Variable (not shared " \
        "by name)  by tf.train.AdamOptimizer" in text
    plain_line = next(line for line in text.splitlines() if "plain  (1,)" in line)
    assert plain_line.endswith("trainable  glorot_uniform_initializer()")   # nothing extra
    html = render_html(snap)
    assert '<span class="sl-fact">by tf.layers.dense</span>' in html
    assert '<span class="sl-fact">tf.Variable (not shared by name)</span>' in html
    assert render_text(take_snapshot()) == text and render_html(take_snapshot()) == html
