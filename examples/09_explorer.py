# %% [markdown]
# # An atlas of the latent plane, for the interactive explorer
#
# The article page runs the three trained models, the autoencoder, the VAE and the conditional
# VAE, in the reader's browser. The reader drags a point across their 2-D latent planes and sees,
# at once, the cylinder each decoder draws there; draws a shape on the pad ("Draw me a cylinder")
# and sees where each encoder puts it and what each decoder draws back; walks the straight line
# between two points, frame by frame, with the verdict on each frame. This script writes what the
# page needs: the models themselves, exported for the page's JavaScript, and an atlas, a dense grid
# of latent points decoded ahead of time, marked real cylinder or not, drawn as the map behind each
# plane and shown instead of the live images where the models cannot run.

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
# The next cell does it for a model of your own.

# %%
from cylinders import export

for name, model in models.items():
    export.export_model(model, OUTPUT / "models", name=name)
export.export_validity_rule(OUTPUT / "models")
for path in sorted((OUTPUT / "models").iterdir()):
    print(f"{path.name:18} {path.stat().st_size / 1000:6.1f} kB")

# %% [markdown]
# ## What the pad asks: shapes the encoders never saw
# The reader may draw anything on the pad; the encoders saw only cylinders. Here are shapes of the
# kind a reader might draw, from the generator (200 of each): spheres, cones, and the upper half
# of standing cylinders. Not one is a real cylinder; the share of what each model draws back
# (encode, then decode the point) that is one tells how far the decoder pulls a shape back towards
# the cylinders it learnt (the conditional VAE told type I).

# %%
from cylinders import shapes

standing = images[factors["kind"] == 0][:200]
unseen = {
    "sphere": shapes.make_shapes(200, shapes=("sphere",), random_state=SEED)[0],
    "cone": shapes.make_shapes(200, shapes=("cone",), random_state=SEED)[0],
    "half": np.where(np.arange(64)[:, None, None] < 32, standing, 0.0),  # rows 32-63 erased
}
pulled_back = {}
for shape, drawn in unseen.items():
    pulled_back[shape] = {"drawn_valid": float(metrics.is_valid(drawn).mean())}
    for name, model in models.items():
        kind = np.zeros(len(drawn), dtype=int)  # the conditional VAE told type I
        inputs = (drawn, kind) if name == "cvae" else drawn
        z = model.encode(inputs)
        redrawn = model.decode((z, kind) if name == "cvae" else z)
        pulled_back[shape][name] = float(metrics.is_valid(redrawn).mean())
    print(shape, {key: f"{value:.0%}" for key, value in pulled_back[shape].items()})
results = json.loads((OUTPUT / "results.json").read_text())
(OUTPUT / "results.json").write_text(json.dumps({**results, "unseen": pulled_back}, indent=2))

# %% [markdown]
# ## Your own model, in your own page
# A model you trained exports the same way: here the article's VAE stands for yours, saved and
# loaded back as a `.keras` file (`python -m cylinders export --model my_vae.keras --out web/`
# does the same from the command line). Into a temporary folder, so that the site does not ship
# it twice.

# %%
import pathlib
import tempfile

import cylinders

with tempfile.TemporaryDirectory() as folder:
    web = pathlib.Path(folder) / "web"
    models["vae"].save(pathlib.Path(folder) / "my_vae.keras")  # your training ends here
    my_vae = cylinders.load_model(pathlib.Path(folder) / "my_vae.keras")
    export.export_model(my_vae, web / "models")  # vae.json, vae.encoder.bin, vae.decoder.bin
    export.export_validity_rule(web / "models")  # validity.json: the rule of metrics.is_valid
    print(sorted(path.name for path in (web / "models").iterdir()))

# %% [markdown]
# Then copy the page's scripts next to it (`docs/assets/javascripts/cylinders.js` and its folder
# `cylinders/`, from this project's repository) and call them from your page, served over HTTP
# (`python -m http.server` in `web/`):
#
# ```html
# <script type="module">
#   import { start } from "./cylinders.js";
#   const cylinders = start("models/", ["vae"]);          // the models to load, by name
#   await cylinders.ready;
#   const pixels = cylinders.decode("vae", [0.5, -1]);    // 4,096 ink probabilities, row by row
#   const point = await cylinders.encode("vae", pixels);  // back to the plane: the mean
#   console.log(point, cylinders.isValid(pixels));        // is it a real cylinder?
# </script>
# ```

# %% [markdown]
# ## What to notice
# The sprites are the explorer's fallback, fetched only where the models cannot run: 576 decoded
# images per model, a few dozen kilobytes once compressed, because black-and-white silhouettes
# compress well. Once the reader reaches the explorer, the page fetches the decoders (about 250 kB
# each), and the encoders (as much again) for the drawing pad, and decodes the point wherever it
# is, in grey. The validity map, drawn behind the points, shows the holes of each latent space as
# regions; the conditional VAE's map is drawn for the type chosen. The pad asks the encoders about
# shapes they never saw: a lying cylinder drawn by hand, half a cylinder, a sphere. Each still gets
# a point, since an encoder has an answer for any image, and the decoder draws back from it what it
# knows: many of the spheres, cones and half cylinders above come back as real cylinders (the
# shares printed above), pulled back towards the shapes the models learnt.
