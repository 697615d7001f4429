"""``tf.contrib.training``: ``HParams``, defined in :mod:`scopelab.train.hparams`."""

from scopelab.train.hparams import HParams

__all__ = ["HParams"]
