"""benchmarks/bench_cluster.py (``scopelab bench --sections cluster``) runs small and reports its
table and ratio (bytes counted from the kernel's TCP counters); no timing is asserted."""

import importlib.util
from pathlib import Path

import scopelab as tf
import scopelab.cluster as cluster

PLUGIN = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_cluster.py"


def test_quick_bench_reports_bytes_moved_against_ids_and_rows():
    spec = importlib.util.spec_from_file_location("bench_cluster", PLUGIN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.bench(quick=True)
    assert (result["rows"], result["ids"], result["shards"]) == (20_000, 20_000, 4)
    assert result["payload_bytes"] == 20_000 * 8 + 20_000 * 16 * 4    # int64 ids + float32 rows
    assert len(result["moved_bytes"]) == 1 and result["moved_bytes"][0] > 20_000 * 16 * 4
    assert result["ratio"] == round(min(result["moved_bytes"]) / result["payload_bytes"], 4)
    assert result["target_met"] == (result["ratio"] <= 1.1)
    lines = result["markdown"].splitlines()
    assert lines[0].count("|") == 7 and lines[2].count("|") == 7
    assert "moved / payload" in lines[0] and "ss -tin" in result["markdown"]
    [(label, shown, met)] = result["targets"]
    assert "1.1x" in label and shown == f"{result['ratio']}x" and met == result["target_met"]
    assert cluster.client() is None and tf.get_default_store().variables() == []
