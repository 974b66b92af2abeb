"""MkDocs hook: puts what the examples measured into the pages, and checks what the text claims.

In the Markdown of every page (`on_page_markdown`):

- `{{NN_name:key.path:format}}` becomes the value that example measured (its `results.json`), or
  one a script of `benchmarks/` recorded (`{{benchmarks/name:key}}`), formatted for the page's
  language (a decimal comma in French). An unknown example or key stops the build.
- `<!-- claim: A op B -->` marks a sentence that compares two measured numbers (`op` is one of
  `< > <= >=`, each side a `NN_name:key` or a number). A false claim stops the build and names it;
  in fast mode (`CYLINDERS_FAST=1`, two epochs, numbers that mean nothing) it is only logged. The
  comment is then removed. The text cells of the examples (and their French translations) carry
  claims the same way, checked before any page is built (`on_pre_build`).
- Five comments become generated content: `<!-- latent-explorer -->` (the explorer of example 9),
  `<!-- reproducibility-table -->`, `<!-- benchmark-table -->`, `<!-- site-audit-table -->` (the
  site's Lighthouse and axe scores), `<!-- install-command -->`.
"""

from __future__ import annotations

import json
import logging
import operator
import re

import benchmark_page
import pages
import run_examples
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.cylinders")
#: `<!-- claim: 08_evidence:a.b > 08_evidence:c.d -->`: a comparison stated in words, checked.
CLAIM = re.compile(r"<!--\s*claim:\s*(\S+)\s*(<=|>=|<|>)\s*(\S+)\s*-->")
#: `{{03_vae:prior.validity:.2f}}`: a number an example measured (its results.json), or one a
#: script of `benchmarks/` recorded (`{{benchmarks/cvae_label_placement:summary...}}`).
NUMBER = re.compile(r"\{\{\s*(\d\d_\w+|benchmarks/\w+):([^:}\s]+)(?::([^}\s]+))?\s*\}\}")
_COMPARE = {"<": operator.lt, ">": operator.gt, "<=": operator.le, ">=": operator.ge}
_results_cache: dict[str, dict] = {}


def on_pre_build(config: MkDocsConfig) -> None:
    _results_cache.clear()  # the examples may have run again
    check_example_claims()


def check_example_claims() -> None:
    """Checks the claims of the example pages, in each script's text cells and in their French
    translations, as the article's are checked (the examples have just run)."""
    translations = run_examples.EXAMPLES / "translations"
    for script in run_examples.example_scripts():
        check_claims(script.read_text(), f"examples/{script.name}")
        for translation in sorted(translations.glob(f"{script.stem}.*.md")):
            check_claims(translation.read_text(), f"examples/translations/{translation.name}")


def result(example: str, key: str):
    """The value at `key` (`a.b.0`) of what `example` measured, or a benchmark recorded."""
    benchmark = example.startswith("benchmarks/")  # recorded by a script, committed with it
    if example not in _results_cache:
        if benchmark:
            path = run_examples.ROOT / f"{example}.json"
        else:
            path = run_examples.GENERATED / example / "results.json"
        if not path.exists():
            raise PluginError(f"No results for '{example}' (expected {path})")
        _results_cache[example] = json.loads(path.read_text())
    value = _results_cache[example]
    for part in key.split("."):
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            source = example if benchmark else f"examples/{example}"
            raise PluginError(f"{source}.py measured no '{key}' (its results have no '{part}')")
    return value


def _claim_value(term: str) -> float:
    if re.fullmatch(r"-?\d+(\.\d+)?", term):
        return float(term)
    example, _, key = term.partition(":")
    return float(result(example, key))


def check_claims(markdown: str, where: str, *, enforce: bool | None = None) -> str:
    """Checks each `<!-- claim: A op B -->` of a page against the measured numbers, then drops it.

    Args:
        markdown: the page's Markdown.
        where: the page's source, named in the error (`article.fr.md`).
        enforce: whether a false claim stops the build; by default, unless in fast mode.

    Returns:
        The Markdown without its claim comments.

    Raises:
        PluginError: naming the page, the claim and the two numbers measured, for a false claim.
    """
    if enforce is None:
        enforce = not run_examples.fast_mode()
    for match in CLAIM.finditer(markdown):
        left, op, right = match[1], match[2], match[3]
        a, b = _claim_value(left), _claim_value(right)
        if not _COMPARE[op](a, b):
            message = (
                f"{where}: the text claims {left} {op} {right}, "
                f"but the build measured {a:.4g} and {b:.4g}"
            )
            if enforce:
                raise PluginError(message)
            log.info(message + " (reported, not enforced in fast mode)")
    # A claim on a line of its own goes with its line, so that the sentence around it stays one
    # paragraph.
    markdown = re.sub(r"\n[ \t]*" + CLAIM.pattern + r"[ \t]*(?=\n)", "", markdown)
    return CLAIM.sub("", markdown)


def latent_explorer(page: Page, language: str) -> str:
    """The explorer's HTML: its atlas inlined as JSON, the sprites and the exported models linked
    relative to the page."""
    atlas = json.loads((run_examples.GENERATED / "09_explorer" / "atlas.json").read_text())
    labels = pages.words(language, "explorer")
    prefix = pages.root_path(page) + "generated/09_explorer/"
    for name, model in atlas["models"].items():
        for layer in model["layers"]:
            layer["sprite"] = prefix + layer["sprite"]
        model["title"] = labels[name]
    atlas.update(
        order=[name for name in ("ae", "vae", "cvae") if name in atlas["models"]], labels=labels
    )
    # The models the explorer runs live once the reader reaches it (`cylinders.export`'s files).
    exported = (run_examples.GENERATED / "09_explorer" / "models" / "validity.json").exists()
    return explorer_html(atlas, f"{prefix}models/" if exported else None)


def explorer_html(atlas: dict, models: str | None) -> str:
    """The explorer's element: `atlas` (with its `order` and `labels`) inlined as JSON, and the
    folder of the exported models (relative to the page), or None where there are none.

    explorer.js builds the planes, the drawing pad and the morph inside it."""
    payload = json.dumps(atlas, separators=(",", ":")).replace("</", "<\\/")
    attribute = f' data-cylinders-models="{models}"' if models else ""
    return (
        f'<div class="latent-explorer" data-latent-explorer{attribute}>\n'
        f'<script type="application/json" class="latent-atlas">{payload}</script>\n'
        '<div class="latent-explorer__panels"></div>\n</div>'
    )


def benchmark_table(language: str) -> str:
    """The latest `nox -s bench` results (`benchmarks/results.json`), as tables in the page's
    language."""
    results = run_examples.ROOT / "benchmarks" / "results.json"
    if not results.exists():
        return pages.words(language, "benchmark")["missing"]
    return benchmark_page.to_markdown(
        json.loads(results.read_text()),
        language,
        number=lambda value, spec: pages.format_number(value, spec, language),
        with_audit=False,  # under its own heading: `site_audit_table`
    )


def site_audit_table(language: str) -> str:
    """The site's latest audit (`benchmarks/site_audit.py`, in `benchmarks/results.json`)."""
    results = run_examples.ROOT / "benchmarks" / "results.json"
    audit = json.loads(results.read_text()).get("site_audit") if results.exists() else None
    if not audit:
        return pages.words(language, "benchmark")["audit_missing"]
    return benchmark_page.audit_markdown(
        audit, language, number=lambda value, spec: pages.format_number(value, spec, language)
    )


def reproducibility_table(language: str) -> str:
    """The article's VAE trained again (benchmarks/reproducibility.json), as a table."""
    path = run_examples.ROOT / "benchmarks" / "reproducibility.json"
    labels = pages.words(language, "reproducibility")
    if not path.exists():
        return labels["missing"]
    runs = dict(json.loads(path.read_text())["runs"])
    # The same run on machines the project borrowed (benchmarks/other_machines/README.md).
    for other in sorted((path.parent / "other_machines").glob("*.json")):
        runs[other.stem] = json.loads(other.read_text())
    number = pages.format_number
    lines = ["| " + " | ".join(labels["columns"]) + " |", "|---|---|---|---|---|---|---|"]
    for name, row in runs.items():
        cells = [
            labels["runs"].get(name, name),
            f"`{row['weights_sha256']}`",
            number(row["prior"]["validity"], ".3f", language),
            number(row["prior"]["cells_reached"], ".3f", language),
            number(row["held_out"]["reconstruction_bce"], ".1f", language),
            number(row["held_out"]["kl"], ".2f", language),
            number(row["train_seconds"], ".0f", language),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    language = pages.page_language(page)
    markdown = check_claims(markdown, page.file.src_uri)
    placeholders = {
        "<!-- latent-explorer -->": lambda: latent_explorer(page, language),
        "<!-- reproducibility-table -->": lambda: reproducibility_table(language),
        "<!-- benchmark-table -->": lambda: benchmark_table(language),
        "<!-- site-audit-table -->": lambda: site_audit_table(language),
        "<!-- install-command -->": lambda: pages.install_command(config),
    }
    for comment, content in placeholders.items():
        if comment in markdown:
            markdown = markdown.replace(comment, content())
    return NUMBER.sub(
        lambda match: pages.format_number(result(match[1], match[2]), match[3], language),
        markdown,
    )
