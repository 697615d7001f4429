"""A teacher's private exercises, kept out of the students' hands.

    scopelab grade submissions/ --exercises-from course/checks.py --out results.csv

Students get the task text (and write ``tied_table`` and ``make_bias`` in their notebooks); this file,
with its hidden checks and solutions, stays with the teacher. The submission's kernel receives only
how to call each answer (``calls``, ``setup``, ``probe``); the checks run in the grader.
"""

from scopelab.exercises import Check, Exercise, KnownWrong
from scopelab.exercises.diagnose import expect_count, expect_same_object, expect_values, expect_variable
from scopelab.exercises.mistakes import feedback


def _both_calls_share(o):
    """The answer is called twice; both calls must return the same variable."""
    if len(o.returned) != 2:
        return feedback("wrong_return", "tied_table() must return the table variable on each call.")
    return expect_same_object(o.returned[0], o.returned[1], "the two calls")


def _not_trainable(o):
    if "head/bias" in o.collection_names("trainable_variables"):
        return feedback("wrong_trainable", "'head/bias' is in TRAINABLE_VARIABLES.")
    return None


tied_table = Exercise(
    key="p1", slug="tied_table", title="One table for encoder and decoder", topic="reuse",
    task=("Write tied_table() that returns the variable 'embed/table' with shape [10, 4]. It is called "
          "twice (once by the encoder, once by the decoder); both calls must return the same variable."),
    answer_name="tied_table",
    starter="def tied_table():\n    pass\n",
    solution_code='''def tied_table():
    with tf.variable_scope("embed", reuse=tf.AUTO_REUSE):
        return tf.get_variable("table", shape=[10, 4])
''',
    hints=("The second call must not create a second table.",
           "One reuse mode creates on the first call and reuses on the next."),
    calls=("answer()", "answer()"),
    checks=(
        Check("table", "embed/table exists with shape (10, 4)",
              lambda o: expect_variable(o, "embed/table", shape=(10, 4))),
        Check("tied", "both calls return the same variable", _both_calls_share, hidden=True),
        Check("one", "only one variable was created", lambda o: expect_count(o, 1, "not_shared"), hidden=True),
    ),
    expected=("embed/table",),
    known_wrong=(KnownWrong('''def tied_table():
    with tf.variable_scope("embed"):
        return tf.get_variable("table", shape=[10, 4])
''', "reuse_missing", ("'embed/table'",)),),
)

frozen_bias = Exercise(
    key="p2", slug="frozen_bias", title="A bias that does not train", topic="collections",
    task="Write make_bias() that creates 'head/bias' with shape [3], starting at zeros and not trainable.",
    answer_name="make_bias",
    starter="def make_bias():\n    pass\n",
    solution_code='''def make_bias():
    with tf.variable_scope("head"):
        return tf.get_variable("bias", shape=[3], initializer=tf.zeros_initializer(), trainable=False)
''',
    hints=("Each starting value has its own initializer.", "trainable=False keeps it out of training."),
    checks=(
        Check("exists", "head/bias exists with shape (3,)", lambda o: expect_variable(o, "head/bias", shape=(3,))),
        Check("zeros", "head/bias starts at zeros", lambda o: expect_values(o, "head/bias", "zeros")),
        Check("frozen", "head/bias is not trainable", _not_trainable, hidden=True),
    ),
    expected=("head/bias",),
    known_wrong=(KnownWrong('''def make_bias():
    with tf.variable_scope("head"):
        return tf.get_variable("bias", shape=[3], initializer=tf.zeros_initializer())
''', "wrong_trainable", ("TRAINABLE_VARIABLES",)),),
)

EXERCISES = (tied_table, frozen_bias)
