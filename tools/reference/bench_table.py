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
    print("| backbone | size | batch | step | plegdf ms (median / min) | PyTorch ms (median / min) "
          "| plegdf CPU ms | PyTorch CPU ms | plegdf / PyTorch throughput (median) | same, by CPU time |")
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for key in sorted(rows, key=lambda k: (k[0], k[3] != "train", k[1], k[2])):
        d, t = rows[key].get("djl"), rows[key].get("torch")
        wall = lambda r: f"{float(r['median_ms']):.0f} / {float(r['min_ms']):.0f}" if r else "-"  # noqa: E731
        cpu = lambda r: f"{float(r['cpu_ms']):.0f}" if r else "-"  # noqa: E731
        ratio = f"{float(t['median_ms']) / float(d['median_ms']):.2f}" if d and t else "-"
        cpu_ratio = f"{float(t['cpu_ms']) / float(d['cpu_ms']):.2f}" if d and t else "-"
        print(f"| {key[0]} | {key[1]} | {key[2]} | {key[3]} | {wall(d)} | {wall(t)} | {cpu(d)} | {cpu(t)} "
              f"| {ratio} | {cpu_ratio} |")


if __name__ == "__main__":
    main(sys.argv[1])
