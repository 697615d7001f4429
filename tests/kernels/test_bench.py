"""``scopelab bench`` pieces run end to end at tiny sizes (no timing is asserted)."""

import numpy as np

from scopelab import bench


def test_fill_benchmark_reports_every_kernel_with_ratios():
    r = bench.bench_fills(1 << 16, np.dtype(np.float32), reps=1)
    assert r["dtype"] == "float32"
    assert set(r["baselines GB/s"]) == {"np.full", "ndarray.fill", "np.copyto"}
    assert set(r["kernels"]) == set(bench.TARGETS)
    for row in r["kernels"].values():
        assert row["GB/s"] > 0 and row["numpy GB/s"] > 0
        assert row["% np.full"] > 0 and row["% fill"] > 0
        assert np.isclose(row["x numpy"], row["GB/s"] / row["numpy GB/s"])


def test_partition_benchmark_checks_lookups_against_np_take():
    p = bench.bench_partition(1 << 16, reps=1)
    assert p["table"] == [256, 64]
    assert set(p["lookup rows/s"]) == {"np.take (unpartitioned)",
                                       "np.take(out=) into existing memory", "div, 4 shards",
                                       "mod, 4 shards", "numpy route+gather+stitch (div)"}


def test_targets_table_and_markdown_say_met_or_not():
    results = {
        "environment": {"cpus": 2},
        "fills": [bench.bench_fills(1 << 16, np.dtype(np.float32), reps=1)],
        "partition": [bench.bench_partition(1 << 16, reps=1)],
        "cold_start": {"import scopelab s": 0.1, "warm cache: process wall s": 2.0},
    }
    results["targets"] = bench.targets_table(results)
    names = [t for t, _, _ in results["targets"]]
    assert len(names) == 5 + 4 + 2 + 2      # no CPU-time row without a CPU-time figure
    assert ("import scopelab <= 0.5 s", "0.100 s", True) in results["targets"]
    assert results["targets"][-1][2] is False          # 2.0 s > 1.2 s
    text = bench.to_markdown(results)
    assert "| target | measured | met |" in text and "NOT met" in text
    assert "## float32, 0 MiB" in text
