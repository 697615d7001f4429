"""Per-call cost against the size of the graph: 50, 5,000 and 50,000 scopes (issue 13.1).

For each size S the graph is first filled with S scopes ``layer0 … layer{S-1}``, one [16, 16]
variable ``w`` in each, with a live subscriber attached (as when the widget tree is open). Then,
cycling through the scopes (``i % S``):

* reuse:  ``with variable_scope(f"layer{i % S}", reuse=True): get_variable("w", [16, 16])``
* create: ``with variable_scope(f"layer{i % S}"): get_variable(f"v{i}", [16, 16])`` (a new
  variable in an existing scope; the store keeps S scopes)

Both include the scope's entry and exit (a name scope made unique, default-name counts, the
frame), which is what used to grow with the number of scopes. Reported: µs per call, median of
the rounds, wall clock and CPU time of this process (the CPU figure is steadier on a busy
machine), and the ratio of the largest size to the smallest, all from one run. Targets: reuse
<= 6 µs and create <= 30 µs at every size; cost at 50,000 within 1.3x of the cost at 50.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 50 5000 50000] [--rounds 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

os.environ.setdefault("NUMBA_ENABLE_CUDASIM", "1")

import scopelab as tf

SIZES = (50, 5_000, 50_000)
TARGET_REUSE_US = 6.0
TARGET_CREATE_US = 30.0
TARGET_RATIO = 1.3
SHAPE = [16, 16]


def _fill(size: int):
    """A graph of ``size`` scopes with one live view (as in a notebook); returns its unsubscribe
    (a reset keeps subscribers: without it each size would add one to the next)."""
    tf.reset_default_graph()
    unsubscribe = tf.get_default_store().subscribe(lambda event: None)
    for i in range(size):
        with tf.variable_scope(f"layer{i}"):
            tf.get_variable("w", SHAPE)
    return unsubscribe


def _reuse(size: int, calls: int) -> None:
    for i in range(calls):
        with tf.variable_scope(f"layer{i % size}", reuse=True):
            tf.get_variable("w", SHAPE)


def _create(size: int, calls: int, start: int) -> None:
    for i in range(start, start + calls):
        with tf.variable_scope(f"layer{i % size}"):
            tf.get_variable(f"v{i}", SHAPE)


def _timed(fn, *args) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn(*args)
    return time.perf_counter() - wall, time.process_time() - cpu


def measure_size(size: int, rounds: int, reuse_calls: int, create_calls: int) -> dict:
    """µs per call at ``size`` scopes: medians over ``rounds`` of wall and CPU time."""
    unsubscribe = _fill(size)
    _reuse(size, min(size, 1000))                    # warm-up: caches, name counters
    reuse_wall, reuse_cpu, create_wall, create_cpu = [], [], [], []
    made = 0
    for _ in range(rounds):
        wall, cpu = _timed(_reuse, size, reuse_calls)
        reuse_wall.append(wall / reuse_calls * 1e6)
        reuse_cpu.append(cpu / reuse_calls * 1e6)
        wall, cpu = _timed(_create, size, create_calls, made)
        made += create_calls
        create_wall.append(wall / create_calls * 1e6)
        create_cpu.append(cpu / create_calls * 1e6)
    unsubscribe()
    return {
        "scopes": size, "variables_at_end": len(tf.get_default_store().variables()),
        "reuse_us": round(statistics.median(reuse_wall), 2),
        "reuse_cpu_us": round(statistics.median(reuse_cpu), 2),
        "create_us": round(statistics.median(create_wall), 2),
        "create_cpu_us": round(statistics.median(create_cpu), 2),
    }


def measure(sizes=SIZES, rounds: int = 5, reuse_calls: int = 5_000,
            create_calls: int = 2_000) -> dict:
    """The curve over ``sizes`` (all in this run), its ratios and whether the targets are met."""
    curve = [measure_size(s, rounds, reuse_calls, create_calls) for s in sizes]
    tf.reset_default_graph()
    first, last = curve[0], curve[-1]
    ratio = {key: round(last[key] / first[key], 2)
             for key in ("reuse_us", "reuse_cpu_us", "create_us", "create_cpu_us")}
    return {
        "curve": curve, "ratio_largest_to_smallest": ratio,
        "reuse_target_met": all(p["reuse_us"] <= TARGET_REUSE_US for p in curve),
        "create_target_met": all(p["create_us"] <= TARGET_CREATE_US for p in curve),
        "flat_target_met": ratio["reuse_us"] <= TARGET_RATIO and ratio["create_us"] <= TARGET_RATIO,
        "load_average_1min": round(os.getloadavg()[0], 2), "python": sys.version.split()[0],
    }


def to_markdown(result: dict) -> str:
    """The curve as a Markdown table, then the targets."""
    lines = ["| scopes | reuse µs (wall / CPU) | create µs (wall / CPU) |", "|---|---|---|"]
    for p in result["curve"]:
        lines.append(f"| {p['scopes']:,} | {p['reuse_us']} / {p['reuse_cpu_us']} | "
                     f"{p['create_us']} / {p['create_cpu_us']} |")
    r = result["ratio_largest_to_smallest"]
    met = {True: "met", False: "NOT met"}
    lines += ["",
              f"largest/smallest: reuse {r['reuse_us']}x (CPU {r['reuse_cpu_us']}x), create "
              f"{r['create_us']}x (CPU {r['create_cpu_us']}x); target <= {TARGET_RATIO}x: "
              f"{met[result['flat_target_met']]}",
              f"reuse <= {TARGET_REUSE_US:g} µs at every size: {met[result['reuse_target_met']]}; "
              f"create <= {TARGET_CREATE_US:g} µs: {met[result['create_target_met']]} "
              f"(load average {result['load_average_1min']})"]
    return "\n".join(lines)


def bench(quick: bool) -> dict:
    """``scopelab bench``'s section ``scale``: the curve, its table and the three targets."""
    result = measure(rounds=3 if quick else 5)
    ratio = result["ratio_largest_to_smallest"]
    worst = {key: max(p[key] for p in result["curve"]) for key in ("reuse_us", "create_us")}
    result["markdown"] = to_markdown(result)
    result["targets"] = [
        (f"reuse (scope entry + get_variable) <= {TARGET_REUSE_US:g} µs up to 50,000 scopes",
         f"{worst['reuse_us']} µs at worst", result["reuse_target_met"]),
        (f"create <= {TARGET_CREATE_US:g} µs up to 50,000 scopes",
         f"{worst['create_us']} µs at worst", result["create_target_met"]),
        (f"cost at 50,000 scopes within {TARGET_RATIO}x of the cost at 50",
         f"reuse {ratio['reuse_us']}x, create {ratio['create_us']}x", result["flat_target_met"]),
    ]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)
    result = measure(args.sizes, args.rounds)
    print(json.dumps(result) if args.json else to_markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
