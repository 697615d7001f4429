"""The exercise widget: task text, a code area, Check and Hint buttons, HTML feedback.

Stock ipywidgets only. Feedback goes into an ``HTML`` widget's value (state, not output), never
printed into an ``Output`` widget: a headless runner such as nbval would see that as stray stdout.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

__all__ = ["ExercisePanel"]


class ExercisePanel(widgets.VBox):
    """``ex.q1.widget()``: type the answer, press Check; Hint reveals the hints one by one."""

    def __init__(self, exercise, namespace: dict | None = None) -> None:
        self.exercise = exercise
        self._namespace = namespace
        self.task = widgets.HTML(value=(f"<b>{html.escape(exercise.key)} · {html.escape(exercise.title)}</b>"
                                        f"<p>{html.escape(exercise.task)}</p>"))
        self.code = widgets.Textarea(value=exercise.starter, rows=max(6, exercise.starter.count("\n") + 2),
                                     layout=widgets.Layout(width="100%"))
        self.check_button = widgets.Button(description="Check", button_style="primary")
        self.hint_button = widgets.Button(description="Hint")
        self.feedback = widgets.HTML(value="")
        self.check_button.on_click(lambda _b: self.run_check())
        self.hint_button.on_click(lambda _b: self.show_hint())
        super().__init__(children=[self.task, self.code,
                                   widgets.HBox([self.check_button, self.hint_button]), self.feedback])

    def run_check(self):
        """Run the code in the text area as the answer and show the result (also returned)."""
        try:
            result = self.exercise.check(self.code.value, namespace=self._namespace)
        except SyntaxError as err:
            self.feedback.value = (f"<p><b>Your code does not parse</b>: line {err.lineno}: "
                                   f"{html.escape(str(err.msg))}</p>")
            return None
        self.feedback.value = result._repr_html_()
        return result

    def show_hint(self):
        note = self.exercise.hint()
        self.feedback.value = note._repr_html_()
        return note

    def __repr__(self) -> str:  # deterministic: nbval compares it
        return f"ExercisePanel({self.exercise.key!r}: {self.exercise.title})"
