"""Port of TF's ``VariableScopeTest`` (variable_scope_test.py), in our own words.

Op-name assertions of the original are checked through the name-scope emulation: where TF made
a constant or opened ``ops.name_scope("scope2") as sc2``, we open ``tf.name_scope`` and compare the
yielded string, or read ``tf.get_name_scope()``.
"""

import numpy as np
import pytest

import scopelab as tf
from scopelab.errors import (
    InitializerError, InitializerTypeError, InvalidReuseError, InvalidScopeArgumentError,
    InvalidScopeNameError, ScopeNestingError, VariableAlreadyExistsError, VariableNotFoundError,
)


def ns(name):
    """The string a fresh ``name_scope(name)`` yields here (TF tests' ``as sc2``)."""
    with tf.name_scope(name) as scope:
        return scope


def test_scope_initializer_is_used_and_can_be_given_on_reentry():      # testVarScopeInitializer
    init = tf.constant_initializer(0.3)
    with tf.variable_scope("tower0") as tower:
        with tf.variable_scope("foo", initializer=init):
            v = tf.get_variable("v", [])
            assert float(v) == pytest.approx(0.3)
        with tf.variable_scope(tower, initializer=init):
            w = tf.get_variable("w", [])
            assert float(w) == pytest.approx(0.3)


def test_scope_constraint_is_attached_and_given_on_object_reentry():    # testVarScopeConstraint
    constraint = lambda x: 0.0 * x
    with tf.variable_scope("tower1") as tower:
        with tf.variable_scope("foo", constraint=constraint):
            v = tf.get_variable("v", [])
            assert v.constraint is constraint
        with tf.variable_scope(tower, constraint=constraint):
            w = tf.get_variable("w", [])
            assert w.constraint is constraint


def test_exiting_outer_scope_first_is_a_nesting_error():                 # testVarScopeNestingError
    scope = tf.variable_scope("outer")
    scope.__enter__()
    inner = tf.variable_scope("inner")
    inner.__enter__()
    with pytest.raises(RuntimeError, match="Improper nesting of variable_scope.") as info:
        scope.__exit__(None, None, None)
    assert isinstance(info.value, ScopeNestingError)
    inner.__exit__(None, None, None)
    scope.__exit__(None, None, None)
    assert tf.get_variable_scope().name == ""


def test_string_variable_defaults_to_empty_strings():                    # testStringDefaultInitializer
    v = tf.get_variable("string", shape=[], dtype=tf.string)
    assert v.dtype == tf.string
    assert np.asarray(v).item() in ("", b"")


def test_scope_dtype_applies_on_string_and_object_entry():               # testVarScopeDType
    with tf.variable_scope("tower2") as tower:
        with tf.variable_scope("foo", dtype=tf.float16):
            v = tf.get_variable("v", [])
            assert v.dtype == tf.float16
        with tf.variable_scope(tower, dtype=tf.float16):
            w = tf.get_variable("w", [])
            assert w.dtype == tf.float16


def test_initialize_from_python_and_numpy_values():                      # testInitFromNonTensorValue
    v = tf.get_variable("v", initializer=4, dtype=tf.int32)
    assert int(v) == 4 and v.dtype == tf.int32
    w = tf.get_variable("w", initializer=np.array([1, 2, 3]), dtype=tf.int64)
    np.testing.assert_array_equal(np.asarray(w), [1, 2, 3])
    with pytest.raises(TypeError) as info:
        tf.get_variable("x", initializer={})
    assert isinstance(info.value, InitializerTypeError)


@pytest.mark.parametrize("dtype", [tf.int8, tf.uint8, tf.int16, tf.uint16, tf.int32, tf.int64,
                                   tf.bool])
def test_default_initializer_for_integers_and_bool_is_zeros(dtype):      # testInitFromNonInitializer
    x = tf.get_variable("x", shape=(3, 4), dtype=dtype)
    y = tf.get_variable("y", shape=(3, 4), dtype=dtype,
                        initializer=tf.zeros_initializer(dtype=dtype))
    assert x.dtype == dtype
    np.testing.assert_array_equal(np.asarray(x), np.asarray(y))


def test_caching_device_is_inherited_and_overridable():                  # testVarScopeCachingDevice
    device_fn = lambda op: op.device
    with tf.variable_scope("tower", caching_device="/cpu:0"):
        v = tf.get_variable("v", [])
        assert v.caching_device == "/cpu:0"
        with tf.variable_scope("child"):
            assert tf.get_variable("v", []).caching_device == "/cpu:0"
        with tf.variable_scope("not_cached", caching_device=""):
            assert tf.get_variable("v", []).caching_device == ""
        with tf.variable_scope("newscope", caching_device=device_fn):
            assert tf.get_variable("v", []).caching_device is device_fn
        tf.get_variable_scope().set_caching_device("/cpu:1")
        assert tf.get_variable("w", []).caching_device == "/cpu:1"
        assert tf.get_variable("x", [], caching_device="/cpu:2").caching_device == "/cpu:2"


def test_regularizer_inheritance_setters_and_no_regularizer():           # testVarScopeRegularizer
    init = tf.constant_initializer(0.3)

    def regularizer1(v):
        return tf.reduce_mean(v) + 0.1

    def regularizer2(v):
        return tf.reduce_mean(v) + 0.2

    with tf.variable_scope("tower3", regularizer=regularizer1) as tower:
        with tf.variable_scope("foo", initializer=init):
            v = tf.get_variable("v", [])
            assert len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)) == 1
            assert v.name == "tower3/foo/v:0"
        with tf.variable_scope(tower, initializer=init) as vs:
            tf.get_variable("u", [])
            vs.set_regularizer(regularizer2)
            tf.get_variable("w", [])
            # No new loss added when a regularizer is switched off.
            tf.get_variable("x", [], regularizer=tf.no_regularizer)
            with tf.variable_scope("baz", regularizer=tf.no_regularizer):
                tf.get_variable("y", [])
            vs.set_regularizer(tf.no_regularizer)
            tf.get_variable("z", [])
            losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
            assert len(losses) == 3
            assert [float(loss) for loss in losses] == pytest.approx([0.4, 0.4, 0.5])
    with tf.variable_scope("tower3", reuse=True):
        tf.get_variable("foo/v", [])                   # reuse adds no loss
        assert len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)) == 3


def test_initialize_from_value():                                         # testInitializeFromValue
    init = tf.constant(0.1)
    w = tf.get_variable("v", initializer=init)
    assert float(w) == pytest.approx(0.1)
    with pytest.raises(ValueError, match="shape") as info:
        tf.get_variable("u", [1], initializer=init)   # no shape with a constant
    assert isinstance(info.value, InitializerError)
    with tf.variable_scope("foo", initializer=init):
        v = tf.get_variable("v")
        assert float(v) == pytest.approx(0.1)
    init = tf.constant(1, dtype=tf.int32)
    t = tf.get_variable("t", initializer=init)
    assert t.dtype == tf.int32 and int(t) == 1
    with pytest.raises(ValueError, match="don't match"):
        tf.get_variable("s", initializer=init, dtype=tf.float64)


def test_get_variable_scope_setters_vanish_on_exit():                    # testGetVariableScope
    init = tf.constant_initializer(0.3)
    with tf.variable_scope("bar"):
        assert tf.get_variable_scope().initializer is None
        tf.get_variable_scope().set_initializer(init)
        v = tf.get_variable("v", [])
        assert float(v) == pytest.approx(0.3)
        tf.get_variable_scope().reuse_variables()
        with pytest.raises(ValueError):       # w does not exist yet
            tf.get_variable("w", [1])
    assert tf.get_variable_scope().initializer is None


def test_scope_names_and_name_scopes():                                   # testVarScope
    with tf.variable_scope("tower4") as tower:
        assert tower.name == "tower4"
        assert ns("scope") == "tower4/scope/"
    with tf.variable_scope("tower5"):
        with tf.variable_scope("bar") as bar:
            assert bar.name == "tower5/bar"
            assert ns("scope") == "tower5/bar/scope/"
    with tf.variable_scope("tower6"):
        with tf.variable_scope(tower, reuse=True) as tower_shared:
            assert tower_shared.name == "tower4"
            assert ns("scope") == "tower6/tower4/scope/"


def test_reentry_never_reuses_the_name_scope():                            # testVarScopeNameScope
    with tf.name_scope("testVarScopeNameScope1"):
        with tf.variable_scope("tower") as tower:
            assert ns("scope2") == "testVarScopeNameScope1/tower/scope2/"
        with tf.variable_scope(tower):
            assert ns("scope2") == "testVarScopeNameScope1/tower_1/scope2/"
        with tf.variable_scope("tower"):
            assert ns("scope2") == "testVarScopeNameScope1/tower_2/scope2/"
    with tf.name_scope("testVarScopeNameScope2"):
        with tf.variable_scope("tower"):
            assert ns("scope2") == "testVarScopeNameScope2/tower/scope2/"
        with tf.variable_scope(tower):
            assert ns("scope2") == "testVarScopeNameScope2/tower_1/scope2/"
    root_var_scope = tf.get_variable_scope()
    with tf.name_scope("testVarScopeNameScope3"):
        with tf.variable_scope(root_var_scope):
            assert ns("scope2") == "testVarScopeNameScope3/scope2/"


def test_original_name_scope_is_preserved_and_reenterable():             # testVarScopeOriginalNameScope
    with tf.name_scope("scope1"):
        with tf.variable_scope("tower") as tower:
            assert tower.original_name_scope == "scope1/tower/"
            assert ns("scope2") == "scope1/tower/scope2/"
    with tf.name_scope("scope2"):
        with tf.variable_scope(tower) as tower1:
            assert tower1.original_name_scope == "scope1/tower/"
            assert ns("foo") == "scope2/tower/foo/"
        with tf.name_scope(tower.original_name_scope):
            assert ns("bar") == "scope1/tower/bar/"
    with tf.name_scope("scope2"):
        with tf.variable_scope(tower):
            with tf.name_scope(tower.original_name_scope):
                assert ns("bar") == "scope1/tower/bar_1/"


def test_object_reentry_reuse_flags():                                     # testVarScopeObjectReuse
    with tf.variable_scope("jump", reuse=True) as scope:
        vs = scope
    with tf.variable_scope(vs) as jump:
        assert jump.reuse is True
    with tf.variable_scope(vs, reuse=True) as jump_reuse:
        assert jump_reuse.reuse is True
    with tf.variable_scope(vs, reuse=False) as jump_no_reuse:
        assert jump_no_reuse.reuse is True        # inherited, cannot be undone
    with tf.variable_scope("jump", reuse=False) as scope:
        vs = scope
    with tf.variable_scope(vs) as jump:
        assert jump.reuse is False
    with tf.variable_scope(vs, reuse=True) as jump_reuse:
        assert jump_reuse.reuse is True
    with tf.variable_scope(vs, reuse=False) as jump_no_reuse:
        assert jump_no_reuse.reuse is False


def test_auto_reuse_gets_or_creates_and_values_persist():                # testVarScopeGetOrCreateReuse
    def test_value(value):
        x = tf.constant(value)
        with tf.variable_scope("testVarScopeGetOrCreateReuse_bar", reuse=tf.AUTO_REUSE):
            v = tf.get_variable("var", [])
            v.assign(x)
        with tf.variable_scope("testVarScopeGetOrCreateReuse_bar", reuse=tf.AUTO_REUSE):
            return tf.get_variable("var", [])

    assert float(test_value(42.0)) == 42.0
    assert float(test_value(13.0)) == 13.0
    assert float(test_value(17.0)) == 17.0
    assert len(tf.global_variables()) == 1


def test_var_op_scope_names_and_name_scopes():                           # testVarOpScope
    with tf.name_scope("testVarOpScope1"):
        with tf.variable_scope("tower", "default", []):
            assert tf.get_variable("w", []).name == "tower/w:0"
            assert ns("testVarOpScope2") == "testVarOpScope1/tower/testVarOpScope2/"
        with tf.variable_scope("tower", "default", []):
            with pytest.raises(ValueError):
                tf.get_variable("w", [])
            assert ns("testVarOpScope2") == "testVarOpScope1/tower_1/testVarOpScope2/"
    with tf.name_scope("testVarOpScope2"):
        with tf.variable_scope(None, "default", []):
            assert tf.get_variable("w", []).name == "default/w:0"
            assert ns("testVarOpScope2") == "testVarOpScope2/default/testVarOpScope2/"
        with tf.variable_scope(None, "default", []):
            assert tf.get_variable("w", []).name == "default_1/w:0"
            assert ns("testVarOpScope2") == "testVarOpScope2/default_1/testVarOpScope2/"


def test_unique_names_with_interleaved_substring_scopes():
    expected = ["defaultScope1/layer/w:0", "defaultScope1_1/layer/w:0",
                "defaultScope/layer/w:0", "defaultScope1_2/layer/w:0"]
    got = []
    for default in ("defaultScope1", "defaultScope1", "defaultScope", "defaultScope1"):
        with tf.variable_scope(None, default):
            with tf.variable_scope(None, "layer"):
                got.append(tf.get_variable("w", []).name)
    assert got == expected


def test_unique_numbering_continues_after_a_jump():                       # ...WithJump
    with tf.variable_scope("default") as default:
        with tf.variable_scope(None, "layer"):
            assert tf.get_variable("w", []).name == "default/layer/w:0"
        with tf.variable_scope(None, "layer"):
            assert tf.get_variable("w", []).name == "default/layer_1/w:0"
        with tf.variable_scope(default):
            pass
        with tf.variable_scope(None, "layer"):
            assert tf.get_variable("w", []).name == "default/layer_2/w:0"


def test_var_op_scope_reuse():                                              # testVarOpScopeReuse
    with tf.variable_scope("outer") as outer:
        with tf.variable_scope("tower", "default", []):
            assert tf.get_variable("w", []).name == "outer/tower/w:0"
            assert ns("scope2") == "outer/tower/scope2/"
        with tf.variable_scope(None, "default", []):
            assert tf.get_variable("w", []).name == "outer/default/w:0"
            assert ns("scope2") == "outer/default/scope2/"
    with tf.variable_scope(outer, reuse=True) as outer:
        with tf.variable_scope("tower", "default", []):
            assert tf.get_variable("w", []).name == "outer/tower/w:0"
            assert ns("scope2") == "outer_1/tower/scope2/"
        with tf.variable_scope(None, "default", []):
            assert tf.get_variable("w", []).name == "outer/default/w:0"
            assert ns("scope2") == "outer_1/default/scope2/"


def test_get_var_through_captured_scopes():                               # testVarScopeGetVar
    with tf.variable_scope("root"):
        with tf.variable_scope("towerA") as tower_a:
            va = tf.get_variable("v", [1])
            assert va.name == "root/towerA/v:0"
        with tf.variable_scope(tower_a, reuse=True):
            assert tf.get_variable("v", [1]) is va
        with tf.variable_scope("towerB"):
            assert tf.get_variable("v", [1]).name == "root/towerB/v:0"
        with pytest.raises(ValueError), tf.variable_scope("towerA"):
            tf.get_variable("v", [1])
        with tf.variable_scope("towerA", reuse=True):
            assert tf.get_variable("v", [1]) is va
        with tf.variable_scope("foo"):
            with tf.variable_scope("bar"):
                assert tf.get_variable("v", [1]).name == "root/foo/bar/v:0"
                with tf.variable_scope(tower_a, reuse=True):
                    assert tf.get_variable("v", [1]) is va
        with pytest.raises(ValueError):
            with tf.variable_scope(tower_a, reuse=True):
                with tf.variable_scope("baz"):
                    tf.get_variable("v", [1])
        with pytest.raises(ValueError) as info:
            with tf.variable_scope(tower_a, reuse=True):
                tf.get_variable("v", [2])           # different shape
        assert "shape" in str(info.value)
        with pytest.raises(ValueError) as info:
            with tf.variable_scope(tower_a, reuse=True):
                tf.get_variable("v", [1], dtype=tf.int32)
        assert "dtype" in str(info.value)


def test_outer_scope_object_reentry():                                       # testVarScopeOuterScope
    with tf.variable_scope("outer") as outer:
        pass
    with tf.variable_scope(outer):
        assert tf.get_variable("w", []).name == "outer/w:0"
        assert ns("scope2") == "outer_1/scope2/"
        with tf.variable_scope("default"):
            assert tf.get_variable("w", []).name == "outer/default/w:0"
            assert ns("scope2") == "outer_1/default/scope2/"
    with tf.variable_scope(outer, reuse=True):
        assert tf.get_variable("w", []).name == "outer/w:0"
        assert ns("scope2") == "outer_2/scope2/"
        with tf.variable_scope("default", reuse=True):
            assert tf.get_variable("w", []).name == "outer/default/w:0"
            assert ns("scope2") == "outer_2/default/scope2/"


def test_nested_outer_scope_object_reentry():                                # testVarScopeNestedOuterScope
    with tf.variable_scope("outer") as outer:
        with tf.variable_scope(outer):
            assert tf.get_variable("w", []).name == "outer/w:0"
            assert ns("scope2") == "outer/outer/scope2/"
            with tf.variable_scope("default"):
                assert tf.get_variable("w", []).name == "outer/default/w:0"
                assert ns("scope2") == "outer/outer/default/scope2/"
        with tf.variable_scope(outer, reuse=True):
            assert tf.get_variable("w", []).name == "outer/w:0"
            assert ns("scope2") == "outer/outer_1/scope2/"
            with tf.variable_scope("default"):
                assert tf.get_variable("w", []).name == "outer/default/w:0"
                assert ns("scope2") == "outer/outer_1/default/scope2/"


def test_var_op_scope_reuse_param():                                          # testVarOpScopeReuseParam
    with tf.variable_scope("outer") as outer:
        with tf.variable_scope("tower", "default", []):
            assert tf.get_variable("w", []).name == "outer/tower/w:0"
            assert ns("scope2") == "outer/tower/scope2/"
        with tf.variable_scope(None, "default", []):
            assert tf.get_variable("w", []).name == "outer/default/w:0"
            assert ns("scope2") == "outer/default/scope2/"
    with tf.variable_scope(outer) as outer:
        with tf.variable_scope("tower", "default", reuse=True):
            assert tf.get_variable("w", []).name == "outer/tower/w:0"
            assert ns("scope2") == "outer_1/tower/scope2/"
        outer.reuse_variables()
        with tf.variable_scope(None, "default", []):
            assert tf.get_variable("w", []).name == "outer/default/w:0"
            assert ns("scope2") == "outer_1/default/scope2/"


def test_default_name_with_reuse_true_is_an_error():                       # testVarOpScopeReuseError
    with pytest.raises(ValueError, match="reuse=True cannot be used without a name_or_scope"):
        with tf.variable_scope(None, "default", reuse=True):
            pass


def test_default_name_with_auto_reuse_is_an_error_too():                   # spec §12 rule 4
    with pytest.raises(InvalidReuseError, match="reuse=True cannot be used without"):
        with tf.variable_scope(None, "default", reuse=tf.AUTO_REUSE):
            pass


def test_var_op_scope_outer_scope():                                         # testVarOpScopeOuterScope
    with tf.variable_scope("outer") as outer:
        pass
    with tf.variable_scope(outer, "default", []):
        assert tf.get_variable("w", []).name == "outer/w:0"
        assert ns("scope2") == "outer_1/scope2/"
        with tf.variable_scope(None, "default", []):
            assert tf.get_variable("w", []).name == "outer/default/w:0"
            assert ns("scope2") == "outer_1/default/scope2/"
    with tf.variable_scope(outer, "default", reuse=True):
        assert tf.get_variable("w", []).name == "outer/w:0"
        assert ns("scope2") == "outer_2/scope2/"
        with tf.variable_scope(None, "default", []):
            assert tf.get_variable("w", []).name == "outer/default/w:0"
            assert ns("scope2") == "outer_2/default/scope2/"


def test_var_op_scope_nested_outer_scope():                                  # ...NestedOuterScope
    with tf.variable_scope("outer") as outer:
        with tf.variable_scope(outer, "default", []):
            assert tf.get_variable("w", []).name == "outer/w:0"
            assert ns("scope2") == "outer/outer/scope2/"
            with tf.variable_scope(None, "default", []):
                assert tf.get_variable("w", []).name == "outer/default/w:0"
                assert ns("scope2") == "outer/outer/default/scope2/"
        with tf.variable_scope(outer, "default", reuse=True):
            assert tf.get_variable("w", []).name == "outer/w:0"
            assert ns("scope2") == "outer/outer_1/scope2/"
            with tf.variable_scope(None, "default", []):
                assert tf.get_variable("w", []).name == "outer/default/w:0"
                assert ns("scope2") == "outer/outer_1/default/scope2/"


def test_auxiliary_name_scope_false():                           # testBasicWhenAuxiliaryNameScopeIsFalse
    with tf.variable_scope("scope", auxiliary_name_scope=False) as scope:
        assert scope.original_name_scope == ""
        assert tf.get_variable("w", []).name == "scope/w:0"
        assert tf.constant([], name="c").name == "c:0"
    with tf.variable_scope(scope, auxiliary_name_scope=False):
        assert scope.original_name_scope == ""
        assert tf.get_variable("w1", []).name == "scope/w1:0"
        assert tf.constant([], name="c1").name == "c1:0"
    with tf.name_scope("scope"):                                # no name scope was consumed
        assert tf.constant([], name="c").name == "scope/c:0"
    with tf.variable_scope("outer"):
        with tf.variable_scope("inner", auxiliary_name_scope=False) as inner:
            assert inner.original_name_scope == "outer/"
            assert tf.get_variable("w", []).name == "outer/inner/w:0"
            assert tf.constant([], name="c").name == "outer/c:0"
        with tf.variable_scope(inner, auxiliary_name_scope=False) as inner1:
            assert inner1.original_name_scope == "outer/"
            assert tf.get_variable("w1", []).name == "outer/inner/w1:0"
            assert tf.constant([], name="c1").name == "outer/c1:0"
        with tf.name_scope("inner"):
            assert tf.constant([], name="c").name == "outer/inner/c:0"


def test_ops_get_unique_names_under_name_scopes():
    v = tf.get_variable("v", [1])
    with tf.variable_scope("foo"):
        assert (v + 1).op.name == "foo/add"
        assert (v + 1).name == "foo/add_1:0"
        assert (2 * v).op.name == "foo/mul"
        assert tf.constant(1.0).name == "foo/Const:0"
        assert tf.constant(1.0).name == "foo/Const_1:0"


def test_default_name_with_auxiliary_name_scope_false():
    with tf.variable_scope(None, default_name="default", auxiliary_name_scope=False) as scope:
        assert scope.original_name_scope == ""
        assert tf.get_variable("w", []).name == "default/w:0"
        assert tf.constant([], name="c").name == "c:0"
    with tf.name_scope("default"):
        assert tf.constant([], name="c").name == "default/c:0"
    with tf.variable_scope("outer"):
        with tf.variable_scope(None, default_name="default",
                               auxiliary_name_scope=False) as inner:
            assert inner.original_name_scope == "outer/"
            assert tf.get_variable("w", []).name == "outer/default/w:0"
            assert tf.constant([], name="c").name == "outer/c:0"
        with tf.name_scope("default"):
            assert tf.constant([], name="c").name == "outer/default/c:0"


def test_reenter_root_scope_with_auxiliary_name_scope_false():
    root_scope = tf.get_variable_scope()
    with tf.variable_scope(root_scope, auxiliary_name_scope=False) as scope:
        assert scope.original_name_scope == ""
        assert tf.get_variable("w", []).name == "w:0"
        assert tf.constant([], name="c").name == "c:0"
    with tf.variable_scope("outer"):
        with tf.variable_scope(root_scope, auxiliary_name_scope=False) as inner:
            assert inner.original_name_scope == ""
            assert tf.get_variable("w1", []).name == "w1:0"
            assert tf.constant([], name="c1").name == "outer/c1:0"


def test_auxiliary_name_scope_must_be_bool():                     # testAuxiliaryNameScopeIsInvalid
    with pytest.raises(TypeError, match="auxiliary_name_scope"):
        with tf.variable_scope(None, default_name="scope", auxiliary_name_scope="invalid"):
            pass
    with pytest.raises(TypeError, match="auxiliary_name_scope"):
        with tf.variable_scope("scope", auxiliary_name_scope="invalid"):
            pass
    with tf.variable_scope("scope") as scope:
        pass
    with pytest.raises(TypeError, match="auxiliary_name_scope") as info:
        with tf.variable_scope(scope, auxiliary_name_scope="invalid"):
            pass
    assert isinstance(info.value, InvalidScopeArgumentError)


def test_reuse_scope_without_name_scope_collision():        # testReuseScopeWithoutNameScopeCollision
    with tf.variable_scope("outer"):
        with tf.variable_scope("inner") as inner:
            pass
    with tf.variable_scope(inner, auxiliary_name_scope=False) as scope:
        with tf.name_scope(scope.original_name_scope):
            assert tf.get_variable("w", []).name == "outer/inner/w:0"
            assert tf.constant([], name="c").name == "outer/inner/c:0"
        with tf.name_scope("inner"):
            assert tf.constant([], name="c").name == "inner/c:0"
    with tf.variable_scope("another"):
        with tf.variable_scope(inner, auxiliary_name_scope=False) as scope1:
            with tf.name_scope(scope1.original_name_scope):
                assert tf.get_variable("w1", []).name == "outer/inner/w1:0"
                assert tf.constant([], name="c1").name == "outer/inner/c1:0"
            with tf.name_scope("inner"):
                assert tf.constant([], name="c").name == "another/inner/c:0"


def test_get_local_variable():                                              # testGetLocalVar
    with tf.variable_scope("outer") as outer:
        local_var = tf.get_local_variable("w", [], collections=["foo"])
        assert local_var.name == "outer/w:0"
    assert local_var in tf.local_variables()
    assert local_var in tf.get_collection("foo")
    assert local_var not in tf.trainable_variables()
    assert local_var not in tf.global_variables()
    with tf.variable_scope(outer, reuse=True):
        assert tf.get_local_variable("w", []) is local_var


def test_get_variable_and_get_local_variable_have_the_same_signature():
    import inspect
    params = lambda fn: list(inspect.signature(fn).parameters)
    assert params(tf.get_variable) == params(tf.get_local_variable)


def test_numpy_initializer_keeps_its_dtype():                       # testGetVarWithDevice (dtypes)
    x = tf.get_variable("x", [])
    y = tf.get_variable("y", initializer=np.arange(73))
    assert x.dtype == tf.float32 and y.dtype == tf.int64
    assert y.shape.as_list() == [73]


def test_dtype_of_an_existing_variable_is_accepted():                  # testGetVariableWithRefDtype
    v = tf.get_variable("v", shape=[3, 4], dtype=tf.float32)
    w = tf.get_variable("w", shape=[5, 6], dtype=v.dtype)
    assert w.dtype == tf.float32
    assert tf.get_variable("z", shape=[1], dtype="float32_ref").dtype == tf.float32


def test_initializer_that_takes_no_args():                          # ...WhichTakesNoArgs
    v = tf.get_variable("foo", initializer=lambda: [2])
    assert v.name == "foo:0"
    np.testing.assert_array_equal(np.asarray(v), [2])


def test_initializer_with_only_optional_args():                      # ...WhichTakesOptionalArgs
    v = tf.get_variable("foo", initializer=lambda x=True: [2])
    assert v.name == "foo:0"


def test_initializer_needing_args_without_shape_raises_tf_text():   # ...UnprovidedArgsAndNoShape
    with pytest.raises(ValueError) as info:
        tf.get_variable("foo", initializer=lambda x: [2])
    assert str(info.value).startswith(
        "The initializer passed is not valid. It should be a callable with no arguments and the "
        "shape should not be provided or an instance of `tf.keras.initializers.*' and `shape` "
        "should be fully defined.")
    assert isinstance(info.value, InitializerError)


def test_invalid_root_scope_name():                                          # testTwoGraphs
    with pytest.raises(ValueError, match="'_' is not a valid (?:root )?scope name") as info:
        with tf.variable_scope("_"):
            pass
    assert isinstance(info.value, InvalidScopeNameError)


def test_name_scope_absolute_reentry_and_root_reset():
    with tf.name_scope("a") as a:
        assert a == "a/"
        with tf.name_scope("b") as b:
            assert b == "a/b/"
            with tf.name_scope("x/") as absolute:
                assert absolute == "x/" and tf.get_name_scope() == "x"
            with tf.name_scope(None) as root:
                assert root == "" and tf.get_name_scope() == ""
    assert tf.get_name_scope() == ""


def test_name_scope_uniquification_is_case_insensitive():
    assert ns("Foo") == "Foo/"
    assert ns("foo") == "foo_1/"
    assert ns("FOO") == "FOO_2/"


def test_variable_scope_uniquification_is_case_sensitive():
    with tf.variable_scope(None, default_name="Layer") as upper:
        pass
    with tf.variable_scope(None, default_name="layer") as lower:
        pass
    assert (upper.name, lower.name) == ("Layer", "layer")


def test_name_scope_does_not_affect_variable_names():                      # spec §12 rule 1
    with tf.name_scope("ns"):
        v = tf.get_variable("a", [])
    assert v.name == "a:0"


def test_get_variable_op_name_is_marked_used():
    tf.get_variable("w", [])
    with tf.variable_scope("w") as scope:
        assert scope.original_name_scope == "w_1/"


def test_reuse_true_missing_variable_is_not_found_error():
    with tf.variable_scope("s", reuse=True):
        with pytest.raises(VariableNotFoundError):
            tf.get_variable("nothing", [1])


def test_string_scope_reentry_without_reuse_collides():
    with tf.variable_scope("s"):
        tf.get_variable("v", [1])
    with tf.variable_scope("s"):
        with pytest.raises(VariableAlreadyExistsError):
            tf.get_variable("v", [1])


def test_scope_repr_is_deterministic():
    context = tf.variable_scope("foo")
    assert repr(context) == "<tf.variable_scope('foo', default_name=None)>"
    with context as scope:
        assert repr(scope) == "<tf.VariableScope 'foo' reuse=False>"
    assert repr(tf.variable_scope(scope)) == "<tf.variable_scope(<scope 'foo'>, default_name=None)>"
    assert repr(tf.name_scope("n")) == "<tf.name_scope('n')>"
    assert repr(tf.device("/cpu:0")) == "<tf.device('/cpu:0')>"


def test_variable_op_scope_alias():
    with tf.variable_op_scope([], None, default_name="d") as scope:
        assert scope.name == "d"


def test_empty_string_scope_pushes_no_name_scope():
    with tf.name_scope("ns"):
        with tf.variable_scope("") as scope:
            assert tf.get_name_scope() == "ns"
            assert scope.name == "" and tf.get_variable("v", []).name == "v:0"
    with tf.variable_scope("outer"):
        with tf.variable_scope("") as inner:
            assert inner.name == "outer/"          # TF appends the empty string verbatim


def test_get_variable_with_an_empty_name_is_named_like_its_scope():
    # TF1 facts (compat.v1 graph mode, checked against TF 2.15): get_variable("") in scope "a" is
    # "a:0" with op "a" even though the scope's own name scope took "a" (an absolute op name, as
    # slot_creator relies on), and reuse in the same scope finds it. scopelab keys it "a" in the
    # store (TF keys "a/"), the one deviation: only get_variable("") can ask for that key.
    tf.reset_default_graph()
    with tf.variable_scope("a"):
        v = tf.get_variable("", [2])
    assert (v.name, v.op.name) == ("a:0", "a")
    with tf.variable_scope("a", reuse=True):
        assert tf.get_variable("", [2]) is v
    with tf.variable_scope("outer"):
        with tf.variable_scope(None, default_name="w/Adam"):
            slot = tf.get_variable("", [1])
    assert slot.name == "outer/w/Adam:0"
