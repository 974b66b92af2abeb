"""The article's settings by construction: the examples that write the training steps out train
the very network `cylinders.article.model(...)` returns, at the article's real settings."""

import os
import pathlib
import runpy

import pytest

from cylinders import article, cache

ROOT = pathlib.Path(__file__).resolve().parents[1]


class _Asked(Exception):
    """Stops a script at its first `cache.fit`, once its key is known."""


@pytest.fixture
def first_key(monkeypatch, tmp_path):
    """A function that returns the cache key of the first `cache.fit` a callable asks for."""
    keys = []

    def recording_fit(model, x, **arguments):
        keys.append(cache.fit_key(model, x, **arguments))
        raise _Asked

    monkeypatch.setattr(cache, "fit", recording_fit)
    monkeypatch.setenv("CYLINDERS_OUTPUT", str(tmp_path / "outputs"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(tmp_path)

    def first(ask):
        with pytest.raises(_Asked):
            ask()
        return keys.pop()

    return first


@pytest.mark.skipif(article.FAST, reason="the article's real settings, not fast mode's")
@pytest.mark.parametrize(
    "script,name",
    [("02_autoencoder", "ae"), ("03_vae", "vae"), ("10_conditional", "cvae")],
)
def test_an_example_that_writes_the_steps_out_trains_the_article_s_model(script, name, first_key):
    assert article.EPOCHS == 50 and article.N_SAMPLES == 1000  # not tiny settings
    path = ROOT / "examples" / f"{script}.py"
    by_hand = first_key(lambda: runpy.run_path(str(path), run_name="__main__"))
    assert by_hand == first_key(lambda: article.model(name))


def test_fast_mode_is_read_in_one_place():
    sources = (ROOT / "cylinders").glob("*.py")
    readers = [path.name for path in sources if "CYLINDERS_FAST" in path.read_text()]
    assert readers == ["article.py"]
    assert article.FAST == (os.environ.get("CYLINDERS_FAST", "") == "1")
