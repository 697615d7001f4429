"""Seeing a checkpoint: its tree, the store beside it, the magics, the widget and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import IPython
import numpy as np
import pytest
from IPython.core.error import UsageError
from IPython.testing.globalipapp import start_ipython

import scopelab as tf
from scopelab.checkpoint_view import (
    CheckpointDiff, checkpoint_snapshot, diff_checkpoint, map_checkpoint,
)
from scopelab.ckpt_cli import main as ckpt_main
from scopelab.render import render_html, render_text

from .conftest import DATA


@pytest.fixture(scope="module")
def ip():
    shell = start_ipython() or IPython.get_ipython()
    shell.run_line_magic("load_ext", "scopelab")
    return shell


def test_checkpoint_tree_is_drawn_like_the_store(dtypes_prefix):
    snap = checkpoint_snapshot(dtypes_prefix)
    text = render_text(snap)
    assert text.splitlines()[0] == f"checkpoint {dtypes_prefix}: 17 variables in 5 scopes"
    assert "│   ├── emb  (13, 5)  float32  partitions (3, 1)" in text
    assert "│   │     slice_1 rows 5-8 (4)" in text
    assert "trainable" not in text                        # a checkpoint does not record it
    assert f"checkpoint {dtypes_prefix}" in render_html(snap)
    sub = render_text(checkpoint_snapshot(dtypes_prefix, prefix="ints", values=True))
    assert sub.splitlines()[0].endswith("under 'ints': 6 variables in 1 scope")
    assert "mean " in sub


def test_store_beside_checkpoint(layers_prefix):
    with tf.variable_scope("model"):
        tf.get_variable("hidden/kernel", [4, 8])
        tf.get_variable("hidden/bias", [9])
        tf.get_variable("extra", [1])
    diff = diff_checkpoint(layers_prefix)
    rows = {(scope + leaf): (status, graph, ckpt) for scope, leaf, status, graph, ckpt in diff.rows()}
    assert rows["model/hidden/kernel"] == ("matched", "[4, 8] float32", "[4, 8] float32")
    assert rows["model/hidden/bias"] == ("mismatched", "[9] float32", "[8] float32")
    assert rows["model/extra"] == ("missing", "[1] float32", "-")
    assert rows["global_step"] == ("unexpected", "-", "[] int64")
    text = diff.text()
    assert text.splitlines()[0].startswith(f"the scope store and checkpoint {layers_prefix}: "
                                           "1 matched, 1 missing, 21 unexpected, 1 mismatched")
    assert "\033[" not in text and "\033[31mmissing" in diff.text(color=True)
    assert 'class="sl-ckpt-mismatched"' in diff._repr_mimebundle_()["text/html"]
    assert diff.as_dict()["counts"]["mismatched"] == 1


def test_partitioned_store_variables_compare_by_full_name(layers_prefix):
    with tf.variable_scope("model/hidden", partitioner=tf.fixed_size_partitioner(2)):
        tf.get_variable("kernel", [4, 8])
    assert diff_checkpoint(layers_prefix).comparison.matched == ["model/hidden/kernel"]


def test_magics(ip, layers_prefix):
    tree = ip.run_line_magic("scope_tree", f"--checkpoint {layers_prefix} model/logits --depth 1")
    assert repr(tree).splitlines()[0] == \
        f"checkpoint {layers_prefix} under 'model/logits': 6 variables in 4 scopes"
    tf.get_variable("model_1/hidden/kernel", [4, 8])
    diff = ip.run_line_magic("scope_diff", f"--checkpoint {layers_prefix}")
    assert isinstance(diff, CheckpointDiff) and diff.comparison.missing == ["model_1/hidden/kernel"]
    with pytest.raises(UsageError, match="--checkpoint PATH"):
        ip.run_line_magic("scope_diff", "")
    with pytest.raises(tf.errors.NotFoundError):
        tf.train.Saver().restore(None, layers_prefix)
    explained = repr(ip.run_line_magic("scope_explain", ""))
    assert explained.startswith("NotFoundError: Key model_1/hidden/kernel not found in checkpoint")
    assert "tf.train.init_from_checkpoint(" in explained
    assert explained.endswith(f"reading checkpoint {layers_prefix} at key 'model_1/hidden/kernel'.")


def test_widget_shows_a_checkpoint(layers_prefix):
    from scopelab.widgets import ScopeTree

    widget = ScopeTree(checkpoint=layers_prefix)
    try:
        assert widget.state["source"] == f"checkpoint {layers_prefix}"
        assert widget.state["counts"] == {"variables": 23, "scopes": 10}
        tf.get_variable("later", [1])                      # the store does not feed it
        assert widget.pushes == 1
        stats = widget.inspect("global_step")
        assert stats["mean"] == 3.0 and stats["count"] == 1
        assert "error" in widget.inspect("nope")
        assert "static view of checkpoint" in repr(widget)
    finally:
        widget.close()


def test_map_names(layers_prefix):
    view = map_checkpoint(layers_prefix, [("model/", "encoder/"), ("/", "old/")])
    names = dict(view.names)
    assert names["model/hidden/kernel"] == "encoder/hidden/kernel"
    assert names["global_step"] == "old/global_step"
    assert view.text().splitlines()[0].endswith("23 of 23 names change")


def test_cli_ls_diff_map(layers_prefix, tmp_path, capsys):
    assert ckpt_main(["ls", layers_prefix, "--json", "--prefix", "model/logits"]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert [t["name"] for t in listing["tensors"]][:2] == ["model/logits/bias",
                                                           "model/logits/bias/Adam"]
    script = tmp_path / "build.py"
    script.write_text("import scopelab as tf\n"
                      "with tf.variable_scope('encoder'):\n"
                      "    tf.get_variable('hidden/kernel', [4, 8])\n")
    assert ckpt_main(["diff", layers_prefix, str(script)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"the graph built by {script} and checkpoint {layers_prefix}: 0 matched, "
                          "1 missing")
    assert "{'model/': 'encoder/'}" in out
    assert tf.get_default_store().get("encoder/hidden/kernel") is None   # ran in its own graph
    moved = str(tmp_path / "moved")
    assert ckpt_main(["map", layers_prefix, "model/=encoder/", "--write", moved]) == 0
    assert "wrote " in capsys.readouterr().out
    assert ckpt_main(["diff", moved, str(script), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["matched"] == 1
    np.testing.assert_array_equal(tf.train.load_variable(moved, "encoder/hidden/kernel"),
                                  tf.train.load_variable(layers_prefix, "model/hidden/kernel"))
    assert ckpt_main(["diff", moved, layers_prefix]) == 1             # checkpoint vs checkpoint
    capsys.readouterr()


def test_cli_errors(tmp_path, capsys):
    assert ckpt_main(["ls", str(tmp_path / "nope")]) == 2
    assert "Failed to find any matching files" in capsys.readouterr().err
    assert ckpt_main(["map", str(DATA / "tf/layers"), "model"]) == 2
    assert "a mapping is OLD=NEW" in capsys.readouterr().err


def test_console_script_routes_ckpt(layers_prefix):
    done = subprocess.run([sys.executable, "-m", "scopelab.cli", "ckpt", "ls", layers_prefix],
                          capture_output=True, text=True, check=True)
    assert done.stdout.startswith(f"checkpoint {layers_prefix}: 23 variables")
