"""Writes the two TorchScript helpers through which plegdf's inference reaches bfloat16
(plegdf-core/src/main/java/org/plegdf/model/Bf16Ops.java says why: DJL 0.36's PyTorch JNI maps
no Java data type to torch.bfloat16). No parameters; each takes and returns one tensor:

  bf16_cast.pt:     float32 -> bfloat16, anything else -> float32
  bf16_softmax.pt:  softmax over the last axis, computed in float32, returned in the input's type

  /usr/bin/python3 tools/reference/make_bf16_ops.py
"""
import os
import sys

import torch


class Cast(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dtype == torch.float32:
            return x.to(torch.bfloat16)
        return x.to(torch.float32)


class Softmax(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.softmax(x.to(torch.float32), -1).to(x.dtype)


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    folder = os.path.join(root, "plegdf-core", "src", "main", "resources", "org", "plegdf", "model")
    cast = torch.jit.script(Cast().eval())
    softmax = torch.jit.script(Softmax().eval())
    x = torch.randn(2, 3)
    assert cast(x).dtype == torch.bfloat16 and cast(cast(x)).dtype == torch.float32
    assert torch.allclose(softmax(x), torch.softmax(x, 1))
    for name, m in (("bf16_cast.pt", cast), ("bf16_softmax.pt", softmax)):
        out = os.path.join(folder, name)
        torch.jit.save(m, out)
        print(f"wrote {os.path.relpath(out, root)} ({os.path.getsize(out)} bytes, torch {torch.__version__})", file=sys.stderr)


if __name__ == "__main__":
    main()
