"""MkDocs hook: the spaces of each page's language, in its text only.

In both languages a number keeps its unit on its line: a no-break space between them (2.5 s,
205 kB), so that no line starts with the unit. French also puts a no-break space before « : » and
inside « », and a narrow no-break space before « ; ! ? » and between the groups of a number
(1 000). `on_post_page` applies them to each finished page (its content, and the titles of its
navigation), read by the standard library's HTML parser, so that it touches text and nothing else:
never a tag, an attribute or an entity (`&gt;` stays `&gt;`), and never the inside of code (nor the
copy of it a copy button copies), scripts, styles, math or the package reference (whose docstrings
are English).
"""

from __future__ import annotations

import html
import html.parser
import re
from collections.abc import Callable

import pages
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

#: Elements whose text is not prose: code (what a reader copies stays the script's own), scripts.
UNTOUCHED_ELEMENTS = frozenset({"pre", "code", "kbd", "samp", "script", "style", "textarea", "svg"})
#: Classes of elements left alone: math (pymdownx.arithmatex), a module of the package reference,
#: the text a notebook cell's copy button copies (mkdocs-jupyter: the cell's source, unhighlighted).
UNTOUCHED_CLASSES = frozenset({"arithmatex", "doc-module", "clipboard-copy-txt"})
#: Elements that have no end tag.
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_NBSP, _NNBSP = "\u00a0", "\u202f"
#: The units a number is kept with: time, shares, sizes, speeds, pixels.
_UNITS = r"(?:ms|s|min|h|%|[kKMG]i?[Bo]|GFLOP/s|px)(?![\w/])"


def keep_units(text: str) -> str:
    """A piece of text (plain characters, no markup) whose numbers keep their units beside them."""
    return re.sub(r"(?<=\d) (?=" + _UNITS + ")", _NBSP, text)


def french_spacing(text: str) -> str:
    """The French spaces put into a piece of text (plain characters, no markup)."""
    text = re.sub(r"[ \u00a0\u202f]*([;!?])(?=\s|$|»)", _NNBSP + r"\1", text)
    text = re.sub(r"(?:(?<=\S)|^)[ \u00a0]+:(?=\s|$)", _NBSP + ":", text)
    text = re.sub(r"«[ \u00a0]*", "«" + _NBSP, text)
    text = re.sub(r"[ \u00a0]*»", _NBSP + "»", text)
    text = re.sub(r"(?<=\b\d) (?=\d{3}\b)", _NNBSP, text)
    return keep_units(text)


class _Pieces(html.parser.HTMLParser):
    """Cuts a page into pieces where each tag, entity, comment and run of text starts, and tells
    which pieces are text (or entities) that spacing may touch."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=False)  # entities reach us as entities, not as text
        self._line_starts = [0] + [match.end() for match in re.finditer("\n", page)]
        self.starts: list[int] = []  # where each piece starts in the page
        self.prose: list[bool] = []  # whether that piece is text that may be respaced
        self._open: list[tuple[str, bool]] = []  # open elements, each with "untouched inside"
        self.feed(page)
        self.close()

    def _piece(self, prose: bool) -> None:
        line, column = self.getpos()
        self.starts.append(self._line_starts[line - 1] + column)
        self.prose.append(prose and not any(untouched for _, untouched in self._open))

    def handle_starttag(self, tag, attrs):
        self._piece(False)
        if tag not in _VOID:
            classes = set((dict(attrs).get("class") or "").split())
            untouched = tag in UNTOUCHED_ELEMENTS or bool(classes & UNTOUCHED_CLASSES)
            self._open.append((tag, untouched))

    def handle_startendtag(self, tag, attrs):
        self._piece(False)

    def handle_endtag(self, tag):
        self._piece(False)
        names = [name for name, _ in self._open]
        if tag in names:  # close it, and any element left open inside it (`<p>`, `<li>`)
            del self._open[len(names) - 1 - names[::-1].index(tag) :]

    def handle_data(self, data):  # text, and the entities and character references in it
        self._piece(True)

    handle_entityref = handle_charref = handle_data

    def handle_comment(self, data):  # comments, declarations, processing instructions
        self._piece(False)

    handle_decl = handle_pi = unknown_decl = handle_comment


def respace(page: str, spacing: Callable[[str], str]) -> str:
    """A page of HTML whose text has gone through `spacing` (see the module's docstring).

    Each run of text and entities between two tags is read as the characters it stands for,
    respaced, and written back escaped; a run that needs no change is left byte for byte.
    """
    pieces = _Pieces(page)
    ends = [*pieces.starts[1:], len(page)]
    output, run = [], []

    def flush() -> None:
        raw = "".join(run)
        text = html.unescape(raw)
        spaced = spacing(text)
        output.append(raw if spaced == text else html.escape(spaced, quote=False))
        run.clear()

    if pieces.starts and pieces.starts[0] > 0:
        output.append(page[: pieces.starts[0]])
    for start, end, prose in zip(pieces.starts, ends, pieces.prose):
        if prose:
            run.append(page[start:end])
            continue
        if run:
            flush()
        output.append(page[start:end])
    if run:
        flush()
    return "".join(output)


def french_typography(page: str) -> str:
    """A page of HTML with French spacing in its text."""
    return respace(page, french_spacing)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """The spaces of the page's language on the whole page: its content, and the titles in its
    navigation."""
    return respace(output, french_spacing if pages.page_language(page) == "fr" else keep_units)
