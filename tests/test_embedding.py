"""embedding_lookup (spec §9): mod/div layouts, TF1 permutation, issue #19265, max_norm, errors."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from scopelab import nn
from scopelab.embedding import embedding_lookup, route_ids
from scopelab.errors import EmbeddingLookupError
from scopelab.partitioners import iter_slices

TABLE = np.arange(13 * 2, dtype=np.float32).reshape(13, 2)  # row i = [2i, 2i + 1]
IDS = np.arange(13)


def _contiguous_shards(table, k):
    return [table[o[0]:o[0] + s[0]] for o, s in iter_slices(list(table.shape), k, 0)]


class _Shard:
    def __init__(self, value):
        self.value = np.asarray(value)

    def __array__(self, dtype=None, copy=None):
        return self.value


class _PartitionedLike:
    """Duck-typed PartitionedVariable: iterates its shards in order."""

    def __init__(self, shards):
        self._shards = [_Shard(s) for s in shards]

    def __iter__(self):
        return iter(self._shards)

    def _get_variable_list(self):
        return list(self._shards)


def test_mod_layout_13_ids_over_5_shards():
    mod_shards = [TABLE[p::5] for p in range(5)]
    assert [[int(r[0]) // 2 for r in s] for s in mod_shards] == \
        [[0, 5, 10], [1, 6, 11], [2, 7, 12], [3, 8], [4, 9]]
    np.testing.assert_array_equal(embedding_lookup(mod_shards, IDS), TABLE)
    np.testing.assert_array_equal(embedding_lookup(mod_shards, IDS, "mod"), TABLE)


def test_div_layout_13_ids_over_5_shards_is_gather_on_the_concatenation():
    div_shards = _contiguous_shards(TABLE, 5)
    assert [[int(r[0]) // 2 for r in s] for s in div_shards] == \
        [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10], [11, 12]]
    ids = np.array([12, 0, 7, 7, 3, 11, 9])
    np.testing.assert_array_equal(embedding_lookup(div_shards, ids, "div"), TABLE[ids])


def test_mod_on_get_variable_shards_is_the_tf1_permutation():
    """The classic mismatch: 'mod' on contiguous shards reads row offset[i % 5] + i // 5."""
    shards = _contiguous_shards(TABLE, 5)
    got = embedding_lookup(shards, IDS, "mod")
    permutation = [0, 3, 6, 9, 11, 1, 4, 7, 10, 12, 2, 5, 8]
    np.testing.assert_array_equal(got, TABLE[permutation])
    assert not np.array_equal(got, TABLE)


def test_partitioned_variable_and_variable_like_params():
    pv = _PartitionedLike(_contiguous_shards(TABLE, 3))
    np.testing.assert_array_equal(embedding_lookup(pv, IDS, partition_strategy="div"), TABLE)
    np.testing.assert_array_equal(embedding_lookup(_Shard(TABLE), [4, 2]), TABLE[[4, 2]])
    np.testing.assert_array_equal(embedding_lookup((TABLE,), [1]), TABLE[[1]])


def test_uneven_hand_made_div_shards_reproduce_tf_issue_19265():
    table = np.arange(6, dtype=np.float32).reshape(6, 1)
    shards = [table[:4], table[4:]]  # sizes 4 and 2; 'div' assumes 3 and 3
    got = embedding_lookup(shards, [0, 1, 2, 3, 4], "div")
    np.testing.assert_array_equal(got.ravel(), [0, 1, 2, 4, 5])  # id 3 -> shard 1 row 0 (TF)
    with pytest.raises(EmbeddingLookupError, match=r"routes to shard 1 row 2 \(indices\[0\] = 2 "
                                                   r"is not in \[0, 2\)\)") as err:
        embedding_lookup(shards, [5], "div")
    assert "19265" in str(err.value)


def test_multi_dimensional_ids_and_rows():
    table = np.arange(5 * 2 * 3, dtype=np.float64).reshape(5, 2, 3)
    ids = np.array([[4, 0, 1], [2, 2, 3]])
    got = embedding_lookup(_contiguous_shards(table, 2), ids, "div")
    assert got.shape == (2, 3, 2, 3) and got.dtype == np.float64
    np.testing.assert_array_equal(got, table[ids])


def test_max_norm_clips_each_embedding():
    table = np.array([[3.0, 4.0], [0.3, 0.4], [0.0, 0.0]], dtype=np.float32)
    got = embedding_lookup(table, [0, 1, 2], max_norm=1.0)
    np.testing.assert_allclose(got, [[0.6, 0.8], [0.3, 0.4], [0.0, 0.0]], rtol=1e-6)
    assert got.dtype == np.float32


def test_max_norm_over_trailing_axes_of_matrix_rows():
    table = np.ones((2, 2, 2), dtype=np.float64)  # each embedding has norm 2
    got = embedding_lookup([table[:1], table[1:]], [[0, 1]], "div", max_norm=1.0)
    np.testing.assert_allclose(np.sqrt((got ** 2).sum(axis=(2, 3))), [[1.0, 1.0]])


def test_single_shard_ignores_strategy():
    np.testing.assert_array_equal(embedding_lookup([TABLE], [3], "bogus"), TABLE[[3]])


@pytest.mark.parametrize("params, ids, strategy, error, message", [
    (None, [0], "mod", EmbeddingLookupError, "params must be specified"),
    ([], [0], "mod", EmbeddingLookupError, "Need at least one param"),
    ((), [0], "mod", EmbeddingLookupError, "Need at least one param"),
    ([TABLE[:6], TABLE[6:]], [0], "range", EmbeddingLookupError,
     "Unrecognized partition strategy: range"),
    ([TABLE], [0.0], "mod", TypeError, "ids must be int32 or int64"),
    ([TABLE], [13], "mod", EmbeddingLookupError, r"Id 13 at position 0 is out of range for 13 "
                                                 r"rows"),
    ([TABLE], [1, -1], "mod", EmbeddingLookupError, "Id -1 at position 1"),
    ([TABLE[:7], TABLE[7:]], [13], "mod", EmbeddingLookupError, "out of range"),
    ([TABLE[:7], TABLE[7:]], [40], "div", EmbeddingLookupError, "only 2 shards"),
    ([TABLE[:7], np.ones((6, 3))], [1], "div", EmbeddingLookupError, "same row shape"),
    ([np.float32(1.0)], [0], "mod", EmbeddingLookupError, "scalar"),
])
def test_errors(params, ids, strategy, error, message):
    with pytest.raises(error, match=message):
        embedding_lookup(params, ids, strategy)


def test_nn_reexports():
    table = np.arange(12.0, dtype=np.float32).reshape(6, 2)
    ids = np.array([[5, 0], [2, 2]])
    np.testing.assert_array_equal(nn.embedding_lookup(table, ids), embedding_lookup(table, ids))
    assert float(nn.l2_loss(np.array([2.0]))) == 2.0


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 200), st.data(), st.sampled_from(["mod", "div"]))
def test_routing_is_a_bijection_onto_get_variable_shards(n, data, strategy):
    k = data.draw(st.integers(1, n))
    rows = [s[0] for _, s in iter_slices([n], k, 0)]
    shard, row = route_ids(np.arange(n), rows, strategy)
    assert np.all(row >= 0) and np.all(row < np.asarray(rows)[shard])
    pairs = set(zip(shard.tolist(), row.tolist()))
    assert len(pairs) == n  # every id its own slot, every slot used
    if strategy == "div":  # div agrees with the concatenated layout
        offsets = np.cumsum([0] + rows[:-1])
        np.testing.assert_array_equal(offsets[shard] + row, np.arange(n))
