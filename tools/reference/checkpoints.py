"""Writes the torch.save files of plegdf's checkpoint-reader tests (src/test/java/org/plegdf/model/
TorchCheckpoint*Test) and benchmark, each next to the same weights as safetensors.

  torchvision  seeded torchvision ResNet state_dicts: bare in both formats (ARCH-zip.pth,
               ARCH-legacy.pth), wrapped with training state (ARCH-wrapped.pth: state_dict,
               ARCH-wrapped-legacy.pth: model_state_dict), DataParallel's module. prefix (ARCH-dp.pth),
               half precision (ARCH-half.pth) and bfloat16 (ARCH-bf16-legacy.pth); ARCH.safetensors,
               ARCH-half.safetensors and ARCH-bf16.safetensors hold the same tensors; ARCH-io.safetensors
               an input and the pooled backbone output in eval mode.
  views        tensors that are views (offset, narrowed, transposed, two names for one tensor) of
               shared storages, float64 / int64 / bfloat16, both formats, pickle protocols 2, 4 and 5;
               views.safetensors the same tensors made contiguous.
  hostile      files a reader must refuse: pickles that call os.system / eval, a pickled module, a
               truncated zip, a storage shorter than its tensor, a tensor beyond its storage, a
               million nested lists, deep nesting through the memo, 10 GB claimed in a small file,
               a stride-0 view expanding a storage, a hundred views multiplying one storage.

Run with Debian's /usr/bin/python3 (python3-torch, python3-torchvision).
"""
import argparse
import collections
import os
import pickle
import struct
import sys
import zipfile

import torch
import torchvision

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import parity  # noqa: E402
import plegdf_ref  # noqa: E402
import safetensors_io  # noqa: E402

MAGIC = 0x1950a86a20f9469cfc6c
SYS_INFO = {"protocol_version": 1001, "little_endian": True, "type_sizes": {"short": 2, "int": 4, "long": 4}}


def torchvision_files(args):
    os.makedirs(args.out, exist_ok=True)
    for arch in args.arch:
        torch.manual_seed(args.seed)
        tv = getattr(torchvision.models, arch)(weights=None)
        parity.randomise_norms(tv, torch.randn(4, 3, args.size, args.size))
        sd = tv.state_dict()
        out = lambda name: os.path.join(args.out, f"{arch}{name}")  # noqa: E731
        safetensors_io.save(sd, out(".safetensors"))
        plegdf_ref.save_state_dict(sd, out("-zip.pth"))
        plegdf_ref.save_state_dict(sd, out("-legacy.pth"), legacy=True)
        if args.only_bare:
            continue
        x = torch.randn(2, 3, args.size, args.size)
        with torch.no_grad():
            pooled = torch.flatten(tv.avgpool(tv.layer4(tv.layer3(tv.layer2(tv.layer1(
                tv.maxpool(tv.relu(tv.bn1(tv.conv1(x))))))))), 1)
        safetensors_io.save({"input": x, "pooled": pooled}, out("-io.safetensors"))
        for dtype, name in ((torch.float16, "half"), (torch.bfloat16, "bf16")):
            low = {k: v.to(dtype) if v.is_floating_point() else v for k, v in sd.items()}
            safetensors_io.save(low, out(f"-{name}.safetensors"))
            plegdf_ref.save_state_dict(low, out("-half.pth") if name == "half" else out("-bf16-legacy.pth"),
                                       legacy=name == "bf16")
        opt = torch.optim.SGD(tv.parameters(), lr=0.1, momentum=0.9)
        tv.train()
        tv(torch.randn(2, 3, args.size, args.size)).sum().backward()
        opt.step()
        sd = tv.state_dict()  # after a step, so that the optimizer state saved with it is real
        safetensors_io.save(sd, out("-wrapped.safetensors"))
        torch.save({"epoch": 3, "arch": arch, "best_acc1": 0.5, "state_dict": sd, "optimizer": opt.state_dict()},
                   out("-wrapped.pth"))
        torch.save({"epoch": 3, "model_state_dict": sd, "optimizer_state_dict": opt.state_dict()},
                   out("-wrapped-legacy.pth"), _use_new_zipfile_serialization=False)
        torch.save(torch.nn.DataParallel(tv).state_dict(), out("-dp.pth"))


def views(args):
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(args.seed)
    base = torch.randn(6, 5)
    sd = collections.OrderedDict()
    sd["base"] = base
    sd["rows"] = base[2:5]                 # storage offset 10
    sd["column"] = base[:, 3]              # stride 5
    sd["transposed"] = base.t()            # strides (1, 5)
    sd["again"] = base                     # the same tensor under a second name
    sd["block"] = base[1:4, 1:3]           # offset and both strides
    sd["scalar"] = base[4, 4]              # 0-d view
    sd["float64"] = torch.randn(3, 4, dtype=torch.float64).t()
    sd["int64"] = torch.arange(12, dtype=torch.int64).reshape(3, 4)[:, 1:]
    sd["bf16"] = torch.randn(4, 4).bfloat16()[::2]
    sd["empty"] = torch.zeros(0, 3)
    safetensors_io.save({k: v.contiguous() for k, v in sd.items()}, os.path.join(args.out, "views.safetensors"))
    torch.save(sd, os.path.join(args.out, "views-zip.pth"))
    torch.save(sd, os.path.join(args.out, "views-legacy.pth"), _use_new_zipfile_serialization=False)
    # pickle protocols 4 and 5 (FRAME, SHORT_BINUNICODE, STACK_GLOBAL, MEMOIZE), as torch.save(pickle_protocol=N) writes them
    torch.save(sd, os.path.join(args.out, "views-p4-legacy.pth"), _use_new_zipfile_serialization=False, pickle_protocol=4)
    torch.save(sd, os.path.join(args.out, "views-p5-zip.pth"), pickle_protocol=5)


class _Storage:
    """A storage of the crafted pickles: persistent id ('storage', type, key, location, numel)."""

    def __init__(self, key, numel, cls=torch.FloatStorage):
        self.key, self.numel, self.cls = key, numel, cls


class _Tensor:
    def __init__(self, storage, offset, size, stride):
        self.args = (storage, offset, size, stride)

    def __reduce__(self):
        storage, offset, size, stride = self.args
        return torch._utils._rebuild_tensor_v2, (storage, offset, size, stride, False, collections.OrderedDict())


def _crafted_pickle(obj, legacy=False):
    import io
    buf = io.BytesIO()
    p = pickle.Pickler(buf, protocol=2)

    def persistent_id(o):
        if isinstance(o, _Storage):
            pid = ("storage", o.cls, o.key, "cpu", o.numel)
            return pid + (None,) if legacy else pid
        return None

    p.persistent_id = persistent_id
    p.dump(obj)
    return buf.getvalue()


def _zip(path, data_pkl, storages, folder="archive"):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr(f"{folder}/data.pkl", data_pkl)
        for key, raw in storages.items():
            z.writestr(f"{folder}/data/{key}", raw)
        z.writestr(f"{folder}/version", "3\n")


def _legacy(path, object_pickle, storages):
    """storages: [(key, numel written in the header, raw bytes)]."""
    with open(path, "wb") as f:
        for o in (MAGIC, 1001, SYS_INFO):
            f.write(pickle.dumps(o, protocol=2))
        f.write(object_pickle)
        f.write(pickle.dumps([k for k, _, _ in storages], protocol=2))
        for _, numel, raw in storages:
            f.write(struct.pack("<q", numel))
            f.write(raw)


class _System:
    def __init__(self, command):
        self.command = command

    def __reduce__(self):
        return os.system, (self.command,)


class _Eval:
    def __init__(self, code):
        self.code = code

    def __reduce__(self):
        import builtins
        return builtins.eval, (self.code,)


def hostile(args):
    os.makedirs(args.out, exist_ok=True)
    out = lambda name: os.path.join(args.out, name)  # noqa: E731
    w = torch.arange(4, dtype=torch.float32)
    touch = f"touch {args.marker}"
    torch.save({"weight": w, "payload": _System(touch)}, out("os-system.pth"))
    torch.save({"weight": w, "payload": _System(touch)}, out("os-system-legacy.pth"), _use_new_zipfile_serialization=False)
    torch.save({"weight": w, "payload": _Eval(f"__import__('os').system('{touch}')")}, out("eval.pth"))
    torch.save(torch.nn.Linear(3, 2), out("module.pth"))  # a whole pickled module, not its state_dict
    floats = struct.pack("<4f", 1, 2, 3, 4)
    # a storage shorter than its tensor: the pickle claims 16 floats, the archive holds 4
    _zip(out("short-storage.pth"), _crafted_pickle({"w": _Tensor(_Storage("0", 16), 0, (16,), (1,))}), {"0": floats})
    # a tensor that reaches beyond its (honest) storage
    _zip(out("beyond-storage.pth"), _crafted_pickle({"w": _Tensor(_Storage("0", 4), 2, (4,), (1,))}), {"0": floats},
         folder="my_checkpoint")
    # 10 GB claimed by a 1 KB file, both formats
    huge = 10 * 1024 ** 3 // 4
    _zip(out("huge-claim.pth"), _crafted_pickle({"w": _Tensor(_Storage("0", huge), 0, (huge,), (1,))}), {"0": floats})
    _legacy(out("huge-claim-legacy.pth"),
            _crafted_pickle({"w": _Tensor(_Storage("0", huge), 0, (huge,), (1,))}, legacy=True), [("0", huge, floats)])
    # a stride-0 view that would expand 4 stored floats into 4 GB
    _zip(out("expand.pth"), _crafted_pickle({"w": _Tensor(_Storage("0", 4), 0, (1 << 30,), (0,))}), {"0": floats})
    # a hundred names for (nearly) all of one 4 MB storage: 400 MB of copies from a 4 MB file
    big = struct.pack("<f", 1.0) * (1 << 20)
    views = {f"v{i}": _Tensor(_Storage("0", 1 << 20), 1, ((1 << 20) - 1,), (1,)) for i in range(100)}
    _zip(out("many-views.pth"), _crafted_pickle(views), {"0": big})
    # a million nested lists: EMPTY_LIST x N, APPEND x (N - 1)
    n = 1_000_000
    _legacy(out("nested.pth"), b"\x80\x02" + b"]" * n + b"a" * (n - 1) + b".", [])
    # nesting that never grows the stack: each new list is appended to the previous one via the memo
    step = b"]q\x01" + b"0" + b"h\x00h\x01a" + b"0" + b"h\x01q\x00" + b"0"
    _legacy(out("deep-memo.pth"), b"\x80\x02]q\x00" + step * 200_000 + b".", [])
    # a truncated archive: the first half of a valid one
    good = out("good.pth")
    torch.save({"w": torch.randn(64, 64)}, good)
    with open(good, "rb") as f:
        data = f.read()
    with open(out("truncated.pth"), "wb") as f:
        f.write(data[:len(data) // 2])
    os.remove(good)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("torchvision")
    t.add_argument("--arch", action="append", required=True, choices=["resnet18", "resnet34", "resnet50"])
    t.add_argument("--size", type=int, default=64)
    t.add_argument("--only-bare", action="store_true", help="only ARCH.safetensors, ARCH-zip.pth and ARCH-legacy.pth (the benchmark)")
    v = sub.add_parser("views")
    h = sub.add_parser("hostile")
    h.add_argument("--marker", required=True, help="the file the os.system payload would create")
    for s in (t, v, h):
        s.add_argument("--seed", type=int, default=0)
        s.add_argument("--out", required=True)
    args = p.parse_args()
    torch.set_num_threads(1)
    {"torchvision": torchvision_files, "views": views, "hostile": hostile}[args.cmd](args)


if __name__ == "__main__":
    main()
