#!/usr/bin/env python3
"""CPU-vs-GPU parity of the network's outputs: the per-frame scores of two prediction.json files.

usage: parity.py CPU.json GPU.json [TOLERANCE]   (relative, default 1e-3)
Prints one line; exit 0 when every frame agrees within the tolerance, 1 otherwise.
Standard library only (runs on any python3)."""
import json
import sys


def main():
    a_path, b_path = sys.argv[1], sys.argv[2]
    tol = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-3
    with open(a_path) as f:
        a = json.load(f)
    with open(b_path) as f:
        b = json.load(f)
    fa = {p["frame"]: p["score"] for p in a["per_frame"]}
    fb = {p["frame"]: p["score"] for p in b["per_frame"]}
    if fa.keys() != fb.keys() or not fa:
        print(f"parity: FAIL, frames differ ({len(fa)} vs {len(fb)})")
        return 1
    scale = a["scale"]["max"]
    # relative to the scale's range: a score near 0 has no meaningful relative error of its own
    worst = max(abs(fa[k] - fb[k]) / max(abs(fa[k]), 1e-3 * scale) for k in fa)
    worst_video = abs(a["score"] - b["score"]) / max(abs(a["score"]), 1e-3 * scale)
    ok = worst <= tol and worst_video <= tol
    print(f"parity: {'PASS' if ok else 'FAIL'}, {len(fa)} frames, max relative difference per frame {worst:.3g},"
          f" video score {a['score']:.6f} vs {b['score']:.6f} ({worst_video:.3g}), tolerance {tol:g}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
