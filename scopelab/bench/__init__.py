"""``scopelab bench``: kernel throughput next to NumPy, in one process, plus cold-start times.

Every figure is a median (9 runs at 256 MiB, 21 at 4 MiB, after one warm-up; compile time is
excluded and reported separately as cold start). GB/s counts bytes *written*. Ratios are taken
within the same run, which is what makes them meaningful on a noisy shared machine; each kernel is
timed in alternating rounds with its references, so load bursts hit both sides of a ratio alike.

* ``% np.full``: our GB/s over ``np.full(n, 0.5)`` into a fresh array (allocate + write);
* ``% fill``: over ``ndarray.fill`` on an existing, pre-faulted array (the memory write limit);
* ``x NumPy``: NumPy's time for the same job over ours (uniform: ``rng.random``; glorot: that plus
  two in-place ops; normal: ``standard_normal``; truncated: redraw ``|x| >= 2`` until none is left).

The throughput targets are judged at 256 MiB. For each kind of target missed, the output says what
limited it, with figures from the same run. What else the machine was doing (other processes' CPU
share, memory a VM handed back to its host) is measured by a monitor plug-in: run from a checkout,
``benchmarks/machine.py`` is loaded; installed elsewhere, the report says it was not measured.

The other benchmarks of the issues live in a checkout's ``benchmarks/`` folder and run as sections
(``--sections``): each file there named in ``PLUGINS`` has ``bench(quick) -> dict`` giving its
figures, a ``markdown`` table and its ``targets`` (rows of the targets table). By default
``scopelab bench`` runs the kernels and the per-call scale curve; ``--all`` runs every section.

Modules: ``measure`` (the timed sections), ``report`` (targets, limits, Markdown), this one (the
command line: ``add_arguments`` for ``scopelab bench``'s parser, ``run``).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from scopelab.bench import measure, report

__all__ = ["add_arguments", "run", "main", "checkout_monitor"]

CHECKOUT_BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
MACHINE_PLUGIN = CHECKOUT_BENCHMARKS / "machine.py"
#: Sections measured by a checkout's benchmarks/ files (each has ``bench(quick) -> dict``).
PLUGINS = {
    "scale": "bench_scale.py",            # per-call cost at 50 / 5,000 / 50,000 scopes (issue 13)
    "views": "bench_model_views.py",      # drawing a real model's store (issue 10)
    "checkpoint": "bench_checkpoint.py",  # reading a 1 GiB checkpoint (issue 12)
    "grading": "bench_grading.py",        # grading 40 notebooks: -j 1 / -j 2 / Dask, sandbox (11)
    "cluster": "bench_cluster.py",        # embedding lookups on a 2-worker LocalCluster (issue 13)
}
SECTIONS = ("kernels", *PLUGINS)
DEFAULT_SECTIONS = "kernels,scale"


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """``scopelab bench``'s options (the ``scopelab`` command's subparser gets them here)."""
    parser.add_argument("--quick", action="store_true", help="4 MiB sizes only")
    parser.add_argument("--full", action="store_true", help="also the orthogonal initializer")
    parser.add_argument("--json", default="results-bench.json", help="where to write JSON")
    parser.add_argument("--markdown", default=None, help="also write the table to this file")
    parser.add_argument("--best", action="store_true",
                        help="report the best run instead of the median (busy machines)")
    parser.add_argument("--threads", type=int, default=None, help="Numba threads (default all)")
    parser.add_argument("--cpu-time", action="store_true",
                        help="time with this thread's CPU time (implies --threads 1): figures "
                             "that waiting for a busy CPU does not distort")
    parser.add_argument("--sections", default=DEFAULT_SECTIONS,
                        help=f"comma-separated, from {', '.join(SECTIONS)} "
                             f"(default {DEFAULT_SECTIONS}; the others come with a checkout)")
    parser.add_argument("--all", action="store_true", help="every section")
    return parser


def sections_of(ns: argparse.Namespace) -> list[str]:
    """The sections asked for, in ``SECTIONS`` order; an unknown name is an error."""
    if ns.all:
        return list(SECTIONS)
    asked = [name.strip() for name in ns.sections.split(",") if name.strip()]
    unknown = [name for name in asked if name not in SECTIONS]
    if unknown:
        raise SystemExit(f"scopelab bench: unknown section {', '.join(unknown)}; "
                         f"choose from {', '.join(SECTIONS)}")
    return [name for name in SECTIONS if name in asked]


def checkout_monitor():
    """The machine diagnostics of a checkout (``benchmarks/machine.py`` next to the package), or
    ``report.NoMonitor()`` where scopelab runs from an installed copy."""
    if not MACHINE_PLUGIN.is_file():
        return report.NoMonitor()
    spec = importlib.util.spec_from_file_location("scopelab_bench_machine", MACHINE_PLUGIN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.MachineMonitor()


def plugin_section(name: str, quick: bool) -> dict | None:
    """Run the checkout's ``benchmarks/<file>`` of section ``name`` (``None`` where scopelab runs
    from an installed copy, which has no benchmarks/ folder)."""
    path = CHECKOUT_BENCHMARKS / PLUGINS[name]
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(f"scopelab_bench_{name}", path)
    assert spec is not None and spec.loader is not None   # a .py file that exists
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.bench(quick)


def _section(monitor, bench, *args) -> dict | None:
    """Run one part of the benchmark and record what the monitor saw while it ran."""
    token = monitor.start()
    result = bench(*args)
    facts = monitor.stop(token)
    if result is not None:
        result.update(facts)
    return result


def _kernel_sections(ns: argparse.Namespace, monitor, results: dict) -> None:
    """The kernels against NumPy (fills, partitions, lookups), cold start and orthogonal."""
    from scopelab import kernels as K

    K.warmup()
    mib = measure.MIB
    sizes = [4 * mib] if ns.quick else [4 * mib, 256 * mib]
    measure.touch_memory(6 * max(sizes))
    for size in sizes:
        reps = 21 if size <= 4 * mib else 9
        for dtype in (np.dtype(np.float32), np.dtype(np.float64)):
            results["fills"].append(_section(monitor, measure.bench_fills, size, dtype, reps))
            print(f"... {dtype.name} {size // mib} MiB done", file=sys.stderr)
        results["partition"].append(_section(monitor, measure.bench_partition, size, reps))
    results["cold_start"] = measure.bench_cold_start()
    if ns.full:
        results["orthogonal"] = measure.bench_orthogonal(1024)


def run(ns: argparse.Namespace, monitor=None) -> int:
    """Measure, print the Markdown report, write JSON (and Markdown when asked)."""
    monitor = monitor if monitor is not None else checkout_monitor()
    measure.STATISTIC["name"] = "min" if ns.best else "median"
    if ns.cpu_time:
        ns.threads = 1
        measure.CLOCK["now"] = time.thread_time
    if ns.threads:
        import numba

        numba.set_num_threads(ns.threads)

    sections = sections_of(ns)
    run_token = monitor.start()
    results: dict[str, Any] = {"environment": measure.environment(), "fills": [], "partition": [],
                               "plugins": {}}
    results["environment"]["statistic"] = measure.STATISTIC["name"]
    results["environment"]["clock"] = "thread CPU time" if ns.cpu_time else "wall"
    results["environment"]["sections"] = ", ".join(sections)
    if "kernels" in sections:
        _kernel_sections(ns, monitor, results)
    for name in sections[sections[0] == "kernels":]:
        result = _section(monitor, plugin_section, name, ns.quick) if name in PLUGINS else None
        if result is not None:
            results["plugins"][name] = result
        print(f"... {name} done", file=sys.stderr)
    results["environment"]["threading layer"] = measure.threading_layer()
    results["environment"].update(monitor.stop(run_token))
    results["targets"] = report.targets_table(results)
    text = report.to_markdown(results, monitor)
    print(text)
    with open(ns.json, "w") as f:
        json.dump(results, f, indent=1, default=str)
    if ns.markdown:
        with open(ns.markdown, "w") as f:
            f.write(text)
    return 0


def main(argv: list[str] | None = None, monitor=None) -> int:
    """``python -m scopelab.bench`` / ``benchmarks/run.py``: parse ``argv`` and run."""
    parser = add_arguments(argparse.ArgumentParser(prog="scopelab bench",
                                                   description=__doc__.split("\n")[0]))
    return run(parser.parse_args(argv), monitor)
