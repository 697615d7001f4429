"""Record what TensorFlow 1.x graph mode builds for every model of the corpus (developer tool, never
run by the tests: the project does not depend on TensorFlow).

    /work/tf215/bin/python tests/models/record_tf.py     # rewrites tests/models/tf1_models.json

Recorded with TensorFlow 2.15's ``tf.compat.v1`` with v2 behaviour disabled (graph mode, v1
TensorShape), where ``tf.compat.v1.layers`` and ``tf.compat.v1.nn.rnn_cell`` still build TF1's
variables. TF 2.x has no ``tf.contrib``; it is substituted HERE (``_contrib`` below):
``tf.contrib.layers``, ``tf.contrib.framework`` and ``tf.contrib.slim`` are tf-slim (the package
TF's contrib.layers and slim became, same scope and variable names) and ``tf.contrib.rnn`` is ``tf.compat.v1.nn.rnn_cell`` plus ``static_rnn`` and friends (the
same classes TF 1.15's contrib.rnn re-exported). TF 2.15's lazy loader looks for Keras's legacy
layers in ``tf_keras.legacy_tf_layers``, which tf-slim's batch_norm needs; they are aliased to the
Keras that ``tf.compat.v1.layers`` itself uses, so both share one implementation, and tf-slim's
``ops.Tensor`` (moved in TF 2.x) is pointed at its new home.
"""

import json
import pathlib
import sys
from types import SimpleNamespace

import keras
import keras.src.legacy_tf_layers as _legacy_layers
import keras.src.legacy_tf_layers.normalization as _legacy_normalization

sys.modules["tf_keras.legacy_tf_layers"] = _legacy_layers
sys.modules["tf_keras.legacy_tf_layers.normalization"] = _legacy_normalization

import tensorflow.compat.v1 as tf1
from tensorflow.python.framework import ops as _tf_ops, tensor as _tf_tensor

if not hasattr(_tf_ops, "Tensor"):     # tf-slim 1.1 still looks for the class where TF 1.x kept it
    _tf_ops.Tensor = _tf_tensor.Tensor

import tf_slim
from tensorflow.core.protobuf import rewriter_config_pb2
from tensorflow.python.training import moving_averages

tf1.disable_v2_behavior()
# tf.keras in TF 2.15 is Keras 2.15 (not Keras 3), which graph mode runs through its v1 layer base;
# TF 1.15 shipped Keras 2.2.4-tf, whose layers name their weights the same way (name scopes).
_keras_version = keras.__version__

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE))
from corpus import MODELS
from model_harness import build, compute_values, observe


class _Facade:
    """``tf.compat.v1`` with a ``contrib`` attribute, as TF 1.15's ``tf`` module had."""

    def __init__(self, base, **extra):
        self._base, self._extra = base, extra

    def __getattr__(self, name):
        if name in self._extra:
            return self._extra[name]
        return getattr(self._base, name)


_rnn = _Facade(tf1.nn.rnn_cell, static_rnn=tf1.nn.static_rnn,
               static_bidirectional_rnn=tf1.nn.static_bidirectional_rnn)
_contrib = SimpleNamespace(layers=tf_slim, framework=tf_slim, slim=tf_slim, rnn=_rnn)
TF = _Facade(tf1, contrib=_contrib)
PY = SimpleNamespace(moving_averages=moving_averages)
# Grappler's constant folding crashes TF 2.15 on some of these graphs (a protobuf CHECK failure on a
# Const node); the graph rewrites change no numbers that matter here, so they are switched off.
SESSION_CONFIG = tf1.ConfigProto(graph_options=tf1.GraphOptions(
    rewrite_options=rewriter_config_pb2.RewriterConfig(disable_meta_optimizer=True)))


def record(model) -> dict:
    graph = tf1.Graph()
    with graph.as_default():
        tf1.set_random_seed(0)
        spec = build(TF, PY, model)
        observed = observe(TF, spec)
        observed["style"] = model.style
        observed["values"] = compute_values(TF, spec, SESSION_CONFIG)
    return observed


def main(names=None) -> None:
    path = HERE / "tf1_models.json"
    previous = json.loads(path.read_text())["models"] if path.exists() else {}
    models = {name: MODELS[name] for name in (names or MODELS)}
    recorded = dict(previous, **{name: record(m) for name, m in models.items()})
    recorded = {name: recorded[name] for name in MODELS if name in recorded}
    path.write_text(json.dumps({"recorded_with": f"tensorflow {tf1.__version__} compat.v1 graph mode "
                                "(v2 behaviour disabled; tf.contrib.layers = tf-slim "
                                f"{tf_slim.__version__ if hasattr(tf_slim, '__version__') else ''}; "
                                f"tf.keras = Keras {_keras_version})",
                                "models": recorded}, indent=1, sort_keys=True) + "\n")
    print(f"recorded {len(models)} models ({len(recorded)} in the file)")


if __name__ == "__main__":
    main(sys.argv[1:])
