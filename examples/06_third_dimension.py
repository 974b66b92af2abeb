# %% [markdown]
# # Adding a dimension
#
# Now the cylinders vary in a third way: the viewing elevation, which opens or flattens the
# ellipses. We give the VAE a 3-D latent space, walk along each latent axis in turn, and measure how
# each latent dimension relates to each true factor.

# %%
import json

import numpy as np

import cylinders
from cylinders import article, latent, metrics, plots

# %% [markdown]
# ## Settings
# The elevation varies between 15° and 45°; the latent space has three dimensions.

# %%
LATENT_DIM = 3
SEED = article.SEED
STEPS = 11
OUTPUT = article.output_folder("06_third_dimension")

images, factors = cylinders.make_cylinders(
    article.N_SAMPLES, random_state=SEED, elevation_range=cylinders.shapes.ELEVATION_RANGE
)
plots.save_image_grid(images[:24], OUTPUT / "data.png", columns=12)
plots.show(OUTPUT / "data.png")
model, record = article.train("vae", images, latent_dim=LATENT_DIM)  # the article's settings
model.save(OUTPUT / "vae_3d.keras")

# %% [markdown]
# ## Latent traversals
# Each row starts from the origin and moves one latent coordinate from -2 to 2, the others held at
# 0.

# %%
values = np.linspace(-2.0, 2.0, STEPS)
traversal = np.zeros((LATENT_DIM, STEPS, LATENT_DIM), dtype="float32")
for dim in range(LATENT_DIM):
    traversal[dim, :, dim] = values
decoded = model.decode(traversal.reshape(-1, LATENT_DIM))
search = {"elevation_range": cylinders.shapes.ELEVATION_RANGE}
_, valid, _ = metrics.validity(decoded, return_factors=True, **search)
plots.save_decoded_grid(decoded, OUTPUT / "traversals.png", columns=STEPS, valid=valid)
plots.show(OUTPUT / "traversals.png")

# %% [markdown]
# ## Which latent dimension carries which factor?
# The correlation between each latent coordinate (the means μ) and each true factor.

# %%
z = model.encode(images)
names = ["kind", "radius", "height", "elevation"]
correlation = np.array(
    [[np.corrcoef(z[:, dim], factors[name])[0, 1] for name in names] for dim in range(LATENT_DIM)]
)
import matplotlib.pyplot as plt

for words, path in plots.in_languages(OUTPUT / "correlations.png"):  # one image per language
    figure, axis = plt.subplots(figsize=(5.2, 3.0))
    image = axis.imshow(np.abs(correlation), cmap="viridis", vmin=0, vmax=1)
    axis.set_xticks(range(len(names)), [words["type"], "r", "h", words["elevation"]])
    axis.set_yticks(range(LATENT_DIM), [f"$z_{dim + 1}$" for dim in range(LATENT_DIM)])
    for (row, column), value in np.ndenumerate(correlation):
        axis.text(
            column,
            row,
            f"{value:+.2f}".replace(".", words["decimal"]),
            ha="center",
            va="center",
            color="white" if abs(value) < 0.6 else "black",
        )
    figure.colorbar(image, ax=axis, label=f"|{words['correlation']}|")
    figure.tight_layout()
    plots.save_figure(figure, path)
plots.show(OUTPUT / "correlations.png")

# %%
samples = model.decode(
    latent.latent_samples("normal", 1000, latent_dim=z.shape[1], random_state=SEED)
)
prior_validity = metrics.validity(samples, **search)
print(f"valid prior samples: {prior_validity:.2f}")
results = {
    "correlation": {
        f"z{dim + 1}": dict(zip(names, correlation[dim].tolist())) for dim in range(LATENT_DIM)
    },
    "best_factor_per_dimension": [names[int(np.argmax(np.abs(row)))] for row in correlation],
    "strongest_correlation_per_factor": dict(zip(names, np.abs(correlation).max(axis=0).tolist())),
    "traversal_validity": float(valid.mean()),
    "prior_validity": prior_validity,
    "train_seconds": record["train_seconds"],
}
(OUTPUT / "results.json").write_text(json.dumps(results, indent=2))

# %% [markdown]
# ## What to notice
# Nothing told the VAE what the factors are; the table says how far its coordinates line up with
# them. A traversal that changes two things at once shows a dimension that mixes factors: the VAE is
# free to pick any rotation (or bending) of the space that reconstructs as well. A factor that
# changes few pixels, like the elevation, may hardly show in any coordinate at all.
