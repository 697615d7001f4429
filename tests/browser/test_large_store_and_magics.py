"""A 6,000-variable store stays usable (lazy expansion, paging) and the magics render in JupyterLab."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

CELLS = [
    "%load_ext scopelab\nimport scopelab as tf\n"
    "for i in range(6000):\n"
    "    with tf.variable_scope(f'block{i // 1000}'):\n"
    "        tf.get_variable(f'v{i}', shape=[2])",
    "%scope_tree --live",
    "%scope_tree block1 --depth 0",
    "%scope_tree --depth x",
]


def _node_count(page):
    return page.locator(".scopelab-tree li.sl-node").count()


def test_large_store_renders_lazily_and_magics_show_html(notebook, page):
    notebook.open("large.ipynb", CELLS)
    notebook.run_cell(0)
    notebook.wait_done(0)
    notebook.run_cell(1)
    tree = page.locator(".scopelab-tree")
    tree.wait_for(timeout=60_000)
    assert "6000 variables in 6 scopes" in tree.locator(".sl-header").inner_text()
    assert _node_count(page) == 6  # only the six collapsed scopes are in the DOM

    block3 = tree.locator("li.sl-scope[data-path='block3'] > .sl-row")
    block3.click()
    page.wait_for_function("() => document.querySelectorAll('.scopelab-tree li.sl-node').length > 6")
    assert _node_count(page) == 6 + 200  # one page of children
    more = tree.locator("li.sl-scope[data-path='block3'] .sl-more-button")
    assert more.inner_text() == "show 200 more of 800"
    more.click()
    page.wait_for_function("() => document.querySelectorAll('.scopelab-tree li.sl-node').length === 406")
    block3.click()  # collapse again
    page.wait_for_function("() => document.querySelectorAll('.scopelab-tree li.sl-node').length === 6")

    notebook.run_cell(2)  # the static tree: HTML, no widget
    static = notebook.cell(2).locator(".scopelab-static")
    static.wait_for(timeout=30_000)
    assert "scope store under 'block1': 1000 variables in 1 scopes" in static.inner_text()
    assert static.locator("details#sl-scope-block1:not([open])").count() == 1

    notebook.run_cell(3)  # a usage error is one line of stderr, not a traceback
    err = notebook.cell(3).locator(".jp-OutputArea-output")
    err.first.wait_for(timeout=30_000)
    text = err.first.inner_text()
    assert "UsageError" in text and "invalid int value: 'x'" in text and "Traceback" not in text
    notebook.wait_done(3)
    assert page.errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "large-store-page.png"), full_page=True)
