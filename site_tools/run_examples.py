"""Runs the example scripts for the site: each in its own Jupyter kernel, with a timeout, only if
changed.

For every `examples/NN_name.py` it writes, under `docs/generated/NN_name/`:

- the files the script writes (figures, GIFs, `results.json`, trained `.keras` models),
- `NN_name.ipynb`, the executed notebook that mkdocs-jupyter renders without executing it again,
- `NN_name.py`, the script itself, for download,
- `run.json`: how long it ran, and the stamp that lets the next build skip it.

The stamp hashes the script, the package's sources and figure words (`cylinders/strings/`), the
backend, the fast mode and the pinned requirements: an unchanged example is not run again. A
failing or hanging script raises `ExampleError`, which names the script and shows its error; its
previous outputs are removed, so nothing stale is published in their place. The examples run one
per core at a time (`WORKERS`), each on one thread.

Run it alone with `python site_tools/run_examples.py [names...]`; the MkDocs hook calls it before
each build.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import json
import os
import pathlib
import re
import shutil
import sys
import tempfile
import threading
import time

from cylinders.defaults import ONE_THREAD, cpus

ROOT = pathlib.Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GENERATED = ROOT / "docs" / "generated"
REQUIREMENTS = ROOT / "requirements" / "docs.txt"
TIMEOUT_SECONDS = int(os.environ.get("CYLINDERS_EXAMPLE_TIMEOUT", "2400"))
#: How many examples run at once: one per core, or `CYLINDERS_EXAMPLE_WORKERS` (1: one after the
#: other). Each computes on one thread, and one that asks for a model another is training waits for
#: it and loads it (the cache's lock), so side by side they write what they write one at a time.
WORKERS = int(os.environ.get("CYLINDERS_EXAMPLE_WORKERS") or cpus())
#: The backend the site is built with when `KERAS_BACKEND` is unset (the noxfile passes the same).
DEFAULT_BACKEND = "tensorflow"


class ExampleError(RuntimeError):
    """An example script failed or ran past its timeout."""


def example_scripts() -> list[pathlib.Path]:
    """The example scripts, in reading order."""
    return sorted(EXAMPLES.glob("[0-9][0-9]_*.py"))


def stamp(script: pathlib.Path) -> str:
    """What an example's outputs depend on; a change to any of it reruns the example."""
    digest = hashlib.sha256(script.read_bytes())
    for source in sorted((ROOT / "cylinders").glob("*.py")):
        digest.update(source.name.encode() + source.read_bytes())
    for strings in sorted((ROOT / "cylinders" / "strings").glob("*.json")):
        figures = json.loads(strings.read_text(encoding="utf-8"))["figures"]  # the figures' words
        digest.update(strings.name.encode() + json.dumps(figures, sort_keys=True).encode())
    if REQUIREMENTS.exists():
        digest.update(REQUIREMENTS.read_bytes())
    digest.update(f"KERAS_BACKEND={backend()}".encode())
    digest.update(f"CYLINDERS_FAST={os.environ.get('CYLINDERS_FAST', '')}".encode())
    return digest.hexdigest()


def write_if_changed(source: pathlib.Path, target: pathlib.Path) -> None:
    """Copies a file unless the target already holds the same bytes (so `mkdocs serve` sees no
    change)."""
    if target.exists() and target.read_bytes() == source.read_bytes():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def kernel_environment(workdir: pathlib.Path) -> dict[str, str]:
    """The environment an example's kernel runs in: this process's, plus where to write, the
    backend the site is built with (the stamp and the run record read the same default), and one
    thread per backend (`cylinders.defaults.ONE_THREAD`): the examples that train many models train
    them side by side, one per core, with the weights of a one-at-a-time run."""
    return {
        **os.environ,
        **ONE_THREAD,
        "KERAS_BACKEND": backend(),
        "CYLINDERS_OUTPUT": str(workdir),
        "MPLBACKEND": "Agg",
        "PYTHONPATH": str(ROOT),
    }


def backend() -> str:
    """The Keras backend the examples run on: `KERAS_BACKEND`, or the site's default."""
    return os.environ.get("KERAS_BACKEND") or DEFAULT_BACKEND


def fast_mode() -> bool:
    """Whether this is fast mode: `CYLINDERS_FAST=1`, read as `cylinders.article` reads it."""
    return os.environ.get("CYLINDERS_FAST") == "1"


def _execute(script: pathlib.Path, workdir: pathlib.Path, log) -> object:
    import jupytext
    import nbclient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    notebook = jupytext.read(script)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    start = time.perf_counter()

    class Client(nbclient.NotebookClient):
        """Relays what the example prints to the build's log as it comes, with the time so far: a
        long build says which model it is training instead of staying silent."""

        def output(self, outs, msg, display_id, cell_index):
            if msg["msg_type"] == "stream" and msg["content"].get("name") == "stdout":
                for line in msg["content"]["text"].splitlines():
                    if line.strip():
                        log(f"  {script.stem} [{time.perf_counter() - start:4.0f} s] {line}")
            return super().output(outs, msg, display_id, cell_index)

    client = Client(
        notebook,
        timeout=TIMEOUT_SECONDS,
        kernel_name="python3",
        resources={"metadata": {"path": str(workdir)}},
        allow_errors=False,
        # Output written below Python (TensorFlow's C++ start-up log) goes to the build's log, not
        # into the page: only what the example prints reaches the reader.
        extra_arguments=["--IPKernelApp.capture_fd_output=False"],
    )
    try:
        client.execute(env=kernel_environment(workdir))
    except CellTimeoutError as error:
        raise ExampleError(
            f"examples/{script.name} ran past its timeout of {TIMEOUT_SECONDS} s "
            f"(CYLINDERS_EXAMPLE_TIMEOUT)\n{error}"
        ) from None
    except (CellExecutionError, DeadKernelError) as error:
        message = re.sub(r"\x1b\[[0-9;]*m", "", str(error))  # the kernel colours its tracebacks
        raise ExampleError(f"examples/{script.name} failed:\n{message}") from None
    return notebook


def run_example(script: pathlib.Path, *, force: bool = False, log=print) -> dict:
    """Runs one example unless its stamp is unchanged; returns its `run.json` record."""
    import nbformat

    target = GENERATED / script.stem
    record_path = target / "run.json"
    current = stamp(script)
    if not force and record_path.exists():
        record = json.loads(record_path.read_text())
        if record.get("stamp") == current:
            return {**record, "skipped": True}
    with tempfile.TemporaryDirectory(prefix=f"{script.stem}-") as folder:
        workdir = pathlib.Path(folder)
        start = time.perf_counter()
        try:
            notebook = _execute(script, workdir, log)
        except ExampleError:
            shutil.rmtree(target, ignore_errors=True)  # nothing stale stays to be published
            raise
        seconds = time.perf_counter() - start
        nbformat.write(notebook, workdir / f"{script.stem}.ipynb")
        shutil.copyfile(script, workdir / script.name)
        produced = {path.relative_to(workdir) for path in workdir.rglob("*") if path.is_file()}
        for relative in produced:
            write_if_changed(workdir / relative, target / relative)
        for old in [path for path in target.rglob("*") if path.is_file()]:
            if old.relative_to(target) not in produced and old.name != "run.json":
                old.unlink()
    record = {
        "script": script.name,
        "stamp": current,
        "seconds": round(seconds, 1),
        "backend": backend(),
    }
    record_path.write_text(json.dumps(record, indent=2))
    return {**record, "skipped": False}


def run_all(
    names: list[str] | None = None, *, force: bool = False, log=print, workers: int | None = None
) -> list[dict]:
    """Runs every example (or those whose file names start with one of `names`), `workers` at a
    time (default `WORKERS`) in reading order; returns their records in that order.

    When one fails, no other is started; those already running finish, then the first failure's
    `ExampleError` is raised."""
    scripts = [
        script
        for script in example_scripts()
        if not names or any(script.stem.startswith(name) for name in names)
    ]
    failed = threading.Event()

    def run(script: pathlib.Path) -> dict | None:
        if failed.is_set():
            return None
        try:
            record = run_example(script, force=force, log=log)
        except ExampleError:
            failed.set()
            log(f"examples/{script.name} failed; the examples already running finish first")
            raise
        verb = "unchanged, skipped" if record["skipped"] else f"ran in {record['seconds']:.1f} s"
        log(f"examples/{script.name}: {verb}")
        return record

    with concurrent.futures.ThreadPoolExecutor(max(1, workers or WORKERS)) as pool:
        futures = [pool.submit(run, script) for script in scripts]
    for future in futures:
        if (error := future.exception()) is not None:
            raise error
    return [future.result() for future in futures]


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Runs the example scripts whose inputs changed (as `mkdocs build` does)."
    )
    parser.add_argument(
        "names", nargs="*", help="run only the examples whose name starts so (e.g. 03 08)"
    )
    parser.add_argument("--force", action="store_true", help="rerun even unchanged examples")
    arguments = parser.parse_args()
    try:
        run_all(arguments.names, force=arguments.force)
    except ExampleError as error:
        sys.exit(f"error: {error}")


if __name__ == "__main__":
    main()
