"""Record what TensorFlow 1.x graph mode observes for ``optimize_loss_cases.py`` (developer tool,
never run by the tests: the project does not depend on TensorFlow).

    /work/tf215/bin/python tests/contrib/record_optimize_loss.py [case ...]

``tf`` is TF 2.15's ``tf.compat.v1`` (v2 behaviour disabled) with ``tf.contrib.layers`` = tf-slim
1.1, exactly as ``tests/models/record_tf.py`` sets it up (its ``TF``); tf-slim's
``optimize_loss``, ``apply_regularization``, regularizers and ``summarize_*`` are TF 1.15
contrib's. tf-slim still looks for ``IndexedSlices`` in ``ops`` (moved in TF 2.x), which its
gradient noise and multipliers need; it is pointed at its new home. The observations go to
``tf1_optimize_loss.json`` here (with case names given, only those are redone).
"""

import importlib.util
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "models"))
sys.path.insert(0, str(HERE.parent / "rnn"))


def _load(name: str, path: pathlib.Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_models = _load("models_record_tf", HERE.parent / "models" / "record_tf.py")
TF, tf1 = _models.TF, _models.tf1

from tensorflow.python.framework import indexed_slices as _indexed_slices
from tensorflow.python.framework import ops as _tf_ops

if not hasattr(_tf_ops, "IndexedSlices"):
    _tf_ops.IndexedSlices = _indexed_slices.IndexedSlices

from tf1_harness import record_in_session

CASES = _load("optimize_loss_cases", HERE / "optimize_loss_cases.py").CASES
TARGET = HERE / "tf1_optimize_loss.json"


def record(source: str) -> list:
    return record_in_session(source, TF, config=_models.SESSION_CONFIG)


def main(only: list) -> None:
    recorded = json.loads(TARGET.read_text())["cases"] if only and TARGET.exists() else {}
    for name, source in CASES.items():
        if not only or name in only:
            recorded[name] = record(source)
            print("recorded", name)
    TARGET.write_text(json.dumps(
        {"recorded_with": f"tensorflow {tf1.__version__} compat.v1 graph mode "
                          "(tf.contrib.layers = tf-slim 1.1)",
         "cases": {name: recorded[name] for name in CASES if name in recorded}},
        indent=1, sort_keys=True) + "\n")
    print(f"recorded {len(recorded)} cases into {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1:])
