"""``tf.keras.Input``, ``tf.keras.Model`` (functional and subclassed) and ``tf.keras.Sequential``
as TF1 graph mode builds them.

* ``Input(shape)`` is a placeholder named ``input_1``, ``input_2``, ... (one-based, per graph), made
  in the current name scope.
* A functional ``Model(inputs, outputs)`` is built already: it finds its layers by walking back from
  ``outputs`` through the recorded calls. Calling it on new tensors replays those calls in
  ``name_scope(model.name)`` (``net/dense/Softmax:0``), sharing every weight.
* ``Sequential`` whose first layer has ``input_shape`` is built at construction, in the current
  name scope (the input is ``<first layer>_input``). Without ``input_shape`` its first call builds
  the layers inside ``name_scope(model.name)``, so the weights are ``sequential/dense/kernel:0``.
* Training (``compile``, ``fit``, ``predict``, ``save``) is not part of scopelab: those raise
  ``NotImplementedError``.
"""

from __future__ import annotations

from typing import Any

import scopelab as tf
from scopelab.keras import backend
from scopelab.keras._engine import Layer, history_of, nest_flatten

__all__ = ["Input", "InputLayer", "Model", "Sequential", "load_model", "model_from_json"]


class InputLayer(Layer):
    """The layer behind ``tf.keras.Input``: owns the placeholder, no weights."""

    def __init__(self, input_shape: Any = None, batch_size: int | None = None, dtype: Any = None,
                 input_tensor: Any = None, sparse: bool = False, name: str | None = None,
                 batch_input_shape: Any = None, **kwargs: Any) -> None:
        if sparse:
            raise NotImplementedError("tf.keras.Input(sparse=True) is not implemented by scopelab.")
        if not name:
            name = f"input_{backend.get_uid('input')}"
        super().__init__(name=name, dtype=dtype or backend.floatx(), **kwargs)
        if input_tensor is None:
            if batch_input_shape is None:
                if input_shape is None:
                    raise ValueError("Please provide to Input either a `shape` or a `tensor` argument. "
                                     "Note that `shape` does not include the batch dimension.")
                batch_input_shape = (batch_size,) + tuple(input_shape)
            input_tensor = tf.placeholder(self.dtype, list(batch_input_shape), name=name)
        self.built = True
        self._batch_input_shape = tuple(input_tensor.shape.as_list()) if input_tensor.shape.ndims is not None else None
        self._inbound_nodes.append(_node(self, input_tensor))

    def __call__(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        raise TypeError(f"An InputLayer ({self.name}) is not called: use tf.keras.Input(shape=...) to "
                        f"make a model input.")


def _node(layer: Any, tensor: Any) -> Any:
    from scopelab.keras._engine import Node
    return Node(layer, [], tensor, (), {})


def Input(shape: Any = None,  # noqa: N802 - Keras's public name
          batch_size: int | None = None, name: str | None = None, dtype: Any = None,
          sparse: bool = False, tensor: Any = None, batch_shape: Any = None, **kwargs: Any) -> Any:
    """A model input: a placeholder ``[batch_size, *shape]`` (``input_1:0`` unless ``name``)."""
    layer = InputLayer(input_shape=shape, batch_size=batch_size, dtype=dtype, input_tensor=tensor,
                       sparse=sparse, name=name, batch_input_shape=batch_shape, **kwargs)
    return layer._inbound_nodes[0].outputs


_TRAINING = ("compile", "fit", "fit_generator", "evaluate", "evaluate_generator", "predict",
             "predict_generator", "predict_on_batch", "train_on_batch", "test_on_batch", "save",
             "save_weights", "load_weights", "to_json", "to_yaml")


class Model(Layer):
    """``tf.keras.Model``: functional (``Model(inputs, outputs)``) or subclassed (``call``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        inputs = kwargs.pop("inputs", args[0] if args else None)
        outputs = kwargs.pop("outputs", args[1] if len(args) > 1 else None)
        object.__setattr__(self, "_tracked", [])
        name = kwargs.pop("name", None)
        trainable = kwargs.pop("trainable", True)
        super().__init__(name=name, trainable=trainable, **kwargs)
        self._functional = inputs is not None or outputs is not None
        if self._functional:
            if inputs is None or outputs is None:
                raise ValueError("A functional tf.keras.Model needs both `inputs` and `outputs`.")
            self._build_functional(inputs, outputs)

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, Layer) and not name.startswith("_") and all(value is not t for t in self._tracked):
            self._tracked.append(value)
        object.__setattr__(self, name, value)

    # --- the functional graph ------------------------------------------------------------------------
    def _build_functional(self, inputs: Any, outputs: Any) -> None:
        self.inputs = list(nest_flatten(inputs))
        self.outputs = list(nest_flatten(outputs))
        self._nested_outputs = outputs
        self._nested_inputs = inputs
        for tensor in self.inputs:
            found = history_of(tensor)
            if found is None or not isinstance(found[0], InputLayer):
                raise ValueError(f"Input tensors to a Model must come from `tf.keras.Input`. Received: "
                                 f"{tensor} (missing previous layer metadata).")
        inputs_seen = {id(t) for t in self.inputs}
        nodes: dict[int, Any] = {}
        stack = list(self.outputs)
        while stack:
            tensor = stack.pop()
            if id(tensor) in inputs_seen:
                continue
            found = history_of(tensor)
            if found is None:
                raise ValueError(f"Output tensors of a Model must be the output of a tf.keras layer. "
                                 f"Received: {tensor} (missing previous layer metadata).")
            layer, node, _ = found
            if isinstance(layer, InputLayer):
                raise ValueError(f"Graph disconnected: cannot obtain value for tensor {tensor.name} at layer "
                                 f"\"{layer.name}\". The following previous layers were accessed without "
                                 f"issue: {sorted({n.layer.name for n in nodes.values()})}")
            if node.serial not in nodes:
                nodes[node.serial] = node
                stack.extend(t for t in nest_flatten(node.inputs) if isinstance(t, tf.Tensor))
        self._nodes = [nodes[k] for k in sorted(nodes)]
        layers = [history_of(t)[0] for t in self.inputs]
        for node in self._nodes:
            if all(node.layer is not seen for seen in layers):
                layers.append(node.layer)
        self._layers = layers
        self.built = True

    def _replay(self, inputs: Any, training: Any = None) -> Any:
        new_inputs = nest_flatten(inputs)
        if len(new_inputs) != len(self.inputs):
            raise ValueError(f"Model {self.name} expects {len(self.inputs)} input(s), but it received "
                             f"{len(new_inputs)} input tensors.")
        mapping = {id(old): new for old, new in zip(self.inputs, new_inputs)}

        def mapped(structure: Any) -> Any:
            if isinstance(structure, (list, tuple)):
                return type(structure)(mapped(item) for item in structure)
            return mapping.get(id(structure), structure)

        for node in self._nodes:
            kwargs = dict(node.kwargs)
            if training is not None and node.layer._accepts("training"):
                kwargs["training"] = training
            result = node.layer(mapped(node.inputs), *node.args, **kwargs)
            for old, new in zip(nest_flatten(node.outputs), nest_flatten(result)):
                mapping[id(old)] = new
        return mapped(self._nested_outputs if isinstance(self._nested_outputs, (list, tuple)) else
                      self._nested_outputs)

    def call(self, inputs: Any, training: Any = None, mask: Any = None) -> Any:
        if not self._functional:
            raise NotImplementedError(f"Model {self.name} has no call(): subclass tf.keras.Model and define "
                                      f"call(self, inputs), or build it as tf.keras.Model(inputs, outputs).")
        return self._replay(inputs, training)

    def build(self, input_shape: Any) -> None:
        self.built = True

    # --- what it holds ------------------------------------------------------------------------------
    @property
    def layers(self) -> list:
        if self._functional:
            return list(self._layers)
        return list(self._tracked)

    def get_layer(self, name: str | None = None, index: int | None = None) -> Any:
        if index is not None:
            if len(self.layers) <= index:
                raise ValueError(f"Was asked to retrieve layer at index {index} but model only has "
                                 f"{len(self.layers)} layers.")
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(f"No such layer: {name}. Existing layers are: {[layer.name for layer in self.layers]}.")

    def _collect(self, attribute: str) -> list:
        found: list = []
        for layer in self.layers:
            for item in getattr(layer, attribute):
                if all(item is not seen for seen in found):
                    found.append(item)
        return found

    @property
    def trainable_weights(self) -> list:
        return self._collect("trainable_weights") if self.trainable else []

    @property
    def non_trainable_weights(self) -> list:
        if self.trainable:
            return self._collect("non_trainable_weights")
        return self._collect("weights")

    @property
    def updates(self) -> list:
        return self._collect("updates") + list(self._updates)

    @property
    def losses(self) -> list:
        return self._collect("losses") + Layer.losses.fget(self)  # type: ignore[attr-defined]

    @property
    def input(self) -> Any:
        if self._functional:
            return self.inputs[0] if len(self.inputs) == 1 else list(self.inputs)
        return Layer.input.fget(self)  # type: ignore[attr-defined]

    @property
    def output(self) -> Any:
        if self._functional:
            return self.outputs[0] if len(self.outputs) == 1 else list(self.outputs)
        return Layer.output.fget(self)  # type: ignore[attr-defined]

    def summary(self, line_length: int | None = None, positions: Any = None, print_fn: Any = None) -> None:
        """Keras's table: each layer's name, type, output shape and parameter count."""
        print_fn = print_fn or print
        width = line_length or 65
        rows = [("Layer (type)", "Output Shape", "Param #")]
        for layer in self.layers:
            try:
                shape = str(layer.output_shape).replace("None", "None")
            except AttributeError:
                shape = "multiple"
            rows.append((f"{layer.name} ({type(layer).__name__})", shape, str(layer.count_params())))
        print_fn(f'Model: "{self.name}"')
        print_fn("_" * width)
        for index, (name, shape, params) in enumerate(rows):
            print_fn(f"{name:<29}{shape:<26}{params}")
            print_fn(("=" if index == 0 else "_") * width)
        trainable = sum(_size(w) for w in self.trainable_weights)
        total = sum(_size(w) for w in self.weights)
        print_fn(f"Total params: {total:,}")
        print_fn(f"Trainable params: {trainable:,}")
        print_fn(f"Non-trainable params: {total - trainable:,}")
        print_fn("_" * width)

    def __getattr__(self, name: str) -> Any:
        if name in _TRAINING:
            raise NotImplementedError(f"Model.{name} is not implemented by scopelab: it builds TF1 graphs and "
                                      f"their variables but does not train or save Keras models. Run the "
                                      f"model's outputs in a tf.Session, and use tf.train.Saver for checkpoints.")
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __repr__(self) -> str:
        return f"<tf.keras.{type(self).__name__} {self.name!r}>"


def _size(weight: Any) -> int:
    size = 1
    for dim in weight.shape.as_list():
        size *= int(dim)
    return size


class Sequential(Model):
    """A stack of layers, each called on the previous one's output."""

    def __init__(self, layers: Any = None, name: str | None = None) -> None:
        super().__init__(name=name)
        self._stack: list = []
        self._graph_input: Any = None
        self._graph_output: Any = None
        for layer in layers or []:
            self.add(layer)

    def add(self, layer: Any) -> None:
        if not isinstance(layer, Layer):
            raise TypeError(f"The added layer must be an instance of class Layer. Found: {layer!r}")
        if any(layer.name == other.name for other in self._stack):
            raise ValueError(f'All layers added to a Sequential model should have unique names. Name '
                             f'"{layer.name}" is already the name of a layer in this model. Update the '
                             f"`name` argument to pass a unique name.")
        self._stack.append(layer)
        if self._graph_output is not None:
            self._graph_output = layer(self._graph_output)
        elif len(self._stack) == 1 and getattr(layer, "_batch_input_shape", None) is not None:
            self._graph_input = Input(batch_shape=layer._batch_input_shape, name=f"{layer.name}_input",
                                      dtype=layer.dtype)
            self._graph_output = layer(self._graph_input)
        if self._graph_output is not None:
            self.built = True

    def pop(self) -> None:
        raise NotImplementedError("Sequential.pop is not implemented by scopelab; build a new Sequential.")

    @property
    def layers(self) -> list:
        return list(self._stack)

    @property
    def inputs(self) -> list:
        return [] if self._graph_input is None else [self._graph_input]

    @property
    def outputs(self) -> list:
        return [] if self._graph_output is None else [self._graph_output]

    @property
    def input(self) -> Any:
        if self._graph_input is None:
            raise AttributeError(f"Sequential model {self.name} has no input yet: give its first layer an "
                                 f"input_shape, or read the output of a call.")
        return self._graph_input

    @property
    def output(self) -> Any:
        if self._graph_output is None:
            raise AttributeError(f"Sequential model {self.name} has no output yet: give its first layer an "
                                 f"input_shape, or read the output of a call.")
        return self._graph_output

    def call(self, inputs: Any, training: Any = None, mask: Any = None) -> Any:
        if not self._stack:
            raise ValueError("You are trying to call a Sequential model with no layers: add layers first.")
        outputs = inputs
        for layer in self._stack:
            kwargs = {"training": training} if training is not None and layer._accepts("training") else {}
            outputs = layer(outputs, **kwargs)
        return outputs


def load_model(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError("tf.keras.models.load_model is not implemented by scopelab: rebuild the model "
                              "in code and restore its variables with tf.train.Saver.")


def model_from_json(*args: Any, **kwargs: Any) -> Any:
    raise NotImplementedError("tf.keras.models.model_from_json is not implemented by scopelab: rebuild the "
                              "model in code.")
