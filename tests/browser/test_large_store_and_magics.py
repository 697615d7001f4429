"""A 6,000-variable store stays usable (lazy expansion, paging) and the magics render in JupyterLab."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

CELLS = [
    "%load_ext scopelab\nimport scopelab as tf",
    "%scope_tree --live",
    "for i in range(6000):\n"
    "    with tf.variable_scope(f'block{i // 1000}'):\n"
    "        tf.get_variable(f'v{i}', shape=[2])",
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
    notebook.run_cell(2)  # a burst of 6,000 get_variable calls into the live tree
    notebook.wait_done(2)
    page.wait_for_function(
        "() => document.querySelector('.scopelab-tree .sl-summary').textContent.startsWith('6000 variables in 6 scopes')",
        timeout=30_000)
    flushes = int(tree.get_attribute("data-flush"))
    assert 2 <= flushes <= 100, flushes  # coalesced: a few snapshots, not 6,000
    # Lazy: the six scopes, plus one page of block0 (opened because the cell created there).
    assert _node_count(page) == 6 + 200
    assert tree.locator("li.sl-scope[aria-expanded='true']").count() == 1

    block3 = tree.locator("li.sl-scope[data-path='block3'] > .sl-row")
    block3.click()
    page.wait_for_function("() => document.querySelectorAll('.scopelab-tree li.sl-node').length === 406")
    more = tree.locator("li.sl-scope[data-path='block3'] .sl-more-button")
    assert more.inner_text() == "show 200 more of 800"
    more.click()
    page.wait_for_function("() => document.querySelectorAll('.scopelab-tree li.sl-node').length === 606")
    block3.click()  # collapse again
    page.wait_for_function("() => document.querySelectorAll('.scopelab-tree li.sl-node').length === 206")

    notebook.run_cell(3)  # the static tree: HTML, no widget
    static = notebook.cell(3).locator(".scopelab-static")
    static.wait_for(timeout=30_000)
    assert "scope store under 'block1': 1000 variables in 1 scope" in static.inner_text()
    assert static.locator("details#sl-scope-block1:not([open])").count() == 1

    notebook.run_cell(4)  # a usage error is one line of stderr, not a traceback
    err = notebook.cell(4).locator(".jp-OutputArea-output")
    err.first.wait_for(timeout=30_000)
    text = err.first.inner_text()
    assert "UsageError" in text and "invalid int value: 'x'" in text and "Traceback" not in text
    notebook.wait_done(4)
    assert page.errors == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "large-store-page.png"), full_page=True)
