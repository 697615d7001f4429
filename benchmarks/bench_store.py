"""Store latency: µs per ``get_variable`` call, creating and reusing a [16, 16] variable.

Both figures are measured with a live subscriber attached (as when the widget tree is open) and
printed (median and minimum of 7 runs, plus the machine's load) as one-run ratios against TF1
graph mode measured side by side on 2 cores (about 2,000 µs
to create a small [16, 16] variable under AUTO_REUSE and about 50 µs to fetch it with
reuse=True). Targets: create <= 40 µs (50x faster than TF1), reuse <= 10 µs (5x).

    .venv/bin/python benchmarks/bench_store.py [--n 2000]
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

TF1_CREATE_US = 2000.0
TF1_REUSE_US = 50.0
TARGET_CREATE_US = 40.0
TARGET_REUSE_US = 10.0


def _per_call_us(fn, n: int) -> float:
    start = time.perf_counter()
    fn(n)
    return (time.perf_counter() - start) / n * 1e6


def create_batch(n: int) -> None:
    with tf.variable_scope("bench", reuse=tf.AUTO_REUSE):
        for i in range(n):
            tf.get_variable(f"w{i}", [16, 16])


def reuse_batch(n: int) -> None:
    with tf.variable_scope("bench", reuse=True):
        for _ in range(n):
            tf.get_variable("w0", [16, 16])


def measure(n: int, repeats: int = 7) -> dict:
    events = []
    tf.reset_default_graph()
    tf.get_default_store().subscribe(events.append)     # a live view, as in a notebook
    create_batch(50)                                       # warm-up: kernels compiled, caches hot
    creates, reuses = [], []
    for _ in range(repeats):
        tf.reset_default_graph()
        creates.append(_per_call_us(create_batch, n))
        reuses.append(_per_call_us(reuse_batch, n))
    create_us, reuse_us = statistics.median(creates), statistics.median(reuses)
    return {
        "n_per_run": n, "repeats": repeats, "events_seen": len(events),
        "create_us_min": round(min(creates), 2), "reuse_us_min": round(min(reuses), 2),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "create_us": round(create_us, 2), "reuse_us": round(reuse_us, 2),
        "create_speedup_vs_tf1": round(TF1_CREATE_US / create_us, 1),
        "reuse_speedup_vs_tf1": round(TF1_REUSE_US / reuse_us, 1),
        "create_target_met": create_us <= TARGET_CREATE_US,
        "reuse_target_met": reuse_us <= TARGET_REUSE_US,
        "python": sys.version.split()[0],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="calls per timed run")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)
    result = measure(args.n)
    if args.json:
        print(json.dumps(result))
        return 0
    print("| operation ([16, 16], subscriber attached) | µs per call (median) | min | TF1 graph mode "
          "| speed-up | target |")
    print("|---|---|---|---|---|---|")
    print(f"| create under AUTO_REUSE | {result['create_us']} | {result['create_us_min']} | "
          f"{TF1_CREATE_US:.0f} | "
          f"{result['create_speedup_vs_tf1']}x | <= {TARGET_CREATE_US:.0f} µs "
          f"({'met' if result['create_target_met'] else 'MISSED'}) |")
    print(f"| fetch with reuse=True | {result['reuse_us']} | {result['reuse_us_min']} | "
          f"{TF1_REUSE_US:.0f} | "
          f"{result['reuse_speedup_vs_tf1']}x | <= {TARGET_REUSE_US:.0f} µs "
          f"({'met' if result['reuse_target_met'] else 'MISSED'}) |")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
