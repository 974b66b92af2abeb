# %% [markdown]
# # The weight of the KL term
#
# The VAE's loss is reconstruction + β · KL. β = 1 is the ELBO; a smaller β lets the encoder spread
# the points out to reconstruct better, a larger one pulls them harder towards N(0, I). We train one
# VAE per β and measure the three things that trade off: reconstruction, KL, and how many prior
# samples are real cylinders.

# %%
import json
import os
import pathlib

import numpy as np

import cylinders
from cylinders import cache, latent, metrics, plots

# %% [markdown]
# ## Settings
# Same data and training as the VAE example; only β changes.

# %%
FAST = os.environ.get("CYLINDERS_FAST") == "1"
N_SAMPLES = 200 if FAST else 1000
EPOCHS = 2 if FAST else 50
LATENT_DIM = 2
BETAS = (0.25, 0.5, 1.0, 2.0, 4.0)
SEEDS = (0, 1)  # two training seeds per β: one run alone cannot tell a trend from a bad start
OUTPUT = pathlib.Path(os.environ.get("CYLINDERS_OUTPUT", "outputs/05_beta"))
OUTPUT.mkdir(parents=True, exist_ok=True)

images, factors = cylinders.make_cylinders(N_SAMPLES, random_state=0)
test_images, _ = cylinders.make_cylinders(500, random_state=1000)

# %% [markdown]
# ## One VAE per β and per seed

# %%
sweep, samples_per_beta, curves = [], [], {}
for beta in BETAS:
    runs = []
    for seed in SEEDS:
        model, record = cache.cached_train(
            "vae", images, epochs=EPOCHS, latent_dim=LATENT_DIM, beta=beta, seed=seed
        )
        held_out = metrics.evaluate_model(model, test_images)
        prior_z = latent.latent_samples("normal", 1000, latent_dim=LATENT_DIM, random_state=seed)
        samples = model.decode(prior_z)
        runs.append({"seed": seed, **held_out, **metrics.coverage(samples, factors)})
        curves[f"{beta:g}/{seed}"] = record["history"]["reconstruction_loss"]
        if seed == SEEDS[0]:
            samples_per_beta.append(samples[:12])
        done = (
            "from the cache" if record["cached"] else f"trained in {record['train_seconds']:.0f} s"
        )
        print(
            f"β={beta:g}, seed {seed} ({done}): "
            f"reconstruction {held_out['reconstruction_bce']:.1f}, "
            f"KL {held_out['kl']:.2f}, valid {runs[-1]['validity']:.2f}"
        )
    means = {key: float(np.mean([run[key] for run in runs])) for key in runs[0] if key != "seed"}
    ranges = {key: [min(run[key] for run in runs), max(run[key] for run in runs)] for key in means}
    sweep.append({"beta": beta, **means, "range": ranges, "per_seed": runs})

# %% [markdown]
# ## The trade-off
# Left to right: reconstruction error (nats per image), KL (nats per image), and the share of prior
# samples that are cylinders. Each dot is one training seed; the line joins their means. Below,
# twelve prior samples for each β (first seed), one row each, smallest β on top.

# %%
import matplotlib.pyplot as plt

figure, axes = plt.subplots(1, 3, figsize=(12, 3.4))
for axis, key, label in zip(axes, ("reconstruction_bce", "kl", "validity"), ("BCE", "KL", "✓")):
    axis.plot(BETAS, [row[key] for row in sweep], color="0.15")  # one model: no type colour
    for row in sweep:
        values = [run[key] for run in row["per_seed"]]
        axis.plot([row["beta"]] * len(values), values, "o", color="0.15", markersize=4)
    axis.set_xscale("log", base=2)
    axis.set_xticks(BETAS, [f"{beta:g}" for beta in BETAS])
    axis.set_xlabel("β")
    axis.set_title(label)
    axis.grid(alpha=0.3)
axes[2].set_ylim(0, 1)
figure.tight_layout()
plots.save_figure(figure, OUTPUT / "beta_tradeoff.png")
plots.show(OUTPUT / "beta_tradeoff.png")
plots.save_image_grid(np.concatenate(samples_per_beta), OUTPUT / "beta_samples.png", columns=12)
plots.show(OUTPUT / "beta_samples.png")

# %% [markdown]
# ## The training curves
# Reconstruction error per epoch for every run (one panel per β, one line per seed): a run that
# stalls shows here, before it shows in the table.

# %%
figure, axes = plt.subplots(1, len(BETAS), figsize=(13, 2.6), sharey=True)
for axis, beta in zip(axes, BETAS):
    for seed, style in zip(SEEDS, ("-", "--")):
        axis.plot(curves[f"{beta:g}/{seed}"], style, color="0.15", linewidth=1)
    axis.set_title(f"β = {beta:g}")
    axis.set_xlabel("epoch")
    axis.set_yscale("log")
    axis.grid(alpha=0.3)
figure.tight_layout()
plots.save_figure(figure, OUTPUT / "beta_curves.png")
plots.show(OUTPUT / "beta_curves.png")

# %%
spread = {
    key: float(np.max([abs(run[key] - row[key]) for row in sweep for run in row["per_seed"]]))
    for key in ("reconstruction_bce", "kl", "validity")
}
(OUTPUT / "results.json").write_text(
    json.dumps(
        {
            "sweep": sweep,
            "betas": list(BETAS),
            "seeds": list(SEEDS),
            "curves": curves,
            "largest_gap_to_mean": spread,
        },
        indent=2,
    )
)

# %% [markdown]
# ## What to notice
# Raising β lowers the KL: the encoder's Gaussians stay closer to N(0, I). In principle
# reconstructions get worse in exchange; compare the gap between the two seeds of one β with the gap
# between two β before reading a trend into the curve. Read the share of valid samples and of data
# cells reached together: a generator can be valid and still miss most of the data.
