"""The example pages in French: the code is written once, the text cells are translated.

Each example's markdown cells are in English in the script. Their French twins live in
`examples/translations/NN_name.fr.md`, one section per cell, each under a marker that holds a hash
of the English cell it translates:

    <!-- cell 3f2a9c1e -->
    ## Réglages Les réglages de l'article : ...

When an English cell changes, its hash changes and the French page can no longer find its twin: the
build stops and names the example and the cell, so a French page never shows stale or English text.

`python site_tools/translate.py` then rewrites the translation files in the scripts' cell order.
A French section is never thrown away for an edited English cell: the section whose cell is gone is
matched to the new cell by position (the cells around it unchanged) and by similarity (`difflib`),
kept, and marked for review, as gettext marks an entry "fuzzy":

    <!-- cell 9b1c0d2e -->
    <!-- REVIEW: the English cell changed (was 3f2a9c1e, now 9b1c0d2e) -->
    ## Réglages Les réglages de l'article : ...

The build refuses a section so marked, naming the cell, until a person has checked the French
against the new English and deleted the marker line. A new cell that matches no old section gets
the English text under an `UNTRANSLATED` marker, which the build also refuses. A section whose
English cell was deleted is dropped (the script says which; git keeps it).
"""

from __future__ import annotations

import base64
import copy
import difflib
import hashlib
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "examples" / "translations"
UNTRANSLATED = "<!-- UNTRANSLATED -->"
#: The line that marks a kept translation whose English cell changed; deleting it is the review.
REVIEW = re.compile(r"^<!-- REVIEW: .*?-->\n?", re.MULTILINE)
#: How alike (difflib's ratio, 0 to 1) a French section and an English cell must read to be paired
#: when their places in the file do not already pair them; twins measure 0.30-0.75 here, strangers
#: at most 0.39.
SIMILAR = 0.4
_MARKER = re.compile(r"^<!-- cell ([0-9a-f]{8}) -->\n", re.MULTILINE)


class TranslationError(RuntimeError):
    """An example's text cell has no translation, an untranslated one, or one to review."""


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
    missing, to_review = [], []
    for cell in translated.cells:
        if cell.cell_type != "markdown":
            continue
        text = sections.get(cell_key(cell.source))
        named = f"  cell {cell_key(cell.source)}: {cell.source.strip().splitlines()[0]}"
        if text is None or UNTRANSLATED in text:
            missing.append(named)
        elif REVIEW.search(text):
            to_review.append(named)
        else:
            cell.source = text
    if figures is not None:
        _swap_figures(translated, figures, language)
    shown = _shown(translation_path(stem, language))
    problems = []
    if missing:
        problems.append(
            f"examples/{stem}.py: {len(missing)} text cell(s) without a finished translation in "
            f"{shown} (run `python site_tools/translate.py`):\n" + "\n".join(missing)
        )
    if to_review:
        problems.append(
            f"examples/{stem}.py: {len(to_review)} text cell(s) to review in {shown} (the English "
            "changed: check the French kept there, then delete its REVIEW line):\n"
            + "\n".join(to_review)
        )
    if problems:
        raise TranslationError("\n".join(problems))
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


def similarity(french: str, english: str) -> float:
    """How alike a translation and an English cell read (their code, numbers, links, headings)."""
    return difflib.SequenceMatcher(None, french, english, autojunk=False).ratio()


def carry_over(sections: dict[str, str], cells: list[str]) -> tuple[list[str | None], list[str]]:
    """The French text of each English cell, from the sections of its translation file, and the
    keys of the sections left over (their English cells are gone).

    A cell keeps the section under its own key. A cell whose section is missing (it was edited)
    takes an orphan section (whose cell is gone): first one from the same place, between the same
    unchanged cells (the most alike if there are several), then, anywhere, one that reads alike
    (`SIMILAR`). A section carried over so is marked for review; `None` where nothing fits.
    """
    keys = [cell_key(source) for source in cells]
    found = [sections.get(key) for key in keys]
    orphans = {key: text for key, text in sections.items() if key not in keys}

    def pair(old_keys, new_indices, threshold: float) -> None:
        candidates = sorted(
            (
                (similarity(orphans[old], cells[index]), old, index)
                for old in old_keys
                if UNTRANSLATED not in orphans[old]  # English kept as a placeholder: not French
                for index in new_indices
            ),
            reverse=True,
        )
        for score, old, index in candidates:
            if score >= threshold and old in orphans and found[index] is None:
                text = REVIEW.sub("", orphans.pop(old))
                marker = f"<!-- REVIEW: the English cell changed (was {old}, now {keys[index]}) -->"
                found[index] = f"{marker}\n{text}"

    matcher = difflib.SequenceMatcher(None, list(sections), keys, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "replace":
            in_place = [key for key in list(sections)[old_start:old_end] if key in orphans]
            pair(in_place, range(new_start, new_end), threshold=0.0)
    pair(list(orphans), range(len(cells)), threshold=SIMILAR)
    return found, list(orphans)


def update(script: pathlib.Path, language: str = "fr") -> int:
    """Rewrites a translation file in the script's cell order: sections kept, carried over to an
    edited cell and marked for review (`carry_over`), or new and marked `UNTRANSLATED` with the
    English text. Returns how many cells are still to translate or review."""
    path = translation_path(script.stem, language)
    sections = read_translations(path)
    cells = markdown_cells(script)
    texts, dropped = carry_over(sections, cells)
    for key in dropped:
        print(f"{_shown(path)}: dropped section {key} (its English cell is gone)")
    blocks, pending = [], 0
    for source, text in zip(cells, texts):
        text = text if text is not None else f"{UNTRANSLATED}\n{source.strip()}"
        pending += UNTRANSLATED in text or bool(REVIEW.search(text))
        blocks.append(f"<!-- cell {cell_key(source)} -->\n{text}\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(blocks))
    return pending


if __name__ == "__main__":
    total = 0
    for script in sorted((ROOT / "examples").glob("[0-9][0-9]_*.py")):
        count = update(script)
        total += count
        if count:
            print(f"{_shown(translation_path(script.stem, 'fr'))}: {count} to translate or review")
    sys.exit(1 if total else 0)
