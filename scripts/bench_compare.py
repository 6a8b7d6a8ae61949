#!/usr/bin/python3
"""bench_compare.py -- the core (native and WebAssembly under node) against PyTorch and OpenCV on
the layers of `strideconv bench`, in one run, with the ratios of issue 11.

    /usr/bin/python3 scripts/bench_compare.py [--repeat N] [--clock wall|cpu]
                                               [--native PATH] [--wasm PATH | --no-wasm]

Needs Debian's python3-torch and python3-opencv (`apt-get install python3-torch python3-opencv`;
run with /usr/bin/python3). Not part of CI: figures depend on the machine and its load.

Every library runs single-threaded on the same shapes, float32, one image. PyTorch: the
torch.nn.functional op of the same name. OpenCV (single-channel conv2d rows only): cv2.filter2D,
which computes every stride-1 output, then [::s, ::s] subsampling for stride s (copied, so the
result is a real array), the way an image library would be used for a strided filter.

--clock cpu compares processor time instead of wall time (the core: the bench's cpu_median_ms,
natively and under node; Python: time.process_time), which is steadier on a machine shared with
other work. Under node the wasm code is timed after a warm-up call, once V8 has compiled it.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_core(command, repeat):
    out = subprocess.run(command + ["bench", "--json", "--repeat", str(repeat)], check=True,
                         capture_output=True, text=True, cwd=ROOT).stdout
    return {key(r): r for r in json.loads(out)}


def key(r):
    return (r["op"], r["in_channels"], r["height"], r["width"], r["out_channels"], r["kernel"],
            r["stride"], r["padding"])


def median_time(fn, repeat, clock):
    fn()  # warm-up
    samples = []
    for _ in range(repeat):
        start = clock()
        fn()
        samples.append((clock() - start) * 1e3)
    return statistics.median(samples)


def torch_call(torch, r):
    F = torch.nn.functional
    g = torch.Generator().manual_seed(42)
    x = torch.rand(1, r["in_channels"], r["height"], r["width"], generator=g) * 2 - 1
    s, p, k = r["stride"], r["padding"], r["kernel"]
    if r["op"] == "conv2d":
        w = torch.rand(r["out_channels"], r["in_channels"], k, k, generator=g) * 2 - 1
        return lambda: F.conv2d(x, w, None, s, p)
    if r["op"] == "conv_transpose2d":
        w = torch.rand(r["in_channels"], r["out_channels"], k, k, generator=g) * 2 - 1
        return lambda: F.conv_transpose2d(x, w, None, s, p, s - 1)
    if r["op"] == "max_pool2d":
        return lambda: F.max_pool2d(x, k, s, p)
    return lambda: F.avg_pool2d(x, k, s, p)


def opencv_call(cv2, np, r):
    if r["op"] != "conv2d" or r["in_channels"] != 1 or r["out_channels"] != 1:
        return None
    rng = np.random.default_rng(42)
    image = (rng.random((r["height"], r["width"]), dtype=np.float32) * 2 - 1)
    kernel = (rng.random((r["kernel"], r["kernel"]), dtype=np.float32) * 2 - 1)
    s = r["stride"]
    if s == 1:
        return lambda: cv2.filter2D(image, -1, kernel)
    return lambda: np.ascontiguousarray(cv2.filter2D(image, -1, kernel)[::s, ::s])


def fmt(v, digits=3):
    return "-" if v is None else f"{v:.{digits}f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    parser.add_argument("--native", default=os.path.join(ROOT, "build/native/strideconv"))
    parser.add_argument("--wasm", default=None,
                        help="strideconv.js (default: build/web/strideconv.js or build/wasm-tests/strideconv.js)")
    parser.add_argument("--no-wasm", action="store_true")
    args = parser.parse_args()

    try:
        import numpy as np
        import torch
        import cv2
    except ImportError as e:
        sys.exit(f"bench_compare.py: {e}; install python3-torch and python3-opencv and run with /usr/bin/python3")
    torch.set_num_threads(1)
    cv2.setNumThreads(1)

    native = run_core([args.native], args.repeat)
    wasm = {}
    if not args.no_wasm:
        js = args.wasm or next((p for p in (os.path.join(ROOT, "build/web/strideconv.js"),
                                            os.path.join(ROOT, "build/wasm-tests/strideconv.js"))
                                if os.path.exists(p)), None)
        if js:
            wasm = run_core(["node", js], args.repeat)
        else:
            print("no strideconv.js found: wasm column left empty (build the web or wasm-tests preset)")

    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    core_field = "cpu_median_ms" if args.clock == "cpu" else "median_ms"
    rows = []
    for k, r in native.items():
        t_torch = median_time(torch_call(torch, r), args.repeat, clock)
        cv = opencv_call(cv2, np, r)
        t_cv = median_time(cv, args.repeat, clock) if cv else None
        rows.append((k, r, r[core_field], wasm[k][core_field] if k in wasm else None, t_torch, t_cv))

    load = os.getloadavg()
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    print(f"machine: {cpu}, {os.cpu_count()} cores; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    simd = next(iter(native.values()))["simd"]
    print(f"core native SIMD target {simd}; torch {torch.__version__} (1 thread), OpenCV {cv2.__version__} (1 thread); "
          f"median of {args.repeat} runs, {args.clock} time\n")
    header = ("| workload | stride | core native ms | core wasm ms | PyTorch ms | OpenCV ms | "
              "native / PyTorch | wasm / PyTorch | native / OpenCV |")
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    by_layer = {}
    for k, r, t_native, t_wasm, t_torch, t_cv in rows:
        name = f"{r['op']} {r['height']}x{r['width']} {r['kernel']}x{r['kernel']}"
        name += f" p{r['padding']}" if r["padding"] else ""
        name += f", {r['in_channels']}->{r['out_channels']}" if "conv" in r["op"] else f", {r['in_channels']} ch"
        by_layer.setdefault(name, {})[r["stride"]] = (t_native, t_wasm, t_torch, t_cv)
        print(f"| {name} | {r['stride']} | {fmt(t_native)} | {fmt(t_wasm)} | {fmt(t_torch)} | {fmt(t_cv)} | "
              f"{fmt(t_native / t_torch, 2)} | {fmt(t_wasm / t_torch if t_wasm else None, 2)} | "
              f"{fmt(t_native / t_cv if t_cv else None, 2)} |")

    print("\nStride saving: time at stride 1 / time at stride 2 (goal >= 3.5; MACs ratio 4; for the "
          "transposed conv both strides do the same MACs)\n")
    print("| workload | core native | core wasm | PyTorch | OpenCV |")
    print("|---|---|---|---|---|")
    for name, by_stride in by_layer.items():
        if 1 not in by_stride or 2 not in by_stride:
            continue
        ratios = [by_stride[1][i] / by_stride[2][i] if by_stride[1][i] and by_stride[2][i] else None
                  for i in range(4)]
        print(f"| {name} | " + " | ".join(fmt(v, 2) for v in ratios) + " |")


if __name__ == "__main__":
    main()
