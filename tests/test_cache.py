"""The model cache: what its key holds and what it refuses, a trained model coming back from disk
with its optimizer's state, its log replayed, its size kept in bounds."""

import subprocess
import sys
import textwrap
import threading
import warnings

import keras
import numpy as np
import pytest

import cylinders
from cylinders import cache, training

TINY = (4, 4)
SEED = 0


@pytest.fixture
def tiny_images(rng):
    return (rng.random((16, 16, 16, 1)) > 0.5).astype("float32")


@pytest.fixture(autouse=True)
def empty_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CYLINDERS_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def compiled_vae(seed=0, beta=1.0, learning_rate=1e-3):
    keras.utils.set_random_seed(seed)
    model = cylinders.VAE(2, beta=beta, image_size=16, filters=TINY, seed=seed)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate))
    return model


def test_the_key_holds_what_decides_the_training_and_nothing_else(tiny_images):
    key = cache.fit_key(compiled_vae(), tiny_images, seed=SEED, epochs=3)
    assert key == cache.fit_key(
        compiled_vae(), tiny_images, seed=SEED, epochs=3, shuffle=True, verbose=0, callbacks=[]
    )
    for other in (
        cache.fit_key(compiled_vae(), tiny_images, seed=SEED, epochs=4),
        cache.fit_key(compiled_vae(), tiny_images, seed=SEED, epochs=3, batch_size=8),
        cache.fit_key(compiled_vae(), 1.0 - tiny_images, seed=SEED, epochs=3),
        cache.fit_key(compiled_vae(), tiny_images, seed=SEED + 1, epochs=3),  # other shuffling
        cache.fit_key(compiled_vae(seed=1), tiny_images, seed=SEED, epochs=3),  # other weights
        cache.fit_key(compiled_vae(beta=2.0), tiny_images, seed=SEED, epochs=3),
        cache.fit_key(compiled_vae(learning_rate=3e-3), tiny_images, seed=SEED, epochs=3),
    ):
        assert other != key
    labels = np.arange(len(tiny_images)) % 2
    keras.utils.set_random_seed(0)
    cvae = cylinders.ConditionalVAE(2, image_size=16, filters=TINY, seed=0)
    cvae.compile(optimizer="adam")
    assert cache.fit_key(cvae, (tiny_images, labels), seed=SEED) != cache.fit_key(
        cvae, (tiny_images, 1 - labels), seed=SEED
    )


def test_arrays_beyond_x_are_keyed_by_their_whole_content(rng):
    """NumPy prints arrays of over 1,000 values abbreviated: the key must not read that."""
    images = (rng.random((80, 16, 16, 1)) > 0.5).astype("float32")  # 20,480 values
    changed = images.copy()
    changed[40, 8, 8, 0] = 1.0 - changed[40, 8, 8, 0]  # one pixel, in the middle
    weights = np.ones(len(images), "float32")
    other_weights = weights.copy()
    other_weights[40] = 2.0
    model = compiled_vae()
    keys = {
        cache.fit_key(model, images, seed=SEED, validation_data=(images,)),
        cache.fit_key(model, images, seed=SEED, validation_data=(changed,)),
        cache.fit_key(model, images, seed=SEED, sample_weight=weights),
        cache.fit_key(model, images, seed=SEED, sample_weight=other_weights),
    }
    assert len(keys) == 4


@pytest.mark.parametrize(
    "callback",
    [
        keras.callbacks.EarlyStopping(monitor="loss", patience=1),
        keras.callbacks.LearningRateScheduler(lambda epoch, rate: rate / 2),
    ],
    ids=["EarlyStopping", "LearningRateScheduler"],
)
def test_a_callback_that_can_change_what_is_learned_is_refused_by_name(tiny_images, callback):
    with pytest.raises(ValueError, match=type(callback).__name__):
        cache.fit(compiled_vae(), tiny_images, seed=SEED, callbacks=[callback])


def test_an_argument_the_key_cannot_read_is_refused_by_name(tiny_images):
    def batches():
        yield tiny_images

    with pytest.raises(ValueError, match="validation_data"):
        cache.fit_key(compiled_vae(), tiny_images, seed=SEED, validation_data=batches())


def test_an_uncompiled_model_and_a_missing_seed_are_refused_by_name(tiny_images):
    with pytest.raises(ValueError, match="compile"):
        cache.fit_key(cylinders.VAE(2, image_size=16, filters=TINY), tiny_images, seed=SEED)
    with pytest.raises(ValueError, match="seed=None"):
        cache.fit_key(compiled_vae(), tiny_images, seed=None)


def test_the_shuffling_comes_from_the_seed_given_to_fit_not_from_earlier_draws(tiny_images):
    """`cache.fit` seeds the shuffling itself: random draws between building the model and `fit`
    change nothing, so the key can stand for the run."""
    first = compiled_vae()
    cache.fit(first, tiny_images, seed=SEED, epochs=1, batch_size=4, verbose=0)
    cache.clear()
    second = compiled_vae()
    np.random.random(10), keras.random.normal((3,), seed=None)  # draws the caller might make
    cache.fit(second, tiny_images, seed=SEED, epochs=1, batch_size=4, verbose=0)
    for before, after in zip(first.get_weights(), second.get_weights()):
        np.testing.assert_array_equal(before, after)


def test_the_versions_that_change_the_numbers_are_keyed(tiny_images, monkeypatch):
    key = cache.fit_key(compiled_vae(), tiny_images, seed=SEED)
    monkeypatch.setattr(np, "__version__", "0.0.1")
    assert cache.fit_key(compiled_vae(), tiny_images, seed=SEED) != key
    assert {"backend", "keras", "numpy"} <= set(cache.versions())


def test_the_threads_the_backend_computes_with_are_keyed(tiny_images, monkeypatch):
    """On one thread and on two, TensorFlow and PyTorch give weights that differ in their last
    bits: they are two trainings."""
    threads = cache.threads()
    assert threads >= 1
    key = cache.fit_key(compiled_vae(), tiny_images, seed=SEED)
    monkeypatch.setattr(cache, "threads", lambda: threads + 1)
    assert cache.fit_key(compiled_vae(), tiny_images, seed=SEED) != key


MODULE = '''
"""A model defined outside the package."""
import keras
import cylinders


class Louder(cylinders.Autoencoder):
    """An autoencoder whose loss counts twice."""

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        if x is None:
            raise ValueError("`x` is needed")  # MESSAGE
        return FACTOR * super().compute_loss(x, y, y_pred, sample_weight, training)
'''


def key_of_module(tmp_path, monkeypatch, source, images):
    """The key of the class `Louder` defined by `source` in a module of its own."""
    folder = tmp_path / f"module{len(list(tmp_path.glob('module*')))}"
    folder.mkdir()
    (folder / "louder.py").write_text(source)
    monkeypatch.syspath_prepend(str(folder))
    sys.modules.pop("louder", None)
    import louder

    keras.utils.set_random_seed(0)
    model = louder.Louder(2, image_size=16, filters=TINY)
    model.compile(optimizer="adam")
    return cache.fit_key(model, images, seed=SEED)


def test_the_code_of_a_model_defined_elsewhere_is_keyed_but_not_its_words(
    tmp_path, monkeypatch, tiny_images
):
    base = MODULE.replace("FACTOR", "2.0")
    key = key_of_module(tmp_path, monkeypatch, base, tiny_images)
    reworded = base.replace("An autoencoder whose loss counts twice.", "Twice the loss.")
    reworded = reworded.replace("`x` is needed", "`x` is required. Received: x=None")
    reworded = reworded.replace("# MESSAGE", "# a comment, and\n# another")
    assert key_of_module(tmp_path, monkeypatch, reworded, tiny_images) == key
    computed = MODULE.replace("FACTOR", "3.0")
    assert key_of_module(tmp_path, monkeypatch, computed, tiny_images) != key


def test_what_cannot_change_what_is_learned_does_not_change_the_code_digest():
    base = textwrap.dedent(
        '''
        import warnings
        def f(x):
            """Doubles."""
            if x is None:
                raise ValueError(f"`x` must be a number. Received: x={x!r}")
            assert x == x, "not NaN"
            warnings.warn("slow")
            return 2 * x
        '''
    )
    reworded = (
        base.replace("Doubles.", "Twice x.")
        .replace("must be a number", "must be a float")
        .replace('"not NaN"', '"a NaN"')
        .replace('"slow"', '"very slow"')
        .replace("    return 2 * x", "    # a comment\n    return (\n        2 * x\n    )")
    )
    assert cache.code_digest(reworded) == cache.code_digest(base)
    assert cache.code_digest(base.replace("2 * x", "3 * x")) != cache.code_digest(base)
    assert cache.code_digest(base.replace("ValueError", "TypeError")) != cache.code_digest(base)


def test_fit_trains_once_then_loads_the_weights_and_replays_the_log(
    tiny_images, empty_cache, capsys, tmp_path
):
    arguments = {"seed": SEED, "epochs": 2, "batch_size": 8, "verbose": 0}
    first = compiled_vae()
    trained = cache.fit(first, tiny_images, callbacks=[training.EpochLog(2)], **arguments)
    trained_log = capsys.readouterr().out
    second = compiled_vae()
    loaded = cache.fit(second, tiny_images, callbacks=[training.EpochLog(2)], **arguments)
    replayed_log = capsys.readouterr().out
    assert not trained.cached and loaded.cached and loaded.seconds == trained.seconds
    assert loaded.history == trained.history and len(trained.history["loss"]) == 2
    assert len(list(empty_cache.glob("vae-*.npz"))) == 1
    np.testing.assert_array_equal(first.encode(tiny_images), second.encode(tiny_images))
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # "saving a model that has not been built"
        second.save(tmp_path / "loaded.keras")
    assert replayed_log.startswith("(from the cache")
    # the replay prints the epoch lines of the run, without its timings
    assert [line.split("  (")[0] for line in trained_log.splitlines()] == replayed_log.splitlines()[
        1:
    ]


def test_a_loaded_model_trains_on_as_the_trained_one_does(tiny_images):
    """The optimizer's state (Adam's moments, its step count) comes back with the weights, so a
    further `fit` gives what it gives after the real run."""
    arguments = {"seed": SEED, "epochs": 1, "batch_size": 8, "verbose": 0}
    trained, loaded = compiled_vae(), compiled_vae()
    cache.fit(trained, tiny_images, **arguments)
    assert cache.fit(loaded, tiny_images, **arguments).cached
    for model in (trained, loaded):  # in order: what the state holds, not a new shuffling
        model.fit(tiny_images, epochs=1, batch_size=8, shuffle=False, verbose=0)
    for after_trained, after_loaded in zip(trained.get_weights(), loaded.get_weights()):
        np.testing.assert_allclose(after_loaded, after_trained, rtol=0, atol=1e-6)


def test_a_corrupt_cache_file_is_retrained_with_a_warning(tiny_images, empty_cache):
    cache.fit(compiled_vae(), tiny_images, seed=SEED, epochs=1, batch_size=8, verbose=0)
    (weights,) = empty_cache.glob("vae-*.npz")
    weights.write_bytes(b"not a NumPy file")
    with pytest.warns(UserWarning, match="Retraining"):
        again = cache.fit(compiled_vae(), tiny_images, seed=SEED, epochs=1, batch_size=8, verbose=0)
    assert not again.cached


def test_the_cache_keeps_the_most_recently_used_within_its_size(
    tiny_images, empty_cache, monkeypatch
):
    for epochs in (1, 2, 3):
        cache.fit(compiled_vae(), tiny_images, seed=SEED, epochs=epochs, batch_size=8, verbose=0)
    found = cache.entries()
    assert [entry["epochs"] for entry in found] == [1, 2, 3]
    one_entry = max(entry["megabytes"] for entry in found)
    # Using the first again makes it the most recent; a cap of two entries then drops the second.
    cache.fit(compiled_vae(), tiny_images, seed=SEED, epochs=1, batch_size=8, verbose=0)
    removed = cache.evict(max_megabytes=2.5 * one_entry)
    assert [name for name in removed] == [found[1]["name"]]
    assert sorted(entry["epochs"] for entry in cache.entries()) == [1, 3]
    assert cache.clear() == 2 and cache.entries() == []


def test_the_command_line_lists_and_clears_the_cache(tiny_images, empty_cache):
    cache.fit(compiled_vae(), tiny_images, seed=SEED, epochs=1, batch_size=8, verbose=0)
    command = [sys.executable, "-m", "cylinders", "cache"]
    listed = subprocess.run([*command, "list"], capture_output=True, text=True, check=True)
    assert "1 cached trainings" in listed.stdout and "VAE" in listed.stdout
    cleared = subprocess.run([*command, "clear"], capture_output=True, text=True, check=True)
    assert "removed 1" in cleared.stdout and not list(empty_cache.glob("*.npz"))


def test_cached_train_and_the_same_steps_written_out_share_one_run(tiny_images):
    model, record = cache.cached_train(
        "vae", tiny_images, epochs=1, batch_size=8, learning_rate=1e-3, filters=TINY
    )
    by_hand = compiled_vae()  # what an example writes: seed, class, compile, then cache.fit
    history = cache.fit(by_hand, tiny_images, seed=SEED, epochs=1, batch_size=8, verbose=0)
    assert not record["cached"] and history.cached
    np.testing.assert_array_equal(model.encode(tiny_images), by_hand.encode(tiny_images))


def test_a_training_under_way_is_waited_for_and_loaded_not_run_twice(tiny_images):
    """What two examples side by side do when both ask for one model: the second waits for the
    first's lock, then loads its weights."""
    arguments = {"epochs": 1, "batch_size": 8, "verbose": 0}
    first, second = compiled_vae(), compiled_vae()
    weights_path, record_path = cache._paths(
        first, cache.fit_key(first, tiny_images, seed=SEED, **arguments)
    )
    asked, answers = threading.Event(), []

    def ask():
        asked.set()
        answers.append(cache.fit(second, tiny_images, seed=SEED, **arguments))

    with cache._one_process_at_a_time(weights_path):  # the first is training
        waiter = threading.Thread(target=ask)
        waiter.start()
        asked.wait()
        waiter.join(timeout=2)
        assert waiter.is_alive()  # waiting for the lock, neither training nor loading
        trained = cache._load_or_train(
            first, tiny_images, weights_path, record_path, SEED, arguments
        )
    waiter.join()
    assert not trained.cached and answers[0].cached
    np.testing.assert_array_equal(first.encode(tiny_images), second.encode(tiny_images))
