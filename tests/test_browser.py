"""The article in a real browser: headless Chromium opens both languages from a local server, checks
that
every image loaded, follows the language switcher, and saves screenshots in `site-screenshots/`.

Needs Debian's `chromium` (`/usr/bin/chromium`) and the `playwright` package; `.ci/run` installs
both.
"""

import functools
import http.server
import json
import os
import pathlib
import re
import shutil
import threading

import pytest
from test_site import requires_default_backend

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.slow,
    *requires_default_backend,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]
EXAMPLES = sorted(
    path.stem
    for path in (pathlib.Path(__file__).resolve().parents[1] / "examples").glob("[0-9]*.py")
)


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory):
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


def scroll_through(page):
    """Opens every `<details>` and scrolls down the page a screen at a time, as a reader does, then
    back to the top: the lazy images load and the blocks are drawn as they come near
    (hook_page_speed.py, and content-visibility in extra.css)."""
    page.evaluate("document.querySelectorAll('details').forEach(item => { item.open = true })")
    screen = page.viewport_size["height"]
    top = 0
    # The page's height is read again at each step: a block is drawn, at its real height, only
    # when it nears the screen (content-visibility), so the page grows as the reader goes down.
    while top <= page.evaluate("document.documentElement.scrollHeight") + screen:
        page.evaluate(f"window.scrollTo(0, {top})")
        page.wait_for_timeout(60)
        top += screen
    try:  # every image has started loading by now; the broken ones are then reported
        page.wait_for_function(
            "Array.from(document.images).every(image => image.complete)", timeout=15000
        )
    except playwright.Error:
        pass
    page.evaluate("window.scrollTo(0, 0)")


def broken_images(page):
    """The images of the page that did not load, once the reader has scrolled past them all."""
    scroll_through(page)
    return page.evaluate("""() => Array.from(document.images)
        .filter(image => !(image.complete && image.naturalWidth > 0)).map(image => image.src)""")


@pytest.mark.parametrize(
    "language,path,other",
    [("fr", "/article/", "/en/article/"), ("en", "/en/article/", "/article/")],
)
def test_article_loads_every_image_and_switches_language(
    server, browser, screenshots, language, path, other
):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == language
    assert page.evaluate("document.images.length") >= 15
    lazy = page.evaluate("document.querySelectorAll('img[loading=lazy]').length")
    assert lazy >= 10  # the figures far down the page wait for the reader
    assert broken_images(page) == []  # once scrolled past
    # every formula was rendered once it came near the screen
    assert page.locator(".arithmatex").count() > 5
    assert page.locator(".arithmatex:not(:has(.katex))").count() == 0
    page.screenshot(path=str(screenshots / f"article-{language}.png"))
    page.screenshot(path=str(screenshots / f"article-{language}-full.png"), full_page=True)
    switch = page.locator(
        f'a.md-select__link[hreflang="{"en" if language == "fr" else "fr"}"]'
    ).first
    page.goto(switch.evaluate("link => link.href"))  # the switcher is a hover menu: follow its link
    assert page.url == server + other, page.url
    assert page.evaluate("document.documentElement.lang") != language
    page.close()


@pytest.mark.parametrize("path", ["/article/", "/en/article/"])
def test_latent_explorer_moves_and_redraws_every_model(server, browser, screenshots, path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    explorer = page.locator("[data-latent-explorer]")
    assert explorer.count() == 1
    explorer.scroll_into_view_if_needed()
    images = explorer.locator(".latent-explorer__image")
    planes = explorer.locator(".latent-explorer__plane")
    assert images.count() == 3 and planes.count() == 3

    statuses = explorer.locator(".latent-explorer__status")

    def cells():  # the atlas entry each panel shows (the image and the verdict read the same one)
        return [statuses.nth(index).get_attribute("data-cell") for index in range(3)]

    before = cells()
    planes.nth(0).focus()
    for key in ["ArrowLeft"] * 8 + ["ArrowDown"] * 8:
        page.keyboard.press(key)
    after_keys = cells()
    assert all(old != new for old, new in zip(before, after_keys)), "arrow keys moved no panel"
    assert len(set(after_keys)) == 1, "the point is not at the same place in every plane"
    box = planes.nth(1).bounding_box()
    page.mouse.click(box["x"] + 0.9 * box["width"], box["y"] + 0.1 * box["height"])
    after_click = cells()
    assert all(old != new for old, new in zip(after_keys, after_click)), "a click moved no panel"
    toggle = explorer.locator(".latent-explorer__toggle")
    assert toggle.count() == 1
    label_before = toggle.inner_text()
    planes.nth(2).focus()
    page.keyboard.press("t")
    assert toggle.inner_text() != label_before and cells() == after_click  # type changed, not place
    toggle.click()
    assert toggle.inner_text() == label_before
    explorer.screenshot(path=str(screenshots / f"explorer-{path.strip('/').replace('/', '-')}.png"))
    page.close()


def marker_state(page, plane_index):
    """The verdict shown, its atlas cell, and the colour of the plane under the marker's centre."""
    return page.evaluate(
        """(index) => {
        const root = document.querySelector("[data-latent-explorer]");
        const data = JSON.parse(root.querySelector("script.latent-atlas").textContent);
        const plane = root.querySelectorAll(".latent-explorer__plane")[index];
        const status = root.querySelectorAll(".latent-explorer__status")[index];
        const cell = Number(status.dataset.cell), grid = data.grid_size;
        const x = Math.round((cell % grid) / (grid - 1) * (plane.width - 1));
        const y = Math.round(Math.floor(cell / grid) / (grid - 1) * (plane.height - 1));
        const context = plane.getContext("2d");
        // Five pixels inside the marker's ring (a training point may cover one): the majority.
        const offsets = [[0, 0], [2, 0], [-2, 0], [0, 2], [0, -2]];
        const green = offsets.filter(([dx, dy]) => {
            const pixel = context.getImageData(x + dx, y + dy, 1, 1).data;
            return pixel[1] > pixel[0];
        }).length;
        const model = data.models[data.order[index]];
        return {cell, valid: model.layers[0].valid[cell], greener: green >= 3,
                shown: status.classList.contains("is-valid")};
    }""",
        plane_index,
    )


@pytest.mark.parametrize("path", ["/article/", "/en/article/"])
def test_explorer_cell_image_and_verdict_agree_at_a_border(server, browser, path):
    """Where the models cannot run, the explorer reads its atlas: at the border between a valid
    and an invalid cell, the marker's cell, its colour and the verdict under the image are one
    atlas entry, on both sides of the border."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.route("**/generated/09_explorer/models/**", lambda route: route.abort())

    def with_a_border(route):
        """The page as served, its VAE map replaced by a known one: valid left of the middle column,
        invalid from it on (a fast build's models may have no border at all)."""
        response = route.fetch()
        html = response.text()
        match = re.search(
            r'(<script type="application/json" class="latent-atlas">)(.*?)(</script>)',
            html,
            re.DOTALL,
        )
        atlas = json.loads(match[2].replace("<\\/", "</"))
        grid = atlas["grid_size"]
        atlas["models"]["vae"]["layers"][0]["valid"] = [
            int(index % grid < grid // 2) for index in range(grid * grid)
        ]
        payload = json.dumps(atlas).replace("</", "<\\/")
        route.fulfill(
            response=route.fetch(), body=html[: match.start(2)] + payload + html[match.end(2) :]
        )

    page.route(f"{server}{path}", with_a_border)
    page.goto(server + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    valid = page.evaluate(
        """() => JSON.parse(document.querySelector("script.latent-atlas").textContent)
        .models.vae.layers[0].valid"""
    )
    grid = int(len(valid) ** 0.5)
    border = next(
        index
        for index in range(len(valid) - 1)
        if (index + 1) % grid and valid[index] != valid[index + 1] and 0 < index // grid < grid - 1
    )
    row, column = divmod(border, grid)
    plane = page.locator(".latent-explorer__plane").nth(1)
    plane.scroll_into_view_if_needed()
    box = plane.bounding_box()
    middle = (column + 0.5) / (grid - 1)  # the border between the two cells, across
    for offset, expected in ((-0.2, border), (0.2, border + 1)):
        x = box["x"] + (middle + offset / (grid - 1)) * box["width"]
        y = box["y"] + row / (grid - 1) * box["height"]
        page.mouse.click(x, y)
        state = marker_state(page, 1)
        assert state["cell"] == expected, state
        assert state["shown"] == bool(state["valid"]) == state["greener"], state
    note = page.locator(".latent-explorer__note")  # the reader is told why the images are coarse
    note.wait_for(timeout=10_000)
    assert "atlas" in note.inner_text()
    page.close()


EXPLORER_STATE = """() => {
    const root = document.querySelector("[data-latent-explorer]");
    const atlas = JSON.parse(root.querySelector("script.latent-atlas").textContent);
    const toggle = root.querySelector(".latent-explorer__toggle");
    const label = toggle && toggle.getAttribute("aria-pressed") === "true" ? 1 : 0;
    return atlas.order.map((name, index) => {
        const status = root.querySelectorAll(".latent-explorer__status")[index];
        const z = status.dataset.z.split(",").map(Number);
        const image = root.querySelectorAll(".latent-explorer__image")[index];
        const pixels = image.getContext("2d").getImageData(0, 0, 64, 64).data;
        const greys = [];
        for (let i = 0; i < pixels.length; i += 4) greys.push(pixels[i]);
        const decoded = cylinders.decode(name, z, name === "cvae" ? label : undefined);
        return {name, z, shown: status.classList.contains("is-valid"),
                verdict: cylinders.isValid(decoded), greys,
                expected: Array.from(decoded, (p) => Math.round(255 * (1 - p)))};
    });
}"""


@pytest.mark.parametrize("path", ["/article/", "/en/article/"])
def test_explorer_decodes_live_in_grey_where_the_point_is(server, browser, path):
    """Once the reader reaches it, the explorer runs the models: dragging the point across a plane
    decodes every position on the way (not only the atlas's), shows the probabilities in grey,
    and the verdict beneath is the page's verdict on that image; at the atlas's points, the live
    verdict is the map's."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    root = page.locator("[data-latent-explorer]")
    assert root.get_attribute("data-live") is None, "the models loaded before the reader came"
    root.scroll_into_view_if_needed()
    page.wait_for_function(
        "document.querySelector('[data-latent-explorer]').dataset.live === 'true'", timeout=30_000
    )
    plane = root.locator(".latent-explorer__plane").nth(1)
    box = plane.bounding_box()
    y = box["y"] + 0.4 * box["height"]
    page.mouse.move(box["x"] + 0.05 * box["width"], y)
    page.mouse.down()
    frames = []
    for step in range(1, 31):  # a slow drag across the plane, 3 % of it per move
        page.mouse.move(box["x"] + (0.05 + 0.03 * step) * box["width"], y)
        frames.append(page.evaluate(EXPLORER_STATE))
    page.mouse.up()
    positions = {tuple(frame[1]["z"]) for frame in frames}
    assert len(positions) == len(frames), "the point jumped from cell to cell"
    for frame in frames:
        for panel in frame:
            assert panel["shown"] == panel["verdict"], panel["name"]
            assert panel["greys"] == panel["expected"], f"{panel['name']}: not the decoded image"
    greys = [value for frame in frames for panel in frame for value in panel["greys"]]
    assert any(0 < value < 255 for value in greys), "the images are not in grey"
    agreement = page.evaluate("""() => {
        const root = document.querySelector("[data-latent-explorer]");
        const atlas = JSON.parse(root.querySelector("script.latent-atlas").textContent);
        const grid = atlas.grid_size, same = [];
        for (const name of atlas.order) {
            const {low, high, layers} = atlas.models[name];
            layers.forEach((layer, label) => layer.valid.forEach((valid, index) => {
                const u = (index % grid) / (grid - 1), v = Math.floor(index / grid) / (grid - 1);
                const z = [low[0] + u * (high[0] - low[0]), high[1] - v * (high[1] - low[1])];
                const pixels = cylinders.decode(name, z, name === "cvae" ? label : undefined);
                same.push(cylinders.isValid(pixels) === Boolean(valid));
            }));
        }
        return same.filter(Boolean).length / same.length;
    }""")
    assert agreement >= 0.98, f"the live verdict is the map's at {agreement:.1%} of its points"
    assert errors == [], errors
    page.close()


FRENCH_WORDS = re.compile(r"\b(le|la|les|des|du|une|un|et|est|sont|avec|pour)\b", re.IGNORECASE)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("example", EXAMPLES)
def test_example_page_opens_on_its_title_in_its_language(server, browser, example, language):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    prefix = "/en" if language == "en" else ""
    page.goto(f"{server}{prefix}/examples/{example}/", wait_until="load")
    page.wait_for_load_state("networkidle")
    first_cell = page.locator(".jp-Cell").first
    assert "jp-MarkdownCell" in first_cell.get_attribute("class"), "the page opens on code"
    assert first_cell.locator("h1").count() == 1
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert broken_images(page) == []
    # textContent, not innerText: a cell off screen is not laid out (content-visibility), and
    # innerText reads only what is
    headings = page.locator(".jp-MarkdownCell h1, .jp-MarkdownCell h2").all_text_contents()
    headings = " ".join(headings)
    french = len(FRENCH_WORDS.findall(headings + " " + first_cell.text_content()))
    assert (french > 0) == (language == "fr"), headings
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    scrolling = page.evaluate(
        "[...document.querySelectorAll('.jp-InputArea-editor pre')]"
        ".filter(pre => pre.scrollWidth > pre.clientWidth + 1).length"
    )
    assert scrolling == 0, f"{scrolling} code cell(s) scroll sideways at 1,280 px"
    page.close()


@pytest.mark.parametrize("path", ["/article/", "/en/article/", "/examples/03_vae/"])
def test_pages_fit_a_phone_in_both_colour_schemes(server, browser, screenshots, path):
    for scheme in ("light", "dark"):
        page = browser.new_page(viewport={"width": 390, "height": 844}, color_scheme=scheme)
        page.goto(server + path, wait_until="load")
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow} px at 390 px ({scheme})"
        assert broken_images(page) == []
        name = path.strip("/").replace("/", "-")
        page.screenshot(path=str(screenshots / f"phone-{name}-{scheme}.png"), full_page=False)
        page.close()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/en/",
        "/article/",
        "/en/article/",
        "/examples/10_conditional/",
        "/en/examples/10_conditional/",
    ],
)
def test_no_console_error(server, browser, path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    assert errors == [], errors
    page.close()


def strings(language: str) -> dict:
    root = pathlib.Path(__file__).resolve().parents[1]
    return json.loads((root / "cylinders" / "strings" / f"{language}.json").read_text())


@pytest.mark.parametrize("language,path", [("fr", "/article/"), ("en", "/en/article/")])
def test_pad_and_morph_run_in_both_colour_schemes_without_console_error(
    server, browser, screenshots, language, path
):
    """The drawing pad and the morph come with the models, in the page's language, on a phone
    (dark) and a desktop (light): the example buttons, a played morph, and not one console error.
    (What they compute is checked against Keras in test_browser_models.py.)"""
    labels = strings(language)["explorer"]
    errors = []
    for scheme, width in (("light", 1280), ("dark", 390)):
        page = browser.new_page(viewport={"width": width, "height": 844}, color_scheme=scheme)
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(server + path, wait_until="load")
        root = page.locator("[data-latent-explorer]")
        root.scroll_into_view_if_needed()
        page.wait_for_function(
            "document.querySelector('.latent-explorer__pad')?.dataset.analyses >= 1",
            timeout=30_000,
        )
        assert root.locator(".latent-explorer__pad h4").inner_text() == labels["pad"]
        assert root.locator("[data-load=scribble]").inner_text() == labels["load_scribble"]
        before = root.locator(".latent-explorer__pad").get_attribute("data-analyses")
        root.locator("[data-load=scribble]").click()
        page.wait_for_function(
            "(before) => document.querySelector('.latent-explorer__pad').dataset.analyses"
            " !== before",
            arg=before,
            timeout=30_000,
        )
        statuses = root.locator(".latent-explorer__pad .latent-explorer__status").all_inner_texts()
        assert statuses and all(
            text.endswith((labels["valid"], labels["invalid"])) for text in statuses
        ), statuses
        root.locator(".latent-explorer__slider").fill("20")
        root.locator(".latent-explorer__play").click()
        page.wait_for_function(
            "document.querySelector('.latent-explorer__morph').dataset.frame === '24'",
            timeout=30_000,
        )
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow} px at {width} px ({scheme})"
        name = f"pad-{language}-{width}-{scheme}.png"
        root.screenshot(path=str(screenshots / name))
        page.close()
    assert errors == [], errors


@pytest.mark.parametrize("scheme,other", [("light", "slate"), ("dark", "default")])
def test_the_palette_follows_the_system_from_the_first_paint_and_the_toggle_is_kept(
    server, browser, scheme, other
):
    """The header's palette script (overrides/partials/javascripts/palette.html) gives a first
    visit the colours of the reader's system before the theme's script runs, which then changes
    nothing (overrides/main.html); the toggle still switches, and the choice is remembered."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # what the body says before any script of the theme's bundle has run
    page.add_init_script(
        """new MutationObserver((_, observer) => {
            const bundle = document.querySelector("script[src*='bundle.']");
            if (bundle && document.body) {
                window.__schemeBeforeBundle = document.body.dataset.mdColorScheme;
                observer.disconnect();
            }
        }).observe(document, {childList: true, subtree: true});"""
    )
    page.goto(server + "/article/", wait_until="load")
    # the body's palette, the switching mark, and the page's own colour scheme (the root's, from
    # extra.css: the theme's <meta name="color-scheme"> is kept out, see main.html)
    state = (
        "[document.body.dataset.mdColorScheme,"
        " document.body.hasAttribute('data-md-color-switching'),"
        " getComputedStyle(document.documentElement).colorScheme,"
        " document.querySelectorAll('meta[name=color-scheme]').length]"
    )
    css_scheme = {"slate": "dark", "default": "light"}
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("window.__schemeBeforeBundle") == expected
    assert page.evaluate(state) == [expected, False, css_scheme[expected], 0]
    page.locator("label.md-header__button[for^=__palette]:visible").first.click()
    page.wait_for_timeout(300)
    assert page.evaluate(state) == [other, False, css_scheme[other], 0]
    page.reload(wait_until="load")
    assert page.evaluate(state) == [other, False, css_scheme[other], 0]
    assert errors == []
    context.close()


@pytest.mark.parametrize(
    "path,width,word", [("/article/", 390, "cylindre"), ("/en/article/", 1280, "cylinder")]
)
def test_the_search_index_comes_when_the_search_is_opened_and_the_search_finds(
    server, browser, path, width, word
):
    """overrides/main.html holds back the theme's request for the search index until the reader
    opens the search (on a phone, the header's magnifier; on a wide screen, the search field)."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(server + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)

    def index_requests():
        return [url for url in asked if url.endswith("/search/search_index.json")]

    assert index_requests() == [], "the search index was fetched before the search was opened"
    if width < 960:
        page.locator("label.md-header__button[for=__search]").click()
    else:
        page.locator(".md-search__input").click()
    page.locator(".md-search__input").fill(word)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert index_requests() != []
    assert page.locator(".md-search-result__item").count() > 0
    page.close()
