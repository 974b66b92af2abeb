"""The model cache: what its key holds, and a trained model coming back from disk."""

import ast

import numpy as np
import pytest

from cylinders import cache


@pytest.fixture
def tiny_images(rng):
    return (rng.random((16, 16, 16, 1)) > 0.5).astype("float32")


def test_defaults_spelled_out_or_left_out_give_one_key(tiny_images):
    assert cache.model_key("vae", tiny_images, {"epochs": 3}) == cache.model_key(
        "vae", tiny_images, {"epochs": 3, "beta": 1.0, "seed": 0, "verbose": 1}
    )
    assert cache.model_key("vae", tiny_images, {"epochs": 3}) != cache.model_key(
        "vae", tiny_images, {"epochs": 3, "beta": 2.0}
    )
    assert cache.model_key("vae", tiny_images, {}) != cache.model_key("ae", tiny_images, {})
    assert cache.model_key("vae", tiny_images, {}) != cache.model_key("vae", 1.0 - tiny_images, {})
    labels = np.arange(len(tiny_images)) % 2
    assert cache.model_key("cvae", tiny_images, {}, labels) != cache.model_key(
        "cvae", tiny_images, {}, 1 - labels
    )


def test_an_unknown_setting_is_named(tiny_images):
    with pytest.raises(TypeError, match="epoch"):
        cache.model_key("vae", tiny_images, {"epoch": 3})


def test_docstrings_and_comments_do_not_change_the_code_hash():
    def dump(source):
        return ast.dump(cache._without_docstrings(ast.parse(source)))

    base = 'def f(x):\n    """Doubles."""\n    return 2 * x\n'
    assert dump(base) == dump(
        'def f(x):\n    """Twice x, reworded."""\n    # a comment\n    return 2 * x\n'
    )
    assert dump(base) != dump('def f(x):\n    """Doubles."""\n    return 3 * x\n')


def test_a_trained_model_comes_back_from_the_cache(tiny_images, tmp_path, monkeypatch):
    monkeypatch.setenv("CYLINDERS_CACHE", str(tmp_path))
    settings = {"epochs": 1, "batch_size": 8, "filters": (4, 4)}
    first, record = cache.cached_train("vae", tiny_images, **settings)
    second, again = cache.cached_train("vae", tiny_images, **settings)
    assert not record["cached"] and again["cached"]
    assert len(list(tmp_path.glob("vae-*.keras"))) == 1
    np.testing.assert_allclose(
        first.encode(tiny_images), second.encode(tiny_images), rtol=1e-5, atol=1e-6
    )
