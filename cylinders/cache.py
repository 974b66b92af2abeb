"""A cache of trained weights, so that rerunning an example takes seconds instead of minutes.

`cache.fit(model, x, seed=..., ...)` is `keras.utils.set_random_seed(seed)` then
`model.fit(x, ...)` for a compiled model, with a memory: it stores the trained weights, the
optimizer's state and the per-epoch losses under a key, and the next identical call loads them
into `model` instead of training. Write those two lines instead to train every time.

The key hashes everything that decides the result of the training, and refuses what it cannot
read:

- the model: its class, its configuration, its initial weights (so the seed that drew them), its
  optimizer's configuration, and the code of every class it is made of (its own, its layers',
  its optimizer's, wherever they are defined; Keras's own code is keyed by Keras's version). The
  code is parsed and stripped of what cannot change what is learned: comments, docstrings,
  layout and the messages of errors and warnings;
- the data and every argument of `fit`, arrays by their content (`joblib.hash`), and the seed
  that shuffles the data (set here, just before `fit`);
- the versions that change the numbers: the backend and its version, Keras, NumPy;
- the number of threads the backend computes with (`threads()`): TensorFlow and PyTorch split
  their sums differently on one thread and on two, and the weights differ in their last bits.

Callbacks other than `training.EpochLog` can change what is learned (`EarlyStopping`,
`LearningRateScheduler`) and are refused, as are arguments that are not arrays, numbers or
strings (a `tf.data.Dataset`, a generator): call `model.fit` for those.

The cache lives in `$CYLINDERS_CACHE`, or `~/.cache/cylinders` when that is unset, and holds at
most `$CYLINDERS_CACHE_MB` megabytes (default 1,000): storing a model removes the entries used
least recently beyond that. `python -m cylinders cache list` shows it, `... cache clear` empties it.
Processes may share it: while one trains an entry, another that asks for the same waits, then loads
it (a lock file per entry, on systems with `fcntl`).
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import importlib.metadata
import inspect
import json
import os
import pathlib
import sys
import time
import warnings
from typing import Any

import joblib
import keras
import numpy as np

from cylinders import training
from cylinders.defaults import cpus

#: Raise this when the files' layout changes, so that old entries are not read as new ones.
FORMAT = 2
#: Keras's defaults for the arguments of `fit` that are in the key.
_FIT_DEFAULTS = {"batch_size": None, "epochs": 1, "shuffle": True}
#: The distributions whose versions change a backend's numbers.
_BACKEND_DISTRIBUTIONS = {
    "tensorflow": ("tensorflow", "tensorflow-cpu"),
    "torch": ("torch",),
    "jax": ("jax", "jaxlib"),
    "numpy": (),
}
_DEFAULT_MAX_MB = 1000
#: Top-level modules whose code is keyed by a version instead (Python's, Keras's, the backends').
_VERSIONED = ("builtins", "abc", "typing", "keras", "tensorflow", "torch", "jax", "flax", "optree")


def cache_dir() -> pathlib.Path:
    """The folder that holds cached models."""
    return pathlib.Path(
        os.environ.get("CYLINDERS_CACHE", pathlib.Path.home() / ".cache" / "cylinders")
    )


class _Learned(ast.NodeTransformer):
    """Keeps, of a module's syntax tree, what can change what a model learns: drops docstrings
    and the messages of `raise`, `assert` and `warnings.warn`."""

    def generic_visit(self, node):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass()]
        return super().generic_visit(node)

    def visit_Raise(self, node):
        if isinstance(node.exc, ast.Call):  # raise ValueError("...") -> raise ValueError
            node.exc = node.exc.func
        return node

    def visit_Assert(self, node):
        node.msg = None
        return self.generic_visit(node)

    def visit_Expr(self, node):
        call = node.value
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "warn"
            and isinstance(call.func.value, ast.Name)
            and call.func.value.id == "warnings"
        ):
            return None
        return self.generic_visit(node)


def code_digest(source: str) -> str:
    """A hash of Python code that comments, docstrings, layout and error messages do not change."""
    tree = _Learned().visit(ast.parse(source))
    return hashlib.sha256(ast.dump(tree).encode()).hexdigest()


def _classes(model: keras.Model) -> set[type]:
    """The classes a compiled model is made of: its own, its layers', its optimizer's, and their
    parents."""
    objects = [model, model.optimizer, *model._flatten_layers(include_self=False, recursive=True)]
    return {cls for obj in objects for cls in type(obj).__mro__}


def model_code_digest(model: keras.Model) -> dict[str, str]:
    """The code digest of every module, outside Keras and Python itself, that defines a class the
    model is made of (for a class defined in a notebook, the class's own code).

    Raises:
        ValueError: when the code of one of those classes cannot be found.
    """
    digests = {}
    for cls in _classes(model):
        module_name = cls.__module__
        if module_name.split(".")[0] in _VERSIONED:
            continue
        module = sys.modules.get(module_name)
        by_class = module_name == "__main__" or module is None
        name = f"{module_name}.{cls.__qualname__}" if by_class else module_name
        if name in digests:  # a module is read once, however many of its classes the model uses
            continue
        try:
            source = inspect.getsource(cls if by_class else module)
        except (OSError, TypeError) as error:
            raise ValueError(
                "`cache.fit` keys a model on the code of every class it is made of, and cannot "
                f"read the code of {module_name}.{cls.__qualname__} ({error}). Call `model.fit` "
                "to train it without the cache."
            ) from None
        digests[name] = code_digest(source)
    return dict(sorted(digests.items()))


def versions() -> dict[str, str]:
    """The versions that change the numbers a training gives: the backend's, Keras's, NumPy's."""
    backend = keras.backend.backend()
    found = {"backend": backend, "keras": keras.__version__, "numpy": np.__version__}
    for distribution in _BACKEND_DISTRIBUTIONS.get(backend, ()):
        try:
            found[distribution] = importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            continue
    return found


def threads() -> int:
    """The number of threads the backend computes with: its own setting (`defaults.ONE_THREAD` sets
    each backend's to 1), else the processor's cores."""
    backend = keras.backend.backend()
    module = sys.modules.get(backend)  # Keras imported it (the package imports no backend itself)
    if backend == "torch":
        return module.get_num_threads()
    if backend == "tensorflow":
        configured = module.config.threading.get_intra_op_parallelism_threads()
        return configured or int(os.environ.get("TF_NUM_INTRAOP_THREADS") or 0) or cpus()
    if backend == "jax":
        flags = os.environ.get("XLA_FLAGS", "")
        return 1 if "--xla_cpu_multi_thread_eigen=false" in flags else cpus()
    return cpus()


def _check_callbacks(callbacks: Any) -> None:
    for callback in callbacks or []:
        if not isinstance(callback, (training.EpochLog, keras.callbacks.History)):
            raise ValueError(
                "`cache.fit` only takes callbacks that print (`training.EpochLog`): another "
                "callback can change what is learned, and the cache cannot tell. "
                f"Received: callbacks=[..., {type(callback).__name__}, ...]; call `model.fit` "
                "for this training."
            )


def _hashable(name: str, value: Any) -> Any:
    """`value` when the key can read it (arrays, numbers, strings, and lists, tuples and dicts of
    them), else a `ValueError` naming the argument."""
    if value is None or isinstance(value, (bool, int, float, str, np.ndarray, np.generic)):
        return value
    if isinstance(value, (list, tuple)):
        return type(value)(_hashable(name, part) for part in value)
    if isinstance(value, dict):
        return {key: _hashable(name, part) for key, part in value.items()}
    if hasattr(value, "__array__") and hasattr(value, "shape"):  # a backend's tensor
        return np.asarray(value)
    raise ValueError(
        "`cache.fit` keys arrays, numbers and strings (and lists of them); it cannot key "
        f"`{name}` of type {type(value).__name__}. Call `model.fit` for this training."
    )


def fit_key(model: keras.Model, x: Any, *, seed: int, **fit_arguments: Any) -> str:
    """The cache key of `cache.fit(model, x, seed=seed, **fit_arguments)` for this compiled,
    untrained `model`.

    Raises:
        ValueError: when `model` is not compiled (its optimizer is part of the key), or an
            argument is one the key cannot read (a callback that is not `training.EpochLog`, a
            dataset, a generator).
    """
    if getattr(model, "optimizer", None) is None:
        raise ValueError(
            "`cache.fit` needs a compiled model (its optimizer is part of the cache key). "
            f"Received: an uncompiled {type(model).__name__}; call `model.compile(...)` first."
        )
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ValueError(f"`seed` must be an integer. Received: seed={seed!r}")
    _check_callbacks(fit_arguments.get("callbacks"))
    arguments = {**_FIT_DEFAULTS, **fit_arguments, "x": x}
    arguments = {
        name: _hashable(name, value)
        for name, value in arguments.items()
        if name not in ("callbacks", "verbose")  # what is printed, not what is learned
    }
    unnamed = {"name": None}  # Keras numbers the names of new objects (vae, vae_1, ...)
    described = {
        "format": FORMAT,
        "class": f"{type(model).__module__}.{type(model).__qualname__}",
        "config": {**model.get_config(), **unnamed},
        "optimizer": {**model.optimizer.get_config(), **unnamed},
        "initial_weights": joblib.hash(model.get_weights()),
        "fit": joblib.hash(arguments),
        "seed": int(seed),
        "versions": versions(),
        "threads": threads(),
        "code": model_code_digest(model),
    }
    text = json.dumps(described, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


class CachedHistory(keras.callbacks.History):
    """What `fit` returns: the per-epoch losses in `history`, plus `seconds` (how long the run
    that trained the weights took) and `cached` (whether they were loaded from disk)."""

    def __init__(self, history: dict[str, list[float]], seconds: float, cached: bool):
        super().__init__()
        self.history, self.seconds, self.cached = history, seconds, cached


def _replay(callbacks: list, history: dict[str, list[float]], seconds: float) -> None:
    """Replays the log of a cached run through the `training.EpochLog` callbacks, marked as a
    replay (no training happened)."""
    for callback in callbacks:
        if isinstance(callback, training.EpochLog):
            callback.replay(history, seconds)


def _input_shapes(x: Any) -> Any:
    parts = x if isinstance(x, (tuple, list)) else (x,)
    shapes = [(None, *np.shape(part)[1:]) for part in parts]
    return shapes[0] if len(shapes) == 1 else shapes


def _assign(variables: list, values: list[np.ndarray], what: str) -> None:
    if len(variables) != len(values):
        raise ValueError(f"{len(values)} {what} arrays stored, {len(variables)} expected")
    for variable, value in zip(variables, values):
        if tuple(variable.shape) != value.shape:
            raise ValueError(f"a {what} array of shape {value.shape} for {variable.path}")
        variable.assign(value)


def _load(model: keras.Model, x: Any, weights_path: pathlib.Path) -> None:
    """Loads the stored state into `model`, as `fit` would have left it: its weights and seeds
    (`model.variables`) and its optimizer's variables (Adam's moments, its step count)."""
    if not model.built:  # saving an unbuilt model warns
        model.build(_input_shapes(x))
    with np.load(weights_path) as stored:
        weights = [stored[f"weight_{index}"] for index in range(int(stored["num_weights"]))]
        state = [stored[f"optimizer_{index}"] for index in range(int(stored["num_optimizer"]))]
    _assign(model.variables, weights, "model")
    if not model.optimizer.built:
        model.optimizer.build(model.trainable_variables)
    _assign(model.optimizer.variables, state, "optimizer")


def _store(model: keras.Model, weights_path: pathlib.Path) -> None:
    weights = [keras.ops.convert_to_numpy(variable) for variable in model.variables]
    state = [keras.ops.convert_to_numpy(variable) for variable in model.optimizer.variables]
    arrays = {f"weight_{index}": array for index, array in enumerate(weights)}
    arrays.update({f"optimizer_{index}": array for index, array in enumerate(state)})
    partial = weights_path.with_suffix(f".{os.getpid()}.partial.npz")
    np.savez(partial, num_weights=len(weights), num_optimizer=len(state), **arrays)
    os.replace(partial, weights_path)  # a crash never leaves half-written weights under the key


def _paths(model: keras.Model, key: str) -> tuple[pathlib.Path, pathlib.Path]:
    """Where the cache keeps the weights and the record of a training of `model` keyed `key`."""
    name = f"{type(model).__name__.lower()}-{key}"
    return cache_dir() / f"{name}.npz", cache_dir() / f"{name}.json"


def fit(model: keras.Model, x: Any, *, seed: int, **fit_arguments: Any) -> CachedHistory:
    """`keras.utils.set_random_seed(seed)` then `model.fit(x, **fit_arguments)`, or the weights
    and optimizer state of the very same training loaded from the cache.

    Args:
        model: a compiled, untrained Keras model; trained (or loaded) in place.
        x: the training data, as for `fit`: an array, or `(images, labels)` for the conditional VAE.
        seed: seeds the shuffling of the data (and any other random draw of the training).
        **fit_arguments: keyword arguments of `fit` (`epochs`, `batch_size`, `shuffle`,
            `validation_data`, `callbacks` that print, `verbose`, ...).

    Returns:
        A `CachedHistory`: `history` holds the per-epoch losses, as `fit`'s `History` does;
        `seconds` and `cached` say how long the training took and whether it was loaded.

    Raises:
        ValueError: for an argument the key cannot read (see `fit_key`).
    """
    weights_path, record_path = _paths(model, fit_key(model, x, seed=seed, **fit_arguments))
    with _one_process_at_a_time(weights_path):
        return _load_or_train(model, x, weights_path, record_path, seed, fit_arguments)


@contextlib.contextmanager
def _one_process_at_a_time(weights_path: pathlib.Path):
    """Holds the entry's lock file while it is read or trained: a process that asks for a
    training another is running waits for it and loads its weights instead of training it again.
    Where there is no `fcntl` (Windows) or the cache's folder is read-only, it holds nothing."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    try:
        weights_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(weights_path.with_suffix(".lock"), "a")  # noqa: SIM115 (closed below)
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file is closed, or the process dies
        yield


def _load_or_train(
    model: keras.Model,
    x: Any,
    weights_path: pathlib.Path,
    record_path: pathlib.Path,
    seed: int,
    fit_arguments: dict[str, Any],
) -> CachedHistory:
    if weights_path.exists() and record_path.exists():
        try:
            record = json.loads(record_path.read_text())
            _load(model, x, weights_path)
            record_path.touch()  # the least recently used entries go first
            _replay(fit_arguments.get("callbacks") or [], record["history"], record["seconds"])
            return CachedHistory(record["history"], record["seconds"], cached=True)
        except (ValueError, OSError, KeyError, EOFError, json.JSONDecodeError) as error:
            warnings.warn(  # noqa: B028 (about the cache, not the caller's line)
                f"Retraining: the cached weights {weights_path} could not be read ({error})"
            )
    keras.utils.set_random_seed(seed)
    start = time.perf_counter()
    trained = model.fit(x, **fit_arguments)
    seconds = time.perf_counter() - start
    history = {name: [float(value) for value in values] for name, values in trained.history.items()}
    weights_path.parent.mkdir(parents=True, exist_ok=True)
    _store(model, weights_path)
    record = {
        "history": history,
        "seconds": seconds,
        "model": type(model).__name__,
        "epochs": len(next(iter(history.values()), [])),
        **versions(),
    }
    record_path.write_text(json.dumps(record))
    evict()
    return CachedHistory(history, seconds, cached=False)


def entries() -> list[dict[str, Any]]:
    """The cached trainings, least recently used first: `name`, `model`, `epochs`, `backend`,
    `megabytes` and `used` (seconds since the epoch)."""
    found = []
    for record_path in cache_dir().glob("*.json"):
        weights_path = record_path.with_suffix(".npz")
        try:
            record = json.loads(record_path.read_text())
            size = weights_path.stat().st_size + record_path.stat().st_size
            used = record_path.stat().st_mtime
        except (OSError, json.JSONDecodeError):
            continue
        found.append(
            {
                "name": record_path.stem,
                "model": record.get("model", "?"),
                "epochs": record.get("epochs", "?"),
                "backend": record.get("backend", "?"),
                "megabytes": size / 1e6,
                "used": used,
            }
        )
    return sorted(found, key=lambda entry: entry["used"])


def _remove(name: str) -> None:
    for suffix in (".npz", ".json", ".lock"):
        (cache_dir() / f"{name}{suffix}").unlink(missing_ok=True)


def evict(max_megabytes: float | None = None) -> list[str]:
    """Removes the least recently used entries until the cache holds at most `max_megabytes`
    (default `$CYLINDERS_CACHE_MB`, else 1,000); returns the names removed."""
    if max_megabytes is None:
        max_megabytes = float(os.environ.get("CYLINDERS_CACHE_MB", _DEFAULT_MAX_MB))
    found = entries()
    total = sum(entry["megabytes"] for entry in found)
    removed = []
    for entry in found[:-1]:  # never the entry just stored
        if total <= max_megabytes:
            break
        _remove(entry["name"])
        total -= entry["megabytes"]
        removed.append(entry["name"])
    return removed


def clear() -> int:
    """Removes every cached training; returns how many."""
    found = entries()
    for entry in found:
        _remove(entry["name"])
    for leftover in [*cache_dir().glob("*.partial.npz"), *cache_dir().glob("*.lock")]:
        leftover.unlink(missing_ok=True)
    return len(found)


def contains(model: str, images: Any, labels: Any = None, **settings: Any) -> bool:
    """Whether `cached_train(model, images, labels, **settings)` would load its weights from the
    cache instead of training (it builds the model to know its key, and trains nothing)."""
    found = []

    def look_up(network: keras.Model, x: Any, *, seed: int, **fit_arguments: Any) -> CachedHistory:
        paths = _paths(network, fit_key(network, x, seed=seed, **fit_arguments))
        found.append(all(path.exists() for path in paths))
        return CachedHistory({}, 0.0, cached=found[-1])

    training.train_model(model, images, labels, fit=look_up, **settings)
    return found[0]


def cached_train(
    model: str, images: Any, labels: Any = None, **settings: Any
) -> tuple[keras.Model, dict[str, Any]]:
    """`training.train_model(model, images, labels, **settings)` through `fit`: trains, or loads
    the weights of an identical run.

    Args:
        model: `"ae"`, `"vae"` or `"cvae"`.
        images: training images.
        labels: the images' labels, for `"cvae"` only.
        **settings: keyword arguments of `training.train_model` (epochs, latent_dim, beta, seed,
            verbose, ...).

    Returns:
        `(model, record)`: the trained model, and a dict with its `history`, the `settings`, the
        `train_seconds` of the run that trained it, and `cached` (whether it came from disk).
    """
    network, history = training.train_model(model, images, labels, fit=fit, **settings)
    record = {
        "history": history.history,
        "settings": settings,
        "train_seconds": history.seconds,
        "cached": history.cached,
    }
    return network, record
