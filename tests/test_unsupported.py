"""TF1 names scopelab does not provide fail with a sentence a learner can act on."""

import pytest

import scopelab as tf


@pytest.mark.parametrize("module, name, phrase", [
    (tf, "data", "feed_dict"),
    (tf, "estimator", "does not train"),
    (tf, "SparseTensor", "sparse tensors are not implemented"),
    (tf.train, "MonitoredTrainingSession", "does not train"),
    (tf.train, "shuffle_batch", "tf.placeholder"),
    (tf.train, "Checkpoint", "tf.train.Saver"),
    (tf.nn, "embedding_lookup_sparse", "tf.nn.embedding_lookup"),
])
def test_known_missing_names_say_why_and_what_instead(module, name, phrase):
    with pytest.raises(AttributeError) as info:
        getattr(module, name)
    assert f"has no attribute {name!r}" in str(info.value)
    assert phrase in str(info.value)
    assert not hasattr(module, name)          # hasattr and getattr(..., default) still work


@pytest.mark.parametrize("module, spelled, wanted", [
    (tf, "get_varible", "tf.get_variable"),
    (tf.train, "AdamOptimiser", "tf.train.AdamOptimizer"),
    (tf.nn, "rleu", "tf.nn.relu"),
])
def test_a_misspelt_name_gets_a_did_you_mean(module, spelled, wanted):
    with pytest.raises(AttributeError, match="Did you mean") as info:
        getattr(module, spelled)
    assert wanted in str(info.value)


def test_an_unknown_name_is_a_plain_attribute_error():
    name = "zzz_not_a_tf_name"
    with pytest.raises(AttributeError) as info:
        getattr(tf, name)
    assert str(info.value) == "module 'tf' has no attribute 'zzz_not_a_tf_name'."


def test_importing_a_missing_name_is_an_import_error():
    with pytest.raises(ImportError):
        from scopelab import data  # noqa: F401 - the import is what is tested
