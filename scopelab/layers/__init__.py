"""``tf.layers``: TF1's layers, naming and sharing their variables as TF1 did.

Model code above the core: each layer is ``variable_scope`` + ``get_variable`` + ops, and nothing
in the core knows layers exist (``_base.py`` documents the naming rules). Functions
(``tf.layers.dense``) build a fresh layer object per call, so two calls make ``dense`` and
``dense_1``; a layer object (``tf.layers.Dense``) called twice shares its variables.
"""

from scopelab.layers._base import InputSpec, Layer
from scopelab.layers.convolutional import (
    Conv1D, Conv2D, Conv2DTranspose, Conv3D, SeparableConv1D, SeparableConv2D, conv1d, conv2d, conv2d_transpose,
    conv3d, separable_conv1d, separable_conv2d,
)
from scopelab.layers.core import Dense, Dropout, Flatten, dense, dropout, flatten
from scopelab.layers.normalization import BatchNormalization, batch_normalization
from scopelab.layers.pooling import (
    AveragePooling1D, AveragePooling2D, AveragePooling3D, MaxPooling1D, MaxPooling2D, MaxPooling3D,
    average_pooling1d, average_pooling2d, average_pooling3d, max_pooling1d, max_pooling2d, max_pooling3d,
)

#: TF1's aliases.
Convolution1D, Convolution2D, Convolution3D = Conv1D, Conv2D, Conv3D
Convolution2DTranspose, Deconvolution2D, SeparableConvolution2D = Conv2DTranspose, Conv2DTranspose, SeparableConv2D
SeparableConvolution1D = SeparableConv1D
MaxPool1D, MaxPool2D, MaxPool3D = MaxPooling1D, MaxPooling2D, MaxPooling3D
AvgPool1D, AvgPool2D, AvgPool3D = AveragePooling1D, AveragePooling2D, AveragePooling3D
BatchNorm = BatchNormalization
convolution1d, convolution2d, convolution3d = conv1d, conv2d, conv3d
convolution2d_transpose, separable_convolution2d = conv2d_transpose, separable_conv2d
separable_convolution1d = separable_conv1d

__all__ = [
    "Layer", "InputSpec", "Dense", "dense", "Dropout", "dropout", "Flatten", "flatten",
    "Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "SeparableConv2D", "conv1d", "conv2d", "conv3d",
    "conv2d_transpose", "separable_conv2d", "BatchNormalization", "batch_normalization",
    "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D",
    "AveragePooling3D", "max_pooling1d", "max_pooling2d", "max_pooling3d", "average_pooling1d",
    "average_pooling2d", "average_pooling3d",
    "Convolution1D", "Convolution2D", "Convolution3D", "Convolution2DTranspose", "Deconvolution2D",
    "SeparableConvolution2D", "MaxPool1D", "MaxPool2D", "MaxPool3D", "AvgPool1D", "AvgPool2D",
    "AvgPool3D", "BatchNorm", "convolution1d", "convolution2d", "convolution3d",
    "convolution2d_transpose", "separable_convolution2d", "SeparableConv1D", "separable_conv1d",
    "SeparableConvolution1D", "separable_convolution1d",
]
