#!/usr/bin/python3
"""Golden vectors for the Stride Convolution Lab core, computed with PyTorch.

Run from the repository root:  /usr/bin/python3 tests/golden/gen_golden.py
Writes tests/golden/cases.json, tests/golden/large.json and tests/golden/manifest.json (see
tests/golden/README.md for the formats).

Each case is a request of `strideconv compute` plus what PyTorch does with it: either the output
(shape C x H x W and values) or, when PyTorch refuses, the first line of its exception message and
a word our own error message must contain. The generator is deterministic: all data comes from
random.Random with fixed seeds (never torch's RNG), and values are small integers or decimals.
"""

import hashlib
import json
import os
import random
import sys
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

warnings.filterwarnings("ignore")
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "cases.json")
LARGE_OUT = os.path.join(HERE, "large.json")
MANIFEST_OUT = os.path.join(HERE, "manifest.json")

MODES = ["zeros", "reflect", "replicate", "circular"]


# ---------------------------------------------------------------------------------------------
# Request interpretation (mirrors the CLI's parser: an int means both axes; absent = default)

def pair(v, default):
    if v is None:
        return tuple(default)
    if isinstance(v, int):
        return (v, v)
    assert isinstance(v, list) and len(v) == 2, v
    return (v[0], v[1])


def dims(nested):
    """Shape of a rectangular nested list."""
    shape = []
    while isinstance(nested, list):
        shape.append(len(nested))
        nested = nested[0] if nested else None
    return shape


def tensor(nested):
    return torch.tensor(nested, dtype=torch.float32)


def run(req):
    """Apply the request with PyTorch. Returns a C x H x W tensor or raises."""
    op = req["op"]
    x = tensor(req["input"]).unsqueeze(0)
    if op in ("conv2d", "conv_transpose2d"):
        w = tensor(req["weight"])
        b = None if req.get("bias") is None else tensor(req["bias"])
        stride = pair(req.get("stride"), (1, 1))
        dilation = pair(req.get("dilation"), (1, 1))
        groups = req.get("groups", 1)
        if op == "conv_transpose2d":
            padding = pair(req.get("padding"), (0, 0))
            output_padding = pair(req.get("output_padding"), (0, 0))
            y = F.conv_transpose2d(x, w, b, stride, padding, output_padding, groups, dilation)
            return y.squeeze(0)
        mode = req.get("padding_mode", "zeros")
        padding = req.get("padding", 0)
        if isinstance(padding, list) and len(padding) == 4:
            top, bottom, left, right = padding
            fmode = "constant" if mode == "zeros" else mode
            x = F.pad(x, (left, right, top, bottom), mode=fmode)
            y = F.conv2d(x, w, b, stride, 0, dilation, groups)
        elif mode == "zeros":
            if not isinstance(padding, str):
                padding = pair(padding, (0, 0))
            y = F.conv2d(x, w, b, stride, padding, dilation, groups)
        else:
            # nn.Conv2d is the only PyTorch API for these modes (and for 'same' with them):
            # it pads with F.pad (for 'same': total dilation*(k-1), floor half before) and then
            # calls F.conv2d with padding 0. Use it as is, constructor checks included.
            if not isinstance(padding, str):
                padding = pair(padding, (0, 0))
            out_ch, kh, kw = w.shape[0], w.shape[2], w.shape[3]
            m = nn.Conv2d(x.shape[1], out_ch, (kh, kw), stride, padding, dilation, groups,
                          bias=b is not None, padding_mode=mode)
            with torch.no_grad():
                m.weight = nn.Parameter(w)
                if b is not None:
                    m.bias = nn.Parameter(b)
                y = m(x)
        return y.squeeze(0)
    kernel = pair(req.get("kernel_size"), None)
    stride = None if req.get("stride") is None else pair(req["stride"], None)
    padding = pair(req.get("padding"), (0, 0))
    ceil_mode = req.get("ceil_mode", False)
    if op == "max_pool2d":
        dilation = pair(req.get("dilation"), (1, 1))
        return F.max_pool2d(x, kernel, stride, padding, dilation, ceil_mode).squeeze(0)
    if op == "avg_pool2d":
        return F.avg_pool2d(x, kernel, stride, padding, ceil_mode,
                            req.get("count_include_pad", True),
                            req.get("divisor_override")).squeeze(0)
    raise ValueError("unknown op " + op)


def mentions_for(req, msg):
    """The word our own error message must contain for the rule PyTorch applied."""
    op = req["op"]
    m = msg.lower()
    if "same" in m and "strided" in m:
        return "stride"
    if "output padding" in m or "output_padding" in m:
        return "output_padding"
    if "stride" in m and ("non-positive" in m or "zero" in m):
        return "stride"
    if "dilation" in m:
        return "dilation"
    if "kernel size should be greater than zero" in m:
        return "kernel"
    if "negative padding" in m or "pad must be non-negative" in m or "half of kernel" in m:
        return "padding"
    if "padding size should be less than" in m or "wrapping around" in m:
        return "padding"
    if "groups" in m and ("non-positive" in m or "positive integer" in m):
        return "groups"
    if "divisible" in m or "expected weight to be at least" in m:
        return "groups"
    if "expected bias" in m:
        return "bias"
    if "channels" in m and "expected input" in m:
        groups = req.get("groups", 1)
        c_in = len(req["input"])
        if op == "conv2d" and groups > 0 and c_in % groups != 0:
            return "groups"
        return "channels"
    if "kernel size can't be greater" in m:
        return "kernel"
    if "output size is too small" in m:
        return "output"
    if "divisor must be not zero" in m:
        return "divisor"
    raise RuntimeError("unclassified torch message: " + msg)


def num(v):
    v = float("%.9g" % v)  # float32 round-trips with 9 significant digits
    if v == int(v) and abs(v) < 2 ** 24:
        return int(v)
    return v


def evaluate(name, req):
    try:
        y = run(req)
    except Exception as e:  # noqa: BLE001 - any refusal is recorded
        msg = str(e).strip().splitlines()[0]
        return {"name": name, "request": req,
                "expect": {"error": msg, "mentions": mentions_for(req, msg)}}
    if y.numel() == 0:
        return {"name": name, "request": req,
                "expect": {"error": "empty output of shape %s" % list(y.shape),
                           "mentions": "output",
                           "note": "torch returns an empty tensor; we refuse"}}
    out = [[[num(v) for v in row] for row in ch] for ch in y.tolist()]
    return {"name": name, "request": req, "expect": {"shape": list(y.shape), "output": out}}


# ---------------------------------------------------------------------------------------------
# Data helpers

RNG = random.Random(20240531)


def seq(c, h, w, start=1):
    v = start
    out = []
    for _ in range(c):
        ch = []
        for _ in range(h):
            ch.append(list(range(v, v + w)))
            v += w
        out.append(ch)
    return out


def rnd(shape, lo=-3, hi=4, rng=None, decimals=None):
    rng = rng or RNG
    if len(shape) == 1:
        if decimals is None:
            return [rng.randint(lo, hi) for _ in range(shape[0])]
        return [round(rng.uniform(lo, hi), decimals) for _ in range(shape[0])]
    return [rnd(shape[1:], lo, hi, rng, decimals) for _ in range(shape[0])]


def ones(shape):
    if len(shape) == 1:
        return [1] * shape[0]
    return [ones(shape[1:]) for _ in range(shape[0])]


def conv(inp, weight, bias=None, **kw):
    r = {"op": "conv2d", "input": inp, "weight": weight, "bias": bias}
    r.update(kw)
    return r


def convt(inp, weight, bias=None, **kw):
    r = {"op": "conv_transpose2d", "input": inp, "weight": weight, "bias": bias}
    r.update(kw)
    return r


def maxp(inp, **kw):
    r = {"op": "max_pool2d", "input": inp}
    r.update(kw)
    return r


def avgp(inp, **kw):
    r = {"op": "avg_pool2d", "input": inp}
    r.update(kw)
    return r


# ---------------------------------------------------------------------------------------------
# Hand-written cases

SEED = seq(1, 5, 5)
K_ONES = [[ones([3, 3])]]
K_SOBEL = [[[[1, 0, -1], [2, 0, -2], [1, 0, -1]]]]
K_LAPLACE = [[[[0, 1, 0], [1, -4, 1], [0, 1, 0]]]]


def hand_cases():
    c = []

    def add(name, req):
        c.append((name, req))

    # Seed examples.
    add("seed 5x5 ones3x3 s1", conv(SEED, K_ONES, stride=[1, 1]))
    add("seed 5x5 ones3x3 s2", conv(SEED, K_ONES, stride=[2, 2]))
    add("seed 5x5 sobel s1", conv(SEED, K_SOBEL, stride=[1, 1]))
    add("seed 5x5 sobel s2", conv(SEED, K_SOBEL, stride=[2, 2]))
    add("seed 5x5 laplace s1 p1", conv(SEED, K_LAPLACE, stride=[1, 1], padding=[1, 1]))
    add("seed 5x5 ones3x3 s2 p1", conv(SEED, K_ONES, stride=[2, 2], padding=[1, 1]))
    add("seed defaults only", conv(SEED, K_ONES))
    add("seed bias 0.5", conv(SEED, K_ONES, [0.5], stride=[2, 2]))

    # Bare ints for pairs.
    add("int stride 2", conv(SEED, K_ONES, stride=2))
    add("int stride/padding/dilation", conv(seq(1, 7, 6), K_SOBEL, stride=2, padding=1, dilation=2))
    add("int padding 2 reflect", conv(SEED, K_LAPLACE, padding=2, padding_mode="reflect"))
    add("int convT stride 2 padding 1", convt(seq(1, 3, 3), K_ONES, stride=2, padding=1,
                                             output_padding=1))
    add("int maxpool kernel 2", maxp(SEED, kernel_size=2))
    add("int avgpool kernel 3 stride 2 padding 1", avgp(SEED, kernel_size=3, stride=2, padding=1))
    add("int maxpool dilation 2", maxp(seq(1, 7, 7), kernel_size=2, stride=1, dilation=2))

    # Padding modes, symmetric and 4-sided.
    x45 = rnd([1, 4, 5])
    w33 = rnd([1, 1, 3, 3])
    for mode in MODES:
        add("mode %s p1 4x5" % mode, conv(x45, w33, padding=[1, 1], padding_mode=mode))
        add("mode %s p[2,1] s2 4x5" % mode,
            conv(x45, w33, stride=[2, 2], padding=[2, 1], padding_mode=mode))
        add("mode %s p[1,3] 4x5" % mode, conv(x45, w33, padding=[1, 3], padding_mode=mode))
        for sides in ([0, 2, 1, 0], [2, 0, 0, 1], [1, 2, 3, 0], [0, 0, 2, 2], [3, 1, 0, 4]):
            add("mode %s sides %s 4x5" % (mode, sides),
                conv(x45, w33, padding=sides, padding_mode=mode))
        add("mode %s sides [1,0,0,1] s2 bias" % mode,
            conv(x45, w33, [1.5], stride=[2, 2], padding=[1, 0, 0, 1], padding_mode=mode))
        add("mode %s 2ch sides [1,2,2,1] k2x3" % mode,
            conv(rnd([2, 3, 4]), rnd([2, 2, 2, 3]), padding=[1, 2, 2, 1], padding_mode=mode))
        add("%smode %s 1x1 input p1" % ("ERR " if mode == "reflect" else "", mode),
            conv([[[5]]], w33, padding=[1, 1], padding_mode=mode))
        add("mode %s dilation 2 p2" % mode,
            conv(seq(1, 5, 6), K_LAPLACE, padding=[2, 2], dilation=[2, 2], padding_mode=mode))
    add("circular padding == input size", conv(seq(1, 3, 3), K_ONES, padding=[3, 3],
                                               padding_mode="circular"))
    add("reflect padding == size-1", conv(seq(1, 3, 4), K_ONES, padding=[2, 3],
                                          padding_mode="reflect"))
    add("replicate padding larger than input", conv(seq(1, 2, 2), K_ONES, padding=[4, 3],
                                                    padding_mode="replicate"))

    # 'same' and 'valid'.
    for mode in MODES:
        add("same k3 %s" % mode, conv(x45, w33, padding="same", padding_mode=mode))
        add("same k2 even %s" % mode, conv(x45, rnd([1, 1, 2, 2]), padding="same",
                                          padding_mode=mode))
        add("same k4x2 %s" % mode, conv(seq(1, 5, 6), rnd([1, 1, 4, 2]), padding="same",
                                       padding_mode=mode))
        add("same k2 d3 %s" % mode, conv(seq(1, 6, 7), rnd([1, 1, 2, 2]), padding="same",
                                        dilation=[3, 3], padding_mode=mode))
        add("same k3x2 d[2,1] %s" % mode, conv(seq(1, 6, 5), rnd([1, 1, 3, 2]), padding="same",
                                              dilation=[2, 1], padding_mode=mode))
        add("valid k3 %s" % mode, conv(x45, w33, padding="valid", padding_mode=mode))
    add("same k2 d2", conv(SEED, rnd([1, 1, 2, 2]), padding="same", dilation=[2, 2]))
    add("same k1", conv(SEED, [[[[2]]]], padding="same"))
    add("same 2ch->3 k4 bias", conv(rnd([2, 4, 4]), rnd([3, 2, 4, 4]), [1, -1, 2],
                                    padding="same"))
    add("same groups 2", conv(rnd([4, 3, 5]), rnd([4, 2, 2, 3]), padding="same", groups=2))
    add("same stride [1,1] explicit", conv(SEED, K_SOBEL, padding="same", stride=[1, 1]))
    add("valid k5 on 5x5", conv(SEED, rnd([1, 1, 5, 5]), padding="valid"))
    add("same 1x1 input k3", conv([[[7]]], K_LAPLACE, padding="same"))

    # Dilation.
    x77 = seq(1, 7, 7)
    for d in (1, 2, 3):
        add("dilation %d 7x7 k3" % d, conv(x77, K_SOBEL, dilation=[d, d]))
        add("dilation %d 7x7 k2 s2" % d, conv(x77, rnd([1, 1, 2, 2]), stride=[2, 2],
                                             dilation=[d, d]))
    add("dilation [1,3] 6x8 k2x3", conv(seq(1, 6, 8), rnd([1, 1, 2, 3]), dilation=[1, 3]))
    add("dilation [3,2] p[2,1] s[2,1]", conv(seq(1, 8, 7), K_LAPLACE, dilation=[3, 2],
                                             padding=[2, 1], stride=[2, 1]))
    add("dilation 3 effective kernel == input", conv(x77, rnd([1, 1, 3, 3]), dilation=[3, 3]))

    # Groups.
    add("depthwise C3 mult2", conv(rnd([3, 5, 5]), rnd([6, 1, 3, 3]), groups=3))
    add("depthwise C3 mult2 bias s2 p1", conv(rnd([3, 5, 5]), rnd([6, 1, 3, 3]),
                                             [1, 2, 3, -1, -2, -3], groups=3, stride=[2, 2],
                                             padding=[1, 1]))
    add("depthwise C2 mult1", conv(rnd([2, 4, 4]), rnd([2, 1, 2, 2]), groups=2))
    add("groups 2 C4 O4", conv(rnd([4, 4, 5]), rnd([4, 2, 3, 3]), groups=2))
    add("groups 2 C4 O2", conv(rnd([4, 4, 5]), rnd([2, 2, 3, 3]), groups=2))
    add("groups 2 C4 O6 bias", conv(rnd([4, 4, 4]), rnd([6, 2, 2, 2]), [1, 0, -1, 2, 0, 1],
                                    groups=2))
    add("groups 2 C4 reflect p1", conv(rnd([4, 4, 4]), rnd([2, 2, 3, 3]), groups=2,
                                       padding=[1, 1], padding_mode="reflect"))
    add("groups 4 C4 circular", conv(rnd([4, 3, 3]), rnd([4, 1, 3, 3]), groups=4,
                                     padding=[1, 1], padding_mode="circular"))
    add("groups 3 C6 O3", conv(rnd([6, 3, 4]), rnd([3, 2, 2, 2]), groups=3))

    # Multi-channel, bias / no bias.
    x3 = rnd([3, 5, 6])
    w3 = rnd([2, 3, 3, 3])
    add("3ch->2 no bias", conv(x3, w3))
    add("3ch->2 bias", conv(x3, w3, [2, -3]))
    add("3ch->2 bias s2 p1", conv(x3, w3, [2, -3], stride=[2, 2], padding=[1, 1]))
    add("2ch->1 floats", conv(rnd([2, 4, 4], -1, 1, decimals=2), rnd([1, 2, 2, 2], -1, 1,
                                                                    decimals=2), [0.25]))
    add("1ch->3 floats p1", conv(rnd([1, 5, 5], -2, 2, decimals=3),
                                 rnd([3, 1, 3, 3], -1, 1, decimals=3), [0.1, -0.2, 0.3],
                                 padding=[1, 1]))

    # Non-square shapes and strides; floor drops rows/cols.
    add("6x6 k3 s2 (drops last row/col)", conv(seq(1, 6, 6), K_ONES, stride=[2, 2]))
    add("7x5 k2 s3", conv(seq(1, 7, 5), rnd([1, 1, 2, 2]), stride=[3, 3]))
    add("k2 s3 stride > kernel", conv(seq(1, 8, 8), [[ones([2, 2])]], stride=[3, 3]))
    add("k1 s2", conv(seq(1, 5, 6), [[[[3]]]], stride=[2, 2]))
    add("k1 s[3,2] p1", conv(seq(1, 5, 6), [[[[-1]]]], stride=[3, 2], padding=[1, 1]))
    add("stride > input 3x3 k1 s5", conv(seq(1, 3, 3), [[[[2]]]], stride=[5, 5]))
    add("stride > input 2x2 k2 s4 p1", conv(seq(1, 2, 2), [[ones([2, 2])]], stride=[4, 4],
                                            padding=[1, 1]))
    add("stride [1,3] 4x9 k1x3", conv(seq(1, 4, 9), [[[[1, 2, 3]]]], stride=[1, 3]))
    add("stride [2,1] 9x4 k3x1", conv(seq(1, 9, 4), [[[[1], [0], [-1]]]], stride=[2, 1]))
    add("non-square 3x8 k2x4 s[1,2]", conv(seq(1, 3, 8), rnd([1, 1, 2, 4]), stride=[1, 2]))
    add("non-square 8x3 k4x2 s[3,1] p[1,0]", conv(seq(1, 8, 3), rnd([1, 1, 4, 2]),
                                                  stride=[3, 1], padding=[1, 0]))
    add("1x1 input k1", conv([[[4]]], [[[[3]]]]))
    add("1x1 input k3 p1", conv([[[4]]], K_LAPLACE, padding=[1, 1]))
    add("1x1 input k1 s2", conv([[[4]]], [[[[3]]]], stride=[2, 2]))
    add("1xW row input k1x3", conv([[[1, 2, 3, 4, 5]]], [[[[1, 1, 1]]]]))
    add("Hx1 column input k2x1 s2", conv([[[1], [2], [3], [4], [5]]], [[[[1], [2]]]],
                                         stride=[2, 2]))
    add("kernel == input 5x5", conv(SEED, [[ones([5, 5])]]))

    # conv_transpose2d.
    x22 = seq(1, 2, 2)
    add("convT 2x2 k3 s1", convt(x22, K_ONES))
    add("convT 2x2 k3 s2", convt(x22, K_ONES, stride=[2, 2]))
    add("convT 2x2 k3 s2 op1", convt(x22, K_ONES, stride=[2, 2], output_padding=[1, 1]))
    add("convT 3x3 k3 s2 p1 op1", convt(seq(1, 3, 3), rnd([1, 1, 3, 3]), stride=[2, 2],
                                        padding=[1, 1], output_padding=[1, 1]))
    add("convT 3x3 k2 s2 (upsample x2)", convt(seq(1, 3, 3), rnd([1, 1, 2, 2]), stride=[2, 2]))
    add("convT k1 s3", convt(x22, [[[[2]]]], stride=[3, 3]))
    add("convT k1 s3 op2", convt(x22, [[[[2]]]], stride=[3, 3], output_padding=[2, 2]))
    add("convT k2 s3 gaps", convt(seq(1, 3, 2), rnd([1, 1, 2, 2]), stride=[3, 3]))
    add("convT dilation 2", convt(x22, K_SOBEL, dilation=[2, 2]))
    add("convT dilation 2 op1 s1", convt(x22, K_SOBEL, dilation=[2, 2], output_padding=[1, 1]))
    add("convT dilation [1,2] s[2,1] op[1,1]", convt(seq(1, 3, 3), rnd([1, 1, 2, 2]),
                                                     stride=[2, 1], dilation=[1, 2],
                                                     output_padding=[1, 1]))
    add("convT padding 2 k3 s1", convt(seq(1, 4, 4), K_ONES, padding=[2, 2]))
    add("convT padding [1,0] s[2,3] op[1,2]", convt(seq(1, 3, 4), rnd([1, 1, 3, 3]),
                                                    stride=[2, 3], padding=[1, 0],
                                                    output_padding=[1, 2]))
    add("convT 2ch->3 bias", convt(rnd([2, 3, 3]), rnd([2, 3, 2, 2]), [1, -1, 0.5],
                                   stride=[2, 2]))
    add("convT groups 2 C4 O2", convt(rnd([4, 2, 3]), rnd([4, 1, 3, 3]), groups=2))
    add("convT groups 2 C4 O4 s2", convt(rnd([4, 2, 2]), rnd([4, 2, 2, 2]), groups=2,
                                         stride=[2, 2]))
    add("convT depthwise C3 mult2 bias", convt(rnd([3, 2, 2]), rnd([3, 2, 3, 3]),
                                               [1, 2, 3, 4, 5, 6], groups=3, stride=[2, 2],
                                               padding=[1, 1], output_padding=[1, 1]))
    add("convT 1x1 input k3", convt([[[2]]], K_LAPLACE))
    add("convT 1x1 input k3 p1", convt([[[2]]], K_LAPLACE, padding=[1, 1]))
    add("convT non-square k2x3 s[1,2]", convt(seq(1, 2, 3), rnd([1, 1, 2, 3]), stride=[1, 2]))
    add("convT floats", convt(rnd([1, 2, 3], -1, 1, decimals=2),
                              rnd([1, 2, 2, 2], -1, 1, decimals=2), [0.5, -0.5], stride=[2, 2]))

    # max_pool2d.
    xm = rnd([1, 6, 7], -9, 9)
    neg = rnd([1, 5, 5], -9, -1)
    add("maxpool k2 default stride", maxp(SEED, kernel_size=[2, 2]))
    add("maxpool k3 s2", maxp(xm, kernel_size=[3, 3], stride=[2, 2]))
    add("maxpool k3 s2 p1", maxp(xm, kernel_size=[3, 3], stride=[2, 2], padding=[1, 1]))
    add("maxpool negative values p1 (pad is -inf)", maxp(neg, kernel_size=[2, 2],
                                                        stride=[1, 1], padding=[1, 1]))
    add("maxpool ceil 5 k2 s2 p1 drops window in right pad",
        maxp(SEED, kernel_size=[2, 2], stride=[2, 2], padding=[1, 1], ceil_mode=True))
    add("maxpool floor 5 k2 s2 p1", maxp(SEED, kernel_size=[2, 2], stride=[2, 2],
                                         padding=[1, 1], ceil_mode=False))
    add("maxpool ceil 6x7 k3 s2", maxp(xm, kernel_size=[3, 3], stride=[2, 2], ceil_mode=True))
    add("maxpool ceil 5 k2 default stride", maxp(SEED, kernel_size=[2, 2], ceil_mode=True))
    add("maxpool ceil 5 k3 s3 p1", maxp(SEED, kernel_size=[3, 3], stride=[3, 3],
                                        padding=[1, 1], ceil_mode=True))
    add("maxpool ceil 4 k2 s3 p1", maxp(seq(1, 4, 4), kernel_size=[2, 2], stride=[3, 3],
                                        padding=[1, 1], ceil_mode=True))
    add("maxpool ceil 1x1 k2 s2", maxp([[[3]]], kernel_size=[2, 2], stride=[2, 2],
                                       ceil_mode=True))
    add("maxpool dilation 2 k2", maxp(xm, kernel_size=[2, 2], stride=[1, 1], dilation=[2, 2]))
    add("maxpool dilation 2 k3 p1 (pad uses k/2)", maxp(seq(1, 7, 7), kernel_size=[3, 3],
                                                       stride=[2, 2], padding=[1, 1],
                                                       dilation=[2, 2]))
    add("maxpool dilation [1,3] k2 ceil", maxp(xm, kernel_size=[2, 2], stride=[2, 2],
                                               dilation=[1, 3], ceil_mode=True))
    add("maxpool non-square k[2,3] s[1,2]", maxp(xm, kernel_size=[2, 3], stride=[1, 2]))
    add("maxpool k1 s2", maxp(xm, kernel_size=[1, 1], stride=[2, 2]))
    add("maxpool 1x1 k1", maxp([[[3]]], kernel_size=[1, 1]))
    add("maxpool 1x1 k2 p1", maxp([[[3]]], kernel_size=[2, 2], stride=[1, 1], padding=[1, 1]))
    add("maxpool 3ch k2", maxp(rnd([3, 4, 4], -9, 9), kernel_size=[2, 2]))
    add("maxpool stride > input", maxp(seq(1, 3, 3), kernel_size=[2, 2], stride=[4, 4]))
    add("maxpool floats", maxp(rnd([1, 4, 5], -1, 1, decimals=3), kernel_size=[2, 2],
                               stride=[1, 2]))
    add("maxpool 2x2 k3 ceil (window larger than input, torch accepts)",
        maxp(seq(1, 2, 2), kernel_size=[3, 3], ceil_mode=True))
    add("maxpool k4 p2 (pad == k/2)", maxp(seq(1, 5, 5), kernel_size=[4, 4], stride=[2, 2],
                                           padding=[2, 2]))

    # avg_pool2d.
    xa = rnd([1, 5, 6], -6, 9)
    add("avgpool k2 default stride", avgp(SEED, kernel_size=[2, 2]))
    add("avgpool k3 s1", avgp(xa, kernel_size=[3, 3], stride=[1, 1]))
    for cip in (True, False):
        add("avgpool k3 s2 p1 cip=%s" % cip, avgp(xa, kernel_size=[3, 3], stride=[2, 2],
                                                  padding=[1, 1], count_include_pad=cip))
        add("avgpool k2 s2 p1 ceil cip=%s" % cip, avgp(SEED, kernel_size=[2, 2], stride=[2, 2],
                                                       padding=[1, 1], ceil_mode=True,
                                                       count_include_pad=cip))
        add("avgpool 6x6 k3 s2 p1 ceil cip=%s" % cip,
            avgp(seq(1, 6, 6), kernel_size=[3, 3], stride=[2, 2], padding=[1, 1],
                 ceil_mode=True, count_include_pad=cip))
        add("avgpool 5x6 k3 s2 ceil cip=%s (window past input)" % cip,
            avgp(xa, kernel_size=[3, 3], stride=[2, 2], ceil_mode=True, count_include_pad=cip))
        add("avgpool k[2,4] p[1,2] cip=%s" % cip, avgp(xa, kernel_size=[2, 4], stride=[1, 1],
                                                       padding=[1, 2], count_include_pad=cip))
    for div in (1, 3, 7):
        add("avgpool divisor_override %d" % div,
            avgp(xa, kernel_size=[2, 2], stride=[1, 1], padding=[1, 1], divisor_override=div))
    add("avgpool divisor_override 2 ceil cip=false",
        avgp(SEED, kernel_size=[2, 2], stride=[2, 2], padding=[1, 1], ceil_mode=True,
             count_include_pad=False, divisor_override=2))
    add("avgpool divisor_override null", avgp(SEED, kernel_size=[2, 2], divisor_override=None))
    add("avgpool divisor_override negative (torch accepts)",
        avgp(seq(1, 4, 4), kernel_size=[2, 2], divisor_override=-2))
    add("avgpool ceil 1x1 k2 s2", avgp([[[3]]], kernel_size=[2, 2], stride=[2, 2],
                                       ceil_mode=True))
    add("avgpool 1x1 k3 p1 cip", avgp([[[3]]], kernel_size=[3, 3], stride=[1, 1],
                                      padding=[1, 1]))
    add("avgpool 1x1 k3 p1 no cip", avgp([[[3]]], kernel_size=[3, 3], stride=[1, 1],
                                         padding=[1, 1], count_include_pad=False))
    for cip in (True, False):
        add("avgpool 2x2 k3 ceil cip=%s (window larger than input)" % cip,
            avgp(seq(1, 2, 2), kernel_size=[3, 3], ceil_mode=True, count_include_pad=cip))
        add("avgpool 2x3 k3 s2 p1 ceil cip=%s" % cip,
            avgp(seq(1, 2, 3), kernel_size=[3, 3], stride=[2, 2], padding=[1, 1],
                 ceil_mode=True, count_include_pad=cip))
    add("avgpool k1 s3", avgp(xa, kernel_size=[1, 1], stride=[3, 3]))
    add("avgpool 2ch non-square s[2,1]", avgp(rnd([2, 4, 5]), kernel_size=[2, 3],
                                              stride=[2, 1]))
    add("avgpool floats", avgp(rnd([1, 4, 4], -1, 1, decimals=3), kernel_size=[3, 3],
                               stride=[1, 1], padding=[1, 1], count_include_pad=False))

    # ---- Refused configurations -----------------------------------------------------------
    add("ERR conv stride 0", conv(SEED, K_ONES, stride=[0, 0]))
    add("ERR conv stride [1,0]", conv(SEED, K_ONES, stride=[1, 0]))
    add("ERR conv stride -1", conv(SEED, K_ONES, stride=[-1, -1]))
    add("ERR conv int stride 0", conv(SEED, K_ONES, stride=0))
    add("ERR conv stride 0 reflect", conv(SEED, K_ONES, stride=[0, 1], padding=[1, 1],
                                          padding_mode="reflect"))
    add("ERR conv dilation 0", conv(SEED, K_ONES, dilation=[0, 0]))
    add("ERR conv dilation [1,0]", conv(SEED, K_ONES, dilation=[1, 0]))
    add("ERR conv dilation -1", conv(SEED, K_ONES, dilation=[-1, -1]))
    add("ERR conv negative padding", conv(SEED, K_ONES, padding=[-1, -1]))
    add("ERR conv negative padding width", conv(SEED, K_ONES, padding=[0, -1]))
    add("ERR conv groups 0", conv(SEED, K_ONES, groups=0))
    add("ERR conv groups 0 replicate", conv(SEED, K_ONES, groups=0, padding=[1, 1],
                                            padding_mode="replicate"))
    add("ERR conv groups -1", conv(SEED, K_ONES, groups=-1))
    add("ERR conv C3 groups 2", conv(rnd([3, 4, 4]), rnd([2, 1, 3, 3]), groups=2))
    add("ERR conv C3 groups 2 reflect", conv(rnd([3, 4, 4]), rnd([2, 1, 3, 3]), groups=2,
                                             padding=[1, 1], padding_mode="reflect"))
    add("ERR conv out channels 3 groups 2", conv(rnd([2, 4, 4]), rnd([3, 1, 3, 3]), groups=2))
    add("ERR conv out channels 3 groups 2 circular",
        conv(rnd([2, 4, 4]), rnd([3, 1, 3, 3]), groups=2, padding=[1, 1],
             padding_mode="circular"))
    add("ERR conv weight in-channels 2 vs input 1", conv(SEED, rnd([1, 2, 3, 3])))
    add("ERR conv weight in-channels 1 vs input 3", conv(rnd([3, 4, 4]), rnd([2, 1, 3, 3])))
    add("ERR conv groups 2 weight in-channels 1 vs 2",
        conv(rnd([4, 4, 4]), rnd([2, 1, 3, 3]), groups=2))
    add("ERR conv kernel 6 > input 5", conv(SEED, rnd([1, 1, 6, 6])))
    add("ERR conv kernel 1x6 > width 5", conv(SEED, rnd([1, 1, 1, 6])))
    add("ERR conv dilated kernel 7 > input 5", conv(SEED, K_ONES, dilation=[3, 3]))
    add("ERR conv kernel 4 > 1x1 padded by 1", conv([[[1]]], rnd([1, 1, 4, 4]), padding=[1, 1]))
    add("ERR conv kernel > padded input sides", conv(seq(1, 2, 2), K_ONES, padding=[0, 0, 1, 0]))
    add("ERR conv kernel > padded input replicate", conv(seq(1, 2, 2), rnd([1, 1, 5, 5]),
                                                         padding=[1, 1],
                                                         padding_mode="replicate"))
    add("ERR conv valid kernel > input", conv(seq(1, 3, 3), rnd([1, 1, 4, 4]), padding="valid"))
    add("ERR conv same stride 2", conv(SEED, K_ONES, stride=[2, 2], padding="same"))
    add("ERR conv same stride [1,2]", conv(SEED, K_ONES, stride=[1, 2], padding="same"))
    add("ERR conv same stride 2 reflect", conv(SEED, K_ONES, stride=[2, 2], padding="same",
                                               padding_mode="reflect"))
    add("ERR conv reflect pad 5 on 5x5", conv(SEED, K_ONES, padding=[5, 5],
                                              padding_mode="reflect"))
    add("ERR conv reflect pad == height 4", conv(x45, w33, padding=[4, 1],
                                                 padding_mode="reflect"))
    add("ERR conv reflect 1x1 p1", conv([[[5]]], w33, padding=[1, 1], padding_mode="reflect"))
    add("ERR conv reflect sides right 5", conv(SEED, K_ONES, padding=[0, 0, 0, 5],
                                               padding_mode="reflect"))
    add("ERR conv reflect same k3 d3 on 3x3", conv(seq(1, 3, 3), rnd([1, 1, 3, 3]),
                                                   padding="same", dilation=[3, 3],
                                                   padding_mode="reflect"))
    add("ERR conv circular pad 6 > 5", conv(SEED, K_ONES, padding=[6, 6],
                                            padding_mode="circular"))
    add("ERR conv circular 1x1 p2", conv([[[5]]], w33, padding=[2, 2],
                                         padding_mode="circular"))
    add("ERR conv circular sides top 4 on 3 rows", conv(seq(1, 3, 3), K_ONES,
                                                        padding=[4, 0, 0, 0],
                                                        padding_mode="circular"))
    add("ERR conv bias length 2 for 1 output", conv(SEED, K_ONES, [1, 2]))
    add("ERR conv bias empty", conv(SEED, K_ONES, []))
    add("ERR conv bias length 1 for 2 outputs", conv(x3, w3, [1]))
    add("ERR convT output_padding 2 >= stride 2 and dilation 1",
        convt(x22, K_ONES, stride=[2, 2], output_padding=[2, 2]))
    add("ERR convT output_padding 1 stride 1", convt(x22, K_ONES, output_padding=[1, 1]))
    add("ERR convT output_padding [0,1] stride [2,1]",
        convt(x22, K_ONES, stride=[2, 1], output_padding=[0, 1]))
    add("ERR convT output_padding 2 == stride 2 == dilation 2",
        convt(x22, K_ONES, stride=[2, 2], dilation=[2, 2], output_padding=[2, 2]))
    add("ERR convT negative output_padding", convt(x22, K_ONES, output_padding=[-1, -1]))
    add("ERR convT stride 0", convt(x22, K_ONES, stride=[0, 0]))
    add("ERR convT dilation 0", convt(x22, K_ONES, dilation=[0, 0]))
    add("ERR convT negative padding", convt(x22, K_ONES, padding=[-1, 0]))
    add("ERR convT groups 0", convt(x22, K_ONES, groups=0))
    add("ERR convT C3 groups 2", convt(rnd([3, 2, 2]), rnd([3, 1, 3, 3]), groups=2))
    add("ERR convT weight in-channels 2 vs input 1", convt(x22, rnd([2, 1, 3, 3])))
    add("ERR convT bias length", convt(x22, K_ONES, [1, 2, 3]))
    add("ERR convT output size 0 (padding)", convt([[[1]]], rnd([1, 1, 2, 2]),
                                                   padding=[1, 1]))
    add("ERR convT output size negative", convt([[[1]]], K_ONES, padding=[2, 2]))
    add("ERR maxpool stride 0", maxp(SEED, kernel_size=[2, 2], stride=[0, 0]))
    add("ERR maxpool stride [2,0]", maxp(SEED, kernel_size=[2, 2], stride=[2, 0]))
    add("ERR maxpool stride -1", maxp(SEED, kernel_size=[2, 2], stride=[-1, -1]))
    add("ERR maxpool kernel 0 default stride", maxp(SEED, kernel_size=[0, 0]))
    add("ERR maxpool kernel 0 stride 1", maxp(SEED, kernel_size=[0, 0], stride=[1, 1]))
    add("ERR maxpool dilation 0", maxp(SEED, kernel_size=[2, 2], dilation=[0, 0]))
    add("ERR maxpool negative padding", maxp(SEED, kernel_size=[2, 2], padding=[-1, -1]))
    add("ERR maxpool pad 2 > k3/2", maxp(SEED, kernel_size=[3, 3], stride=[1, 1],
                                         padding=[2, 2]))
    add("ERR maxpool pad 2 > k3/2 even with dilation 2",
        maxp(seq(1, 7, 7), kernel_size=[3, 3], stride=[1, 1], padding=[2, 2], dilation=[2, 2]))
    add("ERR maxpool pad [0,1] > k[2,1]/2", maxp(SEED, kernel_size=[2, 1], stride=[1, 1],
                                                 padding=[0, 1]))
    add("ERR maxpool k6 > input 5", maxp(SEED, kernel_size=[6, 6]))
    add("ERR maxpool dilated k3 d3 > input 5", maxp(SEED, kernel_size=[3, 3], dilation=[3, 3]))
    add("ERR maxpool 2x2 k3 floor", maxp(seq(1, 2, 2), kernel_size=[3, 3]))
    add("ERR avgpool 2x2 k3 floor", avgp(seq(1, 2, 2), kernel_size=[3, 3]))
    add("ERR avgpool stride 0", avgp(SEED, kernel_size=[2, 2], stride=[0, 0]))
    add("ERR avgpool stride -2", avgp(SEED, kernel_size=[2, 2], stride=[-2, 1]))
    add("ERR avgpool kernel 0 stride 1", avgp(SEED, kernel_size=[0, 2], stride=[1, 1]))
    add("ERR avgpool negative padding", avgp(SEED, kernel_size=[2, 2], padding=[0, -1]))
    add("ERR avgpool pad 2 > k3/2", avgp(SEED, kernel_size=[3, 3], padding=[2, 2]))
    add("ERR avgpool pad 1 > k1/2", avgp(SEED, kernel_size=[1, 1], padding=[1, 1]))
    add("ERR avgpool k6 > input 5", avgp(SEED, kernel_size=[6, 6]))
    add("ERR avgpool k[1,7] > width 5", avgp(SEED, kernel_size=[1, 7]))
    add("ERR avgpool divisor_override 0", avgp(SEED, kernel_size=[2, 2], divisor_override=0))
    return c


# ---------------------------------------------------------------------------------------------
# Randomized sweep

def sweep_request(rng):
    op = rng.choice(["conv2d", "conv2d", "conv2d", "conv_transpose2d", "max_pool2d",
                     "avg_pool2d"])
    h, w = rng.randint(1, 9), rng.randint(1, 9)
    square = rng.random() < 0.6

    def p2(lo, hi):
        a = rng.randint(lo, hi)
        return [a, a] if square else [a, rng.randint(lo, hi)]

    k = p2(1, 4)
    s = p2(1, 4)
    d = p2(1, 3) if rng.random() < 0.4 else [1, 1]
    if op in ("conv2d", "conv_transpose2d"):
        cin = rng.randint(1, 4)
        g = rng.choice([1, 1, 1, 2, cin])
        if rng.random() < 0.05:
            g = rng.choice([3, 0])  # often invalid
        if op == "conv2d":
            cout = (g if g > 0 else 1) * rng.randint(1, 2)
            wshape = [cout, max(cin // g, 1) if g > 0 else cin, k[0], k[1]]
        else:
            mult = rng.randint(1, 2)
            cout = (g if g > 0 else 1) * mult
            wshape = [cin, mult, k[0], k[1]]
        inp = rnd([cin, h, w], -4, 5, rng)
        weight = rnd(wshape, -2, 2, rng)
        bias = rnd([cout], -3, 3, rng) if rng.random() < 0.5 else None
        if op == "conv2d":
            mode = rng.choice(MODES)
            form = rng.random()
            if form < 0.15:
                pad = "same"
                s = [1, 1] if rng.random() < 0.85 else s
            elif form < 0.22:
                pad = "valid"
            elif form < 0.45:
                pad = [rng.randint(0, 2) for _ in range(4)]
            else:
                pad = p2(0, 2)
            return conv(inp, weight, bias, stride=s, padding=pad, dilation=d, groups=g,
                        padding_mode=mode)
        pad = p2(0, 2)
        op_ = [rng.randint(0, max(s[0], d[0]) - 1), rng.randint(0, max(s[1], d[1]) - 1)]
        if rng.random() < 0.1:
            op_ = [max(s[0], d[0]), op_[1]]  # invalid
        return convt(inp, weight, bias, stride=s, padding=pad, output_padding=op_,
                     dilation=d, groups=g)
    c = rng.randint(1, 2)
    inp = rnd([c, h, w], -9, 9, rng)
    pad = p2(0, 2)
    if rng.random() < 0.8:  # mostly within PyTorch's pad <= kernel/2 limit
        pad = [min(pad[0], k[0] // 2), min(pad[1], k[1] // 2)]
    r = {"kernel_size": k, "padding": pad, "ceil_mode": rng.random() < 0.5}
    if rng.random() < 0.8:
        r["stride"] = s
    if op == "max_pool2d":
        r["dilation"] = d
        return maxp(inp, **r)
    r["count_include_pad"] = rng.random() < 0.5
    r["divisor_override"] = rng.choice([None, None, None, 1, 2, 5])
    return avgp(inp, **r)


def sweep_cases(n_valid=100, n_refused=25):
    rng = random.Random(1234567)
    valid, refused = [], []
    per_msg = {}
    tries = 0
    while len(valid) < n_valid and tries < 20000:
        tries += 1
        req = sweep_request(rng)
        case = evaluate("", req)
        if "error" in case["expect"]:
            # keep a varied sample: at most 4 per message template (digits stripped)
            key = "".join(ch for ch in case["expect"]["error"] if not ch.isdigit())
            if len(refused) < n_refused and per_msg.get(key, 0) < 4:
                per_msg[key] = per_msg.get(key, 0) + 1
                refused.append(case)
        else:
            if sum(len(r) for ch in case["expect"]["output"] for r in ch) > 200:
                continue  # keep the file small
            valid.append(case)
    out = []
    for i, case in enumerate(valid):
        case["name"] = "sweep %03d %s" % (i, case["request"]["op"])
        out.append(case)
    for i, case in enumerate(refused):
        case["name"] = "sweep refused %03d %s" % (i, case["request"]["op"])
        out.append(case)
    return out


# ---------------------------------------------------------------------------------------------
# The lessons (src/teach/lesson.cpp), as requests: the browser tests check that each lesson's
# getState() has this input, weight and geometry, and that its output_values are these outputs.
# The random inputs are the app's `values=random:7` at 8x8, written out (teach's own generator).

LESSON_RANDOM7_8X8 = [
    [7, -9, -8, 6, -2, -4, 2, 1], [0, -7, 4, -6, 6, -5, 7, -9], [3, -4, 2, 6, 4, -3, 9, -6],
    [-9, 4, 2, 3, 4, 5, -9, -3], [-8, 0, -4, 2, 9, 7, -5, 1], [8, 4, -4, 3, -7, 6, 7, -5],
    [-8, 1, -3, 1, 8, 3, -2, -8], [3, 7, -7, 6, -1, 3, 2, -3]]


def lesson_cases():
    ones3 = [[ones([3, 3])]]
    lessons = [
        ("seed-stride1", conv(seq(1, 5, 5), ones3, stride=[1, 1], padding=[0, 0, 0, 0])),
        ("seed-stride2", conv(seq(1, 5, 5), ones3, stride=[2, 2], padding=[0, 0, 0, 0])),
        ("dropped", conv(seq(1, 6, 6), ones3, stride=[2, 2], padding=[0, 0, 0, 0])),
        ("skipped", conv(seq(1, 7, 7), [[ones([2, 2])]], stride=[3, 3], padding=[0, 0, 0, 0])),
        ("padding-same", conv(seq(1, 5, 5), ones3, stride=[1, 1], padding=[1, 1, 1, 1])),
        ("resnet-downsample", conv([LESSON_RANDOM7_8X8], [[[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]]],  # sobel_x
                                   stride=[2, 2], padding=[1, 1, 1, 1])),
        ("pool-vs-stride", maxp([LESSON_RANDOM7_8X8], kernel_size=[2, 2], stride=[2, 2], padding=[0, 0])),
        ("uneven", conv(seq(1, 4, 4), ones3, stride=[2, 2], padding=[1, 1, 1, 1])),
        ("dilation", conv(seq(1, 7, 7), ones3, stride=[1, 1], padding=[0, 0, 0, 0], dilation=[2, 2])),
        ("tf-same", conv(seq(1, 6, 6), ones3, stride=[2, 2], padding=[0, 1, 0, 1])),
        ("every-kth", conv(seq(1, 5, 5), ones3, stride=[2, 2], padding=[0, 0, 0, 0])),
        ("padding-solver", conv(seq(1, 7, 7), ones3, stride=[2, 2], padding=[1, 1, 1, 1])),
        ("predict-value", conv(seq(1, 5, 5), ones3, stride=[2, 2], padding=[1, 1, 1, 1])),
        ("predict-window", conv(seq(1, 7, 7), [[ones([2, 2])]], stride=[3, 3], padding=[0, 0, 0, 0])),
        ("pool-vs-conv", conv([LESSON_RANDOM7_8X8], [[[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]]],  # sobel_x
                              stride=[2, 2], padding=[1, 1, 1, 1])),
        # conv_transpose2d (issue 12): the scatter and its equivalent convolution, 4x4 up to 8x8.
        ("transposed-upsample", convt(seq(1, 4, 4), ones3, stride=[2, 2], padding=[1, 1], output_padding=[1, 1])),
        ("transposed-checkerboard", convt(seq(1, 4, 4), ones3, stride=[2, 2], padding=[1, 1],
                                          output_padding=[1, 1])),
        ("transposed-adjoint", convt(seq(1, 3, 3), [[[[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]]],  # sobel_x
                                     stride=[2, 2], padding=[0, 0], output_padding=[0, 0])),
        ("channels", conv(seq(3, 5, 5), ones([2, 3, 3, 3]), stride=[1, 1], padding=[0, 0, 0, 0])),
        ("grouped", conv(seq(4, 5, 5), ones([8, 1, 3, 3]), stride=[1, 1], padding=[0, 0, 0, 0], groups=4)),
    ]
    return [evaluate("lesson " + name, req) for name, req in lessons]


# The overlap map of a transposed convolution (Odena, Dumoulin & Olah 2016): with an input of ones
# and a kernel of ones, conv_transpose2d writes into each output cell the number of (input cell,
# kernel tap) pairs that reach it. src/teach/transposed.cpp counts them without multiplying;
# tests/transposed_test.cpp compares its counts with these.
def overlap_cases():
    cases = [
        ("overlap 4x4 k3 s2 p1 op1 (checkerboard)", convt([ones([4, 4])], [[ones([3, 3])]], stride=[2, 2],
                                                          padding=[1, 1], output_padding=[1, 1])),
        ("overlap 4x4 k4 s2 p1 (divisible)", convt([ones([4, 4])], [[ones([4, 4])]], stride=[2, 2], padding=[1, 1])),
        ("overlap 5x3 k3x2 s3x2 d2x1 p2x0 op1x1", convt([ones([5, 3])], [[ones([3, 2])]], stride=[3, 2],
                                                        dilation=[2, 1], padding=[2, 0], output_padding=[1, 1])),
    ]
    done = [evaluate(name, req) for name, req in cases]
    # Two such layers stacked: the first layer's counts go through a second layer like it, which
    # writes the paths (input cell, first tap, second tap) reaching each cell: the "This layer,
    # twice" panel of the overlap view.
    for first in done[:2]:
        req = dict(first["request"])
        req["input"] = first["expect"]["output"]
        done.append(evaluate(first["name"].replace(" (", " twice (", 1), req))
    return done


# ---------------------------------------------------------------------------------------------
# Channels and groups (src/teach/channels.hpp). The lesson's layers with other weights, to check the
# walk of a grouped layer: "channels NAME" is the whole layer (every output channel), and
# "channels NAME partial O I" is filter O's plane for input channel I over input channel I alone,
# i.e. the map of that channel's partial sums; the filter's output is the sum of its partial maps
# plus the bias. tests/channels_test.cpp opens each layer as a link (x=, w=) and checks the walk's
# partial sums, totals and outputs against these.

def channel_cases():
    rng = random.Random(1212)
    layers = [
        # The grouped layer: ?in_channels=4&out_channels=8&groups=4.
        ("grouped 4-8-4", 4, 8, 4, {"stride": [1, 1], "padding": [0, 0]}),
        # Standard (groups 1): every filter sums 3 input channels.
        ("standard 3-2", 3, 2, 1, {"stride": [2, 2], "padding": [1, 1]}),
        # Grouped, 2 input channels per filter.
        ("grouped 4-4-2", 4, 4, 2, {"stride": [1, 1], "padding": [1, 1]}),
        # Depthwise (groups = C_in, two filters per channel).
        ("depthwise 3-6-3", 3, 6, 3, {"stride": [2, 2], "padding": [0, 0]}),
    ]
    out = []
    for name, cin, cout, groups, kw in layers:
        x = rnd([cin, 5, 5], -5, 5, rng)
        w = rnd([cout, cin // groups, 3, 3], -2, 2, rng)
        bias = [0.5] * cout  # the lab's bias= is one number for every filter
        out.append(evaluate("channels " + name, conv(x, w, bias, groups=groups, **kw)))
        per_filter, per_group = cin // groups, cout // groups
        for o in range(cout):
            first = (o // per_group) * per_filter
            for i in range(first, first + per_filter):
                out.append(evaluate("channels %s partial %d %d" % (name, o, i),
                                    conv([x[i]], [[w[o][i - first]]], None, **kw)))
    return out


# ---------------------------------------------------------------------------------------------
# Large multi-channel cases at the benchmark's sizes (large.json). The tensors are far too big to
# commit, so they come from a formula the C++ test repeats (tests/golden_large_test.cpp), and the
# file keeps checksums of the output and sampled values.
#
# pattern(n, salt)[i]: h = (i * 2654435761 + salt * 40503) mod 2^32; h ^= h >> 15;
#                      value = (h mod 17 - 8) / 8, a multiple of 1/8 in [-1, 1].
# Every product of two such values is a multiple of 1/64 and every partial sum of these layers
# stays below 2^24 / 64, so float32 convolution sums are exact in any order (and PyTorch runs
# without mkldnn, whose Winograd kernels would round).

def pattern(n, salt):
    out = []
    for i in range(n):
        h = (i * 2654435761 + salt * 40503) & 0xFFFFFFFF
        h ^= h >> 15
        out.append((h % 17 - 8) / 8.0)
    return out


def pattern_tensor(shape, salt):
    n = 1
    for d in shape:
        n *= d
    return torch.tensor(pattern(n, salt), dtype=torch.float32).reshape(shape)


LARGE = [
    # name, op, [C_in, H, W], parameters (as the C++ test reads them)
    ("conv2d 3->64 224x224 k7 s2 p3 bias (ResNet stem)", "conv2d", [3, 224, 224],
     {"out_channels": 64, "kernel": [7, 7], "stride": [2, 2], "padding": [3, 3], "bias": True}),
    ("conv2d 64->64 56x56 k3 s1 p1", "conv2d", [64, 56, 56],
     {"out_channels": 64, "kernel": [3, 3], "stride": [1, 1], "padding": [1, 1], "bias": False}),
    ("conv_transpose2d 64->32 56x56 k4 s2 p1 bias", "conv_transpose2d", [64, 56, 56],
     {"out_channels": 32, "kernel": [4, 4], "stride": [2, 2], "padding": [1, 1], "bias": True}),
    ("max_pool2d 64x112x112 k3 s2 p1 (ResNet stem)", "max_pool2d", [64, 112, 112],
     {"kernel": [3, 3], "stride": [2, 2], "padding": [1, 1]}),
    ("avg_pool2d 64x56x56 k3 s2 p1 ceil_mode, count_include_pad=False", "avg_pool2d", [64, 56, 56],
     {"kernel": [3, 3], "stride": [2, 2], "padding": [1, 1], "ceil_mode": True,
      "count_include_pad": False}),
]
INPUT_SALT, WEIGHT_SALT, BIAS_SALT = 1, 2, 3
N_SAMPLES = 64


def large_case(name, op, shape, p):
    x = pattern_tensor(shape, INPUT_SALT).unsqueeze(0)
    with torch.backends.mkldnn.flags(enabled=False):
        if op == "conv2d":
            w = pattern_tensor([p["out_channels"], shape[0]] + p["kernel"], WEIGHT_SALT)
            b = pattern_tensor([p["out_channels"]], BIAS_SALT) if p["bias"] else None
            y = F.conv2d(x, w, b, p["stride"], p["padding"])
        elif op == "conv_transpose2d":
            w = pattern_tensor([shape[0], p["out_channels"]] + p["kernel"], WEIGHT_SALT)
            b = pattern_tensor([p["out_channels"]], BIAS_SALT) if p["bias"] else None
            y = F.conv_transpose2d(x, w, b, p["stride"], p["padding"])
        elif op == "max_pool2d":
            y = F.max_pool2d(x, p["kernel"], p["stride"], p["padding"])
        else:
            y = F.avg_pool2d(x, p["kernel"], p["stride"], p["padding"], p["ceil_mode"],
                             p["count_include_pad"])
    y = y.squeeze(0).double()
    flat = y.flatten()
    n = flat.numel()
    index = torch.arange(n, dtype=torch.float64)
    rng = random.Random(len(name) * 1000 + n)
    picks = sorted(set([0, n - 1] + [rng.randrange(n) for _ in range(N_SAMPLES - 2)]))
    c_, h_, w_ = y.shape
    samples = [[i // (h_ * w_), (i // w_) % h_, i % w_, num(flat[i].item())] for i in picks]
    return {"name": name, "op": op, "input": shape, "parameters": p,
            "expect": {"shape": list(y.shape),
                       "sum": float(flat.sum().item()),
                       "abs_sum": float(flat.abs().sum().item()),
                       # sum of value * (index mod 251 + 1): catches values in the wrong place
                       "weighted_sum": float((flat * (index.remainder(251) + 1)).sum().item()),
                       "samples": samples}}


def write_large():
    cases = [large_case(*case) for case in LARGE]
    with open(LARGE_OUT, "w") as f:
        f.write('{"generator": "tests/golden/gen_golden.py", "torch_version": %s,\n'
                % json.dumps(torch.__version__))
        f.write(' "pattern": "h = (i * 2654435761 + salt * 40503) mod 2^32; h ^= h >> 15; '
                '(h mod 17 - 8) / 8", "salts": {"input": %d, "weight": %d, "bias": %d},\n'
                % (INPUT_SALT, WEIGHT_SALT, BIAS_SALT))
        f.write(' "cases": [\n')
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")
    return cases


# ---------------------------------------------------------------------------------------------
# Manifest: what CI checks without PyTorch (tests/golden_manifest_test.sh): each file's case
# count and SHA-256, and the SHA-256 of this generator, so an edited golden file or a generator
# changed without being run fails the build.

def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write_manifest(counts):
    manifest = {"generator": "tests/golden/gen_golden.py",
                "generator_sha256": sha256(os.path.abspath(__file__)),
                "files": {os.path.basename(path): {"cases": n, "sha256": sha256(path)}
                          for path, n in counts}}
    with open(MANIFEST_OUT, "w") as f:
        f.write(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def main():
    cases = [evaluate(name, req) for name, req in hand_cases()]
    cases += sweep_cases()
    cases += lesson_cases()
    cases += overlap_cases()
    cases += channel_cases()
    names = [c["name"] for c in cases]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        sys.exit("duplicate case names: %s" % sorted(dup))
    with open(OUT, "w") as f:
        f.write('{"generator": "tests/golden/gen_golden.py", "torch_version": %s, "cases": [\n'
                % json.dumps(torch.__version__))
        f.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        f.write("\n]}\n")
    n_err = sum(1 for c in cases if "error" in c["expect"])
    print("%d cases (%d valid, %d refused) -> %s" % (len(cases), len(cases) - n_err, n_err,
                                                   os.path.relpath(OUT)))
    large = write_large()
    print("%d large cases -> %s" % (len(large), os.path.relpath(LARGE_OUT)))
    write_manifest([(OUT, len(cases)), (LARGE_OUT, len(large))])
    print("manifest -> %s" % os.path.relpath(MANIFEST_OUT))


if __name__ == "__main__":
    main()
