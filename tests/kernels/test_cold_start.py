"""Cold start, in fresh processes: no Numba at import, kernels compiled lazily and cached on disk."""

import json
import os
import subprocess
import sys

import pytest


def _run(code: str, **env_extra) -> dict:
    env = {k: v for k, v in dict(os.environ, **env_extra).items() if v is not None}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr[-4000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_import_scopelab_does_not_import_numba():
    facts = _run(
        "import sys, json\n"
        "import scopelab, scopelab.kernels\n"
        "print(json.dumps({'numba': sorted(m for m in sys.modules if m.split('.')[0] in "
        "('numba', 'numba_cuda', 'llvmlite')), 'ipython': 'IPython' in sys.modules}))")
    assert facts == {"numba": [], "ipython": False}


_FIRST_VARIABLE = (
    "import json, os, sys\n"
    "import scopelab as tf\n"
    "tf.set_random_seed(1)\n"
    "v = tf.get_variable('dense/kernel', [30, 20])\n"
    "import numpy as np\n"
    "a = np.asarray(v.numpy())\n"
    "print(json.dumps({'numba': 'numba' in sys.modules, 'dtype': str(a.dtype),\n"
    "                  'shape': list(a.shape), 'max_abs': float(abs(a).max()),\n"
    "                  'values': a.ravel()[:5].tolist()}))")


def _cache_files(cache_dir) -> dict:
    return {str(p.relative_to(cache_dir)): p.stat().st_mtime_ns
            for p in cache_dir.rglob("*") if p.is_file()}


def test_first_default_variable_compiles_caches_and_then_loads_from_cache(tmp_path):
    cache = tmp_path / "numba-cache"
    cold = _run(_FIRST_VARIABLE, NUMBA_CACHE_DIR=str(cache))
    limit = (6 / (30 + 20)) ** 0.5            # glorot_uniform, TF1's default initializer
    assert cold["numba"] and cold["dtype"] == "float32" and cold["shape"] == [30, 20]
    assert 0 < cold["max_abs"] < limit
    written = _cache_files(cache)
    assert any(name.endswith(".nbi") for name in written), written    # index files on disk
    assert any(name.endswith(".nbc") for name in written), written    # compiled code

    warm = _run(_FIRST_VARIABLE, NUMBA_CACHE_DIR=str(cache))
    assert warm["values"] == cold["values"]    # same seed, same values, in a new process
    assert _cache_files(cache) == written      # loaded, nothing recompiled or rewritten


@pytest.mark.parametrize("simulator", [None, "1"])
def test_import_stays_light_with_or_without_the_simulator(simulator):
    facts = _run("import sys, json, scopelab\n"
                 "print(json.dumps({'numba': 'numba' in sys.modules}))",
                 NUMBA_ENABLE_CUDASIM=simulator)
    assert facts == {"numba": False}
