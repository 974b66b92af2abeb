"""
# The weight of the KL term

The VAE's loss is reconstruction + β · KL. β = 1 is the ELBO; a smaller β lets the encoder spread the
points out to reconstruct better, a larger one pulls them harder towards N(0, I). We train one VAE per
β and measure the three things that trade off: reconstruction, KL, and how many prior samples are real
cylinders.
"""

# %%
import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "tensorflow")  # or "jax", "torch": the code is the same

import numpy as np

import cylinders
from cylinders import cache, metrics, plots

# %% [markdown]
# ## Settings
# Same data and training as the VAE example; only β changes.

# %%
FAST = os.environ.get("CYLINDERS_FAST") == "1"
N_SAMPLES = 200 if FAST else 1000
EPOCHS = 2 if FAST else 50
LATENT_DIM = 2
BETAS = (0.25, 0.5, 1.0, 2.0, 4.0)
SEED = 0
OUTPUT = pathlib.Path(os.environ.get("CYLINDERS_OUTPUT", "outputs/05_beta"))
OUTPUT.mkdir(parents=True, exist_ok=True)

images, factors = cylinders.make_cylinders(N_SAMPLES, random_state=SEED)
test_images, _ = cylinders.make_cylinders(500, random_state=SEED + 1000)

# %% [markdown]
# ## One VAE per β

# %%
sweep, samples_per_beta = [], []
for beta in BETAS:
    model, record = cache.cached_train("vae", images, epochs=EPOCHS, latent_dim=LATENT_DIM, beta=beta, seed=SEED)
    held_out = metrics.evaluate_model(model, test_images)
    samples = model.decode(metrics.latent_samples(np.zeros((1, LATENT_DIM)), "normal", 1000, random_state=SEED))
    prior = metrics.coverage(samples, factors)
    sweep.append({"beta": beta, **held_out, **prior})
    samples_per_beta.append(samples[:12])
    print(f"β={beta}: reconstruction {held_out['reconstruction_bce']:.1f}, KL {held_out['kl']:.2f}, "
          f"valid {prior['validity']:.2f}, cells reached {prior['cells_reached']:.2f}")

# %% [markdown]
# ## The trade-off
# Left to right: reconstruction error (nats per image), KL (nats per image), and the share of prior
# samples that are cylinders. Below, twelve prior samples for each β, one row each, smallest β on top.

# %%
import matplotlib.pyplot as plt

figure, axes = plt.subplots(1, 3, figsize=(12, 3.4))
for axis, key, label in zip(axes, ("reconstruction_bce", "kl", "validity"), ("BCE", "KL", "valid")):
    axis.plot(BETAS, [row[key] for row in sweep], marker="o", color="0.15")  # one model: no type colour
    axis.set_xscale("log", base=2)
    axis.set_xlabel("β")
    axis.set_title(label)
    axis.grid(alpha=0.3)
axes[2].set_ylim(0, 1)
figure.tight_layout()
figure.savefig(OUTPUT / "beta_tradeoff.png", dpi=100)
plt.close(figure)
plots.show(OUTPUT / "beta_tradeoff.png")
plots.save_image_grid(np.concatenate(samples_per_beta), OUTPUT / "beta_samples.png", columns=12)
plots.show(OUTPUT / "beta_samples.png")

# %%
(OUTPUT / "results.json").write_text(json.dumps({"sweep": sweep, "betas": list(BETAS)}, indent=2))

# %% [markdown]
# ## What to notice
# Raising β lowers the KL: the encoder's Gaussians stay closer to N(0, I). In principle reconstructions
# get worse in exchange, but with one training run per β that effect is mixed with training noise: the
# evidence example repeats the comparisons over several seeds. Read the share of valid samples and of data
# cells reached together: a generator can be valid and still miss most of the data.
