"""split / concat / embedding_gather / dynamic_partition / dynamic_stitch against NumPy and TF1 rules."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import numpy_oracle as oracle
import scopelab.kernels as K
from scopelab.errors import EmbeddingLookupError, InvalidArgumentError
from scopelab.kernels import _cpu_copy, _cpu_target


@pytest.fixture(params=["serial", "parallel"])
def path(request, monkeypatch):
    if request.param == "parallel":
        monkeypatch.setattr(_cpu_target, "SERIAL_BELOW", 0)
    return request.param


def _tf_sizes(n: int, k: int) -> list:
    """TF1 ``_iter_slices``: the first n % k shards get one extra row."""
    return [n // k + (1 if i < n % k else 0) for i in range(k)]


@settings(max_examples=60, deadline=None)
@given(shape=st.lists(st.integers(1, 6), min_size=1, max_size=4),
       data=st.data(),
       dtype=st.sampled_from(["float32", "float64", "int8", "int16", "complex64", "bool"]))
def test_split_then_concat_is_identity(shape, data, dtype):
    axis = data.draw(st.integers(0, len(shape) - 1))
    k = data.draw(st.integers(1, shape[axis]))
    value = (np.arange(np.prod(shape)).reshape(shape) % 7).astype(dtype)
    sizes = _tf_sizes(shape[axis], k)
    shards = K.split(value, sizes, axis)
    for got, want in zip(shards, oracle.split(value, sizes, axis)):
        assert got.dtype == value.dtype and got.flags.c_contiguous
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(K.concat(shards, axis), value)


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_split_concat_large_views(axis, path):
    value = np.random.default_rng(0).standard_normal((40, 33, 50)).astype(np.float32)
    sizes = _tf_sizes(value.shape[axis], 4)
    shards = K.split(value, sizes, axis)
    assert [s.shape[axis] for s in shards] == sizes
    np.testing.assert_array_equal(K.concat(shards, axis), value)


@pytest.mark.parametrize("sizes", [[7], [3, 4], [2, 2, 2, 1], [2, 0, 2, 1, 2], [1] * 7 + [0, 0]])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int8", "complex128"])
def test_split_concat_any_shard_count_on_the_fused_path(sizes, dtype, path):
    """More shards than one fused pass takes (padded groups), zero-width shards, every item size."""
    value = (np.arange(30 * 7 * 3).reshape(30, 7, 3) % 101).astype(dtype)
    shards = K.split(value, sizes, 1)
    for got, want in zip(shards, oracle.split(value, sizes, 1)):
        assert got.flags.c_contiguous
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(K.concat(shards, 1), value)


def test_split_copies_and_handles_zero_sizes_and_non_contiguous_input():
    base = np.arange(24.0).reshape(4, 6)
    value = base[:, ::2]                       # not contiguous
    a, b, c = K.split(value, [0, 1, 2], 1)
    assert a.shape == (4, 0)
    np.testing.assert_array_equal(np.concatenate([b, c], 1), value)
    c[0, 0] = -1
    assert base[0, 2] == 2.0                   # shards are copies


def test_split_and_concat_reject_bad_arguments():
    with pytest.raises(InvalidArgumentError, match="add up to 5"):
        K.split(np.zeros((5, 2)), [2, 2], 0)
    with pytest.raises(InvalidArgumentError, match="out of range"):
        K.split(np.zeros((5, 2)), [5], 2)
    with pytest.raises(InvalidArgumentError, match="expected shape"):
        K.concat([np.zeros((2, 3)), np.zeros((2, 4))], 0)
    with pytest.raises(InvalidArgumentError, match="at least one"):
        K.concat([], 0)


# --- embedding_gather --------------------------------------------------------------------------------
def _div_shards(table: np.ndarray, k: int) -> list:
    return np.split(table, np.cumsum(_tf_sizes(table.shape[0], k))[:-1])


def _mod_shards(table: np.ndarray, k: int) -> list:
    return [table[p::k] for p in range(k)]


@pytest.mark.parametrize("rows, k", [(13, 5), (12, 4), (10, 3), (7, 1), (100, 7)])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "float16"])
def test_div_lookup_equals_gather_on_reassembled_matrix(rows, k, dtype, path):
    table = np.arange(rows * 3, dtype=np.float64).reshape(rows, 3).astype(dtype)
    shards = _div_shards(table, k)
    ids = np.random.default_rng(rows).integers(0, rows, size=(4, 9))
    got = K.embedding_gather(shards, ids, "div")
    assert got.shape == (4, 9, 3) and got.dtype == table.dtype
    np.testing.assert_array_equal(got, np.concatenate(shards)[ids])


@pytest.mark.parametrize("rows, k", [(13, 5), (12, 4), (10, 3), (100, 7)])
def test_mod_lookup_follows_tf1_permutation(rows, k, path):
    table = np.arange(rows * 2, dtype=np.float32).reshape(rows, 2)
    shards = _mod_shards(table, k)      # shard p holds logical rows p, p+k, p+2k, ...
    assert [s.shape[0] for s in shards] == _tf_sizes(rows, k)   # uneven: the TF sizes
    ids = np.random.default_rng(k).integers(0, rows, size=50)
    np.testing.assert_array_equal(K.embedding_gather(shards, ids, "mod"), table[ids])
    np.testing.assert_array_equal(K.embedding_gather(shards, ids, "mod"),
                                  oracle.embedding_gather(shards, ids, "mod"))


def test_mod_on_contiguous_shards_is_the_classic_mismatch():
    """TF1's default 'mod' on get_variable's contiguous shards does not read row i for id i."""
    table = np.arange(13, dtype=np.float32).reshape(13, 1)
    shards = _div_shards(table, 5)
    got = K.embedding_gather(shards, np.arange(13), "mod")[:, 0]
    assert got[1] == 3.0           # id 1 -> shard 1, row 0 -> logical row 3
    assert not np.array_equal(got, table[:, 0])


def test_tf1_routing_example_13_ids_5_shards():
    shard, row = oracle.route_ids(np.arange(13), 5, 13, "mod")
    assert [list(np.flatnonzero(shard == p)) for p in range(5)] == \
        [[0, 5, 10], [1, 6, 11], [2, 7, 12], [3, 8], [4, 9]]
    shard, row = oracle.route_ids(np.arange(13), 5, 13, "div")
    assert [list(np.flatnonzero(shard == p)) for p in range(5)] == \
        [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10], [11, 12]]


def test_single_shard_ignores_strategy_and_empty_ids_work():
    table = np.arange(8.0).reshape(4, 2)
    np.testing.assert_array_equal(K.embedding_gather([table], [3, 0], "anything"), table[[3, 0]])
    assert K.embedding_gather(_div_shards(table, 2), np.zeros((0,), int), "div").shape == (0, 2)


def test_lookup_errors_name_the_problem():
    shards = _div_shards(np.zeros((6, 2)), 2)
    with pytest.raises(EmbeddingLookupError, match=r"id 6 .* ids must be in \[0, 6\)"):
        K.embedding_gather(shards, [1, 6], "div")
    with pytest.raises(EmbeddingLookupError, match="id -1"):
        K.embedding_gather(shards, [-1], "mod")
    with pytest.raises(EmbeddingLookupError, match="Unrecognized partition strategy: cyclic"):
        K.embedding_gather(shards, [0], "cyclic")
    with pytest.raises(EmbeddingLookupError, match="Need at least one param"):
        K.embedding_gather([], [0], "div")
    with pytest.raises(EmbeddingLookupError, match="int32 or int64"):
        K.embedding_gather(shards, [0.5], "div")
    with pytest.raises(EmbeddingLookupError, match="row shape"):
        K.embedding_gather([np.zeros((3, 2)), np.zeros((3, 4))], [0], "div")


def test_unbalanced_div_shards_behave_as_tf1_or_explain():
    """Shards [4, 2]: TF1's 'div' assumes [3, 3]; id 3 reads shard 1 row 0 (tensorflow#19265),
    and an id routed past a short shard's end is explained instead of read out of bounds."""
    a, b = np.arange(8.0).reshape(4, 2), np.arange(8.0, 12.0).reshape(2, 2)
    np.testing.assert_array_equal(K.embedding_gather([a, b], [3], "div"), b[[0]])
    short = [np.zeros((2, 1)), np.zeros((4, 1))]
    with pytest.raises(EmbeddingLookupError, match=r"shard sizes \[3, 3\].*got \[2, 4\]"):
        K.embedding_gather(short, [2], "div")


# --- dynamic_partition / dynamic_stitch ----------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(n=st.integers(0, 40), parts=st.integers(1, 5), inner=st.integers(0, 3), seed=st.integers(0, 99))
def test_dynamic_partition_then_stitch_round_trips(n, parts, inner, seed):
    rng = np.random.default_rng(seed)
    data = rng.standard_normal((n, inner)).astype(np.float32)
    partitions = rng.integers(0, parts, size=n)
    pieces = K.dynamic_partition(data, partitions, parts)
    assert len(pieces) == parts
    for got, want in zip(pieces, oracle.dynamic_partition(data, partitions, parts)):
        np.testing.assert_array_equal(got, want)
    indices = K.dynamic_partition(np.arange(n), partitions, parts)
    if n:
        np.testing.assert_array_equal(K.dynamic_stitch(indices, pieces), data)


def test_dynamic_partition_with_matrix_partitions_and_stitch_overrides():
    data = np.arange(12).reshape(2, 3, 2)
    parts = np.array([[0, 1, 0], [1, 1, 0]])
    p0, p1 = K.dynamic_partition(data, parts, 2)
    np.testing.assert_array_equal(p0, data[parts == 0])
    np.testing.assert_array_equal(p1, data[parts == 1])
    merged = K.dynamic_stitch([np.array([0, 2]), np.array([2, 1])],
                              [np.array([[1, 1], [2, 2]]), np.array([[3, 3], [4, 4]])])
    np.testing.assert_array_equal(merged, [[1, 1], [4, 4], [3, 3]])   # later entries win


def test_partition_and_stitch_reject_bad_input():
    with pytest.raises(InvalidArgumentError, match=r"in \[0, 2\)"):
        K.dynamic_partition(np.zeros(3), np.array([0, 2, 1]), 2)
    with pytest.raises(InvalidArgumentError, match="must start with"):
        K.dynamic_partition(np.zeros(3), np.array([0, 1]), 2)
    with pytest.raises(InvalidArgumentError, match="negative"):
        K.dynamic_stitch([np.array([-1])], [np.array([1.0])])
    with pytest.raises(InvalidArgumentError, match="one data array per index array"):
        K.dynamic_stitch([np.array([0])], [])


@settings(max_examples=300, deadline=None)
@given(n=st.integers(0, 2**52 - 1), d=st.integers(1, 10**7))
def test_reciprocal_division_equals_floor_division(n, d):
    assert _cpu_copy._div(np.int64(n), np.int64(d), 1.0 / d) == n // d
