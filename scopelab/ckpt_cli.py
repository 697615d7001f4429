"""``scopelab ckpt``: look at TF checkpoints from the command line, without TensorFlow.

    scopelab ckpt ls   PATH [--prefix SCOPE] [--values] [--json]
    scopelab ckpt diff PATH GRAPH [--json]      GRAPH: another checkpoint, or a .py file that
                                                builds the model (run in a fresh graph)
    scopelab ckpt map  PATH OLD=NEW ... [--write OUT] [--json]

PATH is a checkpoint prefix (``ckpt/model.ckpt-1000``) or a folder with a ``checkpoint`` file.
Text is coloured on a terminal (``NO_COLOR`` turns that off); ``--json`` prints plain data.

Exit status: 0 done (``diff``: a restore would succeed); 1 ``diff`` found missing or mismatched
names; 2 bad command line, or a checkpoint or script that could not be read.
"""

from __future__ import annotations

import argparse
import json
import os
import runpy
import sys
from typing import Any

from scopelab.errors import ScopelabError

__all__ = ["main", "run", "add_arguments", "build_parser"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``ls`` / ``diff`` / ``map`` actions (``scopelab ckpt`` in :mod:`scopelab.cli`)."""
    sub = parser.add_subparsers(dest="action", required=True)
    ls = sub.add_parser("ls", help="the checkpoint's tree: scopes, tensors, shapes, dtypes, slices")
    ls.add_argument("path")
    ls.add_argument("--prefix", help="only this scope's subtree")
    ls.add_argument("--values", action="store_true", help="add each tensor's statistics")
    ls.add_argument("--json", action="store_true")
    diff = sub.add_parser("diff", help="a graph and the checkpoint side by side")
    diff.add_argument("path")
    diff.add_argument("graph", help="another checkpoint, or a .py file that builds the model")
    diff.add_argument("--json", action="store_true")
    mapping = sub.add_parser("map", help="rename the checkpoint's scopes (show, or --write a copy)")
    mapping.add_argument("path")
    mapping.add_argument("pairs", nargs="+", metavar="OLD=NEW",
                         help="scope to scope (enc/=encoder/), root (/=model/), one name (a/w=b/w)")
    mapping.add_argument("--write", metavar="OUT", help="write the renamed checkpoint at prefix OUT")
    mapping.add_argument("--json", action="store_true")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scopelab ckpt", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    add_arguments(parser)
    return parser


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _graph_specs(graph: str) -> tuple[dict, str]:
    """The names a Saver would restore: from a model script, or from another checkpoint."""
    from scopelab.checkpoint_view import open_checkpoint, store_specs

    if graph.endswith(".py"):
        import scopelab as tf

        with tf.Graph().as_default():
            runpy.run_path(graph, run_name="__main__")
            return store_specs(), f"the graph built by {graph}"
    reader = open_checkpoint(graph)
    return {t.name: (t.shape, t.dtype) for t in reader.tensors()}, f"checkpoint {reader.prefix}"


def _run(ns: argparse.Namespace) -> int:
    from scopelab.checkpoint_view import (
        checkpoint_snapshot, diff_checkpoint, map_checkpoint, open_checkpoint,
    )
    from scopelab.render import render_text

    if ns.action == "ls":
        if ns.json:
            reader = open_checkpoint(ns.path)
            tensors = [{"name": t.name, "dtype": t.dtype, "shape": list(t.shape), "bytes": t.nbytes,
                        "slices": [[list(e) for e in s] for s in t.slices]}
                       for t in reader.tensors()
                       if not ns.prefix or t.name == ns.prefix or t.name.startswith(ns.prefix + "/")]
            _print_json({"checkpoint": reader.prefix, "tensors": tensors})
        else:
            print(render_text(checkpoint_snapshot(ns.path, ns.prefix, values=ns.values)))
        return 0
    if ns.action == "diff":
        specs, label = _graph_specs(ns.graph)
        result = diff_checkpoint(ns.path, graph=specs, graph_label=label)
        if ns.json:
            _print_json(result.as_dict())
        else:
            print(result.text(color=_color()))
        return 0 if result.comparison.ok else 1
    from scopelab.checkpoint.rename import parse_mapping, write_renamed

    pairs = parse_mapping(ns.pairs)
    view = map_checkpoint(ns.path, pairs)
    if ns.write:
        write_renamed(view.checkpoint, ns.write, pairs)
    if ns.json:
        _print_json({**view.as_dict(), "written": ns.write})
    else:
        print(view.text(color=_color()))
        if ns.write:
            print(f"wrote {ns.write}.index and {ns.write}.data-00000-of-00001")
    return 0


def _print_json(data: Any) -> None:
    print(json.dumps(data, indent=1))


def main(argv: list[str] | None = None) -> int:
    """``scopelab ckpt ...`` on its own (``argv`` without the leading ``ckpt``)."""
    return run(build_parser().parse_args(argv))


def run(ns: argparse.Namespace) -> int:
    try:
        return _run(ns)
    except (ValueError, OSError, ScopelabError) as err:   # unreadable checkpoint, bad map, script
        print(f"scopelab ckpt {ns.action}: {type(err).__name__}: {err}", file=sys.stderr)
        return 2
