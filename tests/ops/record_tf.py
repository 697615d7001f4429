"""Record what TensorFlow (``tf.compat.v1`` graph mode) observes for every case in ops_cases.py.

Developer tool, never run by the test suite (the project must not depend on TensorFlow):
    /work/tfenv/bin/python tests/ops/record_tf.py      # rewrites tf_recorded.json
"""

import json
import pathlib
import sys

import tensorflow.compat.v1 as tf

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE))
from ops_cases import CASES
from ops_harness import run_case

tf.disable_v2_behavior()


def record(source: str) -> list:
    graph = tf.Graph()
    with graph.as_default():
        session = tf.Session(graph=graph)
        initialized = set()

        def run(fetches, feed):
            fresh = [v for v in tf.global_variables() + tf.local_variables()
                     if v.name not in initialized]
            if fresh:
                session.run(tf.variables_initializer(fresh))
                initialized.update(v.name for v in fresh)
            return session.run(fetches, feed_dict=feed)

        try:
            return run_case(source, tf, session, run)
        finally:
            session.close()


def main() -> None:
    names = sys.argv[1:] or sorted(CASES)
    path = HERE / "tf_recorded.json"
    old = json.loads(path.read_text())["cases"] if path.exists() and sys.argv[1:] else {}
    old.update({name: record(CASES[name]) for name in names})
    expected = {"recorded_with": f"tensorflow {tf.__version__} compat.v1 graph mode",
                "cases": {name: old[name] for name in sorted(old) if name in CASES}}
    path.write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    print(f"recorded {len(names)} cases")


if __name__ == "__main__":
    main()
