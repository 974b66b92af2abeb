# %% [markdown]
# # A plain autoencoder on cylinders
#
# We train an autoencoder to squeeze each 64×64 cylinder through a 2-D latent space and draw it
# back, then use its decoder as a generator: decode a grid of latent points, and look at where the
# training cylinders landed.

# %%
import json
import os
import pathlib

import numpy as np

import cylinders
from cylinders import cache, latent, metrics, plots

# %% [markdown]
# ## Settings
# The article's settings: 1,000 cylinders, 50 epochs, a 2-D latent space, binary cross-entropy.
# `CYLINDERS_FAST=1` shrinks everything, to check that the script runs.

# %%
FAST = os.environ.get("CYLINDERS_FAST") == "1"
N_SAMPLES = 200 if FAST else 1000
EPOCHS = 2 if FAST else 50
LATENT_DIM = 2
SEED = 0
GRID_SIZE = 12
OUTPUT = pathlib.Path(os.environ.get("CYLINDERS_OUTPUT", "outputs/02_autoencoder"))
OUTPUT.mkdir(parents=True, exist_ok=True)

# %% [markdown]
# ## Training
# What runs is Keras's own loop: `model = cylinders.Autoencoder(2)`, `model.compile(Adam(3e-3))`,
# `model.fit(images, batch_size=32, epochs=50)` (the body of `cylinders.training.train_model`).
# `cache.cached_train` wraps it: it trains, or loads the model when the very same training ran
# before, and then replays the log of that run. Call `training.train_model` instead to always train.

# %%
images, factors = cylinders.make_cylinders(N_SAMPLES, random_state=SEED)
test_images, _ = cylinders.make_cylinders(500, random_state=SEED + 1000)
model, record = cache.cached_train(
    "ae", images, epochs=EPOCHS, latent_dim=LATENT_DIM, seed=SEED, verbose="epochs"
)
model.save(OUTPUT / "autoencoder.keras")

# %% [markdown]
# ## The network
# Drawn from the model itself: each box is a layer with its output shape and parameter count.

# %%
plots.plot_network(model, OUTPUT / "network.png")
plots.plot_network(model, OUTPUT / "network-fr.png", language="fr")  # for the French pages
plots.show(OUTPUT / "network.png")
print(
    f"{model.encoder.count_params():,} parameters in the encoder, "
    f"{model.decoder.count_params():,} in the decoder"
)

# %% [markdown]
# ## Decoding a grid of latent points
# A 12×12 grid spanning the box that holds every training point. Frames mark the decoded images that
# are not real cylinders (no render of the generator matches them within one pixel).

# %%
z = model.encode(images)
low, high = z.min(axis=0), z.max(axis=0)
axis_x = np.linspace(low[0], high[0], GRID_SIZE)
axis_y = np.linspace(high[1], low[1], GRID_SIZE)  # top row = largest z2, as in the scatter plot
grid = np.array([[x, y] for y in axis_y for x in axis_x], dtype="float32")
decoded = model.decode(grid)
grid_validity, grid_valid, _ = metrics.validity(decoded, return_factors=True)
plots.save_decoded_grid(decoded, OUTPUT / "latent_grid.png", columns=GRID_SIZE, valid=grid_valid)
plots.show(OUTPUT / "latent_grid.png")
border = np.zeros((GRID_SIZE, GRID_SIZE), bool)
border[[0, -1], :] = border[:, [0, -1]] = True
print(
    f"valid cylinders on the grid: {grid_validity:.2f} "
    f"(border {grid_valid[border.ravel()].mean():.2f}, "
    f"inside {grid_valid[~border.ravel()].mean():.2f})"
)

# %% [markdown]
# ## The latent space
# Each training cylinder is one point, coloured by type, by radius and by height.

# %%
plots.plot_latent_scatter(z, factors, OUTPUT / "latent_space.png", box=(low, high))
plots.show(OUTPUT / "latent_space.png")

# %% [markdown]
# ## Sampling the autoencoder
# The autoencoder gives no rule for choosing latent points. We try four: N(0, I), uniform in the box
# of the training points, one Gaussian fitted to them, and a mixture of Gaussians fitted to them
# (its number of components chosen by BIC).

# %%
sampling = {}
mixture = latent.fit_mixture(z)  # fitted once: sampled below, its size kept in the results
for method in latent.SAMPLING_METHODS:
    if method == "mixture":
        points = latent.sample_mixture(mixture, 1000, random_state=SEED)
    else:
        points = latent.latent_samples(method, 1000, z, random_state=SEED)
    samples = model.decode(points)
    sampling[method] = metrics.coverage(samples, factors)
    print(method, {name: round(value, 3) for name, value in sampling[method].items()})

# %%
results = {
    "train_seconds": record["train_seconds"],
    "final_loss": record["history"]["loss"][-1],
    "held_out": metrics.evaluate_model(model, test_images),
    "grid_validity": grid_validity,
    "grid_border_validity": float(grid_valid[border.ravel()].mean()),
    "grid_inside_validity": float(grid_valid[~border.ravel()].mean()),
    "sampling": sampling,
    "mixture_components": int(mixture.n_components),
    "latent_box": [low.tolist(), high.tolist()],
    "parameters": {
        "encoder": model.encoder.count_params(),
        "decoder": model.decoder.count_params(),
    },
    "settings": {"n_samples": N_SAMPLES, "epochs": EPOCHS, "latent_dim": LATENT_DIM},
}
(OUTPUT / "results.json").write_text(json.dumps(results, indent=2))

# %% [markdown]
# ## What to notice
# The training points do not fill the plane: the two types form separate groups with empty space
# between and around them, and the frames on the grid show where decoding stops giving cylinders.
# Nothing in the loss asked the encoder for a tidy space, only for good reconstructions.
