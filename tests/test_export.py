"""The export for the browser: files that hold the model's own weights and layers, on every backend.

The page's arithmetic is tested in headless Chromium (`test_browser_models.py`); here, what the
files say: a NumPy forward pass that reads only the files must give Keras's pixels.
"""

import json
import os
import pathlib
import subprocess
import sys

import keras
import numpy as np
import pytest

from cylinders import export, metrics, saving, training

ROOT = pathlib.Path(__file__).resolve().parents[1]


def read_weights(folder, manifest, part):
    """The weights of one network, by layer name, read back from its binary file."""
    network = manifest["networks"][part]
    data = (folder / network["weights"]).read_bytes()
    assert len(data) == network["bytes"]
    return {
        layer["name"]: [
            np.frombuffer(data, "<f4", int(np.prod(weight["shape"])), weight["offset"]).reshape(
                weight["shape"]
            )
            for weight in layer["weights"]
        ]
        for layer in network["layers"]
    }


def conv_transpose_numpy(x, kernel, bias):
    """Keras's Conv2DTranspose (stride 2, kernel 3, "same") written out: input pixel (i, j)
    spreads over output pixels (2i + ky, 2j + kx); kernel is (ky, kx, out, in)."""
    height, width, _ = x.shape
    out = np.zeros((2 * height + 2, 2 * width + 2, kernel.shape[2]))
    for ky in range(3):
        for kx in range(3):
            out[ky : ky + 2 * height : 2, kx : kx + 2 * width : 2] += x @ kernel[ky, kx].T
    return out[: 2 * height, : 2 * width] + bias


def decode_numpy(folder, manifest, z):
    """The decoder of the article's architecture, from the exported files only."""
    weights = read_weights(folder, manifest, "decoder")
    layers = manifest["networks"]["decoder"]["layers"]
    features = z
    for layer in layers:
        if layer["type"] == "Dense":
            kernel, bias = weights[layer["name"]]
            features = np.maximum(features @ kernel + bias, 0)
        elif layer["type"] == "Reshape":
            features = features.reshape(layer["shape"])
        elif layer["type"] == "Conv2DTranspose":
            features = conv_transpose_numpy(features, *weights[layer["name"]])
            features = np.maximum(features, 0) if layer["activation"] == "relu" else features
    return 1 / (1 + np.exp(-features))


@pytest.mark.parametrize("name", training.MODEL_NAMES)
def test_export_writes_the_models_weights_and_layers(tmp_path, name):
    keras.utils.set_random_seed(0)
    model = training.build_model(name)
    path = export.export_model(model, tmp_path)
    assert path == tmp_path / f"{name}.json"
    manifest = json.loads(path.read_text())
    assert manifest["version"] == export.FORMAT_VERSION
    assert (manifest["num_labels"] > 0) == (name == "cvae")
    assert manifest["variational"] == (name != "ae")
    for part in ("encoder", "decoder"):
        network = getattr(model, part)
        stored = read_weights(tmp_path, manifest, part)
        for layer in network.layers:
            for kept, original in zip(stored[layer.name], layer.get_weights(), strict=True):
                np.testing.assert_array_equal(kept, original)
        assert manifest["networks"][part]["inputs"] == [tensor.name for tensor in network.inputs]


def test_files_alone_decode_as_keras_does(tmp_path):
    keras.utils.set_random_seed(1)
    model = training.build_model("vae")
    rng = np.random.default_rng(0)
    for variable in model.decoder.weights:  # larger than the initial ones: every pixel matters
        variable.assign(rng.normal(0, 0.3, variable.shape).astype("float32"))
    manifest = json.loads(export.export_model(model, tmp_path).read_text())
    z = np.array([0.3, -1.2], "float32")
    expected = model.decode(z[None])[0]
    np.testing.assert_allclose(decode_numpy(tmp_path, manifest, z), expected, atol=1e-5)


def test_a_saved_model_exports_the_same_files(tmp_path):
    """The export reads the weights, not the backend: a model saved and loaded back (as one
    trained on another backend would be) writes the same weights and the same layers (their
    automatic names aside: Keras numbers them anew)."""
    keras.utils.set_random_seed(2)
    model = training.build_model("cvae")
    model.save(tmp_path / "cvae.keras")
    loaded = saving.load_model(tmp_path / "cvae.keras", model_class=type(model))
    manifests = []
    for folder, network in (("trained", model), ("loaded", loaded)):
        manifests.append(json.loads(export.export_model(network, tmp_path / folder).read_text()))
    for file in ("cvae.encoder.bin", "cvae.decoder.bin"):
        assert (tmp_path / "trained" / file).read_bytes() == (
            tmp_path / "loaded" / file
        ).read_bytes()

    def structure(manifest):
        return [
            (layer["type"], layer["shape"], len(layer["inputs"]), layer["weights"])
            for network in manifest["networks"].values()
            for layer in network["layers"]
        ]

    assert structure(manifests[0]) == structure(manifests[1])
    for part in ("encoder", "decoder"):
        network = manifests[0]["networks"][part]
        assert network["inputs"] == manifests[1]["networks"][part]["inputs"]


def test_export_refuses_a_layer_the_page_does_not_run(tmp_path):
    inputs = keras.Input((4,))
    network = keras.Model(inputs, keras.layers.Dense(3, activation="tanh")(inputs))
    with pytest.raises(ValueError, match="activation='tanh'"):
        export.network_layers(network)
    normalised = keras.Model(inputs, keras.layers.BatchNormalization()(inputs))
    with pytest.raises(ValueError, match="of type BatchNormalization"):
        export.network_layers(normalised)
    images = keras.Input((8, 8, 1))
    valid = keras.Model(images, keras.layers.Conv2D(2, 3, padding="valid")(images))
    with pytest.raises(ValueError, match="'padding': 'valid'"):
        export.network_layers(valid)
    with pytest.raises(ValueError, match="must have an `encoder` and a `decoder`"):
        export.export_model(network, tmp_path)


def test_validity_rule_is_the_grid_of_the_reference_renders(tmp_path):
    rule = json.loads(export.export_validity_rule(tmp_path).read_text())
    masks, factors = metrics.reference_renders()
    assert len(rule["kinds"]) * len(rule["radius"]) * len(rule["height"]) == len(masks)
    assert rule["radius"] == sorted(set(factors["radius"].tolist()))
    assert rule["max_mismatch"] == 8
    assert len(rule["semi_axis"]) == len(rule["radius"])


def test_command_line_exports_a_saved_model(tmp_path):
    keras.utils.set_random_seed(3)
    training.build_model("ae").save(tmp_path / "mine.keras")
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    arguments = ["export", "--model", str(tmp_path / "mine.keras"), "--out", str(tmp_path / "web")]
    result = subprocess.run(
        [sys.executable, "-m", "cylinders", *arguments],
        capture_output=True,
        text=True,
        env=environment,
    )
    assert result.returncode == 0, result.stderr
    written = sorted(path.name for path in (tmp_path / "web").iterdir())
    assert written == ["ae.decoder.bin", "ae.encoder.bin", "ae.json", "validity.json"]
    missing = subprocess.run(
        [sys.executable, "-m", "cylinders", "export", "--model", "no.keras", "--out", "web"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
    )
    assert missing.returncode == 2 and "No model file at path='no.keras'" in missing.stderr
