"""Chapter 1 exercises: names and nested scopes, name_scope versus variable_scope, default names."""

from __future__ import annotations

from scopelab.errors import VariableAlreadyExistsError
from scopelab.exercises.diagnose import expect_absent, expect_count, expect_variable
from scopelab.exercises.framework import Check, Exercise, KnownWrong
from scopelab.exercises.mistakes import feedback

__all__ = ["nested_scopes", "name_vs_variable_scope", "default_names", "EXERCISES"]

# --- q1 -------------------------------------------------------------------------------------------
nested_scopes = Exercise(
    key="q1", slug="nested_scopes", title="Names and nested scopes", topic="names",
    task=("Write build_encoder() that creates 'encoder/layer1/w' with shape [3, 4] and "
          "'encoder/layer2/w' with shape [4, 2], using nested tf.variable_scope blocks and "
          "tf.get_variable."),
    expected=("encoder/layer1/w", "encoder/layer2/w"),
    answer_name="build_encoder",
    starter='''def build_encoder():
    # Create encoder/layer1/w [3, 4] and encoder/layer2/w [4, 2] with nested variable scopes.
    pass
''',
    solution_code='''def build_encoder():
    with tf.variable_scope("encoder"):
        with tf.variable_scope("layer1"):
            tf.get_variable("w", shape=[3, 4])
        with tf.variable_scope("layer2"):
            tf.get_variable("w", shape=[4, 2])
''',
    hints=(
        "A variable's full name is every enclosing variable scope, joined with '/', then its own name.",
        "Open tf.variable_scope('encoder') once and put two inner scopes inside it.",
        "Both variables are called 'w'; they differ only by their inner scope.",
    ),
    checks=(
        Check("layer1", "encoder/layer1/w exists with shape (3, 4)",
              lambda a: expect_variable(a, "encoder/layer1/w", shape=(3, 4))),
        Check("layer2", "encoder/layer2/w exists with shape (4, 2)",
              lambda a: expect_variable(a, "encoder/layer2/w", shape=(4, 2))),
        Check("only_two", "no other variables were created",
              lambda a: expect_count(a, 2), hidden=True),
        Check("float32", "both variables are float32",
              lambda a: expect_variable(a, "encoder/layer1/w", dtype="float32")
              or expect_variable(a, "encoder/layer2/w", dtype="float32"), hidden=True),
    ),
    known_wrong=(
        KnownWrong('''def build_encoder():
    with tf.variable_scope("layer1"):
        tf.get_variable("w", shape=[3, 4])
    with tf.variable_scope("layer2"):
        tf.get_variable("w", shape=[4, 2])
''', "missing_prefix", ("'layer1/w'", "prefix 'encoder/' is missing")),
        KnownWrong('''def build_encoder():
    with tf.name_scope("encoder"):
        with tf.variable_scope("layer1"):
            tf.get_variable("w", shape=[3, 4])
        with tf.variable_scope("layer2"):
            tf.get_variable("w", shape=[4, 2])
''', "name_scope_instead", ("name_scope", "get_variable ignores it")),
        KnownWrong('''def build_encoder():
    with tf.variable_scope("encoder"):
        with tf.variable_scope("layer1"):
            tf.get_variable("w", shape=[4, 3])
        with tf.variable_scope("layer2"):
            tf.get_variable("w", shape=[4, 2])
''', "wrong_shape", ("expected shape (3, 4), got (4, 3)",)),
    ),
)


# --- q2 -------------------------------------------------------------------------------------------
name_vs_variable_scope = Exercise(
    key="q2", slug="name_vs_variable_scope", title="name_scope versus variable_scope",
    topic="name_scope",
    task=("The starter puts two variables in tf.name_scope('model'), yet they come out as 'w' and "
          "'b'. Fix build_model() so it creates 'model/w' [2, 2] and 'model/b' [2]."),
    expected=("model/w", "model/b"),
    answer_name="build_model",
    starter='''def build_model():
    with tf.name_scope("model"):
        tf.get_variable("w", shape=[2, 2])
        tf.get_variable("b", shape=[2])
''',
    solution_code='''def build_model():
    with tf.variable_scope("model"):
        tf.get_variable("w", shape=[2, 2])
        tf.get_variable("b", shape=[2])
''',
    hints=(
        "Print the names your code creates: tf.global_variables() lists them.",
        "Which of the two scope managers does get_variable listen to?",
    ),
    checks=(
        Check("w", "model/w exists with shape (2, 2)",
              lambda a: expect_variable(a, "model/w", shape=(2, 2))),
        Check("b", "model/b exists with shape (2,)",
              lambda a: expect_variable(a, "model/b", shape=(2,))),
        Check("no_root", "nothing was created at the top level",
              lambda a: expect_absent(a, "w", "missing_prefix") or expect_absent(a, "b", "missing_prefix"),
              hidden=True),
    ),
    known_wrong=(
        KnownWrong('''def build_model():
    with tf.name_scope("model"):
        tf.get_variable("w", shape=[2, 2])
        tf.get_variable("b", shape=[2])
    return "model/w"
''', "name_scope_instead", ("name_scope was active", "Only tf.variable_scope")),
        KnownWrong('''def build_model():
    with tf.variable_scope("model"):
        tf.get_variable("w", shape=[2, 2])
    tf.get_variable("b", shape=[2])
''', "missing_prefix", ("'b'", "prefix 'model/' is missing")),
    ),
)


# --- q3 -------------------------------------------------------------------------------------------
def _default_name_error(err, attempt):
    if isinstance(err, VariableAlreadyExistsError):
        name = getattr(err, "name", None) or "a layer variable"
        return feedback("default_name_not_used",
                        f"build_stack() asked for {str(name).removesuffix(':0')!r} a second time: a "
                        f"scope name repeated.")
    return None


def _stack_names(offset):
    return ["layer/w" if i == 0 else f"layer_{i}/w" for i in range(offset, offset + 3)]


default_names = Exercise(
    key="q3", slug="default_names", title="Default names", topic="default_names",
    task=("Write build_stack() that creates three scopes from default_name='layer', each holding "
          "a variable w [2, 2]: layer/w, layer_1/w, layer_2/w. It is called twice (like a cell run "
          "twice), and the second call must add layer_3/w, layer_4/w, layer_5/w instead of failing."),
    expected=tuple(_stack_names(0) + _stack_names(3)),
    answer_name="build_stack",
    starter='''def build_stack():
    # Three scopes made from default_name="layer", each with w [2, 2].
    pass
''',
    solution_code='''def build_stack():
    for _ in range(3):
        with tf.variable_scope(None, default_name="layer"):
            tf.get_variable("w", shape=[2, 2])
''',
    hints=(
        "A scope opened with a string always has that exact name; a default_name is made unique.",
        "tf.variable_scope(None, default_name=...) is the form that numbers scopes for you.",
    ),
    checks=(
        Check("first_call", "the first call creates layer/w, layer_1/w, layer_2/w",
              lambda a: next(filter(None, (expect_variable(a, n, shape=(2, 2)) for n in _stack_names(0))), None)),
        Check("second_call", "the second call creates layer_3/w, layer_4/w, layer_5/w",
              lambda a: next(filter(None, (expect_variable(a, n, shape=(2, 2)) for n in _stack_names(3))), None)),
        Check("six", "exactly six variables in all", lambda a: expect_count(a, 6), hidden=True),
    ),
    calls=("answer()", "answer()"),
    classify=_default_name_error,
    known_wrong=(
        KnownWrong('''def build_stack():
    for name in ["layer", "layer_1", "layer_2"]:
        with tf.variable_scope(name):
            tf.get_variable("w", shape=[2, 2])
''', "default_name_not_used", ("a second time", "default_name")),
        KnownWrong('''def build_stack():
    for _ in range(3):
        with tf.variable_scope("layer", default_name="layer"):
            tf.get_variable("w", shape=[2, 2])
''', "default_name_not_used", ("plain string scope is the same name every time",)),
    ),
)

EXERCISES = (nested_scopes, name_vs_variable_scope, default_names)
