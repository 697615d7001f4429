"""Errors that explain a TF1 confusion where it happens (issue 14): where reuse came from,
case-only typos, ``get_variable(reuse=...)``, the scope object versus its context manager, graph
lookups. Each test pins the class (TF1's builtin class too) and the key phrases."""

import os
import pickle

import pytest

import scopelab as tf
from scopelab import errors

HERE = os.path.relpath(__file__)


def line_of(marker):
    with open(__file__) as handle:
        for number, line in enumerate(handle, 1):
            if marker in line and "line_of(" not in line:
                return number
    raise AssertionError(marker)


# --- 1. where reuse=True came from -----------------------------------------------------------------
def test_not_found_says_reuse_was_inherited_from_the_outer_scope_and_where():
    with tf.variable_scope("outer", reuse=True):  # MARK-OUTER-REUSE
        with tf.variable_scope("inner"):
            with pytest.raises(errors.VariableNotFoundError) as info:
                tf.get_variable("w", [1])
    text = str(info.value)
    assert isinstance(info.value, ValueError)
    assert "scope:         'outer/inner'   reuse: True (the variable must already exist)\n" in text
    assert (f"reuse=True was set by variable_scope('outer', reuse=True) at "
            f"{HERE}:{line_of('MARK-OUTER-REUSE')}, and inner scopes inherit it "
            f"('outer' -> 'outer/inner').") in text
    assert info.value.reuse_set_by == "variable_scope('outer', reuse=True)"
    assert "inner scopes inherit it" in info.value.reuse_origin
    # the AUTO_REUSE fix goes where reuse was turned on, not on a full path pasted inside it
    assert ("open 'outer', where reuse was turned on, with AUTO_REUSE instead (it also creates a "
            "new variable silently when a name is mistyped):\n"
            '    with tf.variable_scope("outer", reuse=tf.AUTO_REUSE): ...') in text
    assert 'variable_scope("outer/inner"' not in text


def test_not_found_says_a_re_entered_captured_scope_brought_its_reuse():
    with tf.variable_scope("block", reuse=True) as captured:  # MARK-CAPTURED
        pass
    with tf.variable_scope("elsewhere"):
        with tf.variable_scope(captured):  # MARK-REENTERED
            with pytest.raises(errors.VariableNotFoundError) as info:
                tf.get_variable("w", [1])
    text = str(info.value)
    assert (f"reuse=True came with the captured scope 'block', re-entered at "
            f"{HERE}:{line_of('MARK-REENTERED')}: a VariableScope object keeps the reuse it had "
            f"when captured (reuse=True was set by variable_scope('block', reuse=True) at "
            f"{HERE}:{line_of('MARK-CAPTURED')}), whatever the enclosing scope says.") in text
    assert "scope:         'block'" in text


def test_not_found_names_the_line_of_reuse_variables_and_an_object_re_entry_with_reuse():
    with tf.variable_scope("a") as scope:
        scope.reuse_variables()  # MARK-REUSE-VARIABLES
        with pytest.raises(errors.VariableNotFoundError) as info:
            tf.get_variable("v", [1])
    assert (f"reuse=True was set by reuse_variables() on scope 'a' at "
            f"{HERE}:{line_of('MARK-REUSE-VARIABLES')}.") in str(info.value)
    with tf.variable_scope(scope, reuse=True):  # MARK-OBJECT-REUSE
        with tf.variable_scope("b"):
            with pytest.raises(errors.VariableNotFoundError) as info:
                tf.get_variable("v", [1])
    assert (f"reuse=True was set by variable_scope(<scope 'a'>, reuse=True) at "
            f"{HERE}:{line_of('MARK-OBJECT-REUSE')}, and inner scopes inherit it "
            f"('a' -> 'a/b').") in str(info.value)


def test_the_raw_store_keeps_its_one_line_reuse_source():
    store = tf.get_default_store()
    with pytest.raises(errors.VariableNotFoundError) as info:
        store.get_variable("missing", [1], reuse=True)
    text = str(info.value)
    assert "set by the reuse argument of VariableStore.get_variable" in text
    assert info.value.reuse_origin == ""


def test_reuse_origin_survives_pickling():
    with tf.variable_scope("p", reuse=True):
        with pytest.raises(errors.VariableNotFoundError) as info:
            tf.get_variable("w", [1])
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value) and again.reuse_origin == info.value.reuse_origin


def test_a_scope_keeps_where_reuse_came_from_as_plain_values_that_pickle():
    # The scope remembers the `with` line of reuse=True for later messages: as a file name and a
    # line number, never a code or frame object (a scope sent to a cluster worker must pickle).
    with tf.variable_scope("p", reuse=True) as scope:  # MARK-PICKLED-REUSE
        pass
    again = pickle.loads(pickle.dumps(scope))
    assert (again.name, again.reuse, again.reuse_set_by) == (
        "p", True, "variable_scope('p', reuse=True)")
    with tf.variable_scope(again):
        with pytest.raises(errors.VariableNotFoundError) as info:
            tf.get_variable("w", [1])
    assert f"{HERE}:{line_of('MARK-PICKLED-REUSE')}" in str(info.value)


# --- 2. names are case-sensitive -------------------------------------------------------------------
def test_did_you_mean_ignores_case_and_says_names_are_case_sensitive():
    with tf.variable_scope("s"):
        tf.get_variable("Weights", [2])
        tf.get_variable("bias", [2])
    with tf.variable_scope("s", reuse=True):
        with pytest.raises(errors.VariableNotFoundError) as info:
            tf.get_variable("weights", [2])
    text = str(info.value)
    assert info.value.suggestions[0] == "s/Weights"
    assert ("'s/Weights' differs from 's/weights' only in case: names are case-sensitive"
            in text)
    assert 'To fetch the existing variable, spell it as it was created:\n    tf.get_variable("Weights")' in text


def test_a_spelling_typo_is_not_called_a_case_difference():
    with tf.variable_scope("s"):
        tf.get_variable("weights", [2])
    with tf.variable_scope("s", reuse=True):
        with pytest.raises(errors.VariableNotFoundError) as info:
            tf.get_variable("wieghts", [2])
    assert "closest existing names: 's/weights'" in str(info.value)
    assert "case-sensitive" not in str(info.value)


def test_closest_names_ranks_a_case_only_difference_first():
    from scopelab.names import closest_names, differs_only_in_case
    assert closest_names("net/weights", ["net/weight_2", "net/Weights", "other"])[0] == "net/Weights"
    assert differs_only_in_case("a/W", "a/w") and not differs_only_in_case("a/w", "a/w")


def test_graph_lookups_raise_key_error_with_tf_text_first_and_the_case_hint():
    tf.constant(1.0, name="Dense/Const")
    graph = tf.get_default_graph()
    with pytest.raises(KeyError) as info:
        graph.get_tensor_by_name("dense/const:0")
    err = info.value
    assert isinstance(err, errors.GraphElementNotFoundError)
    text = str(err)               # the text itself, not KeyError's one-line repr of it
    assert text.startswith("The name 'dense/const:0' refers to a Tensor which does not exist. "
                           "The operation, 'dense/const', does not exist in the graph.\n")
    assert "closest existing names: 'Dense/Const:0'" in text
    assert "only in case: names are case-sensitive" in text
    assert 'graph.get_tensor_by_name("Dense/Const:0")' in text
    with pytest.raises(errors.GraphElementNotFoundError) as info:
        graph.get_operation_by_name("dense/const")
    assert str(info.value).startswith(
        "The name 'dense/const' refers to an Operation not in the graph.\n")
    assert info.value.suggestions == ["Dense/Const"]
    with pytest.raises(KeyError, match="exists but only has 1 outputs"):
        graph.get_tensor_by_name("Dense/Const:1")


def test_graph_lookup_in_an_empty_graph_and_a_far_name():
    graph = tf.get_default_graph()
    with pytest.raises(errors.GraphElementNotFoundError, match="refers to an Operation not in"):
        graph.get_operation_by_name("x")
    tf.constant(1.0, name="c")
    with pytest.raises(errors.GraphElementNotFoundError) as info:
        graph.get_operation_by_name("completely_different")
    assert "no operation in the graph has a similar name" in str(info.value)
    assert "case-sensitive" not in str(info.value)


# --- 3. get_variable has no reuse argument ---------------------------------------------------------
def test_get_variable_reuse_argument_is_tf_s_type_error_explained():
    with tf.variable_scope("layer"):
        w = tf.get_variable("w", [3, 2])
    for call in (lambda: tf.get_variable("layer/w", [3, 2], reuse=True),      # exists
                 lambda: tf.get_variable("layer/new", [3, 2], reuse=True)):   # does not
        with pytest.raises(TypeError) as info:
            call()
        err = info.value
        assert isinstance(err, errors.ReuseArgumentError) and err.reuse is True
        text = str(err)
        assert text.startswith("get_variable() got an unexpected keyword argument 'reuse'\n")
        assert "reuse belongs to the enclosing variable_scope" in text
        assert 'with tf.variable_scope("layer", reuse=True):\n        tf.get_variable(' in text
    assert tf.global_variables() == [w]          # nothing made, nothing changed


def test_reuse_argument_fixes_follow_the_value_and_the_current_scope():
    with tf.variable_scope("outer"):
        with pytest.raises(errors.ReuseArgumentError) as info:
            tf.get_variable("w", [1], reuse=tf.AUTO_REUSE)
    text = str(info.value)
    # pasted inside 'outer', naming 'outer' again would open 'outer/outer'
    assert "with tf.variable_scope(tf.get_variable_scope(), reuse=tf.AUTO_REUSE):" in text
    assert "  scope: 'outer'" in text and info.value.scope == "outer"
    with pytest.raises(errors.ReuseArgumentError) as info:
        tf.get_variable("w", [1], reuse=False)
    assert "Drop the argument" in str(info.value)
    assert tf.global_variables() == []


def test_get_local_variable_and_compat_v1_raise_it_too():
    with pytest.raises(errors.ReuseArgumentError) as info:
        tf.get_local_variable("v", [1], reuse=True)
    assert str(info.value).startswith(
        "get_local_variable() got an unexpected keyword argument 'reuse'")
    with pytest.raises(errors.ReuseArgumentError):
        tf.compat.v1.get_variable("v", [1], reuse=True)
    assert tf.local_variables() == []


def test_reuse_stays_out_of_get_variable_s_signature():
    import inspect
    assert "reuse" not in inspect.signature(tf.get_variable).parameters
    assert "reuse" not in inspect.signature(tf.get_local_variable).parameters
    with pytest.raises(TypeError, match="positional"):
        tf.get_variable("w", *([None] * 15))     # 16 positional arguments: Python's own error


def test_variable_scope_get_variable_takes_reuse_as_tf_s_does():
    # TF's VariableScope.get_variable(var_store, name, ..., reuse=...) has the argument
    with tf.variable_scope("vs") as scope:
        w = tf.get_variable("w", [1])
    store = tf.get_default_store()
    assert scope.get_variable(store, "w", [1], reuse=True) is w


# --- 4. the scope object versus the context manager ------------------------------------------------
def test_passing_the_context_manager_explains_as_and_the_fix():
    manager = tf.variable_scope("k", initializer=tf.ones_initializer())
    with pytest.raises(TypeError) as info:
        with tf.variable_scope(manager):
            pass
    err = info.value
    assert isinstance(err, errors.InvalidScopeArgumentError) and err.opens == "k"
    text = str(err)
    assert text.startswith("VariableScope: name_or_scope must be a string or VariableScope.\n")
    assert "got the context manager <tf.variable_scope('k', default_name=None)>" in text
    assert "`as` binds it" in text
    assert 'with tf.variable_scope("k") as scope:' in text
    assert "with tf.variable_scope(scope): ...   # the scope, not the context manager" in text
    assert tf.get_variable_scope().name == ""


def test_other_wrong_types_keep_the_plain_message():
    with pytest.raises(errors.InvalidScopeArgumentError) as info:
        with tf.variable_scope(3):
            pass
    assert "got int 3." in str(info.value) and "context manager" not in str(info.value)


# --- the fixes the messages print run and do what they say ----------------------------------------
def _fix_lines(text, first):
    """The indented code lines of a message's fix, from the one that starts with ``first``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith(first))
    code = []
    for line in lines[start:]:
        if not line.startswith("    "):
            break
        code.append(line[4:])
    return "\n".join(code)


def test_the_reuse_argument_fix_runs_and_shares_the_variable():
    with tf.variable_scope("outer"):
        with tf.variable_scope("layer"):
            w = tf.get_variable("w", [3, 2])
        with pytest.raises(errors.ReuseArgumentError) as info:
            tf.get_variable("layer/w", [3, 2], reuse=True)
        code = _fix_lines(str(info.value), "with tf.variable_scope(").replace("...", "[3, 2]")
        namespace = {"tf": tf}
        exec(code.replace('tf.get_variable(', 'shared = tf.get_variable('), namespace)
    assert namespace["shared"] is w


def test_the_context_manager_fix_runs_and_re_enters_the_scope():
    manager = tf.variable_scope("k")
    with pytest.raises(errors.InvalidScopeArgumentError) as info:
        with tf.variable_scope(manager):
            pass
    code = _fix_lines(str(info.value), "with tf.variable_scope(").replace("...", "pass")
    code = code.replace("with tf.variable_scope(scope): pass",
                        "with tf.variable_scope(scope) as again: pass")
    namespace = {"tf": tf}
    exec(code, namespace)
    assert namespace["again"].name == "k"


def test_the_inherited_reuse_fix_creates_the_missing_variable_once():
    with tf.variable_scope("model"):
        w = tf.get_variable("w", [1])
    with tf.variable_scope("model", reuse=True):
        with tf.variable_scope("head"):
            with pytest.raises(errors.VariableNotFoundError) as info:
                tf.get_variable("b", [1])
    opener = _fix_lines(str(info.value), "with tf.variable_scope(").replace(" ...", "")
    namespace = {"tf": tf}
    exec(opener + "\n    w_again = tf.get_variable('w', [1])\n"
         "    with tf.variable_scope('head'):\n        b = tf.get_variable('b', [1])", namespace)
    assert namespace["w_again"] is w and namespace["b"].name == "model/head/b:0"
