"""The peer the package's training speed is measured against: the article's VAE written by hand in
plain PyTorch, the way a reader who skips Keras would write it (a training loop of their own,
channels-last memory, which is PyTorch's faster layout for convolutions on a CPU).

Same layers (four strided 3×3 convolutions 16-32-64-64, a dense layer to μ and log σ², the mirror
with transposed convolutions and a sigmoid), same loss (binary cross-entropy summed over pixels
plus the KL term, averaged over the batch), same optimiser (Adam, 3e-3), same data (1,000
cylinders, batches of 32, shuffled each epoch). It is a benchmark, not part of the package.

Usage: `python benchmarks/peer_torch.py [--epochs N]`; prints one JSON line with the median
seconds per epoch after the first.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import sys
import time

import torch
from torch import nn

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
from cylinders import defaults, make_cylinders  # noqa: E402 (the same data as the package's)

FILTERS = (16, 32, 64, 64)


class PeerVAE(nn.Module):
    def __init__(self, latent_dim: int = 2):
        super().__init__()
        encoder, channels = [], 1
        for count in FILTERS:  # 64 -> 32 -> 16 -> 8 -> 4
            encoder += [nn.Conv2d(channels, count, 3, stride=2, padding=1), nn.ReLU()]
            channels = count
        self.encoder = nn.Sequential(*encoder, nn.Flatten())
        self.to_gaussian = nn.Linear(4 * 4 * FILTERS[-1], 2 * latent_dim)
        self.from_z = nn.Sequential(nn.Linear(latent_dim, 4 * 4 * FILTERS[-1]), nn.ReLU())
        decoder = []
        for count in (*FILTERS[-2::-1], 1):  # 4 -> 8 -> 16 -> 32 -> 64
            decoder += [
                nn.ConvTranspose2d(channels, count, 3, stride=2, padding=1, output_padding=1),
                nn.Sigmoid() if count == 1 else nn.ReLU(),
            ]
            channels = count
        self.decoder = nn.Sequential(*decoder)

    def forward(self, images):
        z_mean, z_log_var = self.to_gaussian(self.encoder(images)).chunk(2, dim=1)
        z = z_mean + torch.exp(0.5 * z_log_var) * torch.randn_like(z_mean)
        features = self.from_z(z).view(-1, FILTERS[-1], 4, 4)
        features = features.contiguous(memory_format=torch.channels_last)
        return self.decoder(features), z_mean, z_log_var


def loss_of(images, reconstructions, z_mean, z_log_var):
    reconstruction = nn.functional.binary_cross_entropy(reconstructions, images, reduction="sum")
    kl = -0.5 * torch.sum(1 + z_log_var - z_mean**2 - torch.exp(z_log_var))
    return (reconstruction + kl) / len(images)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=4, help="epochs, the first not timed")
    args = parser.parse_args()
    torch.manual_seed(0)
    images, _ = make_cylinders(defaults.N_SAMPLES, random_state=0)
    data = torch.from_numpy(images).permute(0, 3, 1, 2)  # (n, 1, 64, 64)
    data = data.contiguous(memory_format=torch.channels_last)
    model = PeerVAE().to(memory_format=torch.channels_last)
    optimizer = torch.optim.Adam(model.parameters(), lr=defaults.LEARNING_RATE)
    seconds = []
    for _ in range(args.epochs):
        start = time.perf_counter()
        for batch in torch.randperm(len(data)).split(defaults.BATCH_SIZE):
            optimizer.zero_grad()
            loss = loss_of(data[batch], *model(data[batch]))
            loss.backward()
            optimizer.step()
        seconds.append(time.perf_counter() - start)
    print(json.dumps({"seconds_per_epoch": statistics.median(seconds[1:]), "loss": loss.item()}))


if __name__ == "__main__":
    main()
