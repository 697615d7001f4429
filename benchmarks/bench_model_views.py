"""The views on a store of real models, and the build cost of a large store (issue 10 item 7).

    .venv/bin/python benchmarks/bench_model_views.py [--replicas 16] [--calls 16000] [--rounds 5] [--json]

A store of real models: ``--replicas`` copies of the corpus transformer (``tests/models/corpus``),
each under ``variable_scope(f"replica_{i}")``, one Adam over all of them (its slots and its two
``tf.Variable`` scalars), and pix2pix with its batch-norm statistics, optimizers and moving
averages: about 3,300 variables at 16 replicas. Then, in the same process, the minimum and median
over ``--rounds`` (wall and this process's CPU time, milliseconds) of:

* ``take_snapshot()`` the first time (every variable described) and again (descriptions cached);
* ``render_text`` and ``render_html`` of that snapshot;
* the widget: ``ScopeTree._push`` (snapshot without collections, its JSON payload, the trait set);
* ``%scope_tree``: the magic run in an IPython shell and its text + HTML bundle.

The build cost: ``--calls`` ``get_variable`` calls in a fresh graph (a [4] variable each, 100 per
scope), with a live subscriber attached; the per-call µs of the first and of the last thousand
calls. A cost that grew with the store would make the last thousand slower.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("NUMBA_ENABLE_CUDASIM", "1")

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "models"))

import scopelab as tf
from scopelab.render import render_html, render_text
from scopelab.snapshot import take_snapshot


def build_real_models(replicas: int) -> int:
    from corpus import MODELS

    tf.reset_default_graph()
    losses = []
    for replica in range(replicas):
        with tf.variable_scope(f"replica_{replica}"):
            spec = MODELS["transformer"].build(tf, None)
            losses.append(tf.reduce_mean(spec["outputs"]["logits"]))
    tf.train.AdamOptimizer(1e-3).minimize(tf.add_n(losses))
    MODELS["pix2pix"].build(tf, None)
    return len(tf.global_variables()) + len(tf.local_variables())


def _timed(fn, rounds: int) -> dict:
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - wall) * 1e3)
        cpus.append((time.process_time() - cpu) * 1e3)
    return {"wall_ms_min": min(walls), "wall_ms_median": statistics.median(walls),
            "cpu_ms_min": min(cpus), "cpu_ms_median": statistics.median(cpus)}


def measure_views(replicas: int, rounds: int) -> dict:
    from IPython.testing.globalipapp import start_ipython
    import IPython

    shell = start_ipython() or IPython.get_ipython()
    shell.run_line_magic("load_ext", "scopelab")
    start = time.perf_counter()
    n_variables = build_real_models(replicas)
    build_s = time.perf_counter() - start
    first = _timed(take_snapshot, 1)              # describes every variable once
    snap = take_snapshot()
    assert snap.root.count()[0] == n_variables
    from scopelab.widgets import ScopeTree
    tree = ScopeTree()
    try:
        results = {
            "variables": n_variables, "build_s": build_s,
            "snapshot_first": first,
            "snapshot": _timed(take_snapshot, rounds),
            "render_text": _timed(lambda: render_text(snap), rounds),
            "render_html": _timed(lambda: render_html(snap), rounds),
            "widget_push": _timed(tree._push, rounds),
            "scope_tree_magic": _timed(
                lambda: shell.run_line_magic("scope_tree", "")._repr_mimebundle_(), rounds),
        }
        results["widget_payload_kib"] = len(tree.snapshot) / 1024
    finally:
        tree.close()
    return results


def measure_build(calls: int, per_scope: int = 100, chunk: int = 1000) -> dict:
    tf.reset_default_graph()
    events = []
    tf.get_default_store().subscribe(events.append)     # a live view, as in a notebook
    chunk_us = []
    made = 0
    start_all = time.perf_counter()
    while made < calls:
        start = time.perf_counter()
        for i in range(made, min(made + chunk, calls)):
            with tf.variable_scope(f"block{i // per_scope}"):
                tf.get_variable(f"v{i}", [4])
        done = min(made + chunk, calls) - made
        chunk_us.append((time.perf_counter() - start) / done * 1e6)
        made += done
    total_s = time.perf_counter() - start_all
    assert len(tf.global_variables()) == calls and len(events) >= calls
    return {"calls": calls, "total_s": total_s, "first_chunk_us_per_call": chunk_us[0],
            "last_chunk_us_per_call": chunk_us[-1],
            "median_chunk_us_per_call": statistics.median(chunk_us)}


def _table(views: dict, build: dict) -> str:
    rows = [f"store of real models: {views['variables']} variables (built in "
            f"{views['build_s']:.1f} s); ms, min / median of the rounds, CPU then wall",
            f"  {'take_snapshot (first)':<26}{views['snapshot_first']['cpu_ms_min']:9.1f} CPU"
            f"{views['snapshot_first']['wall_ms_min']:9.1f} wall"]
    for key, label in (("snapshot", "take_snapshot (again)"), ("render_text", "render_text"),
                       ("render_html", "render_html"), ("widget_push", "widget push"),
                       ("scope_tree_magic", "%scope_tree (text+HTML)")):
        r = views[key]
        rows.append(f"  {label:<26}{r['cpu_ms_min']:9.1f} / {r['cpu_ms_median']:.1f} CPU"
                    f"{r['wall_ms_min']:9.1f} / {r['wall_ms_median']:.1f} wall")
    rows.append(f"  widget payload: {views['widget_payload_kib']:.0f} KiB of JSON")
    rows.append(f"{build['calls']} get_variable calls in a fresh graph: {build['total_s']:.2f} s; "
                f"µs per call, first / median / last thousand: "
                f"{build['first_chunk_us_per_call']:.1f} / {build['median_chunk_us_per_call']:.1f}"
                f" / {build['last_chunk_us_per_call']:.1f}")
    return "\n".join(rows)


def bench(quick: bool) -> dict:
    """``scopelab bench``'s section ``views``: drawing a real model's store (no targets)."""
    views = measure_views(4 if quick else 16, 3 if quick else 5)
    build = measure_build(4000 if quick else 16000)
    return {"views": views, "build": build, "markdown": _table(views, build), "targets": []}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=16)
    parser.add_argument("--calls", type=int, default=16000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    views = measure_views(args.replicas, args.rounds)
    build = measure_build(args.calls)
    print(json.dumps({"views": views, "build": build}, indent=2) if args.json
          else _table(views, build))


if __name__ == "__main__":
    main()
