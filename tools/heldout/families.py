#!/usr/bin/env python3
"""Held-out data families for the training-recipe experiments of issue 20 (docs/results.md).

Faces drawn by a renderer that shares no code, cue or layout with `plegdf synth`: numpy signed
distance shapes (not Java2D strokes), one video of few frames per subject by default, stronger
identity variation (glasses, skin texture, feature placement), per-frame lighting and sensor noise,
and cues of another kind in each family:

  geom   expression geometry: mouth-corner droop, lid droop, inner-brow raise
  shade  appearance, no geometry: under-eye darkness, pallor (saturation), forehead texture
  side   one-sided cues that sit in one place: droop of the face's left mouth corner and lid only
  mixed  each subject shows one random of the three families' cues (heterogeneous cohort)

Each cue is the score's fraction of 45 plus per-video noise (sd --cue-noise), over a per-subject
resting state, so no model can be perfect and the identity must be told from the cue.

Writes the generic dataset layout (manifest.csv, frames/<video>/frame_0001.png, family.json).
Usage: families.py --family geom --out DIR [--subjects 200] [--frames 6] [--videos 1] [--size 112] [--seed 1]
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import torch
from torchvision.io import write_png

FAMILIES = ("geom", "shade", "side", "mixed")


def smooth(d, px):
    """Coverage of a shape from a signed distance d (negative inside), anti-aliased over px."""
    return np.clip(0.5 - d / px, 0.0, 1.0)


def ellipse_d(x, y, cx, cy, a, b):
    return (np.sqrt(((x - cx) / a) ** 2 + ((y - cy) / b) ** 2) - 1.0) * min(a, b)


def segment_d(x, y, x0, y0, x1, y1, r):
    dx, dy = x1 - x0, y1 - y0
    t = np.clip(((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy), 0, 1)
    return np.sqrt((x - x0 - t * dx) ** 2 + (y - y0 - t * dy) ** 2) - r


def blend(img, mask, colour):
    return img * (1 - mask[..., None]) + mask[..., None] * np.asarray(colour)[None, None, :]


def value_noise(rng, size, cells):
    """Smooth random field in [0, 1] at the given number of cells (bilinear upsampling)."""
    g = rng.random((cells + 1, cells + 1))
    t = torch.tensor(g, dtype=torch.float32)[None, None]
    up = torch.nn.functional.interpolate(t, size=(size, size), mode="bilinear", align_corners=True)
    return up[0, 0].numpy()


class Subject:
    def __init__(self, rng, size, family):
        self.family = family if family != "mixed" else ("geom", "shade", "side")[rng.integers(3)]
        self.cx, self.cy = rng.normal(0, 0.03), rng.normal(0.04, 0.03)
        self.a, self.b = rng.uniform(0.52, 0.7), rng.uniform(0.72, 0.9)
        tone = rng.uniform(0.25, 0.95)
        self.skin = np.array([0.35 + 0.6 * tone, 0.22 + 0.55 * tone, 0.15 + 0.5 * tone]) * rng.uniform(0.9, 1.05, 3)
        self.back = rng.uniform(0.05, 0.95, 3)
        self.hair = rng.uniform(0.0, 0.6) * rng.uniform(0.6, 1.0, 3)
        self.hairline = rng.uniform(-0.75, -0.45)
        self.eye_y, self.eye_dx = rng.normal(-0.12, 0.05), rng.uniform(0.24, 0.34)
        self.eye_a, self.eye_b = rng.uniform(0.08, 0.12), rng.uniform(0.04, 0.065)
        self.iris = rng.uniform(0.05, 0.5, 3)
        self.brow_gap, self.brow_w = rng.uniform(0.09, 0.15), rng.uniform(0.012, 0.03)
        self.mouth_y, self.mouth_w = rng.normal(0.45, 0.05), rng.uniform(0.16, 0.26)
        self.lip = self.skin * rng.uniform(0.5, 0.8) + np.array([0.15, 0.0, 0.0])
        self.rest_curve = rng.normal(0.0, 0.02)
        self.rest_lid = rng.uniform(0.0, 0.15)
        self.rest_brow = rng.normal(0.0, 0.01)
        self.glasses = rng.random() < 0.3
        self.texture = value_noise(rng, size, 12) - 0.5
        self.freckles = (value_noise(rng, size, 40) > 0.8) * rng.uniform(0.0, 0.15)


def render(rng, s, cue, size):
    """One frame of subject s with cue intensity cue in about [0, 1]."""
    px = 2.0 / size
    lin = (np.arange(size) + 0.5) / size * 2 - 1
    X, Y = np.meshgrid(lin, lin)
    # what alignment leaves of head motion: shift, roll, scale (inverse-applied to the grid)
    ang, sc = math.radians(rng.normal(0, 4)), 1 + rng.normal(0, 0.04)
    tx, ty = rng.normal(0, 0.03, 2)
    ca, sa = math.cos(ang), math.sin(ang)
    x = (ca * (X - tx) + sa * (Y - ty)) / sc
    y = (-sa * (X - tx) + ca * (Y - ty)) / sc
    img = np.broadcast_to(s.back, (size, size, 3)).copy()
    img += 0.15 * (value_noise(rng, size, 3)[..., None] - 0.5)
    face = smooth(ellipse_d(x, y, s.cx, s.cy, s.a, s.b), px)
    skin = s.skin
    shade_cue = cue if s.family == "shade" else 0.0
    if shade_cue:  # pallor: towards grey
        grey = skin.mean()
        skin = skin * (1 - 0.5 * shade_cue) + grey * 0.5 * shade_cue
    skin_img = np.broadcast_to(skin, (size, size, 3)) * (1 + 0.25 * s.texture[..., None]) - s.freckles[..., None]
    img = img * (1 - face[..., None]) + face[..., None] * skin_img
    hair = face * smooth(y - (s.cy + s.hairline * s.b), px)
    img = blend(img, hair, s.hair)
    if shade_cue:  # forehead lines
        band = face * (y < s.eye_y - 0.12) * (y > s.cy + s.hairline * s.b + 0.05)
        lines = 0.5 + 0.5 * np.sin(y * 60)
        img -= (0.3 * shade_cue * band * lines)[..., None]
    geom_cue = cue if s.family == "geom" else 0.0
    side_cue = cue if s.family == "side" else 0.0
    blink = 0.9 if rng.random() < 0.08 else 0.0
    for side in (-1, 1):
        ex, ey = s.cx + side * s.eye_dx, s.eye_y
        if shade_cue:  # dark circles under the eyes
            under = smooth(ellipse_d(x, y, ex, ey + 1.6 * s.eye_b, 1.1 * s.eye_a, 0.9 * s.eye_b), px * 3)
            img = img * (1 - 0.55 * shade_cue * under[..., None]) + 0.55 * shade_cue * under[..., None] * np.array([0.25, 0.15, 0.2])
        eye = smooth(ellipse_d(x, y, ex, ey, s.eye_a, s.eye_b), px)
        img = blend(img, eye, (0.95, 0.95, 0.92))
        gaze = rng.normal(0, 0.02)
        img = blend(img, eye * smooth(ellipse_d(x, y, ex + gaze, ey, 0.45 * s.eye_b + 0.01, 0.9 * s.eye_b), px), s.iris)
        lid = s.rest_lid + 0.55 * geom_cue + (0.6 * side_cue if side < 0 else 0.0) + blink
        lid_edge = ey - s.eye_b + 2 * s.eye_b * min(lid, 1.0)
        img = blend(img, eye * smooth(y - lid_edge, px), skin)
        # brow: the inner end rises with sadness
        inner = s.rest_brow + 0.08 * geom_cue
        bx0, bx1 = ex - side * 0.8 * s.eye_a, ex + side * 1.2 * s.eye_a
        by = ey - s.eye_b - s.brow_gap
        img = blend(img, smooth(segment_d(x, y, bx0, by - inner, bx1, by + 0.01, s.brow_w), px), s.hair * 0.8)
        if s.glasses:
            ring = np.abs(ellipse_d(x, y, ex, ey, 1.6 * s.eye_a, 2.2 * s.eye_b)) - 0.008
            img = blend(img, smooth(ring, px), (0.1, 0.1, 0.12))
    # nose: a shade line
    img = blend(img, 0.35 * smooth(segment_d(x, y, s.cx, s.eye_y + 0.05, s.cx + 0.02, s.mouth_y - 0.15, 0.02), px * 2), skin * 0.6)
    # mouth: a curved band; corners droop with the geom cue, the left corner alone with the side cue
    curve = s.rest_curve - 0.22 * geom_cue
    open_ = max(0.0, rng.normal(0.012, 0.012))
    t = (x - s.cx) / s.mouth_w
    droop = (0.2 * side_cue) * np.clip(-t, 0, 1) ** 2
    centre = s.mouth_y - curve * t ** 2 + droop
    d = np.maximum(np.abs(y - centre) - (0.018 + open_), (np.abs(t) - 1) * s.mouth_w)
    img = blend(img, smooth(d, px), s.lip)
    # lighting from a random side, contrast and sensor noise
    light = 1 + rng.normal(0, 0.15) * X + rng.normal(0, 0.05)
    img = img * light[..., None]
    img = (img - 0.5) * rng.uniform(0.8, 1.2) + 0.5 + rng.normal(0, 0.04, img.shape)
    return np.clip(img, 0, 1)


def splits(scores, rng):
    """Blocks of four by score (highest first): two train, one dev, one test; the top one to train."""
    order = np.argsort(-scores, kind="stable")
    out = [None] * len(scores)
    for i in range(0, len(order), 4):
        block = list(order[i:i + 4])
        names = ["train", "train", "dev", "test"][:len(block)]
        rng.shuffle(names)
        if i == 0:
            j = names.index("train") if "train" in names else 0
            names[0], names[j] = names[j], names[0]
        for k, n in zip(block, names):
            out[k] = n
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--family", choices=FAMILIES, required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--subjects", type=int, default=200)
    p.add_argument("--videos", type=int, default=1, help="videos per subject")
    p.add_argument("--frames", type=int, default=6, help="frames per video")
    p.add_argument("--size", type=int, default=112)
    p.add_argument("--cue-noise", type=float, default=0.08)
    p.add_argument("--strength", type=float, default=1.0, help="multiplies every cue's effect")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--extra-test", type=int, default=0,
                   help="more test-only subjects after the others (the others are drawn exactly as without them), "
                        "so a test RMSE is measured on more than 50 subjects while training sees the same data")
    a = p.parse_args()
    if os.path.exists(os.path.join(a.out, "manifest.csv")):
        sys.exit(f"families.py: error: {a.out} already holds a dataset")
    rng = np.random.default_rng([a.seed, FAMILIES.index(a.family)])
    scores = np.minimum(np.round(rng.gamma(1.5, 10.0, a.subjects)), 45)
    split = splits(scores, rng)
    rows = ["video_id,subject_id,split,bdi,path"]
    extra = None
    for i in range(a.subjects + a.extra_test):
        if i == a.subjects:
            extra = np.minimum(np.round(rng.gamma(1.5, 10.0, a.extra_test)), 45)
            scores = np.concatenate([scores, extra])
            split = split + ["test"] * a.extra_test
        s = Subject(rng, a.size, a.family)
        for v in range(a.videos):
            bdi = scores[i] if v == 0 else float(np.clip(np.round(scores[i] + rng.normal(0, 5)), 0, 45))
            cue = a.strength * (bdi / 45.0 + rng.normal(0, a.cue_noise))
            vid = f"s{i:03d}_{v + 1}"
            folder = os.path.join(a.out, "frames", vid)
            os.makedirs(folder, exist_ok=True)
            for f in range(a.frames):
                img = render(rng, s, cue, a.size)
                t = torch.from_numpy((img * 255 + 0.5).astype(np.uint8)).permute(2, 0, 1).contiguous()
                write_png(t, os.path.join(folder, f"frame_{f + 1:04d}.png"))
            rows.append(f"{vid},s{i:03d},{split[i]},{int(bdi)},frames/{vid}")
    with open(os.path.join(a.out, "manifest.csv.tmp"), "w") as f:
        f.write("\n".join(rows) + "\n")
    os.replace(os.path.join(a.out, "manifest.csv.tmp"), os.path.join(a.out, "manifest.csv"))
    with open(os.path.join(a.out, "family.json"), "w") as f:
        json.dump(vars(a), f, indent=2)
    print(f"{a.out}: {a.subjects} subjects x {a.videos} video(s) x {a.frames} frames, family {a.family}")


if __name__ == "__main__":
    main()
