"""MkDocs hook: the formulas typeset when the site is built, not in the reader's browser.

`pymdownx.arithmatex` (generic mode) leaves each formula in the page as its TeX source, in a
`<span class="arithmatex">\\( ... \\)</span>` or, on a line of its own, a
`<div class="arithmatex">\\[ ... \\]</div>`. `on_page_content` replaces that source by what KaTeX
makes of it (HTML for the eye, MathML for screen readers), with the copy of KaTeX kept beside this
hook (`site_tools/katex/`), run by V8 inside Python (`mini-racer`). The page then needs KaTeX's
stylesheet and fonts (`docs/assets/katex/`) and no script: a phone no longer downloads 270 kB of
KaTeX nor spends its main thread typesetting the article.

A formula KaTeX cannot read stops the build, naming the page and the formula.
"""

from __future__ import annotations

import functools
import html
import pathlib
import re

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

KATEX = pathlib.Path(__file__).resolve().parent / "katex" / "katex.min.js"
#: A formula as arithmatex writes it: the element, its delimiters and the TeX between them.
_FORMULA = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*\\(?P<open>[(\[])(?P<tex>.*?)\\[)\]]\s*</(?P=tag)>',
    re.DOTALL,
)


@functools.cache
def _katex():
    from py_mini_racer import MiniRacer

    context = MiniRacer()
    context.eval(KATEX.read_text(encoding="utf-8"))
    return context


def typeset(tex: str, display: bool) -> str:
    """KaTeX's HTML for one formula (`display`: on a line of its own); raises `ValueError`, with
    KaTeX's message, on TeX it cannot read."""
    from py_mini_racer import JSEvalException

    try:
        return _katex().call(
            "katex.renderToString", tex, {"displayMode": display, "throwOnError": True}
        )
    except JSEvalException as error:
        message = str(error).strip().splitlines()
        raise ValueError(message[0] if message else "KaTeX could not read it") from None


def on_page_content(content: str, page: Page, **_) -> str:
    def replace(match: re.Match) -> str:
        tex = html.unescape(match["tex"])
        try:
            rendered = typeset(tex, display=match["open"] == "[")
        except ValueError as error:
            raise PluginError(
                f"{page.file.src_uri}: KaTeX cannot typeset the formula {tex.strip()!r}: {error}"
            ) from None
        return f'<{match["tag"]} class="arithmatex">{rendered}</{match["tag"]}>'

    return _FORMULA.sub(replace, content)
