"""The exercise widget: stock ipywidgets, code area + Check + Hint, feedback as HTML state."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from scopelab.exercises import ALL_EXERCISES, ex


@pytest.fixture(autouse=True)
def fresh_counters():
    for e in ALL_EXERCISES:
        e.attempts, e.hints_seen = 0, 0
    yield
    for e in ALL_EXERCISES:
        e.attempts, e.hints_seen = 0, 0


def _all_children(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _all_children(child)


def test_panel_is_built_from_stock_widgets_without_output():
    panel = ex.q1.widget()
    kinds = {type(w) for w in _all_children(panel)}
    assert widgets.Output not in kinds
    assert {widgets.HTML, widgets.Textarea, widgets.Button} <= kinds
    assert panel.code.value == ex.q1.starter
    assert [b.description for b in (panel.check_button, panel.hint_button)] == ["Check", "Hint"]
    assert repr(panel) == "ExercisePanel('q1': Names and nested scopes)"


def test_check_button_runs_the_code_area():
    panel = ex.q1.widget()
    panel.code.value = ex.q1.known_wrong[0].code
    panel.check_button.click()
    assert "missing_prefix" in panel.feedback.value
    assert "not quite" in panel.feedback.value
    panel.code.value = ex.q1.solution_code
    result = panel.run_check()
    assert result.status == "correct" and "correct" in panel.feedback.value


def test_starter_in_the_code_area_is_not_attempted():
    panel = ex.q3.widget()
    panel.check_button.click()
    assert "not attempted" in panel.feedback.value


def test_syntax_error_is_reported_in_the_feedback():
    panel = ex.q2.widget()
    panel.code.value = "def build_model(:\n    pass\n"
    assert panel.run_check() is None
    assert "does not parse" in panel.feedback.value


def test_hint_button_reveals_hints_in_order():
    panel = ex.q4.widget()
    panel.hint_button.click()
    assert "Hint 1 of 3" in panel.feedback.value
    panel.hint_button.click()
    assert "Hint 2 of 3" in panel.feedback.value
    assert ex.q4.hints_seen == 2
