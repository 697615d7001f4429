"""``tf.keras.initializers`` as TF1 graph mode has them: the v1 initializers under Keras's names
(``RandomNormal`` draws with ``stddev=0.05``, ``RandomUniform`` in ``[-0.05, 0.05)``, as TF1 Keras's
v1 classes did) and the strings layers accept (``"glorot_uniform"``, ``"he_normal"``, ``"zeros"``)."""

from __future__ import annotations

from typing import Any

from scopelab import initializers as _init

__all__ = ["get", "Initializer", "Zeros", "Ones", "Constant", "RandomNormal", "RandomUniform",
           "TruncatedNormal", "VarianceScaling", "Orthogonal", "Identity", "GlorotUniform", "GlorotNormal",
           "glorot_uniform", "glorot_normal", "he_normal", "he_uniform", "lecun_normal", "lecun_uniform",
           "zeros", "ones", "constant", "orthogonal", "identity"]

Initializer = _init.Initializer
Zeros, Ones, Constant = _init.Zeros, _init.Ones, _init.Constant
VarianceScaling, Orthogonal, Identity = _init.VarianceScaling, _init.Orthogonal, _init.Identity
GlorotUniform, GlorotNormal = _init.GlorotUniform, _init.GlorotNormal
glorot_uniform, glorot_normal = _init.GlorotUniform, _init.GlorotNormal
he_normal, he_uniform = _init.he_normal, _init.he_uniform
lecun_normal, lecun_uniform = _init.lecun_normal, _init.lecun_uniform
zeros, ones, constant, orthogonal, identity = Zeros, Ones, Constant, Orthogonal, Identity


class RandomNormal(_init.RandomNormal):
    """Keras's default ``stddev`` is 0.05 (TF1's ``random_normal_initializer`` has 1.0)."""

    def __init__(self, mean: Any = 0.0, stddev: Any = 0.05, seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(mean=mean, stddev=stddev, seed=seed, **kwargs)


class RandomUniform(_init.RandomUniform):
    """Keras's default range is ``[-0.05, 0.05)``."""

    def __init__(self, minval: Any = -0.05, maxval: Any = 0.05, seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(minval=minval, maxval=maxval, seed=seed, **kwargs)


class TruncatedNormal(_init.TruncatedNormal):
    def __init__(self, mean: Any = 0.0, stddev: Any = 0.05, seed: int | None = None, **kwargs: Any) -> None:
        super().__init__(mean=mean, stddev=stddev, seed=seed, **kwargs)


_BY_NAME: dict[str, Any] = {
    "zeros": Zeros, "ones": Ones, "constant": Constant, "glorot_uniform": GlorotUniform,
    "glorot_normal": GlorotNormal, "he_normal": he_normal, "he_uniform": he_uniform,
    "lecun_normal": lecun_normal, "lecun_uniform": lecun_uniform, "orthogonal": Orthogonal,
    "identity": Identity, "random_normal": RandomNormal, "random_uniform": RandomUniform,
    "normal": RandomNormal, "uniform": RandomUniform, "truncated_normal": TruncatedNormal,
    "variance_scaling": VarianceScaling,
}


def get(identifier: Any) -> Any:
    """An initializer for ``identifier``: None, a Keras name, a class, or an initializer."""
    if identifier is None:
        return None
    if isinstance(identifier, str):
        key = identifier if identifier in _BY_NAME else _snake(identifier)
        if key not in _BY_NAME:
            raise ValueError(f"Unknown initializer: {identifier!r}. Known names: {sorted(_BY_NAME)}.")
        return _BY_NAME[key]()
    if isinstance(identifier, type):
        return identifier()
    if callable(identifier):
        return identifier
    raise TypeError(f"Could not interpret initializer identifier: {identifier!r}")


def _snake(name: str) -> str:
    out = "".join("_" + c.lower() if c.isupper() else c for c in name)
    return out.lstrip("_")
