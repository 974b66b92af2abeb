# %% [markdown]
# # The weight of the KL term
#
# The VAE's loss is reconstruction + β · KL. β = 1 is the ELBO; a smaller β lets the encoder spread
# the points out to reconstruct better, a larger one pulls them harder towards N(0, I). We train one
# VAE per β and measure the three things that trade off: reconstruction, KL, and how many prior
# samples are real cylinders.

# %%
import json

import numpy as np

from cylinders import article, latent, metrics, plots

# %% [markdown]
# ## Settings
# Same data and training as the VAE example (`cylinders.article`); only β changes.

# %%
LATENT_DIM = article.LATENT_DIM
BETAS = (0.25, 0.5, 1.0, 2.0, 4.0)
SEEDS = (0, 1)  # two training seeds per β: one run alone cannot tell a trend from a bad start
COLLAPSE_BETA = 4096.0  # the last section's: the mean instead of the sum over 64 × 64 pixels
OUTPUT = article.output_folder("05_beta")

images, factors = article.data()
test_images, _ = article.test_data()

# %% [markdown]
# ## One VAE per β and per seed

# %%
# Eleven trainings, independent of one another (the last, β = 4096, is for the last section):
# `train_missing` trains those the cache lacks, one per core at a time when each computes on one
# thread (as in the site's build), and the calls that follow load them.
article.train_missing(
    [{"name": "vae", "beta": beta, "seed": seed} for beta in BETAS for seed in SEEDS]
    + [{"name": "vae", "beta": COLLAPSE_BETA, "seed": SEEDS[0]}]
)
sweep, samples_per_beta, curves = [], [], {}
for beta in BETAS:
    runs = []
    for seed in SEEDS:
        model, record = article.model("vae", beta=beta, seed=seed)
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
            f"model {len(curves)}/{len(BETAS) * len(SEEDS)}, β={beta:g}, seed {seed} ({done}): "
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

for words, path in plots.in_languages(OUTPUT / "beta_tradeoff.png"):
    figure, axes = plt.subplots(1, 3, figsize=(12, 3.4))
    titles = (f"{words['reconstruction']} (nats)", "KL (nats)", words["valid share"])
    for axis, key, label in zip(axes, ("reconstruction_bce", "kl", "validity"), titles):
        axis.plot(BETAS, [row[key] for row in sweep], color=plots.NEUTRAL_COLOR)  # no type colour
        for row in sweep:
            values = [run[key] for run in row["per_seed"]]
            axis.plot(
                [row["beta"]] * len(values), values, "o", color=plots.NEUTRAL_COLOR, markersize=4
            )
        axis.set_xscale("log", base=2)
        axis.set_xticks(BETAS, [f"{beta:g}" for beta in BETAS])
        axis.set_xlabel("β")
        axis.set_title(label)
        axis.grid(alpha=0.3)
    axes[2].set_ylim(0, 1)
    figure.tight_layout()
    plots.save_figure(figure, path)
plots.show(OUTPUT / "beta_tradeoff.png")
for words, path in plots.in_languages(OUTPUT / "beta_samples.png"):  # each row named by its β
    labels = [f"β = {beta:g}".replace(".", words["decimal"]) for beta in BETAS]
    valid = [metrics.is_valid(samples) for samples in samples_per_beta]  # frames: not cylinders
    plots.save_labelled_rows(samples_per_beta, labels, path, valid=valid)
plots.show(OUTPUT / "beta_samples.png")

# %% [markdown]
# ## The training curves
# Reconstruction error per epoch for every run (one panel per β, one line per seed): a run that
# stalls shows here, before it shows in the table.

# %%
for words, path in plots.in_languages(OUTPUT / "beta_curves.png"):  # one image per language
    figure, axes = plt.subplots(1, len(BETAS), figsize=(13, 2.6), sharey=True)
    for axis, beta in zip(axes, BETAS):
        for seed, style in zip(SEEDS, ("-", "--")):
            axis.plot(curves[f"{beta:g}/{seed}"], style, color=plots.NEUTRAL_COLOR, linewidth=1)
        axis.set_title(f"β = {beta:g}".replace(".", words["decimal"]))
        axis.set_xlabel(words["epoch"])
        axis.set_yscale("log")
        axis.grid(alpha=0.3)
    figure.tight_layout()
    plots.save_figure(figure, path)
plots.show(OUTPUT / "beta_curves.png")

# %% [markdown]
# ## Posterior collapse: a β so large that the code says nothing
# A loss that *averages* the binary cross-entropy over the 4,096 pixels, instead of summing it,
# weighs the KL 4,096 times more: it is this VAE with β = 4096. The KL then wins outright: the
# encoder gives every image the prior itself, the decoder learns to ignore z and draws one average
# image. This is **posterior collapse**. It shows in two numbers: a KL of almost zero, and no
# active latent dimension (one whose mean μ varies across the data, Var(μ) > 0.01).

# %%
ACTIVE_VARIANCE = 0.01


def active_dimensions(model):
    return int((model.encode(images).var(axis=0) > ACTIVE_VARIANCE).sum())


collapsed, _ = article.model("vae", beta=COLLAPSE_BETA, seed=SEEDS[0])
reference, _ = article.model("vae", beta=1.0, seed=SEEDS[0])  # the article's VAE, from the cache
collapse_prior = collapsed.decode(
    latent.latent_samples("normal", 1000, latent_dim=LATENT_DIM, random_state=SEEDS[0])
)
collapse = {
    "beta": COLLAPSE_BETA,
    **metrics.evaluate_model(collapsed, test_images),
    "active_dims": active_dimensions(collapsed),
    "reference_active_dims": active_dimensions(reference),
    "latent_dim": LATENT_DIM,
    "validity": metrics.validity(collapse_prior),
}
print({key: round(value, 4) for key, value in collapse.items()})
shown = test_images[:10]
rows = [shown, reference.reconstruct(shown), collapsed.reconstruct(shown)]
for words, path in plots.in_languages(OUTPUT / "collapse.png"):
    plots.save_labelled_rows(rows, [words["never seen"], "β = 1", "β = 4096"], path)
plots.show(OUTPUT / "collapse.png")

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
            "collapse": collapse,
        },
        indent=2,
    )
)

# %% [markdown]
# ## What to notice
# Raising β lowers the KL: the encoder's Gaussians stay closer to N(0, I).
# <!-- claim: 05_beta:sweep.4.range.kl.1 < 05_beta:sweep.0.range.kl.0 -->
# In principle
# reconstructions get worse in exchange; compare the gap between the two seeds of one β with the gap
# between two β before reading a trend into the curve. Read the share of valid samples and of data
# cells reached together: a generator can be valid and still miss most of the data.
