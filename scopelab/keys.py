"""``GraphKeys``: the standard collection names of TF1 (same string values)."""

__all__ = ["GraphKeys"]


class GraphKeys:
    """Names of the standard collections, with TF1's string values."""

    GLOBAL_VARIABLES = "variables"
    VARIABLES = "variables"  # deprecated TF alias
    LOCAL_VARIABLES = "local_variables"
    MODEL_VARIABLES = "model_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    REGULARIZATION_LOSSES = "regularization_losses"
    CONCATENATED_VARIABLES = "concatenated_variables"
    METRIC_VARIABLES = "metric_variables"
    MOVING_AVERAGE_VARIABLES = "moving_average_variables"
