"""Counts the floating-point operations of one forward pass of the PyTorch reference network
(docs/benchmarks.md, "Fraction of the CPU's peak"): every convolution, matrix product and linear
layer, at 2 FLOPs per multiply-add, seen at the ATen dispatcher so that nothing is missed
(attention's matmuls included). Element-wise work (BatchNorm, ReLU, softmax, LayerNorm, adds) is
left out: it is bandwidth-bound and a few % of the total.

  /usr/bin/python3 tools/reference/flops.py --backbone resnet50 --size 224 [--ablation full] [--dim 64 --heads 4]
"""
import argparse
import os
import sys

import torch
from torch.utils._python_dispatch import TorchDispatchMode

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plegdf_ref  # noqa: E402

aten = torch.ops.aten


def _numel(shape):
    n = 1
    for s in shape:
        n *= s
    return n


class FlopCounter(TorchDispatchMode):
    def __init__(self):
        super().__init__()
        self.flops = {}

    def add(self, kind, n):
        self.flops[kind] = self.flops.get(kind, 0) + n

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        packet = func._overloadpacket
        if packet in (aten.convolution, aten._convolution, aten.mkldnn_convolution):
            w = args[1]
            groups = args[8] if packet is aten.convolution else (args[8] if len(args) > 8 else 1)
            cin_per_group = w.shape[1]
            kernel = _numel(w.shape[2:])
            self.add("conv", 2 * out.numel() * cin_per_group * kernel)
        elif packet in (aten.mm, aten.addmm):
            a, b = (args[0], args[1]) if packet is aten.mm else (args[1], args[2])
            self.add("matmul", 2 * a.shape[0] * a.shape[1] * b.shape[1])
        elif packet is aten.bmm:
            a, b = args[0], args[1]
            self.add("matmul", 2 * a.shape[0] * a.shape[1] * a.shape[2] * b.shape[2])
        return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--backbone", default="resnet50")
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--ablation", default="full")
    p.add_argument("--dim", type=int, help="token width D (default: the reference's, 256; the CPU demo model: 64)")
    p.add_argument("--heads", type=int, help="attention heads (default: the reference's, 8; the CPU demo model: 4)")
    a = p.parse_args()
    config = {"backbone": a.backbone, "input_size": a.size, "ablation": a.ablation}
    for k in ("dim", "heads"):
        if getattr(a, k) is not None:
            config[k] = getattr(a, k)
    net = plegdf_ref.PlegdfFglscfNet(config).eval()
    x = torch.randn(1, 3, a.size, a.size)
    counter = FlopCounter()
    with torch.no_grad(), counter:
        net(x)
    total = sum(counter.flops.values())
    parts = ", ".join(f"{k} {v / 1e9:.3f}" for k, v in sorted(counter.flops.items()))
    print(f"{a.backbone} {a.size} px {a.ablation}: {total / 1e9:.3f} GFLOP per image forward ({parts}); "
          f"a training step ~3x: {3 * total / 1e9:.2f} GFLOP per image")


if __name__ == "__main__":
    main()
