#!/usr/bin/env bash
# golden_manifest_test.sh -- the committed golden data is what its generator wrote: every file
# listed in tests/golden/manifest.json has that many cases and that SHA-256, and the generator
# tests/golden/gen_golden.py is the one that wrote the manifest. CI never runs the generator
# (it needs PyTorch); this is how it notices a hand-edited golden file or a generator changed
# without being run (/usr/bin/python3 tests/golden/gen_golden.py rewrites all three).
#
#   tests/golden_manifest_test.sh [ignored]     (ctest passes the CLI's path to every *_test.sh)
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/golden" || exit 2

# Plain python3 (no PyTorch): the manifest's entries, one "file cases sha256" a line, then the
# number of cases each file really holds.
python3 - <<'PY'
import hashlib, json, sys
manifest = json.load(open("manifest.json"))
problems = []
def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()
if sha256("gen_golden.py") != manifest["generator_sha256"]:
    problems.append("gen_golden.py changed since it wrote manifest.json: run it and commit its output")
if sorted(manifest["files"]) != ["cases.json", "large.json"]:
    problems.append("manifest.json lists %s" % sorted(manifest["files"]))
for name, entry in sorted(manifest["files"].items()):
    try:
        digest = sha256(name)
        cases = len(json.load(open(name))["cases"])
    except (OSError, ValueError, KeyError) as e:
        problems.append("%s: %s" % (name, e))
        continue
    if cases != entry["cases"]:
        problems.append("%s holds %d cases, the generator wrote %d" % (name, cases, entry["cases"]))
    if digest != entry["sha256"]:
        problems.append("%s is not the file the generator wrote (SHA-256 %s, manifest %s)"
                        % (name, digest[:16], entry["sha256"][:16]))
for p in problems:
    print("FAIL: " + p)
print("golden manifest: %d files, %s" % (len(manifest["files"]), "ok" if not problems else "%d problems" % len(problems)))
sys.exit(1 if problems else 0)
PY
