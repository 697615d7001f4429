"""benchmarks/bench_scale.py (the per-call cost curve of ``scopelab bench``) runs and reports."""

import importlib.util
from pathlib import Path

import scopelab as tf

PLUGIN = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_scale.py"


def test_scale_curve_measures_every_size_and_leaves_the_graph_empty():
    spec = importlib.util.spec_from_file_location("bench_scale", PLUGIN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.measure(sizes=(3, 40), rounds=1, reuse_calls=30, create_calls=20)
    assert [p["scopes"] for p in result["curve"]] == [3, 40]
    assert result["curve"][1]["variables_at_end"] == 40 + 20      # S scopes' w, plus the creates
    assert all(p["reuse_us"] > 0 and p["create_cpu_us"] > 0 for p in result["curve"])
    assert set(result["ratio_largest_to_smallest"]) == {"reuse_us", "reuse_cpu_us", "create_us",
                                                        "create_cpu_us"}
    text = module.to_markdown(result)
    assert "| 40 |" in text and "largest/smallest" in text
    assert tf.get_default_store().variables() == []
    # one live view per size, gone afterwards: sizes measured later do not pay for earlier ones
    assert tf.get_default_store().graph.subscribers() == ()
