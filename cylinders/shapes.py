"""Drawing cylinders, spheres and cones as 64×64 black-and-white images.

This module is the data set of the article. It is plain NumPy on purpose: it has no Keras import, so
a reader can draw cylinders, and the tests can check them, with no deep-learning backend installed.

Every image is drawn from a handful of *factors*, the quantities a person would use to describe it:

- ``radius``: half the width of the cylinder, in pixels;
- ``height``: the distance between the centres of its top and bottom faces, in pixels;
- ``kind``: the cylinder's type, ``0`` for type I (standing, axis vertical) and ``1`` for type II
  (lying, axis horizontal, its round face turned to the left);
- ``elevation``: the angle, in degrees, from which we look down on the cylinder. It sets how open
  the elliptical faces are (their height is ``radius * sin(elevation)``). It is fixed unless asked
  for: it is the third factor of the section *Ajout d'une dimension*.

A shape is a solid black silhouette (pixels equal to 1.0 are ink, 0.0 is paper) whose top face is
left white inside a black ring, the way a pictogram draws a can lit from above: the white ellipse is
what makes the top read as a face seen from above. A sphere gets a white equator instead, a cone
none. Sizes are in pixels at 64×64 and scale with ``image_size``.

The drawing is vectorised: the silhouette is built row by row from half-widths (one number per image
and row), so 1,000 images cost a few array operations, not 1,000 Python loops.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from cylinders.checks import check_integer

#: Names of the cylinder types, indexed by the ``kind`` factor.
KIND_NAMES = ("I", "II")
#: Shapes that ``make_shapes`` and ``render_shapes`` can draw.
SHAPE_NAMES = ("cylinder", "sphere", "cone")

#: Default factor ranges, in pixels for an image of 64×64 (they scale with ``image_size``).
RADIUS_RANGE = (7.0, 18.0)
HEIGHT_RANGE = (10.0, 34.0)
#: Elevation range in degrees, used when the third factor is switched on.
ELEVATION_RANGE = (15.0, 45.0)
#: Elevation in degrees when the third factor is off.
DEFAULT_ELEVATION = 30.0

MIN_IMAGE_SIZE = 16
_REFERENCE_SIZE = 64
_MARGIN = 1.0  # pixels kept free on every side of the frame
_BORDER = 1.5  # thickness of the black ring around the white top face, in pixels at 64×64


def _check_range(name: str, value: Any) -> tuple[float, float]:
    try:
        low, high = (float(bound) for bound in value)
    except (TypeError, ValueError):
        raise ValueError(
            f"`{name}` must be a pair (low, high) of numbers. Received: {name}={value!r}"
        ) from None
    if not (np.isfinite(low) and np.isfinite(high)) or low > high:
        raise ValueError(
            f"`{name}` must be a finite pair with low <= high. Received: {name}={value!r}"
        )
    return low, high


def _scaled(default: tuple[float, float], image_size: int) -> tuple[float, float]:
    scale = image_size / _REFERENCE_SIZE
    return default[0] * scale, default[1] * scale


def default_ranges(image_size: int = 64) -> tuple[tuple[float, float], tuple[float, float]]:
    """The generator's default `(radius_range, height_range)` in pixels, for images of this size."""
    return _scaled(RADIUS_RANGE, image_size), _scaled(HEIGHT_RANGE, image_size)


def _extent(
    shape: np.ndarray, radius: np.ndarray, height: np.ndarray, elevation: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Returns the (width, height) in pixels of each drawn shape, before any rotation."""
    ellipse = radius * np.sin(np.deg2rad(elevation))
    is_sphere = shape == SHAPE_NAMES.index("sphere")
    is_cone = shape == SHAPE_NAMES.index("cone")
    vertical = np.where(
        is_sphere, 2 * radius, np.where(is_cone, height + ellipse, height + 2 * ellipse)
    )
    return 2 * radius, vertical


def _check_factors(
    image_size: int,
    shape: np.ndarray,
    radius: np.ndarray,
    height: np.ndarray,
    kind: np.ndarray,
    elevation: np.ndarray,
) -> None:
    """Raises ValueError when a factor is unknown or a shape would leave the frame."""
    for name, values in (("radius", radius), ("height", height), ("elevation", elevation)):
        if not np.all(np.isfinite(values)):
            raise ValueError(f"`{name}` must hold finite numbers. Received: {name}={values!r}")
    bad_kind = ~np.isin(kind, (0, 1))
    if np.any(bad_kind):
        raise ValueError(
            f"`kind` must be 0 (type I) or 1 (type II). Received: kind={kind[bad_kind][0].item()!r}"
        )
    bad_shape = ~np.isin(shape, np.arange(len(SHAPE_NAMES)))
    if np.any(bad_shape):
        raise ValueError(
            f"`shape` must be one of {SHAPE_NAMES}. Received: shape={shape[bad_shape][0].item()!r}"
        )
    scale = image_size / _REFERENCE_SIZE
    minimum_radius = 2.0 * scale
    if np.any(radius < minimum_radius):
        raise ValueError(
            f"`radius` must be at least {minimum_radius:g} pixels for image_size={image_size}. "
            f"Received: radius={radius.min():g}"
        )
    if np.any(height < 0):
        raise ValueError(f"`height` must be >= 0. Received: height={height.min():g}")
    if np.any((elevation <= 0) | (elevation > 90)):
        raise ValueError(
            "`elevation` must be in (0, 90] degrees. "
            f"Received: elevation={elevation[(elevation <= 0) | (elevation > 90)][0]:g}"
        )
    width, vertical = _extent(shape, radius, height, elevation)
    room = image_size - 2 * _MARGIN
    too_big = (width > room) | (vertical > room)
    if np.any(too_big):
        index = int(np.argmax(too_big))
        raise ValueError(
            f"The shape leaves the {image_size}×{image_size} frame: it needs {width[index]:.1f}×"
            f"{vertical[index]:.1f} pixels and at most {room:g} fit. "
            f"Received: radius={radius[index]:g}, "
            f"height={height[index]:g}, elevation={elevation[index]:g}"
        )


def render_shapes(
    shape: Any,
    radius: Any,
    height: Any,
    kind: Any = 0,
    elevation: Any = DEFAULT_ELEVATION,
    *,
    image_size: int = 64,
) -> np.ndarray:
    """Draws shapes from their factors.

    Args:
        shape: index into `SHAPE_NAMES` (0 cylinder, 1 sphere, 2 cone), or the names themselves.
        radius: radius in pixels (array-like, broadcast with the other factors).
        height: height in pixels; spheres ignore it.
        kind: 0 draws the shape standing, 1 lying on its side (its top turned to the left).
        elevation: viewing elevation in degrees, which sets how open the ellipses are.
        image_size: side of the square images in pixels.

    Returns:
        float32 array of shape `(n, image_size, image_size, 1)` holding only 0.0 and 1.0.
    """
    image_size = check_integer(image_size, "image_size", minimum=MIN_IMAGE_SIZE)
    shape = np.asarray(shape)
    if shape.dtype.kind in "US":
        unknown = ~np.isin(shape, SHAPE_NAMES)
        if np.any(unknown):
            raise ValueError(
                f"`shape` must be one of {SHAPE_NAMES}. "
                f"Received: shape={shape[unknown][0].item()!r}"
            )
        shape = np.vectorize(SHAPE_NAMES.index, otypes=[np.int64])(shape)
    shape, radius, height, kind, elevation = np.broadcast_arrays(
        np.atleast_1d(shape),
        np.atleast_1d(np.asarray(radius, dtype=np.float64)),
        np.atleast_1d(np.asarray(height, dtype=np.float64)),
        np.atleast_1d(kind),
        np.atleast_1d(np.asarray(elevation, dtype=np.float64)),
    )
    if shape.ndim != 1:
        raise ValueError(f"Factors must be scalars or 1-D arrays. Received: shape of {shape.shape}")
    _check_factors(image_size, shape, radius, height, kind, elevation)

    # Every quantity below is (n, 1, 1) against a pixel grid of (1, size, 1) rows and (1, 1, size)
    # columns.
    n = radius.shape[0]
    column = lambda values: values.reshape(n, 1, 1).astype(np.float32)  # noqa: E731
    scale = image_size / _REFERENCE_SIZE
    center = image_size / 2.0
    y = (np.arange(image_size, dtype=np.float32) + 0.5 - center).reshape(1, image_size, 1)
    x = (np.arange(image_size, dtype=np.float32) + 0.5 - center).reshape(1, 1, image_size)
    r = column(radius)
    e = column(radius * np.sin(np.deg2rad(elevation)))  # semi-axis of the ellipses, vertical
    h = column(height)
    shape_id = shape.reshape(n, 1, 1)
    is_cylinder = shape_id == 0
    is_sphere = shape_id == 1
    is_cone = shape_id == 2

    # Vertical placement: the whole drawing is centred in the frame.
    top = np.where(is_cone, -(h + e) / 2, -h / 2)  # centre of the top face (the apex for a cone)
    bottom = np.where(is_cone, (h - e) / 2, h / 2)  # centre of the bottom face

    # Half-width of the silhouette on each row (n, size, 1); negative means the row is empty.
    def ellipse_half_width(
        center_y: np.ndarray, semi_y: np.ndarray, semi_x: np.ndarray = r
    ) -> np.ndarray:
        t = 1.0 - ((y - center_y) / semi_y) ** 2
        return np.where(t >= 0, semi_x * np.sqrt(np.maximum(t, 0.0)), -1.0)

    body = np.where((y >= top) & (y <= bottom), r, -1.0)  # the cylinder's sides
    cylinder = np.maximum(
        body, np.maximum(ellipse_half_width(top, e), ellipse_half_width(bottom, e))
    )
    sphere = ellipse_half_width(np.zeros_like(r), r)
    cone_sides = np.where((y >= top) & (y <= bottom), r * (y - top) / np.maximum(h, 1e-6), -1.0)
    cone = np.maximum(cone_sides, ellipse_half_width(bottom, e))
    half_width = np.where(is_cylinder, cylinder, np.where(is_sphere, sphere, cone))
    # The white face: the cylinder's top, an ellipse `border` pixels inside its outline, lit from
    # above; the sphere's equator, the front half of an ellipse drawn as a white band `border`
    # pixels thick.
    border = _BORDER * scale
    face = np.where(
        is_cylinder, ellipse_half_width(top, np.maximum(e - border, 1e-3), r - border), -1.0
    )
    front = is_sphere & (y >= 0)
    outer = np.where(
        front, ellipse_half_width(np.zeros_like(r), e + border / 2, r + border / 2), -1.0
    )
    inner = np.where(
        front,
        ellipse_half_width(np.zeros_like(r), np.maximum(e - border / 2, 1e-3), r - border / 2),
        -1.0,
    )
    distance = np.abs(x)
    paper = (distance < face) | ((distance <= outer) & (distance > inner))
    images = (distance <= half_width) & ~paper

    lying = kind == 1
    images[lying] = np.swapaxes(images[lying], 1, 2)
    return images.astype(np.float32)[..., None]


def render_cylinders(
    radius: Any,
    height: Any,
    kind: Any = 0,
    elevation: Any = DEFAULT_ELEVATION,
    *,
    image_size: int = 64,
) -> np.ndarray:
    """Draws cylinders from their factors; `render_cylinders(**factors)` redraws `make_cylinders`'
    images.

    Args:
        radius: radius in pixels (array-like, broadcast with the other factors).
        height: distance between the centres of the top and bottom faces, in pixels.
        kind: 0 for type I (standing), 1 for type II (lying).
        elevation: viewing elevation in degrees.
        image_size: side of the square images in pixels.

    Returns:
        float32 array of shape `(n, image_size, image_size, 1)` holding only 0.0 and 1.0.
    """
    return render_shapes(0, radius, height, kind, elevation, image_size=image_size)


def _sample_factors(
    rng: np.random.Generator,
    n_samples: int,
    image_size: int,
    radius_range: Any,
    height_range: Any,
    kinds: Any,
    elevation_range: Any,
) -> dict[str, np.ndarray]:
    radius_range = _check_range("radius_range", radius_range or _scaled(RADIUS_RANGE, image_size))
    height_range = _check_range("height_range", height_range or _scaled(HEIGHT_RANGE, image_size))
    kinds = np.atleast_1d(np.asarray(kinds))
    if kinds.size == 0 or not np.all(np.isin(kinds, (0, 1))):
        raise ValueError(
            f"`kinds` must hold 0 (type I) and/or 1 (type II). Received: kinds={kinds.tolist()!r}"
        )
    elevation_bounds = (
        (DEFAULT_ELEVATION,) * 2
        if elevation_range is None
        else _check_range("elevation_range", elevation_range)
    )
    # The range must fit whole, not only the values drawn this time: check its largest corner.
    try:
        _check_factors(
            image_size,
            np.zeros(1, np.int64),
            np.array([radius_range[1]]),
            np.array([height_range[1]]),
            np.zeros(1, np.int64),
            np.array([elevation_bounds[1]]),
        )
        _check_factors(
            image_size,
            np.zeros(1, np.int64),
            np.array([radius_range[0]]),
            np.array([height_range[0]]),
            np.zeros(1, np.int64),
            np.array([elevation_bounds[0]]),
        )
    except ValueError as error:
        raise ValueError(
            f"The factor ranges radius_range={radius_range}, height_range={height_range}, "
            f"elevation_range={elevation_range} do not fit: {error}"
        ) from None
    factors = {
        "radius": rng.uniform(*radius_range, size=n_samples),
        "height": rng.uniform(*height_range, size=n_samples),
        "kind": rng.choice(kinds, size=n_samples).astype(np.int64),
    }
    if elevation_range is None:
        factors["elevation"] = np.full(n_samples, DEFAULT_ELEVATION)
    else:
        factors["elevation"] = rng.uniform(*elevation_bounds, size=n_samples)
    return factors


def make_cylinders(
    n_samples: int = 1000,
    *,
    image_size: int = 64,
    radius_range: Any = None,
    height_range: Any = None,
    kinds: Any = (0, 1),
    elevation_range: Any = None,
    random_state: Any = None,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Draws random cylinders of both types, with the factors that generated them.

    Args:
        n_samples: number of images.
        image_size: side of the square images in pixels (at least 16).
        radius_range: (low, high) of the uniform radius, in pixels; default `RADIUS_RANGE` scaled.
        height_range: (low, high) of the uniform height, in pixels; default `HEIGHT_RANGE` scaled.
        kinds: which types to draw, each equally likely: 0 (type I, standing), 1 (type II, lying).
        elevation_range: (low, high) of the uniform viewing elevation in degrees, the optional third
            factor (for instance `ELEVATION_RANGE`); `None` fixes it at `DEFAULT_ELEVATION`.
        random_state: seed or `numpy.random.Generator`; the same seed gives the same bytes.

    Returns:
        `(images, factors)`: float32 images of shape `(n_samples, image_size, image_size, 1)`
        holding 0.0 and 1.0, and a dict of 1-D arrays `radius`, `height`, `kind`, `elevation`.
    """
    n_samples = check_integer(n_samples, "n_samples")
    image_size = check_integer(image_size, "image_size", minimum=MIN_IMAGE_SIZE)
    rng = np.random.default_rng(random_state)
    factors = _sample_factors(
        rng, n_samples, image_size, radius_range, height_range, kinds, elevation_range
    )
    return render_cylinders(**factors, image_size=image_size), factors


def make_shapes(
    n_samples: int = 1000,
    *,
    shapes: Any = SHAPE_NAMES,
    image_size: int = 64,
    radius_range: Any = None,
    height_range: Any = None,
    kinds: Any = (0,),
    elevation_range: Any = None,
    random_state: Any = None,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Draws random cylinders, spheres and cones, with the factors that generated them.

    Args:
        n_samples: number of images.
        shapes: names of the shapes to draw, each equally likely (see `SHAPE_NAMES`).
        image_size: as in `make_cylinders`.
        radius_range: as in `make_cylinders`.
        height_range: as in `make_cylinders`.
        kinds: orientations to draw; standing only (0) by default, so that the shape is the main
            change.
        elevation_range: as in `make_cylinders`.
        random_state: as in `make_cylinders`.

    Returns:
        `(images, factors)` as in `make_cylinders`, with a `shape` factor indexing `SHAPE_NAMES`.
    """
    n_samples = check_integer(n_samples, "n_samples")
    image_size = check_integer(image_size, "image_size", minimum=MIN_IMAGE_SIZE)
    shapes = [shapes] if isinstance(shapes, str) else list(shapes)
    unknown = [name for name in shapes if name not in SHAPE_NAMES]
    if not shapes or unknown:
        raise ValueError(f"`shapes` must name some of {SHAPE_NAMES}. Received: shapes={shapes!r}")
    rng = np.random.default_rng(random_state)
    factors = _sample_factors(
        rng, n_samples, image_size, radius_range, height_range, kinds, elevation_range
    )
    shape_ids = np.array([SHAPE_NAMES.index(name) for name in shapes])
    factors = {"shape": rng.choice(shape_ids, size=n_samples).astype(np.int64), **factors}
    return render_shapes(**factors, image_size=image_size), factors
