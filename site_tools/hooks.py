"""MkDocs hooks: run the examples before the build, put their numbers in the pages, render
notebooks.

1. `on_pre_build` runs `run_examples.run_all()` (unchanged examples are skipped) and copies each
   executed notebook to `docs/examples/<name>.<lang>.ipynb` for mkdocs-jupyter. A failing example
   stops the build with its name and error.
2. `on_page_markdown` replaces `{{NN_name:key.path:format}}` with the value that example measured,
   read from its `results.json`, formatted for the page's language (a decimal comma in French). An
   unknown example or key stops the build.
3. `on_files`, after mkdocs-static-i18n, turns the notebooks back into pages (i18n turns them into
   plain assets, static-i18n issue #198), each language with its own copy.

The package reference (`reference.md`) is not written here: mkdocstrings renders it from the
docstrings (its settings are in mkdocs.yml).
"""

from __future__ import annotations

import json
import logging
import os
import pathlib
import re
import sys

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import benchmark_page  # noqa: E402
import run_examples  # noqa: E402
import translate  # noqa: E402

log = logging.getLogger("mkdocs.hooks.cylinders")
LANGUAGES = ("fr", "en")
#: `<!-- claim: 08_evidence:a.b > 08_evidence:c.d -->`: a comparison stated in words, checked.
CLAIM = re.compile(r"<!--\s*claim:\s*(\S+)\s*(<=|>=|<|>)\s*(\S+)\s*-->")
#: `{{03_vae:prior.validity:.2f}}`: a number an example measured (its results.json), or one a
#: script of `benchmarks/` recorded (`{{benchmarks/cvae_label_placement:summary...}}`).
NUMBER = re.compile(r"\{\{\s*(\d\d_\w+|benchmarks/\w+):([^:}\s]+)(?::([^}\s]+))?\s*\}\}")
_results_cache: dict[str, dict] = {}


def build_info() -> str:
    """What built the site: the commit, the Keras version and the backend the examples ran on."""
    import subprocess
    from importlib import metadata

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=run_examples.ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD")
        commit += "+" if git("status", "--porcelain", "--untracked-files=no") else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return (
        f"cylinders · commit {commit} · Keras {metadata.version('keras')} · "
        f"{run_examples.backend()}"
    )


def install_command(config) -> str:
    """The one line that installs the package with a backend.

    From PyPI once it is released there (`extra.pypi_released: true` in mkdocs.yml, the one setting
    a maintainer changes); before that, from the repository the site is built from, which GitHub
    Actions names in `GITHUB_REPOSITORY`; in a local build, from the clone itself.
    """
    if config.get("extra", {}).get("pypi_released"):
        return 'pip install "cylinders[tensorflow]"'
    repository = os.environ.get("GITHUB_REPOSITORY")
    if repository:
        return f'pip install "cylinders[tensorflow] @ git+https://github.com/{repository}"'
    return 'pip install -e ".[tensorflow]"'


def install_cell(command: str):
    """The notebook cell that installs the package when it is missing (a downloaded notebook)."""
    import nbformat

    source = (
        "# Installs the cylinders package when this notebook runs where it is missing.\n"
        "import importlib.util\n\n"
        'if importlib.util.find_spec("cylinders") is None:\n'
        f"    %{command}"
    )
    return nbformat.v4.new_code_cell(source)


def on_config(config):
    """Writes what built the site into the footer (after the copyright line, if any)."""
    info = build_info()
    config["copyright"] = f"{config['copyright']}<br>{info}" if config.get("copyright") else info
    return config


def _write_if_changed(target: pathlib.Path, text: str) -> None:
    if not target.exists() or target.read_text() != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def on_pre_build(config) -> None:
    try:
        run_examples.run_all(log=log.info)
    except run_examples.ExampleError as error:
        raise PluginError(str(error)) from None
    import nbformat

    pages = pathlib.Path(config["docs_dir"]) / "examples"
    for script in run_examples.example_scripts():
        notebook = nbformat.read(
            run_examples.GENERATED / script.stem / f"{script.stem}.ipynb", as_version=4
        )
        for language in LANGUAGES:
            try:
                page = translate.translate_notebook(
                    notebook, script.stem, language, run_examples.GENERATED / script.stem
                )
            except translate.TranslationError as error:
                raise PluginError(str(error)) from None
            target = pages / f"{script.stem}.{language}.ipynb"
            _write_if_changed(target, nbformat.writes(page))
            download = nbformat.from_dict(page)
            download.cells.insert(1, install_cell(install_command(config)))
            for cell in download.cells:  # a fresh notebook for the reader to run
                if cell.cell_type == "code":
                    cell.outputs, cell.execution_count = [], None
            folder = run_examples.GENERATED / script.stem
            # `NN-fr.ipynb`, not `NN.fr.ipynb`: static-i18n takes a `.fr.` file for a translation
            # and publish it under the name without its suffix.
            _write_if_changed(folder / f"{script.stem}-{language}.ipynb", nbformat.writes(download))
    _results_cache.clear()


def _result(example: str, key: str):
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


def page_language(page) -> str:
    """The language of a page, read from its suffix (`article.en.md`)."""
    suffixes = pathlib.PurePosixPath(page.file.src_uri).suffixes
    return "en" if ".en" in suffixes else "fr"


def format_number(value, spec: str | None, language: str) -> str:
    """Formats a measured number; French gets a decimal comma and a thin space before `%`."""
    text = format(value, spec) if spec else str(value)
    if language == "fr":
        text = text.replace(",", "\u202f").replace(".", ",").replace("%", "\u202f%")
    return text


def root_path(page) -> str:
    """The relative path from a page to the site's root, where the shared `generated/` folder lives.

    An English page's URL already starts with `en/` (mkdocs-static-i18n), so its depth counts that
    folder.
    """
    return "../" * page.url.count("/")


EXPLORER_LABELS = {
    "fr": {
        "ae": "Autoencodeur",
        "vae": "VAE",
        "cvae": "VAE conditionnel",
        "plane": "plan latent ; flèches pour déplacer le point, T pour changer de type",
        "valid": "un vrai cylindre",
        "invalid": "pas un cylindre",
        "position": "case",
        "type": "Type",
        "types": ["I (debout)", "II (couché)"],
        "switch": "changer de type (T)",
        "fallback": "Les modèles n'ont pas pu démarrer dans ce navigateur : l'explorateur montre "
        "l'atlas calculé à la construction du site (images noir et blanc, point par case).",
    },
    "en": {
        "ae": "Autoencoder",
        "vae": "VAE",
        "cvae": "Conditional VAE",
        "plane": "latent plane; arrow keys move the point, T switches the type",
        "valid": "a real cylinder",
        "invalid": "not a cylinder",
        "position": "cell",
        "type": "Type",
        "types": ["I (standing)", "II (lying)"],
        "switch": "switch type (T)",
        "fallback": "The models could not start in this browser: the explorer shows the atlas "
        "computed when the site was built (black-and-white images, one point per cell).",
    },
}


def latent_explorer(page, language: str) -> str:
    """The explorer's HTML: its atlas inlined as JSON, the sprites and the exported models linked
    relative to the page."""
    atlas = json.loads((run_examples.GENERATED / "09_explorer" / "atlas.json").read_text())
    labels = EXPLORER_LABELS[language]
    prefix = root_path(page) + "generated/09_explorer/"
    for name, model in atlas["models"].items():
        for layer in model["layers"]:
            layer["sprite"] = prefix + layer["sprite"]
        model["title"] = labels[name]
    atlas.update(
        order=[name for name in ("ae", "vae", "cvae") if name in atlas["models"]], labels=labels
    )
    payload = json.dumps(atlas, separators=(",", ":")).replace("</", "<\\/")
    # The models the explorer runs live once the reader reaches it (`cylinders.export`'s files).
    exported = (run_examples.GENERATED / "09_explorer" / "models" / "validity.json").exists()
    models = f' data-cylinders-models="{prefix}models/"' if exported else ""
    return (
        f'<div class="latent-explorer" data-latent-explorer{models}>\n'
        f'<script type="application/json" class="latent-atlas">{payload}</script>\n'
        '<div class="latent-explorer__panels"></div>\n</div>'
    )


def benchmark_table(language: str) -> str:
    """The latest `nox -s bench` results (`benchmarks/results.json`), as tables in the page's
    language."""
    results = run_examples.ROOT / "benchmarks" / "results.json"
    if not results.exists():
        return (
            "*(no benchmark recorded yet: run `nox -s bench`)*"
            if language == "en"
            else "*(aucune mesure enregistrée : lancez `nox -s bench`)*"
        )
    return benchmark_page.to_markdown(
        json.loads(results.read_text()),
        language,
        number=lambda value, spec: format_number(value, spec, language),
    )


def _claim_value(term: str):
    if re.fullmatch(r"-?\d+(\.\d+)?", term):
        return float(term)
    example, _, key = term.partition(":")
    return float(_result(example, key))


def check_claims(markdown: str, page) -> str:
    """Checks each `<!-- claim: A op B -->` of a page against the measured numbers, then drops it.

    A sentence that compares two measured numbers carries such a comment. In the full build on the
    site's backend a false claim stops the build and names it; in fast mode (2 epochs) or on another
    backend the numbers mean little, so it is only logged.
    """
    import operator

    compare = {"<": operator.lt, ">": operator.gt, "<=": operator.le, ">=": operator.ge}
    strict = not os.environ.get("CYLINDERS_FAST") and run_examples.backend() == "tensorflow"
    for match in CLAIM.finditer(markdown):
        left, op, right = match[1], match[2], match[3]
        a, b = _claim_value(left), _claim_value(right)
        if not compare[op](a, b):
            message = (
                f"{page.file.src_uri}: the text claims {left} {op} {right}, "
                f"but the build measured {a:.4g} and {b:.4g}"
            )
            if strict:
                raise PluginError(message)
            log.info(message + " (reported, not enforced in fast mode or on another backend)")
    return CLAIM.sub("", markdown)


REPRODUCIBILITY_LABELS = {
    "fr": {
        "header": "| Entraînement | Poids (SHA-256) | Échantillons valides | Cases atteintes | "
        "Reconstruction (nats) | KL (nats) | Secondes |",
        "runs": {
            "first": "premier",
            "again": "le même, relancé",
            "onednn_off": "sans oneDNN",
            "one_core": "sur un seul cœur",
            "torch-h200-host-16cpu": "PyTorch, une autre machine, 16 cœurs",
            "torch-h200-gpu": "PyTorch, une autre machine, son GPU H200",
            "torch-this-machine-2cpu": "PyTorch, cette machine",
        },
        "missing": "*(aucune mesure enregistrée : lancez `python benchmarks/reproducibility.py`)*",
    },
    "en": {
        "header": "| Training | Weights (SHA-256) | Valid samples | Cells reached | "
        "Reconstruction (nats) | KL (nats) | Seconds |",
        "runs": {
            "first": "first",
            "again": "the same, run again",
            "onednn_off": "without oneDNN",
            "one_core": "on one core",
            "torch-h200-host-16cpu": "PyTorch, another machine, 16 cores",
            "torch-h200-gpu": "PyTorch, another machine, its H200 GPU",
            "torch-this-machine-2cpu": "PyTorch, this machine",
        },
        "missing": "*(nothing recorded yet: run `python benchmarks/reproducibility.py`)*",
    },
}


def reproducibility_table(language: str) -> str:
    """The article's VAE trained again (benchmarks/reproducibility.json), as a table."""
    path = run_examples.ROOT / "benchmarks" / "reproducibility.json"
    labels = REPRODUCIBILITY_LABELS[language]
    if not path.exists():
        return labels["missing"]
    runs = dict(json.loads(path.read_text())["runs"])
    # The same run on machines the project borrowed (benchmarks/other_machines/README.md).
    for other in sorted((path.parent / "other_machines").glob("*.json")):
        runs[other.stem] = json.loads(other.read_text())
    lines = [labels["header"], "|---|---|---|---|---|---|---|"]
    for name, row in runs.items():
        cells = [
            labels["runs"].get(name, name),
            f"`{row['weights_sha256']}`",
            format_number(row["prior"]["validity"], ".3f", language),
            format_number(row["prior"]["cells_reached"], ".3f", language),
            format_number(row["held_out"]["reconstruction_bce"], ".1f", language),
            format_number(row["held_out"]["kl"], ".2f", language),
            format_number(row["train_seconds"], ".0f", language),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def on_page_markdown(markdown: str, page, config, files) -> str:
    language = page_language(page)
    markdown = check_claims(markdown, page)
    if "<!-- latent-explorer -->" in markdown:
        markdown = markdown.replace("<!-- latent-explorer -->", latent_explorer(page, language))
    if "<!-- reproducibility-table -->" in markdown:
        markdown = markdown.replace(
            "<!-- reproducibility-table -->", reproducibility_table(language)
        )
    if "<!-- benchmark-table -->" in markdown:
        markdown = markdown.replace("<!-- benchmark-table -->", benchmark_table(language))
    if "<!-- install-command -->" in markdown:
        markdown = markdown.replace("<!-- install-command -->", install_command(config))
    return NUMBER.sub(
        lambda match: format_number(_result(match[1], match[2]), match[3], language), markdown
    )


#: Elements whose text French typography must not touch: code, math, scripts.
_UNTOUCHED = re.compile(
    r"(<(pre|code|script|style|kbd|textarea)\b.*?</\2>"
    r"|<(?:span|div) class=\"arithmatex\">.*?</(?:span|div)>"
    r"|<[^>]+>)",
    re.DOTALL,
)
_NBSP, _NNBSP = "\u00a0", "\u202f"


def french_typography(html: str) -> str:
    """Puts French spaces in the text of an HTML page: a no-break space before « : » and inside
    « », a narrow no-break space before « ; ! ? » and between the groups of a number (1 000).
    Tags, attributes, code, math and scripts are left as they are."""

    def fix(text: str) -> str:
        text = re.sub(r"[ \u00a0\u202f]*([;!?])(?=\s|$|<|»)", _NNBSP + r"\1", text)
        text = re.sub(r"(?:(?<=\S)|^)[ \u00a0]+:(?=\s|$)", _NBSP + ":", text)
        text = re.sub(r"«[ \u00a0]*", "«" + _NBSP, text)
        text = re.sub(r"[ \u00a0]*»", _NBSP + "»", text)
        return re.sub(r"(?<=\b\d) (?=\d{3}\b)", _NNBSP, text)

    parts = _UNTOUCHED.split(html)
    # split() with two groups returns text, match, inner group, text, ...: fix the text parts only.
    return "".join(
        fix(part) if index % 3 == 0 else part for index, part in enumerate(parts) if index % 3 != 2
    )


#: A module of the package reference, as mkdocstrings renders it; `<div` and `</div>` inside it.
_API_MODULE = re.compile(r'<div class="doc doc-object doc-module">')
_DIV = re.compile(r"<div\b|</div>")


def _api_modules(html: str):
    """The (start, end) of each module of the package reference in a page."""
    position = 0
    for module in _API_MODULE.finditer(html):
        if module.start() < position:
            continue
        depth = 0
        for tag in _DIV.finditer(html, module.start()):
            depth += 1 if tag[0] == "<div" else -1
            if depth == 0:
                position = tag.end()
                yield module.start(), position
                break


def on_post_page(output: str, page, config) -> str:
    """French spacing on the whole French page: its content, and the titles in its navigation.

    The package reference's docstrings are English (and so keep English spacing)."""
    if page_language(page) != "fr":
        return output
    parts, position = [], 0
    for start, end in _api_modules(output):
        parts += [french_typography(output[position:start]), output[start:end]]
        position = end
    return "".join([*parts, french_typography(output[position:])])


class _NotebookPage(File):
    """A notebook that MkDocs builds as a page (mkdocs-jupyter renders it)."""

    def is_documentation_page(self) -> bool:
        return True


@event_priority(-200)  # after mkdocs-static-i18n (-100), which makes every notebook a plain asset
def on_files(files: Files, config) -> Files:
    language = config["theme"]["language"]
    for file in files:
        if file.src_uri.startswith("examples/") and file.src_uri.endswith(f".{language}.ipynb"):
            file.__class__ = _NotebookPage
    return files


def on_page_context(context, page, config, nav):
    """Gives each example page its downloads (script, notebook, trained models) and its run time."""
    if not page.file.src_uri.startswith("examples/") or not page.file.src_uri.endswith(".ipynb"):
        return context
    stem = page.file.src_uri.split("/")[-1].split(".")[0]
    folder = run_examples.GENERATED / stem
    language = config["theme"]["language"]
    root = root_path(page)
    names = [f"{stem}.py", f"{stem}-{language}.ipynb"]
    names += sorted(path.name for path in folder.glob("*.keras"))
    record = json.loads((folder / "run.json").read_text())
    seconds = format_number(record["seconds"], ".0f", language)
    ran = (
        f"Ran in {seconds} s on the {record['backend']} backend when this site was built."
        if language == "en"
        else f"Exécuté en {seconds} s sur le backend {record['backend']} "
        "lors de la construction du site."
    )
    context["downloads"] = {
        "title": "Download" if language == "en" else "Télécharger",
        "links": [(name, f"{root}generated/{stem}/{name}") for name in names],
        "ran": ran,
        "install": install_command(config),
        "install_title": "Install the package first:"
        if language == "en"
        else "Installez d'abord le paquet :",
    }
    return context
