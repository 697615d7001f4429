"""``PartitionInfo``: TF's PartitionInfoTest values and every constructor/method error (spec §6.6)."""

import pytest

from scopelab.errors import PartitionInfoError, PartitionInfoTypeError
from scopelab.partitioners import PartitionInfo


def test_constructor_keeps_shape_and_offset():
    info = PartitionInfo(full_shape=[9, 3], var_offset=(4, 0))
    assert info.full_shape == [9, 3]
    assert info.var_offset == [4, 0]
    assert info == PartitionInfo((9, 3), [4, 0])
    assert repr(info) == "PartitionInfo(full_shape=[9, 3], var_offset=[4, 0])"


def test_properties_are_copies():
    info = PartitionInfo([9, 3], [4, 0])
    info.full_shape.append(1)
    info.var_offset[0] = 7
    assert info.full_shape == [9, 3] and info.var_offset == [4, 0]


@pytest.mark.parametrize("full_shape, var_offset, what", [
    (None, [0], "`full_shape` must be a sequence (like tuple or list) instead of NoneType"),
    ("foo", [0], "`full_shape` must be a sequence (like tuple or list) instead of str"),
    ([1], None, "`var_offset` must be a sequence (like tuple or list) instead of NoneType"),
    ([1], "foo", "`var_offset` must be a sequence (like tuple or list) instead of str"),
])
def test_constructor_type_errors(full_shape, var_offset, what):
    with pytest.raises(PartitionInfoTypeError) as err:
        PartitionInfo(full_shape, var_offset)
    assert isinstance(err.value, TypeError)
    assert str(err.value) == what


def test_constructor_length_mismatch():
    with pytest.raises(PartitionInfoError, match=r"Expected equal length, but `var_offset` is of "
                                                  r"length 1 while full_shape is of length 2\."):
        PartitionInfo([2, 1], [0])


@pytest.mark.parametrize("full_shape, var_offset, offset, shape", [
    ([2], [2], 2, 2),
    ([2], [-1], -1, 2),
    ([5, 0], [1, 0], 0, 0),
])
def test_constructor_offset_out_of_range(full_shape, var_offset, offset, shape):
    with pytest.raises(PartitionInfoError) as err:
        PartitionInfo(full_shape, var_offset)
    assert isinstance(err.value, ValueError)
    assert (f"Expected 0 <= offset < shape but found offset={offset}, shape={shape} for "
            f"var_offset={var_offset}, full_shape={full_shape}") in str(err.value)


def test_single_offset():
    info = PartitionInfo([9, 3], [4, 0])
    assert info.single_offset([1, 3]) == 4
    assert PartitionInfo([9, 3], [0, 0]).single_offset([9, 3]) == 0


def test_single_slice_dim():
    info = PartitionInfo([9, 3], [4, 0])
    assert info.single_slice_dim([2, 3]) == 0
    assert PartitionInfo([9, 3], [0, 0]).single_slice_dim([9, 2]) == 1
    assert PartitionInfo([9, 3], [0, 0]).single_slice_dim([9, 3]) is None


def test_single_slice_dim_errors():
    info = PartitionInfo([9, 3], [4, 0])
    with pytest.raises(PartitionInfoTypeError, match="`shape` must be a sequence"):
        info.single_slice_dim(None)
    with pytest.raises(PartitionInfoError, match=r"Expected equal length, but received "
                                                  r"shape=\[1, 2, 3\] of length 3 while "
                                                  r"self.full_shape=\[9, 3\] is of length 2\."):
        info.single_slice_dim([1, 2, 3])
    with pytest.raises(PartitionInfoError, match=r"With self.var_offset=\[4, 0\], a partition of "
                                                  r"shape=\[6, 3\] would exceed "
                                                  r"self.full_shape=\[9, 3\] in dimension 0\."):
        info.single_slice_dim([6, 3])
    with pytest.raises(PartitionInfoError, match=r"Cannot use single_slice_dim\(\) with "
                                                  r"shape=\[1, 1\] and self.full_shape=\[9, 3\] "
                                                  r"since slice dim could be either dimension 1 "
                                                  r"or 0\."):
        info.single_slice_dim([1, 1])
    with pytest.raises(PartitionInfoError):
        info.single_offset([1, 1])


def test_non_integer_entries_rejected():
    with pytest.raises(PartitionInfoTypeError, match="must hold integers"):
        PartitionInfo([9.0, 3], [0, 0])
