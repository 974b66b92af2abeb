# %% [markdown]
# # A conditional VAE: telling the network the type
#
# The VAE's prior samples fail mostly on the border between standing and lying cylinders: a
# continuous latent space has to pass from one type to the other somewhere, and the decoder draws
# hybrids there. The type is a label we know for every training image, so we can give it to the
# network instead of asking the latent space to hold it: the conditional VAE gives a one-hot label
# to the encoder, as constant image planes beside the picture, and to the decoder, joined to z. The
# latent space then only has to hold radius and height, and any latent point can be drawn as either
# type.

# %%
import json

import keras
import numpy as np
from keras import ops

import cylinders
from cylinders import article, cache, latent, metrics, plots, training

# %% [markdown]
# ## Settings
# The article's data and training (1,000 cylinders, 50 epochs, a 2-D latent space, β = 1); the
# labels are the cylinders' types, `factors["kind"]` (0: standing, 1: lying).
# %%
from cylinders.article import BATCH_SIZE, BETA, EPOCHS, LATENT_DIM, LEARNING_RATE, SEED

GRID_SIZE = 10
NUM_FRAMES = 16
OUTPUT = article.output_folder("10_conditional")

images, factors = article.data()
test_images, test_factors = article.test_data()
labels = factors["kind"]  # (1000,) integers: 0 or 1

# %% [markdown]
# ## Building and training
# `cylinders.ConditionalVAE` takes the images and their labels together: `fit((images, labels))`.
# `cache.fit` is `model.fit` with a memory, as in the previous examples.

# %%
keras.utils.set_random_seed(SEED)
model = cylinders.ConditionalVAE(LATENT_DIM, num_labels=2, beta=BETA, seed=SEED)
model.compile(optimizer=keras.optimizers.Adam(LEARNING_RATE))
history = cache.fit(
    model,
    (images, labels.astype("int32")),
    seed=SEED,  # shuffles the data
    epochs=EPOCHS,
    batch_size=BATCH_SIZE,
    callbacks=[training.EpochLog(EPOCHS)],
    verbose=0,
)
model.save(OUTPUT / "cvae.keras")

# %% [markdown]
# ## Prior samples of each type
# Twelve points drawn from N(0, I), decoded as type I (top row) and as type II (bottom row): the
# same point gives the same radius and height, drawn standing or lying.

# %%
prior_z = latent.latent_samples("normal", 1000, latent_dim=LATENT_DIM, random_state=SEED)
as_type = [model.decode((prior_z, kind)) for kind in (0, 1)]
shown = np.concatenate([as_type[0][:12], as_type[1][:12]])
shown_valid = metrics.is_valid(shown)  # a purple frame: not a real cylinder
plots.save_decoded_grid(shown, OUTPUT / "prior_samples.png", columns=12, valid=shown_valid)
plots.show(OUTPUT / "prior_samples.png")

# %% [markdown]
# ## The latent grid under each label
# A grid of prior quantiles (as in the VAE example), decoded as type I (left) and as type II
# (right). Frames mark the images that are not real cylinders.

# %%
grid = latent.latent_grid(GRID_SIZE)
grid_validity = {}
for kind in (0, 1):
    decoded = model.decode((grid, kind))
    share, valid, _ = metrics.validity(decoded, return_factors=True)
    grid_validity[str(kind)] = share
    plots.save_decoded_grid(
        decoded, OUTPUT / f"latent_grid_{kind}.png", columns=GRID_SIZE, valid=valid
    )
plots.show(OUTPUT / "latent_grid_0.png")
plots.show(OUTPUT / "latent_grid_1.png")

# %% [markdown]
# ## Switching the label, the point kept
# Four latent points; for each, the decoder's label input slides from type I to type II (a one-hot
# vector is a point like any other for the dense layer that reads it). The ends are the two types
# with the same radius and height; the frames in between are what the decoder makes of half a label.

# %%
points = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]], dtype="float32")
weights = np.linspace(0.0, 1.0, NUM_FRAMES, dtype="float32")
rows = []
for point in points:
    soft_labels = np.stack([1.0 - weights, weights], axis=1)  # (NUM_FRAMES, 2)
    z = np.repeat(point[None], NUM_FRAMES, axis=0)
    rows.append(ops.convert_to_numpy(model.decoder([z, soft_labels], training=False)))
plots.save_morph_gif(rows, OUTPUT / "label_switch.gif")

# %% [markdown]
# ## How good a generator is it?
# 1,000 prior samples, each drawn as a type picked as often as the data holds it: the share of real
# cylinders, the share of the data's (type, radius, height) cells they reach, and the share that are
# real cylinders of the type they were asked to be.

# %%
sample_labels = np.random.default_rng(SEED).choice(labels, len(prior_z))
samples = model.decode((prior_z, sample_labels))
prior = metrics.coverage(samples, factors)
prior["valid_as_asked"] = metrics.label_match(samples, sample_labels)
print({name: round(value, 3) for name, value in prior.items()})

# %% [markdown]
# ## What the two coordinates hold
# The correlation of each latent coordinate (the means μ of the training cylinders) with radius and
# height: with the type given, two coordinates are left for two factors.

# %%
z = model.encode((images, labels))
correlation = {
    f"z{axis + 1}/{factor}": float(np.corrcoef(z[:, axis], factors[factor])[0, 1])
    for axis in range(LATENT_DIM)
    for factor in ("radius", "height")
}
print({name: round(value, 2) for name, value in correlation.items()})
plots.plot_latent_scatter(z, factors, OUTPUT / "latent_space.png")
plots.show(OUTPUT / "latent_space.png")

# %%
results = {
    "train_seconds": history.seconds,
    "history_last": {name: values[-1] for name, values in history.history.items()},
    "held_out": metrics.evaluate_model(model, (test_images, test_factors["kind"])),
    "prior": prior,
    "grid_validity": grid_validity,
    "correlation": correlation,
    "settings": article.settings(),
}
(OUTPUT / "results.json").write_text(json.dumps(results, indent=2))

# %% [markdown]
# ## What to notice
# Told the type, the network no longer needs a border between types in its latent space, and its
# prior samples are real cylinders far more often than the VAE's.
# <!-- claim: 10_conditional:prior.validity > 03_vae:prior.validity -->
# The price is that the type must be known: for training, and to generate (we choose it). Its two
# coordinates carry the radius and the height, but mixed: each correlates with both factors.
