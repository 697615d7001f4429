"""Every exercise: its solution passes, each known-wrong answer gets its intended feedback, and the
student-facing API (check / hint / solution / binding / results) behaves as documented."""

from __future__ import annotations

import json

import pytest

import scopelab as tf
from scopelab.exercises import ALL_EXERCISES, CHECK_MIMETYPE, ex, get_exercise
from scopelab.exercises.mistakes import RULES
from scopelab.store import get_default_store

KNOWN_WRONG = [(e, i, kw) for e in ALL_EXERCISES for i, kw in enumerate(e.known_wrong)]


@pytest.fixture(autouse=True)
def fresh_counters():
    """Hint/attempt counters live on module-level exercise objects: start each test at zero."""
    for e in ALL_EXERCISES:
        e.attempts, e.hints_seen, e.namespace = 0, 0, None
    yield
    for e in ALL_EXERCISES:
        e.attempts, e.hints_seen, e.namespace = 0, 0, None


def test_catalogue_size_and_shape():
    assert len(ALL_EXERCISES) >= 12
    keys = [e.key for e in ALL_EXERCISES]
    assert keys == [f"q{i}" for i in range(1, len(keys) + 1)]
    assert len({e.answer_name for e in ALL_EXERCISES}) == len(keys)
    assert len({e.slug for e in ALL_EXERCISES}) == len(keys)
    topics = {e.topic for e in ALL_EXERCISES}
    assert {"names", "name_scope", "default_names", "reuse", "initializers", "dtypes", "regularizers",
            "collections", "partitions", "custom_getters", "pitfalls"} <= topics
    for e in ALL_EXERCISES:
        assert e.hints and e.known_wrong, e.key
        assert any(c.hidden for c in e.checks) and any(not c.hidden for c in e.checks), e.key
        assert all(kw.category in RULES for kw in e.known_wrong), e.key


@pytest.mark.parametrize("exercise", ALL_EXERCISES, ids=lambda e: e.key)
def test_solution_passes_every_check(exercise):
    result = exercise.check(exercise.solution_code, mode="grading")
    assert result.status == "correct", repr(result)
    assert result.score == result.max_score > 0
    assert result.headline is None


@pytest.mark.parametrize("exercise,index,wrong", KNOWN_WRONG,
                         ids=[f"{e.key}-wrong{i}-{kw.category}" for e, i, kw in KNOWN_WRONG])
def test_known_wrong_answer_gets_its_feedback(exercise, index, wrong):
    result = exercise.check(wrong.code, mode="grading")
    assert result.status == "incorrect"
    assert result.headline is not None
    assert result.headline.category == wrong.category, repr(result)
    for phrase in wrong.phrases:
        assert phrase in result.headline.message, (phrase, result.headline.message)
    assert result.score < result.max_score
    # the feedback explains without showing the reference answer
    assert exercise.solution_code.strip() not in repr(result)


@pytest.mark.parametrize("exercise", [e for e in ALL_EXERCISES if not e.starter_runs], ids=lambda e: e.key)
def test_starter_is_not_attempted(exercise):
    result = exercise.check(exercise.starter)
    assert result.status == "not_attempted"
    assert result.score == 0
    assert result.headline.category == "not_attempted"
    assert exercise.attempts == 0


def test_missing_function_is_not_attempted():
    result = ex.q1.check(namespace={})
    assert result.status == "not_attempted"
    assert "No function named 'build_encoder'" in result.headline.message


def test_student_mode_reports_hidden_checks_separately():
    result = ex.q1.check(ex.q1.solution_code)
    hidden = [c for c in ex.q1.checks if c.hidden]
    assert result.status == "correct"
    assert result.hidden_pending == len(hidden) == 2
    assert all(o.visibility == "public" for o in result.outcomes)
    text = repr(result)
    assert "2 more checks run at grading" in text
    assert text.splitlines()[0] == "q1 · Names and nested scopes — public checks pass (2/2); 2 more run at grading"
    assert "correct" not in text  # hidden checks have not run: nothing is known to be correct yet
    for check in hidden:  # hidden checks are not even described before grading
        assert check.description not in text
        assert check.description not in result._repr_html_()
    graded = ex.q1.check(ex.q1.solution_code, mode="grading")
    assert graded.hidden_pending == 0 and len(graded.hidden()) == 2


def test_hidden_check_failure_shows_only_the_authors_message():
    # passes both public checks of q4 but shares through AUTO_REUSE instead of reuse=True
    code = '''def twin_towers():
    with tf.variable_scope("tower", reuse=tf.AUTO_REUSE):
        first = tf.get_variable("w", shape=[4, 4])
    with tf.variable_scope("tower", reuse=tf.AUTO_REUSE):
        second = tf.get_variable("w", shape=[4, 4])
    return first, second
'''
    student = ex.q4.check(code)
    assert student.status == "correct" and "2 more checks run at grading" in repr(student)
    graded = ex.q4.check(code, mode="grading")
    assert graded.status == "incorrect"
    failed = [o for o in graded.outcomes if not o.passed]
    assert [o.check_id for o in failed] == ["mode"] and failed[0].visibility == "hidden"
    assert failed[0].category == "wrong_reuse_mode"
    assert "_reuse_events_are" not in repr(graded) and "lambda" not in repr(graded)


def test_mimebundle_is_deterministic_and_complete():
    first = ex.q2.check(ex.q2.known_wrong[1].code)._repr_mimebundle_()
    second = ex.q2.check(ex.q2.known_wrong[1].code)._repr_mimebundle_()
    assert first == second
    assert set(first) == {"text/plain", "text/html", CHECK_MIMETYPE}
    data = first[CHECK_MIMETYPE]
    assert {"exercise", "status", "score", "max_score", "checks"} <= set(data)
    assert data["exercise"] == "q2" and data["status"] == "incorrect"
    assert data["score"] == sum(c["score"] for c in data["checks"])
    json.dumps(data)  # plain JSON
    assert "0x" not in first["text/plain"] and "0x" not in first["text/html"]


def test_hints_are_progressive():
    first = ex.q4.hint()
    assert "Hint 1 of 3" in repr(first) and "ex.q4.hint(2)" in repr(first)
    second = ex.q4.hint()
    assert "Hint 2 of 3" in repr(second)
    assert "Hint 3 of 3" in repr(ex.q4.hint(3)) and "last hint" in repr(ex.q4.hint(3))
    with pytest.raises(ValueError, match="hints 1 to 3"):
        ex.q4.hint(4)
    with pytest.raises(ValueError, match="hints 1 to 3"):
        ex.q4.hint(0)


def test_solution_is_gated_until_an_attempt_or_two_hints():
    assert "held back" in repr(ex.q5.solution())
    ex.q5.hint()
    assert "held back" in repr(ex.q5.solution())
    ex.q5.hint()
    assert "AUTO_REUSE" in repr(ex.q5.solution())
    assert "def build_encoder" in repr(ex.q1.solution(force=True))
    assert "held back" in repr(ex.q6.solution())
    ex.q6.check(ex.q6.known_wrong[0].code)
    assert "reuse_variables()" in repr(ex.q6.solution())


def build_encoder():  # found through the caller's globals by test_binding_reads_callers_globals
    with tf.variable_scope("encoder"):
        with tf.variable_scope("layer1"):
            tf.get_variable("w", shape=[3, 4])
        with tf.variable_scope("layer2"):
            tf.get_variable("w", shape=[4, 2])


def test_binding_reads_callers_globals():
    assert ex.q1.check().status == "correct"


def test_bind_uses_the_given_namespace():
    namespace = {}
    exec(ex.q5.known_wrong[0].code, {"tf": tf}, namespace)
    ex.bind(namespace)
    result = ex.q5.check()
    assert result.headline.category == "reuse_missing"


def test_check_leaves_the_answer_in_the_store():
    ex.q12.check(ex.q12.solution_code)
    store = get_default_store()
    assert [v.name for v in store.variables()] == [f"emb/table/part_{i}:0" for i in range(3)]


def test_bad_arguments_are_explained():
    with pytest.raises(TypeError, match="a function or a string of code"):
        ex.q1.check(42)
    with pytest.raises(ValueError, match="mode must be"):
        ex.q1.check(ex.q1.solution_code, mode="exam")
    with pytest.raises(AttributeError, match="no exercise 'q99'"):
        _ = ex.q99
    with pytest.raises(KeyError, match="no exercise 'nope'"):
        get_exercise("nope")


def test_endless_answer_is_stopped_and_scores_zero():
    code = '''def dense_kernel():
    while True:
        pass
'''
    result = ex.q5.check(code, mode="grading", time_limit=0.5)
    assert result.status == "incorrect" and result.score == 0
    assert result.headline.category == "timeout"
    assert all(o.category == "timeout" for o in result.outcomes)


def test_answer_exception_is_classified_not_raised():
    code = '''def build_encoder():
    raise KeyError("oops")
'''
    result = ex.q1.check(code)
    assert result.headline.category == "python_error"
    assert "KeyError" in result.headline.message


def test_chapter_sets():
    from scopelab.exercises import (
        checkpoints, confusions, models, names, partitions, pitfalls, sharing, values,
    )

    chapters = (names, sharing, values, partitions, pitfalls, checkpoints, models, confusions)
    assert sum(len(s) for s in chapters) == len(ALL_EXERCISES)
    assert sharing.q5 is ex.auto_reuse
    assert "ex.q1" in repr(ex)


def test_string_answer_sees_the_bound_namespace_helpers():
    def make_kernel(tf):
        with tf.variable_scope("dense", reuse=tf.AUTO_REUSE):
            return tf.get_variable("kernel", shape=[8, 4])

    code = "def dense_kernel():\n    return make_kernel(tf)\n"
    assert ex.q5.check(code, namespace={"make_kernel": make_kernel}).status == "correct"


def test_caller_globals_win_over_an_ipython_shell():
    from IPython.testing.globalipapp import get_ipython

    shell = get_ipython()
    shell.user_ns.pop("build_model", None)
    assert ex.q1.check().status == "correct"          # build_encoder is in this module's globals
    assert ex.q2.check().status == "not_attempted"    # build_model is nowhere: the shell's ns is used
    shell.run_cell("import scopelab as tf")
    shell.run_cell(ex.q2.known_wrong[1].code)          # the student defines it in the notebook
    try:
        assert ex.q2.check().headline.category == "missing_prefix"
        panel = ex.q2.widget()                         # a button callback finds the notebook's names
        panel.code.value = "def build_model():\n    return helper()\n"
        shell.run_cell(ex.q2.solution_code.replace("def build_model", "def helper"))
        assert panel.run_check().status == "correct"
    finally:
        shell.user_ns.pop("build_model", None)
        shell.user_ns.pop("helper", None)


def test_feedback_shows_the_answers_tree_against_the_task():
    result = ex.q1.check(ex.q1.known_wrong[0].code)
    assert result.tree.splitlines() == [
        "- encoder/layer1/w",
        "- encoder/layer2/w",
        "+ layer1/w:0  shape=(3, 4)  dtype=float32",
        "+ layer2/w:0  shape=(4, 2)  dtype=float32",
    ]
    assert "(= as asked, + extra, - missing)" in repr(result)
    page = result._repr_html_()
    assert '<span style="color:#b3261e">+ layer1/w:0' in page
    assert '<span style="color:#777777">- encoder/layer1/w</span>' in page
    good = ex.q12.check(ex.q12.solution_code)
    assert [line[:2] for line in good.tree.splitlines()] == ["= "] * 3
