"""Partitioners (spec §6.1, 6.2, 6.8): formulas, call_partitioner checks in TF order, iter_slices."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from scopelab import dtypes
from scopelab.errors import PartitionAxisError, PartitionerError
from scopelab.partitioners import (
    call_partitioner, fixed_size_partitioner, iter_slices, min_max_variable_partitioner,
    slice_dim_and_num_slices, variable_axis_size_partitioner,
)
from scopelab.tensor_shape import TensorShape


# --- the three partitioners: TF's test tables (spec §6.8, partitioned_variables_test.py) ----------
@pytest.mark.parametrize("shape, dtype, num_shards, axis, expected", [
    ((10, 10), dtypes.float32, 5, 0, [5, 1]),
    ([20], dtypes.int64, 4, 0, [4]),
    ((10, 3), dtypes.float32, 5, 1, [1, 3]),      # capped by the dimension
    ((7, 3), dtypes.float32, 1, 0, [1, 1]),
    ((4, 6), dtypes.float32, 2, -1, [1, 2]),      # Python-style negative axis, as TF's list index
])
def test_fixed_size_partitioner(shape, dtype, num_shards, axis, expected):
    part = fixed_size_partitioner(num_shards, axis=axis)
    assert part(shape=TensorShape(shape), dtype=dtype) == expected


def test_fixed_size_partitioner_accepts_only_shape_keyword():
    assert fixed_size_partitioner(3)(TensorShape([9, 2])) == [3, 1]


def test_fixed_size_partitioner_axis_beyond_rank_is_index_error():
    with pytest.raises(PartitionAxisError) as err:
        fixed_size_partitioner(2, axis=2)(shape=TensorShape([4, 4]), dtype=dtypes.float32)
    assert isinstance(err.value, IndexError) and isinstance(err.value, ValueError)


AXIS_SIZE_TABLE = [  # (4, 8, 16, 32) float32; slice bytes 16384 / 8192 / 4096 / 2048 on axes 0..3
    (0, 131072, None, [1, 1, 1, 1]),
    (1, 65536, None, [1, 1, 1, 1]),
    (2, 32768, None, [1, 1, 2, 1]),
    (3, 2048, None, [1, 1, 1, 32]),
    (3, 1024, None, [1, 1, 1, 32]),
    (3, 1024, 33, [1, 1, 1, 32]),
    (3, 1024, 2, [1, 1, 1, 2]),
]


@pytest.mark.parametrize("axis, max_shard_bytes, max_shards, expected", AXIS_SIZE_TABLE)
def test_variable_axis_size_partitioner_table(axis, max_shard_bytes, max_shards, expected):
    part = variable_axis_size_partitioner(max_shard_bytes, axis=axis, max_shards=max_shards)
    assert part(shape=TensorShape([4, 8, 16, 32]), dtype=dtypes.float32) == expected


def test_variable_axis_size_partitioner_strings_use_bytes_per_string_element():
    part = variable_axis_size_partitioner(32768, axis=3, bytes_per_string_element=8)
    assert part(shape=TensorShape([4, 8, 16, 32]), dtype=dtypes.string) == [1, 1, 1, 4]


def test_variable_axis_size_partitioner_max_shards_zero_means_no_limit():
    part = variable_axis_size_partitioner(2048, axis=3, max_shards=0)
    assert part(shape=TensorShape([4, 8, 16, 32]), dtype=dtypes.float32) == [1, 1, 1, 32]


def test_variable_axis_size_partitioner_float64_counts_element_size():
    part = variable_axis_size_partitioner(32768, axis=2)
    assert part(shape=TensorShape([4, 8, 16, 32]), dtype=dtypes.float64) == [1, 1, 4, 1]


@pytest.mark.parametrize("kwargs, message", [
    (dict(max_shard_bytes=0), "Both max_shard_bytes and bytes_per_string_element must be "
                              "positive."),
    (dict(max_shard_bytes=10, bytes_per_string_element=0),
     "Both max_shard_bytes and bytes_per_string_element must be positive."),
    (dict(max_shard_bytes=10, max_shards=-1), "max_shards must be positive."),
])
def test_variable_axis_size_partitioner_factory_errors(kwargs, message):
    with pytest.raises(PartitionerError) as err:
        variable_axis_size_partitioner(**kwargs)
    assert str(err.value).startswith(message)


def test_variable_axis_size_partitioner_call_errors():
    part = variable_axis_size_partitioner(1024)
    with pytest.raises(PartitionerError, match=r"shape is not a TensorShape: \[4, 4\]"):
        part(shape=[4, 4], dtype=dtypes.float32)
    with pytest.raises(PartitionerError, match=r"shape is not fully defined: \(\?, 4\)"):
        part(shape=TensorShape([None, 4]), dtype=dtypes.float32)
    with pytest.raises(PartitionerError, match="dtype is not a DType: float32"):
        part(shape=TensorShape([4, 4]), dtype="float32")


MIN_MAX_TABLE = [  # (max_partitions, axis, min_slice_size, shape, expected)
    (100, 0, 2 << 10, [2048], [4]),
    (100, 0, 256 << 10, [2048, 1024], [32, 1]),
    (16, 0, 256 << 10, [2048, 1024], [16, 1]),
    (1, 0, 256 << 10, [2048, 1024], [1, 1]),
    (100, 0, 128 << 10, [2048, 1024], [64, 1]),
    (100, 0, 512 << 10, [2048, 1024], [16, 1]),
    (100, 1, 256 << 10, [64, 1024, 1, 3], [1, 3, 1, 1]),
    (100, 3, 256 << 10, [64, 1024, 1, 3], [1, 1, 1, 3]),
    (100, 0, 256 << 10, [16, 128, 1024], [16, 1, 1]),
    (100, 0, 256 << 10, [4, 512, 1024], [4, 1, 1]),
]


@pytest.mark.parametrize("max_partitions, axis, min_slice_size, shape, expected", MIN_MAX_TABLE)
def test_min_max_variable_partitioner_table(max_partitions, axis, min_slice_size, shape,
                                            expected):
    part = min_max_variable_partitioner(max_partitions=max_partitions, axis=axis,
                                        min_slice_size=min_slice_size)
    assert part(shape=TensorShape(shape), dtype=dtypes.float32) == expected


def test_min_max_variable_partitioner_default_does_not_split():
    part = min_max_variable_partitioner()
    assert part(shape=TensorShape([4096, 4096]), dtype=dtypes.float32) == [1, 1]


def test_min_max_variable_partitioner_strings():
    part = min_max_variable_partitioner(max_partitions=100, min_slice_size=1024,
                                        bytes_per_string_element=4)
    assert part(shape=TensorShape([64, 32]), dtype=dtypes.string) == [8, 1]


def test_min_max_variable_partitioner_axis_error():
    part = min_max_variable_partitioner(max_partitions=4, axis=2)
    with pytest.raises(PartitionAxisError, match=r"Can not partition variable along axis 2 when "
                                                 r"shape is only \(4, 4\)") as err:
        part(shape=TensorShape([4, 4]), dtype=dtypes.float32)
    assert isinstance(err.value, ValueError)


# --- call_partitioner: checks in TF's order -------------------------------------------------------
def _returns(value):
    return lambda shape, dtype: value


@pytest.mark.parametrize("partitioner, shape, message", [
    (3, [4], "Partitioner must be callable, but received: 3"),
    (_returns([2]), [None], r"Shape of a new partitioned variable must be fully defined, but "
                            r"instead was \(\?,\)\."),
    (_returns([2]), [], r"A partitioned Variable must have rank at least 1, shape: \(\)"),
    (_returns(np.array([2, 1])), [4, 4], r"Partitioner must return a sequence, but saw: \[2 1\]"),
    (_returns("21"), [4, 4], "Partitioner must return a sequence, but saw: 21"),
    (_returns([2]), [4, 4], r"Partitioner returned a partition list that does not match the "
                            r"Variable's rank: \[2\] vs\. \(4, 4\)"),
    (_returns([2, 0]), [4, 4], r"Partitioner returned zero partitions for some axes: \[2, 0\]"),
    (_returns((2, 2)), [4, 4], r"Can only slice a variable along one dimension: shape: \(4, 4\), "
                               r"partitioning: \(2, 2\)"),
    (_returns([2.0, 1]), [4, 4], r"non-integer partitions"),
])
def test_call_partitioner_errors(partitioner, shape, message):
    with pytest.raises(PartitionerError, match=message) as err:
        call_partitioner(partitioner, shape, dtypes.float32)
    assert isinstance(err.value, ValueError)
    assert "at most one count above 1" in str(err.value) or "callable" in str(err.value) \
        or "shape" in str(err.value)


def test_call_partitioner_unknown_shape_checked_before_calling():
    calls = []
    with pytest.raises(PartitionerError):
        call_partitioner(lambda shape, dtype: calls.append(1), TensorShape(None), dtypes.float32)
    assert calls == []


def test_call_partitioner_passes_tensorshape_and_dtype_keywords_and_returns_raw():
    seen = {}

    def part(shape, dtype):
        seen.update(shape=shape, dtype=dtype)
        return (1, 3)

    result = call_partitioner(part, [4, 6], "float64")
    assert result == (1, 3) and isinstance(result, tuple)
    assert isinstance(seen["shape"], TensorShape) and seen["shape"] == TensorShape([4, 6])
    assert seen["dtype"] is dtypes.float64


def test_call_partitioner_explains_missing_dtype_keyword():
    with pytest.raises(TypeError) as err:
        call_partitioner(lambda shape: [2], [4], dtypes.float32)
    assert any("partitioner(shape=TensorShape, dtype=DType)" in n for n in err.value.__notes__)


@pytest.mark.parametrize("partitions, expected", [
    ([1, 1, 1], (0, 1)), ([1, 3, 1], (1, 3)), ((4,), (0, 4)), ([1, 1, 2], (2, 2)),
])
def test_slice_dim_and_num_slices(partitions, expected):
    assert slice_dim_and_num_slices(partitions) == expected


# --- iter_slices ----------------------------------------------------------------------------------
@pytest.mark.parametrize("k, sizes", [
    (1, [43]), (2, [22, 21]), (3, [15, 14, 14]), (4, [11, 11, 11, 10]), (5, [9, 9, 9, 8, 8]),
])
def test_iter_slices_uneven_axis1(k, sizes):
    slices = list(iter_slices([20, 43], k, 1))
    assert [shape for _, shape in slices] == [[20, s] for s in sizes]
    assert [off for off, _ in slices] == [[0, int(o)] for o in np.cumsum([0] + sizes[:-1])]


def test_iter_slices_iota_example():
    assert list(iter_slices([13, 5], 3, 0)) == [([0, 0], [5, 5]), ([5, 0], [4, 5]),
                                                ([9, 0], [4, 5])]


def test_iter_slices_gives_fresh_lists():
    (o1, s1), (o2, s2) = iter_slices([4, 2], 2, 0)
    assert o1 is not o2 and s1 is not s2


@pytest.mark.parametrize("full_shape, k, dim", [([10, 43], 11, 0), ([10, 43], 50, 1),
                                                ([3], 0, 0)])
def test_iter_slices_more_shards_than_rows(full_shape, k, dim):
    with pytest.raises(PartitionerError, match="Expected 0 <= offset < shape") as err:
        list(iter_slices(full_shape, k, dim))
    assert "shard" in str(err.value)


def test_iter_slices_bad_axis():
    with pytest.raises(PartitionerError, match="Cannot slice axis 2"):
        list(iter_slices([4, 4], 2, 2))


# --- properties -----------------------------------------------------------------------------------
@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 40), min_size=1, max_size=4), st.data())
def test_iter_slices_cover_the_axis_exactly(full_shape, data):
    dim = data.draw(st.integers(0, len(full_shape) - 1))
    k = data.draw(st.integers(1, full_shape[dim]))
    slices = list(iter_slices(full_shape, k, dim))
    assert len(slices) == k
    covered = 0
    for offset, shape in slices:
        assert offset[dim] == covered  # contiguous, in order
        assert all(o == 0 for i, o in enumerate(offset) if i != dim)
        assert [s for i, s in enumerate(shape) if i != dim] == \
            [s for i, s in enumerate(full_shape) if i != dim]
        covered += shape[dim]
    assert covered == full_shape[dim]
    lengths = [shape[dim] for _, shape in slices]
    assert max(lengths) - min(lengths) <= 1 and lengths == sorted(lengths, reverse=True)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 300), min_size=1, max_size=4), st.data(),
       st.sampled_from([dtypes.float32, dtypes.float64, dtypes.int32, dtypes.string]))
def test_partitioners_never_exceed_dims(shape, data, dtype):
    axis = data.draw(st.integers(0, len(shape) - 1))
    parts = [
        fixed_size_partitioner(data.draw(st.integers(1, 500)), axis=axis),
        variable_axis_size_partitioner(data.draw(st.integers(1, 1 << 16)), axis=axis),
        min_max_variable_partitioner(max_partitions=data.draw(st.integers(1, 500)), axis=axis,
                                     min_slice_size=data.draw(st.integers(1, 1 << 12))),
    ]
    for part in parts:
        out = call_partitioner(part, TensorShape(shape), dtype)
        assert 1 <= out[axis] <= shape[axis]
        assert all(p == 1 for i, p in enumerate(out) if i != axis)
