"""Figures of the article: image grids, latent maps and morph animations.

Colours are the Okabe-Ito palette, which stays distinct for colour-blind readers, and each colour
means one thing across the whole site (the article shows every figure on one page): type I is
`TYPE_COLORS[0]` (blue), type II `TYPE_COLORS[1]` (orange), not a cylinder `INVALID_COLOR` (reddish
purple), a valid cylinder `VALID_COLOR` (bluish green); the network's layers are grey.
"""

from __future__ import annotations

import json
import os
import pathlib
from importlib import resources
from typing import Any

import numpy as np

#: Okabe-Ito blue and orange, for type I and type II.
TYPE_COLORS = ("#0072B2", "#E69F00")
#: Okabe-Ito colours for the shapes of `shapes.SHAPE_NAMES`: the (standing) cylinder keeps type I's
#: blue; sky blue and black are used nowhere else.
SHAPE_COLORS = ("#0072B2", "#56B4E9", "#000000")


def tile_images(images: Any, *, columns: int | None = None, gap: int = 2) -> np.ndarray:
    """Lays images out on a grid, ink black on white paper.

    Args:
        images: `(n, size, size[, 1])` pixel values in [0, 1], 1 meaning ink.
        columns: images per row (default: as square as possible).
        gap: pixels of light grey between images.

    Returns:
        uint8 array `(height, width)` ready to save as a grayscale PNG.
    """
    images = np.asarray(images, dtype=np.float32)
    if images.ndim == 4:
        images = images[..., 0]
    if images.ndim != 3 or len(images) == 0:
        raise ValueError(
            "`images` must have shape (n, size, size[, 1]) with n >= 1. "
            f"Received: {np.shape(images)}"
        )
    count, size, _ = images.shape
    columns = columns or int(np.ceil(np.sqrt(count)))
    rows = int(np.ceil(count / columns))
    canvas = np.full((rows * (size + gap) + gap, columns * (size + gap) + gap), 200, dtype=np.uint8)
    for index, image in enumerate(images):
        row, column = divmod(index, columns)
        top, left = gap + row * (size + gap), gap + column * (size + gap)
        canvas[top : top + size, left : left + size] = np.round(255 * (1.0 - np.clip(image, 0, 1)))
    return canvas


#: Most colours a PNG figure keeps (`write_png`): the palette, the colour maps and the grey levels
#: of decoded images fit; a palette PNG weighs a third to a half of a full-colour one.
PNG_COLORS = 128


def write_png(image: Any, path: str | os.PathLike, *, colors: int = PNG_COLORS) -> None:
    """Writes an image (a uint8 array, grey or RGB(A), or a PIL image) as a palette PNG.

    Every figure of the package and of the examples is written here, so that the pages stay light.
    """
    from PIL import Image

    if not isinstance(image, Image.Image):
        image = Image.fromarray(np.asarray(image, dtype=np.uint8))
    if image.mode == "L":  # grey images stay grey, with fewer levels (`colors` of them)
        step = 256 / colors
        image = image.point(lambda value: int(min(255, round(round(value / step) * step))))
    else:
        image = image.convert("RGB").quantize(
            colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    image.save(path, optimize=True)


def save_figure(figure, path: str | os.PathLike) -> None:
    """Saves a Matplotlib figure as a light PNG (100 dpi, tight box, palette) and closes it.

    A French file (`name-fr.png`, see `localized`) gets decimal commas on its axes' tick labels.
    """
    import io

    import matplotlib.pyplot as plt
    from PIL import Image

    if pathlib.Path(path).stem.endswith("-fr"):
        figure.canvas.draw()  # lays out the tick labels, which are then rewritten with commas
        for axis in figure.axes:
            for name in ("x", "y"):
                limits = getattr(axis, f"get_{name}lim")()
                ticks = getattr(axis, f"get_{name}ticks")()
                labels = [label.get_text() for label in getattr(axis, f"get_{name}ticklabels")()]
                if not any("." in label for label in labels):
                    continue  # nothing to change (and shared axes keep their neighbour's labels)
                french = [label.replace(".", ",") for label in labels]
                getattr(axis, f"set_{name}ticks")(ticks, french)
                getattr(axis, f"set_{name}lim")(limits)  # ticks outside the view stay hidden
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight", dpi=100)
    plt.close(figure)
    buffer.seek(0)
    write_png(Image.open(buffer), path)


def save_image_grid(
    images: Any, path: str | os.PathLike, *, columns: int | None = None, scale: int = 2
) -> None:
    """Saves images as one PNG grid, each pixel drawn `scale`×`scale` so the figure stays crisp."""
    canvas = tile_images(images, columns=columns)
    write_png(np.kron(canvas, np.ones((scale, scale), dtype=np.uint8)), path)


def save_labelled_rows(
    rows: list[Any],
    labels: list[str],
    path: str | os.PathLike,
    *,
    valid: list[Any] | None = None,
    scale: int = 2,
) -> None:
    """Saves rows of images as one PNG, each row named on its left (`labels`, one per row).

    Args:
        rows: a list of `(n, size, size[, 1])` arrays of pixel values in [0, 1], one per row.
        labels: the name written left of each row.
        path: PNG file to write.
        valid: optional boolean masks, one per row; invalid images get a coloured frame.
        scale: each pixel is drawn about `scale`×`scale`.
    """
    if len(rows) != len(labels) or (valid is not None and len(valid) != len(rows)):
        raise ValueError(
            f"`labels` (and `valid`, if given) must have one entry per row, {len(rows)}. "
            f"Received: {len(labels)} labels"
            + ("" if valid is None else f" and {len(valid)} validity masks")
        )
    masks = valid if valid is not None else [None] * len(rows)
    canvases = [_framed_tiles(row, len(row), mask) for row, mask in zip(rows, masks)]
    width = max(canvas.shape[1] for canvas in canvases)
    height = sum(canvas.shape[0] for canvas in canvases)
    figure = _figure(width * scale / 100 + 1.3, height * scale / 100 + 0.1)
    axes = figure.subplots(
        len(rows), 1, gridspec_kw={"height_ratios": [c.shape[0] for c in canvases]}, squeeze=False
    )[:, 0]
    for axis, canvas, label in zip(axes, canvases, labels):
        axis.imshow(canvas, interpolation="nearest")
        axis.set_xlim(-0.5, width - 0.5)
        axis.set_ylabel(label, rotation=0, ha="right", va="center", fontsize=11)
        axis.set_xticks([])
        axis.set_yticks([])
        for spine in axis.spines.values():
            spine.set_visible(False)
    figure.subplots_adjust(
        left=1.2 / figure.get_figwidth(), right=0.995, top=0.995, bottom=0.005, hspace=0.04
    )
    _save(figure, path)


#: Okabe-Ito reddish purple, for what is not a valid cylinder (far from type II's orange).
INVALID_COLOR = "#CC79A7"
#: Okabe-Ito bluish green, for what is a valid cylinder (the explorer's validity map).
VALID_COLOR = "#009E73"
#: Neutral grey for plots that are about no type in particular, and for the network's layers.
NEUTRAL_COLOR = "#555555"
#: Okabe-Ito yellow, for the sampling step of the network diagram (and nothing else).
SAMPLING_COLOR = "#F0E442"

#: The languages of the site; a figure with words is written once per language.
LANGUAGES = ("en", "fr")


def _figure_words(language: str) -> dict[str, str]:
    """The few words figures carry in `language`: the `figures` part of the site's strings file
    (`cylinders/strings/<language>.json`, which holds every word of the site in that language)."""
    strings = resources.files("cylinders") / "strings" / f"{language}.json"
    return json.loads(strings.read_text(encoding="utf-8"))["figures"]


#: The few words figures carry, per language (`WORDS["fr"]["epoch"]` is "époque").
WORDS = {language: _figure_words(language) for language in LANGUAGES}


def localized(path: str | os.PathLike, language: str) -> pathlib.Path:
    """The file of a figure in `language`: `path` itself in English, `name-fr.png` in French."""
    path = pathlib.Path(path)
    if language not in WORDS:
        raise ValueError(f"`language` must be one of {LANGUAGES}. Received: language={language!r}")
    return path if language == "en" else path.with_name(f"{path.stem}-{language}{path.suffix}")


def in_languages(path: str | os.PathLike):
    """Yields `(words, file)` for each language: draw the figure with `words[...]` and save it to
    `file` (`path` in English, `name-fr.png` in French).

    Example: `for words, file in in_languages("curves.png"): ...; save_figure(figure, file)`.
    """
    for language in LANGUAGES:
        yield WORDS[language], localized(path, language)


def _figure(width: float, height: float):
    import matplotlib.pyplot as plt

    return plt.figure(figsize=(width, height), dpi=100)


def _save(figure, path: str | os.PathLike) -> None:
    save_figure(figure, path)


def save_decoded_grid(
    images: Any, path: str | os.PathLike, *, columns: int, valid: Any = None, scale: int = 2
) -> None:
    """Saves decoded images as a crisp PNG grid, framing in `INVALID_COLOR` the ones that are not
    cylinders.

    Args:
        images: `(n, size, size[, 1])` pixel probabilities.
        path: PNG file to write.
        columns: images per row.
        valid: optional boolean mask `(n,)`; invalid images get a coloured frame.
        scale: each pixel is drawn `scale`×`scale`.
    """
    rgb = _framed_tiles(images, columns, valid)
    write_png(np.kron(rgb, np.ones((scale, scale, 1), dtype=np.uint8)), path)


def _framed_tiles(images: Any, columns: int, valid: Any = None) -> np.ndarray:
    """`tile_images` in RGB, each image that `valid` marks False framed in `INVALID_COLOR`."""
    gray = tile_images(images, columns=columns)
    rgb = np.repeat(gray[..., None], 3, axis=2)
    if valid is not None:
        size, gap = np.shape(images)[1], 2
        color = np.array([int(INVALID_COLOR[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.uint8)
        for index in np.flatnonzero(~np.asarray(valid, dtype=bool)):
            row, column = divmod(int(index), columns)
            top, left = row * (size + gap), column * (size + gap)
            rgb[top : top + size + 2 * gap, left : left + gap] = color
            rgb[top : top + size + 2 * gap, left + size + gap : left + size + 2 * gap] = color
            rgb[top : top + gap, left : left + size + 2 * gap] = color
            rgb[top + size + gap : top + size + 2 * gap, left : left + size + 2 * gap] = color
    return rgb


def plot_validity_check(
    images: Any, path: str | os.PathLike, *, max_mismatch: int = 8, language: str = "en"
) -> None:
    """How `metrics.is_valid` judges a few images: one column each, with the image, its closest
    render, and the pixels off by more than one pixel from that render (in `INVALID_COLOR`).

    Args:
        images: `(n, size, size[, 1])` pixel probabilities (a handful: one column each).
        path: PNG file to write.
        max_mismatch: stray pixels forgiven, as in `metrics.is_valid`.
        language: the language of the figure's words (`LANGUAGES`).
    """
    from matplotlib.colors import ListedColormap

    from cylinders import metrics

    if language not in WORDS:
        raise ValueError(f"`language` must be one of {LANGUAGES}. Received: language={language!r}")
    words = WORDS[language]
    images = np.asarray(images, dtype=np.float32).reshape(len(images), *np.shape(images)[1:3])
    renders, errors, _ = metrics.mismatch_map(images, image_size=images.shape[1])
    counts = errors.sum(axis=(1, 2))
    figure = _figure(2.3 * len(images) + 0.8, 7.4)
    axes = np.atleast_2d(figure.subplots(3, len(images))).reshape(3, len(images))
    marks = ListedColormap(["#ffffff", "#dddddd", INVALID_COLOR])  # paper, render, pixels off
    for column, (image, render, error, count) in enumerate(zip(images, renders, errors, counts)):
        verdict = words["real cylinder"] if count <= max_mismatch else words["not a cylinder"]
        singular = count < 2 if language == "fr" else count == 1  # « 0 pixel faux », "1 pixel off"
        off = words["pixel off count" if singular else "pixels off count"].format(count=int(count))
        axes[0, column].set_title(f"{verdict}\n{off}", fontsize=10)
        axes[0, column].imshow(image, cmap="gray_r", vmin=0, vmax=1)
        axes[1, column].imshow(render, cmap="gray_r", vmin=0, vmax=1)
        axes[2, column].imshow(np.where(error, 2, render.astype(int)), cmap=marks, vmin=0, vmax=2)
    for row, label in enumerate(("decoded image", "closest render", "pixels off")):
        axes[row, 0].set_ylabel(words[label])
    for axis in axes.ravel():
        axis.set_xticks([])
        axis.set_yticks([])
    figure.tight_layout()
    _save(figure, path)


def plot_latent_scatter(
    z: np.ndarray, factors: dict[str, np.ndarray], path: str | os.PathLike, *, box: Any = None
) -> None:
    """Three views of the training set in a 2-D latent space: coloured by type, by radius, by
    height.

    Args:
        z: `(n, 2)` latent points.
        factors: the images' factors (`kind`, `radius`, `height`).
        path: PNG file to write.
        box: optional `(low, high)` corners of a rectangle to draw (the region a grid samples).
    """
    figure = _figure(13.5, 4.4)
    axes = figure.subplots(1, 3, sharex=True, sharey=True)
    _scatter_by_type(axes[0], z, factors["kind"])
    axes[0].legend(loc="best", markerscale=2.5, frameon=False)
    for axis, key, cmap in ((axes[1], "radius", "viridis"), (axes[2], "height", "cividis")):
        points = axis.scatter(z[:, 0], z[:, 1], s=7, c=factors[key], cmap=cmap, linewidths=0)
        figure.colorbar(
            points, ax=axis, label={"radius": "r (px)", "height": "h (px)"}[key], shrink=0.85
        )
    for axis in axes:
        axis.set_xlabel("$z_1$")
        axis.set_aspect("equal", adjustable="box")
        if box is not None:
            (x0, y0), (x1, y1) = box
            axis.add_patch(
                __import__("matplotlib.patches", fromlist=["Rectangle"]).Rectangle(
                    (x0, y0), x1 - x0, y1 - y0, fill=False, linestyle="--", color="0.4"
                )
            )
    axes[0].set_ylabel("$z_2$")
    figure.tight_layout()
    _save(figure, path)


def _scatter_by_type(axis, points: np.ndarray, kind: np.ndarray) -> None:
    """2-D points on `axis`, one colour and legend entry per cylinder type."""
    kind = np.asarray(kind)
    for kind_id, name in enumerate(("I", "II")):
        chosen = kind == kind_id
        axis.scatter(
            points[chosen, 0],
            points[chosen, 1],
            s=7,
            color=TYPE_COLORS[kind_id],
            label=f"type {name}",
            alpha=0.8,
            linewidths=0,
        )


def plot_normal_cdf_scatter(z: np.ndarray, kind: np.ndarray, path: str | os.PathLike) -> None:
    """The latent points after the normal CDF: a VAE close to its prior fills the unit square
    evenly."""
    from statistics import NormalDist

    cdf = np.vectorize(NormalDist().cdf)(z)
    figure = _figure(4.8, 4.6)
    axis = figure.subplots()
    _scatter_by_type(axis, cdf, kind)
    axis.set_xlim(0, 1)
    axis.set_ylim(0, 1)
    axis.set_aspect("equal")
    axis.set_xlabel(r"$\Phi(z_1)$")
    axis.set_ylabel(r"$\Phi(z_2)$")
    axis.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2, frameon=False, markerscale=2.5
    )
    _save(figure, path)


def plot_latent_histograms(z: np.ndarray, path: str | os.PathLike) -> None:
    """One histogram per latent dimension, against the density of N(0, 1)."""
    dims = z.shape[1]
    figure = _figure(3.6 * dims, 3.0)
    axes = np.atleast_1d(figure.subplots(1, dims, sharey=True))
    limit = max(4.0, float(np.ceil(np.abs(z).max())))  # every code shown, however far it lies
    grid = np.linspace(-limit, limit, 200)
    for index, axis in enumerate(axes):
        axis.hist(
            z[:, index],
            bins=int(10 * limit),
            range=(-limit, limit),
            density=True,
            color=NEUTRAL_COLOR,
            alpha=0.6,
        )
        axis.plot(
            grid,
            np.exp(-(grid**2) / 2) / np.sqrt(2 * np.pi),
            color="0.2",
            linewidth=1.5,
            label="N(0, 1)",
        )
        axis.set_xlabel(f"$z_{index + 1}$")
    axes[0].legend(frameon=False)
    figure.tight_layout()
    _save(figure, path)


def save_morph_gif(
    rows: list[np.ndarray],
    path: str | os.PathLike,
    *,
    scale: int = 2,
    seconds_per_frame: float = 0.12,
    pause_frames: int = 6,
    labels: list[str] | None = None,
) -> None:
    """Saves morphs as one looping GIF, each row of images (one morph each) side by side.

    Args:
        rows: list of `(num_frames, size, size[, 1])` arrays with the same number of frames.
        path: GIF file to write.
        scale: each pixel drawn `scale`×`scale`.
        seconds_per_frame: display time of one frame.
        pause_frames: frames held at each end, so the eye catches the endpoints.
        labels: optional names written above the morphs, one per row (`["VAE", "AE"]`).
    """
    import imageio.v3 as iio
    from PIL import Image, ImageDraw, ImageFont

    if labels is not None and len(labels) != len(rows):
        raise ValueError(
            f"`labels` must name each of the {len(rows)} morphs. Received: labels={labels!r}"
        )

    frames = np.stack(
        [np.asarray(row, dtype=np.float32).reshape(len(row), *np.shape(row)[1:3]) for row in rows],
        axis=1,
    )
    tiles = [
        np.kron(
            tile_images(frame, columns=len(rows), gap=4), np.ones((scale, scale), dtype=np.uint8)
        )
        for frame in frames
    ]
    if labels is not None:  # one header above the morphs, the same on every frame
        size, gap = np.shape(rows[0])[1] * scale, 4 * scale
        header = Image.new("L", (tiles[0].shape[1], 12 * scale), 255)
        font = ImageFont.load_default(size=9 * scale)
        for index, label in enumerate(labels):
            centre = gap + index * (size + gap) + size / 2
            ImageDraw.Draw(header).text((centre, 6 * scale), label, fill=0, font=font, anchor="mm")
        tiles = [np.concatenate([np.asarray(header), tile]) for tile in tiles]
    sequence = [tiles[0]] * pause_frames + tiles + [tiles[-1]] * pause_frames
    sequence += sequence[::-1]  # there and back, so the loop has no jump
    iio.imwrite(path, np.stack(sequence), duration=int(seconds_per_frame * 1000), loop=0)


def _layer_rows(network) -> list[tuple[str, tuple[int, ...], int]]:
    """(label, output shape without batch, parameter count) for each layer of a functional model."""
    rows = []
    for layer in network.layers:
        shape = tuple(int(size) for size in layer.output.shape[1:])
        name = type(layer).__name__
        config = layer.get_config()
        if name == "InputLayer":
            label = "input"
        elif name in ("Conv2D", "Conv2DTranspose"):
            kernel, stride = config["kernel_size"][0], config["strides"][0]
            kind = "Conv" if name == "Conv2D" else "ConvT"
            label = f"{kind} {kernel}×{kernel}/{stride}\n{config['activation']}"
        elif name == "Dense":
            label = (
                f"Dense\n{config['activation']}" if config["activation"] != "linear" else "Dense"
            )
        else:
            label = name
        rows.append((label, shape, layer.count_params()))
    return rows


def plot_network(model, path: str | os.PathLike, *, language: str = "en") -> None:
    """Draws the encoder and decoder of a trained model, layer by layer, from the model itself.

    Each box is one layer: its kind, its output shape and its number of parameters; box heights
    follow the spatial size. The encoder is the top row and the decoder the bottom row, so that the
    drawing stays legible at the width of a page. For a VAE the drawing shows the mean and
    log-variance heads, the sampling step and the two terms of the loss.

    Args:
        model (Autoencoder | VAE): an `Autoencoder` or a `VAE`.
        path: PNG file to write.
        language: `"en"` or `"fr"`, the language of the few words in the drawing.
    """
    import matplotlib.patches as patches

    if language not in WORDS:
        raise ValueError(f"`language` must be one of {LANGUAGES}. Received: language={language!r}")
    words = WORDS[language]
    encoder = [
        (words["input"] if label == "input" else label, shape, count)
        for label, shape, count in _layer_rows(model.encoder)
    ]
    decoder = _layer_rows(model.decoder)
    variational = getattr(model, "variational", False)
    heads = [row for row in encoder if row[0] == "Dense"] if variational else []
    trunk = [row for row in encoder if row not in heads]
    top = trunk + (
        [("μ | log σ²", (model.latent_dim,), sum(row[2] for row in heads))] if variational else []
    )
    top += [(f"{words['sampling']}\nz = μ + σ·ε", (model.latent_dim,), 0)] if variational else []
    bottom = decoder[1:]
    columns = max(len(top), len(bottom))
    row_gap = 3.3
    figure = _figure(1.05 * columns + 0.4, 6.6 if variational else 6.0)
    axis = figure.add_axes([0, 0, 1, 1])
    axis.set_xlim(-0.6, columns - 0.4)
    axis.set_ylim(-row_gap - (2.0 if variational else 1.5), 1.75)
    axis.axis("off")
    largest = max(row[1][0] for row in top + bottom if len(row[1]) == 3)

    def draw_row(rows, y, color):
        for index, (label, shape, count) in enumerate(rows):
            spatial = len(shape) == 3
            height = 0.35 + 1.4 * (shape[0] / largest) ** 0.5 if spatial else 0.45
            box_color = SAMPLING_COLOR if label.startswith(words["sampling"]) else color
            axis.add_patch(
                patches.FancyBboxPatch(
                    (index - 0.38, y - height / 2),
                    0.76,
                    height,
                    boxstyle="round,pad=0.02",
                    facecolor=box_color,
                    alpha=0.25,
                    edgecolor=box_color,
                )
            )
            axis.text(index, y + height / 2 + 0.08, label, ha="center", va="bottom", fontsize=10)
            size = "×".join(str(dim) for dim in shape)
            number = f"{count:,}".replace(",", "\u202f" if language == "fr" else ",")
            suffix = f"\n{number} {words['parameters']}" if count else ""
            axis.text(
                index,
                y - height / 2 - 0.08,
                size + suffix,
                ha="center",
                va="top",
                fontsize=9.5,
                color="0.25",
            )
            if index:
                axis.annotate(
                    "",
                    xy=(index - 0.4, y),
                    xytext=(index - 0.6, y),
                    arrowprops=dict(arrowstyle="->", color="0.3"),
                )

    draw_row(top, 0.0, NEUTRAL_COLOR)
    draw_row(bottom, -row_gap, NEUTRAL_COLOR)
    axis.text(-0.5, 1.55, words["encoder"], ha="left", fontsize=12, weight="bold")
    axis.text(-0.5, -row_gap + 1.55, words["decoder"], ha="left", fontsize=12, weight="bold")
    # From the latent point (end of the top row) down to the decoder's first layer.
    axis.annotate(
        "",
        xy=(0.0, -row_gap + 1.1),
        xytext=(len(top) - 1.35, -0.75),
        arrowprops=dict(arrowstyle="->", color="0.3"),
    )
    formula_y = -row_gap - 1.45
    if variational:
        axis.text(
            len(top) - 1,
            1.55,
            r"$\varepsilon \sim \mathcal{N}(0, I)$",
            ha="center",
            fontsize=10,
        )
        axis.text(
            0,
            formula_y,
            r"$\mathrm{KL} = -\frac{1}{2}\sum(1 + \log\sigma^2 - \mu^2"
            r" - \sigma^2)$",
            ha="left",
            fontsize=10,
        )
        axis.text(
            columns - 1,
            formula_y,
            r"$\mathrm{BCE} = -\sum\,[x\log\hat{x} + (1-x)\log(1-\hat{x})]$",
            ha="right",
            fontsize=10,
        )
        axis.text(
            (columns - 1) / 2,
            formula_y - 0.5,
            rf"{words['loss']} $=$ BCE $+\ \beta\cdot$ KL",
            ha="center",
            fontsize=11,
        )
    else:
        axis.text(
            columns - 1,
            formula_y,
            rf"{words['loss']} $= \mathrm{{BCE}} = -\sum\,[x\log\hat{{x}} + "
            r"(1-x)\log(1-\hat{x})]$",
            ha="right",
            fontsize=10,
        )
    _save(figure, path)


def show(path: str | os.PathLike) -> None:
    """Shows a saved figure inline when run in Jupyter; in a plain script, says where it was
    written."""
    try:
        from IPython import get_ipython
        from IPython.display import Image, display
    except ImportError:
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(Image(filename=str(path)))
    else:
        print(f"wrote {path}")
