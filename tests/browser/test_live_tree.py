"""The live scope tree in a real JupyterLab: it grows, highlights, inspects and explains.

One notebook is run cell by cell with Shift+Enter; after each cell the test asserts on what the
page shows. Screenshots go to test-artifacts/ and the README image to docs/images/scope-tree.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"

pytestmark = pytest.mark.browser

CELLS = [
    # 1: the tree and the log, displayed once, before any variable exists
    "import os, time\nimport scopelab as tf\nfrom scopelab.widgets import ScopeTree, EventLog\ntf.set_random_seed(0)\n"
    "tree = ScopeTree()\ntree",
    "log = EventLog()\nlog",
    # 3: creates two variables, then waits for the test: the tree must update while it runs
    "with tf.variable_scope('encoder'):\n"
    "    w = tf.get_variable('w', shape=[4, 3])\n"
    "    b = tf.get_variable('b', shape=[3], initializer=tf.zeros_initializer())\n"
    "for _ in range(1200):  # released by the test (a file appears); at most 60 s\n"
    "    if os.path.exists('release'):\n"
    "        break\n"
    "    time.sleep(0.05)",
    # 4: reuse one, partition another
    "with tf.variable_scope('encoder', reuse=True):\n"
    "    w_again = tf.get_variable('w')\n"
    "with tf.variable_scope('emb', partitioner=tf.fixed_size_partitioner(3)):\n"
    "    table = tf.get_variable('table', shape=[10, 4])",
    # 5: the classic mistake
    "try:\n"
    "    with tf.variable_scope('encoder'):\n"
    "        tf.get_variable('w', shape=[4, 3])\n"
    "except ValueError as err:\n"
    "    print(type(err).__name__)",
    # 6: model code: a layer and Adam (its slots, and beta1_power made by tf.Variable)
    "x = tf.placeholder(tf.float32, [None, 4])\n"
    "train_op = tf.train.AdamOptimizer().minimize(tf.reduce_sum(tf.layers.dense(x, 2, name='head')))",
]


def _var(page, path):
    return page.locator(f".scopelab-tree li.sl-var[data-path='{path}']")


def test_tree_grows_highlights_inspects_and_explains(notebook, lab_root, page):
    notebook.open("live_tree.ipynb", CELLS)

    notebook.run_cell(0)  # 1: the tree
    tree = page.locator(".scopelab-tree")
    tree.wait_for(timeout=60_000)
    assert "no variables yet" in tree.inner_text()
    notebook.run_cell(1)  # 2: the log
    page.locator(".scopelab-eventlog").wait_for(timeout=30_000)

    notebook.run_cell(2)  # 3: creates encoder/w and encoder/b, then blocks
    _var(page, "encoder/w").wait_for(timeout=30_000)
    assert page.locator(".jp-Notebook-ExecutionIndicator").get_attribute("data-status") == "busy"
    assert "sl-created" in _var(page, "encoder/w").get_attribute("class")
    assert "sl-created" in _var(page, "encoder/b").get_attribute("class")
    row_text = _var(page, "encoder/b").inner_text()
    for fact in ("(3,)", "float32", "trainable", "zeros_initializer"):
        assert fact in row_text, (fact, row_text)
    (lab_root / "release").write_text("go")
    notebook.wait_done(2)

    notebook.run_cell(3)  # 4: reuse + partition
    _var(page, "emb/table").wait_for(timeout=30_000)
    notebook.wait_done(3)
    page.wait_for_function(
        "() => document.querySelector(\".scopelab-tree li.sl-var[data-path='encoder/w']\")"
        ".classList.contains('sl-reused')", timeout=10_000)
    assert "sl-created" in _var(page, "emb/table").get_attribute("class")
    assert "sl-created" not in _var(page, "encoder/b").get_attribute("class")
    assert "3 shards" in _var(page, "emb/table").inner_text()

    notebook.run_cell(4)  # 5: the failure
    notebook.wait_done(4)
    failure = page.locator(".scopelab-eventlog li.sl-entry-error")
    failure.wait_for(timeout=30_000)
    assert "encoder/w" in failure.inner_text()
    explanation = failure.locator("pre.sl-error-text")
    explanation.wait_for(timeout=5_000)  # the newest failure is shown unfolded
    assert "already exists" in explanation.inner_text()
    counts = page.locator(".scopelab-eventlog .sl-log-counts").inner_text()
    assert re.search(r"3 created · 1 reused · 1 failed", counts), counts

    # The inspector: click the partitioned variable.
    _var(page, "emb/table").locator(".sl-row").click()
    inspector = page.locator(".scopelab-tree .sl-inspector")
    inspector.wait_for(timeout=10_000)
    inspector.locator(".sl-histogram .sl-bar").first.wait_for(timeout=30_000)
    text = inspector.inner_text()
    assert "emb/table" in text and "elements" in text and "40" in text
    assert inspector.locator(".sl-shard-bar .sl-shard").count() == 3
    rows = [r.inner_text() for r in inspector.locator("tr.sl-shard-row").all()]
    assert [r.split("\t")[-1].strip() for r in rows] == ["0–3", "4–6", "7–9"], rows

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "live-tree-page.png"), full_page=True)
    tree.screenshot(path=str(ARTIFACTS / "scope-tree.png"))
    (REPO / "docs" / "images").mkdir(parents=True, exist_ok=True)
    tree.screenshot(path=str(REPO / "docs" / "images" / "scope-tree.png"))
    page.locator(".scopelab-eventlog").screenshot(path=str(ARTIFACTS / "event-log.png"))

    notebook.run_cell(5)  # 6: what created each variable, and a tf.Variable in the tree
    _var(page, "beta1_power").wait_for(timeout=30_000)
    notebook.wait_done(5)
    _var(page, "head/kernel").wait_for(timeout=10_000)
    assert _var(page, "head/kernel").locator(".sl-chip-creator").inner_text() == "tf.layers.dense"
    assert _var(page, "head/kernel").locator(".sl-chip-plain").count() == 0
    beta = _var(page, "beta1_power")
    assert beta.locator(".sl-chip-creator").inner_text() == "tf.train.AdamOptimizer"
    assert beta.locator(".sl-chip-plain").inner_text() == "tf.Variable"
    assert _var(page, "encoder/w").locator(".sl-chip-creator").count() == 0   # plain get_variable
    beta.locator(".sl-row").click()
    page.wait_for_function(
        "() => document.querySelector('.scopelab-tree .sl-inspector-title').textContent"
        " === 'beta1_power'", timeout=10_000)
    inspector.locator(".sl-histogram .sl-bar").first.wait_for(timeout=30_000)  # values found
    assert inspector.locator(".sl-stats-error").count() == 0
    facts = {r.locator("th").inner_text(): r.locator("td").inner_text()
             for r in inspector.locator("table.sl-facts tr").all()}
    assert facts["created by"] == "tf.train.AdamOptimizer"
    assert facts["shared by name"].startswith("no: made by tf.Variable()")
    page.screenshot(path=str(ARTIFACTS / "live-tree-created-by.png"), full_page=True)
    assert page.errors == []
