"""MkDocs hook: the words other tools write into pages, in the page's language.

`on_post_page` replaces, in each finished page, the English defaults that no setting localizes
per language:

- "Permanent link", the title of each heading's anchor (Python-Markdown's `toc`, one setting for
  both languages);
- "Copy to Clipboard" and "Copied!", the label and the notice of each code cell's copy button on
  example pages (mkdocs-jupyter's template);
- "Switch to dark mode" and "Switch to light mode", the colour-scheme toggles (`palette` in
  mkdocs.yml);
- "No description has been provided for this image", the alt text nbconvert gives every figure of
  an example page. Each such figure is recognised by its bytes among the files its example wrote
  (`docs/generated/NN_name/`), and given the description `figure_alt` holds for it, or a generic
  one naming the file.

The words are those of `cylinders/strings/<language>.json` (`theme`, `figure_alt`).
"""

from __future__ import annotations

import base64
import hashlib
import html
import pathlib
import re

import pages
import run_examples
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

#: The English defaults, as the tools write them into the HTML, and how their translation is
#: written, by the key of the translation.
THEME_DEFAULTS = {
    "permanent_link": ('title="Permanent link"', 'title="{}"'),
    "copy_to_clipboard": ('aria-label="Copy to Clipboard"', 'aria-label="{}"'),
    "copied": (">Copied!</span>", ">{}</span>"),
    # The colour-scheme toggles (mkdocs.yml's `palette`, one name for both languages).
    "dark_mode": ('"Switch to dark mode"', '"{}"'),
    "light_mode": ('"Switch to light mode"', '"{}"'),
}
_NO_ALT = 'alt="No description has been provided for this image"'
#: An image nbconvert embedded without a description: `<img alt="No description..." src="...">`.
_UNDESCRIBED = re.compile(
    r'<img alt="No description has been provided for this image"(?P<between>[^>]*?)'
    r' src="data:image/png;base64,(?P<data>[^"]+)"'
)


def figure_digest(base64_text: str) -> str:
    """What tells a figure apart, whatever the line breaks of its base64 text."""
    return hashlib.sha256("".join(base64_text.split()).encode()).hexdigest()


def figure_files(stem: str) -> dict[str, pathlib.Path]:
    """The PNG figures an example wrote, by the digest of their base64 text, as pages hold it."""
    folder = run_examples.GENERATED / stem
    return {
        figure_digest(base64.b64encode(path.read_bytes()).decode()): path
        for path in sorted(folder.glob("*.png"))
    }


def figure_alt(stem: str, path: pathlib.Path, language: str) -> str:
    """The description of an example's figure in `language` (`name-fr.png` is `name.png`'s)."""
    alts = pages.words(language, "figure_alt")
    name = re.sub(r"-(fr|en)\.png$", ".png", path.name)
    return alts.get(f"{stem}/{name}", alts["fallback"].format(name=name))


def describe_figures(output: str, stem: str, language: str) -> str:
    """An example page with an alt text in `language` for each figure nbconvert left without one."""
    files = figure_files(stem)

    def describe(match: re.Match) -> str:
        path = files.get(figure_digest(match["data"]))
        name = path if path is not None else pathlib.Path("figure.png")
        alt = html.escape(figure_alt(stem, name, language))
        return f'<img alt="{alt}"{match["between"]} src="data:image/png;base64,{match["data"]}"'

    return _UNDESCRIBED.sub(describe, output)


def theme_words(output: str, language: str) -> str:
    """The theme's English defaults of a finished page, in `language`."""
    words = pages.words(language, "theme")
    for key, (default, translated) in THEME_DEFAULTS.items():
        output = output.replace(default, translated.format(html.escape(words[key])))
    return output


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """The 404 page, the one page built from a template alone: at `/404.html`, in the default
    language (French, as `pages.page_language` says of a page without a language suffix)."""
    return theme_words(output, "fr") if template_name == "404.html" else output


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    language = pages.page_language(page)
    output = theme_words(output, language)
    stem = pages.example_stem(page.file.src_uri)
    if stem and _NO_ALT in output:
        output = describe_figures(output, stem, language)
    return output
