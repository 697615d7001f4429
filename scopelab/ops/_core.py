"""The core API the ops use, in one place: the default graph, its op-name generation, the
variable-like types that convert to tensors, the collections initializers read.

Everything under ``scopelab.ops`` reaches the core (L3 graph, store, variables) only through this
module, so a change of the core's layout is a change here.
"""

from __future__ import annotations

from typing import Any

from scopelab._array_ops import ArrayOps
from scopelab._placement import NodeDef, colocation, place
from scopelab.graph import (
    colocated, current_frame, get_default_graph, global_variables, local_variables, placed,
)
from scopelab.variables import LazyTotal, PartitionedVariable, RegularizationLoss, Variable

__all__ = ["get_default_graph", "global_variables", "local_variables", "graph_generation",
           "device_stack", "place", "placed", "colocated", "colocation", "NodeDef",
           "ArrayOps", "Variable", "PartitionedVariable", "RegularizationLoss", "LazyTotal"]


def graph_generation(graph: Any) -> int:
    """A number that changes whenever ``graph`` is reset (``tf.reset_default_graph()``)."""
    return graph.generation


def device_stack() -> Any:
    """The ``tf.device`` stack new ops are placed by (see :mod:`scopelab._placement`)."""
    return current_frame().device
