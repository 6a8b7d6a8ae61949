#!/usr/bin/env bash
# stack_cli_test.sh -- `strideconv stack` from the outside: the table, the JSON (one object per
# layer, checked with plain python3), the layer grammar's refusals and the exit codes.
#
#   tests/stack_cli_test.sh build/native/strideconv     (a .js path runs under node: the wasm build)
#
# Prints "stack cli: N passed, M failed" and exits 1 if anything failed.
set -u

source "$(dirname "$0")/cli_lib.sh" "$@"


# json_check NAME PYTHON: runs PYTHON with `rows` = the JSON array on stdout; it prints problems.
json_check() {
    local problems
    problems=$(python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))
problems = []
def expect(cond, what):
    if not cond: problems.append(what)
exec(sys.argv[2])
print("; ".join(problems))
' "$WORK/out" "$2" 2>&1)
    if [ -z "$problems" ]; then check "$1" 0; else check "$1" 1 "$problems"; fi
}

# [1] The table.
run stack --preset resnet50 --input 224
ok=0
[ "$status" -eq 0 ] || ok=1
for word in "ResNet-50" "eff. pad" "conv1" "maxpool" "+ layer1.0.downsample.0 (from 2)" "layer4.2.conv3" "total" "25,557,032" "4,089,184,256" "aligned"; do
    has "$out" "$word" || ok=1
done
check "resnet50 table" $ok
row=$(printf '%s\n' "$out" | grep -E '^ *2  maxpool ')
check "the stem's max pool: 56x56 at jump 4, field 11" "$(has "$row" "56x56" && printf '%s' "$row" | grep -Eq '  4  +11  ' && echo 0 || echo 1)" "$row"

# [2] JSON: the issue's fields, torchvision's totals for resnet50 (tests/golden/networks.json).
run stack --preset resnet50 --input 224 --json
json_check "resnet50 --json" '
expect(len(rows) == 68, "68 layers, got %d" % len(rows))
for r in rows:
    for key in ["name", "type", "output", "channels", "jump", "rf", "effective_padding", "macs", "params"]:
        expect(key in r, "%s lacks %s" % (r.get("name"), key))
expect(sum(r["params"] for r in rows) == 25557032, "params")
expect(sum(r["macs"] for r in rows) == 4089184256, "macs")
stem = rows[1]
expect(stem["name"] == "maxpool" and stem["jump"] == [4, 4] and stem["rf"] == [11, 11] and stem["output"] == [56, 56], "stem %r" % stem)
d = [r for r in rows if r["name"] == "layer2.0.downsample.0"][0]
expect(d["type"] == "conv" and d["skip"] > 0 and d["aligned"] == [True, True], "downsample %r" % d)
'

# [3] MobileNet v2 at 224: torchvision's 3,504,872 parameters and 300,774,272 MACs (Sandler et al.
#     2018: 3.4 M parameters, 300 M multiply-adds).
run stack --preset mobilenet_v2 --input 224 --json
json_check "mobilenet_v2 --json" '
expect(sum(r["params"] for r in rows) == 3504872, "params %d" % sum(r["params"] for r in rows))
expect(sum(r["macs"] for r in rows) == 300774272, "macs %d" % sum(r["macs"] for r in rows))
last = [r for r in rows if r["name"] == "features.18.0"][0]
expect(last["output"] == [7, 7] and last["channels"] == 1280 and last["jump"] == [32, 32], "features.18.0 %r" % last)
strided = [r["name"] for r in rows if r.get("stride", [1, 1]) != [1, 1]]
expect(strided == ["features.0.0", "features.2.conv.1.0", "features.4.conv.1.0", "features.7.conv.1.0", "features.14.conv.1.0"], "strides %r" % strided)
'
run stack --preset mobilenet_v2 --input 224 --json --flops
json_check "--flops adds flops = 2 x macs" 'expect(all(r["flops"] == 2 * r["macs"] for r in rows), "flops")'

# [4] The issue's grammar example.
run stack --layers 'conv:k=7,s=2,p=3,c=64; maxpool:k=3,s=2,p=1; conv:k=3,p=1,c=64' --json
json_check "grammar example" '
expect([r["rf"][0] for r in rows] == [7, 11, 19], "rf %r" % [r["rf"] for r in rows])
expect([r["jump"][0] for r in rows] == [2, 4, 4], "jump")
expect([r["effective_padding"][0] for r in rows] == [3, 5, 9], "padding")
expect([r["output"] for r in rows] == [[112, 112], [56, 56], [56, 56]], "output")
expect(rows[2]["params"] == 64 * 64 * 9 + 64, "params")
'
run stack --layers 'conv:k=3x5,s=1x2,p=1x2,c=4' --input 32x40 --channels 1 --json
json_check "per-axis values" 'expect(rows[0]["output"] == [32, 20] and rows[0]["rf"] == [3, 5] and rows[0]["jump"] == [1, 2], "%r" % rows[0])'
run stack --layers 'convT:k=3,s=2,p=1,c=4' --input 8 --json
json_check "transposed: a fractional jump" 'expect(rows[0]["output"] == [15, 15] and rows[0]["jump"] == [0.5, 0.5] and rows[0]["uniform"] == [False, False], "%r" % rows[0])'

# [5] 225 loses a row at VGG's first pool.
run stack --preset vgg16 --input 225
ok=0
[ "$status" -eq 0 ] || ok=1
has "$out" "drops 1 row, 1 col" || ok=1
has "$out" "layer 3 (features.4) never reads input row 224 of 225" || ok=1
check "vgg16 at 225 drops a row" $ok
run stack --preset vgg16 --input 224
check "vgg16 at 224 drops nothing" "$(has "$out" "drops" && echo 1 || echo 0)"

# [6] Stride against pooling.
run stack --preset vgg16 --swap 3,6,10,14,18 --json
json_check "vgg16 with every pool swapped for a stride" '
expect(len(rows) == 16, "16 layers, got %d" % len(rows))
expect(rows[-4]["output"] == [7, 7], "pool5 size kept %r" % rows[-4]["output"])
expect(sum(r["params"] for r in rows) == 138357544, "params unchanged")
expect(sum(r["macs"] for r in rows) < 15470264320, "fewer MACs")
'
run stack --preset vgg16
has "$out" "features.2 + features.4 (pool stride 2)  <->  features.2 at stride 2"
check "switches listed" $?
run stack --preset resnet50 --swap 4
check_refused "--swap on a layer that does not downsample" "--swap" "layer 4 is not a downsampling point"
run stack --preset resnet50 --swap 2
check_refused "--swap on the stem's max pool" "already has a stride"

# [7] The clicked cell.
run stack --preset vgg16 --cell 18,0,0
has "$out" "Output (0, 0) of layer 18 (features.30) sees input rows -90..121 and columns -90..121: a 212x212 field, of which 90 rows and 90 columns lie in the padding."
check "--cell" $?

# [8] Refusals: one line, exit 2, naming the layer by position and the field.
run stack --layers 'conv:k=7,s=2,p=3,c=64; maxpool:k=3,s=two'
check_refused "bad value" "layer 2 (maxpool)" "s must be N or HxW"
run stack --layers 'conv:k=7; pool:k=2'
check_refused "bad type" "layer 2: unknown layer type 'pool'"
run stack --layers 'conv:k=3,q=1'
check_refused "bad key" "layer 1 (conv): unknown field 'q'"
run stack --layers 'conv:s=2'
check_refused "missing kernel" "layer 1 (conv): k is required"
run stack --layers 'conv:k=3; conv:k=300' --input 8
check_refused "refused by the core" "layer 2 (conv2): kernel too large"
run stack --layers 'conv:k=3,c=8; conv:k=1,s=2,c=8,skip=0'
check_refused "shortcut size" "layer 2 (conv2): the shortcut gives 8x112x112 but the main path (layer 1) gives 8x222x222"
run stack --preset resnet5
check_refused "unknown preset" "no network named 'resnet5'" "resnet50-slim"
run stack --preset vgg16 --input 0
check_refused "input 0" "--input must be N or HxW with whole numbers 1..4096"
run stack --preset vgg16 --input 5000
check_refused "input too large" "--input"
run stack --preset vgg16 --input 32
check_refused "too small for the classifier" "layer 19 (classifier.0): kernel too large"
run stack --preset vgg16 --layers 'conv:k=3'
check_refused "both" "not both"
run stack
check_refused "neither" "--preset NAME or --layers SPEC"
run stack --preset vgg16 --cell 99,0,0
check_refused "--cell layer" "--cell: layer 99"
run stack --preset vgg16 --frobnicate
check_refused "unknown option" "unknown option '--frobnicate'"

finish "stack cli"
