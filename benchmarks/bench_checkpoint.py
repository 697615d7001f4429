"""Reading a 1 GiB checkpoint: peak memory above the largest tensor, speed against np.fromfile.

    python benchmarks/bench_checkpoint.py [--mib 1024] [--rounds 3] [--json PATH] [--keep DIR]

Writes a V2 checkpoint of ``--mib`` MiB of float32 in a temporary folder (tensors of 1/4, 1/4,
1/4, 1/8 of it, the last 1/8 a partitioned variable in 4 slices, plus a few small ones; nothing is
committed), then measures in fresh child processes, so each peak is the reader's own:

* memory: the peak RSS (``VmHWM``) after reading every tensor once (each dropped before the
  next) minus the peak after the imports (Linux); the target (issue 12) is at most the largest tensor + 64 MiB;
* speed: reading every tensor (checksums verified) against ``np.fromfile`` of the data file, in
  alternating rounds in one child, page cache warm for both; the target is >= 70 %.

Prints one JSON object (also to ``--json``); ``run(mib, rounds)`` returns it (for ``scopelab
bench``). Ratios are taken within one run; absolute figures depend on the machine's load.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

MIB = 1 << 20
MEMORY_SLACK_MIB = 64
SPEED_TARGET = 0.70


def write_checkpoint(folder: str, mib: int) -> tuple[str, int]:
    """The checkpoint prefix and its largest tensor's bytes (written one tensor at a time)."""
    from scopelab.checkpoint.writer import BundleWriter

    prefix = os.path.join(folder, "big.ckpt")
    writer = BundleWriter(prefix)
    quarter = mib * MIB // 4 // 4                          # float32 elements in 1/4
    sizes = {"layer0/kernel": quarter, "layer1/kernel": quarter, "layer2/kernel": quarter,
             "layer3/kernel": quarter // 2}
    for i, (name, count) in enumerate(sizes.items()):
        writer.add(name, np.full(count, i + 0.5, np.float32).reshape(-1, 1024))
    slice_rows = quarter // 2 // 4 // 1024
    for k in range(4):
        writer.add_slice("embedding/table", (4 * slice_rows, 1024), (k * slice_rows, 0),
                         np.full((slice_rows, 1024), k, np.float32))
    for name in ("global_step", "layer0/bias", "layer1/bias"):
        writer.add(name, np.arange(1024, dtype=np.float32))
    writer.finish()
    return prefix, quarter * 4


_MEMORY_CHILD = """
import sys
import numpy as np
from scopelab.checkpoint import CheckpointReader

def high_water_kib():   # this process's peak RSS (VmHWM; ru_maxrss survives exec on Linux)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

import google_crc32c
base = high_water_kib()
reader = CheckpointReader(sys.argv[1])
total = 0
for name in reader.get_variable_to_shape_map():
    value = reader.get_tensor(name)
    total += value.nbytes
    del value
print(high_water_kib() - base, total)
"""

_SPEED_CHILD = """
import sys, time, json
import numpy as np
from scopelab.checkpoint import CheckpointReader
prefix, rounds = sys.argv[1], int(sys.argv[2])
data = prefix + ".data-00000-of-00001"

def read_all():
    reader = CheckpointReader(prefix)
    for name in reader.get_variable_to_shape_map():
        value = reader.get_tensor(name)
        del value

def fromfile():
    value = np.fromfile(data, dtype=np.uint8)
    del value

read_all(); fromfile()                                   # warm the page cache and imports
ours, numpy = [], []
for _ in range(rounds):
    for fn, out in ((read_all, ours), (fromfile, numpy)):
        start = time.perf_counter(); fn(); out.append(time.perf_counter() - start)
print(json.dumps({"ours": ours, "fromfile": numpy}))
"""


def _child(code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          check=True)
    return done.stdout.strip()


def run(mib: int = 1024, rounds: int = 3, keep: str | None = None) -> dict:
    folder = keep or tempfile.mkdtemp(prefix="scopelab-ckpt-bench-")
    try:
        prefix, largest = write_checkpoint(folder, mib)
        data_bytes = os.path.getsize(prefix + ".data-00000-of-00001")
        peak_kib, total = (int(x) for x in _child(_MEMORY_CHILD, prefix).split())
        times = json.loads(_child(_SPEED_CHILD, prefix, str(rounds)))
    finally:
        if keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    ours, numpy = min(times["ours"]), min(times["fromfile"])
    peak = peak_kib * 1024
    result = {
        "checkpoint_mib": data_bytes / MIB, "tensors_read_mib": total / MIB,
        "largest_tensor_mib": largest / MIB, "peak_above_baseline_mib": peak / MIB,
        "memory_limit_mib": largest / MIB + MEMORY_SLACK_MIB,
        "memory_met": peak <= largest + MEMORY_SLACK_MIB * MIB,
        "read_gib_s": data_bytes / ours / 2**30, "fromfile_gib_s": data_bytes / numpy / 2**30,
        "speed_ratio": numpy / ours, "speed_target": SPEED_TARGET,
        "speed_met": numpy / ours >= SPEED_TARGET,
        "rounds": rounds, "seconds": times, "statistic": "best of rounds (alternating)",
    }
    return result


def to_markdown(r: dict) -> str:
    """The figures of :func:`run` as a few lines of Markdown."""
    return (f"A {r['checkpoint_mib']:.0f} MiB checkpoint (largest tensor "
            f"{r['largest_tensor_mib']:.0f} MiB): peak memory {r['peak_above_baseline_mib']:.0f} MiB "
            f"above the baseline (limit {r['memory_limit_mib']:.0f} MiB); read at "
            f"{r['read_gib_s']:.2f} GiB/s with checksums against np.fromfile's "
            f"{r['fromfile_gib_s']:.2f} GiB/s: {r['speed_ratio']:.0%} ({r['statistic']}, "
            f"{r['rounds']} rounds)")


def bench(quick: bool) -> dict:
    """``scopelab bench``'s section ``checkpoint``: 1 GiB (64 MiB with ``quick``) and the targets."""
    result = run(mib=64 if quick else 1024, rounds=3)
    result["markdown"] = to_markdown(result)
    result["targets"] = [
        ("reading a checkpoint uses <= the largest tensor + 64 MiB",
         f"{result['peak_above_baseline_mib']:.0f} MiB (limit {result['memory_limit_mib']:.0f})",
         result["memory_met"]),
        (f"reading a checkpoint >= {SPEED_TARGET:.0%} of np.fromfile's speed",
         f"{result['speed_ratio']:.0%}", result["speed_met"]),
    ]
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mib", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", dest="json_path")
    parser.add_argument("--keep", help="write the checkpoint here and keep it")
    ns = parser.parse_args(argv)
    result = run(ns.mib, ns.rounds, ns.keep)
    text = json.dumps(result, indent=1)
    print(text)
    if ns.json_path:
        with open(ns.json_path, "w") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
