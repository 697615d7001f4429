"""One test per rule of spec §12 ("most error-prone semantics"), end to end through get_variable.

Rules 12, 13 and 15 belong to the value makers; here they are checked only where they touch the
store (partition_info reaching initializers, seeded shards, the lookup over stored shards).
"""

import re

import numpy as np
import pytest

import scopelab as tf
from scopelab.errors import (
    DtypeMismatchError, InitializerError, PartitioningConflictError, PartitionMismatchError,
    ShapeMismatchError, VariableAlreadyExistsError,
)


def test_rule_01_names_come_only_from_variable_scopes():
    with tf.name_scope("ns") as ns:
        with tf.variable_scope("vs") as vs:
            v = tf.get_variable("v", [])
            with tf.name_scope("inner") as inner:
                assert tf.get_variable("w", []).name == "vs/w:0"
    assert v.name == "vs/v:0"
    assert ns == "ns/" and vs.original_name_scope == "ns/vs/" and inner == "ns/vs/inner/"


def test_rule_02_plain_scope_is_not_get_or_create_and_false_means_inherit():
    with tf.variable_scope("a"):
        tf.get_variable("v", [])
    with tf.variable_scope("a"), pytest.raises(VariableAlreadyExistsError):
        tf.get_variable("v", [])
    with tf.variable_scope("a", reuse=True):
        with tf.variable_scope("b", reuse=False) as b:
            assert b.reuse is True
    with tf.variable_scope("a") as plain:
        assert plain.reuse is False          # False, never None, through the public API


def test_rule_03_child_reuse_is_arg_or_parent_and_object_entry_ignores_outer():
    with tf.variable_scope("p", reuse=True):
        with tf.variable_scope("c", reuse=tf.AUTO_REUSE) as child:
            assert child.reuse is tf.AUTO_REUSE
    with tf.variable_scope("captured") as captured:
        pass
    with tf.variable_scope("outer", reuse=True):
        with tf.variable_scope(captured) as again:
            assert again.reuse is False
    with tf.variable_scope("auto", reuse=tf.AUTO_REUSE):
        with tf.variable_scope("child") as c2:
            assert c2.reuse is tf.AUTO_REUSE


def test_rule_04_auto_reuse_is_truthy():
    assert bool(tf.AUTO_REUSE)
    with pytest.raises(ValueError, match="reuse=True cannot be used without a name_or_scope"):
        with tf.variable_scope(None, default_name="d", reuse=tf.AUTO_REUSE):
            pass
    with tf.variable_scope("s", partitioner=tf.fixed_size_partitioner(2)):
        pv = tf.get_variable("v", [4])
    with tf.variable_scope("s", reuse=tf.AUTO_REUSE):           # AUTO_REUSE: no shortcut
        with pytest.raises(PartitioningConflictError):
            tf.get_variable("v", [4])
    with tf.variable_scope("s", reuse=True):                    # only True qualifies
        assert tf.get_variable("v") is pv


def test_rule_05_default_name_counters():
    names = []
    with tf.variable_scope("top") as top:
        for _ in range(2):
            with tf.variable_scope(None, default_name="d") as d:
                names.append(d.name)
        with tf.variable_scope("d_2"):                           # a string occupies a name
            pass
        with tf.variable_scope(None, default_name="d") as d:
            names.append(d.name)
        with tf.variable_scope("d"):                             # strings are never uniquified
            names.append(tf.get_variable_scope().name)
    with tf.variable_scope(top):                                 # counters restored on exit
        with tf.variable_scope(None, default_name="d") as d:
            names.append(d.name)
    with tf.variable_scope("top"):                               # subtree reset after exit
        with tf.variable_scope(None, default_name="d") as d:
            names.append(d.name)
    assert names == ["top/d", "top/d_1", "top/d_3", "top/d", "top/d", "top/d"]


def test_rule_06_constraint_is_not_inherited():
    c = lambda v: v
    with tf.variable_scope("a", constraint=c) as a:
        assert tf.get_variable("v", []).constraint is c
        with tf.variable_scope("child"):
            assert tf.get_variable("w", []).constraint is None
    with tf.variable_scope(a):
        assert tf.get_variable("x", []).constraint is None


def test_rule_07_reuse_checks_shape_none_dtype_always_constant_shape_error():
    with tf.variable_scope("s"):
        v = tf.get_variable("v", [5, 3], initializer=tf.zeros_initializer())
        tf.get_variable("i", [2], dtype=tf.int32)
    with tf.variable_scope("s", reuse=True):
        assert tf.get_variable("v") is v
        assert tf.get_variable("v", [None, 3]) is v
        with pytest.raises(ShapeMismatchError):
            tf.get_variable("v", [5])
        with pytest.raises(DtypeMismatchError, match="specified dtype float32 and found dtype "
                                                     "int32"):
            tf.get_variable("i")
        assert tf.get_variable("i", dtype=tf.int32).dtype == tf.int32
        with pytest.raises(InitializerError, match="If initializer is a constant, do not "
                                                   "specify shape."):
            tf.get_variable("v", [5, 3], initializer=np.zeros((5, 3), np.float32))
        # initializer, regularizer, trainable, collections are ignored on reuse
        assert tf.get_variable("v", [5, 3], initializer=tf.ones_initializer(),
                               regularizer=lambda x: 1.0, trainable=False,
                               collections=["other"]) is v
    assert tf.get_regularization_losses() == [] and tf.get_collection("other") == []
    assert float(np.asarray(v).sum()) == 0.0


def test_rule_08_constant_initializers():
    with tf.variable_scope("s", dtype=tf.float64):
        v = tf.get_variable("v", initializer=[1.0, 2.0])
    assert v.dtype == tf.float32                      # the value's dtype, not the scope's
    with pytest.raises(InitializerError, match="don't match"):
        tf.get_variable("w", initializer=1.0, dtype=tf.float64)
    assert tf.get_variable("i", initializer=4, dtype=tf.int32).dtype == tf.int32
    with pytest.raises(ValueError, match="must be fully defined"):
        tf.get_variable("p", initializer=[1.0, 2.0], partitioner=tf.fixed_size_partitioner(2))
    pv = tf.get_variable("q", initializer=tf.constant([1.0, 2.0]),
                         partitioner=tf.fixed_size_partitioner(2))
    assert pv.get_shape().as_list() == [2]


def test_rule_09_collections_and_trainable():
    v = tf.get_variable("v", [], collections=["mine"])
    r = tf.get_variable("r", [], synchronization=tf.VariableSynchronization.ON_READ)
    loc = tf.get_local_variable("loc", [])
    assert tf.global_variables() == [r]
    assert tf.trainable_variables() == [v]
    assert tf.local_variables() == [loc] and tf.model_variables() == []


def test_rule_10_regularizer_once_per_creation_lazy_and_switchable():
    calls = []

    def reg(x):
        calls.append(1)
        return tf.reduce_sum(x)

    with tf.variable_scope("s", regularizer=reg, reuse=tf.AUTO_REUSE):
        v = tf.get_variable("v", [2], initializer=tf.ones_initializer())
        tf.get_variable("v", [2])
        tf.get_variable("off", [2], regularizer=tf.no_regularizer)
    assert len(calls) == 1
    (loss,) = tf.get_regularization_losses()
    v.assign([5.0, 5.0])
    assert float(loss) == 10.0                      # reads the live value


def test_rule_11_partitioning():
    pv = tf.get_variable("v", [5, 2], partitioner=lambda **kw: [2, 1])
    assert [s.shape.as_list() for s in pv] == [[3, 2], [2, 2]]
    one = tf.get_variable("one", [5, 2], partitioner=lambda **kw: [1, 1])
    assert [s.name for s in one] == ["one/part_0:0"]
    assert tf.get_variable("scalar", (), partitioner=lambda **kw: [2]).name == "scalar:0"
    with pytest.raises(ValueError, match="rank at least 1"):
        tf.get_variable("ts", tf.TensorShape([]), partitioner=lambda **kw: [])
    with pytest.raises(ValueError, match="one dimension"):
        tf.get_variable("two", [4, 4], partitioner=lambda **kw: [2, 2])
    with pytest.raises(ValueError):
        tf.get_variable("many", [2, 2], partitioner=lambda **kw: [3, 1])
    with tf.variable_scope(tf.get_variable_scope(), reuse=tf.AUTO_REUSE):
        with pytest.raises(PartitionMismatchError):
            tf.get_variable("v", [5, 2], partitioner=lambda **kw: (2, 1))


def test_rule_12_partition_info_and_seeded_shards_through_the_store():
    pv = tf.get_variable("eye", [4, 4], initializer=tf.initializers.identity(),
                         partitioner=tf.fixed_size_partitioner(2))
    np.testing.assert_array_equal(pv.as_tensor(), np.eye(4))
    seeded = tf.get_variable("seeded", [4, 3], partitioner=tf.fixed_size_partitioner(2),
                             initializer=tf.random_normal_initializer(seed=7))
    a, b = list(seeded)
    np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


def test_rule_13_variance_scaling_fans_use_the_full_shape():
    pv = tf.get_variable("w", [300, 100], partitioner=tf.fixed_size_partitioner(3),
                         initializer=tf.variance_scaling_initializer(distribution="uniform"))
    limit = np.sqrt(3.0 / 300)
    value = pv.as_tensor()
    assert np.abs(value).max() <= limit and np.abs(value).max() > 0.9 * limit


def test_rule_14_custom_getters_chain_innermost_first_with_keywords():
    order = []

    def make(tag):
        def getter_fn(getter, *args, **kwargs):
            assert args == () and kwargs["name"] == "o/i/v"
            order.append(tag)
            return getter(*args, **kwargs)
        return getter_fn

    with tf.variable_scope("o", custom_getter=make("outer")):
        with tf.variable_scope("i", custom_getter=make("inner")):
            tf.get_variable("v", [1])
            tf.get_variable("w", [1], custom_getter=lambda getter, **kw: getter(**kw))
    assert order == ["inner", "outer"]


def test_rule_15_mod_lookup_differs_from_the_concatenated_view():
    pv = tf.get_variable("emb", [10, 2], partitioner=tf.fixed_size_partitioner(3))
    ids = np.arange(10)
    np.testing.assert_array_equal(tf.nn.embedding_lookup(pv, ids, partition_strategy="div"),
                                  pv.as_tensor())
    assert not np.array_equal(tf.nn.embedding_lookup(pv, ids, partition_strategy="mod"),
                              pv.as_tensor())


# --- the reuse matrix (spec §2.4) and a property test ------------------------------------------------
@pytest.mark.parametrize("reuse,exists,outcome", [
    (False, True, VariableAlreadyExistsError), (False, False, "create"),
    (True, True, "same"), (True, False, "VariableNotFoundError"),
    (tf.AUTO_REUSE, True, "same"), (tf.AUTO_REUSE, False, "create"),
    (None, True, "same"), (None, False, "create"),
])
def test_store_reuse_matrix(reuse, exists, outcome):
    from scopelab.errors import VariableNotFoundError
    from scopelab.store import VariableStore
    store = VariableStore()
    existing = store.get_variable("v", [2]) if exists else None
    expected_error = {"VariableNotFoundError": VariableNotFoundError}.get(outcome, outcome)
    if isinstance(expected_error, type):
        with pytest.raises(expected_error):
            store.get_variable("v", [2], reuse=reuse)
        assert store.variables() == ([existing] if exists else [])
    elif outcome == "same":
        assert store.get_variable("v", [2], reuse=reuse) is existing
    else:
        created = store.get_variable("v", [2], reuse=reuse)
        assert store.variables() == [created]


from hypothesis import given, settings, strategies as st

_paths = st.lists(st.sampled_from(["a", "b", "c"]), min_size=0, max_size=3)
_requests = st.lists(st.tuples(_paths, st.sampled_from(["w", "b"])), min_size=1, max_size=25)


@settings(max_examples=60, deadline=None)
@given(_requests)
def test_auto_reuse_store_holds_exactly_the_distinct_names(requests):
    tf.reset_default_graph()
    seen = {}
    for path, leaf in requests:
        root = tf.variable_scope(tf.get_variable_scope(), reuse=tf.AUTO_REUSE)
        scopes = [root] + [tf.variable_scope(p) for p in path]      # children inherit AUTO_REUSE
        for s in scopes:
            s.__enter__()
        try:
            v = tf.get_variable(leaf, [1])
        finally:
            for s in reversed(scopes):
                s.__exit__(None, None, None)
        full = "/".join([*path, leaf])
        # the store keys the requested name; the op may be "<full>_1" when a scope took it (TF1)
        assert tf.get_default_store().get(full) is v
        assert re.fullmatch(re.escape(full) + r"(_\d+)?:0", v.name), v.name
        assert seen.setdefault(full, v) is v
    assert [v.full_name for v in tf.get_default_store().variables()] == list(seen)
    assert tf.get_variable_scope().name == ""


def test_a_plain_variable_named_like_a_shard_makes_reusing_its_parent_a_conflict():
    # "w" and a plain "w/part_0" both exist: asking for "w" again is TF's partitioning conflict,
    # also on the reuse fast path (it must not hand back "w" without the full path's check).
    tf.get_variable("w", [2])
    with tf.variable_scope("w"):
        tf.get_variable("part_0", [2])
    for reuse in (True, tf.AUTO_REUSE):
        with tf.variable_scope(tf.get_variable_scope(), reuse=reuse):
            with pytest.raises(PartitioningConflictError, match="w/part_0"):
                tf.get_variable("w", [2])
