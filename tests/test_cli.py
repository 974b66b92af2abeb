"""The command line: help, one-line errors with status 2, and a tiny train-then-sample run."""

import os
import pathlib
import subprocess
import sys

import pytest
from sitebuild import on_site_backend

ROOT = pathlib.Path(__file__).resolve().parents[1]


def run_cli(*args, cwd=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "cylinders", *args], capture_output=True, text=True, env=env, cwd=cwd
    )


def test_help_explains_each_option():
    result = run_cli("train", "--help")
    assert result.returncode == 0
    for option in ("--model", "--epochs", "--latent-dim", "--beta", "--out"):
        assert option in result.stdout


@pytest.mark.parametrize(
    "args,message",
    [
        (["train", "--model", "gan", "--out", "m.keras"], "--model: invalid choice: 'gan'"),
        (["train", "--epochs", "0", "--out", "m.keras"], "--epochs"),
        (["train", "--out", "model.h5"], "--out must end in '.keras'"),
        (
            ["sample", "--model", "missing.keras", "--out", "s.png"],
            "No model file at path='missing.keras'",
        ),
        (["fly"], "invalid choice: 'fly'"),
        (
            ["train", "--learning-rate", "0", "--n-samples", "8", "--out", "m.keras"],
            "--learning-rate: must be a number > 0, got 0",
        ),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args, message, tmp_path):
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert message in result.stderr


def test_train_then_sample(tmp_path):
    trained = run_cli(
        "train",
        "--model",
        "ae",
        "--epochs",
        "1",
        "--n-samples",
        "32",
        "--out",
        "ae.keras",
        cwd=tmp_path,
    )
    assert trained.returncode == 0, trained.stderr
    sampled = run_cli(
        "sample", "--model", "ae.keras", "--n", "9", "--out", "samples.png", cwd=tmp_path
    )
    assert sampled.returncode == 0, sampled.stderr
    import imageio.v3 as iio

    grid = iio.imread(tmp_path / "samples.png")
    assert grid.shape == (2 * (3 * 66 + 2),) * 2


@pytest.mark.skipif(
    not on_site_backend(),
    reason="the command line is one per backend; the conditional VAE trains on every backend in "
    "test_models.py, and test_train_then_sample runs the command line on each",
)
def test_conditional_vae_trains_and_samples_each_type(tmp_path):
    args = ("--model", "cvae", "--epochs", "1", "--n-samples", "32", "--out", "cvae.keras")
    trained = run_cli("train", *args, cwd=tmp_path)
    assert trained.returncode == 0, trained.stderr
    assert "epoch 1/1" in trained.stdout  # the short log, one line per epoch here
    for label in ("0", "1"):
        sampled = run_cli(
            "sample",
            "--model",
            "cvae.keras",
            "--label",
            label,
            "--n",
            "4",
            "--out",
            "s.png",
            cwd=tmp_path,
        )
        assert sampled.returncode == 0, sampled.stderr
    missing = run_cli("sample", "--model", "cvae.keras", "--out", "s.png", cwd=tmp_path)
    assert missing.returncode == 2 and "--label" in missing.stderr
    wrong = run_cli(
        "sample", "--model", "cvae.keras", "--label", "2", "--out", "s.png", cwd=tmp_path
    )
    assert wrong.returncode == 2 and "[0, 1]" in wrong.stderr
