"""Writing a trained model for the browser: its encoder and decoder, weights and layers.

The page runs the networks with a forward pass of its own, in plain JavaScript
(`docs/assets/javascripts/cylinders/network.js`), because our networks are small: about 63 k
parameters each, 250 kB of float32 weights, against 14 MB for the smallest WebAssembly build of
onnxruntime-web (3.7 MB compressed), and a decode takes a few milliseconds in plain JavaScript
(`benchmarks/browser_runtime.py` measures both). The export is therefore two kinds of file per
model:

- `{name}.json`, the manifest: the model's settings and, for the encoder and the decoder, the layers
  in the order they run, each with its inputs, its output shape, its settings and where its weights
  lie;
- `{name}.encoder.bin` and `{name}.decoder.bin`: the weights, little-endian float32, one after the
  other in the manifest's order.

Tensors keep Keras's layout, channels last: a feature map of shape `(height, width, channels)` is
stored row by row, so that `Flatten` and `Reshape` move no number. A kernel keeps its Keras shape:
`(kernel_height, kernel_width, in_channels, out_channels)` for `Conv2D`,
`(kernel_height, kernel_width, out_channels, in_channels)` for `Conv2DTranspose`, `(in, out)` for
`Dense`.

The weights are read from the model, not from the backend: a model trained on JAX, PyTorch or
TensorFlow exports the same files.
"""

from __future__ import annotations

import inspect
import json
import os
import pathlib
from typing import Any

import keras
import numpy as np

from cylinders import metrics, shapes

#: Version of the manifest's format; the page refuses a manifest of another version.
FORMAT_VERSION = 1
#: Layers the page's forward pass runs.
SUPPORTED_LAYERS = (
    "InputLayer",
    "Dense",
    "Conv2D",
    "Conv2DTranspose",
    "Flatten",
    "Reshape",
    "Concatenate",
    "UpSampling2D",
)
#: Activations the page's forward pass computes.
SUPPORTED_ACTIVATIONS = ("linear", "relu", "sigmoid")


def _history(structure: Any) -> list[str]:
    """The names of the layers whose outputs a serialized call argument holds, in order."""
    if isinstance(structure, dict):
        if structure.get("class_name") == "__keras_tensor__":
            name, node_index, tensor_index = structure["config"]["keras_history"]
            if node_index != 0 or tensor_index != 0:
                raise ValueError(
                    "The page's forward pass takes layers called once, with one output. "
                    f"Received: a call on output {tensor_index} of node {node_index} of {name!r}"
                )
            return [name]
        return [name for value in structure.values() for name in _history(value)]
    if isinstance(structure, (list, tuple)):
        return [name for value in structure for name in _history(value)]
    return []


def _triples(entries: Any) -> list[str]:
    """Layer names from a functional config's `input_layers` / `output_layers`."""
    if entries and isinstance(entries[0], str):  # one tensor: a bare [name, node, index]
        entries = [entries]
    return [entry[0] for entry in entries]


def _check_layer(layer: keras.layers.Layer, kind: str, config: dict[str, Any]) -> None:
    if kind not in SUPPORTED_LAYERS:
        raise ValueError(
            f"The page's forward pass runs {', '.join(SUPPORTED_LAYERS)}. "
            f"Received: layer {layer.name!r} of type {kind}"
        )
    activation = config.get("activation", "linear")
    if activation not in SUPPORTED_ACTIVATIONS:
        raise ValueError(
            f"The page's forward pass computes the activations {SUPPORTED_ACTIVATIONS}. "
            f"Received: activation={activation!r} in layer {layer.name!r}"
        )
    if config.get("data_format", "channels_last") != "channels_last":
        raise ValueError(
            f"The page's forward pass expects channels last. Received: data_format="
            f"{config['data_format']!r} in layer {layer.name!r}"
        )
    if kind in ("Conv2D", "Conv2DTranspose"):
        settings = {
            "padding": config["padding"],
            "dilation_rate": tuple(config["dilation_rate"]),
            "groups": config.get("groups", 1),
            "output_padding": config.get("output_padding"),
        }
        expected = {"padding": "same", "dilation_rate": (1, 1), "groups": 1, "output_padding": None}
        if settings != expected:
            raise ValueError(
                f"The page's forward pass runs convolutions with {expected}. "
                f"Received: {settings} in layer {layer.name!r}"
            )
    if kind == "UpSampling2D" and config.get("interpolation", "nearest") != "nearest":
        raise ValueError(
            "The page's forward pass upsamples by repeating pixels (interpolation='nearest'). "
            f"Received: interpolation={config['interpolation']!r} in layer {layer.name!r}"
        )


def _describe(layer: keras.layers.Layer, inputs: list[str]) -> dict[str, Any]:
    """What the page needs to run one layer: its type, inputs, output shape and settings."""
    kind = type(layer).__name__
    config = layer.get_config()
    _check_layer(layer, kind, config)
    shape = layer.batch_shape if kind == "InputLayer" else layer.output.shape
    entry = {"name": layer.name, "type": kind, "inputs": inputs, "shape": list(shape[1:])}
    if "activation" in config:
        entry["activation"] = config["activation"]
    if kind in ("Conv2D", "Conv2DTranspose"):
        entry["kernel_size"] = list(config["kernel_size"])
        entry["strides"] = list(config["strides"])
        entry["padding"] = config["padding"]
    if kind == "Concatenate":
        axis = config["axis"]
        rank = len(entry["shape"])
        if axis not in (-1, rank):
            raise ValueError(
                "The page's forward pass joins tensors along their last axis. "
                f"Received: axis={axis} in layer {layer.name!r}"
            )
    if kind == "UpSampling2D":
        entry["size"] = list(config["size"])
    return entry


def network_layers(network: keras.Model) -> tuple[dict[str, Any], list[np.ndarray]]:
    """Describes a functional Keras model for the page's forward pass.

    Args:
        network: a functional model made of the layers in `SUPPORTED_LAYERS` (the encoder or the
            decoder of a cylinders model).

    Returns:
        `(description, weights)`: a dict with `inputs`, `outputs` (layer names) and `layers` (in an
        order where every layer comes after its inputs, each weight given by `name`, `shape` and its
        `offset` in bytes), and the weights as float32 arrays in the order of their offsets.

    Raises:
        ValueError: when the network holds a layer, an activation or a setting the page does not
            run.
    """
    if not isinstance(network, keras.Model) or not hasattr(network, "get_config"):
        raise ValueError(f"`network` must be a Keras model. Received: {type(network).__name__}")
    config = network.get_config()
    if "layers" not in config or "input_layers" not in config:
        raise ValueError(
            "The export reads a functional model (built from `keras.Input`). "
            f"Received: {type(network).__name__} {network.name!r}"
        )
    inbound = {}
    for entry in config["layers"]:
        nodes = entry.get("inbound_nodes") or []
        if len(nodes) > 1:
            raise ValueError(
                f"The page's forward pass takes layers called once. Received: {entry['name']!r} "
                f"called {len(nodes)} times"
            )
        inbound[entry["name"]] = _history(nodes[0]) if nodes else []
    layers, weights, offset = [], [], 0
    for layer in network.layers:  # in the order they run
        entry = _describe(layer, inbound[layer.name])
        entry["weights"] = []
        for variable, value in zip(layer.weights, layer.get_weights()):
            value = np.ascontiguousarray(value, dtype="<f4")
            entry["weights"].append(
                {"name": variable.name, "shape": list(value.shape), "offset": offset}
            )
            weights.append(value)
            offset += value.nbytes
        layers.append(entry)
    description = {
        "inputs": _triples(config["input_layers"]),
        "outputs": _triples(config["output_layers"]),
        "layers": layers,
        "bytes": offset,
    }
    return description, weights


def export_model(
    model: keras.Model, folder: str | os.PathLike, *, name: str | None = None
) -> pathlib.Path:
    """Writes a trained model's encoder and decoder for the page: a manifest and two weight files.

    Args:
        model: an `Autoencoder`, a `VAE` or a `ConditionalVAE`, trained (or loaded with
            `cylinders.load_model`) on any backend.
        folder: where to write; created if missing.
        name: the files' stem; by default `"ae"`, `"vae"` or `"cvae"` after the model's class, the
            names the page asks for.

    Returns:
        The path of the manifest, `folder / f"{name}.json"`; beside it lie `{name}.encoder.bin` and
        `{name}.decoder.bin`.

    Raises:
        ValueError: when `model` has no `encoder` and `decoder`, or when they hold a layer the page
            does not run.
    """
    parts = ("encoder", "decoder")
    if not all(isinstance(getattr(model, part, None), keras.Model) for part in parts):
        raise ValueError(
            "`model` must have an `encoder` and a `decoder` (an Autoencoder, a VAE or a "
            f"ConditionalVAE). Received: {type(model).__name__}"
        )
    num_labels = int(getattr(model, "num_labels", 0))
    variational = bool(getattr(model, "variational", False))
    if name is None:
        name = "cvae" if num_labels else "vae" if variational else "ae"
    if not name or any(character in name for character in '/\\:*?"<>|'):
        raise ValueError(f"`name` must be a plain file name. Received: name={name!r}")
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {
        "format": "cylinders-browser-model",
        "version": FORMAT_VERSION,
        "model": type(model).__name__,
        "latent_dim": int(model.latent_dim),
        "image_size": int(model.image_size),
        "num_labels": num_labels,
        "variational": variational,
        "networks": {},
    }
    for part in ("encoder", "decoder"):
        description, weights = network_layers(getattr(model, part))
        binary = f"{name}.{part}.bin"
        (folder / binary).write_bytes(b"".join(value.tobytes() for value in weights))
        manifest["networks"][part] = {"weights": binary, **description}
    path = folder / f"{name}.json"
    path.write_text(json.dumps(manifest, indent=1))
    return path


def validity_rule(image_size: int = 64) -> dict[str, Any]:
    """The rule of `metrics.is_valid` (default search: cylinders of both types, fixed elevation), as
    the page's verdict reads it: the grid of factors its reference renders are drawn from.

    Args:
        image_size: side of the images.

    Returns:
        A dict: `radius` and `height` (the grid's values, in pixels), `semi_axis` (each radius's
        ellipse semi-axis, `radius * sin(elevation)` in float32, as `shapes.render_shapes` draws
        it), `kinds`, `border`, `max_mismatch` and `candidates` (the renders closest in Hamming
        distance that are compared within one pixel).
    """
    _, factors = metrics.reference_renders(image_size)
    elevation = float(np.unique(factors["elevation"])[0])
    radius = np.unique(factors["radius"])
    semi_axis = (radius * np.sin(np.deg2rad(elevation))).astype(np.float32)  # as render_shapes
    return {
        "image_size": image_size,
        "kinds": [int(kind) for kind in np.unique(factors["kind"])],
        "radius": [float(value) for value in radius],
        "height": [float(value) for value in np.unique(factors["height"])],
        "elevation": elevation,
        "semi_axis": [float(value) for value in semi_axis],
        "border": shapes._BORDER * image_size / 64,
        "max_mismatch": inspect.signature(metrics.is_valid).parameters["max_mismatch"].default,
        "candidates": metrics._CANDIDATES,
    }


def export_validity_rule(folder: str | os.PathLike, *, image_size: int = 64) -> pathlib.Path:
    """Writes `validity.json`, the rule the page's `isValid` applies (see `validity_rule`).

    Args:
        folder: where to write; created if missing.
        image_size: side of the images.

    Returns:
        The path of the file written.
    """
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "validity.json"
    path.write_text(json.dumps(validity_rule(image_size)))
    return path
