"""Which runtime runs the models in the reader's browser: bytes, load time, decode and verdict time.

Measured in headless Chromium (Debian's `/usr/bin/chromium`, driven by Playwright) on a page served
from 127.0.0.1:

- our own forward pass (`docs/assets/javascripts/cylinders/`): the bytes the page fetches (the
  modules, the three models' manifests and weights, the verdict's rule), split into what `ready`
  waits for (decoders and verdict) and what the first `encode` adds (encoders); the time from the
  module's import to `ready`; the median time of one decode, one verdict, one decode + verdict (a
  frame of the explorer) and one encode;
- the verdict's renders, drawn in JavaScript at load (the time is inside `ready`) or shipped packed
  as bits (their size, raw and gzipped);
- onnxruntime-web, when `--onnxruntime-web` names an npm-installed copy
  (`npm i -E --ignore-scripts onnxruntime-web@1.30.0`): the bytes of the smallest build a page
  would load (the WebAssembly runtime and its two modules), raw and gzipped. Its wasm alone
  outweighs our weights many times over, so it is not run.

The models are trained briefly (their speed does not depend on their quality; cached in
$CYLINDERS_CACHE). Writes `benchmarks/browser_runtime.json`.

With `--site site/` (a built site), it measures instead what the article page fetches, in bytes,
before the reader reaches the explorer and what the explorer adds once reached (its scripts, the
models' decoders, and the encoders its drawing pad asks for), each file as served and gzipped, and
records it under `explorer_on_site`, the rest of the results kept.

Usage: `python benchmarks/browser_runtime.py [--onnxruntime-web node_modules/onnxruntime-web]`,
`python benchmarks/browser_runtime.py --site site/`.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import pathlib
import platform
import shutil
import sys
import tempfile
import threading
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
NUM_FRAMES = 200
PAGE = """<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>bench</title></head><body><script type="module">
const started = performance.now();
const { start } = await import("./assets/javascripts/cylinders.js");
window.cylinders = start("models/");
await window.cylinders.ready;
window.loadMs = performance.now() - started;
</script></body></html>
"""
MEASURE = """async ([frames]) => {
    const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const results = {};
    for (const name of ["ae", "vae", "cvae"]) {
        const decode = [], verdict = [], frame = [], encode = [];
        for (let i = 0; i < frames; i += 1) {
            const z = [3 * Math.cos(i), 3 * Math.sin(1.3 * i)];  // a walk over the plane
            const label = name === "cvae" ? i % 2 : undefined;
            let time = performance.now();
            const pixels = cylinders.decode(name, z, label);
            decode.push(performance.now() - time);
            time = performance.now();
            cylinders.isValid(pixels);
            verdict.push(performance.now() - time);
            frame.push(decode[i] + verdict[i]);
            time = performance.now();
            await cylinders.encode(name, pixels, label);
            encode.push(performance.now() - time);
        }
        encode.shift();  // the first encode fetches the encoder
        results[name] = {decode_ms: median(decode), verdict_ms: median(verdict),
                         frame_ms: median(frame), encode_ms: median(encode)};
    }
    const { makeVerdict } = await import("./assets/javascripts/cylinders/verdict.js");
    const rule = await (await fetch("models/validity.json")).json();
    let time = performance.now();
    makeVerdict(rule);
    results.draw_renders_ms = performance.now() - time;
    return results;
}"""


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def trained_models() -> dict:
    from cylinders import cache, shapes

    images, factors = shapes.make_cylinders(400, random_state=0)
    return {
        name: cache.cached_train(
            name, images, factors["kind"] if name == "cvae" else None, epochs=30, seed=0
        )[0]
        for name in ("ae", "vae", "cvae")
    }


def serve(folder: pathlib.Path):
    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def measure_page(url: str) -> dict:
    from playwright.sync_api import sync_playwright

    fetched = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.on("response", lambda response: fetched.append(response))
        page.goto(url, wait_until="load")
        page.wait_for_function("window.loadMs !== undefined", timeout=60_000)
        load_ms = page.evaluate("window.loadMs")
        at_ready = {response.url: len(response.body()) for response in fetched}
        timings = page.evaluate(MEASURE, [NUM_FRAMES])
        everything = {response.url: len(response.body()) for response in fetched}
        browser.close()
    page_bytes = sum(size for address, size in at_ready.items() if address.endswith(".html"))
    bytes_at_ready = sum(at_ready.values()) - page_bytes
    bytes_with_encoders = sum(everything.values()) - page_bytes
    return {
        "load_ms": load_ms,
        "kilobytes_at_ready": bytes_at_ready / 1000,
        "kilobytes_with_encoders": bytes_with_encoders / 1000,
        "files": {address.split("/", 3)[-1]: size for address, size in everything.items()},
        **timings,
    }


def measure_onnxruntime(folder: pathlib.Path) -> dict:
    dist = folder / "dist"
    names = ["ort-wasm-simd-threaded.wasm", "ort-wasm-simd-threaded.mjs", "ort.wasm.min.mjs"]
    files = {name: (dist / name).read_bytes() for name in names}
    version = json.loads((folder / "package.json").read_text())["version"]
    return {
        "version": version,
        "files": {name: len(data) for name, data in files.items()},
        "megabytes": sum(len(data) for data in files.values()) / 1e6,
        "gzip_megabytes": sum(gzipped(data) for data in files.values()) / 1e6,
    }


def measure_site(site: pathlib.Path, path: str = "/article/") -> dict:
    """The bytes the article page fetches before and after the reader reaches the explorer."""
    from playwright.sync_api import sync_playwright

    httpd = serve(site)
    url = f"http://127.0.0.1:{httpd.server_address[1]}{path}"
    fetched = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("response", lambda response: fetched.append(response))
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        before = list(fetched)
        page.locator("[data-latent-explorer]").scroll_into_view_if_needed()
        page.wait_for_function(
            "document.querySelector('.latent-explorer__pad')?.dataset.analyses >= 1",
            timeout=60_000,
        )
        page.wait_for_load_state("networkidle")
        after = fetched[len(before) :]
        sizes = {}
        for response in fetched:
            body = response.body() if response.status == 200 else b""
            sizes[response.url] = (len(body), gzipped(body))
        browser.close()
    httpd.shutdown()

    def total(responses, which):
        return sum(sizes[response.url][which] for response in responses) / 1000

    return {
        "page": path,
        "before_explorer": {"kilobytes": total(before, 0), "gzip_kilobytes": total(before, 1)},
        "explorer_adds": {
            "kilobytes": total(after, 0),
            "gzip_kilobytes": total(after, 1),
            "files": {response.url.split("/", 3)[-1]: sizes[response.url][0] for response in after},
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onnxruntime-web", type=pathlib.Path, default=None)
    parser.add_argument(
        "--out", type=pathlib.Path, default=ROOT / "benchmarks" / "browser_runtime.json"
    )
    parser.add_argument("--site", type=pathlib.Path, default=None, help="a built site's folder")
    args = parser.parse_args()
    if args.site:
        results = json.loads(args.out.read_text()) if args.out.exists() else {}
        results["explorer_on_site"] = {"date": time.strftime("%Y-%m-%d"), **measure_site(args.site)}
        args.out.write_text(json.dumps(results, indent=2) + "\n")
        print(json.dumps(results["explorer_on_site"], indent=1))
        return

    from cylinders import export, metrics

    with tempfile.TemporaryDirectory() as temporary:
        folder = pathlib.Path(temporary)
        shutil.copytree(ROOT / "docs" / "assets" / "javascripts", folder / "assets" / "javascripts")
        (folder / "index.html").write_text(PAGE)
        for name, model in trained_models().items():
            export.export_model(model, folder / "models", name=name)
        export.export_validity_rule(folder / "models")
        shipped = {
            path.name: (len(path.read_bytes()), gzipped(path.read_bytes()))
            for path in sorted((folder / "models").iterdir())
        }
        httpd = serve(folder)
        own = measure_page(f"http://127.0.0.1:{httpd.server_address[1]}/")
        httpd.shutdown()
    masks, _ = metrics.reference_renders()
    packed = np.packbits(masks, axis=-1).tobytes()
    results = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()} / {platform.system()}",
        "chromium": CHROMIUM,
        "own_forward_pass": {
            **own,
            "model_files": {
                name: {"bytes": raw, "gzip_bytes": gz} for name, (raw, gz) in shipped.items()
            },
        },
        "packed_renders": {
            "count": len(masks),
            "kilobytes": len(packed) / 1000,
            "gzip_kilobytes": gzipped(packed) / 1000,
        },
    }
    if args.onnxruntime_web:
        results["onnxruntime_web"] = measure_onnxruntime(args.onnxruntime_web)
    elif args.out.exists():  # keep the last measurement of the npm package
        previous = json.loads(args.out.read_text()).get("onnxruntime_web")
        if previous:
            results["onnxruntime_web"] = previous
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    shown = {key: value for key, value in own.items() if key != "files"}
    print(json.dumps({**results, "own_forward_pass": shown}, indent=1))


if __name__ == "__main__":
    main()
