# %% [markdown]
# # An atlas of the latent plane, for the interactive explorer
#
# The article page lets the reader drag a point across the 2-D latent planes of the autoencoder,
# the VAE and the conditional VAE and see, at once, the cylinder each decodes there. Nothing runs in
# the browser but a little JavaScript: this script decodes a dense grid of latent points ahead of
# time (the atlas), marks which of them are real cylinders, and writes everything as one PNG sprite
# per model plus a small JSON file.

# %%
import json

import imageio.v3 as iio
import numpy as np

from cylinders import article, metrics, plots

# %% [markdown]
# ## Settings
# The models of the autoencoder, VAE and conditional VAE examples (`article.model` loads them from
# the cache), and a 24×24 grid per model (per type, for the conditional VAE).

# %%
GRID_SIZE = 24
NUM_POINTS = 300  # training points drawn behind the atlas
SEED = article.SEED
OUTPUT = article.output_folder("09_explorer")

images, factors = article.data()
models = {name: article.model(name)[0] for name in ("ae", "vae", "cvae")}

# %% [markdown]
# ## Decode the grid, mark the real cylinders
# The autoencoder's grid covers the box of its training points (plus a margin); the VAEs' cover
# [-3, 3]², where nearly all of their prior's mass lies. Grid point (row, column) sits at
# `low + column / 23 · (high - low)` across and the same from the top down: row 0 is the largest z2.
# The conditional VAE's grid is decoded twice, once per type: one sprite and one map per type.

# %%
atlas = {
    "grid_size": GRID_SIZE,
    "image_size": 64,
    "models": {},
    "palette": {
        "types": list(plots.TYPE_COLORS),
        "valid": plots.VALID_COLOR,
        "invalid": plots.INVALID_COLOR,
    },
}
rng = np.random.default_rng(SEED)
shown = rng.choice(len(images), size=min(NUM_POINTS, len(images)), replace=False)
for name, model in models.items():
    z = model.encode((images, factors["kind"]) if name == "cvae" else images)
    if name == "ae":
        low, high = z.min(axis=0), z.max(axis=0)
        margin = 0.05 * (high - low)
        low, high = low - margin, high + margin
    else:
        low, high = np.array([-3.0, -3.0]), np.array([3.0, 3.0])
    xs = np.linspace(low[0], high[0], GRID_SIZE)
    ys = np.linspace(high[1], low[1], GRID_SIZE)
    grid = np.array([[x, y] for y in ys for x in xs], dtype="float32")
    layers = []
    for kind in (0, 1) if name == "cvae" else (None,):
        decoded = model.decode(grid if kind is None else (grid, kind))
        share, valid, _ = metrics.validity(decoded, return_factors=True)
        suffix = "" if kind is None else f"_{kind}"
        sprite = plots.tile_images(decoded >= 0.5, columns=GRID_SIZE, gap=0)  # ink black on white
        iio.imwrite(OUTPUT / f"atlas_{name}{suffix}.png", sprite, optimize=True)
        layers.append(
            {
                "sprite": f"atlas_{name}{suffix}.png",
                "valid": valid.astype(int).tolist(),
                "valid_share": share,
            }
        )
        print(f"{name}{suffix}: {share:.0%} of the atlas decodes to real cylinders")
    atlas["models"][name] = {
        "low": low.tolist(),
        "high": high.tolist(),
        "layers": layers,
        "valid_share": float(np.mean([layer["valid_share"] for layer in layers])),
        "points": [
            [round(float(a), 4), round(float(b), 4), int(k)]
            for (a, b), k in zip(z[shown], factors["kind"][shown])
        ],
    }
(OUTPUT / "atlas.json").write_text(json.dumps(atlas))
(OUTPUT / "results.json").write_text(
    json.dumps(
        {name: {"valid_share": entry["valid_share"]} for name, entry in atlas["models"].items()},
        indent=2,
    )
)
plots.show(OUTPUT / "atlas_vae.png")
plots.show(OUTPUT / "atlas_cvae_1.png")

# %% [markdown]
# ## The models themselves, for the browser
# The page also runs the three models in the reader's browser, with a forward pass of its own in
# plain JavaScript: `export_model` writes each model's encoder and decoder (their layers in a small
# JSON file, their weights as float32), and `export_validity_rule` the rule of `metrics.is_valid`.
# A model you trained exports the same way, or from the command line:
# `python -m cylinders export --model vae.keras --out web/`.

# %%
from cylinders import export

for name, model in models.items():
    export.export_model(model, OUTPUT / "models", name=name)
export.export_validity_rule(OUTPUT / "models")
for path in sorted((OUTPUT / "models").iterdir()):
    print(f"{path.name:18} {path.stat().st_size / 1000:6.1f} kB")

# %% [markdown]
# ## What to notice
# The sprites are the explorer's fallback, and its first image: 576 decoded images per model, a few
# dozen kilobytes once compressed, because black-and-white silhouettes compress well. Once the
# reader reaches the explorer, the page fetches the decoders (about 250 kB each) and decodes the
# point wherever it is, in grey. The validity map, drawn behind the points, shows the holes of each
# latent space as regions; the conditional VAE's map is drawn for the type chosen.
