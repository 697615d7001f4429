"""The exercise panel in a real JupyterLab (headless Debian Chromium): type, Check, Hint.

Reuses the browser fixtures of tests/browser/conftest.py (one JupyterLab per session).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "scopelab_browser_fixtures", Path(__file__).parent / "browser" / "conftest.py")
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)
lab_root, lab_server, browser, page, notebook = (
    _fixtures.lab_root, _fixtures.lab_server, _fixtures.browser, _fixtures.page, _fixtures.notebook)

WRONG = '''def build_encoder():
    with tf.variable_scope("layer1"):
        tf.get_variable("w", shape=[3, 4])
    with tf.variable_scope("layer2"):
        tf.get_variable("w", shape=[4, 2])
'''
RIGHT = WRONG.replace('    with tf.variable_scope("layer1"):', '    with tf.variable_scope("encoder/layer1"):') \
             .replace('    with tf.variable_scope("layer2"):', '    with tf.variable_scope("encoder/layer2"):')


@pytest.mark.browser
def test_exercise_panel_round_trip(notebook, page):
    notebook.open("exercise_panel.ipynb", [
        "import scopelab as tf\nfrom scopelab.exercises import ex\nex.q1.widget()",
    ])
    notebook.run_cell(0)
    notebook.wait_done(0)
    area = page.locator(".jp-OutputArea textarea")
    area.wait_for(timeout=60_000)
    check = page.locator("button.jupyter-button:has-text('Check')")
    hint = page.locator("button.jupyter-button:has-text('Hint')")

    check.click()   # the starter, untouched
    page.get_by_text("not attempted").first.wait_for(timeout=30_000)

    area.fill(WRONG)
    check.click()
    page.get_by_text("missing_prefix").first.wait_for(timeout=30_000)
    assert page.get_by_text("prefix 'encoder/' is missing").count() >= 1

    area.fill(RIGHT)
    check.click()
    page.get_by_text("Names and nested scopes — public checks pass").first.wait_for(timeout=30_000)

    hint.click()
    page.get_by_text("Hint 1 of 3 for q1").first.wait_for(timeout=30_000)
    assert page.errors == []
