"""Record what TensorFlow 1.x (graph mode, tf.compat.v1) observes for every case in cases.py.

Developer tool, never run by the test suite (the project must not depend on TensorFlow):
    python -m venv /tmp/tfenv && /tmp/tfenv/bin/pip install tensorflow-cpu
    /tmp/tfenv/bin/python tests/conformance/record_tf.py   # rewrites tf1_expected.json
    /tmp/tfenv/bin/python tests/conformance/record_tf.py NAME ...   # re-records those cases only
"""

import json
import pathlib
import sys

import tensorflow.compat.v1 as tf

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE))
from cases import CASES, REF_VARIABLE_CASES  # noqa: E402
from harness import run_case  # noqa: E402

tf.disable_eager_execution()


def record(source: str, ref_variables: bool = False) -> list:
    if ref_variables:
        tf.disable_resource_variables()
    try:
        return _record(source)
    finally:
        tf.enable_resource_variables()


def _record(source: str) -> list:
    graph = tf.Graph()
    with graph.as_default():
        session = tf.Session(graph=graph)
        initialized = set()

        def evaluate(x):
            fresh = [v for v in tf.global_variables() + tf.local_variables() if v.name not in initialized]
            if fresh:
                session.run(tf.variables_initializer(fresh))
                initialized.update(v.name for v in fresh)
            return session.run(x)

        try:
            return run_case(source, tf, evaluate)
        finally:
            session.close()


def main() -> None:
    """All cases, or only those named on the command line (merged into the existing file)."""
    names = sys.argv[1:] or list(CASES)
    path = HERE / "tf1_expected.json"
    expected = json.loads(path.read_text()) if sys.argv[1:] else {
        "recorded_with": f"tensorflow {tf.__version__ if hasattr(tf, '__version__') else tf.VERSION} compat.v1 graph mode",
        "cases": {}}
    for name in names:
        expected["cases"][name] = record(CASES[name], name in REF_VARIABLE_CASES)
    path.write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    print(f"recorded {len(names)} cases")


if __name__ == "__main__":
    main()
