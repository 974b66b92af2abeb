"""The site: both languages complete, every link and image resolves, examples rendered with outputs.

The site is built once, in fast mode, in a copy of the project (so the real `docs/generated/` is
left alone). It runs on the site's default backend only: the examples themselves run on every
backend in `test_examples.py`.
"""

import html
import html.parser
import pathlib
import re
import urllib.parse

import pytest
from sitebuild import build, copy_project, on_site_backend

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

pytest.importorskip("mkdocs")
# site_url is `!ENV [SITE_URL, "<default>"]`: the tests build with the default.
_SITE_URL = re.search(r'^site_url:.*?"([^"]+)"', (ROOT / "mkdocs.yml").read_text(), re.MULTILINE)
SITE_URL = _SITE_URL[1] if _SITE_URL else "/"
_site_backend = pytest.mark.skipif(
    not on_site_backend(),
    reason="the site is built with TensorFlow",
)
#: Tests of the built site: the site's backend, and minutes (`pytest -m "not slow"` skips them).
requires_default_backend = [_site_backend, pytest.mark.slow]


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.language = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.language = attributes.get("lang")
        for name in ("src", "href"):
            if (
                name in attributes
                and attributes[name] is not None
                and tag in ("img", "a", "script", "link", "source")
            ):
                self.links.append((tag, attributes[name]))


def parse(page: pathlib.Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text())
    return parser


def test_every_french_page_has_its_english_twin():
    french = {
        path.relative_to(DOCS).as_posix().replace(".fr.md", "") for path in DOCS.rglob("*.fr.md")
    }
    english = {
        path.relative_to(DOCS).as_posix().replace(".en.md", "") for path in DOCS.rglob("*.en.md")
    }
    assert french and french == english


def test_the_overridden_scripts_load_the_themes_own_main_script():
    """overrides/main.html loads Material's main script itself (after the first paint), by the
    name the theme's base.html gives it: a new version of the theme with another name fails here,
    not in a reader's browser."""
    material = pytest.importorskip("material")
    templates = pathlib.Path(material.__file__).parent / "templates"
    theirs = re.findall(
        r"assets/javascripts/bundle\.\w+\.min\.js", (templates / "base.html").read_text()
    )
    main = (ROOT / "site_tools" / "overrides" / "main.html").read_text()
    ours = re.search(r"{% macro material_bundle\(\) %}(.*?){% endmacro %}", main)
    assert ours and theirs == [ours[1]], (theirs, ours and ours[1])
    assert (templates / ours[1]).is_file()
    assert "{{ super() }}" not in main.split("{% block scripts %}")[1].split("{% endblock %}")[0]


@pytest.mark.slow
@_site_backend
def test_every_link_and_image_resolves(site):
    broken = []
    for page in site.rglob("*.html"):
        for tag, link in parse(page).links:
            parsed = urllib.parse.urlparse(link)
            if parsed.scheme or link.startswith(("#", "mailto:", "//")):
                continue
            path = urllib.parse.unquote(parsed.path)
            if path.startswith(
                "/"
            ):  # absolute links start with site_url's path (the 404 page, hreflang)
                prefix = urllib.parse.urlparse(SITE_URL).path
                assert path.startswith(prefix), f"{page}: {link} is outside the site"
                target = (site / path[len(prefix) :]).resolve()
            else:
                target = (page.parent / path).resolve()
            if parsed.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: <{tag}> {link}")
    assert not broken, "\n".join(broken[:30])


@pytest.mark.slow
@_site_backend
def test_pages_exist_in_both_languages_with_their_language(site):
    for name in ("", "article/", "examples/01_cylinders/", "examples/04_morph/"):
        french, english = site / name / "index.html", site / "en" / name / "index.html"
        assert parse(french).language == "fr", french
        assert parse(english).language == "en", english


@pytest.mark.slow
@_site_backend
def test_the_page_not_found_says_so_in_both_languages_and_links_both_homes(site):
    """One `404.html` serves both languages (the English build writes it last)."""
    page = (site / "404.html").read_text()
    assert '<span lang="fr">Page introuvable</span>' in page
    assert '<span lang="en">Page not found</span>' in page
    assert "404 - Not found" not in page
    assert 'tabindex=""' not in page  # the navigation's labels, as on every other page
    links = [href for tag, href in parse(site / "404.html").links if tag == "a"]
    for home in (SITE_URL, SITE_URL + "en/"):
        assert home in links, (home, links)


@pytest.mark.slow
@_site_backend
def test_example_pages_show_executed_outputs_and_downloads(site):
    for language in ("", "en/"):
        page = (site / language / "examples" / "03_vae" / "index.html").read_text()
        assert "jp-OutputArea" in page and "<img" in page
        assert "# %%" not in page  # the script is rendered as cells, not as raw source
        assert re.search(r'<a href="[^"]*vae\.keras" download(="")?>', page), "no model download"
        assert re.search(r'<a href="[^"]*03_vae\.py" download(="")?>', page), "no script download"


@pytest.mark.slow
@_site_backend
def test_benchmark_page_shows_the_recorded_tables_in_its_language(site):
    if not (ROOT / "benchmarks" / "results.json").exists():
        pytest.skip("no benchmark recorded")
    french = (site / "benchmark" / "index.html").read_text()
    english = (site / "en" / "benchmark" / "index.html").read_text()
    assert french.count("<table>") >= 2 and english.count("<table>") >= 2
    assert "Mesuré sur" in french and "cœurs" in french and "Measured on" not in french
    assert "Measured on" in english and "Mesuré sur" not in english


@pytest.mark.slow
@_site_backend
def test_numbers_are_inserted_and_no_placeholder_is_left(site):
    for page in site.rglob("*.html"):
        text = page.read_text()
        assert not re.search(r"\{\{\s*\d\d_", text), page
        assert "[Schéma" not in text and "[Graphique" not in text, page


@pytest.mark.slow
@_site_backend
def test_gifs_are_animated(site):
    import imageio.v3 as iio

    gifs = list(site.rglob("*.gif"))
    assert gifs
    for gif in gifs:
        assert iio.improps(gif, index=None).shape[0] > 1, gif


@pytest.mark.slow
@_site_backend
def test_pages_offer_each_gif_as_the_same_frames_in_webp(site):
    """hook_page_speed.offer_webp: a `<picture>` whose WebP source exists, has every frame of the
    GIF and the same pixels (lossless), and whose `<img>` still falls back on the GIF."""
    from PIL import Image, ImageChops, ImageSequence

    home = (site / "index.html").read_text()
    picture = r'<picture><source srcset="([^"]+\.webp)" type="image/webp"><img[^>]*src="([^"]+)"'
    offered = re.findall(picture, home)
    assert offered, "the home page's morph is not offered as WebP"
    for webp, gif in offered:
        assert gif == webp[: -len(".webp")] + ".gif"
        with Image.open(site / webp) as moving, Image.open(site / gif) as original:
            webp_frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(moving)]
            gif_frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(original)]
        assert len(webp_frames) == len(gif_frames) > 1
        for shown, drawn in zip(webp_frames, gif_frames):
            assert ImageChops.difference(shown, drawn).getbbox() is None, webp


@pytest.mark.slow
@_site_backend
def test_a_failing_example_stops_the_build_and_names_the_script(tmp_path):
    project = copy_project(tmp_path / "cylinders")
    for script in (project / "examples").glob("0[2-9]_*.py"):
        script.unlink()  # keep the build short: only 01 and the broken one
    (project / "examples" / "09_broken.py").write_text(
        '"""Broken."""\n# %%\nraise RuntimeError("on purpose")\n'
    )
    result = build(project, tmp_path / "cache")
    assert result.returncode != 0
    assert "examples/09_broken.py failed" in result.stderr + result.stdout
    assert "on purpose" in result.stderr + result.stdout


ARTICLE_PAGES = sorted(DOCS.glob("*.md"))


@pytest.mark.parametrize("page", ARTICLE_PAGES, ids=lambda path: path.name)
def test_no_section_is_empty_and_no_placeholder_is_left(page):
    text = re.sub(r"```.*?```", "(code)", page.read_text(), flags=re.DOTALL)
    # The draft's placeholders look like [Schéma ...] or \[**Graphique ...**\]; image alt texts
    # (![...]) may not.
    assert not re.search(r"(?<!!)\\?\[\s*\**\s*(Schéma|Schema|Graphique)", text), (
        f"{page.name} keeps a placeholder"
    )
    lines = [line for line in text.splitlines() if line.strip()]
    for index, line in enumerate(lines):
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            following = lines[index + 1] if index + 1 < len(lines) else ""
            deeper = (
                following.startswith("#") and len(following) - len(following.lstrip("#")) > level
            )
            assert following and (not following.startswith("#") or deeper), (
                f"{page.name}: '{line}' is empty"
            )


def test_article_quotes_measured_numbers_in_both_languages():
    for language in ("fr", "en"):
        text = (DOCS / f"article.{language}.md").read_text()
        assert len(re.findall(r"\{\{\s*\d\d_", text)) >= 60, language


#: Every module of the package must be in its reference (docs/reference.*.md), and these methods
#: of the models.
REFERENCE_MODULES = tuple(
    sorted(path.stem for path in (ROOT / "cylinders").glob("*.py") if not path.stem.startswith("_"))
)
REFERENCE_METHODS = ("encode", "decode", "reconstruct", "encode_distribution")


def _settings_only(module_name: str) -> bool:
    """Whether a module defines no function and no class (`cylinders.defaults`: settings)."""
    import ast

    tree = ast.parse((ROOT / "cylinders" / f"{module_name}.py").read_text())
    return not any(isinstance(node, (ast.FunctionDef, ast.ClassDef)) for node in tree.body)


def _public_api(module_name: str) -> dict[str, list[str]]:
    """The public functions and classes of a module, read with `ast`, each with its parameters
    (a class's are its `__init__`'s, own or inherited from a class of the same module), and each
    class's methods of REFERENCE_METHODS as `Class.method` entries."""
    import ast

    tree = ast.parse((ROOT / "cylinders" / f"{module_name}.py").read_text())
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}

    def methods(node: ast.ClassDef) -> dict[str, ast.FunctionDef]:
        found = {}
        for base in reversed(node.bases):
            if isinstance(base, ast.Name) and base.id in classes:
                found.update(methods(classes[base.id]))
        found.update({item.name: item for item in node.body if isinstance(item, ast.FunctionDef)})
        return found

    def parameters(function: ast.FunctionDef | None, *, method: bool) -> list[str]:
        if function is None:
            return []
        arguments = function.args
        names = [a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]]
        names += [a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None]
        return names[1:] if method else names

    api = {}
    for node in tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.ClassDef)) or node.name.startswith("_"):
            continue
        if isinstance(node, ast.FunctionDef):
            api[node.name] = parameters(node, method=False)
        else:
            found = methods(node)
            api[node.name] = parameters(found.get("__init__"), method=True)
            for name in REFERENCE_METHODS:
                if name in found:
                    api[f"{node.name}.{name}"] = parameters(found[name], method=True)
    return api


def _signatures(page: pathlib.Path) -> dict[str, str]:
    """Each object of a built reference page, by its anchor (`cylinders.shapes.render_shapes`),
    with the text of its signature (empty for a module)."""
    text = page.read_text()
    headings = list(re.finditer(r'<h[2-6] id="(cylinders\.[\w.]+)" class="doc doc-heading"', text))
    found = {}
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        block = re.search(r'class="doc-signature[^"]*".*?</pre>', text[heading.end() : end], re.S)
        signature = re.sub(r"<[^>]+>", "", block[0].split(">", 1)[1]) if block else ""
        found[heading[1]] = html.unescape(signature)
    return found


@pytest.mark.slow
@_site_backend
@pytest.mark.parametrize("language", ["", "en/"], ids=["fr", "en"])
def test_reference_lists_every_public_function_and_class_with_its_parameters(site, language):
    signatures = _signatures(site / language / "reference" / "index.html")
    for module_name in REFERENCE_MODULES:
        assert f"cylinders.{module_name}" in signatures, f"cylinders.{module_name} is not listed"
        api = _public_api(module_name)
        assert api or _settings_only(module_name), module_name
        for name, parameters in api.items():
            anchor = f"cylinders.{module_name}.{name}"
            assert anchor in signatures, f"{anchor} is missing from the {language or 'fr/'} page"
            for parameter in parameters:
                assert re.search(rf"\b{parameter}\b", signatures[anchor]), (anchor, parameter)


def _french_pages(site: pathlib.Path) -> list[pathlib.Path]:
    return [page for page in site.rglob("*.html") if page.relative_to(site).parts[0] != "en"]


@pytest.mark.slow
@_site_backend
def test_french_pages_have_no_broken_entity(site):
    """French spacing never lands inside an entity (`&gt ;`, the defect of 2991d04)."""
    for page in _french_pages(site):
        broken = re.search(r".{0,40}&#?\w+[\s\u00a0\u202f]+;", page.read_text())
        assert not broken, f"{page.relative_to(site)}: {broken[0]!r}"


@pytest.mark.slow
@_site_backend
def test_formulas_are_typeset_in_the_html_and_no_page_loads_a_math_script(site):
    """hook_math.py: KaTeX's HTML in the page, its stylesheet where there is math, no script."""
    for language in ("", "en/"):
        article = (site / language / "article" / "index.html").read_text()
        formulas = re.findall(r'<(?:span|div) class="arithmatex"[^>]*>(.{0,40})', article)
        assert len(formulas) > 50
        assert all(formula.startswith('<span class="katex') for formula in formulas)
        assert "katex.min.css" in article
    for page in site.rglob("*.html"):
        text = page.read_text()
        assert not re.search(r"<script[^>]*(katex|auto-render|math\.js)", text), page
        if 'class="arithmatex"' not in text:
            assert "katex.min.css" not in text, page


@pytest.mark.slow
@_site_backend
@pytest.mark.parametrize("language", ["", "en/"], ids=["fr", "en"])
def test_the_copy_buttons_copy_the_scripts_own_code(site, language):
    jupytext = pytest.importorskip("jupytext")
    for script in sorted((ROOT / "examples").glob("[0-9][0-9]_*.py")):
        cells = jupytext.read(script).cells
        code = {cell.source.strip() for cell in cells if cell.cell_type == "code"}
        page = (site / language / "examples" / script.stem / "index.html").read_text()
        # Marked by hook_search_index: the page shows each cell's code, the index holds it once.
        tag = r'<div class="clipboard-copy-txt" data-search-exclude="" id="cell-\d+">'
        copied = re.findall(tag + r"(.*?)</div>", page, re.S)
        assert copied, script.name
        for text in copied:
            assert html.unescape(text).strip() in code, (script.name, text[:200])


@pytest.mark.slow
@_site_backend
def test_every_figure_is_described_and_french_pages_say_their_ui_words_in_french(site):
    for page in site.rglob("*.html"):
        text = page.read_text()
        assert "No description has been provided" not in text, page.relative_to(site)
    for page in _french_pages(site):
        text = page.read_text()
        for english in (
            'title="Permanent link"',
            "Copy to Clipboard",
            ">Copied!<",
            "dark mode",
            "Made with",
        ):
            assert english not in text, (page.relative_to(site), english)


@pytest.mark.slow
@_site_backend
def test_french_pages_use_french_spacing_and_no_draft_word(site):
    for page in [site / "index.html", site / "article" / "index.html"]:
        html = page.read_text()
        text = re.sub(r"<(pre|code|script|style)\b.*?</\1>|<[^>]+>", " ", html, flags=re.DOTALL)
        assert not re.search(r"\w [:;?!](\s|$)", text), re.search(r".{30}\w [:;?!]", text)
    for page in (site / "article" / "index.html", site / "en" / "article" / "index.html"):
        assert not re.search(r"\b(brouillon|draft)\b", page.read_text(), re.IGNORECASE), page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_article_teaches_with_code_figures_references_and_no_draft(language):
    text = (DOCS / f"article.{language}.md").read_text()
    for snippet in (
        "models.py:sampling",
        "models.py:losses",
        "models.py:vae_step",
        "training.py:fit",
    ):
        assert f'--8<-- "cylinders/{snippet}"' in text, snippet
    evidence = (DOCS / f"evidence.{language}.md").read_text()
    for figure, page in (
        ("02_autoencoder/validity_check.png", text),
        ("03_vae/reconstructions.png", text),
        ("03_vae/training_curves.png", text),
        ("05_beta/collapse.png", text),
        ("10_conditional/prior_samples.png", text),
        ("08_evidence/latent_diagnostics.png", evidence),
    ):
        assert figure in page or figure.replace(".png", f"-{language}.png") in page, figure
    assert "(evidence.md" in text, "the lesson links to its evidence"
    assert re.search(r"^## (Références|References)$", text, re.MULTILINE)
    assert "Ghosh" in text and "Kingma" in text
    assert not re.search(r"\b(brouillon|draft)\b", text, re.IGNORECASE)
    assert text.count("<!-- claim:") >= 5


@pytest.mark.parametrize("name", ["article", "evidence"])
def test_both_languages_quote_the_same_numbers_and_claims(name):
    def machine_read(language):
        text = (DOCS / f"{name}.{language}.md").read_text()
        return sorted(re.findall(r"\{\{[^}]*\}\}|<!-- claim:[^>]*-->|--8<-- \"[^\"]*\"", text))

    assert machine_read("fr") == machine_read("en")


def prose_words(markdown: str) -> int:
    """Words of prose in a page: not its front matter, code, figures and their captions, tables,
    formulas, headings, comments or references; a measured number counts as one word."""
    text = re.sub(r"^---\n.*?\n---\n", "", markdown, flags=re.DOTALL)
    text = re.split(r"^## (?:Références|References)$", text, flags=re.MULTILINE)[0]
    for block in (
        r"```.*?```",
        r"<figure.*?</figure>",
        r"<!--.*?-->",
        r"\\\[.*?\\\]",
        r"\\\(.*?\\\)",
    ):
        text = re.sub(block, " ", text, flags=re.DOTALL)
    text = re.sub(r"\{\{[^}]*\}\}", "0", text)
    skipped = ("|", "#", "--8<--", "<", "??? example")
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(skipped))
    text = re.sub(r"\]\([^)]*\)", "]", text)  # a link counts by its words, not its address
    return len(re.findall(r"[\w'’-]+", text))


def test_prose_words_counts_prose_only():
    page = "---\ntitle: t\n---\n# Title\nOne two {{03_vae:a:.2f}} three \\(x^2\\) [four](a.md).\n"
    page += "```python\nnot = counted\n```\n| not | counted |\n<!-- claim: a > b -->\n"
    page += "<figure markdown>\n![not counted](a.png)\n</figure>\n## References\n- Not counted.\n"
    assert prose_words(page) == 5


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_lesson_reads_in_twenty_minutes(language):
    """At most 4,000 words of prose (about 20 minutes); the lab's details live on the evidence
    page."""
    assert prose_words((DOCS / f"article.{language}.md").read_text()) <= 4000


@pytest.mark.slow
@_site_backend
def test_article_shows_the_keras_code_that_runs(site):
    for page in (site / "article" / "index.html", site / "en" / "article" / "index.html"):
        text = re.sub(r"<[^>]+>", "", page.read_text())  # highlighted code: one span per token
        assert "class Sampling" in text and "def compute_loss" in text
        assert "network.compile(" in text and "history = fit(" in text  # train_model's steps
        assert "--8&lt;--" not in text and "--8<--" not in text


def test_the_french_article_embeds_the_french_file_of_every_figure_that_has_one():
    """A figure with words exists as `name.png` and `name-fr.png` (`plots.in_languages`); the
    French article must show the French one. Which figures have words is read from the examples."""
    localized = set()
    for script in sorted((ROOT / "examples").glob("[0-9][0-9]_*.py")):
        for name in re.findall(r'in_languages\(OUTPUT / "([^"]+)"\)', script.read_text()):
            localized.add(f"{script.stem}/{name}")
    localized |= {"02_autoencoder/network.png", "03_vae/network.png"}
    assert len(localized) >= 6
    french, english = (
        (DOCS / f"article.{lang}.md").read_text() + (DOCS / f"evidence.{lang}.md").read_text()
        for lang in ("fr", "en")
    )
    for figure in sorted(localized):
        french_file = figure.replace(".png", "-fr.png")
        assert f"generated/{figure})" not in french, f"the French article shows {figure}"
        assert f"generated/{french_file})" not in english, f"English article shows {french_file}"
