"""The built site as a reader's phone gets it: Lighthouse and axe-core on each kind of page.

Serves a built site (`site/`, or `--site PATH`) on 127.0.0.1, compressed with gzip as its host
(GitHub Pages) serves it, then, for each page of `PAGES` in each language:

- Lighthouse 12.2.3 in its default preset, a phone (simulated slow 4G, 4x CPU slowdown), in
  Debian's Chromium: the four scores, LCP, TBT, CLS and the bytes the page fetched, the median of
  `--runs` runs (Lighthouse moves by 10-20 points when the CPU is busy);
- axe-core 4.14.1, injected by Playwright into the same Chromium, in the light and the dark colour
  scheme: the serious and critical violations, and the rules they break.

The npm packages are installed, at the pinned versions, into `benchmarks/.node/` (ignored by git)
the first time. The results go into `benchmarks/results.json`, under `site_audit`, and the tables
of `benchmarks/results.md` are written again (`site_tools/benchmark_page.py`, which the speed page
uses too); `nox -s bench` runs it with the rest, a slow test (`tests/test_site_audit.py`) on the
site the tests build.

Usage: `python benchmarks/site_audit.py [--site site] [--runs 3] [--pages home,article]`.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
TOOLS = ROOT / "benchmarks" / ".node"
#: The npm packages, at exact versions (Lighthouse 13 needs Node 22; 12.2.3 runs on Node 18-20).
NPM_PACKAGES = {"lighthouse": "12.2.3", "axe-core": "4.14.1"}
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: How Lighthouse starts Chromium, without paint holding (which keeps the previous page's pixels
#: on screen until the new page paints): in this headless Chromium, with no GPU, it held the first
#: frame of Lighthouse's load at random until its one-second timer ran out, once or twice, long
#: after the page was ready (the home page, four runs: first paint 0.8-1.8 s after DOMContentLoaded;
#: with this flag, before it in each run), and Lighthouse's simulation then counts every task and
#: request before that late frame into FCP and LCP (the article, same build, four runs with it:
#: 76, 76, 91, 81; two without: 90 and 92; the medians of three of the audits since: 86-93). A
#: page of two lines painted at once either way.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-features=PaintHolding",
)
#: The pages measured, by name: their path under each language's root. A page missing from the
#: build (the evidence page, before it is written) is left out and said so.
PAGES = {
    "home": "",
    "article": "article/",
    "evidence": "evidence/",
    "example 03": "examples/03_vae/",
    "speed": "benchmark/",
}
#: Each language's root in the site: French at `/`, English under `/en/`.
LANGUAGES = {"fr": "", "en": "en/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
#: The audits kept from each Lighthouse run, by the name they get in the results.
METRICS = {
    "lcp_ms": "largest-contentful-paint",
    "tbt_ms": "total-blocking-time",
    "cls": "cumulative-layout-shift",
    "bytes": "total-byte-weight",
}
#: What `tests/test_site_audit.py` holds every page to (issue 20; performance has a floor below
#: the 90 aimed at, since Lighthouse varies from run to run).
THRESHOLDS = {"performance": 85, "accessibility": 100, "best-practices": 100, "seo": 100}
_COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")


def install_tools(folder: pathlib.Path = TOOLS) -> pathlib.Path:
    """Installs the pinned npm packages into `folder` unless they are there; returns it."""
    missing = []
    for name, version in NPM_PACKAGES.items():
        manifest = folder / "node_modules" / name / "package.json"
        if not manifest.exists() or json.loads(manifest.read_text())["version"] != version:
            missing.append(f"{name}@{version}")
    if missing:
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is not installed: `apt-get install -y nodejs npm` provides it")
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--prefix", str(folder), "--save-exact", "--no-audit", "--no-fund"]
            + missing,
            check=True,
            capture_output=True,
        )
    return folder


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site quietly, text compressed with gzip when the browser accepts it."""

    def log_message(self, format, *args):  # noqa: A002 (the standard library's name)
        pass

    def send_head(self):
        path = pathlib.Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in _COMPRESSED and path.is_file()):
            return super().send_head()  # and the redirect of a folder named without its slash
        body = _gzipped(path, path.stat().st_mtime)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@functools.lru_cache(maxsize=512)
def _gzipped(path: pathlib.Path, modified: float) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6)


@contextlib.contextmanager
def serve(site: pathlib.Path):
    """The site served on 127.0.0.1 (a free port) while the block runs; yields its address."""
    handler = functools.partial(_Handler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def lighthouse_once(url: str, tools: pathlib.Path) -> dict:
    """One Lighthouse run in its default (mobile) preset: the scores (0-100) and the metrics."""
    command = [
        "node",
        str(tools / "node_modules" / "lighthouse" / "cli" / "index.js"),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}",
    ]
    completed = subprocess.run(
        command,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=300,
    )
    if completed.returncode:
        raise RuntimeError(f"Lighthouse failed on {url}:\n{completed.stderr[-2000:]}")
    report = json.loads(completed.stdout)
    if report.get("runtimeError"):
        raise RuntimeError(f"Lighthouse could not load {url}: {report['runtimeError']}")
    result = {name: round(100 * report["categories"][name]["score"]) for name in CATEGORIES}
    for name, audit in METRICS.items():
        result[name] = report["audits"][audit]["numericValue"]
    # The audits that cost points, for whoever reads the results to fix them.
    result["failing"] = sorted(
        key
        for key, audit in report["audits"].items()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    )
    return result


def lighthouse(url: str, tools: pathlib.Path, runs: int) -> dict:
    """The median of `runs` Lighthouse runs, metric by metric, and every run's performance."""
    results = [lighthouse_once(url, tools) for _ in range(runs)]
    median = {key: statistics.median(r[key] for r in results) for key in (*CATEGORIES, *METRICS)}
    median["failing"] = sorted(set().union(*(r["failing"] for r in results)))
    median["performance_runs"] = [r["performance"] for r in results]
    return median


def axe(urls: dict[str, str], tools: pathlib.Path) -> dict[str, dict]:
    """axe-core's serious and critical violations on each page, in each colour scheme."""
    from playwright.sync_api import sync_playwright

    script = (tools / "node_modules" / "axe-core" / "axe.min.js").read_text()
    found: dict[str, dict] = {key: {} for key in urls}
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        for scheme in ("light", "dark"):
            context = browser.new_context(
                color_scheme=scheme, viewport={"width": 390, "height": 844}
            )
            page = context.new_page()
            for key, url in urls.items():
                page.goto(url, wait_until="load")
                page.wait_for_timeout(300)  # the scripts' first paint (palette, explorer)
                page.add_script_tag(content=script)
                violations = page.evaluate(
                    "async () => (await axe.run(document)).violations.map("
                    "v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}))"
                )
                serious = [v for v in violations if v["impact"] in ("serious", "critical")]
                found[key][scheme] = {
                    "serious": sum(v["impact"] == "serious" for v in serious),
                    "critical": sum(v["impact"] == "critical" for v in serious),
                    "rules": sorted({f"{v['id']} ({v['nodes']})" for v in serious}),
                }
            context.close()
        browser.close()
    return found


def audit(site: pathlib.Path, runs: int = 3, names: list[str] | None = None, log=print) -> dict:
    """Lighthouse and axe on each page of `names` (default: all of `PAGES`) in each language.

    Args:
        site: the built site's folder (its `index.html` at the top).
        runs: Lighthouse runs per page; the median is kept.
        names: the pages to measure, among the keys of `PAGES`.
        log: where progress goes.

    Returns:
        `{"tools", "runs", "date", "cores", "seconds", "pages", "missing"}`: each page a dict
        of its name, language and path, its scores and metrics, and its axe findings.
    """
    if not (site / "index.html").exists():
        raise FileNotFoundError(f"No built site at {site}: build it first (`nox -s docs`)")
    if runs < 1:
        raise ValueError(f"`runs` must be at least 1. Received: runs={runs}")
    names = list(PAGES) if names is None else names
    unknown = sorted(set(names) - set(PAGES))
    if unknown:
        raise ValueError(f"Unknown page(s) {unknown}; choose among {list(PAGES)}")
    tools = install_tools()
    rows, missing = [], []
    for name in names:
        for language, root in LANGUAGES.items():
            path = root + PAGES[name]
            if (site / path / "index.html").exists():
                rows.append({"page": name, "language": language, "path": path})
            else:
                missing.append(path)
    with serve(site) as address:
        started = time.perf_counter()
        for row in rows:
            row.update(lighthouse(address + row["path"], tools, runs))
            log(
                f"{row['language']} {row['page']}: performance {row['performance']:.0f}, "
                f"accessibility {row['accessibility']:.0f}, LCP {row['lcp_ms'] / 1000:.1f} s, "
                f"TBT {row['tbt_ms']:.0f} ms, {row['bytes'] / 1024:,.0f} KiB"
            )
        found = axe({row["path"]: address + row["path"] for row in rows}, tools)
        for row in rows:
            row["axe"] = found[row["path"]]
        seconds = time.perf_counter() - started
    return {
        "tools": {**NPM_PACKAGES, "chromium": _chromium_version()},
        "runs": runs,
        "date": time.strftime("%Y-%m-%d"),
        "cores": os.cpu_count(),
        "seconds": seconds,
        "pages": rows,
        "missing": missing,
    }


def _chromium_version() -> str:
    output = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    words = output.split()  # "Chromium 131.0.6778.204 built on Debian ..."
    return words[1] if len(words) > 1 else "?"


def below_thresholds(results: dict) -> list[str]:
    """What misses `THRESHOLDS`, and any serious or critical axe violation."""
    problems = []
    for row in results["pages"]:
        where = f"{row['language']} {row['page']} (/{row['path']})"
        for category, floor in THRESHOLDS.items():
            if row[category] < floor:
                problems.append(f"{where}: {category} {row[category]:.0f} < {floor}")
        for scheme, found in row["axe"].items():
            if found["serious"] or found["critical"]:
                problems.append(f"{where}, {scheme}: axe {', '.join(found['rules'])}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=pathlib.Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median)")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"among {', '.join(PAGES)}")
    parser.add_argument(
        "--no-write", action="store_true", help="print only; leave benchmarks/results.* alone"
    )
    args = parser.parse_args()
    results = audit(args.site, args.runs, args.pages.split(","))
    for problem in below_thresholds(results):
        print("below target:", problem)
    if args.no_write:
        print(json.dumps(results, indent=2))
        return
    sys.path.insert(0, str(ROOT / "site_tools"))
    from benchmark_page import to_markdown

    path = ROOT / "benchmarks" / "results.json"
    recorded = json.loads(path.read_text()) if path.exists() else {}
    recorded["site_audit"] = results
    path.write_text(json.dumps(recorded, indent=2))
    (ROOT / "benchmarks" / "results.md").write_text(to_markdown(recorded))


if __name__ == "__main__":
    main()
