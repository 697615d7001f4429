"""``tf.image``: resizing (TF1's ``align_corners`` / ``half_pixel_centers`` rules), flips, random
flips and ``per_image_standardization``.

TF1's ``resize_images`` wraps a 3-D image in a batch of one (``ExpandDims`` ... ``Squeeze``), skips
the resize when the static size already matches, and returns float32 from every method but
nearest neighbour. The kernels' source coordinates are computed in float32 as TF's are, so the
pixels picked at ``floor`` boundaries agree.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from scopelab.dtypes import as_dtype, float32
from scopelab.errors import InvalidArgumentError
from scopelab.scope import name_scope
from scopelab.tensor_shape import TensorShape

from scopelab.ops import array_ops, control_flow_ops, math_ops, random_ops, reduce_ops
from scopelab.ops.op_def import building_op, convert_to_tensor, define_op
from scopelab.ops.shapes import static_value, tf_shape_text
from scopelab.ops.tensor import Tensor

__all__ = ["ResizeMethod", "resize_images", "resize", "resize_bilinear", "resize_nearest_neighbor",
           "flip_left_right", "flip_up_down", "random_flip_left_right", "random_flip_up_down",
           "per_image_standardization", "convert_image_dtype"]


class ResizeMethod:
    BILINEAR = 0
    NEAREST_NEIGHBOR = 1
    BICUBIC = 2
    AREA = 3


# --- kernels --------------------------------------------------------------------------------------
def _scale(in_size: int, out_size: int, align_corners: bool) -> np.float32:
    if align_corners and out_size > 1:
        return np.float32(in_size - 1) / np.float32(out_size - 1)
    return np.float32(in_size) / np.float32(out_size)


def _bilinear_axis(in_size: int, out_size: int, align: bool, half: bool) -> tuple:
    """Lower and upper source index and the weight of the upper one, per output index."""
    scale = _scale(in_size, out_size, align)
    dst = np.arange(out_size, dtype=np.float32)
    src = (dst + np.float32(0.5)) * scale - np.float32(0.5) if half else dst * scale
    floor = np.floor(src)
    lower = np.clip(floor, 0, in_size - 1).astype(np.int64)
    upper = np.minimum(np.ceil(src) if half else floor + 1, in_size - 1).astype(np.int64)
    return lower, np.maximum(upper, 0), (src - floor).astype(np.float32)


def _resize_bilinear(images: np.ndarray, size: np.ndarray, *, align_corners: bool,
                     half_pixel_centers: bool) -> np.ndarray:
    height, width = (int(s) for s in size)
    _check_modes(align_corners, half_pixel_centers)
    _check_size(height, width)
    x = images.astype(np.float32)
    top, bottom, dy = _bilinear_axis(x.shape[1], height, align_corners, half_pixel_centers)
    left, right, dx = _bilinear_axis(x.shape[2], width, align_corners, half_pixel_centers)
    dx = dx[None, None, :, None]
    top_row = x[:, top][:, :, left] + (x[:, top][:, :, right] - x[:, top][:, :, left]) * dx
    low_row = x[:, bottom][:, :, left] + (x[:, bottom][:, :, right] - x[:, bottom][:, :, left]) * dx
    return top_row + (low_row - top_row) * dy[None, :, None, None]


def _nearest_axis(in_size: int, out_size: int, align: bool, half: bool) -> np.ndarray:
    scale = _scale(in_size, out_size, align)
    dst = np.arange(out_size, dtype=np.float32)
    src = (dst + np.float32(0.5)) * scale if half else dst * scale
    index = np.floor(src + np.float32(0.5)) if align else np.floor(src)
    return np.minimum(index, in_size - 1).astype(np.int64)


def _resize_nearest(images: np.ndarray, size: np.ndarray, *, align_corners: bool,
                    half_pixel_centers: bool) -> np.ndarray:
    height, width = (int(s) for s in size)
    _check_modes(align_corners, half_pixel_centers)
    _check_size(height, width)
    rows = _nearest_axis(images.shape[1], height, align_corners, half_pixel_centers)
    cols = _nearest_axis(images.shape[2], width, align_corners, half_pixel_centers)
    return images[:, rows][:, :, cols]


def _check_modes(align_corners: bool, half_pixel_centers: bool) -> None:
    if align_corners and half_pixel_centers:      # TF's kernel checks it when it runs
        raise InvalidArgumentError("If half_pixel_centers is True, align_corners must be False.")


def _check_size(height: int, width: int) -> None:
    if height <= 0 or width <= 0:
        raise InvalidArgumentError(f"output dimensions must be positive, got [{height}, {width}]")


def _resize_shape(float_out: bool) -> Any:
    def shape(images: Tensor, size: Tensor, *, align_corners: bool,
              half_pixel_centers: bool) -> tuple:
        name, op_type = building_op()
        for t, rank in ((images, 4), (size, 1)):
            if t.shape.ndims is not None and t.shape.ndims != rank:
                raise ValueError(
                    f"Shape must be rank {rank} but is rank {t.shape.ndims} for '{name}' (op: "
                    f"'{op_type}') with input shapes: {tf_shape_text(images.shape)}, "
                    f"{tf_shape_text(size.shape)}.")
        value = static_value(size)
        hw = [None, None] if value is None else [int(v) for v in np.reshape(value, -1)]
        dims = images.shape.as_list() if images.shape.ndims is not None else [None] * 4
        return (float32 if float_out else images.dtype), TensorShape([dims[0], *hw, dims[3]])
    return shape


_RESIZE_BILINEAR = define_op("ResizeBilinear", ("images:T", "size:int32"), _resize_shape(True),
                             _resize_bilinear)
_RESIZE_NEAREST = define_op("ResizeNearestNeighbor", ("images:T", "size:int32"),
                            _resize_shape(False), _resize_nearest)


def resize_bilinear(images: Any, size: Any, align_corners: bool = False, name: str | None = None,
                    half_pixel_centers: bool = False) -> Tensor:
    """TF1's ``ResizeBilinear`` op (4-D ``images``; float32 out)."""
    return _RESIZE_BILINEAR(images, size, name=name, align_corners=bool(align_corners),
                            half_pixel_centers=bool(half_pixel_centers))


def resize_nearest_neighbor(images: Any, size: Any, align_corners: bool = False,
                            name: str | None = None, half_pixel_centers: bool = False) -> Tensor:
    """TF1's ``ResizeNearestNeighbor`` op (4-D ``images``; keeps the dtype)."""
    return _RESIZE_NEAREST(images, size, name=name, align_corners=bool(align_corners),
                           half_pixel_centers=bool(half_pixel_centers))


_METHODS = {ResizeMethod.BILINEAR: resize_bilinear, "bilinear": resize_bilinear,
            ResizeMethod.NEAREST_NEIGHBOR: resize_nearest_neighbor,
            "nearest": resize_nearest_neighbor}


def resize_images(images: Any, size: Any, method: Any = ResizeMethod.BILINEAR,
                  align_corners: bool = False, preserve_aspect_ratio: bool = False,
                  name: str | None = None) -> Tensor:
    """TF1's ``tf.image.resize_images`` (``tf.compat.v1.image.resize``): 3-D or 4-D images."""
    if method not in _METHODS:
        raise NotImplementedError(
            f"resize method {method!r} is not implemented in scopelab (bilinear and nearest "
            f"neighbour are); use tf.image.ResizeMethod.BILINEAR or NEAREST_NEIGHBOR.")
    if preserve_aspect_ratio:
        raise NotImplementedError("resize_images(preserve_aspect_ratio=True) is not implemented "
                                  "in scopelab; compute the target size yourself.")
    with name_scope(name, "resize"):
        images = convert_to_tensor(images, name="images")
        if images.shape.ndims is None or images.shape.ndims not in (3, 4):
            raise ValueError("'images' must have either 3 or 4 dimensions.")
        batched = images.shape.ndims == 4
        if not batched:
            images = array_ops.expand_dims(images, 0)
        size = convert_to_tensor(size, dtype_hint="int32", name="size")
        if size.shape.ndims != 1 or size.shape.as_list()[0] not in (2, None):
            raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
        if not size.dtype.is_integer:
            raise TypeError("'size' must be a 1-D int32 Tensor")
        wanted = static_value(size)
        dims = images.shape.as_list()
        if wanted is not None and [int(v) for v in wanted] == dims[1:3]:
            return images if batched else array_ops.squeeze(images, axis=[0])
        resized = _METHODS[method](images, size, align_corners=align_corners)
        return resized if batched else array_ops.squeeze(resized, axis=[0])


resize = resize_images


# --- flips ------------------------------------------------------------------------------------------
def _image_tensor(image: Any) -> Tensor:
    image = convert_to_tensor(image, name="image")
    if image.shape.ndims is not None and image.shape.ndims < 3:
        raise ValueError(f"'image' (shape {image.shape}) must be at least three-dimensional.")
    return image


def _flip(image: Any, axis: int, scope: str) -> Tensor:
    with name_scope(None, scope):
        image = _image_tensor(image)
        batched = image.shape.ndims == 4
        return array_ops.reverse(image, [axis + 1 if batched else axis])


def flip_left_right(image: Any) -> Tensor:
    return _flip(image, 1, "flip_left_right")


def flip_up_down(image: Any) -> Tensor:
    return _flip(image, 0, "flip_up_down")


def _random_flip(image: Any, axis: int, seed: Any, scope: str) -> Tensor:
    """A 3-D image flips with probability 1/2 (a ``cond``); each image of a batch on its own."""
    with name_scope(None, scope) as full_scope:
        image = _image_tensor(image)
        if image.shape.ndims == 3:
            draw = random_ops.random_uniform([], 0, 1.0, seed=seed)
            return control_flow_ops.cond(math_ops.less(draw, 0.5),
                                         lambda: array_ops.reverse(image, [axis]),
                                         lambda: image, name=full_scope)
        batch = array_ops.shape(image)[0]
        draw = random_ops.random_uniform(array_ops.expand_dims(batch, 0), 0, 1.0, seed=seed)
        flips = math_ops.cast(array_ops.reshape(math_ops.round(draw), [-1, 1, 1, 1]),
                              image.dtype)
        flipped = array_ops.reverse(image, [axis + 1])
        return flips * flipped + (1 - flips) * image


def random_flip_left_right(image: Any, seed: Any = None) -> Tensor:
    return _random_flip(image, 1, seed, "random_flip_left_right")


def random_flip_up_down(image: Any, seed: Any = None) -> Tensor:
    return _random_flip(image, 0, seed, "random_flip_up_down")


# --- standardization ---------------------------------------------------------------------------------
def per_image_standardization(image: Any) -> Tensor:
    """``(x - mean) / max(stddev, 1/sqrt(num_pixels))`` per image, in float32."""
    with name_scope(None, "per_image_standardization") as scope:
        image = _image_tensor(image)
        image = math_ops.cast(image, float32)
        num_pixels = reduce_ops.reduce_prod(array_ops.shape(image)[-3:])
        mean = reduce_ops.reduce_mean(image, axis=[-1, -2, -3], keepdims=True)
        stddev = reduce_ops.reduce_std(image, axis=[-1, -2, -3], keepdims=True)
        min_stddev = math_ops.rsqrt(math_ops.cast(num_pixels, float32))
        adjusted = math_ops.maximum(stddev, min_stddev)
        image = image - mean
        return math_ops.divide(image, adjusted, name=scope)


def convert_image_dtype(image: Any, dtype: Any, saturate: bool = False,
                        name: str | None = None) -> Tensor:
    """Integers scale to [0, 1] floats (and back); float to float is a cast."""
    dtype = as_dtype(dtype)
    with name_scope(name, "convert_image") as scope:
        image = convert_to_tensor(image, name="image")
        if image.dtype == dtype:
            return array_ops.identity(image, name=scope)
        if image.dtype.is_integer and dtype.is_floating:
            scale = 1.0 / float(np.iinfo(image.dtype.np).max)
            return math_ops.multiply(math_ops.cast(image, dtype), scale, name=scope)
        if image.dtype.is_floating and dtype.is_integer:
            scale = float(np.iinfo(dtype.np).max) + 0.5
            return math_ops.cast(math_ops.multiply(image, scale), dtype, name=scope)
        return math_ops.cast(image, dtype, name=scope)
