"""The PLEGDF-FGLSCF network of shared/docs/architecture.md in plain PyTorch: the reference that
plegdf's Java network (plegdf-core/src/main/java/org/plegdf/model) is tested against and timed beside.

Module names are plegdf's state_dict names (TorchNames), so `state_dict()` here and a plegdf
model folder's weights.safetensors have the same keys (BatchNorm's num_batches_tracked aside,
which plegdf does not keep). Written for Debian's python3-torch 1.13 / python3-torchvision 0.14.
Section numbers below are those of architecture.md.
"""
import json
import math
import os

import torch
import torch.nn.functional as F
from torch import nn
from torchvision.models.resnet import BasicBlock, Bottleneck

import safetensors_io

# name: (block, blocks per stage, base width); width 64 is torchvision's, the others are plegdf's
# reduced CPU variants (BackboneSpec.java).
BACKBONES = {
    "resnet18": (BasicBlock, [2, 2, 2, 2], 64),
    "resnet34": (BasicBlock, [3, 4, 6, 3], 64),
    "resnet50": (Bottleneck, [3, 4, 6, 3], 64),
    "resnet18-half": (BasicBlock, [2, 2, 2, 2], 32),
    "resnet18-quarter": (BasicBlock, [2, 2, 2, 2], 16),
}

# ModelConfig.java's defaults (the keys of config.json that shape the network and the loss).
DEFAULTS = {"backbone": "resnet50", "input_size": 224, "dim": 256, "regions": 4, "encoder_layers": 2,
            "heads": 8, "ffn_ratio": 4, "dropout": 0.1, "lambda_aux": 0.1, "lambda_cons": 0.1,
            "ablation": "full"}
ABLATIONS = ("full", "no-plegdf", "no-fglscf", "backbone-only")


def side_after_stride(size, stride):
    """Spatial side of a ResNet feature map at stride 16 (C3) or 32 (C4) for input side `size`."""
    s = (size + 2 * 3 - 7) // 2 + 1  # conv1 7x7/2
    s = (s + 2 - 3) // 2 + 1  # max-pool 3x3/2
    st = 4
    while st < stride:
        s = (s + 2 - 3) // 2 + 1  # stride-2 stage
        st *= 2
    return s


class Backbone(nn.Module):
    """Section 1: torchvision's ResNet built from torchvision's own blocks, without avgpool and fc,
    at any base width. forward returns C3 (layer3) and C4 (layer4)."""

    def __init__(self, name):
        super().__init__()
        block, blocks, width = BACKBONES[name]
        self.conv1 = nn.Conv2d(3, width, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        inplanes = width
        for i, n in enumerate(blocks):
            planes, layers = width << i, []
            for b in range(n):
                stride = 2 if b == 0 and i > 0 else 1
                out = planes * block.expansion
                downsample = None
                if stride != 1 or inplanes != out:  # torchvision's ResNet._make_layer rule
                    downsample = nn.Sequential(nn.Conv2d(inplanes, out, 1, stride, bias=False), nn.BatchNorm2d(out))
                layers.append(block(inplanes, planes, stride, downsample))
                inplanes = out
            setattr(self, f"layer{i + 1}", nn.Sequential(*layers))
        self.c3_channels = width * 4 * block.expansion
        self.c4_channels = width * 8 * block.expansion

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 3, 2, 1)
        c3 = self.layer3(self.layer2(self.layer1(x)))
        return c3, self.layer4(c3)


class TokenEmbedding(nn.Module):
    """Section 2: 1x1 conv + BN + ReLU to width D; local tokens: adaptive average pooling to R x R;
    global tokens: optionally the local perception unit X + DWConv3x3(X); flatten; + position embedding."""

    def __init__(self, channels, dim, tokens, grid=0, perception_unit=False):
        super().__init__()
        self.grid = grid
        self.pos_embed = nn.Parameter(torch.randn(1, tokens, dim) * 0.02)
        self.conv = nn.Conv2d(channels, dim, 1, bias=False)
        self.bn = nn.BatchNorm2d(dim)
        if perception_unit:
            self.lpu = nn.Conv2d(dim, dim, 3, padding=1, groups=dim)

    def forward(self, x):
        x = F.relu(self.bn(self.conv(x)))
        if self.grid:
            x = F.adaptive_avg_pool2d(x, self.grid)
        elif hasattr(self, "lpu"):
            x = x + self.lpu(x)
        return x.flatten(2).transpose(1, 2) + self.pos_embed


class MultiHeadAttention(nn.Module):
    """softmax(Q K^T / sqrt(dh)) V per head, projections q, k, v, out; dropout on the probabilities."""

    def __init__(self, dim, heads, p):
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v, self.out = (nn.Linear(dim, dim) for _ in range(4))
        self.drop = nn.Dropout(p)

    def forward(self, x, kv=None):
        kv = x if kv is None else kv
        b, n, d = x.shape
        dh = d // self.heads

        def split(t):
            return t.reshape(b, -1, self.heads, dh).transpose(1, 2)

        q, k, v = split(self.q(x)), split(self.k(kv)), split(self.v(kv))
        attn = self.drop((q @ k.transpose(2, 3) * (1.0 / math.sqrt(dh))).softmax(-1))
        return self.out((attn @ v).transpose(1, 2).reshape(b, n, d))


class FeedForward(nn.Module):
    """fc1 (D -> ratio D), GELU (erf), dropout, fc2 (-> D), dropout."""

    def __init__(self, dim, hidden, p):
        super().__init__()
        self.fc1, self.fc2, self.drop = nn.Linear(dim, hidden), nn.Linear(hidden, dim), nn.Dropout(p)

    def forward(self, x):
        return self.drop(self.fc2(self.drop(F.gelu(self.fc1(x)))))


class AttentionLayer(nn.Module):
    """Pre-norm transformer layer. Self: X + MHSA(LN(X)), X + FFN(LN(X)).
    Cross: X + MHCA(Q = LN(X), K = V = LN'(Y)), X + FFN(LN(X))."""

    def __init__(self, dim, heads, ffn_ratio, p, cross):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        if cross:
            self.norm_kv = nn.LayerNorm(dim)
        self.attn = MultiHeadAttention(dim, heads, p)
        self.norm2 = nn.LayerNorm(dim)
        self.ffn = FeedForward(dim, dim * ffn_ratio, p)
        self.drop = nn.Dropout(p)

    def forward(self, x, y=None):
        kv = None if y is None else self.norm_kv(y)
        x = x + self.drop(self.attn(self.norm1(x), kv))
        return x + self.ffn(self.norm2(x))


class Plegdf(nn.Module):
    """Section 3: Np self-attention layers over L give L'; G' = cross-attention layer(G, L')."""

    def __init__(self, c):
        super().__init__()
        args = (c["dim"], c["heads"], c["ffn_ratio"], c["dropout"])
        self.region_encoder = nn.Sequential(*(AttentionLayer(*args, False) for _ in range(c["encoder_layers"])))
        self.enhance = AttentionLayer(*args, True)

    def forward(self, local, glob):
        local = self.region_encoder(local)
        return local, self.enhance(glob, local)


class Fglscf(nn.Module):
    """Section 4a-c: Ghat = MHCA(LN(L'), LN(G')); F_r = GELU(fusion([L'; Ghat; L' * Ghat]));
    a = softmax_r(pool_score(tanh(pool_proj(F_r)))); f = sum_r a_r F_r."""

    def __init__(self, c):
        super().__init__()
        d = c["dim"]
        self.norm_q, self.norm_kv = nn.LayerNorm(d), nn.LayerNorm(d)
        self.cross_attn = MultiHeadAttention(d, c["heads"], c["dropout"])
        self.fusion = nn.Linear(3 * d, d)
        self.pool_proj = nn.Linear(d, d)
        self.pool_score = nn.Linear(d, 1, bias=False)

    def forward(self, local, glob):
        ghat = self.cross_attn(self.norm_q(local), self.norm_kv(glob))
        fused = F.gelu(self.fusion(torch.cat([local, ghat, local * ghat], 2)))
        weights = self.pool_score(torch.tanh(self.pool_proj(fused))).squeeze(2).softmax(1)
        return (fused * weights.unsqueeze(2)).sum(1), weights


class RegressionHead(nn.Module):
    """Section 4d: Linear(in, D/2), ReLU, Dropout, Linear(D/2, 1)."""

    def __init__(self, inputs, hidden, p):
        super().__init__()
        self.fc1, self.fc2, self.drop = nn.Linear(inputs, hidden), nn.Linear(hidden, 1), nn.Dropout(p)

    def forward(self, z):
        return self.fc2(self.drop(F.relu(self.fc1(z)))).squeeze(1)


class PlegdfFglscfNet(nn.Module):
    """The whole network with its ablation (section 5). forward returns a dict: score, and for the
    FGLSCF ablations aux_global, aux_local and region_weights (scores in units of the scale max)."""

    def __init__(self, config):
        super().__init__()
        c = config_with_defaults(config)
        self.config = {**config, **c}  # keeps the keys the network ignores (scale, mean, std) for save_model_folder
        a, d, r = c["ablation"], c["dim"], c["regions"]
        self.uses_plegdf = a in ("full", "no-fglscf")
        self.uses_fglscf = a in ("full", "no-plegdf")
        self.backbone = Backbone(c["backbone"])
        if a != "backbone-only":
            side = side_after_stride(c["input_size"], 32)
            self.local_tokens = TokenEmbedding(self.backbone.c3_channels, d, r * r, grid=r)
            self.global_tokens = TokenEmbedding(self.backbone.c4_channels, d, side * side,
                                                perception_unit=self.uses_plegdf)
        if self.uses_plegdf:
            self.plegdf = Plegdf(c)
        if self.uses_fglscf:
            self.fglscf = Fglscf(c)
        head_in = self.backbone.c4_channels if a == "backbone-only" else 2 * d
        self.head = RegressionHead(head_in, d // 2, c["dropout"])
        if self.uses_fglscf:
            self.aux_global, self.aux_local = nn.Linear(d, 1), nn.Linear(d, 1)

    def forward(self, x):
        c3, c4 = self.backbone(x)
        if not hasattr(self, "local_tokens"):
            return {"score": self.head(c4.mean((2, 3)))}
        local, glob = self.local_tokens(c3), self.global_tokens(c4)
        if self.uses_plegdf:
            local, glob = self.plegdf(local, glob)
        g_p, l_p = glob.mean(1), local.mean(1)
        if not self.uses_fglscf:
            return {"score": self.head(torch.cat([l_p, g_p], 1))}
        f, weights = self.fglscf(local, glob)
        return {"score": self.head(torch.cat([f, g_p], 1)),
                "aux_global": self.aux_global(g_p).squeeze(1),
                "aux_local": self.aux_local(l_p).squeeze(1),
                "region_weights": weights}


def plegdf_loss(out, y, config):
    """Section 4e: SmoothL1(y_hat, y) + lambda_aux (SmoothL1(y_g, y) + SmoothL1(y_l, y))
    + lambda_cons MSE(y_g, y_l); SmoothL1 alone without auxiliary heads."""
    c = config_with_defaults(config)
    loss = F.smooth_l1_loss(out["score"], y, beta=1.0)
    if "aux_global" in out:
        yg, yl = out["aux_global"], out["aux_local"]
        loss = loss + c["lambda_aux"] * (F.smooth_l1_loss(yg, y, beta=1.0) + F.smooth_l1_loss(yl, y, beta=1.0))
        loss = loss + c["lambda_cons"] * F.mse_loss(yg, yl)
    return loss


def config_with_defaults(config):
    c = dict(DEFAULTS)
    c.update({k: v for k, v in config.items() if k in DEFAULTS})
    if c["ablation"] not in ABLATIONS:
        raise ValueError(f"unknown ablation {c['ablation']!r}")
    return c


def without_batch_counters(state):
    """plegdf keeps no num_batches_tracked (it only matters for BatchNorm momentum=None)."""
    return {k: v for k, v in state.items() if not k.endswith("num_batches_tracked")}


def load_model_folder(folder):
    """Loads a plegdf model folder (config.json + weights.safetensors), strictly: every key must
    match but num_batches_tracked, which plegdf does not write."""
    with open(os.path.join(folder, "config.json")) as f:
        model = PlegdfFglscfNet(json.load(f))
    missing, unexpected = model.load_state_dict(safetensors_io.load(os.path.join(folder, "weights.safetensors")),
                                                strict=False)
    missing = [k for k in missing if not k.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise RuntimeError(f"{folder}: weights do not match config.json: missing {missing}, unexpected {unexpected}")
    return model


def save_model_folder(model, folder):
    """Writes a plegdf model folder from a reference model: its state_dict as PyTorch has it, so
    plegdf's ModelStore.load, which ignores num_batches_tracked, reads what a user would save."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(model.config, f, indent=2)
    safetensors_io.save(model.state_dict(), os.path.join(folder, "weights.safetensors"),
                        {"format": "plegdf", "format_version": "1"})


def save_state_dict(state_dict, path, legacy=False):
    """torch.save of a state_dict (or a model's: pass model.state_dict()), in the zip format or,
    with legacy=True, the pre-1.6 format that older published files use. plegdf reads both
    (train --init-weights, --backbone-weights, plegdf convert)."""
    torch.save(state_dict, path, _use_new_zipfile_serialization=not legacy)
