"""TF's checkpoint format (V2 tensor bundles) read and written with NumPy, no TensorFlow.

``CheckpointReader`` reads a checkpoint prefix (or a V1 checkpoint's file or file pattern, through
:mod:`._v1`); ``BundleWriter`` writes V2 only; :mod:`.state` keeps
the folder's ``checkpoint`` file; :mod:`.compare` matches a checkpoint's names against a graph's.
The TF1 API on top (``tf.train.Saver``, ``list_variables``, ``init_from_checkpoint`` …) lives in
:mod:`scopelab.train`. google-crc32c is imported on the first read or write, not here.
"""

from scopelab.checkpoint.reader import CheckpointReader, TensorInfo, data_filename

__all__ = ["CheckpointReader", "TensorInfo", "data_filename"]
