"""``tf.train``: checkpoints (``Saver``, readers, ``init_from_checkpoint``) over the scope store,
and what TF1's training code builds in a graph — optimizers' slot variables and inert train ops,
moving averages, the global step, learning-rate schedules — without training.

A re-export list only.
"""

from scopelab.train import moving_averages
from scopelab.train.checkpoint_utils import (
    CheckpointState, NewCheckpointReader, checkpoint_exists, get_checkpoint_state,
    init_from_checkpoint, latest_checkpoint, list_variables, load_checkpoint, load_variable,
    update_checkpoint_state,
)
from scopelab.train.device_setter import ClusterSpec, replica_device_setter
from scopelab.train.learning_rate_decay import (
    cosine_decay, exponential_decay, inverse_time_decay, natural_exp_decay, piecewise_constant,
    polynomial_decay,
)
from scopelab.train.moving_averages import ExponentialMovingAverage
from scopelab.train.optimizer import Optimizer
from scopelab.train.optimizers import (
    AdadeltaOptimizer, AdagradOptimizer, AdamOptimizer, FtrlOptimizer, GradientDescentOptimizer,
    MomentumOptimizer, RMSPropOptimizer,
)
from scopelab.train.saver import Saver
from scopelab.train.training_util import (
    assert_global_step, create_global_step, get_global_step, get_or_create_global_step,
    global_step,
)

__all__ = [
    # checkpoints
    "Saver", "CheckpointState", "NewCheckpointReader", "checkpoint_exists",
    "get_checkpoint_state", "init_from_checkpoint", "latest_checkpoint", "list_variables",
    "load_checkpoint", "load_variable", "update_checkpoint_state",
    # optimizers, moving averages, the global step, schedules
    "Optimizer", "GradientDescentOptimizer", "MomentumOptimizer", "AdamOptimizer",
    "AdagradOptimizer", "RMSPropOptimizer", "AdadeltaOptimizer", "FtrlOptimizer",
    "ExponentialMovingAverage", "moving_averages",
    "get_global_step", "create_global_step", "get_or_create_global_step", "global_step",
    "assert_global_step",
    "exponential_decay", "natural_exp_decay", "inverse_time_decay", "polynomial_decay",
    "piecewise_constant", "cosine_decay",
    # placement on parameter servers
    "replica_device_setter", "ClusterSpec",
]


def __getattr__(name: str):
    """A TF1 name this module does not provide: say why, or suggest a close name."""
    if name.startswith("__"):
        raise AttributeError(name)
    from scopelab._unsupported import missing
    raise missing("tf.train", name, globals())
