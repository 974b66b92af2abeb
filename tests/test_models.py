"""The autoencoder and the VAE on the backend named by KERAS_BACKEND: shapes, losses, saving."""

import os
import pathlib
import subprocess
import sys

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from cylinders import (  # noqa: E402
    VAE,
    Autoencoder,
    ConditionalVAE,
    load_model,
    metrics,
    models,
    training,
)

TINY = (4, 4, 8, 8)


def test_encode_and_decode_shapes(cylinders_data):
    images, _ = cylinders_data
    for model in (Autoencoder(3, filters=TINY), VAE(3, filters=TINY)):
        z = model.encode(images[:10])
        assert z.shape == (10, 3) and z.dtype == np.float32
        decoded = model.decode(z)
        assert decoded.shape == (10, 64, 64, 1)
        assert decoded.min() >= 0.0 and decoded.max() <= 1.0


def test_kl_divergence_matches_numpy_closed_form(rng):
    z_mean = rng.normal(size=(8, 3)).astype("float32")
    z_log_var = rng.normal(size=(8, 3)).astype("float32")
    kl = keras.ops.convert_to_numpy(models.kl_divergence(z_mean, z_log_var))
    np.testing.assert_allclose(kl, metrics.kl_numpy(z_mean, z_log_var), rtol=1e-5)


def test_reconstruction_loss_is_summed_over_pixels(rng):
    images = (rng.random((4, 64, 64, 1)) < 0.3).astype("float32")
    probabilities = rng.uniform(0.05, 0.95, size=(4, 64, 64, 1)).astype("float32")
    expected = (
        -(images * np.log(probabilities) + (1 - images) * np.log(1 - probabilities))
        .sum(axis=(1, 2, 3))
        .mean()
    )
    loss = float(keras.ops.convert_to_numpy(models.reconstruction_loss(images, probabilities)))
    assert loss == pytest.approx(expected, rel=1e-4)


def test_vae_trains_and_reports_reconstruction_and_kl(trained_vae):
    model, history = trained_vae
    assert {"loss", "reconstruction_loss", "kl_loss"} <= set(history)
    assert history["loss"][-1] < history["loss"][0]
    for loss, reconstruction, kl in zip(
        history["loss"], history["reconstruction_loss"], history["kl_loss"]
    ):
        assert loss == pytest.approx(reconstruction + model.beta * kl, rel=1e-3)
        assert kl > 0


def test_autoencoder_trains_with_compile_and_fit(cylinders_data):
    images, _ = cylinders_data
    keras.utils.set_random_seed(0)
    model = Autoencoder(2, filters=TINY)
    model.compile(optimizer=keras.optimizers.Adam(1e-3))
    history = model.fit(images, batch_size=32, epochs=2, verbose=0).history
    assert history["loss"][-1] < history["loss"][0]
    assert history["reconstruction_loss"] == pytest.approx(history["loss"])


def test_beta_weights_the_kl_term(cylinders_data):
    images, _ = cylinders_data
    _, trained = training.train_model(
        "vae", images[:32], epochs=1, batch_size=32, beta=4.0, filters=TINY
    )
    history = trained.history
    assert history["loss"][0] == pytest.approx(
        history["reconstruction_loss"][0] + 4.0 * history["kl_loss"][0], rel=1e-3
    )


def test_save_and_load_give_identical_outputs(trained_vae, cylinders_data, tmp_path):
    model, _ = trained_vae
    images, _ = cylinders_data
    path = tmp_path / "vae.keras"
    model.save(path)
    loaded = load_model(path, model_class=VAE)
    assert loaded.beta == model.beta and loaded.latent_dim == model.latent_dim
    np.testing.assert_array_equal(loaded.encode(images[:8]), model.encode(images[:8]))
    z = np.linspace(-2, 2, 10, dtype="float32").reshape(5, 2)
    np.testing.assert_array_equal(loaded.decode(z), model.decode(z))


def test_loading_bad_files_gives_clear_errors(trained_vae, tmp_path):
    model, _ = trained_vae
    with pytest.raises(FileNotFoundError, match="missing.keras"):
        load_model(tmp_path / "missing.keras")
    corrupt = tmp_path / "corrupt.keras"
    corrupt.write_bytes(b"not a zip archive")
    with pytest.raises(ValueError, match="corrupt or truncated"):
        load_model(corrupt)
    truncated = tmp_path / "truncated.keras"
    model.save(tmp_path / "whole.keras")
    truncated.write_bytes((tmp_path / "whole.keras").read_bytes()[:2000])
    with pytest.raises(ValueError, match="truncated.keras"):
        load_model(truncated)
    with pytest.raises(ValueError, match="holds a VAE, not a Autoencoder"):
        load_model(tmp_path / "whole.keras", model_class=Autoencoder)
    assert (tmp_path / "whole.keras").stat().st_size > 2000  # nothing was lost


def test_bad_settings_are_rejected():
    with pytest.raises(ValueError, match="latent_dim=0"):
        VAE(0)
    with pytest.raises(ValueError, match="beta=-1"):
        VAE(2, beta=-1.0)
    with pytest.raises(ValueError, match="image_size=60"):
        Autoencoder(2, image_size=60)
    with pytest.raises(ValueError, match="model='gan'"):
        training.build_model("gan")
    with pytest.raises(ValueError, match="z.shape=\\(3, 4\\)"):
        Autoencoder(2, filters=TINY).decode(np.zeros((3, 4)))


@pytest.mark.parametrize("model_class", ["VAE", "ConditionalVAE"])
def test_a_file_saved_under_another_backend_loads_here(model_class, tmp_path):
    current = keras.backend.backend()
    other = {"jax": "torch", "torch": "tensorflow", "tensorflow": "jax"}[current]
    path = tmp_path / f"from_{other}.keras"
    conditional = model_class == "ConditionalVAE"
    script = (
        "import sys, numpy as np\n"
        f"from cylinders import {model_class}\n"
        f"model = {model_class}(2, filters={TINY!r}, seed=3)\n"
        "z = np.array([[0.5, -1.0]], dtype='float32')\n"
        f"np.save(sys.argv[2], model.decode({'(z, 1)' if conditional else 'z'}))\n"
        "model.save(sys.argv[1])\n"
    )
    expected_path = tmp_path / "expected.npy"
    root = pathlib.Path(__file__).resolve().parents[1]
    env = {**os.environ, "KERAS_BACKEND": other, "PYTHONPATH": str(root)}
    subprocess.run(
        [sys.executable, "-c", script, str(path), str(expected_path)], check=True, env=env
    )
    loaded = load_model(path)
    assert type(loaded).__name__ == model_class
    z = np.array([[0.5, -1.0]], dtype="float32")
    decoded = loaded.decode((z, 1) if conditional else z)
    np.testing.assert_allclose(decoded, np.load(expected_path), atol=1e-5)


@pytest.mark.parametrize("in_channels,out_channels,size", [(8, 8, 4), (16, 1, 16), (3, 5, 7)])
def test_the_transposed_convolution_computes_keras_s(in_channels, out_channels, size, rng):
    settings = {"kernel_size": 3, "strides": 2, "padding": "same", "activation": "relu"}
    ours = models.Conv2DTranspose(out_channels, **settings)
    theirs = keras.layers.Conv2DTranspose(out_channels, **settings)
    x = rng.standard_normal((4, size, size, in_channels)).astype("float32")
    ours.build(x.shape), theirs.build(x.shape)
    ours.set_weights([rng.standard_normal(w.shape).astype("float32") for w in ours.get_weights()])
    theirs.set_weights(ours.get_weights())
    expected = keras.ops.convert_to_numpy(theirs(x))
    assert expected.shape == (4, 2 * size, 2 * size, out_channels) and expected.max() > 1
    got = keras.ops.convert_to_numpy(ours(x))
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5 * np.abs(expected).max())


def test_the_decoder_computes_its_transposed_convolutions_as_sub_pixel_ones_on_jax():
    decoder = models.build_decoder(2, filters=TINY)
    upsampling = [layer for layer in decoder.layers if isinstance(layer, models.Conv2DTranspose)]
    on_jax = keras.backend.backend() == "jax"
    assert [layer._sub_pixel() for layer in upsampling] == [on_jax] * len(TINY)


def test_package_imports_no_backend_directly():
    import ast

    package = pathlib.Path(models.__file__).parent
    for source in package.glob("*.py"):
        tree = ast.parse(source.read_text())
        names = {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        names |= {
            (node.module or "").split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
        }
        assert not names & {"jax", "torch", "tensorflow"}, source.name


def test_conditional_vae_trains_with_fit_on_images_and_labels(cylinders_data):
    images, factors = cylinders_data
    keras.utils.set_random_seed(0)
    model = ConditionalVAE(2, filters=TINY)
    model.compile(optimizer=keras.optimizers.Adam(1e-3))
    history = model.fit((images, factors["kind"]), batch_size=32, epochs=2, verbose=0).history
    assert history["loss"][-1] < history["loss"][0]
    z = model.encode((images[:6], factors["kind"][:6]))
    assert z.shape == (6, 2)
    as_type_1, as_type_2 = model.decode((z, 0)), model.decode((z, 1))
    assert as_type_1.shape == (6, 64, 64, 1)
    assert not np.allclose(as_type_1, as_type_2)  # the label reaches the decoder


@pytest.mark.parametrize(
    "labels,match",
    [
        (None, "labels=None"),
        ("missing", r"\(images, labels\)"),
        (np.zeros(5, int), r"labels.shape=\(5,\)"),
        (np.full(6, 2), r"lie in \[0, 1\]"),
        (np.full(6, -1), r"lie in \[0, 1\]"),
        (np.full(6, 0.5), "must be integers"),
    ],
)
def test_conditional_vae_rejects_bad_labels(labels, match, cylinders_data):
    images, _ = cylinders_data
    model = ConditionalVAE(2, filters=TINY)
    if isinstance(labels, str):  # the images alone, as for the VAE
        with pytest.raises(ValueError, match=match):
            model.encode(images[:6])
        with pytest.raises(ValueError, match=match.replace("images", "z")):
            model.decode(np.zeros((6, 2)))
        return
    with pytest.raises(ValueError, match=match):
        model.encode((images[:6], labels))
    with pytest.raises(ValueError, match=match):
        model.decode((np.zeros((6, 2)), labels))
    with pytest.raises(ValueError, match="num_labels=1"):
        ConditionalVAE(2, num_labels=1)


def test_conditional_vae_saves_and_loads(cylinders_data, tmp_path):
    images, factors = cylinders_data
    model, _ = training.train_model(
        "cvae", images, factors["kind"], epochs=1, batch_size=32, filters=TINY, seed=2
    )
    model.save(tmp_path / "cvae.keras")
    loaded = load_model(tmp_path / "cvae.keras", model_class=ConditionalVAE)
    assert loaded.num_labels == 2 and loaded.beta == model.beta
    z = np.linspace(-2, 2, 12, dtype="float32").reshape(6, 2)
    np.testing.assert_array_equal(loaded.decode((z, 1)), model.decode((z, 1)))
    inputs = (images[:6], factors["kind"][:6])
    np.testing.assert_array_equal(loaded.encode(inputs), model.encode(inputs))
    np.testing.assert_array_equal(loaded.reconstruct(inputs), model.reconstruct(inputs))


def test_training_needs_labels_for_the_conditional_vae_only(cylinders_data):
    images, factors = cylinders_data
    with pytest.raises(ValueError, match="labels=None"):
        training.train_model("cvae", images, epochs=1, filters=TINY)
    with pytest.raises(ValueError, match="only for model='cvae'"):
        training.train_model("vae", images, factors["kind"], epochs=1, filters=TINY)


@pytest.mark.parametrize("model_name", ["vae", "cvae"])
def test_two_trainings_with_one_seed_give_identical_weights(model_name, cylinders_data):
    images, factors = cylinders_data
    labels = factors["kind"] if model_name == "cvae" else None
    runs = [
        training.train_model(model_name, images, labels, epochs=2, batch_size=16, seed=5)[0]
        for _ in range(2)
    ]
    for first, second in zip(runs[0].get_weights(), runs[1].get_weights(), strict=True):
        np.testing.assert_array_equal(first, second)


def test_sampling_draws_around_the_mean_in_training_and_the_vae_uses_the_mean_at_inference(
    cylinders_data,
):
    from cylinders.models import Sampling

    z_mean = np.array([[1.0, -2.0]] * 20000, "float32")
    z_log_var = np.log(np.array([[0.25, 4.0]] * 20000, "float32"))  # σ = 0.5 and 2
    drawn = keras.ops.convert_to_numpy(Sampling(seed=1)(z_mean, z_log_var))
    np.testing.assert_allclose(drawn.mean(axis=0), [1.0, -2.0], atol=0.05)
    np.testing.assert_allclose(drawn.std(axis=0), [0.5, 2.0], rtol=0.03)
    images, _ = cylinders_data
    model = VAE(2, filters=TINY, seed=0)
    inference = [keras.ops.convert_to_numpy(model(images[:4])[0]) for _ in range(2)]
    np.testing.assert_array_equal(inference[0], inference[1])  # through μ: no noise
    np.testing.assert_allclose(inference[0], model.decode(model.encode(images[:4])), atol=1e-6)
    training_calls = [keras.ops.convert_to_numpy(model(images[:4], training=True)[0])]
    training_calls.append(keras.ops.convert_to_numpy(model(images[:4], training=True)[0]))
    assert not np.allclose(training_calls[0], training_calls[1])  # a new ε at every step


def test_sample_weight_weighs_each_image_in_the_loss(cylinders_data):
    images, _ = cylinders_data
    keras.utils.set_random_seed(0)
    model = VAE(2, filters=TINY, seed=0)
    outputs = model(images[:4])
    per_image = [
        float(model.compute_loss(images[i : i + 1], None, model(images[i : i + 1])))
        for i in range(4)
    ]
    weights = np.array([1.0, 0.0, 2.0, 0.0], "float32")
    weighted = float(model.compute_loss(images[:4], None, outputs, sample_weight=weights))
    np.testing.assert_allclose(weighted, (per_image[0] + 2 * per_image[2]) / 4, rtol=1e-5)
    unweighted = float(model.compute_loss(images[:4], None, outputs))
    np.testing.assert_allclose(unweighted, np.mean(per_image), rtol=1e-5)


def test_several_steps_per_call_give_the_same_weights_as_one(cylinders_data):
    """`compile`'s default `steps_per_execution` (32 on TensorFlow) is a speed setting only."""
    images, _ = cylinders_data
    runs = []
    for steps in (None, 1):
        keras.utils.set_random_seed(0)
        model = VAE(2, filters=TINY, seed=0)
        model.compile(optimizer=keras.optimizers.Adam(1e-3), steps_per_execution=steps)
        keras.utils.set_random_seed(0)
        model.fit(images, epochs=2, batch_size=8, verbose=0)
        runs.append(model.get_weights())
    expected = models.STEPS_PER_EXECUTION if keras.backend.backend() == "tensorflow" else 1
    assert model.steps_per_execution == 1 and runs
    keras.utils.set_random_seed(0)
    default = VAE(2, filters=TINY, seed=0)
    default.compile(optimizer="adam")
    assert default.steps_per_execution == expected
    for first, second in zip(*runs, strict=True):
        np.testing.assert_array_equal(first, second)
