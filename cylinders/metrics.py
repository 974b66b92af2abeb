"""Measures that check what the article claims, because we know how every true cylinder is drawn.

*Is this sample a real cylinder?* The generator can draw every cylinder there is, so we ask it:
binarise the sample at 0.5, look for the generator's closest render over a dense grid of its
factors, and call the sample **valid** when the two agree within one pixel: every ink pixel of
either lies within one pixel of ink in the other, and the same for paper (so a cylinder that lost
its white rim, or has a stray blot, is not valid). A few stray pixels are forgiven (`max_mismatch`).

*Do the samples cover the data?* A generator that draws one perfect cylinder over and over is 100 %
valid and useless. `coverage` reads the factors of each valid sample off its closest render and
compares their distribution with the data's, over cells of (type, radius, height).

The rest measures reconstructions, the KL term, and how smoothly a morph moves.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from cylinders import shapes
from cylinders.checks import check_integer

_RADIUS_STEP = 0.5  # grid of the reference renders, in pixels at 64×64
_HEIGHT_STEP = 0.5
_ELEVATION_STEP = 3.0  # degrees
_CANDIDATES = 8  # closest renders (by Hamming distance) checked with the one-pixel tolerance


def _pack(masks: np.ndarray) -> np.ndarray:
    """Packs boolean masks `(..., size, size)` into 64-bit words `(..., size, words)`, pixel j at
    bit j % 64.

    The pixel comparisons of `closest_renders` then run on 64 pixels per operation.
    """
    size = masks.shape[-1]
    padded = np.zeros(masks.shape[:-1] + (-(-size // 64) * 64,), dtype=bool)
    padded[..., :size] = masks
    return np.packbits(padded, axis=-1, bitorder="little").view("<u8")


def _dilate(words: np.ndarray) -> np.ndarray:
    """Grows packed masks by one pixel in the 8 directions (rows, then bits carried across
    words)."""
    grown = words.copy()
    grown[..., 1:, :] |= words[..., :-1, :]
    grown[..., :-1, :] |= words[..., 1:, :]
    left, right = grown << np.uint64(1), grown >> np.uint64(1)
    left[..., 1:] |= grown[..., :-1] >> np.uint64(63)
    right[..., :-1] |= grown[..., 1:] << np.uint64(63)
    return grown | left | right


def _layers(masks: np.ndarray) -> tuple[np.ndarray, ...]:
    """Ink, ink grown by a pixel, paper, paper grown by a pixel: packed, padding bits left at 0."""
    size = masks.shape[-1]
    inside = np.zeros(-(-size // 64) * 64, dtype=bool)
    inside[:size] = True
    inside = np.packbits(inside, bitorder="little").view("<u8")
    ink = _pack(masks)
    paper = ~ink & inside
    return ink, _dilate(ink), paper, _dilate(paper) & inside


def _binarize(images: Any, image_size: int) -> np.ndarray:
    images = np.asarray(images, dtype=np.float32)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim == 2:
        images = images[None]
    if images.ndim != 3 or images.shape[1:] != (image_size, image_size):
        raise ValueError(
            f"`images` must have shape (n, {image_size}, {image_size}[, 1]). "
            f"Received: images.shape={np.shape(images)}"
        )
    return images >= 0.5


@functools.lru_cache(maxsize=4)
def reference_renders(
    image_size: int = 64,
    shape: str = "cylinder",
    kinds: tuple[int, ...] = (0, 1),
    radius_range: tuple[float, float] | None = None,
    height_range: tuple[float, float] | None = None,
    elevation_range: tuple[float, float] | None = None,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Renders the grid of factors that samples are matched against.

    Args:
        image_size: side of the images.
        shape: which of `shapes.SHAPE_NAMES` to render.
        kinds: cylinder types to include.
        radius_range: radius range in pixels (default: the generator's, scaled).
        height_range: height range in pixels (default: the generator's, scaled).
        elevation_range: when given, elevation is a searched factor too; else it is fixed.

    Returns:
        `(masks, factors)`: boolean renders `(m, image_size, image_size)` and their factors.
    """
    scale = image_size / 64
    default_radius, default_height = shapes.default_ranges(image_size)
    radius_range = radius_range or default_radius
    height_range = height_range or default_height
    coarse = 1.0 if elevation_range is None else 2.0  # a third factor makes the grid coarser
    radius = np.arange(radius_range[0], radius_range[1] + 1e-9, _RADIUS_STEP * scale * coarse)
    height = np.arange(height_range[0], height_range[1] + 1e-9, _HEIGHT_STEP * scale * coarse)
    if shape == "sphere":
        height = height[:1]
    if elevation_range is None:
        elevation = np.array([shapes.DEFAULT_ELEVATION])
    else:
        elevation = np.arange(elevation_range[0], elevation_range[1] + 1e-9, _ELEVATION_STEP)
    grid = np.meshgrid(np.asarray(kinds), radius, height, elevation, indexing="ij")
    factors = dict(zip(("kind", "radius", "height", "elevation"), (axis.ravel() for axis in grid)))
    shape_id = shapes.SHAPE_NAMES.index(shape)
    masks = (
        shapes.render_shapes(
            shape_id,
            factors["radius"],
            factors["height"],
            factors["kind"],
            factors["elevation"],
            image_size=image_size,
        )[..., 0]
        > 0.5
    )
    factors["shape"] = np.full(len(masks), shape_id)
    return masks, factors


@functools.lru_cache(maxsize=4)
def _reference_layers(
    image_size: int,
    shapes_searched: tuple[str, ...],
    kinds: tuple[int, ...],
    radius_range: tuple[float, float] | None,
    height_range: tuple[float, float] | None,
    elevation_range: tuple[float, float] | None,
):
    references = [
        reference_renders(image_size, shape, kinds, radius_range, height_range, elevation_range)
        for shape in shapes_searched
    ]
    masks = np.concatenate([masks for masks, _ in references])
    factors = {
        key: np.concatenate([found[key] for _, found in references]) for key in references[0][1]
    }
    flat = masks.reshape(len(masks), -1).astype(np.float32)
    return flat, flat.sum(1), _layers(masks), factors


def _mismatch_bits(sample: tuple[np.ndarray, ...], render: tuple[np.ndarray, ...]) -> np.ndarray:
    """The packed pixels of ink or paper in one image with none of the same within one pixel in
    the other."""
    errors = (sample[0] & ~render[1]) | (render[0] & ~sample[1])
    return errors | (sample[2] & ~render[3]) | (render[2] & ~sample[3])


def _mismatch(sample: tuple[np.ndarray, ...], render: tuple[np.ndarray, ...]) -> np.ndarray:
    """How many pixels `_mismatch_bits` finds, per pair of images."""
    return np.bitwise_count(_mismatch_bits(sample, render)).sum(axis=(-2, -1), dtype=np.int64)


def closest_renders(
    images: Any,
    *,
    image_size: int = 64,
    shapes_searched: tuple[str, ...] = ("cylinder",),
    kinds: tuple[int, ...] = (0, 1),
    radius_range: tuple[float, float] | None = None,
    height_range: tuple[float, float] | None = None,
    elevation_range: tuple[float, float] | None = None,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Finds, for each image, the generator's render that it matches best within one pixel.

    Args:
        images: `(n, size, size[, 1])` array, binarised at 0.5.
        image_size: side of the images.
        shapes_searched: shapes whose renders are searched (see `shapes.SHAPE_NAMES`).
        kinds: cylinder types searched.
        radius_range: the radius range searched, in pixels: pass the range the images were
            drawn with when it is not the generator's default.
        height_range: the height range searched, in pixels, likewise.
        elevation_range: search elevation too, over this range in degrees.

    Returns:
        `(mismatch, factors)`: for each image the number of pixels off by more than one pixel from
        its closest render, and that render's factors (dict of 1-D arrays).
    """
    samples = _binarize(images, image_size)

    def as_key(pair):  # a hashable range for the renders' cache
        return None if pair is None else (float(pair[0]), float(pair[1]))

    flat_masks, mask_sums, render_layers, factors = _reference_layers(
        image_size,
        tuple(shapes_searched),
        tuple(kinds),
        as_key(radius_range),
        as_key(height_range),
        as_key(elevation_range),
    )
    n = len(samples)
    if n == 0:
        return np.zeros(0, dtype=np.int64), {key: values[:0] for key, values in factors.items()}

    # Hamming distance to every render through one matrix product: |s| + |r| - 2 s·r.
    flat_samples = samples.reshape(n, -1).astype(np.float32)
    distance = flat_samples.sum(1, keepdims=True) + mask_sums - 2.0 * flat_samples @ flat_masks.T
    count = min(_CANDIDATES, len(flat_masks))
    candidates = np.argpartition(distance, count - 1, axis=1)[:, :count]  # (n, count)

    # The closest candidates, compared with a one-pixel tolerance.
    mismatch = _mismatch(
        tuple(layer[:, None] for layer in _layers(samples)),
        tuple(layer[candidates] for layer in render_layers),
    )  # (n, count)
    best = np.argmin(mismatch, axis=1)
    chosen = candidates[np.arange(n), best]
    return mismatch[np.arange(n), best], {key: values[chosen] for key, values in factors.items()}


def mismatch_map(
    images: Any, **search: Any
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Shows how `is_valid` judges each image: its closest render, and the pixels that differ from
    it by more than one pixel (the ones `closest_renders` counts).

    Args:
        images: `(n, size, size[, 1])` array of pixel values or probabilities (binarised at 0.5).
        **search: `image_size`, `shapes_searched`, `kinds`, `radius_range`, `height_range`,
            `elevation_range`, passed to `closest_renders`.

    Returns:
        `(renders, errors, factors)`: the closest renders and the pixels off, boolean arrays
        `(n, size, size)`, and the renders' factors. `errors.sum(axis=(1, 2))` is the mismatch
        that `closest_renders` returns; an image is valid when it is at most `max_mismatch`.
    """
    image_size = search.get("image_size", 64)
    samples = _binarize(images, image_size)
    _, factors = closest_renders(samples, **search)
    renders = np.zeros_like(samples)
    for shape_id in np.unique(factors["shape"]):
        chosen = factors["shape"] == shape_id
        renders[chosen] = (
            shapes.render_shapes(
                int(shape_id),
                factors["radius"][chosen],
                factors["height"][chosen],
                factors["kind"][chosen],
                factors["elevation"][chosen],
                image_size=image_size,
            )[..., 0]
            > 0.5
        )
    bits = _mismatch_bits(_layers(samples), _layers(renders))  # what closest_renders counts
    errors = np.unpackbits(bits.view(np.uint8), axis=-1, bitorder="little")[..., :image_size]
    return renders, errors.astype(bool), factors


def is_valid(images: Any, *, max_mismatch: int = 8, **search: Any) -> np.ndarray:
    """Which images are real cylinders: renders of the generator, within one pixel.

    Args:
        images: `(n, size, size[, 1])` array of pixel values or probabilities (binarised at 0.5).
        max_mismatch: stray pixels forgiven per image.
        **search: `image_size`, `shapes_searched`, `kinds`, `radius_range`, `height_range`,
            `elevation_range`, passed to `closest_renders`.

    Returns:
        Boolean array `(n,)`.
    """
    return validity(images, max_mismatch=max_mismatch, return_factors=True, **search)[1]


def validity(images: Any, *, max_mismatch: int = 8, return_factors: bool = False, **search: Any):
    """The fraction of images that are real cylinders (the mean of `is_valid`).

    Args:
        images: `(n, size, size[, 1])` array of pixel values or probabilities (binarised at 0.5).
        max_mismatch: stray pixels forgiven per image.
        return_factors: also return the per-image validity and the closest render's factors.
        **search: `image_size`, `shapes_searched`, `kinds`, `radius_range`, `height_range`,
            `elevation_range`, passed to `closest_renders`.

    Returns:
        (float | tuple): The fraction in [0, 1]; with `return_factors`,
        `(fraction, valid_mask, factors)`.
    """
    max_mismatch = check_integer(max_mismatch, "max_mismatch", minimum=0)
    mismatch, factors = closest_renders(images, **search)
    valid = mismatch <= max_mismatch
    fraction = float(valid.mean()) if len(valid) else 0.0
    return (fraction, valid, factors) if return_factors else fraction


def _cell_histogram(
    factors: dict[str, np.ndarray],
    radius_edges: np.ndarray,
    height_edges: np.ndarray,
    num_kinds: int,
) -> np.ndarray:
    radius_bin = np.clip(
        np.searchsorted(radius_edges, factors["radius"], side="right") - 1, 0, len(radius_edges) - 2
    )
    height_bin = np.clip(
        np.searchsorted(height_edges, factors["height"], side="right") - 1, 0, len(height_edges) - 2
    )
    cells = (np.asarray(factors["kind"]) * (len(radius_edges) - 1) + radius_bin) * (
        len(height_edges) - 1
    ) + height_bin
    return np.bincount(
        cells.astype(np.int64),
        minlength=num_kinds * (len(radius_edges) - 1) * (len(height_edges) - 1),
    )


def coverage(
    images: Any,
    data_factors: dict[str, np.ndarray],
    *,
    num_bins: int = 4,
    max_mismatch: int = 8,
    image_size: int = 64,
) -> dict[str, float]:
    """How much of the data's factor distribution the valid samples reach.

    Factors are read off each valid sample's closest render, then binned into (type, radius, height)
    cells, `num_bins` bins per continuous factor over the data's range.

    Args:
        images: samples, `(n, size, size[, 1])`.
        data_factors: the training data's factors (`radius`, `height`, `kind`), the distribution to
            reach.
        num_bins: bins per continuous factor.
        max_mismatch: as in `validity`.
        image_size: side of the images.

    Returns:
        dict with `validity` (fraction of valid samples), `cells_reached` (share of the cells the
        data occupies that valid samples reach) and `distance` (total variation distance between the
        valid samples' cell histogram and the data's: 0 is the same distribution, 1 disjoint).
    """
    num_bins = check_integer(num_bins, "num_bins")
    missing = {"radius", "height", "kind"} - set(data_factors)
    if missing:
        raise ValueError(
            "`data_factors` must hold radius, height and kind. "
            f"Received keys: {sorted(data_factors)}"
        )
    fraction, valid, factors = validity(
        images, max_mismatch=max_mismatch, return_factors=True, image_size=image_size
    )
    radius_edges = np.linspace(
        np.min(data_factors["radius"]), np.max(data_factors["radius"]) + 1e-9, num_bins + 1
    )
    height_edges = np.linspace(
        np.min(data_factors["height"]), np.max(data_factors["height"]) + 1e-9, num_bins + 1
    )
    data_cells = _cell_histogram(data_factors, radius_edges, height_edges, 2)
    sample_cells = _cell_histogram(
        {key: values[valid] for key, values in factors.items()}, radius_edges, height_edges, 2
    )
    occupied = data_cells > 0
    if sample_cells.sum() == 0:
        return {"validity": fraction, "cells_reached": 0.0, "distance": 1.0}
    distance = 0.5 * np.abs(sample_cells / sample_cells.sum() - data_cells / data_cells.sum()).sum()
    return {
        "validity": fraction,
        "cells_reached": float((sample_cells[occupied] > 0).mean()),
        "distance": float(distance),
    }


def morph_smoothness(frames: Any, *, max_mismatch: int = 8, **search: Any) -> dict[str, Any]:
    """How smoothly morphs move, and how much of them stays a real cylinder.

    Args:
        frames: one morph `(num_frames, size, size[, 1])`, or a batch of morphs
            `(num_paths, num_frames, size, size[, 1])`, frames in order.
        max_mismatch: as in `validity`.
        **search: as in `validity`.

    Returns:
        For one morph, a dict of floats: `max_step` (largest share of pixels that flip between two
        consecutive binarised frames), `mean_step`, and `valid_frames` (share of valid frames).
        For a batch, the same keys hold one value per morph (NumPy arrays), plus `valid`, the
        validity of every frame `(num_paths, num_frames)`.
    """
    image_size = search.get("image_size", 64)
    array = np.asarray(frames)
    batched = array.ndim == 5 or (array.ndim == 4 and array.shape[-1] != 1)
    paths = array if batched else array[None]
    if paths.shape[1] < 2:
        raise ValueError(
            f"`frames` must hold at least 2 frames per morph. Received: {paths.shape[1]} frame(s)"
        )
    num_paths, num_frames = paths.shape[:2]
    masks = _binarize(paths.reshape(num_paths * num_frames, *paths.shape[2:]), image_size)
    masks = masks.reshape(num_paths, num_frames, image_size, image_size)
    steps = (masks[:, 1:] != masks[:, :-1]).mean(axis=(2, 3))  # (num_paths, num_frames - 1)
    valid = is_valid(masks.reshape(-1, image_size, image_size), max_mismatch=max_mismatch, **search)
    valid = valid.reshape(num_paths, num_frames)
    result = {
        "max_step": steps.max(axis=1),
        "mean_step": steps.mean(axis=1),
        "valid_frames": valid.mean(axis=1),
    }
    if batched:
        return {**result, "valid": valid}
    return {key: float(values[0]) for key, values in result.items()}


def evaluate_model(model: Any, inputs: Any, batch_size: int = 256) -> dict[str, float]:
    """Reconstruction error (and KL, for a VAE) of a trained model on held-out images.

    Args:
        model: an `Autoencoder`, `VAE` or `ConditionalVAE`.
        inputs: held-out images `(n, size, size, 1)`, or `(images, labels)` for a
            `ConditionalVAE`, as its `fit` takes them.
        batch_size: images per forward pass.

    Returns:
        dict with `reconstruction_bce` (cross-entropy summed over pixels, mean per image),
        `pixel_error` (share of pixels wrong after binarising at 0.5), and for a VAE `kl` (mean per
        image).
    """
    images = inputs[0] if isinstance(inputs, (tuple, list)) else inputs
    images = np.asarray(images, dtype=np.float32)
    reconstructions = np.clip(model.reconstruct(inputs, batch_size=batch_size), 1e-7, 1 - 1e-7)
    bce = -(images * np.log(reconstructions) + (1 - images) * np.log(1 - reconstructions))
    result = {
        "reconstruction_bce": float(bce.sum(axis=(1, 2, 3)).mean()),
        "pixel_error": float(((reconstructions >= 0.5) != (images >= 0.5)).mean()),
    }
    if getattr(model, "variational", False):
        z_mean, z_log_var = model.encode_distribution(inputs, batch_size=batch_size)
        result["kl"] = float(kl_numpy(z_mean, z_log_var).mean())
    return result


def kl_numpy(z_mean: np.ndarray, z_log_var: np.ndarray) -> np.ndarray:
    """KL(N(μ, σ²) || N(0, I)) per row, summed over latent dimensions, in NumPy."""
    return -0.5 * np.sum(1.0 + z_log_var - z_mean**2 - np.exp(z_log_var), axis=-1)


def label_match(images: Any, labels: Any, *, max_mismatch: int = 8, **search: Any) -> float:
    """The share of images that are valid cylinders *of the type asked for*.

    For a conditional generator: `labels[i]` is the type image `i` was asked to be (0 or 1). An
    image counts when it is valid (as in `validity`) and its closest render has that type.

    Args:
        images: `(n, size, size[, 1])` pixel values or probabilities.
        labels: `n` integer types.
        max_mismatch: as in `validity`.
        **search: as in `validity`.

    Returns:
        The share in [0, 1] (0.0 for no images).
    """
    labels = np.asarray(labels)
    if labels.shape != (len(images),):
        raise ValueError(
            f"`labels` must hold one type per image, shape ({len(images)},). "
            f"Received: labels.shape={labels.shape}"
        )
    _, valid, found = validity(images, max_mismatch=max_mismatch, return_factors=True, **search)
    return float((valid & (found["kind"] == labels)).mean()) if len(labels) else 0.0
