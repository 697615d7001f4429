"""``tf.train``: checkpoints (Saver, readers, init_from_checkpoint) over the scope store."""

from scopelab.train.checkpoint_utils import (
    CheckpointState, NewCheckpointReader, checkpoint_exists, get_checkpoint_state,
    init_from_checkpoint, latest_checkpoint, list_variables, load_checkpoint, load_variable,
    update_checkpoint_state,
)
from scopelab.train.saver import Saver

__all__ = [
    "Saver", "CheckpointState", "NewCheckpointReader", "checkpoint_exists",
    "get_checkpoint_state", "init_from_checkpoint", "latest_checkpoint", "list_variables",
    "load_checkpoint", "load_variable", "update_checkpoint_state",
]
