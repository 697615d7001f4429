"""Chapter 2 exercises: sharing with reuse=True, AUTO_REUSE, reuse_variables() and captured scopes."""

from __future__ import annotations

from scopelab.errors import VariableNotFoundError
from scopelab.exercises.diagnose import (
    expect_absent, expect_count, expect_same_object, expect_variable,
)
from scopelab.exercises.framework import Check, Exercise, KnownWrong
from scopelab.exercises.mistakes import feedback

__all__ = ["reuse_true", "auto_reuse", "reuse_variables", "captured_scope", "EXERCISES"]


def _returned_pair(a):
    value = a.returned[0] if a.returned else None
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        return None
    return value


def _expect_pair_shared(a, what):
    pair = _returned_pair(a)
    if pair is None:
        return feedback("wrong_return", f"{what}: return a pair (first, second) of variables.")
    return expect_same_object(pair[0], pair[1], what)


def _reuse_events_are(a, mode_name: str, want):
    """Every 'reused' event ran with this reuse mode (True, or AUTO_REUSE)."""
    reused = a.reused()
    if not reused:
        return feedback("not_shared", "No get_variable call reused a variable.")
    bad = [e for e in reused if e.reuse is not want]
    if bad:
        return feedback("wrong_reuse_mode",
                        f"{bad[0].name!r} was reused with reuse={bad[0].reuse!r}; this task asks for "
                        f"{mode_name}.")
    return None


# --- q4 -------------------------------------------------------------------------------------------
_REUSE_TRUE_CHECKS = (
        Check("exists", "tower/w exists with shape (4, 4)",
              lambda a: expect_variable(a, "tower/w", shape=(4, 4))),
        Check("shared", "both handles are the same variable",
              lambda a: _expect_pair_shared(a, "twin_towers()")),
        Check("one", "only one variable was created", lambda a: expect_count(a, 1, "not_shared"),
              hidden=True),
        Check("mode", "the second tower used reuse=True",
              lambda a: _reuse_events_are(a, "reuse=True", True), hidden=True),
)


reuse_true = Exercise(
    key="q4", slug="reuse_true", title="Sharing with reuse=True", topic="reuse",
    task=("Write twin_towers() that creates 'tower/w' [4, 4] in a first `tower` scope, then opens "
          "`tower` a second time with reuse=True and fetches the same variable. Return both handles "
          "as a pair (first, second)."),
    expected=("tower/w",),
    answer_name="twin_towers",
    starter='''def twin_towers():
    # First tower: create tower/w [4, 4]. Second tower: share it with reuse=True.
    first = second = None
    return first, second
''',
    solution_code='''def twin_towers():
    with tf.variable_scope("tower"):
        first = tf.get_variable("w", shape=[4, 4])
    with tf.variable_scope("tower", reuse=True):
        second = tf.get_variable("w", shape=[4, 4])
    return first, second
''',
    hints=(
        "Sharing happens when the second get_variable call asks for the same full name with reuse on.",
        "Only the second scope needs reuse; the first one has to create the variable.",
        "tf.variable_scope(name, reuse=True) fetches; it never creates.",
    ),
    checks=_REUSE_TRUE_CHECKS,
    known_wrong=(
        KnownWrong('''def twin_towers():
    with tf.variable_scope("tower"):
        first = tf.get_variable("w", shape=[4, 4])
    with tf.variable_scope("tower"):
        second = tf.get_variable("w", shape=[4, 4])
    return first, second
''', "reuse_missing", ("'tower/w'", "reuse was off", "already exists")),
        KnownWrong('''def twin_towers():
    with tf.variable_scope("tower", reuse=True):
        first = tf.get_variable("w", shape=[4, 4])
    with tf.variable_scope("tower", reuse=True):
        second = tf.get_variable("w", shape=[4, 4])
    return first, second
''', "reuse_on_new_variable", ("did not exist yet", "only fetches")),
        KnownWrong('''def twin_towers():
    with tf.variable_scope(None, default_name="tower"):
        first = tf.get_variable("w", shape=[4, 4])
    with tf.variable_scope(None, default_name="tower"):
        second = tf.get_variable("w", shape=[4, 4])
    return first, second
''', "not_shared", ("two different variables", "'tower_1/w:0'")),
    ),
)


# --- q5 -------------------------------------------------------------------------------------------
def _all_same(a):
    if len(a.returned) != 3:
        return feedback("wrong_return", "dense_kernel() must return the variable.")
    first = a.returned[0]
    return (expect_same_object(first, a.returned[1], "calls 1 and 2")
            or expect_same_object(first, a.returned[2], "calls 1 and 3"))


auto_reuse = Exercise(
    key="q5", slug="auto_reuse", title="Get-or-create with AUTO_REUSE", topic="reuse",
    task=("Write dense_kernel() that returns 'dense/kernel' [8, 4]. It will be called three times "
          "(as if its cell were re-run); the first call creates the variable and the others must "
          "return the very same one, without errors."),
    expected=("dense/kernel",),
    answer_name="dense_kernel",
    starter='''def dense_kernel():
    # Return dense/kernel [8, 4]; calling this again must give the same variable.
    pass
''',
    solution_code='''def dense_kernel():
    with tf.variable_scope("dense", reuse=tf.AUTO_REUSE):
        return tf.get_variable("kernel", shape=[8, 4])
''',
    hints=(
        "A plain scope refuses to hand out an existing variable; reuse=True refuses to create one.",
        "There is a reuse mode that creates on the first call and reuses afterwards.",
    ),
    checks=(
        Check("exists", "dense/kernel exists with shape (8, 4)",
              lambda a: expect_variable(a, "dense/kernel", shape=(8, 4))),
        Check("same", "all three calls return the same variable", _all_same),
        Check("one", "only one variable was created", lambda a: expect_count(a, 1, "not_shared"),
              hidden=True),
    ),
    calls=("answer()", "answer()", "answer()"),
    known_wrong=(
        KnownWrong('''def dense_kernel():
    with tf.variable_scope("dense"):
        return tf.get_variable("kernel", shape=[8, 4])
''', "reuse_missing", ("'dense/kernel'", "reuse was off")),
        KnownWrong('''def dense_kernel():
    with tf.variable_scope("dense", reuse=True):
        return tf.get_variable("kernel", shape=[8, 4])
''', "reuse_on_new_variable", ("did not exist yet", "AUTO_REUSE")),
    ),
)


# --- q6 -------------------------------------------------------------------------------------------
def _three_steps_shared(a):
    steps = a.returned[0] if a.returned else None
    if not isinstance(steps, (list, tuple)) or len(steps) != 3:
        return feedback("wrong_return", "rnn_unroll() must return a list of three handles.")
    return (expect_same_object(steps[0], steps[1], "steps 0 and 1")
            or expect_same_object(steps[0], steps[2], "steps 0 and 2"))


reuse_variables = Exercise(
    key="q6", slug="reuse_variables", title="scope.reuse_variables()", topic="reuse",
    task=("Write rnn_unroll() that opens ONE scope `rnn` (with ... as scope), creates 'rnn/w' "
          "[3, 3] for step 0, then calls scope.reuse_variables() and fetches the same w for steps 1 "
          "and 2. Return the list of the three handles."),
    expected=("rnn/w",),
    answer_name="rnn_unroll",
    starter='''def rnn_unroll():
    steps = []
    # with tf.variable_scope("rnn") as scope: ... step 0 creates w, then scope.reuse_variables()
    return steps
''',
    solution_code='''def rnn_unroll():
    steps = []
    with tf.variable_scope("rnn") as scope:
        for t in range(3):
            if t > 0:
                scope.reuse_variables()
            steps.append(tf.get_variable("w", shape=[3, 3]))
    return steps
''',
    hints=(
        "The `as scope` part gives you the VariableScope object of the open block.",
        "scope.reuse_variables() turns reuse on for the rest of the block; it cannot be turned off.",
        "Step 0 must still create the variable, so switch reuse on after it.",
    ),
    checks=(
        Check("exists", "rnn/w exists with shape (3, 3)",
              lambda a: expect_variable(a, "rnn/w", shape=(3, 3))),
        Check("shared", "the three steps share one variable", _three_steps_shared),
        Check("mode", "steps 1 and 2 reused with reuse=True (reuse_variables)",
              lambda a: _reuse_events_are(a, "scope.reuse_variables()", True), hidden=True),
    ),
    known_wrong=(
        KnownWrong('''def rnn_unroll():
    steps = []
    with tf.variable_scope("rnn") as scope:
        for t in range(3):
            steps.append(tf.get_variable("w", shape=[3, 3]))
    return steps
''', "reuse_missing", ("'rnn/w'", "reuse was off")),
        KnownWrong('''def rnn_unroll():
    steps = []
    with tf.variable_scope("rnn") as scope:
        scope.reuse_variables()
        for t in range(3):
            steps.append(tf.get_variable("w", shape=[3, 3]))
    return steps
''', "reuse_on_new_variable", ("did not exist yet",)),
    ),
)


# --- q7 -------------------------------------------------------------------------------------------
def _captured_error(err, attempt):
    name = str(getattr(err, "name", "") or "")
    if isinstance(err, VariableNotFoundError) and name.startswith("branch/"):
        return feedback("string_instead_of_captured",
                        f"Your code looked for {name.removesuffix(':0')!r}: the string 'head' was "
                        f"nested under 'branch'.")
    return None


captured_scope = Exercise(
    key="q7", slug="captured_scope", title="Re-entering a captured scope", topic="reuse",
    task=("Write shared_head() that creates 'head/w' [2] inside `with tf.variable_scope('head') as "
          "head_scope`, then, inside another scope `branch`, re-enters the captured head_scope with "
          "reuse=True and fetches w again. Return (first, again): both must be 'head/w'."),
    expected=("head/w",),
    answer_name="shared_head",
    starter='''def shared_head():
    first = again = None
    # with tf.variable_scope("head") as head_scope: ...
    # with tf.variable_scope("branch"): ... re-enter head_scope with reuse=True
    return first, again
''',
    solution_code='''def shared_head():
    with tf.variable_scope("head") as head_scope:
        first = tf.get_variable("w", shape=[2])
    with tf.variable_scope("branch"):
        with tf.variable_scope(head_scope, reuse=True):
            again = tf.get_variable("w", shape=[2])
    return first, again
''',
    hints=(
        "tf.variable_scope accepts a VariableScope object as well as a string.",
        "Inside 'branch', the string 'head' means 'branch/head'; the object means the original 'head'.",
    ),
    checks=(
        Check("exists", "head/w exists with shape (2,)", lambda a: expect_variable(a, "head/w", shape=(2,))),
        Check("shared", "first and again are the same variable",
              lambda a: _expect_pair_shared(a, "shared_head()")),
        Check("no_branch_copy", "nothing was created under branch/",
              lambda a: expect_absent(a, "branch/head/w", "string_instead_of_captured"), hidden=True),
    ),
    classify=_captured_error,
    known_wrong=(
        KnownWrong('''def shared_head():
    with tf.variable_scope("head"):
        first = tf.get_variable("w", shape=[2])
    with tf.variable_scope("branch"):
        with tf.variable_scope("head", reuse=True):
            again = tf.get_variable("w", shape=[2])
    return first, again
''', "string_instead_of_captured", ("'branch/head/w'", "captured VariableScope object")),
        KnownWrong('''def shared_head():
    with tf.variable_scope("head") as head_scope:
        first = tf.get_variable("w", shape=[2])
    with tf.variable_scope("branch"):
        with tf.variable_scope("head"):
            again = tf.get_variable("w", shape=[2])
    return first, again
''', "not_shared", ("'branch/head/w:0'",)),
    ),
)

EXERCISES = (reuse_true, auto_reuse, reuse_variables, captured_scope)
