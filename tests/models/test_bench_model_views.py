"""benchmarks/bench_model_views.py (the views on a store of real models) runs and reports."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_model_views.py"


def test_the_views_benchmark_measures_every_view_and_the_build_curve():
    spec = importlib.util.spec_from_file_location("bench_model_views", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    views = module.measure_views(replicas=1, rounds=1)
    build = module.measure_build(calls=300, per_scope=50, chunk=100)
    assert views["variables"] > 300       # a transformer, pix2pix and their optimizers
    for key in ("snapshot", "render_text", "render_html", "widget_push", "scope_tree_magic"):
        assert views[key]["cpu_ms_min"] > 0, key
    assert build["calls"] == 300 and build["last_chunk_us_per_call"] > 0
    table = module._table(views, build)
    assert "%scope_tree (text+HTML)" in table and "300 get_variable calls" in table
