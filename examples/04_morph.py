# %% [markdown]
# # Morphing one cylinder into another
#
# Encode two cylinders, walk the straight line between their latent points, and decode every step.
# The same endpoints go through the VAE and through the autoencoder, so that we can compare the two
# paths.

# %%
import json

import numpy as np

import cylinders
from cylinders import article, latent, metrics, plots

# %% [markdown]
# ## Settings
# The models are those of the two previous examples: `article.model` trains them with the article's
# settings, or loads them from the cache when those examples ran first.

# %%
NUM_FRAMES = 24
NUM_PAIRS = 40 if article.FAST else 200
SEED = article.SEED
OUTPUT = article.output_folder("04_morph")

images, factors = article.data()
models = {"vae": article.model("vae")[0], "ae": article.model("ae")[0]}

# %% [markdown]
# ## Two morphs
# From a tall thin cylinder to a short wide one of the same type, then from a standing cylinder to a
# lying one. Top row: the VAE; bottom row: the autoencoder.

# %%
ENDPOINTS = {
    "morph_same_type": cylinders.render_cylinders([8.0, 17.0], [32.0, 12.0], kind=[0, 0]),
    "morph_across_types": cylinders.render_cylinders([9.0, 15.0], [30.0, 14.0], kind=[0, 1]),
}
morph_results = {}
for name, endpoints in ENDPOINTS.items():
    rows, valid_rows = [], []
    for model_name, model in models.items():
        start, end = model.encode(endpoints)
        frames = model.decode(latent.interpolate(start, end, NUM_FRAMES))
        _, valid, _ = metrics.validity(frames, return_factors=True)
        rows.append(frames)
        valid_rows.append(valid)
        morph_results[f"{name}/{model_name}"] = metrics.morph_smoothness(frames)
    labels = [model_name.upper() for model_name in models]  # "VAE", "AE" above each morph
    plots.save_morph_gif(rows, OUTPUT / f"{name}.gif", scale=3, labels=labels)
    plots.save_decoded_grid(
        np.concatenate(rows),
        OUTPUT / f"{name}.png",
        columns=NUM_FRAMES,
        valid=np.concatenate(valid_rows),
    )
    plots.show(OUTPUT / f"{name}.png")
    print(
        name,
        {
            key: {k: round(v, 3) for k, v in value.items()}
            for key, value in morph_results.items()
            if key.startswith(name)
        },
    )

# %% [markdown]
# ## Many morphs
# One pair proves little. Over many random pairs of training cylinders, what share of the frames are
# real cylinders, and how big is the largest jump between two frames?

# %%
rng = np.random.default_rng(SEED)
pairs = rng.integers(0, len(images), size=(NUM_PAIRS, 2))
same_type = factors["kind"][pairs[:, 0]] == factors["kind"][pairs[:, 1]]
statistics = {}
for model_name, model in models.items():
    z = model.encode(images)
    paths = latent.interpolate(z[pairs[:, 0]], z[pairs[:, 1]], NUM_FRAMES)  # (pairs, frames, 2)
    frames = model.decode(paths.reshape(-1, z.shape[1])).reshape(NUM_PAIRS, NUM_FRAMES, 64, 64, 1)
    smoothness = metrics.morph_smoothness(frames)
    valid, steps = smoothness["valid"], smoothness["max_step"]
    for label, chosen in (("same_type", same_type), ("across_types", ~same_type)):
        statistics[f"{model_name}/{label}"] = {
            "pairs": int(chosen.sum()),
            "valid_frames": float(valid[chosen].mean()),
            "fully_valid_paths": float(valid[chosen].all(axis=1).mean()),
            "max_step": float(steps[chosen].mean()),
        }
for key, value in statistics.items():
    print(key, {k: round(v, 3) for k, v in value.items()})
(OUTPUT / "results.json").write_text(
    json.dumps({"morphs": morph_results, "random_pairs": statistics}, indent=2)
)

# %% [markdown]
# ## What to notice
# Within a type, both paths stay on cylinders almost all the way and change a little at each
# frame: the share of valid frames above (`same_type`) is close to 1 for both models, so on this
# data a straight path between two cylinders of one type is safe in either latent space.
# <!-- claim: 04_morph:random_pairs.vae/same_type.valid_frames > 0.9 -->
# <!-- claim: 04_morph:random_pairs.ae/same_type.valid_frames > 0.9 -->
# Across
# types, both have to cross the border between the two groups, and almost no path crosses it on
# cylinders only (`fully_valid_paths` for `across_types`): the hybrids of the border are where
# either model's morphs stop being cylinders.
