"""The catalogue of mistakes a check can name, each with the TF1 rule that explains it.

Feedback is always "what we saw" + "the rule": the rule never contains an exercise's answer.
"""

from __future__ import annotations

from scopelab.exercises.result import Feedback

__all__ = ["RULES", "feedback"]

RULES: dict[str, str] = {
    "not_attempted":
        "Replace the starter body with your code, run the cell, then check again.",
    "missing_prefix":
        "get_variable prefixes a name with every enclosing tf.variable_scope, so a variable lands "
        "under a scope only if it is created inside that `with` block.",
    "name_scope_instead":
        "tf.name_scope only names operations; get_variable ignores it. Only tf.variable_scope "
        "changes variable names.",
    "wrong_name":
        "A variable's full name is the enclosing variable scopes joined with '/', then the name "
        "given to get_variable.",
    "missing_variable":
        "Only tf.get_variable registers a variable in the store under its scoped name.",
    "extra_variables":
        "Every get_variable call that is not reusing creates a new variable; sharing needs reuse.",
    "not_shared":
        "Two calls share one variable only if the second runs in a scope with reuse on (reuse=True, "
        "reuse=tf.AUTO_REUSE or scope.reuse_variables()) under the same full name.",
    "reuse_missing":
        "In a plain scope reuse is off: asking for an existing name raises 'already exists, "
        "disallowed'. Turn reuse on for the call that should share.",
    "reuse_on_new_variable":
        "With reuse=True, get_variable only fetches: the variable must already exist. "
        "tf.AUTO_REUSE creates it the first time and reuses it afterwards.",
    "reuse_false_inherits":
        "reuse=False means 'inherit': inside a reusing scope a child scope keeps reusing, and nothing "
        "can switch reuse off again.",
    "wrong_reuse_mode":
        "reuse=True, tf.AUTO_REUSE and scope.reuse_variables() all share variables, but they differ "
        "in what happens when the variable does not exist yet.",
    "string_instead_of_captured":
        "Re-entering a scope by its string nests it under the current scope; re-entering the captured "
        "VariableScope object jumps back to its absolute name.",
    "default_name_not_used":
        "variable_scope(None, default_name=...) makes a fresh scope name each time it is entered "
        "(layer, layer_1, ...); a plain string scope is the same name every time.",
    "layer_default_name":
        "A tf.layers layer given no name= takes a default name in its variable scope (dense, "
        "dense_1, ... in call order); name the layers other code must find.",
    "wrong_shape":
        "The shape given at creation is fixed for the variable's whole life.",
    "wrong_dtype":
        "Without dtype=, get_variable uses the scope's dtype (float32 by default); a constant "
        "initializer value decides the dtype itself (Python int -> int32, float -> float32).",
    "shape_mismatch_on_reuse":
        "When reusing, the shape you pass must be compatible with the stored one (or leave it out).",
    "dtype_mismatch_on_reuse":
        "When reusing, dtype is always checked, and leaving it out means the scope dtype (float32), "
        "so an int variable must be asked for with its dtype again.",
    "wrong_initializer":
        "The initializer decides the starting values: zeros/ones/constant fill, random ones draw "
        "from their distribution, and without one a float variable gets glorot_uniform.",
    "constant_with_shape":
        "A constant value as initializer already has a shape: do not pass shape= too.",
    "wrong_trainable":
        "trainable=True (the default) puts a variable in TRAINABLE_VARIABLES; trainable=False or "
        "get_local_variable keeps it out.",
    "wrong_collections":
        "collections=[...] replaces the default [GLOBAL_VARIABLES]; trainable variables are also added "
        "to TRAINABLE_VARIABLES; get_local_variable uses LOCAL_VARIABLES only.",
    "wrong_regularization":
        "A regularizer adds one loss per created variable (per shard) to REGULARIZATION_LOSSES, never on "
        "reuse; tf.no_regularizer switches an inherited one off.",
    "wrong_partitioning":
        "A partitioner picks how many shards along one axis; the first shards get one extra row when "
        "the rows do not divide evenly.",
    "mod_vs_div":
        "embedding_lookup defaults to partition_strategy='mod' (row i lives in shard i % n), but "
        "get_variable shards hold contiguous blocks of rows, which is the 'div' layout.",
    "colon_suffix":
        "':0' is part of a variable's .name (output 0 of its op), never of the name you pass to "
        "get_variable or use as a store key.",
    "custom_getter":
        "A custom getter receives the real getter first and must call it (with the keyword "
        "arguments it received, possibly changed) and return what it returns.",
    "checkpoint_names":
        "A name-based restore (tf.train.Saver, init_from_checkpoint) looks each variable up by its "
        "full name. When scopes change, map the checkpoint's names onto the graph's (a Saver dict "
        "{checkpoint name: variable}, or an assignment map {'old_scope/': 'new_scope/'}) instead of "
        "changing the graph's names.",
    "checkpoint_values":
        "Only the variables a Saver or an assignment map names get the checkpoint's values; every "
        "other variable keeps its initializer's value.",
    "wrong_return":
        "The function must return what the task asks for.",
    "python_error":
        "The answer stopped with a Python error before the checks could look at its variables.",
    "timeout":
        "The answer did not finish in time (an endless loop?), so its checks score zero.",
    "unreadable_answer":
        "The checks read a plain record of what your answer left; without a readable record they "
        "score zero.",
}


def feedback(category: str, observed: str) -> Feedback:
    """A :class:`Feedback` whose message is the observation followed by the category's rule."""
    rule = RULES[category]
    return Feedback(category, f"{observed.rstrip()} {rule}" if observed else rule)
