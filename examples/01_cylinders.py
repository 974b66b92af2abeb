# %% [markdown]
# # Drawing the data: cylinders of two types
#
# Before any network, the data. `cylinders.make_cylinders` draws black-and-white 64×64 images of
# cylinders from a few *factors*: radius, height and type (I standing, II lying). Because we drew
# every image ourselves, we can later check whether what a network generates is a real cylinder.

# %%
import json
import os
import pathlib
import time

import numpy as np

import cylinders
from cylinders import plots

# %% [markdown]
# ## Settings
# The article trains on 1,000 cylinders. `CYLINDERS_OUTPUT` chooses where the figures go.

# %%
N_SAMPLES = 1000
SEED = 0
OUTPUT = pathlib.Path(os.environ.get("CYLINDERS_OUTPUT", "outputs/01_cylinders"))
OUTPUT.mkdir(parents=True, exist_ok=True)

# %% [markdown]
# ## A grid of cylinders
# Each image is a solid black silhouette with its top face left white: type I stands, type II lies.

# %%
images, factors = cylinders.make_cylinders(N_SAMPLES, random_state=SEED)
print("images:", images.shape, images.dtype, "values:", np.unique(images))
print(
    "factors:",
    {
        name: (round(float(values.min()), 1), round(float(values.max()), 1))
        for name, values in factors.items()
    },
)
order = np.argsort(factors["kind"][:48], kind="stable")  # type I first, then type II
plots.save_image_grid(images[:48][order], OUTPUT / "cylinders.png", columns=12)
plots.show(OUTPUT / "cylinders.png")

# %% [markdown]
# ## The factors, one at a time
# Rows: type I then type II; left to right the radius grows, top to bottom (within a type) the
# height.

# %%
radius = np.linspace(*cylinders.shapes.RADIUS_RANGE, 6)
height = np.linspace(*cylinders.shapes.HEIGHT_RANGE, 3)
grid_radius, grid_height, grid_kind = (
    axis.ravel() for axis in np.meshgrid(radius, height, [0, 1], indexing="ij")
)
order = np.lexsort((grid_radius, grid_height, grid_kind))
factor_grid = cylinders.render_cylinders(grid_radius[order], grid_height[order], grid_kind[order])
plots.save_image_grid(factor_grid, OUTPUT / "factors.png", columns=6)
plots.show(OUTPUT / "factors.png")

# %% [markdown]
# ## Other shapes and a third factor
# The last sections of the article add spheres and cones, and let the viewing elevation vary.

# %%
shapes_images, shape_factors = cylinders.make_shapes(
    24, random_state=SEED, elevation_range=cylinders.shapes.ELEVATION_RANGE
)
plots.save_image_grid(
    shapes_images[np.argsort(shape_factors["shape"], kind="stable")],
    OUTPUT / "shapes.png",
    columns=12,
)
plots.show(OUTPUT / "shapes.png")

# %% [markdown]
# ## How fast is drawing?
# The drawing is vectorised: all images at once, row by row, instead of one image at a time.

# %%
start = time.perf_counter()
for _ in range(5):
    cylinders.make_cylinders(N_SAMPLES, random_state=SEED)
seconds = (time.perf_counter() - start) / 5
print(f"{N_SAMPLES} cylinders in {1000 * seconds:.1f} ms")
results = {
    "n_samples": N_SAMPLES,
    "draw_milliseconds": 1000 * seconds,
    "type_counts": np.bincount(factors["kind"]).tolist(),
    "possible_images_log2": images.shape[1] * images.shape[2],
    "radius_range": [float(factors["radius"].min()), float(factors["radius"].max())],
    "height_range": [float(factors["height"].min()), float(factors["height"].max())],
    "default_ranges": cylinders.shapes.default_ranges(64),
}
(OUTPUT / "results.json").write_text(json.dumps(results, indent=2))

# %% [markdown]
# ## What to notice
# Two families that a person tells apart at a glance, each described by two numbers. Among the
# 2^4096 black-and-white images of 64×64 pixels, cylinders are a tiny, structured subset: that
# structure is what an autoencoder has to find.
