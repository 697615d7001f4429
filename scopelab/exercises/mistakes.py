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
        "Two calls share one variable only if they ask for the same full name and the second runs "
        "in a scope with reuse on.",
    "reuse_missing":
        "In a plain scope reuse is off: asking for an existing name raises 'already exists, "
        "disallowed'. Turn reuse on for the call that should share.",
    "reuse_on_new_variable":
        "With reuse=True, get_variable only fetches: the variable must already exist when it is "
        "asked for.",
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
        "from their distribution. Without initializer=, a variable takes its scope's initializer, "
        "and a float variable in no scope with one gets glorot_uniform.",
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
        "reuse; a scope's regularizer applies to every variable created inside it unless the variable "
        "is given a regularizer of its own.",
    "wrong_partitioning":
        "A partitioner picks how many shards along one axis; the first shards get one extra row when "
        "the rows do not divide evenly.",
    "mod_vs_div":
        "embedding_lookup's partition_strategy decides which shard and row each id is read from; "
        "the default 'mod' deals ids out round-robin (id i in shard i % n). It must match how the "
        "rows were laid out, and get_variable's shards hold contiguous blocks of rows.",
    "div_unbalanced":
        "partition_strategy='div' computes its blocks of ids from the total number of rows, assuming "
        "the shard sizes get_variable makes (equal, the first ones one row longer); shards of other "
        "sizes are misread without an error.",
    "auto_reuse_typo":
        "AUTO_REUSE never raises: a name that does not exist yet is created, so a misspelt name "
        "silently makes a second variable. reuse=True only fetches, and fails on a name that does "
        "not exist.",
    "reuse_argument":
        "tf.get_variable takes no reuse= argument (TF1 raises TypeError): reuse is a property of the "
        "enclosing variable scope.",
    "tf_variable_not_in_store":
        "tf.Variable makes a variable outside the variable store: it is named by the name scope and "
        "joins the collections, but tf.get_variable never finds it, so it cannot be shared.",
    "op_name_scope":
        "Re-entering a variable scope opens a fresh name scope for its operations (layer_1/, "
        "layer_2/, ...), even when its variables are shared; the variable scope still knows the name "
        "scope of its first entry.",
    "context_manager_not_scope":
        "tf.variable_scope(...) returns a context manager, not a scope: the VariableScope object, "
        "with its name, initializer and reuse, is what `with ... as name` gives, and only that "
        "object (or a string) can be passed to tf.variable_scope.",
    "captured_defaults":
        "A re-entered scope object brings its own defaults (initializer, regularizer, dtype, "
        "partitioner, custom getter) and its own reuse mode; the scope it is entered from does not "
        "count.",
    "wrong_device":
        "The device in force when get_variable runs picks the target of the kernels that compute "
        "the variable's values; without one, the target is the CPU.",
    "wrong_placement":
        "A variable is placed by the device in force when it is created: a device string puts every "
        "variable of its block on that one device, while a device function is asked again for each "
        "variable, and for each shard of a partitioned variable, so it can spread them over tasks.",
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
