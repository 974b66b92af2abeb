"""MkDocs hook: each page carries only what it shows, and its images load when they are reached.

`on_post_page`, on every finished page (after `hook_page_words.py` has described the figures):

- an example page's figures, which nbconvert inlines as base64 (the HTML of example 3 weighed
  1.4 MB), become links to the files the example wrote (`docs/generated/NN_name/`, published with
  the site), recognised by their bytes as `hook_page_words.py` recognises them;
- every `<img>` of a local file gets the file's `width` and `height` (the browser keeps its room,
  nothing shifts as it loads) and, past the first image of the page, `loading="lazy"` and
  `decoding="async"` (a figure far down the article is fetched when the reader nears it); an
  animated GIF is offered as a lossless animated WebP first, a third of its bytes (the home page's
  morph, its largest paint: 220 kB as GIF, 67 kB as WebP);
- an example page keeps, of the 575 kB of JupyterLab CSS that mkdocs-jupyter inlines into it, the
  rules whose classes the page uses (`used_css`), and loses what it never runs: the MathJax loader
  (an empty `<script src="">`: the examples' text has no math), the Mermaid loader (no diagram),
  and a second copy of the code colours that mkdocs-jupyter appends as a Python list;
- a `markdown` attribute that Python-Markdown's `md_in_html` leaves on an element (it is not
  HTML) is dropped, and display math, which scrolls sideways on a phone, can take the keyboard's
  focus (`tabindex="0"`), so that it can be scrolled without a mouse; the empty `tabindex=""` of
  Material's navigation sections is dropped, and the copy buttons of the code cells, which
  mkdocs-jupyter names with `aria-label`, get the `role="button"` that such a name needs.
"""

from __future__ import annotations

import functools
import pathlib
import posixpath
import re
import urllib.parse

import pages
import run_examples
from hook_page_words import figure_digest, figure_files
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

_IMG = re.compile(r"<img\b[^>]*>")
_DATA_PNG = re.compile(r'"data:image/png;base64,([^"]+)"')
_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.DOTALL)
_CLASS_ATTRIBUTE = re.compile(r'\bclass="([^"]*)"')
#: mkdocs-jupyter's MathJax block, from nbconvert's `mathjax` macro (`custom_mathjax_url` unset).
_MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.DOTALL)
#: nbconvert's Mermaid loader: imports Mermaid from a CDN when the page has a diagram.
_MERMAID = re.compile(r'<script type="module">(?:(?!</script>).)*?mermaid.*?</script>', re.DOTALL)
#: The code colours again, as the repr of a Python list (mkdocs-jupyter's `nb2html`).
_LISTED_CSS = re.compile(r"<style>\s*\['.*?'\]\s*</style>", re.DOTALL)
_MARKDOWN_ATTRIBUTE = re.compile(
    r'(<(?:figure|div|details|section)\b[^>]*?)\smarkdown(?:="[^"]*")?(?=[\s>])'
)
#: Pseudo-classes whose argument need not match for the rule to apply (`:not(.jp-mod-x)`).
_FUNCTIONAL = re.compile(r":(?:not|is|where|has)\([^()]*\)")
_SELECTOR_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")


def _attribute(tag: str, name: str) -> str | None:
    match = re.search(rf'\s{name}="([^"]*)"', tag)
    return match[1] if match else None


@functools.cache
def _image_size(path: pathlib.Path, modified: float) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as image:  # reads the header only
        return image.size


def local_image(src: str, page: Page, config: MkDocsConfig) -> pathlib.Path | None:
    """The file an image's `src` points at on `page`, in `docs/` or already in the built site."""
    if not src or urllib.parse.urlparse(src).scheme or src.startswith("/"):
        return None
    folder = posixpath.dirname(page.url) if not page.url.endswith("/") else page.url
    target = posixpath.normpath(posixpath.join(folder, urllib.parse.unquote(src)))
    language = pages.page_language(page)
    if language != pages.LANGUAGES[0] and target.startswith(f"{language}/"):
        inside = target[len(language) + 1 :]
    else:
        inside = target
    for candidate in (
        pathlib.Path(config["docs_dir"]) / inside,
        pathlib.Path(config["site_dir"]) / inside,
        pathlib.Path(config["site_dir"]) / target,
    ):
        if candidate.is_file():
            return candidate
    return None


@functools.cache
def _animated_webp(gif: pathlib.Path, modified: float) -> bytes:
    """The frames of an animated GIF as a lossless animated WebP (a third of the bytes)."""
    import io

    from PIL import Image, ImageSequence

    frames, durations = [], []
    with Image.open(gif) as animation:
        for frame in ImageSequence.Iterator(animation):
            frames.append(frame.convert("RGB"))
            durations.append(frame.info.get("duration", 100))
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        format="WEBP",
        save_all=True,
        append_images=frames[1:],
        duration=durations,
        loop=0,
        lossless=True,
        method=6,
    )
    return buffer.getvalue()


def offer_webp(tag: str, gif: pathlib.Path, config: MkDocsConfig) -> str:
    """An `<img>` of a local animated GIF inside a `<picture>` that offers the same frames as
    WebP first (written beside the GIF in the built site); the GIF stays for the rare browser
    without WebP, and for download."""
    docs, gif = pathlib.Path(config["docs_dir"]).resolve(), gif.resolve()
    if not gif.is_relative_to(docs):
        return tag
    target = pathlib.Path(config["site_dir"]) / gif.relative_to(docs).with_suffix(".webp")
    modified = gif.stat().st_mtime
    # written once per build for all the pages that show it, and again when the GIF changes
    # (a `mkdocs serve` rebuild keeps the site folder)
    if not target.exists() or target.stat().st_mtime < modified:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_animated_webp(gif, modified))
    source = _attribute(tag, "src")[: -len(".gif")] + ".webp"
    return f'<picture><source srcset="{source}" type="image/webp">{tag}</picture>'


def size_and_defer_images(output: str, page: Page, config: MkDocsConfig) -> str:
    """Every local image with its size, and all but the page's first loaded when reached;
    animated GIFs offered as WebP."""
    content_start = output.find('<article class="md-content__inner')
    count = 0

    def rewrite(match: re.Match) -> str:
        nonlocal count
        tag = match[0]
        if match.start() < content_start:  # the header's logo, if any: not a figure
            return tag
        count += 1
        additions = []
        path = local_image(_attribute(tag, "src") or "", page, config)
        shown = _attribute(tag, "width")
        if path is not None and _attribute(tag, "height") is None:
            width, height = _image_size(path, path.stat().st_mtime)
            if shown is None:
                additions.append(f'width="{width}" height="{height}"')
            elif shown.isdigit():  # `{ width=420 }` in the Markdown: the height in proportion
                additions.append(f'height="{round(int(shown) * height / width)}"')
        if count > 1 and _attribute(tag, "loading") is None:
            additions.append('loading="lazy" decoding="async"')
        if additions:
            end = -2 if tag.endswith("/>") else -1
            tag = f"{tag[:end].rstrip()} {' '.join(additions)}{tag[end:]}"
        if path is not None and path.suffix == ".gif":
            tag = offer_webp(tag, path, config)
        return tag

    return _IMG.sub(rewrite, output)


def link_figures(output: str, stem: str, page: Page) -> str:
    """An example page whose inlined figures are links to the files its example wrote."""
    files = figure_files(stem)
    prefix = pages.root_path(page) + f"generated/{stem}/"

    def link(match: re.Match) -> str:
        path = files.get(figure_digest(match[1]))
        return f'"{prefix}{path.name}"' if path is not None else match[0]

    return _DATA_PNG.sub(link, output)


def _selector_applies(selector: str, used: set[str]) -> bool:
    if re.search(r"\S\s*:root", selector):  # `.jupyter-wrapper :root` matches nothing
        return False
    previous = None
    while previous != selector:
        previous, selector = selector, _FUNCTIONAL.sub("", selector)
    return all(name in used for name in _SELECTOR_CLASS.findall(selector))


def _selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas (not those inside `:is(a, b)` or `[a=","]`)."""
    selectors, depth, start, quote = [], 0, 0, None
    for index, character in enumerate(prelude):
        if quote:
            quote = None if character == quote else quote
        elif character in "\"'":
            quote = character
        elif character in "([":
            depth += 1
        elif character in ")]":
            depth -= 1
        elif character == "," and depth == 0:
            selectors.append(prelude[start:index].strip())
            start = index + 1
    return [*selectors, prelude[start:].strip()]


def _pruned(rules, used: set[str]) -> list[str]:
    import tinycss2

    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = _selectors(tinycss2.serialize(rule.prelude))
            applying = [selector for selector in selectors if _selector_applies(selector, used)]
            if applying:
                kept.append(",".join(applying) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule":
            if rule.lower_at_keyword in ("media", "supports", "layer") and rule.content:
                inner = tinycss2.parse_rule_list(
                    rule.content, skip_comments=True, skip_whitespace=True
                )
                body = "".join(_pruned(inner, used))
                if body:
                    prelude = tinycss2.serialize(rule.prelude)
                    kept.append(f"@{rule.at_keyword}{prelude}{{{body}}}")
            else:
                kept.append(rule.serialize())
    return kept


def used_css(css: str, used: set[str]) -> str:
    """The rules of a stylesheet that can apply to a page whose elements have the classes `used`:
    a selector naming a class the page lacks is dropped (one inside `:not()` does not count)."""
    import tinycss2

    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "".join(_pruned(rules, used))


def lighten_example_page(output: str) -> str:
    """An example page without the scripts it never runs and with only the CSS it uses."""
    used = {name for match in _CLASS_ATTRIBUTE.finditer(output) for name in match[1].split()}
    output = _MATHJAX.sub("", output)
    if "jp-Mermaid" not in used:
        output = _MERMAID.sub("", output)
    output = _LISTED_CSS.sub("", output)
    # A copy button named by `aria-label` needs the role that allows one (the Nu checker).
    output = output.replace("<clipboard-copy ", '<clipboard-copy role="button" ')

    def prune(match: re.Match) -> str:
        if "jupyter-wrapper" not in match[2]:
            # Pygments' light colours for the code cells: the site's stylesheet gives them
            # Material's, contrast-safe in both schemes (docs/assets/stylesheets/extra.css).
            return "" if "highlight-ipynb" in match[2] else match[0]
        css = used_css(match[2], used)
        return f"{match[1]}{css}{match[3]}" if css else ""

    return styles_into_head(_STYLE.sub(prune, output))


def styles_into_head(output: str) -> str:
    """A page whose `<style>` elements, which mkdocs-jupyter writes inside the body (the Nu
    checker's error: a style element belongs in the head), end the head instead, in their order,
    after the theme's stylesheets as they came before."""
    head, body = output.split("</head>", 1)
    styles = [match[0] for match in _STYLE.finditer(body)]
    if not styles:
        return output
    return head + "".join(styles) + "</head>" + _STYLE.sub("", body)


#: Display math, which scrolls sideways on a phone: focusable, so that a keyboard can scroll it
#: (axe-core's `scrollable-region-focusable`; the theme override does the same for tables).
_SCROLLING = re.compile(r'<div class="(arithmatex)">')


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    stem = pages.example_stem(page.file.src_uri)
    if stem:
        if (run_examples.GENERATED / stem).is_dir():
            output = link_figures(output, stem, page)
        output = lighten_example_page(output)
    output = _MARKDOWN_ATTRIBUTE.sub(r"\1", output)
    output = _SCROLLING.sub(r'<div class="\1" tabindex="0">', output)
    return size_and_defer_images(without_empty_tabindex(output), page, config)


def without_empty_tabindex(output: str) -> str:
    """Material's section labels (`navigation.sections`) carry `tabindex=""`, which is no
    number (the Nu checker's error): they go without."""
    return output.replace(' tabindex=""', "")


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """The 404 page, built from a template alone, has the navigation's labels too."""
    return without_empty_tabindex(output) if template_name == "404.html" else output
