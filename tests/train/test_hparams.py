"""``HParams`` (``tf.contrib.training.HParams``): TF1's typing, parsing and JSON rules.

TF 2.x no longer ships HParams, so these pin the TF1 behaviour documented in its source and docs
(``tensorflow/contrib/training/python/training/hparam.py``).
"""

from __future__ import annotations

import json

import pytest

from scopelab.train.hparams import HParams


def test_values_types_and_attributes() -> None:
    hp = HParams(learning_rate=0.1, num_layers=2, cell="lstm", layer_sizes=[64, 32], residual=False)
    assert hp.learning_rate == 0.1 and hp.num_layers == 2 and hp.layer_sizes == [64, 32]
    assert hp.values() == {"learning_rate": 0.1, "num_layers": 2, "cell": "lstm",
                           "layer_sizes": [64, 32], "residual": False}
    assert "cell" in hp and "dropout" not in hp
    assert str(hp) == str(sorted(hp.values().items()))
    assert repr(hp).startswith("HParams([('cell', 'lstm')")


def test_parse_casts_to_the_existing_types() -> None:
    hp = HParams(learning_rate=0.1, num_layers=2, cell="lstm", layer_sizes=[64, 32], residual=False)
    same = hp.parse("learning_rate=3,num_layers=4, cell=gru,layer_sizes=[8,16,32],residual=true")
    assert same is hp
    assert hp.learning_rate == 3.0 and isinstance(hp.learning_rate, float)   # int -> float is fine
    assert hp.num_layers == 4 and hp.cell == "gru" and hp.layer_sizes == [8, 16, 32]
    assert hp.residual is True
    hp.parse("residual=0,layer_sizes[1]=5")
    assert hp.residual is False and hp.layer_sizes == [8, 5, 32]


@pytest.mark.parametrize(("text", "phrase"), [
    ("num_layers=2.5", "Could not parse hparam 'num_layers' of type 'int' with value '2.5'"),
    ("unknown=1", "Unknown hyperparameter type for unknown"),
    ("num_layers=1,num_layers=2", "Multiple assignments to variable 'num_layers'"),
    ("=3", "Malformed hyperparameter value: =3"),
    ("residual=maybe", "Could not parse hparam 'residual' of type 'bool'"),
    ("layer_sizes[7]=1", "Index 7 of hparam 'layer_sizes' is out of range"),
])
def test_parse_errors(text: str, phrase: str) -> None:
    hp = HParams(num_layers=2, residual=False, layer_sizes=[1, 2])
    before = hp.values()
    with pytest.raises(ValueError, match=None) as info:
        hp.parse(text)
    assert phrase in str(info.value)
    assert hp.values() == before


@pytest.mark.parametrize(("name", "value", "phrase"), [
    ("num_layers", 2.5,
     "Could not cast hparam 'num_layers' of type '<class 'int'>' from value 2.5"),
    ("cell", 3, "Could not cast hparam 'cell'"),
    ("residual", 1, "Could not cast hparam 'residual'"),
    ("num_layers", [1, 2], "Must not pass a list for single-valued parameter: num_layers"),
    ("layer_sizes", 3, "Must pass a list for multi-valued parameter: layer_sizes."),
])
def test_set_hparam_refuses_what_tf1_refused(name: str, value: object, phrase: str) -> None:
    hp = HParams(num_layers=2, cell="lstm", residual=False, layer_sizes=[1, 2])
    with pytest.raises(ValueError) as info:
        hp.set_hparam(name, value)
    assert phrase in str(info.value)


def test_add_del_and_reserved_names() -> None:
    hp = HParams(a=1)
    hp.add_hparam("b", [0.5, 1.5])
    assert hp.b == [0.5, 1.5]
    with pytest.raises(ValueError, match="Hyperparameter name is reserved: values"):
        hp.add_hparam("values", 1)
    with pytest.raises(ValueError, match="Multi-valued hyperparameters cannot be empty: c"):
        hp.add_hparam("c", [])
    hp.del_hparam("a")
    assert hp.values() == {"b": [0.5, 1.5]}
    with pytest.raises(KeyError):
        hp.set_hparam("a", 2)


def test_override_json_and_get() -> None:
    hp = HParams(lr=0.1, steps=10, name="run", activation=abs)
    hp.override_from_dict({"lr": 0.5, "steps": 20})
    assert (hp.lr, hp.steps) == (0.5, 20)
    assert json.loads(hp.to_json(sort_keys=True)) == {"lr": 0.5, "name": "run", "steps": 20}
    hp.parse_json('{"name": "second"}')
    assert hp.name == "second"
    assert hp.get("steps") == 20 and hp.get("missing", 7) == 7
    with pytest.raises(ValueError, match="Hparam 'steps' of type '<class 'int'>' is incompatible"):
        hp.get("steps", "ten")


def test_hparam_def_protobuf_is_explained() -> None:
    with pytest.raises(NotImplementedError, match="keyword arguments"):
        HParams(hparam_def=object())
