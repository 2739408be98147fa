#!/usr/bin/env python3
"""The sanity learner of issue 20: a plain 4-block CNN trained on a plegdf dataset folder.

Same frames, splits and video-level metrics as `plegdf train` + `plegdf evaluate --split test`:
targets scaled by 63, Adam, the epoch with the lowest dev video RMSE kept, the test RMSE reported
against the mean predictor (the training labels' mean). Prints one JSON line.
Usage: plain_cnn.py DATA [--epochs 25] [--seed 1] [--size 112] [--threads 2]
"""
import argparse
import csv
import json
import math
import os
import time

import torch
import torch.nn as nn
from torchvision.io import read_image, ImageReadMode
from torchvision.transforms.functional import resize

MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)


def load(data, size):
    rows = list(csv.DictReader(open(os.path.join(data, "manifest.csv"))))
    out = {"train": [], "dev": [], "test": []}
    for r in rows:
        if r["bdi"] == "":
            continue
        folder = os.path.join(data, r["path"])
        frames = [resize(read_image(os.path.join(folder, f), ImageReadMode.RGB), [size, size], antialias=True)
                  for f in sorted(os.listdir(folder)) if f.lower().endswith((".png", ".jpg", ".jpeg", ".bmp"))]
        out[r["split"]].append((r["video_id"], float(r["bdi"]), torch.stack(frames)))
    return out


def net():
    def block(i, o):
        return nn.Sequential(nn.Conv2d(i, o, 3, padding=1, bias=False), nn.BatchNorm2d(o), nn.ReLU(), nn.MaxPool2d(2))
    return nn.Sequential(block(3, 16), block(16, 32), block(32, 64), block(64, 128),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(128, 1))


def norm(x):
    return (x.float() / 255 - MEAN) / STD


def video_scores(model, videos):
    model.eval()
    with torch.no_grad():
        return [63 * model(norm(v[2])).mean().item() for v in videos]


def rmse(pred, videos):
    return math.sqrt(sum((p - v[1]) ** 2 for p, v in zip(pred, videos)) / len(videos))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("data")
    p.add_argument("--epochs", type=int, default=25)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--size", type=int, default=112)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=32)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    d = load(a.data, a.size)
    x = torch.cat([v[2] for v in d["train"]])
    y = torch.cat([torch.full((len(v[2]),), v[1] / 63) for v in d["train"]])
    mean = sum(v[1] for v in d["train"]) / len(d["train"])
    model = net()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
    best, best_state, t0 = float("inf"), None, time.time()
    for epoch in range(a.epochs):
        model.train()
        perm = torch.randperm(len(x))
        for i in range(0, len(x) - 1, a.batch):
            idx = perm[i:i + a.batch]
            xb = norm(x[idx])
            flip = torch.rand(len(idx)) < 0.5
            xb[flip] = xb[flip].flip(3)
            loss = nn.functional.smooth_l1_loss(model(xb).squeeze(1), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        dev = rmse(video_scores(model, d["dev"]), d["dev"])
        if dev < best:
            best, best_state = dev, {k: t.clone() for k, t in model.state_dict().items()}
    model.load_state_dict(best_state)
    test = rmse(video_scores(model, d["test"]), d["test"])
    base = math.sqrt(sum((mean - v[1]) ** 2 for v in d["test"]) / len(d["test"]))
    dev_base = math.sqrt(sum((mean - v[1]) ** 2 for v in d["dev"]) / len(d["dev"]))
    print(json.dumps({"learner": "plain-cnn", "data": a.data, "seed": a.seed, "epochs": a.epochs,
                      "dev_rmse": round(best, 3), "dev_baseline_rmse": round(dev_base, 3),
                      "test_rmse": round(test, 3), "test_baseline_rmse": round(base, 3),
                      "ratio": round(test / base, 3), "seconds": round(time.time() - t0, 1)}))


if __name__ == "__main__":
    main()
