"""A cache of trained models, so that rerunning an example takes seconds instead of minutes.

A model is stored under a key that hashes everything that shapes it: the training images, the settings,
the Keras backend and version, and the source of this package. Change any of them and the model is
trained again; change nothing and it is loaded from disk.

The cache lives in `$CYLINDERS_CACHE`, or `~/.cache/cylinders` when that is unset.
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import time
import warnings
from typing import Any

import numpy as np
import keras

from cylinders import saving, training

_PACKAGE = pathlib.Path(__file__).resolve().parent


def cache_dir() -> pathlib.Path:
    """The folder that holds cached models."""
    return pathlib.Path(os.environ.get("CYLINDERS_CACHE", pathlib.Path.home() / ".cache" / "cylinders"))


def package_digest() -> str:
    """A hash of this package's source files: any edit to the package retrains cached models."""
    digest = hashlib.sha256()
    for source in sorted(_PACKAGE.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def model_key(model: str, images: np.ndarray, settings: dict[str, Any]) -> str:
    """The cache key of a model trained with `training.train_model(model, images, **settings)`."""
    digest = hashlib.sha256()
    digest.update(np.ascontiguousarray(images, dtype=np.float32).tobytes())
    described = {"model": model, "settings": settings, "backend": keras.backend.backend(),
                 "keras": keras.__version__, "package": package_digest()}
    digest.update(json.dumps(described, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:24]


def cached_train(model: str, images: Any, **settings: Any) -> tuple[keras.Model, dict[str, Any]]:
    """Trains `model` on `images` with `training.train_model`, or loads the result of an identical run.

    Args:
        model: `"ae"` or `"vae"`.
        images: training images.
        **settings: keyword arguments of `training.train_model` (epochs, latent_dim, beta, seed, ...).

    Returns:
        `(model, record)`: the trained model, and a dict with its `history`, the `settings`, the
        `train_seconds` of the run that trained it, and `cached` (whether it came from disk).
    """
    images = np.asarray(images, dtype=np.float32)
    key = model_key(model, images, settings)
    folder = cache_dir()
    model_path, record_path = folder / f"{model}-{key}.keras", folder / f"{model}-{key}.json"
    if model_path.exists() and record_path.exists():
        try:
            record = json.loads(record_path.read_text())
            return saving.load_model(model_path), {**record, "cached": True}
        except (ValueError, json.JSONDecodeError) as error:
            warnings.warn(f"Retraining: the cached model {model_path} could not be read ({error})")
    start = time.perf_counter()
    network, history = training.train_model(model, images, **settings)
    record = {"history": {name: [float(value) for value in values] for name, values in history.items()},
              "settings": settings, "train_seconds": time.perf_counter() - start,
              "backend": keras.backend.backend()}
    folder.mkdir(parents=True, exist_ok=True)
    partial = model_path.with_suffix(f".{os.getpid()}.partial.keras")
    network.save(partial)
    os.replace(partial, model_path)  # a crash never leaves a half-written model under the real name
    record_path.write_text(json.dumps(record, default=str))
    return network, {**record, "cached": False}
