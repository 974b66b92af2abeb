# %% [markdown]
# # A plain autoencoder on cylinders
#
# We train an autoencoder to squeeze each 64×64 cylinder through a 2-D latent space and draw it
# back, then use its decoder as a generator: decode a grid of latent points, and look at where the
# training cylinders landed.

# %%
import json

import keras
import numpy as np

import cylinders
from cylinders import article, cache, latent, metrics, plots, training

# %% [markdown]
# ## Settings
# The article's settings come from one place, `cylinders.article`, so that every example trains the
# same networks: 1,000 cylinders, 50 epochs, a 2-D latent space, batches of 32, Adam at 3e-3.
# `CYLINDERS_FAST=1` shrinks the data and the training, to check that the script runs.
# %%
from cylinders.article import BATCH_SIZE, EPOCHS, LATENT_DIM, LEARNING_RATE, SEED

GRID_SIZE = 12
OUTPUT = article.output_folder("02_autoencoder")

images, factors = article.data()  # (1000, 64, 64, 1) images, and the factors that drew them
test_images, _ = article.test_data()  # 500 cylinders the network never sees

# %% [markdown]
# ## Building and training
# Keras's own steps: fix the seed (it draws the initial weights), build the model, `compile` it
# with its optimizer, then `fit`. The model computes its own loss, the binary cross-entropy summed
# over the pixels, so `compile` needs no `loss=`.
#
# `cache.fit(model, images, seed=SEED, ...)` is `keras.utils.set_random_seed(SEED)` (the seed
# shuffles the data) then `model.fit(images, ...)`, with a memory: it stores the trained weights,
# and the next time the very same training is asked for, it loads them and replays the log of that
# run. Write those two lines instead to train every time.

# %%
keras.utils.set_random_seed(SEED)
model = cylinders.Autoencoder(LATENT_DIM)
model.compile(optimizer=keras.optimizers.Adam(LEARNING_RATE))
history = cache.fit(
    model,
    images,
    seed=SEED,  # shuffles the data
    epochs=EPOCHS,
    batch_size=BATCH_SIZE,
    callbacks=[training.EpochLog(EPOCHS)],  # one line every few epochs
    verbose=0,
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
# ## How an image is judged
# Three images of this grid: the valid one closest to a render; a hybrid, an invalid image between
# valid cylinders of both types (next to a valid type I and a valid type II on the grid), the one
# farthest from any render; and the invalid image of the border farthest from any render (a blob).
# Under each, the generator's closest render, and the pixels that differ from it by more than one
# pixel: an image is a real cylinder when at most 8 do.

# %%
mismatch, closest = metrics.closest_renders(decoded)
kind = np.where(grid_valid, closest["kind"], -1).reshape(GRID_SIZE, GRID_SIZE)  # -1: invalid
padded = np.pad(kind, 1, constant_values=-1)
neighbours = [
    padded[1 + dy : 1 + dy + GRID_SIZE, 1 + dx : 1 + dx + GRID_SIZE]
    for dy, dx in ((-1, 0), (1, 0), (0, -1), (0, 1))
]  # the four cells around each cell
between = np.any([n == 0 for n in neighbours], 0) & np.any([n == 1 for n in neighbours], 0)
hybrid = between.ravel() & ~grid_valid & ~border.ravel()
blob = border.ravel() & ~grid_valid


def pick(where, best):
    """The image of `where` that `best` (np.argmin or np.argmax) picks by mismatch; among all the
    grid when none is there (a network trained too briefly may draw no valid image at all)."""
    candidates = np.flatnonzero(where) if where.any() else np.arange(len(where))
    return candidates[best(mismatch[candidates])]


picked = [pick(grid_valid, np.argmin), pick(hybrid, np.argmax), pick(blob, np.argmax)]
for language in plots.LANGUAGES:
    path = plots.localized(OUTPUT / "validity_check.png", language)
    plots.plot_validity_check(decoded[picked], path, language=language)
plots.show(OUTPUT / "validity_check.png")

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
    "train_seconds": history.seconds,
    "final_loss": history.history["loss"][-1],
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
    "settings": article.settings(),
}
(OUTPUT / "results.json").write_text(json.dumps(results, indent=2))

# %% [markdown]
# ## What to notice
# The training points do not fill the plane: the two types form separate groups with empty space
# between and around them, and the frames on the grid show where decoding stops giving cylinders.
# Nothing in the loss asked the encoder for a tidy space, only for good reconstructions.
