"""TF1's script plumbing (``tf.logging``, ``tf.app``, ``tf.flags``, ``tf.gfile``): thin layers over
Python's ``logging``, a small flag parser and the local filesystem (L0, over ``errors/``).

TF1 scripts call these at import time (``tf.logging.set_verbosity``, ``tf.app.flags.DEFINE_*``,
``tf.gfile.MakeDirs``), so they must exist even where they do nothing interesting.
"""

from scopelab.platform import app, flags, gfile, tf_logging

__all__ = ["app", "flags", "gfile", "tf_logging"]
