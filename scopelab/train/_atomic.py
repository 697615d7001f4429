"""``all_or_nothing()``: a block that builds several variables (an RNN cell, an optimizer's slots,
moving averages) leaves the store as it found it when it fails half way.

TF1 left the variables made before the error in the graph (a retry then failed with "already
exists"); scopelab's rule is that a failed call leaves no variable, collection entry or loss behind.
Variables from ``get_variable`` are undone by the store's journal; plain ``tf.Variable`` objects
(``beta1_power``) and collection entries by restoring the collections. Op names stay taken: ops
already built keep their names, as in TF.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from scopelab.store import get_default_store

__all__ = ["all_or_nothing"]


@contextlib.contextmanager
def all_or_nothing() -> Iterator[None]:
    store = get_default_store()
    before = {key: list(store.get_collection_ref(key)) for key in store.collection_keys()}
    try:
        with store.atomic():
            yield
    except BaseException:
        for key in store.collection_keys():
            if key in before:
                store.get_collection_ref(key)[:] = before[key]
            else:
                store.clear_collection(key)
        raise
