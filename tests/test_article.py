"""The article's settings by construction: the examples that write the training steps out train
the very network `cylinders.article.model(...)` returns, at the article's real settings."""

import os
import pathlib
import runpy
import subprocess
import sys

import numpy as np
import pytest

from cylinders import article, cache
from cylinders.defaults import ONE_THREAD

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


_TRAIN_TWO = """
import sys
from cylinders import article, cache
assert cache.threads() == 1, cache.threads()
done = article.train_missing(
    [{"name": "vae", "seed": 0}, {"name": "ae", "seed": 1}], workers=int(sys.argv[1])
)
print(len(done), "trained")
"""


def _one_thread_run(tmp_path, name, workers):
    folder = tmp_path / name
    env = {**os.environ, **ONE_THREAD, "CYLINDERS_FAST": "1", "CYLINDERS_CACHE": str(folder)}
    env["PYTHONPATH"] = str(ROOT)
    command = [sys.executable, "-c", _TRAIN_TWO, str(workers)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return folder, result.stdout


def test_trainings_side_by_side_give_the_weights_of_one_at_a_time(tmp_path):
    side_by_side, log = _one_thread_run(tmp_path, "side_by_side", workers=2)
    assert "2 at a time" in log and "2 trained" in log
    one_at_a_time, log = _one_thread_run(tmp_path, "one_at_a_time", workers=1)
    assert "at a time" not in log and "2 trained" in log
    stored = sorted(path.name for path in side_by_side.glob("*.npz"))
    assert len(stored) == 2 and stored == sorted(p.name for p in one_at_a_time.glob("*.npz"))
    for name in stored:
        with np.load(side_by_side / name) as first, np.load(one_at_a_time / name) as second:
            assert sorted(first.files) == sorted(second.files)
            for array in first.files:
                np.testing.assert_array_equal(first[array], second[array])
    _, log = _one_thread_run(tmp_path, "side_by_side", workers=2)  # now all in the cache
    assert "training" not in log and "0 trained" in log


def test_train_missing_refuses_a_setting_model_does_not_take():
    with pytest.raises(ValueError, match=r"\['epochs'\]"):
        article.train_missing([{"name": "vae", "epochs": 3}])
