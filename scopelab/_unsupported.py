"""TF1 names that scopelab knows about and does not provide: the ``AttributeError`` a module's
``__getattr__`` raises says why and what to write instead, or suggests the close name it has.

scopelab reproduces variable scoping and the model definitions that create variables; input
pipelines, training loops and a few op families are outside it. TF1 code that reaches one of them
should fail with a sentence a learner can act on, not a bare "has no attribute".
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

_PIPELINE = ("input pipelines are outside scopelab (it builds variables and runs model "
             "definitions): feed batches through tf.placeholder and "
             "sess.run(fetches, feed_dict={placeholder: array})")
_TRAINING = ("scopelab does not train (optimizers create their slot variables, and running a "
             "train op explains this): build the graph and inspect its variables, or run the "
             "forward pass with tf.Session().run")
_SPARSE = ("sparse tensors are not implemented: use dense tensors (tf.one_hot, tf.gather, "
           "tf.nn.embedding_lookup)")

# (module as TF1 code spells it, attribute) -> why it is missing and what to do instead
_KNOWN: dict[tuple[str, str], str] = {
    ("tf", "data"): f"tf.data: {_PIPELINE}",
    ("tf", "estimator"): f"tf.estimator: {_TRAINING}; call your model_fn's body directly",
    ("tf", "distributions"): "tf.distributions is not implemented: write the density with tf ops",
    ("tf", "TensorArray"): "tf.TensorArray is not implemented: tf.map_fn, tf.scan and "
                           "tf.nn.dynamic_rnn cover the loops that model code writes with it",
    ("tf", "SparseTensor"): f"tf.SparseTensor: {_SPARSE}",
    ("tf", "sparse_placeholder"): f"tf.sparse_placeholder: {_SPARSE}",
    ("tf", "sparse_tensor_to_dense"): f"tf.sparse_tensor_to_dense: {_SPARSE}",
    ("tf", "py_function"): "tf.py_function is TF2's: in TF1 graph code use tf.py_func",
    ("tf", "batch_matmul"): "tf.batch_matmul was removed before TF1.0: tf.matmul multiplies batches",
    ("tf.train", "MonitoredTrainingSession"): f"tf.train.MonitoredTrainingSession: {_TRAINING}",
    ("tf.train", "Coordinator"): f"tf.train.Coordinator: {_PIPELINE}",
    ("tf.train", "start_queue_runners"): f"tf.train.start_queue_runners: {_PIPELINE}",
    ("tf.train", "string_input_producer"): f"tf.train.string_input_producer: {_PIPELINE}",
    ("tf.train", "batch"): f"tf.train.batch: {_PIPELINE}",
    ("tf.train", "shuffle_batch"): f"tf.train.shuffle_batch: {_PIPELINE}",
    ("tf.train", "Scaffold"): f"tf.train.Scaffold: {_TRAINING}",
    ("tf.train", "SessionRunHook"): f"tf.train.SessionRunHook: {_TRAINING}",
    ("tf.train", "LoggingTensorHook"): f"tf.train.LoggingTensorHook: {_TRAINING}",
    ("tf.train", "StopAtStepHook"): f"tf.train.StopAtStepHook: {_TRAINING}",
    ("tf.train", "CheckpointSaverHook"): f"tf.train.CheckpointSaverHook: {_TRAINING}; save with "
                                         "tf.train.Saver().save(sess, path)",
    ("tf.train", "Checkpoint"): "tf.train.Checkpoint is TF2's object-based format: TF1 code "
                                "saves with tf.train.Saver, which scopelab provides",
    ("tf.nn", "ctc_loss"): "tf.nn.ctc_loss is not implemented",
    ("tf.nn", "embedding_lookup_sparse"): f"tf.nn.embedding_lookup_sparse: {_SPARSE}",
}


def missing(module: str, name: str, present: Iterable[str]) -> AttributeError:
    """The error for ``module.name`` (``module`` as TF1 code spells it: ``"tf"``, ``"tf.train"``),
    ``present`` the names the module has (for a did-you-mean)."""
    known = _KNOWN.get((module, name))
    if known is not None:
        return AttributeError(f"module {module!r} has no attribute {name!r}: {known}.")
    close = difflib.get_close_matches(name, [p for p in present if not p.startswith("_")], n=3)
    hint = f" Did you mean {' or '.join(f'{module}.{c}' for c in close)}?" if close else ""
    return AttributeError(f"module {module!r} has no attribute {name!r}.{hint}")
