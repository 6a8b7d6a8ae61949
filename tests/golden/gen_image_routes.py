#!/usr/bin/python3
"""Golden data for image mode's five routes, computed with PyTorch.

Run from the repository root:  /usr/bin/python3 tests/golden/gen_image_routes.py
Writes tests/golden/image_routes.json and tests/golden/image_input.png (see README.md).

One small RGB picture (random 8-bit values from random.Random(8), never torch's RNG), saved as an
8-bit RGB PNG by a minimal writer below (the CLI test reads it back). Each case runs one route on
it with PyTorch, the way the issue defines the routes:
  stride1   F.conv2d(x, w, stride=1, groups=C)          (padding via F.pad, any mode)
  stride    the same at stride S
  pool-max  stride1, then F.max_pool2d(kernel=S, stride=S)
  pool-avg  stride1, then F.avg_pool2d(kernel=S, stride=S)
  blurpool  stride1, then F.pad(mode='reflect', (F-1)//2 before, ceil((F-1)/2) after) and
            F.conv2d(binomial F x F / sum, stride=S, groups=C)      (Zhang 2019)
The kernel runs on every channel on its own (weight repeated C times, groups=C). Gray cases use
the Rec. 601 luma 0.299 R + 0.587 G + 0.114 B in float32 first. Pixel values are v / 255.
"""

import json
import math
import os
import random
import struct
import zlib

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_JSON = os.path.join(HERE, "image_routes.json")
OUT_PNG = os.path.join(HERE, "image_input.png")

HEIGHT, WIDTH = 11, 13

KERNELS = {
    "sobel_x": (3, 3, [-1, 0, 1, -2, 0, 2, -1, 0, 1]),
    "sobel_y": (3, 3, [-1, -2, -1, 0, 0, 0, 1, 2, 1]),
    "emboss": (3, 3, [-2, -1, 0, -1, 1, 1, 0, 1, 2]),
    "laplacian": (3, 3, [0, 1, 0, 1, -4, 1, 0, 1, 0]),
    "gaussian5": (5, 5, [a * b / 256 for a in (1, 4, 6, 4, 1) for b in (1, 4, 6, 4, 1)]),
    "box2": (2, 2, [0.25] * 4),
    "odd2x3": (2, 3, [0.5, -1, 0.25, 1.5, 0, -0.75]),
    "big11": (11, 11, [1 / 121] * 121),
}

# name, color, kernel, padding (top, bottom, left, right), padding_mode, stride (h, w), route, blur
CASES = [
    ("sobel_x rgb pad 1 S2 stride1", "rgb", "sobel_x", (1, 1, 1, 1), "zeros", (2, 2), "stride1", 3),
    ("sobel_x rgb pad 1 S2 stride", "rgb", "sobel_x", (1, 1, 1, 1), "zeros", (2, 2), "stride", 3),
    ("sobel_x rgb pad 1 S2 pool-max", "rgb", "sobel_x", (1, 1, 1, 1), "zeros", (2, 2), "pool-max", 3),
    ("sobel_x rgb pad 1 S2 pool-avg", "rgb", "sobel_x", (1, 1, 1, 1), "zeros", (2, 2), "pool-avg", 3),
    ("sobel_x rgb pad 1 S2 blurpool F3", "rgb", "sobel_x", (1, 1, 1, 1), "zeros", (2, 2), "blurpool", 3),
    ("sobel_y gray S3 stride", "gray", "sobel_y", (0, 0, 0, 0), "zeros", (3, 3), "stride", 3),
    ("sobel_y gray S3 pool-max", "gray", "sobel_y", (0, 0, 0, 0), "zeros", (3, 3), "pool-max", 3),
    ("sobel_y gray S3 pool-avg", "gray", "sobel_y", (0, 0, 0, 0), "zeros", (3, 3), "pool-avg", 3),
    ("sobel_y gray S3 blurpool F1", "gray", "sobel_y", (0, 0, 0, 0), "zeros", (3, 3), "blurpool", 1),
    ("sobel_y gray S3 blurpool F2", "gray", "sobel_y", (0, 0, 0, 0), "zeros", (3, 3), "blurpool", 2),
    ("gaussian5 gray reflect 2 S2 blurpool F4", "gray", "gaussian5", (2, 2, 2, 2), "reflect", (2, 2), "blurpool", 4),
    ("gaussian5 gray reflect 2 S2 stride", "gray", "gaussian5", (2, 2, 2, 2), "reflect", (2, 2), "stride", 3),
    ("emboss rgb replicate 1 S2x3 blurpool F5", "rgb", "emboss", (1, 1, 1, 1), "replicate", (2, 3), "blurpool", 5),
    ("emboss rgb replicate 1 S2x3 pool-max", "rgb", "emboss", (1, 1, 1, 1), "replicate", (2, 3), "pool-max", 3),
    ("laplacian rgb circular 1 S4 stride", "rgb", "laplacian", (1, 1, 1, 1), "circular", (4, 4), "stride", 3),
    ("laplacian rgb circular 1 S4 pool-avg", "rgb", "laplacian", (1, 1, 1, 1), "circular", (4, 4), "pool-avg", 3),
    ("box2 gray S2 blurpool F7", "gray", "box2", (0, 0, 0, 0), "zeros", (2, 2), "blurpool", 7),
    ("box2 gray S2 blurpool F6", "gray", "box2", (0, 0, 0, 0), "zeros", (2, 2), "blurpool", 6),
    ("odd2x3 rgb pad 1,0,2,1 S3x2 stride", "rgb", "odd2x3", (1, 0, 2, 1), "zeros", (3, 2), "stride", 3),
    ("odd2x3 rgb pad 1,0,2,1 S3x2 blurpool F3", "rgb", "odd2x3", (1, 0, 2, 1), "zeros", (3, 2), "blurpool", 3),
    ("ERR big11 gray blurpool F3 reflect pad too large", "gray", "big11", (0, 0, 0, 0), "zeros", (2, 2), "blurpool", 3),
]


def picture():
    rng = random.Random(8)
    return [rng.randrange(256) for _ in range(HEIGHT * WIDTH * 3)]


def write_png(path, rgb):
    raw = b"".join(b"\x00" + bytes(rgb[y * WIDTH * 3:(y + 1) * WIDTH * 3]) for y in range(HEIGHT))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def to_tensor(rgb, color):
    x = torch.tensor(rgb, dtype=torch.float32).reshape(HEIGHT, WIDTH, 3).permute(2, 0, 1) / 255
    if color == "gray":
        x = (0.299 * x[0] + 0.587 * x[1] + 0.114 * x[2]).unsqueeze(0)
    return x.unsqueeze(0)


def binomial(f):
    row = [math.comb(f - 1, k) for k in range(f)]
    return [a * b for a in row for b in row], sum(row) ** 2


def route(x, kernel, padding, mode, stride, name, blur):
    c = x.shape[1]
    kh, kw, values = KERNELS[kernel]
    w = torch.tensor(values, dtype=torch.float32).reshape(1, 1, kh, kw).repeat(c, 1, 1, 1)
    top, bottom, left, right = padding
    fmode = "constant" if mode == "zeros" else mode
    padded = F.pad(x, (left, right, top, bottom), mode=fmode)
    if name == "stride":
        return F.conv2d(padded, w, stride=stride, groups=c)
    dense = F.conv2d(padded, w, stride=1, groups=c)
    if name == "stride1":
        return dense
    if name == "pool-max":
        return F.max_pool2d(dense, kernel_size=stride, stride=stride)
    if name == "pool-avg":
        return F.avg_pool2d(dense, kernel_size=stride, stride=stride)
    assert name == "blurpool"
    taps, total = binomial(blur)
    filt = (torch.tensor(taps, dtype=torch.float32) / total).reshape(1, 1, blur, blur).repeat(c, 1, 1, 1)
    before, after = (blur - 1) // 2, math.ceil((blur - 1) / 2)
    return F.conv2d(F.pad(dense, (before, after, before, after), mode="reflect"), filt, stride=stride, groups=c)


def number(v):
    v = float(v)
    if v == int(v) and abs(v) < 1e15:
        return int(v)
    return float("%.9g" % v)


def main():
    rgb = picture()
    write_png(OUT_PNG, rgb)
    cases = []
    for name, color, kernel, padding, mode, stride, route_name, blur in CASES:
        kh, kw, values = KERNELS[kernel]
        case = {
            "name": name, "color": color,
            "kernel": {"h": kh, "w": kw, "values": [number(v) for v in values]},
            "padding": list(padding), "padding_mode": mode, "stride": list(stride),
            "route": route_name, "blur": blur,
        }
        try:
            y = route(to_tensor(rgb, color), kernel, padding, mode, stride, route_name, blur).squeeze(0)
            case["shape"] = list(y.shape)
            case["output"] = [number(v) for v in y.flatten().tolist()]
        except RuntimeError as e:
            assert name.startswith("ERR"), (name, e)
            case["error"] = str(e).splitlines()[0]
            case["mentions"] = "reflect"
        cases.append(case)
    doc = {"generator": "tests/golden/gen_image_routes.py", "torch_version": torch.__version__,
           "input": {"height": HEIGHT, "width": WIDTH, "png": "tests/golden/image_input.png", "rgb": rgb}}
    with open(OUT_JSON, "w") as f:
        f.write("{\n")
        for key, value in doc.items():
            f.write(json.dumps(key) + ": " + json.dumps(value, separators=(",", ":")) + ",\n")
        f.write('"cases": [\n')
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")


if __name__ == "__main__":
    main()
