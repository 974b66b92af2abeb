"""Training with the settings the article uses, chosen by measurement (see the README's notes)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import keras
import numpy as np

from cylinders import defaults, models
from cylinders.checks import check_integer, check_real

MODEL_NAMES = ("ae", "vae", "cvae")


def epoch_line(epoch: int, epochs: int, logs: dict[str, float]) -> str:
    """One line of the training log: `epoch 10/50  loss 123.4  reconstruction_loss 110.2  kl_loss
    13.2`."""
    names = sorted(logs, key=lambda name: (name != "loss", name))  # the total first
    values = "  ".join(f"{name} {float(logs[name]):.1f}" for name in names)
    return f"epoch {epoch:>{len(str(epochs))}}/{epochs}  {values}"


def log_interval(epochs: int) -> int:
    """Every how many epochs the short log prints a line: about ten lines per training."""
    return max(1, epochs // 10)


class EpochLog(keras.callbacks.Callback):
    """Prints one short line every few epochs (the first and the last always), with the elapsed
    time."""

    def __init__(self, epochs: int):
        super().__init__()
        self.epochs, self.every = epochs, log_interval(epochs)

    def on_train_begin(self, logs=None):
        self.start = time.perf_counter()

    def _shown(self, done: int) -> bool:
        """Whether the log has a line after epoch `done` (1-based)."""
        return done == 1 or done % self.every == 0 or done == self.epochs

    def on_epoch_end(self, epoch, logs=None):
        if self._shown(epoch + 1):
            elapsed = time.perf_counter() - self.start
            line = epoch_line(epoch + 1, self.epochs, logs or {})
            print(f"{line}  ({elapsed:.0f} s)", flush=True)

    def replay(self, history: dict[str, list[float]], seconds: float) -> None:
        """Prints the log of a run that was not rerun (`cache.fit` loaded its weights), from its
        stored per-epoch losses, marked as a replay."""
        print(f"(from the cache: the log of the run that trained it, in {seconds:.0f} s)")
        for done in filter(self._shown, range(1, self.epochs + 1)):
            logs = {name: values[done - 1] for name, values in history.items()}
            print(epoch_line(done, self.epochs, logs), flush=True)


def _keras_fit(
    model: keras.Model, x: Any, *, seed: int, **fit_arguments: Any
) -> keras.callbacks.History:
    """`keras.utils.set_random_seed(seed)` then `model.fit(x, **fit_arguments)`: what
    `train_model` calls when given no other `fit` (`cache.fit` does the same, with a memory)."""
    keras.utils.set_random_seed(seed)  # shuffles the data
    return model.fit(x, **fit_arguments)


def build_model(
    model: str = "vae",
    *,
    latent_dim: int = defaults.LATENT_DIM,
    beta: float = defaults.BETA,
    image_size: int = 64,
    seed: int | None = None,
    filters: tuple[int, ...] = models.DEFAULT_FILTERS,
    num_labels: int = defaults.NUM_LABELS,
) -> keras.Model:
    """Builds an untrained `Autoencoder` (`"ae"`), `VAE` (`"vae"`) or `ConditionalVAE`
    (`"cvae"`)."""
    if model == "ae":
        return models.Autoencoder(latent_dim, image_size=image_size, filters=filters)
    if model == "vae":
        return models.VAE(latent_dim, beta=beta, image_size=image_size, filters=filters, seed=seed)
    if model == "cvae":
        return models.ConditionalVAE(
            latent_dim,
            num_labels=num_labels,
            beta=beta,
            image_size=image_size,
            filters=filters,
            seed=seed,
        )
    raise ValueError(f"`model` must be one of {MODEL_NAMES}. Received: model={model!r}")


def train_model(
    model: str,
    images: Any,
    labels: Any = None,
    *,
    epochs: int = defaults.EPOCHS,
    latent_dim: int = defaults.LATENT_DIM,
    beta: float = defaults.BETA,
    batch_size: int = defaults.BATCH_SIZE,
    learning_rate: float = defaults.LEARNING_RATE,
    seed: int = defaults.SEED,
    verbose: int | str = 0,
    filters: tuple[int, ...] = models.DEFAULT_FILTERS,
    fit: Callable[..., keras.callbacks.History] | None = None,
) -> tuple[keras.Model, keras.callbacks.History]:
    """Builds and trains a model on `images`.

    Args:
        model: `"ae"`, `"vae"` or `"cvae"`.
        images: float array `(n, size, size, 1)` of 0/1 pixels.
        labels: for `"cvae"` only, `n` integer labels (the cylinders' `kind`).
        epochs: passes over the data.
        latent_dim: dimension of the latent space.
        beta: weight of the KL term (VAE only).
        batch_size: images per gradient step.
        learning_rate: Adam's learning rate.
        seed: seeds the weights, the shuffling and the VAE's sampling.
        verbose: Keras's `fit` verbosity (1 shows a progress bar), or `"epochs"` for one short line
            every few epochs (`EpochLog`).
        filters: channels of the encoder's convolutions.
        fit: what trains the compiled model, called as `fit(model, x, seed=..., epochs=..., ...)`;
            `None` sets the seed and calls `model.fit`. `cache.fit` trains or loads the weights
            of an identical run.

    Returns:
        `(model, history)`: the trained model and its `History` (per-epoch losses in
        `history.history`).
    """
    check_integer(epochs, "epochs")
    check_integer(batch_size, "batch_size")
    check_real(learning_rate, "learning_rate", strict=True)
    images = np.asarray(images, dtype="float32")
    inputs = images
    if model == "cvae":
        if labels is None:
            raise ValueError("`labels` is required to train a 'cvae'. Received: labels=None")
        labels = np.asarray(labels)
        num_labels = max(defaults.NUM_LABELS, int(labels.max()) + 1)
        models.one_hot_labels(labels, len(images), num_labels)  # the helpers' clear errors
        inputs = (images, labels.astype("int32"))
    elif labels is not None:
        raise ValueError(
            f"`labels` is only for model='cvae'. Received: model={model!r} with labels"
        )
    callbacks = [EpochLog(epochs)] if verbose == "epochs" else []
    if fit is None:  # `cache.fit` would store the trained weights, and load them the next time
        fit = _keras_fit
    # --8<-- [start:fit]
    keras.utils.set_random_seed(seed)  # draws the initial weights
    network = build_model(
        model,
        latent_dim=latent_dim,
        beta=beta,
        image_size=images.shape[1],
        seed=seed,
        filters=filters,
        **({"num_labels": num_labels} if model == "cvae" else {}),
    )
    network.compile(optimizer=keras.optimizers.Adam(learning_rate))
    history = fit(
        network,
        inputs,
        seed=seed,  # shuffles the data
        batch_size=batch_size,
        epochs=epochs,
        shuffle=True,
        callbacks=callbacks,
        verbose=0 if verbose == "epochs" else verbose,
    )
    # --8<-- [end:fit]
    return network, history
