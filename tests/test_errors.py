"""Error messages: TF1's exact text first, then facts, fixes and tips; structured fields; determinism."""

import os
import pickle
import re
import subprocess
import sys
import textwrap

import pytest

import scopelab as tf
from scopelab import errors
from scopelab.names import CreationSite

HERE = os.path.relpath(__file__)


def line_of(marker):
    with open(__file__) as handle:
        for number, line in enumerate(handle, 1):
            if marker in line and "line_of(" not in line:
                return number
    raise AssertionError(marker)


def test_already_exists_message_and_fields():
    with tf.variable_scope("encoder"):
        tf.get_variable("kernel", [3, 2])  # MARK-CREATED
        with pytest.raises(ValueError) as info:
            tf.get_variable("kernel", [3, 2])  # MARK-AGAIN
    err = info.value
    text = str(err)
    assert text.startswith("Variable encoder/kernel already exists, disallowed. Did you mean to "
                           "set reuse=True or reuse=tf.AUTO_REUSE in VarScope?\n")
    assert "A variable named 'encoder/kernel' already exists" in text
    assert f"first created: {HERE}:{line_of('MARK-CREATED')}" in text
    assert f"asked again:   {HERE}:{line_of('MARK-AGAIN')}" in text
    assert "tf.get_variable(\"kernel\", [3, 2])  # MARK-CREATED" in text     # the source line
    assert "reuse: off (no enclosing scope turned it on)" in text
    assert 'with tf.variable_scope("encoder", reuse=True):' in text
    assert 'with tf.variable_scope("encoder", reuse=tf.AUTO_REUSE):' in text
    # Both sites are lines of a file, not notebook cells: re-running a cell cannot be the cause.
    assert "Re-ran a notebook cell?" not in text
    assert text.rstrip().endswith("More: docs/errors.md#variablealreadyexistserror")
    assert isinstance(err, errors.VariableAlreadyExistsError) and isinstance(err, ValueError)
    assert err.name == "encoder/kernel" and err.reuse is False and err.scope == "encoder"
    assert isinstance(err.created_at, CreationSite)
    assert err.created_at.lineno == line_of("MARK-CREATED")
    assert err.requested_at.lineno == line_of("MARK-AGAIN")


def test_not_found_message_lists_close_names_and_who_set_reuse():
    with tf.variable_scope("net"):
        tf.get_variable("weights", [2])
        tf.get_variable("bias", [2])
    with tf.variable_scope("net", reuse=True):  # MARK-REUSE-ON
        with pytest.raises(errors.VariableNotFoundError) as info:
            tf.get_variable("weight", [2])
    text = str(info.value)
    assert text.startswith("Variable net/weight does not exist, or was not created with "
                           "tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in "
                           "VarScope?\n")
    assert "closest existing names: 'net/weights'" in text
    # Who set reuse, and the line: said once, under the reuse mode (not again in its parenthesis)
    assert "reuse: True (the variable must already exist)\n" in text
    assert (f"  reuse=True was set by variable_scope('net', reuse=True) at "
            f"{HERE}:{line_of('MARK-REUSE-ON')}.\n") in text
    assert text.count("set by") == 1
    assert info.value.suggestions[0] == "net/weights"
    assert info.value.reuse_set_by == "variable_scope('net', reuse=True)"
    assert "reuse=tf.AUTO_REUSE" in text


def test_reuse_set_by_reuse_variables_and_inherited():
    with tf.variable_scope("a") as scope:
        scope.reuse_variables()
        with tf.variable_scope("b"):
            with pytest.raises(errors.VariableNotFoundError) as info:
                tf.get_variable("v", [1])
    assert info.value.reuse_set_by == "reuse_variables() on scope 'a'"
    assert "scope:         'a/b'" in str(info.value)


def test_shape_and_dtype_mismatch_read_expected_then_got():
    with tf.variable_scope("s"):
        tf.get_variable("v", [1])
    with tf.variable_scope("s", reuse=True):
        with pytest.raises(errors.ShapeMismatchError) as shape_info:
            tf.get_variable("v", [2])
        with pytest.raises(errors.DtypeMismatchError) as dtype_info:
            tf.get_variable("v", [1], dtype=tf.int32)
    text = str(shape_info.value)
    assert text.startswith("Trying to share variable s/v, but specified shape (2,) and found "
                           "shape (1,).")
    assert "expected (1,), got (2,)" in text
    assert shape_info.value.expected == tf.TensorShape([1])
    assert shape_info.value.got == tf.TensorShape([2])
    text = str(dtype_info.value)
    assert text.startswith("Trying to share variable s/v, but specified dtype int32 and found "
                           "dtype float32.")
    assert "expected float32, got int32" in text
    assert 'tf.get_variable("v", dtype=tf.float32)' in text


def test_scope_level_messages_keep_tf_text_first():
    cases = [
        (lambda: tf.variable_scope("s", reuse=1),
         "The reuse parameter must be True or False or None."),
        (lambda: tf.variable_scope(None),
         "If default_name is None then name_or_scope is required"),
        (lambda: tf.variable_scope("s", auxiliary_name_scope="x"),
         "The auxiliary_name_scope must be `True` or `False`, while get x"),
    ]
    for call, tf_text in cases:
        with pytest.raises(errors.ScopelabError) as info:
            call()
        assert str(info.value).startswith(tf_text)
        assert "More: docs/errors.md#" in str(info.value)


def test_messages_are_deterministic_and_free_of_addresses():
    def fail():
        tf.reset_default_graph()
        with tf.variable_scope("x", custom_getter=lambda getter, **kw: getter(**kw)):
            tf.get_variable("v", [1])
        with tf.variable_scope("x"):
            try:
                tf.get_variable("v", [1])
            except errors.VariableAlreadyExistsError as exc:
                return str(exc)

    first, second = fail(), fail()
    assert first == second
    assert not re.search(r"0x[0-9a-f]{6,}", first)


def test_errors_pickle_with_their_fields():
    with pytest.raises(errors.VariableNotFoundError) as info:
        with tf.variable_scope("s", reuse=True):
            tf.get_variable("v", [1])
    clone = pickle.loads(pickle.dumps(info.value))
    assert type(clone) is errors.VariableNotFoundError
    assert str(clone) == str(info.value) and clone.name == "s/v"


def test_notebook_cells_are_named_by_execution_count():
    code = textwrap.dedent("""
        import os
        os.environ["NUMBA_ENABLE_CUDASIM"] = "1"
        from IPython.core.interactiveshell import InteractiveShell
        from ipykernel.compiler import XCachingCompiler
        shell = InteractiveShell.instance()
        shell.compile = XCachingCompiler()          # the notebook kernel's cell files
        cells = [
            "import scopelab as tf",
            "v = tf.get_variable('w', [1])",
            "x = 1\\ntry:\\n    tf.get_variable('w', [1])\\nexcept ValueError as e:\\n    msg = str(e)",
        ]
        for cell in cells:
            result = shell.run_cell(cell, store_history=True)
            assert result.success, result
        msg = shell.user_ns["msg"]
        print(msg)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert "first created: cell [2], line 1" in out.stdout
    assert "asked again:   cell [3], line 3" in out.stdout
    assert "ipykernel_" not in out.stdout and "/tmp/" not in out.stdout


def test_rerun_tip_only_when_the_two_sites_are_different_cells():
    code = textwrap.dedent("""
        import os
        os.environ["NUMBA_ENABLE_CUDASIM"] = "1"
        from IPython.core.interactiveshell import InteractiveShell
        from ipykernel.compiler import XCachingCompiler
        shell = InteractiveShell.instance()
        shell.compile = XCachingCompiler()
        shell.run_cell("import scopelab as tf", store_history=True)
        cell = "w = tf.get_variable('w', [1])"
        assert shell.run_cell(cell, store_history=True).success
        result = shell.run_cell(cell, store_history=True)      # the same cell, run again
        print(str(result.error_in_exec))
        print("=====")
        # A function defined in one cell and called twice: both sites are its line in that cell,
        # so a re-run is not the cause (the function was called twice).
        shell.run_cell("def layer():\\n    return tf.get_variable('v', [2])", store_history=True)
        assert shell.run_cell("layer()", store_history=True).success
        result = shell.run_cell("layer()", store_history=True)
        print(str(result.error_in_exec))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    rerun, called_twice = out.stdout.split("=====")
    assert "first created: cell [2], line 1" in rerun
    assert "asked again:   cell [3], line 1" in rerun
    assert "Re-ran a notebook cell?" in rerun
    assert "first created: cell [4], line 2" in called_twice
    assert "asked again:   cell [4], line 2" in called_twice
    assert "Re-ran a notebook cell?" not in called_twice


def test_op_error_family_takes_tf_and_scopelab_signatures():
    import pickle

    from scopelab import errors

    err = errors.NotFoundError(None, None, "Key w not found in checkpoint")
    assert isinstance(err, errors.OpError) and isinstance(err, errors.ScopelabError)
    assert (err.message, err.error_code, err.node_def, err.op) == (
        "Key w not found in checkpoint", 5, None, None)
    assert str(err) == "Key w not found in checkpoint"
    again = pickle.loads(pickle.dumps(err))
    assert type(again) is errors.NotFoundError and again.message == err.message
    # scopelab's bad-argument error is also TF1's InvalidArgumentError (an OpError, code 3)
    bad = errors.InvalidArgumentError("bad collections", name="w")
    assert isinstance(bad, ValueError) and isinstance(bad, errors.OpError)
    assert (bad.error_code, bad.name) == (3, "w")
    codes = {cls.__name__: cls.error_code for cls in (
        errors.CancelledError, errors.UnknownError, errors.DeadlineExceededError,
        errors.AlreadyExistsError, errors.PermissionDeniedError, errors.ResourceExhaustedError,
        errors.FailedPreconditionError, errors.AbortedError, errors.OutOfRangeError,
        errors.UnimplementedError, errors.InternalError, errors.UnavailableError,
        errors.DataLossError, errors.UnauthenticatedError)}
    assert codes == {"CancelledError": 1, "UnknownError": 2, "DeadlineExceededError": 4,
                     "AlreadyExistsError": 6, "PermissionDeniedError": 7,
                     "ResourceExhaustedError": 8, "FailedPreconditionError": 9,
                     "AbortedError": 10, "OutOfRangeError": 11, "UnimplementedError": 12,
                     "InternalError": 13, "UnavailableError": 14, "DataLossError": 15,
                     "UnauthenticatedError": 16}
    with pytest.raises(TypeError, match="takes \\(message\\) or \\(node_def, op, message\\)"):
        errors.DataLossError("a", "b")


def test_rerun_tip_rule():
    from scopelab.errors import rerun_plausible
    from scopelab.names import NOTEBOOK_CELL

    cell = lambda n, code="a.py": CreationSite(NOTEBOOK_CELL, 1, n, "", code)  # noqa: E731
    assert rerun_plausible(cell(3), cell(5))               # the same code run again
    assert rerun_plausible(cell(3, "a.py"), cell(3, "b.py"))   # other code (a kernel that
    assert rerun_plausible(cell(None, "a.py"), cell(None, "b.py"))  # does not count runs)
    assert not rerun_plausible(cell(3), cell(3))           # one cell: a function called twice
    assert not rerun_plausible(cell(None), cell(5))        # same code, a run of unknown number
    assert not rerun_plausible(CreationSite("model.py", 3), cell(5))
    assert not rerun_plausible(CreationSite("a.py", 3), CreationSite("a.py", 9))


def test_classes_compose_their_text_from_fields():
    err = errors.ShapeMismatchError("s/w", expected=tf.TensorShape([3]), got=tf.TensorShape([4]),
                                    created_at=CreationSite("a.py", 1),
                                    requested_at=CreationSite("a.py", 2), partitioned=True)
    assert err.headline == ("Trying to reuse partitioned variable s/w, but specified shape (4,) and "
                            "found shape (3,).")
    assert err.fields["partitioned"] is True and err.expected == tf.TensorShape([3])
    assert str(err).endswith("More: docs/errors.md#shapemismatcherror")
    # the docs link is derived from the class, also for a generic class given a type error's fields
    typed = errors.InvalidArgumentTypeError(argument="shape", got="3,4", name="w", detail="bad")
    assert str(typed).endswith("More: docs/errors.md#invalidargumenttypeerror")
    with pytest.raises(TypeError, match="takes a message or the fields"):
        errors.PartitionInfoError(name="w")


def test_errors_pickle_even_with_unpicklable_fields_and_tf_arguments():
    getter = lambda getter, **kw: getter(**kw)  # noqa: E731
    err = errors.CustomGetterError(getter, create_partitioned=True)
    clone = pickle.loads(pickle.dumps(err))
    assert str(clone) == str(err) and clone.create_partitioned is True
    assert isinstance(clone.custom_getter, str) and "lambda" in clone.custom_getter
    op = errors.FailedPreconditionError("node", "op", "Attempting to use uninitialized value w")
    again = pickle.loads(pickle.dumps(op))
    assert (again.node_def, again.op, again.message, again.error_code) == (
        "node", "op", "Attempting to use uninitialized value w", 9)
