"""Prints the Markdown table of docs/benchmarks.md from a CSV that `plegdf bench --csv` and
bench.py --csv appended to: one row per (backbone, size, batch, mode), both engines side by side."""
import csv
import sys


def main(path):
    rows = {}
    with open(path) as f:
        for r in csv.DictReader(f):
            key = (r["backbone"], int(r["size"]), int(r["batch"]), r["mode"])
            rows.setdefault(key, {})[r["engine"]] = r  # a later run of the same row replaces an earlier one
    print("| backbone | size | batch | step | plegdf (DJL) median ms | PyTorch ref. median ms | plegdf img/s | PyTorch img/s | plegdf / PyTorch throughput |")
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|")
    for key in sorted(rows, key=lambda k: (k[0], k[3] != "train", k[1], k[2])):
        d, t = rows[key].get("djl"), rows[key].get("torch")
        cell = lambda r, c: f"{float(r[c]):.1f}" if r else "-"  # noqa: E731
        ratio = f"{float(d['img_per_s']) / float(t['img_per_s']):.2f}" if d and t else "-"
        print(f"| {key[0]} | {key[1]} | {key[2]} | {key[3]} | {cell(d, 'median_ms')} | {cell(t, 'median_ms')} "
              f"| {cell(d, 'img_per_s')} | {cell(t, 'img_per_s')} | {ratio} |")


if __name__ == "__main__":
    main(sys.argv[1])
