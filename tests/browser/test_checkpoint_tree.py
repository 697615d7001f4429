"""A checkpoint's tree in a real JupyterLab: ScopeTree(checkpoint=...) draws it like the store's,
without trainable chips, and its inspector reads a tensor's values from the file."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CELLS = [
    "import numpy as np\nimport scopelab as tf\nfrom scopelab.widgets import ScopeTree\n"
    "with tf.Graph().as_default():\n"
    "    with tf.variable_scope('encoder'):\n"
    "        tf.get_variable('w', initializer=np.arange(12, dtype=np.float32).reshape(3, 4))\n"
    "    with tf.variable_scope('emb', partitioner=tf.fixed_size_partitioner(3)):\n"
    "        tf.get_variable('table', shape=[10, 4])\n"
    "    path = tf.train.Saver().save(None, 'ckpt_model')\n"
    "tree = ScopeTree(checkpoint=path)\ntree",
]


def _var(page, path):
    return page.locator(f".scopelab-tree li.sl-var[data-path='{path}']")


def test_checkpoint_tree_and_inspector(notebook, page):
    notebook.open("checkpoint_tree.ipynb", CELLS)
    notebook.run_cell(0)
    tree = page.locator(".scopelab-tree")
    tree.wait_for(timeout=60_000)
    _var(page, "encoder/w").wait_for(timeout=30_000)
    assert "checkpoint ckpt_model" in tree.locator(".sl-title").inner_text()
    row = _var(page, "encoder/w").inner_text()
    assert "(3, 4)" in row and "float32" in row and "trainable" not in row
    assert "3 shards" in _var(page, "emb/table").inner_text()
    _var(page, "encoder/w").locator(".sl-row").click()
    inspector = page.locator(".scopelab-tree .sl-inspector")
    inspector.wait_for(timeout=10_000)
    inspector.locator(".sl-histogram .sl-bar").first.wait_for(timeout=30_000)
    text = inspector.inner_text()
    assert "encoder/w" in text and "12" in text and "(not recorded)" in text
    assert page.errors == []
