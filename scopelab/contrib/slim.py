"""``tf.contrib.slim`` (``slim = tf.contrib.slim``): the contrib layers with ``arg_scope`` and the
variable helpers, under the names slim-style networks use (``slim.conv2d``, ``slim.max_pool2d``,
``slim.arg_scope``, ``slim.repeat``, ``slim.get_variables_to_restore`` ...)."""

from scopelab.contrib.framework import (
    add_arg_scope, arg_scope, get_global_step, get_local_variables, get_model_variables,
    get_or_create_global_step, get_trainable_variables, get_variables, get_variables_by_name,
    get_variables_to_restore, model_variable, variable,
)
from scopelab.contrib.layers import *  # noqa: F403 - slim is contrib.layers plus the framework
from scopelab.contrib.layers import __all__ as _layer_names

__all__ = [*_layer_names, "add_arg_scope", "arg_scope", "get_global_step", "get_local_variables",
           "get_model_variables", "get_or_create_global_step", "get_trainable_variables", "get_variables",
           "get_variables_by_name", "get_variables_to_restore", "model_variable", "variable"]
