"""The timed parts of ``scopelab bench``: fills, partitioning, cold start, orthogonal, environment.

Each kernel is timed in alternating rounds with its references (``_interleaved_seconds``), so load
bursts on a shared machine hit both sides of a ratio alike. Every figure is the median of the
rounds (``STATISTIC``; ``--best`` takes the fastest) after one warm-up; GB/s counts bytes written.
"""

from __future__ import annotations

import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

MIB = 1 << 20

STATISTIC = {"name": "median"}   # or "min" (--best): best of the runs, for a busy shared machine
CLOCK = {"now": time.perf_counter}   # --cpu-time: this thread's CPU time (with --threads 1)


def _median_seconds(fn, reps: int) -> float:
    fn()  # warm-up (and compile, on a cold cache)
    times = []
    for _ in range(reps):
        start = CLOCK["now"]()
        fn()
        times.append(CLOCK["now"]() - start)
    return min(times) if STATISTIC["name"] == "min" else statistics.median(times)


def _interleaved_seconds(fns: dict, reps: int) -> dict:
    """Time several functions in alternating rounds, so a burst of load on a shared machine hits
    all of them alike; returns the chosen statistic per name."""
    for fn in fns.values():
        fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(reps):
        for name, fn in fns.items():
            start = CLOCK["now"]()
            fn()
            times[name].append(CLOCK["now"]() - start)
    pick = min if STATISTIC["name"] == "min" else statistics.median
    return {name: pick(t) for name, t in times.items()}


def _numpy_truncated(rng, n, dtype):
    out = rng.standard_normal(n, dtype=dtype)
    bad = np.flatnonzero(np.abs(out) >= 2)
    while bad.size:
        out[bad] = rng.standard_normal(bad.size, dtype=dtype)
        bad = bad[np.abs(out[bad]) >= 2]
    return out


def _numpy_glorot(rng, n, dtype, limit):
    out = rng.random(n, dtype=dtype)
    out *= 2 * limit
    out -= limit
    return out


def bench_fills(size_bytes: int, dtype: np.dtype, reps: int) -> dict:
    """One size and dtype: baselines, each kernel, ratios."""
    from scopelab import kernels as K

    n = size_bytes // dtype.itemsize
    rng = np.random.default_rng(0)
    key = K.make_key(1, 2)
    limit = math.sqrt(6.0 / (2 * math.isqrt(n)))         # glorot for an (√n, √n) matrix
    existing = np.empty(n, dtype)
    existing.fill(1)                                       # pre-fault the pages
    source = np.ones(n, dtype)
    gbs = {}

    def rate(fn):
        return size_bytes / _median_seconds(fn, reps) / 1e9

    gbs["np.full"] = rate(lambda: np.full(n, 0.5, dtype))
    gbs["ndarray.fill"] = rate(lambda: existing.fill(0.5))
    gbs["np.copyto"] = rate(lambda: np.copyto(existing, source))
    ours = {
        "fill": lambda: K.fill((n,), dtype, 0.5),
        "uniform": lambda: K.uniform((n,), dtype, key, 0.0, 1.0),
        "glorot_uniform": lambda: K.uniform((n,), dtype, key, -limit, limit),
        "normal": lambda: K.normal((n,), dtype, key),
        "truncated_normal": lambda: K.truncated_normal((n,), dtype, key),
    }
    numpy_way = {
        "fill": lambda: np.full(n, 0.5, dtype),
        "uniform": lambda: rng.random(n, dtype=dtype),
        "glorot_uniform": lambda: _numpy_glorot(rng, n, dtype, limit),
        "normal": lambda: rng.standard_normal(n, dtype=dtype),
        "truncated_normal": lambda: _numpy_truncated(rng, n, dtype),
    }
    rows = {}
    for name, fn in ours.items():   # each kernel timed in rounds with its references
        t = _interleaved_seconds({"ours": fn, "numpy": numpy_way[name],
                                  "np.full": lambda: np.full(n, 0.5, dtype),
                                  "fill": lambda: existing.fill(0.5)}, reps)
        ours_gbs = size_bytes / t["ours"] / 1e9
        rows[name] = {"GB/s": ours_gbs, "numpy GB/s": size_bytes / t["numpy"] / 1e9,
                      "% np.full": t["np.full"] / t["ours"],
                      "% fill": t["fill"] / t["ours"],
                      "x numpy": t["numpy"] / t["ours"]}
    return {"size_MiB": size_bytes // MIB, "dtype": dtype.name, "baselines GB/s": gbs,
            "kernels": rows}


def bench_partition(size_bytes: int, reps: int) -> dict:
    """split/concat against np.copyto; embedding lookups against np.take on the full matrix."""
    from scopelab import kernels as K

    dim = 64
    rows = size_bytes // (4 * dim)
    table = np.random.default_rng(1).standard_normal((rows, dim), dtype=np.float32)
    dest = np.empty_like(table)
    dest.fill(0)
    out = {}

    def rate(fn, nbytes):
        return nbytes / _median_seconds(fn, reps) / 1e9

    out["np.copyto GB/s"] = rate(lambda: np.copyto(dest, table), size_bytes)
    out["np.copyto fresh GB/s"] = rate(lambda: np.copyto(np.empty_like(table), table), size_bytes)
    sizes0 = [rows // 4 + (1 if i < rows % 4 else 0) for i in range(4)]
    sizes1 = [dim // 4] * 4
    shards0 = K.split(table, sizes0, 0)
    shards1 = K.split(table, sizes1, 1)
    numpy_way = {  # fresh outputs, like ours (np.copyto writes into pre-faulted memory)
        "split axis 0": lambda: [np.array(s) for s in np.split(table, np.cumsum(sizes0)[:-1])],
        "split axis 1": lambda: [np.array(s) for s in np.split(table, 4, axis=1)],
        "concat axis 0": lambda: np.concatenate(shards0, 0),
        "concat axis 1": lambda: np.concatenate(shards1, 1),
    }
    ours = {"split axis 0": lambda: K.split(table, sizes0, 0),
            "split axis 1": lambda: K.split(table, sizes1, 1),
            "concat axis 0": lambda: K.concat(shards0, 0),
            "concat axis 1": lambda: K.concat(shards1, 1)}
    for name, fn in ours.items():
        t = _interleaved_seconds({"ours": fn, "numpy": numpy_way[name],
                                  "copyto": lambda: np.copyto(dest, table),
                                  "copyto fresh": lambda: np.copyto(np.empty_like(table), table)},
                                 reps)
        out[f"{name} GB/s"] = size_bytes / t["ours"] / 1e9
        out[f"{name} % copyto"] = t["copyto"] / t["ours"]
        out[f"{name} % copyto fresh"] = t["copyto fresh"] / t["ours"]
        out[f"{name} numpy GB/s"] = size_bytes / t["numpy"] / 1e9

    ids = np.random.default_rng(2).integers(0, rows, size=rows)
    mod_shards = tuple(np.ascontiguousarray(table[p::4]) for p in range(4))
    taken = np.empty((ids.size, dim), np.float32)
    lookups = {
        "np.take (unpartitioned)": lambda: np.take(table, ids, axis=0),
        "np.take(out=) into existing memory": lambda: np.take(table, ids, axis=0, out=taken),
        "div, 4 shards": lambda: K.embedding_gather(shards0, ids, "div"),
        "mod, 4 shards": lambda: K.embedding_gather(mod_shards, ids, "mod"),
        "numpy route+gather+stitch (div)": lambda: _numpy_lookup(shards0, ids),
    }
    assert np.array_equal(K.embedding_gather(shards0, ids, "div"), table[ids])
    assert np.array_equal(K.embedding_gather(mod_shards, ids, "mod"), table[ids])
    per_s = {name: ids.size / t for name, t in _interleaved_seconds(lookups, reps).items()}
    out["lookup rows/s"] = per_s
    out["lookup div / np.take"] = per_s["div, 4 shards"] / per_s["np.take (unpartitioned)"]
    out["lookup mod / np.take"] = per_s["mod, 4 shards"] / per_s["np.take (unpartitioned)"]
    return {"size_MiB": size_bytes // MIB, "table": [rows, dim], **out}


def _numpy_lookup(shards, ids):
    """TF1's ``div`` lookup the NumPy way: route every id, gather per shard, stitch in id order."""
    per, extras = divmod(sum(s.shape[0] for s in shards), len(shards))
    shard = np.maximum(ids // (per + 1), (ids - extras) // per)
    row = ids - np.where(shard < extras, shard * (per + 1), extras + shard * per)
    out = np.empty((ids.size,) + shards[0].shape[1:], shards[0].dtype)
    for p, s in enumerate(shards):
        mine = shard == p
        out[mine] = s[row[mine]]
    return out


_COLD = (
    "import json, time\n"
    "t0 = time.perf_counter()\n"
    "import scopelab as tf\n"
    "t1 = time.perf_counter()\n"
    "v = tf.get_variable('dense/kernel', [784, 128])\n"
    "t2 = time.perf_counter()\n"
    "print(json.dumps({'import_s': t1 - t0, 'first_get_variable_s': t2 - t1}))\n")


def _subprocess(code: str, env: dict) -> dict:
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=600, check=True)
    facts = json.loads(run.stdout.strip().splitlines()[-1])
    facts["process_wall_s"] = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    facts["process_cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return facts


def bench_cold_start() -> dict:
    """Fresh processes: import alone; first get_variable with an empty, then a warm cache."""
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_ENABLE_CUDASIM"}
    with tempfile.TemporaryDirectory() as cache:
        env["NUMBA_CACHE_DIR"] = cache
        imports = [_subprocess("import json, time\nt = time.perf_counter()\nimport scopelab\n"
                               "print(json.dumps({'import_s': time.perf_counter() - t}))", env)
                   for _ in range(3)]
        empty = _subprocess(_COLD, env)
        warm = [_subprocess(_COLD, env) for _ in range(3)]
    best = min(warm, key=lambda w: w["process_wall_s"])
    return {"import scopelab s": min(i["import_s"] for i in imports),
            "empty cache: first get_variable s": empty["first_get_variable_s"],
            "empty cache: process wall s": empty["process_wall_s"],
            "warm cache: import s": best["import_s"],
            "warm cache: first get_variable s": best["first_get_variable_s"],
            "warm cache: process wall s": best["process_wall_s"],
            "warm cache: process CPU s": min(w["process_cpu_s"] for w in warm),
            "empty cache: process CPU s": empty["process_cpu_s"]}


def bench_orthogonal(n: int) -> dict:
    from scopelab import initializers

    init = initializers.Orthogonal(seed=1)
    ours = min(_time_once(lambda: init((n, n))) for _ in range(3))
    rng = np.random.default_rng(0)

    def numpy_way():
        q, r = np.linalg.qr(rng.standard_normal((n, n), dtype=np.float32))
        return q * np.sign(np.diag(r))

    theirs = min(_time_once(numpy_way) for _ in range(3))
    return {"n": n, "scopelab s": ours, "numpy s": theirs}


def _time_once(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def environment() -> dict:
    import numba

    return {"python": platform.python_version(), "numpy": np.__version__,
            "numba": numba.__version__, "machine": platform.machine(),
            "processor": platform.processor() or _cpu_model(), "cpus": os.cpu_count(),
            "numba threads": numba.get_num_threads(),
            "threading layer": threading_layer()}


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            return next(line.split(":", 1)[1].strip() for line in f if "model name" in line)
    except (OSError, StopIteration):
        return "unknown"


def threading_layer() -> str:
    import numba

    try:
        return numba.threading_layer()
    except ValueError:  # no parallel kernel has run yet
        return "not initialised"


def touch_memory(nbytes: int) -> None:
    """Write and free ``nbytes`` once before timing. On a virtual machine the host backs guest
    memory lazily, so the first pass over fresh memory pays for that too; without this the first
    large size measured (float32 at 256 MiB) ran up to 2x slower than the same bytes later."""
    np.ones(nbytes // 8, dtype=np.float64)


