#!/usr/bin/env python3
"""make_seeds.py -- writes the seed corpora of the fuzz targets: tests/fuzz/corpus/<target>/.

Run once by hand when a seed source changes (CI never runs it; its output is committed):
    /usr/bin/python3 tests/fuzz/make_seeds.py
Each seed is named after what it is (and numbered), so a diff of the corpus reads. Sources:
  url        every link of tests/links/corpus.jsonl, plus hostile queries (overlong, bad escapes,
             duplicated keys, huge numbers)
  json       the requests of tests/golden/cases.json (one in four, every op), plus malformed and
             hostile JSON (deep nesting, huge numbers, lone surrogates, sizes past the limits)
  state      the getState objects recorded in tests/links/corpus.jsonl, plus partial setStates
  cli        the README's command lines and hostile ones, one argument per line (cli_fuzz.cpp)
  core_diff  random bytes (a fixed seed): the layer chooser reads any bytes
Files already in tests/fuzz/corpus/<target>/regressions/ (inputs that once crashed) are kept.
"""
import json
import os
import random
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests", "fuzz", "corpus")


def write_seeds(target, seeds):
    folder = os.path.join(CORPUS, target)
    for name in os.listdir(folder) if os.path.isdir(folder) else []:
        path = os.path.join(folder, name)
        if name != "regressions":
            (shutil.rmtree if os.path.isdir(path) else os.remove)(path)
    os.makedirs(folder, exist_ok=True)
    for i, (name, data) in enumerate(seeds):
        if isinstance(data, str):
            data = data.encode("utf-8")
        assert len(data) <= 4096, (target, name, len(data))  # scripts/fuzz.sh: -max_len=4096
        with open(os.path.join(folder, "%03d-%s" % (i, name)), "wb") as f:
            f.write(data)
    print("%s: %d seeds" % (target, len(seeds)))


def links():
    with open(os.path.join(ROOT, "tests", "links", "corpus.jsonl")) as f:
        return [json.loads(line) for line in f if line.strip()]


def url_seeds():
    seeds = [("link", r["link"]) for r in links()]
    seeds += [
        ("empty", ""),
        ("hash-query", "#?input=5&kernel=3"),
        ("twice", "?stride=2&stride=3&stride=4"),
        ("huge-numbers", "?input=99999999999999999999x-1&kernel=1e309&stride=0x0&padding=-5"),
        ("bad-escapes", "?lesson=%&x=%zz%2&w=%00%ff%c3%28"),
        ("long-x", "?input=32x32&x=" + ",".join(str(i % 17 - 8) for i in range(1024))[:3900]),
        ("nan-values", "?x=nan,inf,-inf,1e39,-0&w=NaN&bias=inf"),
        ("separators", "?&&&=&a=&=b&;;input=4"),
        ("stack", "?view=stack&stack=conv:k=7,s=2,p=3,c=64;maxpool:k=3,s=2,p=1&swap=1,2&cell=2,3,4"),
        ("image", "?view=image&image=photo:brick&image_size=2048x16&routes=all&shift=99x-99&blur=9"),
        ("unknown", "?frobnicate=1&LESSON=DROPPED&Stride=2"),
    ]
    return seeds


def json_seeds():
    with open(os.path.join(ROOT, "tests", "golden", "cases.json")) as f:
        cases = json.load(f)["cases"]
    seeds = [("golden-" + c["request"]["op"], json.dumps(c["request"], separators=(",", ":")))
             for i, c in enumerate(cases) if i % 4 == 0]
    seeds += [
        ("empty", ""),
        ("deep", "[" * 100 + "]" * 100),
        ("deep-object", '{"a":' * 70 + "1" + "}" * 70),
        ("huge-number", '{"op":"conv2d","input":[[[1e309]]]}'),
        ("surrogate", '{"op":"\\ud800","input":"\\udc00\\u0000"}'),
        ("trailing", '{"op":"max_pool2d","input":[[[1,2],[3,4]]],"kernel_size":2},'),
        ("duplicate", '{"op":"max_pool2d","op":"avg_pool2d","input":[[[1]]],"kernel_size":1}'),
        ("big-kernel", '{"op":"avg_pool2d","input":[[[1,1],[1,1]]],"kernel_size":65537,"padding":32768}'),
        ("negative", '{"op":"conv2d","input":[[[1]]],"weight":[[[[1]]]],"stride":-1,"padding":[-1,2]}'),
        ("ragged", '{"op":"conv2d","input":[[[1,2],[3]]],"weight":[[[[1]]]]}'),
        ("fractions", '{"op":"max_pool2d","input":[[[1,2],[3,4]]],"kernel_size":2.0,"stride":2e0,"dilation":1.5}'),
        ("divisor", '{"op":"avg_pool2d","input":[[[1,2],[3,4]]],"kernel_size":2,"divisor_override":0}'),
        ("transpose-big", '{"op":"conv_transpose2d","input":[[[1]]],"weight":[[[[1]]]],"stride":1048576,"output_padding":1048575,"dilation":1048576}'),
        ("same-stride", '{"op":"conv2d","input":[[[1,2,3]]],"weight":[[[[1,1]]]],"padding":"same","stride":2}'),
    ]
    return seeds


def state_seeds():
    seeds = [("getstate", json.dumps(r["state"], separators=(",", ":"))) for r in links()[::3] if "state" in r]
    seeds += [
        ("partial", '{"stride":[2,2],"padding":"same","view":"compare"}'),
        ("types", '{"stride":{"h":2},"kernel":[true,2],"input":6,"x":null,"w":"1,2"}'),
        ("huge", '{"input":[1e300,-1e300],"step":99999999999,"bias":1e39}'),
        ("not-object", "[1,2,3]"),
        ("stack", '{"view":"stack","stack":{"preset":"resnet50","swap":[1,2],"cell":[3,1,1]}}'),
        ("image", '{"view":"image","image_source":"file","image_size":[4096,1],"routes":["x"]}'),
    ]
    return seeds


CLI = [
    "shape\n--input\n5x5\n--kernel\n3\n--stride\n2",
    "explain\n--input\n5x5\n--kernel\n3\n--stride\n2\n--padding\n1\n--padding-mode\nreflect",
    "compute\n\n" + '{"op": "max_pool2d", "input": [[[1, 2], [3, 4]]], "kernel_size": 2}',
    "image\n--in\nphoto.png\n--gray\n--kernel\nsobel_x\n--padding\n1\n--stride\n2\n--route\nstride\n--out\ny.npy",
    "image\n--source\nzoneplate\n--size\n512\n--route\nblurpool\n--blur\n4\n--out\nzp.png",
    "stack\n--preset\nresnet50\n--input\n224",
    "stack\n--layers\nconv:k=3,s=2,p=1,c=32; dwconv:k=3,p=1; conv:k=1,c=64\n--json",
    "stack\n--preset\nresnet18\n--swap\n1,2\n--cell\n3,1,1\n--flops",
    "shape\n--op\navg_pool2d\n--input\n4\n--kernel\n9\n--padding\n4\n--ceil-mode\n--exclude-pad",
    "shape\n--op\nmax_pool2d\n--input\n7x9\n--kernel\n3\n--dilation\n2\n--padding\n1",
    "shape\n--input\n1048576\n--kernel\n3\n--in-channels\n1048576\n--out-channels\n1048576",
    "explain\n--input\n6\n--kernel\n3\n--values\nrandom:7\n--kernel-values\nsobel_x\n--bias\n0.5\n--cell\n1,1",
    "explain\n--op\navg_pool2d\n--input\n2\n--kernel\n50000\n--padding\n25000\n--cell\n0,0",
    "explain\n--input=4x6\n--kernel=2x3\n--stride=2x1\n--padding=1,0,2,1\n--in-channels=2\n--out-channels=4\n--groups=2",
    "shape\n--input\n5\n--kernel\n3\n--padding\nfull\n--dilation\n1048576",
    "image\n--source\ntext\n--route\nblurpool\n--blur\n7\n--stride\n8\n--padding\n100000\n--out\nx.npy",
    "--version",
    "help",
    "frobnicate\n--x",
]


def cli_seeds():
    return [("args", c) for c in CLI]


def core_seeds():
    rng = random.Random(20261126)
    return [("random", bytes(rng.randrange(256) for _ in range(rng.randrange(16, 600)))) for _ in range(48)]


if __name__ == "__main__":
    write_seeds("url", url_seeds())
    write_seeds("json", json_seeds())
    write_seeds("state", state_seeds())
    write_seeds("cli", cli_seeds())
    write_seeds("core_diff", core_seeds())
