"""Record what TensorFlow 1.x graph mode observes for one file of cases.

Developer tool, never run by the test suite (the project must not depend on TensorFlow). It needs
TF 2.15 with Keras 2, where ``tf.compat.v1.nn.rnn_cell`` and the v1 optimizers still work (and
tensorflow-addons 0.23 for ``tf.contrib.seq2seq.sequence_loss``, which TF 2.x moved there):
    /work/tf215/bin/python tests/rnn/record_tf.py tests/rnn/rnn_cases.py [case ...]
    /work/tf215/bin/python tests/rnn/record_tf.py tests/train/train_cases.py [case ...]
Each cases file defines ``CASES``; ``tf1_harness.py`` (here) runs them, and the observations go
to ``tf1_expected.json`` (or the file its ``EXPECTED_FILE`` names) next to the cases file (with case names given, only those are redone).
"""

import importlib.util
import json
import os
import pathlib
import sys
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")

import tensorflow.compat.v1 as tf

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE))
from tf1_harness import record_in_session

tf.disable_v2_behavior()
tf.logging.set_verbosity(tf.logging.ERROR)


def _extra() -> dict:
    """TF1's contrib functions that TF 2.15 keeps elsewhere (tensorflow_addons, if installed)."""
    try:
        import tensorflow_addons as tfa
    except ImportError:
        return {}
    return {"seq2seq_sequence_loss": tfa.seq2seq.sequence_loss}


EXTRA = _extra()


def record(source: str) -> list:
    return record_in_session(source, tf, EXTRA)


def main(cases_file: str) -> None:
    cases_path = pathlib.Path(cases_file).resolve()
    folder_path = cases_path.parent
    spec = importlib.util.spec_from_file_location(cases_path.stem, cases_path)
    cases = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cases)
    only = set(sys.argv[2:])
    target = folder_path / getattr(cases, "EXPECTED_FILE", "tf1_expected.json")
    recorded = json.loads(target.read_text())["cases"] if only and target.exists() else {}
    for name, source in cases.CASES.items():
        if not only or name in only:
            recorded[name] = record(source)
            print("recorded", name)
    expected = {"recorded_with": f"tensorflow {tf.__version__} compat.v1 graph mode",
                "cases": {name: recorded[name] for name in cases.CASES if name in recorded}}
    target.write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    print(f"recorded {len(expected['cases'])} cases into {target}")


if __name__ == "__main__":
    main(sys.argv[1])
