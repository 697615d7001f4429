"""Feedback never misleads (issue 14): what a check result says is only what the answer did.

* When the answer raised, only the headline speaks: no other check adds its own diagnosis, since
  the checks read a store the answer never finished building.
* A known-wrong answer's feedback names its own mistake and no other (except the few listed in
  ``ALSO_TRUE``, where a second line is also a true description of the same code).
* No feedback gives the exercise's answer away. Rules may state the TF1 rule an exercise teaches;
  they must not name the one choice an exercise asks the student to make (``ANSWER_WORDS``).
* Before grading, nothing is called "correct": hidden checks have not run.
"""

from __future__ import annotations

import pytest

from scopelab.exercises import ALL_EXERCISES, ex
from scopelab.exercises.attempt import record_attempt
from scopelab.exercises.framework import answer_globals
from scopelab.exercises.tutorial_checks import PRACTICE

EVERY = ALL_EXERCISES + PRACTICE
KNOWN_WRONG = [(e, i, kw) for e in EVERY for i, kw in enumerate(e.known_wrong)]
IDS = [f"{e.key}-wrong{i}" for e, i, _ in KNOWN_WRONG]

# (exercise, known-wrong index): further categories that are also true of that code.
ALSO_TRUE = {
    ("q7", 1): {"string_instead_of_captured"},   # it re-entered 'head' by string AND did not share
    ("q20", 1): {"wrong_name"},                   # scope="tower_a"/"tower_b": other names AND not shared
}

# Words that would hand over the choice an exercise asks for.
ANSWER_WORDS = {
    "q4": ("AUTO_REUSE",),                          # the task asks for reuse=True
    "q5": ("AUTO_REUSE",),
    "q10": ("no_regularizer",),
    "q13": ("'div'", '"div"', "div layout"),
    "q21": ("AUTO_REUSE creates",),
    "q22": ("get_variable(\"kernel\"", "use tf.get_variable"),
    "q23": ("variable_scope(\"embedding\"", "reuse=not"),
    "q24": ("as head",),
    "q25": ("original_name_scope", "auxiliary_name_scope", "'layer/'"),
    "q26": ("concat",),
    "t07": ("no_regularizer",),
    "t10": ("/gpu:0", "tf.device"),
    "t14": ("replica_device_setter", "ps_tasks"),
}


def _function(exercise, code):
    scope = answer_globals()
    exec(compile(code, f"<{exercise.key}>", "exec"), scope)
    return scope[exercise.answer_name]


def _shown(result) -> list[tuple[str, str]]:
    """(category, message) of every feedback line the student reads."""
    lines = [(result.headline.category, result.headline.message)] if result.headline else []
    lines += [(o.category, o.message) for o in result.outcomes if not o.passed and o.message]
    return lines


@pytest.mark.parametrize("exercise", PRACTICE, ids=lambda e: e.key)
def test_tutorial_check_solution_passes(exercise):
    result = exercise.check(exercise.solution_code, mode="grading")
    assert result.status == "correct", repr(result)
    assert result.headline is None and result.score == result.max_score > 0


@pytest.mark.parametrize("exercise,index,wrong", [k for k in KNOWN_WRONG if k[0] in PRACTICE],
                         ids=[i for k, i in zip(KNOWN_WRONG, IDS) if k[0] in PRACTICE])
def test_tutorial_check_known_wrong_gets_its_feedback(exercise, index, wrong):
    result = exercise.check(wrong.code, mode="grading")
    assert result.status == "incorrect" and result.headline.category == wrong.category, repr(result)
    for phrase in wrong.phrases:
        assert phrase in result.headline.message, (phrase, result.headline.message)


@pytest.mark.parametrize("exercise,index,wrong", KNOWN_WRONG, ids=IDS)
def test_feedback_names_only_the_mistake_made(exercise, index, wrong):
    result = exercise.check(wrong.code, mode="grading")
    shown = {category for category, _ in _shown(result)}
    assert shown == {wrong.category} | (ALSO_TRUE.get((exercise.key, index), set()) & shown), repr(result)
    record = record_attempt(exercise.run_spec, _function(exercise, wrong.code))
    if record["error"] is not None:  # the answer stopped: only the headline speaks
        failed = [o for o in result.outcomes if not o.passed]
        assert failed and all((o.category, o.message) == (result.headline.category, result.headline.message)
                              for o in failed), repr(result)
        assert repr(result).count(result.headline.message) == 1
    words = ANSWER_WORDS.get(exercise.key, ())
    for _category, message in _shown(result):
        assert not any(word in message for word in words), (exercise.key, message)


def test_after_an_exception_no_check_speaks_of_its_own_category():
    # q15's starter raises on enc/extra/b; before, "must return (w_again, b)" and the naming rule
    # were printed too, though neither was the mistake
    result = ex.q15.check(ex.q15.starter)
    text = repr(result)
    assert result.headline.category == "reuse_false_inherits"
    assert "wrong_return" not in text and "must return" not in text
    assert "[missing_variable]" not in text and "[wrong_name]" not in text
    assert all(o.category == "reuse_false_inherits" for o in result.outcomes if not o.passed)


def test_status_words_say_only_what_is_known():
    # passes q4's public checks, fails its hidden one (it shares through AUTO_REUSE)
    code = '''def twin_towers():
    with tf.variable_scope("tower", reuse=tf.AUTO_REUSE):
        first = tf.get_variable("w", shape=[4, 4])
    with tf.variable_scope("tower", reuse=tf.AUTO_REUSE):
        second = tf.get_variable("w", shape=[4, 4])
    return first, second
'''
    student = ex.q4.check(code)
    header = repr(student).splitlines()[0]
    assert header == "q4 · Sharing with reuse=True — public checks pass (2/2); 2 more run at grading"
    assert "correct" not in repr(student) and "correct" not in student._repr_html_().split(">", 2)[2]
    graded = ex.q4.check(code, mode="grading")
    assert repr(graded).splitlines()[0] == "q4 · Sharing with reuse=True — not quite (3/4)"
    wrong = ex.q4.check(ex.q4.known_wrong[0].code)
    assert repr(wrong).splitlines()[0] == "q4 · Sharing with reuse=True — not quite (public checks 1/2)"
    solved = ex.q4.check(ex.q4.solution_code, mode="grading")
    assert repr(solved).splitlines()[0] == "q4 · Sharing with reuse=True — correct (4/4)"


def test_rules_do_not_name_the_strategy_or_the_reuse_mode_to_pick():
    from scopelab.exercises.mistakes import RULES

    assert "'div'" not in RULES["mod_vs_div"] and "AUTO_REUSE" not in RULES["reuse_on_new_variable"]
    assert "no_regularizer" not in RULES["wrong_regularization"]
