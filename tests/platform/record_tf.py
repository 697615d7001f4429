"""Record what TensorFlow's ``tf.compat.v1`` script plumbing does (platform_cases.py).

Developer tool, never run by the test suite (the project must not depend on TensorFlow):
    /work/tfenv/bin/python tests/platform/record_tf.py      # rewrites tf_recorded.json
"""

import json
import os
import pathlib
import sys
import tempfile

import tensorflow.compat.v1 as tf

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE))
from platform_cases import observe_flags, observe_gfile, observe_logging

tf.disable_v2_behavior()


def main() -> None:
    home = os.getcwd()
    with tempfile.TemporaryDirectory() as root:
        os.chdir(root)
        try:
            gfile = observe_gfile(tf)
        finally:
            os.chdir(home)
    recorded = {"recorded_with": f"tensorflow {tf.__version__} compat.v1",
                "gfile": gfile, "flags": observe_flags(tf), "logging": observe_logging(tf)}
    (HERE / "tf_recorded.json").write_text(json.dumps(recorded, indent=1) + "\n")


if __name__ == "__main__":
    main()
