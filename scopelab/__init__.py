"""scopelab: TensorFlow 1.x variable scoping on NumPy, for teaching and testing.

Write ``import scopelab as tf`` and run TF1 scoping code unchanged::

    import scopelab as tf

    with tf.variable_scope("foo"):
        with tf.variable_scope("bar"):
            v = tf.get_variable("v", [1])
    assert v.name == "foo/bar/v:0"

This module is the TF1-style public surface (re-exports only). It imports the core, the views and
the model code, never IPython, ipywidgets or Numba (kernels compile lazily on first use). The
model-code namespaces (``tf.layers``, ``tf.contrib``, ``tf.train``, ``tf.summary``, and
``tf.nn.rnn_cell`` & co.) are imported in the marked block at the end: they are written against
the surface above.
"""

from types import SimpleNamespace as _Namespace

from scopelab import compat, errors, initializers, losses, nn, partitioners, regularizers
from scopelab.dtypes import (
    DType, as_dtype, bool, complex64, complex128, double, float16, float32, float64, half,  # noqa: A004 - TF's public name tf.bool
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
from scopelab._tensor_base import is_tensor
from scopelab.ops import *  # noqa: F403 - the op surface (tf.matmul, tf.reshape, tf.cond ...)
from scopelab.ops import Operation, Tensor, nest
from scopelab.ops.reduce_ops import reduce_std as _reduce_std, reduce_variance as _reduce_variance
from scopelab.ops.math_ops import __all__ as _math_names
from scopelab.ops.array_ops import __all__ as _array_names
from scopelab.ops.generate_ops import __all__ as _generate_names
from scopelab.ops.join_ops import __all__ as _join_names
from scopelab.ops.reduce_ops import __all__ as _reduce_names
from scopelab.ops.index_ops import __all__ as _index_names
from scopelab.ops.control_flow_ops import __all__ as _control_names
from scopelab.ops.state_ops import __all__ as _state_names
from scopelab.ops.check_ops import __all__ as _check_names
from scopelab.ops.matrix_ops import __all__ as _matrix_names
from scopelab.ops.segment_ops import __all__ as _segment_names
from scopelab.ops.tensor import control_dependencies
from scopelab.ops import image_ops as _image_ops
from scopelab.session import InteractiveSession, Session, get_default_session
from scopelab import math_ops, session  # noqa: F401 - tf.math_ops and tf.session, as in TF1
from scopelab.partitioners import (
    fixed_size_partitioner, min_max_variable_partitioner, variable_axis_size_partitioner,
)
from scopelab.random_seed import set_random_seed
from scopelab.device_spec import DeviceSpec
from scopelab.platform import app, flags, gfile, tf_logging as logging  # noqa: F401 - tf.logging: not in __all__
from scopelab.ops.control_flow_ops import print_v2 as print  # noqa: A004, F401 - tf.print: not in __all__
from scopelab.regularizers import l1_regularizer, l2_regularizer, no_regularizer, sum_regularizer
from scopelab.graph import (
    Graph, add_to_collection, add_to_collections, all_variables, colocate_with, get_collection,
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
from scopelab.variables import PartitionedVariable, VariableAggregation, VariableSynchronization
from scopelab._plain_variable import Variable

# Importing the views layer registers the text/HTML renderers of the core objects.
from scopelab import render as _render  # noqa: F401 - imported for its registration

__version__ = "0.1.0"

newaxis = None


def _namespace(**members):
    return _Namespace(__all__=sorted(members), **members)


#: TF 1.13+'s ``tf.math``, ``tf.random`` and ``tf.linalg`` spellings of the ops above.
math = _namespace(**{n: globals()[n] for n in (
    "abs", "add", "add_n", "argmax", "argmin", "ceil", "cos", "cumprod", "cumsum", "divide",
    "equal", "erf", "exp", "expm1", "floor", "floordiv", "greater", "greater_equal", "is_finite",
    "is_inf", "is_nan", "less", "less_equal", "log", "log1p", "logical_and", "logical_not",
    "logical_or", "logical_xor", "maximum", "minimum", "multiply", "negative", "not_equal", "pow",
    "reciprocal", "reduce_all", "reduce_any", "reduce_logsumexp", "reduce_max", "reduce_mean",
    "reduce_min", "reduce_prod", "reduce_sum", "rint", "round",
    "rsqrt", "sigmoid", "sign", "sin", "sqrt", "square", "squared_difference", "subtract", "tan",
    "tanh", "truediv", "count_nonzero", "log_sigmoid", "lgamma", *_segment_names)},
    l2_normalize=nn.l2_normalize, log_softmax=nn.log_softmax, softmax=nn.softmax,
    softplus=nn.softplus, top_k=nn.top_k, in_top_k=nn.in_top_k, zero_fraction=nn.zero_fraction,
    floormod=globals()["floormod"], reduce_std=_reduce_std, reduce_variance=_reduce_variance)
random = _namespace(categorical=categorical, normal=random_normal, uniform=random_uniform,
                    truncated_normal=truncated_normal, shuffle=random_shuffle,
                    multinomial=multinomial, set_random_seed=set_random_seed,
                    log_uniform_candidate_sampler=nn.log_uniform_candidate_sampler,
                    uniform_candidate_sampler=nn.uniform_candidate_sampler,
                    fixed_unigram_candidate_sampler=nn.fixed_unigram_candidate_sampler)
io = _namespace(gfile=gfile)
image = _namespace(**{n: getattr(_image_ops, n) for n in _image_ops.__all__})
debugging = _namespace(**{n: globals()[n] for n in _check_names}, Assert=Assert,
                       is_finite=is_finite, is_inf=is_inf, is_nan=is_nan)
linalg = _namespace(matmul=matmul, band_part=matrix_band_part, einsum=einsum,
                    tensordot=tensordot, l2_normalize=nn.l2_normalize,
                    transpose=transpose, norm=norm, eye=eye, diag=matrix_diag,
                    diag_part=matrix_diag_part, trace=trace, matrix_transpose=matrix_transpose)

__all__ = [
    # scopes and variables
    "variable_scope", "variable_op_scope", "VariableScope", "get_variable_scope", "get_variable",
    "get_local_variable", "name_scope", "get_name_scope", "AUTO_REUSE", "device", "DeviceSpec",
    "colocate_with",
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
    # tensors, ops and sessions
    "nn", "Tensor", "Operation", "is_tensor", "convert_to_tensor", "constant", "newaxis",
    "control_dependencies", "slice", "strided_slice", "random_normal", "random_uniform",
    "truncated_normal", "random_shuffle", "multinomial", "Session", "InteractiveSession",
    "get_default_session", "nest", "einsum", "matmul", "tensordot", *_math_names, *_array_names,
    *_generate_names, *_join_names, *_reduce_names, *_index_names,
    *_control_names, *_state_names, *_check_names, *_matrix_names, *_segment_names,
    # modules and namespaces
    "compat", "errors", "math", "random", "linalg", "debugging", "image",
    # script plumbing (tf.logging, tf.io and tf.print are attributes only: a star import must not
    # shadow the standard library's logging and io, or the builtin print)
    "app", "flags", "gfile",
]
__all__ = list(dict.fromkeys(__all__))   # the op modules share a few names (constant, l2_loss)


def load_ipython_extension(ipython):  # pragma: no cover - exercised through IPython
    """``%load_ext scopelab``: register the scope magics (IPython is imported only here)."""
    from scopelab.magics import load_ipython_extension as _load

    _load(ipython)


# --- model code (tf.layers, tf.nn.rnn_cell, tf.train, tf.summary, tf.contrib): it is written
# against this surface (``import scopelab as tf``), so it is imported once the surface is complete.
from scopelab import contrib, keras, layers, metrics, rnn, summary, train  # noqa: E402 - needs the complete surface
from scopelab.train.gradients import gradients  # noqa: E402 - needs the complete surface

# rnn is not listed: TF1 spells it tf.nn.rnn_cell
__all__ += ["layers", "keras", "train", "summary", "contrib", "gradients", "metrics"]
__all__ = list(dict.fromkeys(__all__))

for _name in ("rnn_cell", "dynamic_rnn", "static_rnn", "bidirectional_dynamic_rnn",
              "static_bidirectional_rnn", "raw_rnn", "static_state_saving_rnn"):
    if hasattr(rnn, _name):            # tf.nn.rnn_cell, tf.nn.dynamic_rnn ... under TF1's names
        setattr(nn, _name, getattr(rnn, _name))
        nn.__all__.append(_name)
del _name


def __getattr__(name: str):
    """A TF1 name scopelab does not provide: say why and what to write instead (``tf.data``,
    ``tf.estimator`` ...), or suggest a close name."""
    if name.startswith("__"):
        raise AttributeError(name)
    from scopelab._unsupported import missing
    raise missing("tf", name, globals())
