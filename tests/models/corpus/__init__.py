"""A corpus of TF1-era model definitions, written for scopelab (our own code, in the styles of the
well-known TF1 projects and tutorials), each a function of a ``tf`` module.

The same source runs under TensorFlow's ``tf.compat.v1`` in graph mode (``record_tf.py`` records what
TF builds) and under scopelab (``test_models_tf1.py`` replays it and compares). A model function
takes ``tf`` and ``py`` (the ``tensorflow.python`` internals TF1 code imported directly, today only
``py.moving_averages``) and returns a dict:

``outputs``      name -> tensor: static shape, dtype and tensor name are recorded
``values``       keys of ``outputs`` whose numbers are recorded for fixed inputs (optional)
``feeds``        placeholder -> NumPy array used when recording values (optional)
``optimizers``   optimizers whose slot variables are recorded (optional)
``collections``  names of the model's own (custom) collections to record (optional)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Model:
    name: str
    style: str            # which TF1-era project or tutorial style it is written in
    build: Callable[[Any, Any], dict]


MODELS: dict[str, Model] = {}


def model(name: str, style: str):
    def register(build):
        if name in MODELS:
            raise ValueError(f"model {name!r} registered twice")
        MODELS[name] = Model(name, style, build)
        return build
    return register


from corpus import attention, idioms, keras_style, sequence, vision  # noqa: F401 - registers the models
