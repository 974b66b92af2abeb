"""Figures of the article: image grids, latent maps and morph animations.

Colours are the Okabe-Ito palette, which stays distinct for colour-blind readers: type I is always
`TYPE_COLORS[0]` (blue) and type II `TYPE_COLORS[1]` (orange), in every figure.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

#: Okabe-Ito blue and orange, for type I and type II.
TYPE_COLORS = ("#0072B2", "#E69F00")
#: Okabe-Ito colours for the shapes of `shapes.SHAPE_NAMES`.
SHAPE_COLORS = ("#0072B2", "#009E73", "#CC79A7")


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
        raise ValueError(f"`images` must have shape (n, size, size[, 1]) with n >= 1. Received: {np.shape(images)}")
    count, size, _ = images.shape
    columns = columns or int(np.ceil(np.sqrt(count)))
    rows = int(np.ceil(count / columns))
    canvas = np.full((rows * (size + gap) + gap, columns * (size + gap) + gap), 200, dtype=np.uint8)
    for index, image in enumerate(images):
        row, column = divmod(index, columns)
        top, left = gap + row * (size + gap), gap + column * (size + gap)
        canvas[top:top + size, left:left + size] = np.round(255 * (1.0 - np.clip(image, 0, 1)))
    return canvas


def save_image_grid(images: Any, path: str | os.PathLike, *, columns: int | None = None, scale: int = 2) -> None:
    """Saves images as one PNG grid, each pixel drawn `scale`×`scale` so the figure stays crisp."""
    import imageio.v3 as iio

    canvas = tile_images(images, columns=columns)
    iio.imwrite(path, np.kron(canvas, np.ones((scale, scale), dtype=np.uint8)))
