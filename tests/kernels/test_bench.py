"""``scopelab bench`` pieces run end to end at tiny sizes (no timing is asserted)."""

import subprocess
import sys

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
    names = [t for t, _, _, _ in results["targets"]]
    assert len(names) == 5 + 4 + 2 + 2      # no CPU-time row without a CPU-time figure
    assert ("import scopelab <= 0.5 s", "0.100 s", True, "cold") in results["targets"]
    assert results["targets"][-1][2] is False          # 2.0 s > 1.2 s
    # throughput targets are set for 256 MiB: at these tiny sizes they are shown, not judged
    assert [ok for _, _, ok, _ in results["targets"][:11]] == [None] * 11
    text = bench.to_markdown(results)
    assert "| target | measured | met |" in text and "NOT met" in text
    assert text.count("not judged (targets are for 256 MiB; run without --quick)") == 11
    assert [kind for kind, _ in bench.limits(results)] == ["cold start"]
    assert "## float32, 0 MiB" in text


def _results_with(targets, others):
    partition = {"size_MiB": 256, "np.copyto fresh GB/s": 5.0, "np.copyto GB/s": 11.0,
                 "others' CPU share": others, "MiB handed back to the host": 800}
    return {"environment": {"cpus": 2, "others' CPU share": others},
            "partition": [partition], "targets": targets,
            "fills": [{"dtype": "float32", "size_MiB": 256, "others' CPU share": others}],
            "cold_start": {"warm cache: first get_variable s": 0.5,
                           "warm cache: process wall s": 1.5}}


def test_limits_explain_each_missed_kind_once_with_this_runs_figures():
    targets = [("split axis 1 ...", "59% (25%)", False, "copy"),
               ("concat axis 1 ...", "70% (30%)", False, "copy"),
               ("div lookup >= np.take", "1.2x", True, "lookup"),
               ("fresh process ...", "1.50 s", False, "cold")]
    missed = bench.limits(_results_with(targets, others=0.45))
    assert [kind for kind, _ in missed] == ["split / concat", "cold start"]
    copy, cold = missed[0][1], missed[1][1]
    assert "zeroes every new page" in copy and "5.0 GB/s into a new array" in copy
    assert "11.0 GB/s into existing memory" in copy
    assert "handed 800 MiB of freed memory back to its host" in copy
    assert "Other processes used 45% of the 2 CPUs" in copy and "descheduled" in copy
    assert "0.50 s of the process's 1.50 s" in cold
    text = bench.to_markdown({**_results_with(targets, 0.45), "fills": [], "partition": []})
    assert "## what limits the targets not met" in text and "* split / concat:" in text


def test_limits_on_a_quiet_machine_do_not_blame_other_work_and_met_targets_say_nothing():
    missed = bench.limits(_results_with([("normal ...", "18%", False, "random")], others=0.02))
    assert missed[0][0] == "random initializers"
    assert "bound by arithmetic" in missed[0][1] and "quiet machine" in missed[0][1]
    assert "used 2% of the 2 CPUs" in missed[0][1] and "descheduled" not in missed[0][1]
    assert bench.limits(_results_with([("x", "1", True, "random")], others=0.02)) == []
    text = bench.to_markdown({**_results_with([("x", "1", True, "random")], 0.02), "fills": [],
                              "partition": []})
    assert "what limits" not in text


def test_other_processes_cpu_share_subtracts_our_own_and_our_childrens_time(monkeypatch):
    start = bench._cpu_seconds()                    # Linux: read from /proc/stat and os.times
    assert start is not None and start[0] > 0
    subprocess.run([sys.executable, "-c", "sum(range(3_000_000))"], check=True)
    after = bench._cpu_seconds()
    assert after[1] > start[1]                      # the waited-for child's CPU counts as ours
    monkeypatch.setattr(bench.os, "cpu_count", lambda: 2)
    # 1 s of wall time: the machine was busy 3 CPU seconds, 2 of them ours -> others used 1 of 2
    monkeypatch.setattr(bench, "_cpu_seconds", lambda: (103.0, 12.0, 51.0))
    assert bench._others_share((100.0, 10.0, 50.0)) == 0.5
    monkeypatch.setattr(bench, "_cpu_seconds", lambda: (102.0, 12.0, 51.0))
    assert bench._others_share((100.0, 10.0, 50.0)) == 0.0
    assert bench._others_share(None) is None


def test_each_section_records_other_cpu_use_and_memory_handed_back(monkeypatch):
    counter = iter([1000.0, 1250.0])
    monkeypatch.setattr(bench, "_reported_mib", lambda: next(counter))
    result = bench._section(lambda n: {"n": n}, 3)
    assert result["n"] == 3 and result["MiB handed back to the host"] == 250
    assert 0.0 <= result["others' CPU share"] <= 1.0
    monkeypatch.setattr(bench, "_reported_mib", lambda: None)   # no page-reporting counter
    assert bench._section(lambda: {})["MiB handed back to the host"] is None


def test_throughput_targets_are_judged_at_256_mib():
    kernels = {name: {"% np.full": need + 0.01} for name, need in bench.TARGETS.items()}
    kernels["normal"]["% np.full"] = 0.19                  # one miss
    fills = [{"dtype": "float32", "size_MiB": 256, "kernels": kernels}]
    rows = bench.targets_table({"environment": {}, "fills": fills})
    assert [(t.split()[0], ok) for t, _, ok, _ in rows] == [
        ("fill", True), ("uniform", True), ("glorot_uniform", True), ("normal", False),
        ("truncated_normal", True)]
    assert rows[3][1] == "19%"
