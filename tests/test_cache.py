"""The model cache: what its key holds, a trained model coming back from disk, its log replayed."""

import ast
import warnings

import keras
import numpy as np
import pytest

import cylinders
from cylinders import cache, training

TINY = (4, 4)


@pytest.fixture
def tiny_images(rng):
    return (rng.random((16, 16, 16, 1)) > 0.5).astype("float32")


def compiled_vae(seed=0, beta=1.0, learning_rate=1e-3):
    keras.utils.set_random_seed(seed)
    model = cylinders.VAE(2, beta=beta, image_size=16, filters=TINY, seed=seed)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate))
    return model


def test_the_key_holds_what_decides_the_training_and_nothing_else(tiny_images):
    key = cache.fit_key(compiled_vae(), tiny_images, epochs=3)
    assert key == cache.fit_key(
        compiled_vae(), tiny_images, epochs=3, shuffle=True, verbose=0, callbacks=[]
    )
    for other in (
        cache.fit_key(compiled_vae(), tiny_images, epochs=4),
        cache.fit_key(compiled_vae(), tiny_images, epochs=3, batch_size=8),
        cache.fit_key(compiled_vae(), 1.0 - tiny_images, epochs=3),
        cache.fit_key(compiled_vae(seed=1), tiny_images, epochs=3),  # other initial weights
        cache.fit_key(compiled_vae(beta=2.0), tiny_images, epochs=3),
        cache.fit_key(compiled_vae(learning_rate=3e-3), tiny_images, epochs=3),
    ):
        assert other != key
    labels = np.arange(len(tiny_images)) % 2
    keras.utils.set_random_seed(0)
    cvae = cylinders.ConditionalVAE(2, image_size=16, filters=TINY, seed=0)
    cvae.compile(optimizer="adam")
    assert cache.fit_key(cvae, (tiny_images, labels)) != cache.fit_key(
        cvae, (tiny_images, 1 - labels)
    )


def test_an_uncompiled_model_is_refused_by_name(tiny_images):
    with pytest.raises(ValueError, match="compile"):
        cache.fit_key(cylinders.VAE(2, image_size=16, filters=TINY), tiny_images)


def test_docstrings_and_comments_do_not_change_the_code_hash():
    def dump(source):
        return ast.dump(cache._without_docstrings(ast.parse(source)))

    base = 'def f(x):\n    """Doubles."""\n    return 2 * x\n'
    assert dump(base) == dump(
        'def f(x):\n    """Twice x, reworded."""\n    # a comment\n    return 2 * x\n'
    )
    assert dump(base) != dump('def f(x):\n    """Doubles."""\n    return 3 * x\n')


def test_fit_trains_once_then_loads_the_weights_and_replays_the_log(
    tiny_images, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("CYLINDERS_CACHE", str(tmp_path))
    arguments = {"epochs": 2, "batch_size": 8, "verbose": 0}
    first = compiled_vae()
    trained = cache.fit(first, tiny_images, callbacks=[training.EpochLog(2)], **arguments)
    trained_log = capsys.readouterr().out
    second = compiled_vae()
    loaded = cache.fit(second, tiny_images, callbacks=[training.EpochLog(2)], **arguments)
    replayed_log = capsys.readouterr().out
    assert not trained.cached and loaded.cached and loaded.seconds == trained.seconds
    assert loaded.history == trained.history and len(trained.history["loss"]) == 2
    assert len(list(tmp_path.glob("vae-*.npz"))) == 1
    np.testing.assert_array_equal(first.encode(tiny_images), second.encode(tiny_images))
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # "saving a model that has not been built"
        second.save(tmp_path / "loaded.keras")
    assert replayed_log.startswith("(from the cache")
    # the replay prints the epoch lines of the run, without its timings
    assert [line.split("  (")[0] for line in trained_log.splitlines()] == replayed_log.splitlines()[
        1:
    ]


def test_a_corrupt_cache_file_is_retrained_with_a_warning(tiny_images, tmp_path, monkeypatch):
    monkeypatch.setenv("CYLINDERS_CACHE", str(tmp_path))
    cache.fit(compiled_vae(), tiny_images, epochs=1, batch_size=8, verbose=0)
    (weights,) = tmp_path.glob("vae-*.npz")
    weights.write_bytes(b"not an HDF5 file")
    with pytest.warns(UserWarning, match="Retraining"):
        again = cache.fit(compiled_vae(), tiny_images, epochs=1, batch_size=8, verbose=0)
    assert not again.cached


def test_cached_train_and_the_same_steps_written_out_share_one_run(
    tiny_images, tmp_path, monkeypatch
):
    monkeypatch.setenv("CYLINDERS_CACHE", str(tmp_path))
    model, record = cache.cached_train(
        "vae", tiny_images, epochs=1, batch_size=8, learning_rate=1e-3, filters=TINY
    )
    by_hand = compiled_vae()  # what an example writes: seed, class, compile, then cache.fit
    history = cache.fit(by_hand, tiny_images, epochs=1, batch_size=8, verbose=0)
    assert not record["cached"] and history.cached
    np.testing.assert_array_equal(model.encode(tiny_images), by_hand.encode(tiny_images))
