"""``tf.keras.layers``: the layers scopelab builds as TF1 graph mode's Keras does, and a clear
``NotImplementedError`` for the others (named, so a model that needs one says which)."""

from __future__ import annotations

from typing import Any

from scopelab.keras._activation_layers import ELU, PReLU, ReLU, LeakyReLU, Softmax, ThresholdedReLU
from scopelab.keras._conv_layers import (
    AveragePooling1D, AveragePooling2D, Conv1D, Conv2D, Conv2DTranspose, DepthwiseConv2D, GlobalAveragePooling1D,
    GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D, MaxPooling1D, MaxPooling2D, SeparableConv1D,
    SeparableConv2D,
)
from scopelab.keras._core_layers import Activation, Dense, Dropout, Embedding, Flatten, Lambda, Masking, Reshape
from scopelab.keras._engine import Layer
from scopelab.keras._merge_layers import (
    Add, Average, Concatenate, Maximum, Minimum, Multiply, Subtract, add, average, concatenate, maximum,
    minimum, multiply, subtract,
)
from scopelab.keras._norm_layers import BatchNormalization, LayerNormalization
from scopelab.keras._noise_layers import (
    AlphaDropout, GaussianDropout, GaussianNoise, SpatialDropout1D, SpatialDropout2D,
)
from scopelab.keras._recurrent_layers import GRU, LSTM, Bidirectional, SimpleRNN
from scopelab.keras._shape_layers import (
    Cropping1D, Cropping2D, Permute, RepeatVector, UpSampling1D, UpSampling2D, ZeroPadding1D, ZeroPadding2D,
)
from scopelab.keras._wrappers import TimeDistributed
from scopelab.keras.models import Input, InputLayer

Convolution1D, Convolution2D, Convolution2DTranspose, Deconvolution2D = Conv1D, Conv2D, Conv2DTranspose, Conv2DTranspose
SeparableConvolution1D, SeparableConvolution2D = SeparableConv1D, SeparableConv2D
MaxPool1D, MaxPool2D, AvgPool1D, AvgPool2D = MaxPooling1D, MaxPooling2D, AveragePooling1D, AveragePooling2D
GlobalAvgPool1D, GlobalAvgPool2D = GlobalAveragePooling1D, GlobalAveragePooling2D
GlobalMaxPool1D, GlobalMaxPool2D = GlobalMaxPooling1D, GlobalMaxPooling2D

#: Keras layers TF1-era code used that scopelab does not build yet.
NOT_IMPLEMENTED = (
    "RNN", "LSTMCell", "GRUCell", "SimpleRNNCell", "StackedRNNCells",
    "CuDNNLSTM", "CuDNNGRU", "ConvLSTM2D", "Conv3D", "Conv3DTranspose", "MaxPooling3D", "AveragePooling3D",
    "GlobalMaxPooling3D", "GlobalAveragePooling3D", "UpSampling3D", "ZeroPadding3D", "Cropping3D",
    "ActivityRegularization", "Dot", "Attention", "AdditiveAttention", "MultiHeadAttention",
    "LocallyConnected1D", "LocallyConnected2D", "DenseFeatures", "Wrapper",
)


def _missing(name: str) -> type:
    def refuse(self: Any, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError(
            f"tf.keras.layers.{name} is not implemented by scopelab. Implemented Keras layers: Dense, Conv1D, "
            f"Conv2D, Conv2DTranspose, SeparableConv1D/2D, DepthwiseConv2D, Embedding, Masking, Dropout, "
            f"SpatialDropout1D/2D, GaussianNoise, GaussianDropout, AlphaDropout, Flatten, Reshape, RepeatVector, "
            f"Permute, ZeroPadding1D/2D, Cropping1D/2D, UpSampling1D/2D, Activation, LeakyReLU, ELU, ReLU, "
            f"ThresholdedReLU, Softmax, PReLU, Lambda, pooling (Max/Average 1D/2D, Global*), BatchNormalization, "
            f"LayerNormalization, the merge layers, LSTM, GRU, SimpleRNN, Bidirectional, TimeDistributed. For "
            f"other recurrent cells use tf.nn.rnn_cell with tf.nn.dynamic_rnn.")
    return type(name, (), {"__init__": refuse, "__module__": __name__,
                           "__doc__": "Not implemented by scopelab (raises NotImplementedError)."})


for _name in NOT_IMPLEMENTED:
    globals()[_name] = _missing(_name)

__all__ = [
    "Layer", "Input", "InputLayer", "Dense", "Dropout", "Flatten", "Reshape", "Activation", "Embedding",
    "Lambda", "Masking", "Conv1D", "Conv2D", "Conv2DTranspose", "MaxPooling1D", "MaxPooling2D", "AveragePooling1D",
    "AveragePooling2D", "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D",
    "GlobalMaxPooling2D", "BatchNormalization", "LayerNormalization", "Concatenate", "Add", "Subtract",
    "Multiply", "Average", "Maximum", "Minimum", "concatenate", "add", "subtract", "multiply", "average",
    "maximum", "minimum", "Convolution1D", "Convolution2D", "Convolution2DTranspose", "Deconvolution2D",
    "MaxPool1D", "MaxPool2D", "AvgPool1D", "AvgPool2D", "GlobalAvgPool1D", "GlobalAvgPool2D",
    "GlobalMaxPool1D", "GlobalMaxPool2D", "LSTM", "GRU", "SimpleRNN", "Bidirectional",
    "SeparableConv1D", "SeparableConv2D", "SeparableConvolution1D", "SeparableConvolution2D", "DepthwiseConv2D",
    "RepeatVector", "Permute", "ZeroPadding1D", "ZeroPadding2D", "Cropping1D", "Cropping2D", "UpSampling1D",
    "UpSampling2D", "SpatialDropout1D", "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "AlphaDropout",
    "LeakyReLU", "ELU", "ReLU", "ThresholdedReLU", "Softmax", "PReLU", "TimeDistributed",
    "NOT_IMPLEMENTED", *NOT_IMPLEMENTED,
]
