"""Writes the PyTorch side of plegdf's parity tests (plegdf-core/src/test/java/org/plegdf/model/Parity*Test).

  backbone   torchvision resnet18 / resnet50, seeded random weights, eval mode: the state_dict
             (fc and num_batches_tracked included, as a user's export has them; as safetensors and
             as a torch.save .pth) and C3, C4 and the pooled output on a random input.
  model      the reference network for a config.json: a plegdf model folder with seeded random
             weights, and its eval-mode outputs on a random input; the same state_dict as torch.save
             files too (state_dict.pth, zip format; checkpoint-legacy.pth, legacy format, wrapped as
             {"epoch", "model_state_dict"}), for train --init-weights.
  train-step the same, then one SGD step in train mode (BatchNorm batch statistics): the weights
             before (a model folder) and after, the batch and the loss.
  run        loads a plegdf model folder written by Java, strictly, and runs it on an input.

Every array is stored as safetensors; the Java tests compare. Run with Debian's /usr/bin/python3.
"""
import argparse
import json
import os
import sys

import torch
import torchvision
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import plegdf_ref  # noqa: E402
import safetensors_io  # noqa: E402


def randomise_norms(model, x):
    """Gives every BatchNorm and LayerNorm non-default parameters, so a mix-up of weight / bias /
    running_mean / running_var cannot pass. Running statistics are first measured on one batch
    (momentum 1 keeps just that batch), so activations keep their scale through deep networks, then
    perturbed."""
    norms = [m for m in model.modules() if isinstance(m, (nn.BatchNorm2d, nn.LayerNorm))]
    bns = [m for m in norms if isinstance(m, nn.BatchNorm2d)]
    with torch.no_grad():
        for m in norms:
            m.weight.uniform_(0.5, 1.5)
            m.bias.normal_(0.0, 0.1)
        for m in bns:
            m.momentum = 1.0
        model.train()
        model(x)
        for m in bns:
            m.momentum = 0.1
            m.running_mean.add_(torch.randn_like(m.running_mean) * 0.1 * m.running_var.sqrt())
            m.running_var.mul_(torch.empty_like(m.running_var).uniform_(0.7, 1.4))
    model.eval()


def backbone(args):
    os.makedirs(args.out, exist_ok=True)
    for arch in args.arch:
        torch.manual_seed(args.seed)
        tv = getattr(torchvision.models, arch)(weights=None)
        x = torch.randn(args.batch, 3, args.size, args.size)
        randomise_norms(tv, torch.randn(4, 3, args.size, args.size))
        with torch.no_grad():
            h = tv.maxpool(tv.relu(tv.bn1(tv.conv1(x))))
            c3 = tv.layer3(tv.layer2(tv.layer1(h)))
            c4 = tv.layer4(c3)
            pooled = torch.flatten(tv.avgpool(c4), 1)
            # The taps above are torchvision's own forward, cut open: its logits must follow from them.
            assert torch.allclose(tv.fc(pooled), tv(x), atol=1e-5, rtol=1e-5)
            # And the reference backbone is torchvision's, name for name.
            ref = plegdf_ref.Backbone(arch).eval()
            state = {k: v for k, v in tv.state_dict().items() if not k.startswith("fc.")}
            ref.load_state_dict(state, strict=True)
            r3, r4 = ref(x)
            assert torch.equal(r3, c3) and torch.equal(r4, c4)
        safetensors_io.save(tv.state_dict(), os.path.join(args.out, f"{arch}.safetensors"))
        # the same weights as torch.save writes them: zip for resnet50, legacy for the others
        plegdf_ref.save_state_dict(tv.state_dict(), os.path.join(args.out, f"{arch}.pth"), legacy=arch != "resnet50")
        safetensors_io.save({"input": x, "c3": c3, "c4": c4, "pooled": pooled},
                            os.path.join(args.out, f"{arch}-io.safetensors"))


def seeded_model(config_path, seed, batch):
    with open(config_path) as f:
        config = json.load(f)
    torch.manual_seed(seed)
    model = plegdf_ref.PlegdfFglscfNet(config)
    size = model.config["input_size"]
    if hasattr(model, "fglscf"):
        # The default initialisation leaves every region weight near 1/R^2; spread them, so that
        # their parity says something.
        with torch.no_grad():
            model.fglscf.pool_score.weight.mul_(20.0)
    randomise_norms(model, torch.randn(4, 3, size, size))
    return model, torch.randn(batch, 3, size, size)


def stem(path):
    return os.path.splitext(os.path.basename(path))[0]


def model(args):
    for cfg in args.config:
        net, x = seeded_model(cfg, args.seed, args.batch)
        out_dir = os.path.join(args.out, stem(cfg))
        plegdf_ref.save_model_folder(net, out_dir)
        plegdf_ref.save_state_dict(net.state_dict(), os.path.join(out_dir, "state_dict.pth"))
        plegdf_ref.save_state_dict({"epoch": 7, "model_state_dict": net.state_dict()},
                                   os.path.join(out_dir, "checkpoint-legacy.pth"), legacy=True)
        with torch.no_grad():
            out = net(x)
        safetensors_io.save({"input": x, **out}, os.path.join(out_dir, "io.safetensors"))


def train_step(args):
    for cfg in args.config:
        net, x = seeded_model(cfg, args.seed, args.batch)
        y = torch.rand(args.batch)
        out_dir = os.path.join(args.out, stem(cfg))
        plegdf_ref.save_model_folder(net, os.path.join(out_dir, "before"))
        groups = [
            {"params": [p for n, p in net.named_parameters() if n.startswith("backbone.")], "lr": args.lr_backbone},
            {"params": [p for n, p in net.named_parameters() if not n.startswith("backbone.")], "lr": args.lr_new},
        ]
        opt = torch.optim.SGD(groups, lr=args.lr_new, momentum=0.0, weight_decay=0.0)
        net.train()
        opt.zero_grad()
        out = net(x)
        loss = plegdf_ref.plegdf_loss(out, y, net.config)
        loss.backward()
        opt.step()
        after = plegdf_ref.without_batch_counters(net.state_dict())
        safetensors_io.save(after, os.path.join(out_dir, "after.safetensors"))
        safetensors_io.save({"input": x, "target": y, "loss": loss.detach(), "score": out["score"].detach()},
                            os.path.join(out_dir, "io.safetensors"))


def run(args):
    net = plegdf_ref.load_model_folder(args.model).eval()
    x = safetensors_io.load(args.input)["input"]
    with torch.no_grad():
        out = net(x)
    safetensors_io.save(out, args.out)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--threads", type=int, default=1)
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("backbone")
    b.add_argument("--arch", action="append", required=True, choices=["resnet18", "resnet34", "resnet50"])
    b.add_argument("--size", type=int, default=64)
    for s in (b, sub.add_parser("model"), sub.add_parser("train-step")):
        s.add_argument("--batch", type=int, default=2)
        s.add_argument("--seed", type=int, default=0)
        s.add_argument("--out", required=True)
        if s is not b:
            s.add_argument("--config", action="append", required=True)
    t = sub.choices["train-step"]
    t.add_argument("--lr-backbone", type=float, required=True)
    t.add_argument("--lr-new", type=float, required=True)
    r = sub.add_parser("run")
    r.add_argument("--model", required=True)
    r.add_argument("--input", required=True)
    r.add_argument("--out", required=True)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    {"backbone": backbone, "model": model, "train-step": train_step, "run": run}[args.cmd](args)


if __name__ == "__main__":
    main()
