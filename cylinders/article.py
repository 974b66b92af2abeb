"""The article's settings and models, in one place.

"The VAE" of the article is one network: the one `model("vae")` returns, trained on `data()` with
the settings below. Every example that uses it calls `model("vae")` (or writes the same steps out,
as the VAE example does, and shares the cached run), so a change of setting here changes it
everywhere at once.

`CYLINDERS_FAST=1` in the environment shrinks the data and the training, to check quickly that an
example runs (the site's tests do); the figures are then meaningless.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import pathlib
from collections.abc import Callable, Iterable
from typing import Any

import keras
import numpy as np

from cylinders import cache, defaults, shapes

#: Whether the examples run in fast mode (`CYLINDERS_FAST=1`, the one place that reads it): tiny
#: data, two epochs.
FAST = os.environ.get("CYLINDERS_FAST", "") == "1"
#: Training cylinders.
N_SAMPLES = 200 if FAST else defaults.N_SAMPLES
#: Held-out cylinders, drawn with another seed, for the reconstruction error.
N_TEST = 500
#: Passes over the training cylinders.
EPOCHS = 2 if FAST else defaults.EPOCHS
#: Dimension of the latent space.
LATENT_DIM = defaults.LATENT_DIM
#: Weight of the KL term (1 is the ELBO).
BETA = defaults.BETA
#: Seeds the data and the article's models (initial weights, shuffling, the VAE's sampling).
SEED = defaults.SEED
#: The seed of the held-out cylinders.
TEST_SEED = SEED + 1000
#: Images per gradient step.
BATCH_SIZE = defaults.BATCH_SIZE
#: Adam's learning rate.
LEARNING_RATE = defaults.LEARNING_RATE


def data() -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The training cylinders: `(images, factors)`, as `make_cylinders(N_SAMPLES)` draws them."""
    return shapes.make_cylinders(N_SAMPLES, random_state=SEED)


def test_data() -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The held-out cylinders: `(images, factors)`, drawn with `TEST_SEED`."""
    return shapes.make_cylinders(N_TEST, random_state=TEST_SEED)


def train(
    name: str,
    images: Any,
    labels: Any = None,
    *,
    latent_dim: int = LATENT_DIM,
    beta: float = BETA,
    seed: int = SEED,
    verbose: int | str = 0,
) -> tuple[keras.Model, dict[str, Any]]:
    """Trains one of the article's networks on `images` with the article's settings, or loads it
    from the cache when that very training ran before.

    Args:
        name: `"ae"`, `"vae"` or `"cvae"` (told each image's label).
        images: training images `(n, 64, 64, 1)`.
        labels: for `"cvae"` only, the images' labels.
        latent_dim: dimension of the latent space.
        beta: weight of the KL term (the VAEs).
        seed: seeds the initial weights, the shuffling and the sampling.
        verbose: `"epochs"` prints one line every few epochs (replayed from the cache).

    Returns:
        `(model, record)`, as `cache.cached_train` returns them.
    """
    settings = _settings(latent_dim=latent_dim, beta=beta, seed=seed)
    return cache.cached_train(name, images, labels, **settings, verbose=verbose)


def _settings(*, latent_dim: int = LATENT_DIM, beta: float = BETA, seed: int = SEED) -> dict:
    """The settings of `cache.cached_train` that `train` passes."""
    return {
        "epochs": EPOCHS,
        "latent_dim": latent_dim,
        "beta": beta,
        "batch_size": BATCH_SIZE,
        "learning_rate": LEARNING_RATE,
        "seed": seed,
    }


def model(
    name: str = "vae",
    *,
    latent_dim: int = LATENT_DIM,
    beta: float = BETA,
    seed: int = SEED,
    verbose: int | str = 0,
) -> tuple[keras.Model, dict[str, Any]]:
    """One of the article's models: `train(name, ...)` on the article's cylinders, `data()` (the
    conditional VAE told their types).

    Args:
        name: `"ae"`, `"vae"` or `"cvae"`.
        latent_dim: dimension of the latent space.
        beta: weight of the KL term (the VAEs).
        seed: seeds the initial weights, the shuffling and the sampling (the data stay the same:
            other seeds are other trainings on the same cylinders).
        verbose: `"epochs"` prints one line every few epochs (replayed from the cache).

    Returns:
        `(model, record)`, as `cache.cached_train` returns them.
    """
    return train(name, *_inputs(name), latent_dim=latent_dim, beta=beta, seed=seed, verbose=verbose)


def _inputs(name: str) -> tuple[np.ndarray, np.ndarray | None]:
    """What `model(name)` trains on: `data()`'s images, and their types for the conditional VAE."""
    images, factors = data()
    return images, factors["kind"] if name == "cvae" else None


def _train_one(request: dict[str, Any]) -> float:
    """`model(**request)` in a worker process; the seconds its training took."""
    return model(**request)[1]["train_seconds"]


def train_missing(
    requests: Iterable[dict[str, Any]],
    *,
    workers: int | None = None,
    log: Callable[[str], None] = print,
) -> list[dict[str, Any]]:
    """Trains those of the `model(**request)` calls whose training the cache lacks, several at a
    time when that gives the same weights, so that the calls that follow load them at once.

    Trainings run side by side, each in a process of its own, only when this process computes on
    one thread (`cache.threads() == 1`, as in the site's build, whose examples run in
    `defaults.ONE_THREAD`): each worker then computes on one thread too, and its weights are the
    bits a one-at-a-time run gives (on two threads they would differ in their last bits, and
    would be other entries of the cache). Otherwise they run here, one after the other.

    Args:
        requests: keyword arguments of `model`, one dict per training (`name`, `latent_dim`,
            `beta`, `seed`).
        workers: trainings at a time; default: the processor's cores.
        log: called with one line per training done.

    Returns:
        The requests that were trained (the others were in the cache).
    """
    requests = [dict(request) for request in requests]
    for request in requests:
        unknown = sorted(set(request) - {"name", "latent_dim", "beta", "seed"})
        if unknown:
            raise ValueError(
                f"`requests` hold keyword arguments of `model`; received {unknown} in {request}"
            )
    missing = []
    for request in requests:
        name = request.pop("name", "vae")
        found = cache.contains(name, *_inputs(name), **_settings(**request))
        request = {"name": name, **request}
        if not found and request not in missing:
            missing.append(request)

    def described(count: int, request: dict[str, Any]) -> str:
        settings = ", ".join(f"{key} {value}" for key, value in request.items())
        return f"training {count}/{len(missing)} ({settings})"

    workers = min(workers or cache.cpus(), len(missing))
    if workers <= 1 or cache.threads() != 1:
        for count, request in enumerate(missing, 1):
            log(f"{described(count, request)}: {_train_one(request):.0f} s")
        return missing
    # "spawn": a fresh interpreter per worker, whatever the backend has already started here.
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
        futures = {pool.submit(_train_one, request): request for request in missing}
        for count, done in enumerate(concurrent.futures.as_completed(futures), 1):
            seconds = done.result()
            log(f"{described(count, futures[done])}: {seconds:.0f} s, {workers} at a time")
    return missing


def output_folder(example: str) -> pathlib.Path:
    """Where an example writes its figures: `$CYLINDERS_OUTPUT`, else `outputs/<example>`."""
    default = pathlib.Path("outputs") / example
    folder = pathlib.Path(os.environ.get("CYLINDERS_OUTPUT", default))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def settings() -> dict[str, Any]:
    """The settings, for an example's `results.json` (and the article's numbers)."""
    return {
        "n_samples": N_SAMPLES,
        "n_test": N_TEST,
        "epochs": EPOCHS,
        "latent_dim": LATENT_DIM,
        "beta": BETA,
        "seed": SEED,
        "batch_size": BATCH_SIZE,
        "learning_rate": LEARNING_RATE,
    }
