"""The store itself (TF ``_VariableStore``): get-or-create, events, versions, reset, subscribers."""

import warnings

import numpy as np
import pytest

import scopelab as tf
from scopelab.errors import VariableAlreadyExistsError, VariableNotFoundError
from scopelab.store import StoreEvent, VariableStore, get_default_store


def test_store_with_default_reuse_none_returns_the_same_object():       # testGetVar
    store = VariableStore()
    v = store.get_variable("v", [1])
    assert store.get_variable("v", [1]) is v


def test_store_reuse_false_on_existing_and_true_on_missing_raise():     # testNameExists
    store = VariableStore()
    v = store.get_variable("v", [1])
    assert store.get_variable("v", [1]) is v
    with pytest.raises(VariableAlreadyExistsError):
        store.get_variable("v", [1], reuse=False)
    with pytest.raises(VariableNotFoundError):
        store.get_variable("u", [1], reuse=True)


def test_store_names_carry_no_scope():                                  # testNamelessStore
    store = VariableStore()
    store.get_variable("v1", [2])
    store.get_variable("v2", [2])
    assert [v.name for v in store.variables()] == ["v1:0", "v2:0"]
    assert store.get("v1").name == "v1:0"
    assert store.get("missing") is None


def test_events_created_reused_and_error_reach_a_subscriber():
    store = get_default_store()
    events = []
    unsubscribe = store.subscribe(events.append)
    with tf.variable_scope("s", reuse=tf.AUTO_REUSE):
        v = tf.get_variable("v", [2])
        tf.get_variable("v", [2])
    with tf.variable_scope("s"), pytest.raises(ValueError):
        tf.get_variable("v", [2])
    unsubscribe()
    tf.get_variable("after", [1])
    assert [e.kind for e in events] == ["created", "reused", "error"]
    assert all(isinstance(e, StoreEvent) for e in events)
    assert events[0].variable is v and events[0].name == "s/v" and events[0].scope_name == "s"
    assert events[0].reuse is tf.AUTO_REUSE
    assert events[2].name == "s/v" and isinstance(events[2].error, VariableAlreadyExistsError)
    assert [e.seq for e in events] == sorted(e.seq for e in events)
    assert store.last_error is events[2]


def test_version_counts_mutations_only():
    store = get_default_store()
    start = store.version
    with tf.variable_scope("s", reuse=tf.AUTO_REUSE):
        v = tf.get_variable("v", [2])
        after_create = store.version
        tf.get_variable("v", [2])
    assert after_create == start + 1
    assert store.version == after_create               # reuse changes nothing
    v.assign(np.ones(2))
    assert store.version == after_create + 1           # an assignment is a mutation


def test_assign_emits_an_assigned_event_and_updates_the_value():
    store = get_default_store()
    v = tf.get_variable("v", [3], initializer=tf.zeros_initializer())
    events = []
    store.subscribe(events.append)
    v.assign([1, 2, 3])
    assert [e.kind for e in events] == ["assigned"]
    np.testing.assert_array_equal(np.asarray(v), [1, 2, 3])


def test_partitioned_creation_is_one_event_with_the_container():
    store = get_default_store()
    events = []
    store.subscribe(events.append)
    pv = tf.get_variable("p", [4, 2], partitioner=tf.fixed_size_partitioner(2))
    assert [e.kind for e in events] == ["created"]
    assert events[0].variable is pv


def test_a_raising_subscriber_warns_and_never_breaks_get_variable():
    store = get_default_store()
    seen = []

    def broken(event):
        raise RuntimeError("view crashed")

    store.subscribe(broken)
    store.subscribe(seen.append)
    with pytest.warns(RuntimeWarning, match="view crashed"):
        v = tf.get_variable("v", [1])
    assert v.name == "v:0"
    assert [e.kind for e in seen] == ["created"]


def test_reset_clears_in_place_and_notifies():
    store = get_default_store()
    events = []
    store.subscribe(events.append)
    tf.get_variable("v", [1], regularizer=lambda v: tf.reduce_sum(v))
    tf.add_to_collection("mine", 3)
    tf.reset_default_graph()
    assert get_default_store() is store
    assert store.variables() == [] and store.collection_keys() == []
    assert store.regularization_losses() == [] and store.last_error is None
    assert events[-1].kind == "reset"
    assert tf.get_variable("v", [1]).name == "v:0"      # the name is free again


def test_reset_also_resets_scopes_name_scopes_and_counters():
    with tf.variable_scope(None, default_name="layer"):
        pass
    with tf.name_scope("ns"):
        pass
    tf.reset_default_graph()
    with tf.variable_scope(None, default_name="layer") as scope:
        assert scope.name == "layer"
    with tf.name_scope("ns") as ns:
        assert ns == "ns/"


def test_subscribe_rejects_non_callables():
    with pytest.raises(TypeError, match="callable"):
        get_default_store().subscribe(42)


def test_unsubscribe_stops_events():
    store = get_default_store()
    events = []
    unsubscribe = store.subscribe(events.append)
    unsubscribe()
    tf.get_variable("v", [1])
    assert events == []


def test_collections_api_of_the_store():
    store = get_default_store()
    v = tf.get_variable("a/v", [1])
    assert store.collection_keys() == [tf.GraphKeys.GLOBAL_VARIABLES,
                                       tf.GraphKeys.TRAINABLE_VARIABLES]
    assert store.get_collection(tf.GraphKeys.GLOBAL_VARIABLES, scope="a") == [v]
    copy = store.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)
    copy.append("junk")
    assert store.get_collection(tf.GraphKeys.GLOBAL_VARIABLES) == [v]


def test_store_repr_is_deterministic():
    tf.get_variable("v", [1])
    assert repr(get_default_store()).startswith("<scopelab.VariableStore: 1 variables")


def test_regularization_losses_are_live():
    v = tf.get_variable("v", [2], initializer=tf.ones_initializer(),
                        regularizer=lambda x: tf.reduce_sum(x))
    (loss,) = get_default_store().regularization_losses()
    assert float(loss) == pytest.approx(2.0)
    v.assign([3.0, 4.0])
    assert float(loss) == pytest.approx(7.0)


def test_no_warning_without_subscribers():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        tf.get_variable("v", [1])


def test_reuse_with_other_dtype_spellings_and_the_scope_named_variable():
    """get_variable asks the store once for an existing variable before building a request; a
    dtype spelt as a string or NumPy type, and the name "" (the scope's own name), are settled by
    the full path, which must still find the variable instead of creating or refusing one."""
    tf.reset_default_graph()
    with tf.variable_scope("s"):
        w = tf.get_variable("w", [2], dtype=tf.float32)
        slot = tf.get_variable("", [3])
    with tf.variable_scope("s", reuse=True):
        assert tf.get_variable("w", [2], dtype="float32") is w
        assert tf.get_variable("w", [2], dtype=np.float32) is w
        assert tf.get_variable("", [3]) is slot
    assert [v.name for v in tf.global_variables()] == ["s/w:0", "s:0"]
