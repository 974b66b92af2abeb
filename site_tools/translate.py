"""The example pages in French: the code is written once, the text cells are translated.

Each example's markdown cells are in English in the script. Their French twins live in
`examples/translations/NN_name.fr.md`, one section per cell, each under a marker that holds a hash
of the English cell it translates:

    <!-- cell 3f2a9c1e -->
    ## Réglages Les réglages de l'article : ...

When an English cell changes, its hash changes and the French page can no longer find its twin: the
build stops and names the example and the cell, so a French page never shows stale or English text.

`python site_tools/translate.py` writes the missing sections into the translation files, holding the
English text under an `UNTRANSLATED` marker that the build also refuses; translate them, remove the
marker, rebuild. Sections whose English cell is gone are dropped.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "examples" / "translations"
UNTRANSLATED = "<!-- UNTRANSLATED -->"
_MARKER = re.compile(r"^<!-- cell ([0-9a-f]{8}) -->\n", re.MULTILINE)


class TranslationError(RuntimeError):
    """An example's text cell has no translation, or an untranslated one."""


def cell_key(source: str) -> str:
    """The hash that ties a translation to the English cell it translates (whitespace at the ends
    does not count)."""
    return hashlib.sha256(source.strip().encode()).hexdigest()[:8]


def read_translations(path: pathlib.Path) -> dict[str, str]:
    """The sections of a translation file, by the key of their English cell."""
    if not path.exists():
        return {}
    parts = _MARKER.split(path.read_text())
    return {key: text.strip() for key, text in zip(parts[1::2], parts[2::2], strict=True)}


def translation_path(stem: str, language: str) -> pathlib.Path:
    return TRANSLATIONS / f"{stem}.{language}.md"


def _shown(path: pathlib.Path) -> str:
    """A path as the maintainer types it: relative to the repository when it lies inside."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def translate_notebook(notebook, stem: str, language: str, figures: pathlib.Path | None = None):
    """A copy of an executed notebook whose markdown cells are in `language` (English: unchanged).

    Figures: an image shown by a code cell whose file in `figures` has a twin in `language`
    (`name-fr.png` beside `name.png`, see `cylinders.plots.in_languages`) is replaced by that twin.

    Raises:
        TranslationError: naming the example and each cell without a finished translation.
    """
    if language == "en":
        return notebook
    sections = read_translations(translation_path(stem, language))
    translated = copy.deepcopy(notebook)
    missing = []
    for cell in translated.cells:
        if cell.cell_type != "markdown":
            continue
        text = sections.get(cell_key(cell.source))
        if text is None or UNTRANSLATED in text:
            missing.append(f"  cell {cell_key(cell.source)}: {cell.source.strip().splitlines()[0]}")
        else:
            cell.source = text
    if figures is not None:
        _swap_figures(translated, figures, language)
    if missing:
        raise TranslationError(
            f"examples/{stem}.py: {len(missing)} text cell(s) without a finished translation in "
            f"{_shown(translation_path(stem, language))} "
            f"(run `python site_tools/translate.py`):\n" + "\n".join(missing)
        )
    return translated


def _swap_figures(notebook, figures: pathlib.Path, language: str) -> None:
    """Replaces each image output whose bytes are those of a figure with a twin in `language`."""
    twins = {}
    for twin in figures.glob(f"*-{language}.png"):
        english = twin.with_name(twin.name.replace(f"-{language}.png", ".png"))
        if english.exists():
            twins[base64.b64encode(english.read_bytes()).decode()] = base64.b64encode(
                twin.read_bytes()
            ).decode()
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            shown = "".join(data.get("image/png", "").split())
            if shown in twins:
                data["image/png"] = twins[shown]


def markdown_cells(script: pathlib.Path) -> list[str]:
    """The English text cells of an example script, in order."""
    import jupytext

    notebook = jupytext.read(script)
    return [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]


def update(script: pathlib.Path, language: str = "fr") -> int:
    """Rewrites a translation file in the script's cell order: kept sections, new ones marked
    `UNTRANSLATED` with the English text. Returns how many cells are still untranslated."""
    path = translation_path(script.stem, language)
    sections = read_translations(path)
    blocks, untranslated = [], 0
    for source in markdown_cells(script):
        key = cell_key(source)
        text = sections.get(key, f"{UNTRANSLATED}\n{source.strip()}")
        untranslated += UNTRANSLATED in text
        blocks.append(f"<!-- cell {key} -->\n{text}\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(blocks))
    return untranslated


if __name__ == "__main__":
    total = 0
    for script in sorted((ROOT / "examples").glob("[0-9][0-9]_*.py")):
        count = update(script)
        total += count
        if count:
            print(f"{_shown(translation_path(script.stem, 'fr'))}: {count} to translate")
    sys.exit(1 if total else 0)
