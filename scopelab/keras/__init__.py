"""``tf.keras`` as TF1 graph mode builds it (model code beside ``tf.layers``).

Keras layers in TF1 graph code name their weights by the *name scope* of their first call and make
them with ``tf.Variable`` (so ``variable_scope(reuse=True)`` shares nothing); ``_engine.py`` lists
the rules, recorded with TF 2.15's Keras 2.15 (``tests/models/record_tf.py``). Implemented: the
common layers (``layers.py``), ``Input`` / ``Model`` / ``Sequential`` (``models.py``), initializers,
regularizers, activations and the backend basics. Training APIs and the recurrent layers raise
``NotImplementedError`` naming what is missing.
"""

from scopelab.keras import activations, backend, initializers, layers, models, regularizers
from scopelab.keras.models import Input, Model, Sequential

#: TF 1.15's ``tf.keras.__version__``; the names were recorded with Keras 2.15 (TF 2.15).
__version__ = "2.2.4-tf"

__all__ = ["layers", "models", "initializers", "regularizers", "activations", "backend", "Input", "Model",
           "Sequential", "__version__"]
