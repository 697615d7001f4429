"""Record what TensorFlow 1.x graph mode does for every case in ``cases.py`` (developer tool, never
run by the tests). Same TensorFlow and the same ``tf.contrib`` substitution (tf-slim) as
``tests/models/record_tf.py``:

    /work/tf215/bin/python tests/layers/record_tf.py     # rewrites tests/layers/tf1_layers.json
"""

import json
import pathlib
import sys

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "models"))
sys.path.insert(0, str(HERE))
from _load import CASES, load, run_case

_models_recorder = load("models_record_tf", HERE.parent / "models" / "record_tf.py")
SESSION_CONFIG, TF, tf1 = _models_recorder.SESSION_CONFIG, _models_recorder.TF, _models_recorder.tf1


def record(source: str) -> list:
    graph = tf1.Graph()
    with graph.as_default():
        session = tf1.Session(graph=graph, config=SESSION_CONFIG)
        initialized = set()

        def evaluate(x):
            fresh = [v for v in tf1.global_variables() if v.name not in initialized]
            if fresh:
                session.run(tf1.variables_initializer(fresh))
                initialized.update(v.name for v in fresh)
            return session.run(x)

        try:
            return run_case(source, TF, evaluate)
        finally:
            session.close()


def main() -> None:
    expected = {"recorded_with": f"tensorflow {tf1.__version__} compat.v1 graph mode (tf.contrib.layers = tf-slim)",
                "cases": {name: record(src) for name, src in CASES.items()}}
    (HERE / "tf1_layers.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    print(f"recorded {len(CASES)} cases")


if __name__ == "__main__":
    main()
