#!/usr/bin/env python3
"""PyTorch on the CPU training the lab's convolutional VAE, for the ratio issue #34 reports.

The same model as src/model.rs (latent 2): Conv2d(1→32, 3×3, stride 2) → Conv2d(32→64, 3×3,
stride 2) → Linear(64·6·6 → 4) for the mean and log-variance; Linear(2 → 32·7·7) →
ConvTranspose2d(32→64) → ConvTranspose2d(64→32) (3×3, stride 2, padding 1, output padding 1) →
ConvTranspose2d(32→1, 3×3, padding 1), ReLU between; the loss the crate's: binary
cross-entropy with logits summed over an image's pixels plus the analytic KL, averaged over the
batch; Adam at 1e-3; binarised MNIST test images in order. As `vae bench` does, each round runs
3 warm-up steps and then --steps timed ones, and the figure is the median of the rounds.

  python3 tools/pytorch-bench.py [--threads 1] [--rounds 3] [--steps 20]
                                 [--mnist ../shared/data/mnist/t10k-images-idx3-ubyte.gz]

Prints one JSON object per batch size, as `vae bench` does ("where": "pytorch"). Needs PyTorch
(Debian: `apt-get install python3-torch`, run with /usr/bin/python3).
"""

import argparse
import gzip
import json
import os
import statistics
import time

# OpenBLAS starts a thread per core when torch loads it, beside the threads that
# torch.set_num_threads governs: with --threads 1 alone, PyTorch ran on both cores here (user +
# system time 1.9× the wall time). OpenBLAS reads its count once, at load: so before the import.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402 (after OpenBLAS's thread count)
from torch import nn
from torch.nn import functional


class Vae(nn.Module):
    def __init__(self, latent=2):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, stride=2)
        self.conv2 = nn.Conv2d(32, 64, 3, stride=2)
        self.head = nn.Linear(64 * 6 * 6, 2 * latent)
        self.project = nn.Linear(latent, 32 * 7 * 7)
        self.deconv1 = nn.ConvTranspose2d(32, 64, 3, stride=2, padding=1, output_padding=1)
        self.deconv2 = nn.ConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1)
        self.deconv3 = nn.ConvTranspose2d(32, 1, 3, padding=1)

    def loss(self, x):
        hidden = functional.relu(self.conv2(functional.relu(self.conv1(x))))
        mean, log_variance = self.head(hidden.flatten(1)).chunk(2, dim=1)
        z = mean + torch.randn_like(mean) * torch.exp(0.5 * log_variance)
        hidden = functional.relu(self.project(z)).view(-1, 32, 7, 7)
        hidden = functional.relu(self.deconv2(functional.relu(self.deconv1(hidden))))
        logits = self.deconv3(hidden)
        reconstruction = functional.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=(1, 2, 3))
        kl = 0.5 * (mean.pow(2) + log_variance.exp() - 1 - log_variance).sum(dim=1)
        return (reconstruction + kl).mean()


def test_images(path):
    data = gzip.open(path).read()
    count = int.from_bytes(data[4:8], "big")
    pixels = torch.frombuffer(bytearray(data[16 : 16 + count * 784]), dtype=torch.uint8)
    return (pixels.view(count, 1, 28, 28).float() / 255 > 0.5).float()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--mnist", default="../shared/data/mnist/t10k-images-idx3-ubyte.gz")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    images = test_images(args.mnist)
    for batch_size in (32, 128):
        model = Vae()
        optimiser = torch.optim.Adam(model.parameters(), lr=1e-3)
        at = 0

        def steps(count):
            nonlocal at
            for _ in range(count):
                if at + batch_size > len(images):
                    at = 0
                batch = images[at : at + batch_size]
                at += batch_size
                optimiser.zero_grad()
                model.loss(batch).backward()
                optimiser.step()

        rates = []
        for _ in range(args.rounds):
            steps(3)
            started = time.perf_counter()
            steps(args.steps)
            rates.append(args.steps * batch_size / (time.perf_counter() - started))
        print(json.dumps({
            "where": "pytorch", "version": torch.__version__, "threads": args.threads,
            "metric": "train_images_per_second", "batchSize": batch_size,
            "steps": args.steps, "rounds": args.rounds, "value": statistics.median(rates),
        }))


if __name__ == "__main__":
    main()
