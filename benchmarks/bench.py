"""Speed benchmark: drawing, training on each backend against the machine's ceiling, the site's
weight.

Writes `benchmarks/results.json` and `benchmarks/results.md` (shown on the site's benchmark page).
Every number is measured in this run, side by side, on the machine it runs on:

- drawing 1,000 cylinders, vectorised against a one-image-at-a-time loop;
- the float32 matrix-product throughput of the machine (the ceiling a training step can approach);
- training the article's AE and VAE (1,000 images, 2-D latent) on each backend: seconds per epoch
  over a few epochs after the first, images per second, the FLOPs of one training step and the
  share of the ceiling reached (each backend in its own process, since Keras picks its backend
  once);
- each backend's VAE on one thread, and two trainings side by side on one thread each against
  one at a time on every core (as the site's build trains the models of examples 05 and 08);
- on JAX, the decoder's transposed convolutions as Keras computes them and as the package does;
- the site, built in a copy of the tracked files with an empty model cache: a cold build (every
  example runs and trains its models), a warm rebuild with nothing changed, and a rebuild after
  editing one example, with the examples each build ran;
- the article page's weight in that built site (or in `site/` when the site builds are skipped);
- that site on a phone: Lighthouse and axe-core on each kind of page, in both languages, the
  median of three Lighthouse runs (`benchmarks/site_audit.py`; `--no-audit` skips it).

Usage: `python benchmarks/bench.py [--epochs N] [--backends jax,tensorflow,torch] [--no-site]
[--no-audit]`.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "site_tools"))
from benchmark_page import to_markdown  # noqa: E402 (the site's rendering, also for results.md)
from site_audit import audit  # noqa: E402 (benchmarks/, this script's folder)

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def best_of(function, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def processor() -> str:
    """The processor's model name (a training's speed, and even its last bits, depend on it)."""
    cpuinfo = pathlib.Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        if names:
            return names[0].strip()
    return platform.processor() or "unknown processor"


def bench_drawing() -> dict:
    from cylinders import make_cylinders, render_cylinders

    _, factors = make_cylinders(1000, random_state=0)
    vectorised = best_of(lambda: render_cylinders(**factors))
    loop = best_of(
        lambda: [
            render_cylinders(factors["radius"][i], factors["height"][i], factors["kind"][i])
            for i in range(1000)
        ],
        repeats=2,
    )
    return {
        "vectorised_ms": 1000 * vectorised,
        "loop_ms": 1000 * loop,
        "speedup": loop / vectorised,
    }


def bench_matmul() -> dict:
    size = 2048
    a = np.random.default_rng(0).standard_normal((size, size)).astype(np.float32)
    seconds = best_of(lambda: a @ a, repeats=5)
    return {"gflops": 2 * size**3 / seconds / 1e9, "size": size}


def step_flops(model, batch_size: int) -> float:
    """FLOPs of one training step: 2 per multiply-add forward, about 3× that with the backward
    pass."""
    total = 0
    for network in (model.encoder, model.decoder):
        for layer in network.layers:
            name = type(layer).__name__
            if name in ("Conv2D", "Conv2DTranspose"):
                kernel = layer.kernel.shape  # (k, k, in, out) or (k, k, out, in) for the transpose
                out = layer.output.shape
                positions = (
                    out[1] * out[2]
                    if name == "Conv2D"
                    else layer.input.shape[1] * layer.input.shape[2]
                )
                total += 2 * positions * int(np.prod(kernel))
            elif name == "Dense":
                total += 2 * int(np.prod(layer.kernel.shape))
    return 3.0 * total * batch_size


def backend_matmul_gflops(size: int = 2048) -> float:
    """The float32 matrix-product throughput of the Keras backend itself (`keras.ops.matmul`)."""
    import keras

    a = keras.ops.convert_to_tensor(
        np.random.default_rng(0).standard_normal((size, size)).astype(np.float32)
    )
    seconds = best_of(lambda: keras.ops.convert_to_numpy(keras.ops.matmul(a, a)), repeats=5)
    return 2 * size**3 / seconds / 1e9


def bench_training_here(epochs: int, names: tuple[str, ...] = ("ae", "vae")) -> dict:
    """Runs in a child process whose KERAS_BACKEND is already set."""
    import keras

    from cylinders import defaults, make_cylinders, training

    images, _ = make_cylinders(defaults.N_SAMPLES, random_state=0)
    result = {"backend_matmul_gflops": backend_matmul_gflops()}
    for name in names:
        keras.utils.set_random_seed(0)
        model = training.build_model(name)
        model.compile(optimizer=keras.optimizers.Adam(defaults.LEARNING_RATE))
        start = time.perf_counter()
        model.fit(images, batch_size=defaults.BATCH_SIZE, epochs=1, verbose=0)
        first = time.perf_counter() - start
        _wait_for_the_others()  # side by side: every training starts its timed epochs at once
        start = time.perf_counter()
        model.fit(images, batch_size=defaults.BATCH_SIZE, epochs=epochs, verbose=0)
        per_epoch = (time.perf_counter() - start) / epochs
        steps = int(np.ceil(defaults.N_SAMPLES / defaults.BATCH_SIZE))
        flops = step_flops(model, defaults.BATCH_SIZE)
        result[name] = {
            "first_epoch_s": first,
            "seconds_per_epoch": per_epoch,
            "images_per_s": 1000 / per_epoch,
            "step_gflop": flops / 1e9,
            "achieved_gflops": flops * steps / per_epoch / 1e9,
            "estimated_50_epochs_s": first + 49 * per_epoch,
            "steps_per_execution": int(model.steps_per_execution),
        }
    if keras.backend.backend() == "jax":
        result["transposed_convolutions"] = bench_transposed_convolutions()
    return result


def bench_transposed_convolutions(batch_size: int = 32) -> dict:
    """On JAX, the decoder's four transposed convolutions, forward and backward (jitted), as
    Keras computes them and as the package does (`models.Conv2DTranspose`, sub-pixel): ms per
    batch, summed over the four, best of five."""
    import jax
    import keras

    from cylinders import models

    rng = np.random.default_rng(0)
    shapes = [(4, 64, 64), (8, 64, 32), (16, 32, 16), (32, 16, 1)]  # side, in, out channels
    totals = {"keras_ms": 0.0, "package_ms": 0.0}
    for side, channels_in, channels_out in shapes:
        x = rng.standard_normal((batch_size, side, side, channels_in)).astype("float32")
        for key, layer_class in (
            ("keras_ms", keras.layers.Conv2DTranspose),
            ("package_ms", models.Conv2DTranspose),
        ):
            layer = layer_class(channels_out, 3, strides=2, padding="same")
            layer.build(x.shape)

            def loss(weights, inputs, layer=layer):
                outputs, _ = layer.stateless_call(weights, [], inputs)
                return (outputs**2).sum()

            gradient = jax.jit(jax.grad(loss, argnums=(0, 1)))
            weights = [variable.value for variable in layer.trainable_variables]
            jax.block_until_ready(gradient(weights, x))  # compiles
            totals[key] += 1000 * best_of(
                lambda gradient=gradient, weights=weights, x=x: jax.block_until_ready(
                    gradient(weights, x)
                )
            )
    return {**totals, "speedup": totals["keras_ms"] / totals["package_ms"]}


def _wait_for_the_others() -> None:
    """With `BENCH_BARRIER=folder:count` (`bench_side_by_side`), waits until `count` trainings
    have written their file there, so that their timed epochs run at the same time."""
    if not os.environ.get("BENCH_BARRIER"):
        return
    folder, count = os.environ["BENCH_BARRIER"].rsplit(":", 1)
    (pathlib.Path(folder) / str(os.getpid())).touch()
    while len(list(pathlib.Path(folder).iterdir())) < int(count):
        time.sleep(0.01)


def _child(arguments: list[str], env: dict) -> dict:
    output = subprocess.run(
        [sys.executable, *arguments], env=env, capture_output=True, text=True, check=True
    ).stdout
    return _last_json(output)


def _last_json(output: str) -> dict:
    """What a child printed last: its results, as one line of JSON."""
    return json.loads(output.strip().splitlines()[-1])


def bench_peer(epochs: int, rounds: int = 2) -> dict:
    """The package's VAE on the default backend against the same VAE in plain PyTorch
    (`benchmarks/peer_torch.py`), alternated `rounds` times in this run, best of each."""
    backend = os.environ.get("KERAS_BACKEND", "tensorflow")
    env = {**os.environ, "KERAS_BACKEND": backend, "PYTHONPATH": str(ROOT)}
    package, peer = [], []
    for _ in range(rounds):
        arguments = [__file__, "--child", "--vae-only", "--epochs", str(epochs)]
        package.append(_child(arguments, env)["vae"]["seconds_per_epoch"])
        peer_script = str(ROOT / "benchmarks" / "peer_torch.py")
        peer.append(_child([peer_script, "--epochs", str(epochs + 1)], env)["seconds_per_epoch"])
    return {
        "backend": backend,
        "package_seconds_per_epoch": min(package),
        "peer_seconds_per_epoch": min(peer),
        "speed_ratio": min(peer) / min(package),  # > 1: the package is faster
        "all_package": package,
        "all_peer": peer,
    }


def bench_one_thread(backends: list[str], epochs: int) -> dict:
    """Each backend's VAE computing on one thread (`defaults.ONE_THREAD`, as in the site's build):
    seconds per epoch, beside the training table's, on every core."""
    from cylinders.defaults import ONE_THREAD

    found = {}
    for backend in backends:
        env = {**os.environ, **ONE_THREAD, "KERAS_BACKEND": backend, "PYTHONPATH": str(ROOT)}
        arguments = [__file__, "--child", "--vae-only", "--epochs", str(epochs)]
        found[backend] = _child(arguments, env)["vae"]["seconds_per_epoch"]
    return found


def derive(results: dict) -> dict:
    """Adds the ratios the speed page states, from the measured times: how much slower each
    backend's VAE trains on one thread than on every core (`one_thread_slowdown`), and each
    backend's seconds per epoch over the fastest's (`slowdown_to_fastest`)."""
    vae = {
        backend: rows["vae"]["seconds_per_epoch"] for backend, rows in results["training"].items()
    }
    fastest = min(vae.values())
    results["slowdown_to_fastest"] = {
        backend: seconds / fastest for backend, seconds in vae.items()
    }
    if results.get("one_thread"):
        results["one_thread_slowdown"] = {
            backend: seconds / vae[backend] for backend, seconds in results["one_thread"].items()
        }
    return results


def bench_side_by_side(epochs: int, rounds: int = 2) -> dict:
    """On the default backend, two VAE trainings side by side, each in its own process on one
    thread (as the site's build trains the models of examples 05 and 08), against one at a time on
    every core; alternated `rounds` times, best of each. The throughput is in trainings per unit
    of time: two at a time, the sum of the two trainings' speeds, their timed epochs started
    together."""
    from cylinders.defaults import ONE_THREAD

    backend = os.environ.get("KERAS_BACKEND", "tensorflow")
    env = {**os.environ, "KERAS_BACKEND": backend, "PYTHONPATH": str(ROOT)}
    arguments = [sys.executable, __file__, "--child", "--vae-only", "--epochs", str(epochs)]
    alone, side_by_side = [], []
    for _ in range(rounds):
        alone.append(_child(arguments[1:], env)["vae"]["seconds_per_epoch"])
        with tempfile.TemporaryDirectory() as barrier:
            side_env = {**env, **ONE_THREAD, "BENCH_BARRIER": f"{barrier}:2"}
            children = [
                subprocess.Popen(arguments, env=side_env, stdout=subprocess.PIPE, text=True)
                for _ in range(2)
            ]
            outputs = [child.communicate()[0] for child in children]
        if any(child.returncode for child in children):
            raise RuntimeError("a training side by side failed")
        side_by_side.append([_last_json(out)["vae"]["seconds_per_epoch"] for out in outputs])
    best_pair = min(side_by_side, key=lambda pair: -sum(1 / seconds for seconds in pair))
    return {
        "backend": backend,
        "alone_seconds_per_epoch": min(alone),
        "side_by_side_seconds_per_epoch": best_pair,
        "throughput_ratio": sum(1 / seconds for seconds in best_pair) * min(alone),
        "all_alone": alone,
        "all_side_by_side": side_by_side,
    }


def bench_training(backends: list[str], epochs: int) -> tuple[dict, dict]:
    """Each backend's training speed, and its own matrix-product throughput (GFLOP/s)."""
    results, ceilings = {}, {}
    for backend in backends:
        env = {**os.environ, "KERAS_BACKEND": backend, "PYTHONPATH": str(ROOT)}
        results[backend] = _child([__file__, "--child", "--epochs", str(epochs)], env)
        # the backend's own matrix-product ceiling, beside NumPy's (`matmul`)
        ceilings[backend] = results[backend].pop("backend_matmul_gflops")
    return results, ceilings


def _build_site(repo: pathlib.Path, env: dict) -> dict:
    started_at = time.time()
    start = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if completed.returncode:
        raise RuntimeError(
            f"mkdocs build failed in the benchmark's copy:\n{completed.stderr[-3000:]}"
        )
    # The examples this build ran are those whose run record it wrote (the runner's run.json).
    ran = {}
    for record_path in sorted((repo / "docs" / "generated").glob("*/run.json")):
        if record_path.stat().st_mtime >= started_at:
            record = json.loads(record_path.read_text())
            ran[record["script"].removesuffix(".py")] = float(record["seconds"])
    return {"seconds": seconds, "examples_ran": ran}


def bench_site(edited: str = "04_morph", *, with_audit: bool = True) -> dict:
    """Cold, warm and one-edit builds of the site, in a copy of the tracked files, with no cached
    model."""
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    with tempfile.TemporaryDirectory(prefix="cylinders-bench-") as folder:
        repo, cache = pathlib.Path(folder) / "repo", pathlib.Path(folder) / "models"
        for name in filter(None, tracked):
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
        env = {
            **os.environ,
            "CYLINDERS_CACHE": str(cache),
            "NO_MKDOCS_2_WARNING": "1",
            "KERAS_BACKEND": os.environ.get("KERAS_BACKEND", "tensorflow"),
        }
        env.pop("CYLINDERS_FAST", None)
        result = {"backend": env["KERAS_BACKEND"], "date": time.strftime("%Y-%m-%d")}
        result["cold"] = _build_site(repo, env)
        result["cold"]["models_trained"] = len(list(cache.glob("*.npz")))
        result["warm"] = _build_site(repo, env)
        script = repo / "examples" / f"{edited}.py"
        # in a code cell of its own: added to the last (text) cell, it left that cell untranslated
        script.write_text(script.read_text() + "\n# %%\n# An edit, made by the benchmark.\n")
        result["one_edit"] = {**_build_site(repo, env), "edited": f"examples/{edited}.py"}
        result["page_weight"] = page_weight(repo / "site")
        if with_audit:
            result["site_audit"] = audit(repo / "site", runs=3)
    return result


def page_weight(site: pathlib.Path = ROOT / "site") -> dict | None:
    page = site / "article" / "index.html"
    if not page.exists():
        return None
    html = page.read_text()
    total, parts = len(html.encode()), {"html": len(html.encode())}
    # Links in attributes, and the explorer's sprites named in its inline JSON.
    for link in set(re.findall(r'(?:src=|href=|")([^"#?<>]+\.(?:png|gif|js|css|woff2))"', html)):
        link = link.strip('"')
        target = (page.parent / link).resolve()
        if target.exists():
            kind = target.suffix.lstrip(".")
            parts[kind] = parts.get(kind, 0) + target.stat().st_size
            total += target.stat().st_size
    return {"total_bytes": total, "by_kind": parts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--epochs", type=int, default=3, help="epochs timed after the first (default: 3)"
    )
    parser.add_argument("--backends", default="tensorflow,torch,jax")
    parser.add_argument(
        "--no-site", action="store_true", help="skip the cold, warm and one-edit site builds"
    )
    parser.add_argument(
        "--no-audit", action="store_true", help="skip Lighthouse and axe on the built site"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--vae-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        names = ("vae",) if args.vae_only else ("ae", "vae")
        print(json.dumps(bench_training_here(args.epochs, names)))
        return
    results = {
        "machine": f"{processor()}, {platform.machine()} / {platform.system()}",
        "cores": os.cpu_count(),
        "date": time.strftime("%Y-%m-%d"),
        "drawing": bench_drawing(),
        "matmul": bench_matmul(),
    }
    results["training"], results["backend_matmul_gflops"] = bench_training(
        args.backends.split(","), args.epochs
    )
    transposed = results["training"].get("jax", {}).pop("transposed_convolutions", None)
    if transposed:
        results["jax_transposed_convolutions"] = transposed
    results["peer"] = bench_peer(args.epochs)
    results["one_thread"] = bench_one_thread(args.backends.split(","), args.epochs)
    results["side_by_side"] = bench_side_by_side(args.epochs)
    if args.no_site:
        results["page_weight"] = page_weight()
        if not args.no_audit and (ROOT / "site" / "index.html").exists():
            results["site_audit"] = audit(ROOT / "site", runs=3)
    else:
        results["site"] = bench_site(with_audit=not args.no_audit)
        results["page_weight"] = results["site"].pop("page_weight")
        if "site_audit" in results["site"]:
            results["site_audit"] = results["site"].pop("site_audit")
    derive(results)
    folder = ROOT / "benchmarks"
    previous = folder / "results.json"
    if "site_audit" not in results and previous.exists():  # `--no-audit` keeps the last audit
        last_audit = json.loads(previous.read_text()).get("site_audit")
        if last_audit:
            results["site_audit"] = last_audit
    (folder / "results.json").write_text(json.dumps(results, indent=2))
    (folder / "results.md").write_text(to_markdown(results))
    print(to_markdown(results))


if __name__ == "__main__":
    main()
