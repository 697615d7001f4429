"""scopelab: TensorFlow 1.x variable scoping on NumPy, for teaching and testing.

Write ``import scopelab as tf`` and run TF1 scoping code unchanged::

    import scopelab as tf

    with tf.variable_scope("foo"):
        with tf.variable_scope("bar"):
            v = tf.get_variable("v", [1])
    assert v.name == "foo/bar/v:0"

This module is the TF1-style public surface (re-exports only). It imports layers L0-L4 and never
IPython, ipywidgets or Numba (kernels compile lazily on first use).
"""

from types import SimpleNamespace as _Namespace

from scopelab import compat, errors, initializers, losses, nn, partitioners, regularizers
from scopelab import train
from scopelab.dtypes import (
    DType, as_dtype, bool, complex64, complex128, double, float16, float32, float64, half,  # noqa: A004
    int8, int16, int32, int64, string, uint8, uint16,
)
from scopelab.initializers import (
    constant_initializer, glorot_normal_initializer, glorot_uniform_initializer,
    identity_initializer, ones_initializer, orthogonal_initializer, random_normal_initializer,
    random_uniform_initializer, truncated_normal_initializer, uniform_unit_scaling_initializer,
    variance_scaling_initializer, zeros_initializer,
)
from scopelab.keys import GraphKeys
from scopelab.losses import get_regularization_loss, get_regularization_losses
from scopelab.math_ops import (
    Tensor, abs, add, add_n, concat, convert_to_tensor, identity, is_tensor,  # noqa: A004
    l2_loss, matmul, multiply, ones, ones_like, reduce_max, reduce_mean, reduce_sum, reshape,
    sqrt, square, stack, zeros, zeros_like,
)
from scopelab.partitioners import (
    fixed_size_partitioner, min_max_variable_partitioner, variable_axis_size_partitioner,
)
from scopelab.random_seed import set_random_seed
from scopelab.regularizers import l1_regularizer, l2_regularizer, no_regularizer, sum_regularizer
from scopelab.graph import (
    Graph, add_to_collection, add_to_collections, all_variables, get_collection,
    get_collection_ref, get_default_graph, global_variables, local_variables, model_variables,
    reset_default_graph, trainable_variables,
)
from scopelab._create_partitioned import create_partitioned_variables
from scopelab.scope import (
    AUTO_REUSE, VariableScope, device, get_local_variable, get_name_scope, get_variable,
    get_variable_scope, name_scope, variable_op_scope, variable_scope,
)
from scopelab.store import StoreEvent, VariableStore, get_default_store
from scopelab.tensor_shape import Dimension, TensorShape
from scopelab.variables import (
    PartitionedVariable, VariableAggregation, VariableSynchronization, constant,
)
from scopelab._plain_variable import Variable

# Importing the views layer registers the text/HTML renderers of the core objects.
from scopelab import render as _render  # noqa: E402, F401

__version__ = "0.1.0"

#: ``tf.contrib.layers`` spellings of the regularizers (TF1 code often uses these).
contrib = _Namespace(layers=_Namespace(
    l1_regularizer=l1_regularizer, l2_regularizer=l2_regularizer,
    sum_regularizer=sum_regularizer, variance_scaling_initializer=variance_scaling_initializer))

__all__ = [
    # scopes and variables
    "variable_scope", "variable_op_scope", "VariableScope", "get_variable_scope", "get_variable",
    "get_local_variable", "name_scope", "get_name_scope", "AUTO_REUSE", "device",
    "Variable", "PartitionedVariable", "VariableSynchronization", "VariableAggregation",
    "create_partitioned_variables",
    # graph, collections, losses
    "Graph", "reset_default_graph", "get_default_graph", "GraphKeys", "get_collection",
    "get_collection_ref", "add_to_collection", "add_to_collections", "global_variables",
    "all_variables", "trainable_variables", "local_variables", "model_variables",
    "get_regularization_losses", "get_regularization_loss", "losses", "set_random_seed",
    "get_default_store", "VariableStore", "StoreEvent",
    # dtypes and shapes
    "DType", "as_dtype", "float16", "half", "float32", "float64", "double", "int8", "int16",
    "int32", "int64", "uint8", "uint16", "bool", "string", "complex64", "complex128",
    "TensorShape", "Dimension",
    # initializers, partitioners, regularizers
    "initializers", "constant_initializer", "zeros_initializer", "ones_initializer",
    "random_uniform_initializer", "random_normal_initializer", "truncated_normal_initializer",
    "uniform_unit_scaling_initializer", "variance_scaling_initializer",
    "glorot_uniform_initializer", "glorot_normal_initializer", "orthogonal_initializer",
    "identity_initializer", "partitioners", "fixed_size_partitioner",
    "variable_axis_size_partitioner", "min_max_variable_partitioner", "regularizers",
    "l1_regularizer", "l2_regularizer", "sum_regularizer", "no_regularizer", "contrib",
    # small ops
    "nn", "Tensor", "is_tensor", "convert_to_tensor", "constant", "identity", "zeros", "ones",
    "zeros_like", "ones_like", "reshape", "concat", "stack", "add", "add_n", "multiply",
    "matmul", "square", "sqrt", "abs", "reduce_sum", "reduce_mean", "reduce_max", "l2_loss",
    # modules
    "compat", "errors", "train",
]


def load_ipython_extension(ipython):  # pragma: no cover - exercised through IPython
    """``%load_ext scopelab``: register the scope magics (IPython is imported only here)."""
    from scopelab.magics import load_ipython_extension as _load

    _load(ipython)
