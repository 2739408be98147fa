"""Times the PyTorch reference network the way `plegdf bench` times plegdf's (docs/benchmarks.md):
inference (eval mode, no gradients) and one training step (train mode, forward, PlegdfLoss,
backward, SGD update) on one random batch; --warmup untimed runs, then the median of --repeats.

  /usr/bin/python3 tools/reference/bench.py --backbone resnet50 --size 224 --batch 8 --mode train --threads 2
"""
import argparse
import csv
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plegdf_ref  # noqa: E402

HEADER = (f"{'engine':<6} {'backbone':<17} {'size':>5} {'batch':>6} {'mode':<6} {'median_ms':>10} {'min_ms':>10} "
          f"{'cpu_ms':>10} {'img_per_s':>9} {'threads':>8}")


def measure(config, mode, batch, warmup, repeats):
    net = plegdf_ref.PlegdfFglscfNet(config)
    size = net.config["input_size"]
    x = torch.randn(batch, 3, size, size)
    y = torch.rand(batch)
    phases = {}
    if mode == "infer":
        net.eval()

        def run():
            with torch.no_grad():
                net(x)["score"].tolist()  # wait for the result, as `plegdf bench` does
            return []
    else:
        net.train()
        opt = torch.optim.SGD(net.parameters(), lr=1e-3)
        phases = {"forward": [], "backward": [], "update": [], "free": []}

        def run():
            at = [time.process_time()]
            opt.zero_grad()
            out = net(x)
            loss = plegdf_ref.plegdf_loss(out, y, net.config)
            at.append(time.process_time())
            loss.backward()
            at.append(time.process_time())
            opt.step()
            at.append(time.process_time())
            del out, loss
            at.append(time.process_time())
            return at
    times, cpu = [], []
    for i in range(warmup + repeats):
        t0, c0 = time.perf_counter(), time.process_time()  # process_time: CPU time of all threads
        at = run()
        if i >= warmup:
            times.append((time.perf_counter() - t0) * 1000.0)
            cpu.append((time.process_time() - c0) * 1000.0)
            for k, (a, b) in zip(phases, zip(at, at[1:])):
                phases[k].append((b - a) * 1000.0)
    return times, cpu, phases


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--backbone", default="resnet18,resnet50")
    p.add_argument("--size", default="112,224")
    p.add_argument("--batch", default="8,32")
    p.add_argument("--mode", default="train,infer")
    p.add_argument("--ablation", default="full")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--threads", type=int, required=True, help="intra-op threads: the same as plegdf bench's")
    p.add_argument("--phases", action="store_true", help="also print the median CPU time of each training phase")
    p.add_argument("--csv", help="also append the rows to this CSV file")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)  # as plegdf's Engines.configure does
    print(f"# PyTorch reference: torch {torch.__version__} (python {sys.version.split()[0]}), "
          f"{torch.get_num_threads()} intra-op threads, OMP_WAIT_POLICY {os.environ.get('OMP_WAIT_POLICY', 'unset')}, cpu",
          flush=True)
    print(HEADER, flush=True)
    for backbone in a.backbone.split(","):
        for size in (int(s) for s in a.size.split(",")):
            for batch in (int(b) for b in a.batch.split(",")):
                for mode in a.mode.split(","):
                    config = {"backbone": backbone, "input_size": size, "ablation": a.ablation}
                    t, cpu, phases = measure(config, mode, batch, a.warmup, a.repeats)
                    med, cpu_med, threads = statistics.median(t), statistics.median(cpu), torch.get_num_threads()
                    ips = batch * 1000.0 / med
                    print(f"{'torch':<6} {backbone:<17} {size:>5} {batch:>6} {mode:<6} {med:>10.1f} {min(t):>10.1f} "
                          f"{cpu_med:>10.1f} {ips:>9.1f} {threads:>8}", flush=True)
                    if a.phases and phases:
                        print("#   phases, median CPU ms: " + ", ".join(f"{k} {statistics.median(v):.1f}"
                                                                    for k, v in phases.items()), flush=True)
                    if a.csv:
                        new = not os.path.exists(a.csv)
                        with open(a.csv, "a", newline="") as f:
                            w = csv.writer(f)
                            if new:
                                w.writerow(["engine", "backbone", "size", "batch", "mode", "median_ms", "min_ms",
                                            "cpu_ms", "img_per_s", "threads"])
                            w.writerow(["torch", backbone, size, batch, mode, f"{med:.2f}", f"{min(t):.2f}",
                                        f"{cpu_med:.2f}", f"{ips:.2f}", threads])


if __name__ == "__main__":
    main()
