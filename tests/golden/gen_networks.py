#!/usr/bin/python3
"""Layer-by-layer reference data for the network presets, from torchvision's models.

Run from the repository root:  /usr/bin/python3 tests/golden/gen_networks.py
Writes tests/golden/networks.json (format in tests/golden/README.md). Needs Debian's
python3-torchvision (and python3-torch); CI never runs this, it reads the committed output.

For each model (vgg16, alexnet, resnet18, resnet50, mobilenet_v2), built with random weights (no
download), and each input size, forward hooks record every Conv2d, Linear, BatchNorm2d, MaxPool2d,
AvgPool2d and AdaptiveAvgPool2d module in the order it runs: its torchvision name, its settings,
its output shape, its parameter count and, for Conv2d and Linear, its multiply-accumulates
(output values x input channels per group x kernel height x kernel width; in x out for Linear).
The totals are torchvision's own: the sum of numel() over model.parameters().
"""

import hashlib
import json
import os
import sys
import warnings

import torch
import torch.nn as nn
import torchvision

warnings.filterwarnings("ignore")
torch.set_num_threads(1)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "networks.json")

MODELS = ["vgg16", "alexnet", "resnet18", "resnet50", "mobilenet_v2"]
SIZES = [224, 225, 320]


def pair(v):
    return list(v) if isinstance(v, (tuple, list)) else [v, v]


def describe(name, module, output):
    shape = list(output.shape[1:])  # C, H, W (or features for Linear)
    entry = {"name": name, "type": type(module).__name__, "output": shape}
    params = sum(p.numel() for p in module.parameters(recurse=False))
    entry["params"] = params
    if isinstance(module, nn.Conv2d):
        entry.update({
            "in_channels": module.in_channels, "out_channels": module.out_channels,
            "kernel": pair(module.kernel_size), "stride": pair(module.stride),
            "padding": pair(module.padding), "dilation": pair(module.dilation),
            "groups": module.groups, "bias": module.bias is not None,
        })
        kh, kw = module.kernel_size
        entry["macs"] = output.numel() * (module.in_channels // module.groups) * kh * kw
    elif isinstance(module, nn.Linear):
        entry.update({"in_features": module.in_features, "out_features": module.out_features,
                      "bias": module.bias is not None})
        entry["macs"] = module.in_features * module.out_features
    elif isinstance(module, nn.BatchNorm2d):
        entry["num_features"] = module.num_features
    elif isinstance(module, (nn.MaxPool2d, nn.AvgPool2d)):
        entry.update({"kernel": pair(module.kernel_size), "stride": pair(module.stride),
                      "padding": pair(module.padding), "ceil_mode": bool(module.ceil_mode)})
    elif isinstance(module, nn.AdaptiveAvgPool2d):
        entry["output_size"] = pair(module.output_size)
    return entry


def run(model_name, size):
    torch.manual_seed(0)
    model = getattr(torchvision.models, model_name)(weights=None).eval()
    records = []
    hooks = []
    kinds = (nn.Conv2d, nn.Linear, nn.BatchNorm2d, nn.MaxPool2d, nn.AvgPool2d, nn.AdaptiveAvgPool2d)
    for name, module in model.named_modules():
        if isinstance(module, kinds):
            hooks.append(module.register_forward_hook(
                lambda m, inputs, output, name=name: records.append(describe(name, m, output))))
    with torch.no_grad():
        model(torch.zeros(1, 3, size, size))
    for h in hooks:
        h.remove()
    total = sum(p.numel() for p in model.parameters())
    bn = sum(r["params"] for r in records if r["type"] == "BatchNorm2d")
    macs = sum(r.get("macs", 0) for r in records)
    return {"model": model_name, "input": size, "total_params": total, "batchnorm_params": bn,
            "total_macs": macs, "layers": records}


def main():
    runs = [run(m, s) for m in MODELS for s in SIZES]
    with open(os.path.abspath(__file__), "rb") as f:
        generator_sha = hashlib.sha256(f.read()).hexdigest()
    doc = {"generator": "tests/golden/gen_networks.py", "generator_sha256": generator_sha,
           "torch_version": torch.__version__, "torchvision_version": torchvision.__version__,
           "runs": runs}
    # One layer per line keeps diffs readable.
    lines = ["{"]
    for key in ["generator", "generator_sha256", "torch_version", "torchvision_version"]:
        lines.append("  %s: %s," % (json.dumps(key), json.dumps(doc[key])))
    lines.append('  "runs": [')
    for i, r in enumerate(runs):
        head = {k: r[k] for k in ["model", "input", "total_params", "batchnorm_params", "total_macs"]}
        lines.append("    " + json.dumps(head)[:-1] + ', "layers": [')
        for j, layer in enumerate(r["layers"]):
            lines.append("      " + json.dumps(layer) + ("," if j + 1 < len(r["layers"]) else ""))
        lines.append("    ]}" + ("," if i + 1 < len(runs) else ""))
    lines.append("  ]")
    lines.append("}")
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    json.load(open(OUT))  # it must read back
    for r in runs:
        print("%-13s %4d  params %10d  MACs %14d  layers %d" % (
            r["model"], r["input"], r["total_params"], r["total_macs"], len(r["layers"])))


if __name__ == "__main__":
    sys.exit(main())
