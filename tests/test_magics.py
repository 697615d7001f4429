"""The scope magics, through IPython's test shell (globalipapp): arguments, output, errors."""

from __future__ import annotations

import numpy as np
import pytest
from IPython.core.error import UsageError
import IPython
from IPython.testing.globalipapp import start_ipython
from IPython.utils.capture import capture_output

import scopelab as tf
from scopelab.magics import CollectionsView, Explanation, TreeView
from scopelab.diff import StoreDiff
from scopelab.store import get_default_store


@pytest.fixture(scope="module")
def ip():
    shell = start_ipython() or IPython.get_ipython()  # start once per process, then reuse
    shell.run_line_magic("load_ext", "scopelab")
    return shell


def _model():
    with tf.variable_scope("enc"):
        with tf.variable_scope("dense"):
            tf.get_variable("w", shape=[2, 3])
    with tf.variable_scope("emb", partitioner=tf.fixed_size_partitioner(2)):
        tf.get_variable("table", shape=[4, 2])


def test_load_ext_registers_every_magic(ip):
    line = ip.magics_manager.magics["line"]
    cell = ip.magics_manager.magics["cell"]
    for name in ("scope_tree", "scope_reset", "scope_explain", "scope_collections"):
        assert name in line
    assert "scope_diff" in cell


def test_scope_tree_returns_rich_tree(ip):
    _model()
    view = ip.run_line_magic("scope_tree", "")
    assert isinstance(view, TreeView)
    bundle = view._repr_mimebundle_()
    assert bundle["text/plain"].splitlines()[1:4] == ["├── enc/", "│   └── dense/", "│       └── w  (2, 3)  float32  trainable  glorot_uniform_initializer()"]
    assert '<details id="sl-scope-enc--dense" open>' in bundle["text/html"]


def test_scope_tree_says_who_created_each_variable(ip):
    x = tf.placeholder(tf.float32, [None, 5, 3])
    cell = tf.nn.rnn_cell.LSTMCell(4)
    outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    tf.train.MomentumOptimizer(0.1, 0.9).minimize(tf.reduce_mean(outputs))
    counter = tf.Variable(0, name="counter", trainable=False)
    text = ip.run_line_magic("scope_tree", "")._repr_mimebundle_()["text/plain"]
    lines = {line.split("── ", 1)[1].split("  ")[0]: line for line in text.splitlines()
             if "── " in line}
    assert lines["kernel"].endswith("glorot_uniform_initializer()  by tf.nn.rnn_cell.LSTMCell")
    assert lines["Momentum"].endswith("by tf.train.MomentumOptimizer")
    assert lines["counter"].endswith("tf.Variable (not shared by name)")
    assert counter.created_by == "" and "8 variables" not in text and "5 variables" in text


def test_scope_tree_prefix_depth_values(ip):
    _model()
    get_default_store().get("enc/dense/w").assign(np.full((2, 3), 2.0, np.float32))
    text = repr(ip.run_line_magic("scope_tree", "enc --depth 1 "))
    version = get_default_store().version
    assert text.splitlines() == [f"scope store under 'enc': 1 variable in 2 scopes (version {version})",
                                 "└── enc/",
                                 "    └── dense/  (1 variable)"]
    valued = repr(ip.run_line_magic("scope_tree", "enc/dense --values"))
    assert "mean 2  std 0  min 2  max 2  zeros 0/6" in valued


def test_scope_tree_live_returns_the_widget(ip):
    from scopelab.widgets import ScopeTree

    _model()
    tree = ip.run_line_magic("scope_tree", "emb --live")
    try:
        assert isinstance(tree, ScopeTree)
        assert repr(tree) == "ScopeTree(live view under 'emb': 1 variable in 1 scope)"
    finally:
        tree.close()


@pytest.mark.parametrize("line, phrase", [
    ("--depth x", "invalid int value: 'x'"),
    ("--depth -1", "--depth must be 0 or more, got -1"),
    ("a b", "unrecognized arguments: b"),
    ("--bogus", "unrecognized arguments: --bogus"),
    ("-h", "unrecognized arguments: -h"),
    ("--live --depth 2", "--live shows the interactive tree"),
])
def test_scope_tree_bad_arguments_are_usage_errors(ip, line, phrase):
    with pytest.raises(UsageError, match=phrase.replace("(", r"\(")):
        ip.run_line_magic("scope_tree", line)


def test_bad_arguments_in_a_cell_print_one_line_not_a_traceback(ip):
    with capture_output() as captured:
        result = ip.run_cell("%scope_tree --depth x")
    assert not result.success
    assert "UsageError" in captured.stderr and "invalid int value" in captured.stderr
    assert "Traceback" not in captured.stdout + captured.stderr


def test_help_comes_from_the_docstring_and_arguments(ip):
    with capture_output() as captured:
        ip.run_cell("%scope_tree?")
    out = captured.stdout
    assert "Show the scope store as a tree" in out
    assert "--depth" in out and "--values" in out and "--live" in out


def test_scope_diff_shows_created_reused_changed(ip):
    ip.run_cell("import numpy as np\nimport scopelab as tf\n"
                "a = tf.get_variable('a', shape=[2], initializer=tf.zeros_initializer())")
    diff = ip.run_cell_magic("scope_diff", "", (
        "b = tf.get_variable('b', shape=[1])\n"
        "with tf.variable_scope('', reuse=True):\n"
        "    tf.get_variable('a')\n"
        "a.assign(np.ones(2, np.float32))\n"))
    assert isinstance(diff, StoreDiff)
    assert (diff.created, diff.reused, diff.changed, diff.failed) == (("b",), ("a",), ("a",), ())
    assert "<tr class=\"sl-diff-created\"><th>created</th><td><code>b</code></td></tr>" in diff._repr_mimebundle_()["text/html"]


def test_scope_diff_lists_a_failure_and_still_returns(ip):
    ip.run_cell("import scopelab as tf\ntf.get_variable('a', shape=[1])")
    with capture_output():
        diff = ip.run_cell_magic("scope_diff", "", "tf.get_variable('a', shape=[1])")
    assert diff.created == () and len(diff.failed) == 1
    assert diff.failed[0].startswith("a: VariableAlreadyExistsError: Variable a already exists, disallowed")


def test_scope_diff_takes_no_arguments(ip):
    with pytest.raises(UsageError, match="takes no arguments"):
        ip.run_cell_magic("scope_diff", "--x", "pass")


def test_scope_reset_empties_the_store(ip):
    _model()
    with capture_output() as captured:
        ip.run_line_magic("scope_reset", "")
    assert captured.stdout == "scope store cleared (3 variables removed)\n"
    assert get_default_store().variables() == []
    with pytest.raises(UsageError):
        ip.run_line_magic("scope_reset", "now")


def test_scope_explain_before_and_after_an_error(ip):
    first = ip.run_line_magic("scope_explain", "")
    assert isinstance(first, Explanation)
    assert repr(first).startswith("No scoping error so far.")
    _model()
    with pytest.raises(ValueError):
        with tf.variable_scope("enc", reuse=True):
            tf.get_variable("missing")
    text = repr(ip.run_line_magic("scope_explain", ""))
    assert text.startswith("VariableNotFoundError: Variable enc/missing does not exist")
    assert "asked for 'enc/missing' in scope 'enc' with reuse=True." in text
    html = ip.run_line_magic("scope_explain", "")._repr_mimebundle_()["text/html"]
    assert "<b>VariableNotFoundError: Variable enc/missing does not exist" in html


def test_scope_collections_lists_keys_and_members(ip):
    _model()
    view = ip.run_line_magic("scope_collections", "")
    assert isinstance(view, CollectionsView)
    text = repr(view)
    assert "variables" in text and "enc/dense/w:0" in text and "emb/table/part_1:0" in text
    assert "<code>trainable_variables</code>" in view._repr_mimebundle_()["text/html"]
    tf.reset_default_graph()
    assert repr(ip.run_line_magic("scope_collections", "")) == "no collections yet"
