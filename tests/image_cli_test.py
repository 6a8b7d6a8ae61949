#!/usr/bin/python3
"""image_cli_test.py -- `strideconv image` against PyTorch: every case of
tests/golden/image_routes.json run through the CLI on tests/golden/image_input.png, the .npy read
back with numpy (np.load) and compared with PyTorch's output (rtol 1e-4, atol 1e-5); refused cases
must exit 2 with one stderr line. Native builds only (CMake registers tests/*_test.py there).

    tests/image_cli_test.py build/native/strideconv
Prints "image-cli: N passed, M failed" and exits 1 if anything failed.
"""

import json
import os
import subprocess
import sys
import tempfile

import numpy as np


def main():
    if len(sys.argv) != 2:
        print("usage: image_cli_test.py <path-to-strideconv>", file=sys.stderr)
        return 2
    tool = sys.argv[1]
    root = os.environ.get("STRIDECONV_SOURCE_DIR", os.path.join(os.path.dirname(__file__), ".."))
    with open(os.path.join(root, "tests/golden/image_routes.json")) as f:
        doc = json.load(f)
    picture = os.path.join(root, doc["input"]["png"])
    passed = failed = 0
    with tempfile.TemporaryDirectory() as work:
        out = os.path.join(work, "y.npy")
        for case in doc["cases"]:
            k = case["kernel"]
            args = [tool, "image", "--in", picture, "--route", case["route"],
                    "--weights", ",".join(repr(float(v)) for v in k["values"]),
                    "--kernel-size", "%dx%d" % (k["h"], k["w"]),
                    "--padding", ",".join(str(p) for p in case["padding"]),
                    "--padding-mode", case["padding_mode"],
                    "--stride", "%dx%d" % tuple(case["stride"]), "--blur", str(case["blur"]), "--out", out]
            if case["color"] == "gray":
                args.append("--gray")
            if os.path.exists(out):
                os.remove(out)
            run = subprocess.run(args, capture_output=True, text=True)
            problem = None
            if "error" in case:
                lines = run.stderr.strip().splitlines()
                if run.returncode != 2 or len(lines) != 1 or case["mentions"] not in lines[0] or run.stdout:
                    problem = "expected a refusal mentioning '%s'" % case["mentions"]
            elif run.returncode != 0:
                problem = "exit %d: %s" % (run.returncode, run.stderr.strip())
            else:
                y = np.load(out)
                expected = np.array(case["output"], dtype=np.float32).reshape(case["shape"])
                if y.dtype != np.float32 or y.shape != expected.shape:
                    problem = "got %s %s, expected float32 %s" % (y.dtype, y.shape, expected.shape)
                elif not np.allclose(y, expected, rtol=1e-4, atol=1e-5):
                    problem = "max |difference| %g" % float(np.max(np.abs(y - expected)))
            if problem:
                failed += 1
                print("FAIL: %s -- %s" % (case["name"], problem))
            else:
                passed += 1
    print("image-cli: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
