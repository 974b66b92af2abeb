"""How much do the article's numbers move when the same training runs again?

Trains the article's VAE (1,000 cylinders, 50 epochs, seed 0) several times, each in its own
process, and compares the weights and the measures the article quotes:

- `again`: the same command twice: do two processes on one machine give bit-identical weights?
- `onednn_off`: TensorFlow without its oneDNN kernels (`TF_ENABLE_ONEDNN_OPTS=0`), and
- `one_core`: the process pinned to one core (`taskset -c 0`), so the backend's thread pools change
  size. Both change the order of floating-point sums, as another machine's CPU kernels would: they
  stand in for "another machine", which this one cannot be.

The spread between these runs is compared with the spread between training seeds (examples/08). Run
`python benchmarks/reproducibility.py` (about 5 minutes on 2 cores); it writes
`benchmarks/reproducibility.{json,md}`.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
RESULTS = pathlib.Path(__file__).resolve().parent / "reproducibility"

#: What one run does: train the article's VAE, then measure what the article quotes of it.
RUN = """
import hashlib, json, sys, time
import numpy as np
import keras
from cylinders import latent, make_cylinders, metrics, training

images, factors = make_cylinders(1000, random_state=0)
test_images, _ = make_cylinders(500, random_state=1000)
start = time.perf_counter()
model, history = training.train_model("vae", images, epochs=50, seed=0)
seconds = time.perf_counter() - start
weights = b"".join(np.asarray(w).tobytes() for w in model.get_weights())
samples = model.decode(latent.latent_samples("normal", 1000, latent_dim=2, random_state=0))
print(json.dumps({
    "weights_sha256": hashlib.sha256(weights).hexdigest()[:16],
    "train_seconds": seconds,
    "final_loss": history.history["loss"][-1],
    "prior": metrics.coverage(samples, factors),
    "held_out": metrics.evaluate_model(model, test_images),
}))
"""

VARIANTS = {
    "first": ([], {}),
    "again": ([], {}),
    "onednn_off": ([], {"TF_ENABLE_ONEDNN_OPTS": "0"}),
    "one_core": (["taskset", "-c", "0"], {}),
}


def run(prefix: list[str], extra: dict[str, str]) -> dict:
    env = {**os.environ, "KERAS_BACKEND": "tensorflow", "PYTHONPATH": str(ROOT), **extra}
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run(
            [*prefix, sys.executable, "-c", RUN],
            env=env,
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(result.stdout.strip().splitlines()[-1])


def to_markdown(results: dict) -> str:
    lines = [
        "| Run | Weights (SHA-256) | Prior validity | Cells reached | Held-out BCE | KL | Seconds |",  # noqa: E501
        "|---|---|---|---|---|---|---|",
    ]
    for name, row in results["runs"].items():
        lines.append(
            f"| {name} | `{row['weights_sha256']}` | {row['prior']['validity']:.3f} | "
            f"{row['prior']['cells_reached']:.3f} | {row['held_out']['reconstruction_bce']:.1f} | "
            f"{row['held_out']['kl']:.2f} | {row['train_seconds']:.0f} |"
        )
    spread = results["spread"]
    lines += [
        "",
        f"Largest gap in prior validity between these runs: {spread['validity']:.3f}; "
        f"in held-out BCE: {spread['reconstruction_bce']:.1f} nats.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    if shutil.which("taskset") is None:
        VARIANTS.pop("one_core")
    runs = {}
    for name, (prefix, extra) in VARIANTS.items():
        runs[name] = run(prefix, extra)
        print(name, json.dumps(runs[name]), flush=True)
    validity = [row["prior"]["validity"] for row in runs.values()]
    bce = [row["held_out"]["reconstruction_bce"] for row in runs.values()]
    results = {
        "runs": runs,
        "identical_weights_in_two_processes": runs["first"]["weights_sha256"]
        == runs["again"]["weights_sha256"],
        "spread": {
            "validity": max(validity) - min(validity),
            "reconstruction_bce": max(bce) - min(bce),
        },
    }
    RESULTS.with_suffix(".json").write_text(json.dumps(results, indent=2))
    RESULTS.with_suffix(".md").write_text(to_markdown(results))
    print(to_markdown(results))


if __name__ == "__main__":
    main()
