#!/usr/bin/env bash
# cli_test.sh -- checks the `strideconv` command-line tool from the outside: exit codes, stdout
# and stderr of compute / shape / explain / bench and of usage errors.
#
#   tests/cli_test.sh build/native/strideconv       (a .js path runs under node: the wasm build)
#
# Prints "cli: N passed, M failed" and exits 1 if anything failed.
set -u

source "$(dirname "$0")/cli_lib.sh" "$@"


SEED_INPUT='[[[1,2,3,4,5],[6,7,8,9,10],[11,12,13,14,15],[16,17,18,19,20],[21,22,23,24,25]]]'
SEED_REQUEST='{"op": "conv2d", "input": '$SEED_INPUT', "weight": [[[[1,1,1],[1,1,1],[1,1,1]]]], "stride": [2, 2]}'

# [SECTION] compute --------------------------------------------------------------------------------

run_with_input "$SEED_REQUEST" compute
check "compute: seed request exits 0" $([ "$status" -eq 0 ]; echo $?)
check "compute: seed response is exact" \
    $([ "$out" = '{"shape":[1,2,2],"output":[[[63,81],[153,171]]]}' ]; echo $?)
check "compute: nothing on stderr on success" $([ -z "$err" ]; echo $?)

run_with_input '{"op": "max_pool2d", "input": [[[1, 2], [3, 4]]], "kernel_size": 2}' compute
check "compute: max_pool2d" $([ "$status" -eq 0 ] && [ "$out" = '{"shape":[1,1,1],"output":[[[4]]]}' ]; echo $?)

# Non-finite results have no JSON spelling: null, in a response that is still valid JSON.
run_with_input '{"op": "conv2d", "input": [[[3e38, 3e38], [-3e38, -3e38]]], "weight": [[[[1, 1], [0, 0]]], [[[0, 0], [1, 1]]]]}' compute
check "compute: float overflow (+inf and -inf, as PyTorch) is written as null" \
    $([ "$status" -eq 0 ] && [ "$out" = '{"shape":[2,1,1],"output":[[[null]],[[null]]]}' ]; echo $?)
run_with_input '{"op": "max_pool2d", "input": [[[1]]], "kernel_size": [2, 1], "padding": [1, 0], "dilation": [2, 1]}' compute
check "compute: a max pool window of padding only (-inf in PyTorch) is written as null" \
    $([ "$status" -eq 0 ] && [ "$out" = '{"shape":[1,1,1],"output":[[[null]]]}' ]; echo $?)

run_with_input '{"op": "conv2d",' compute
check_refused "compute: malformed JSON" "JSON: unexpected end of input"

run_with_input '{"op": "conv2d"} trailing' compute
check_refused "compute: trailing data" "after the JSON value"

run_with_input '' compute
check_refused "compute: empty stdin" "JSON:"

run_with_input '{"op": "conv2d", "input": '$SEED_INPUT', "weight": [[[[1]]]], "strid": 2}' compute
check_refused "compute: unknown field is named" "unknown field 'strid'"

run_with_input '{"op": "conv2d", "input": [[[1,2],[3]]], "weight": [[[[1]]]]}' compute
check_refused "compute: ragged input" "input: row 1 of channel 0 has 1 value, expected 2"

run_with_input '{"op": "max_pool2d", "input": [[[1]]], "kernel_size": 1, "weight": [[[[1]]]]}' compute
check_refused "compute: field of another op" "'weight' does not apply to max_pool2d"

run_with_input '{"op": "conv2d", "input": '$SEED_INPUT', "weight": [[[[1]]]], "stride": 0}' compute
check_refused "compute: core refusal passes through" "stride"

run_with_input '{"op": "conv2d", "in\nput": 1}' compute
check_refused "compute: an escaped newline in a field name stays escaped" "unknown field 'in\\nput'"

run_with_input $'{"op": "conv2d", "a\nb": 1}' compute
check_refused "compute: a raw newline in a string is refused" "control character 0x0A"

run_with_input "$SEED_REQUEST" compute --pretty
check_refused "compute: takes no options" "compute takes no options"

# [SECTION] shape ----------------------------------------------------------------------------------

run_with_input '' shape --input 5x5 --kernel 3 --stride 2
check "shape: exits 0" $([ "$status" -eq 0 ]; echo $?)
check "shape: height formula with the numbers substituted" \
    $(has "$out" "height: floor((5 + 0 + 0 - 3) / 2) + 1 = floor(2 / 2) + 1 = 2"; echo $?)
check "shape: width formula" $(has "$out" "width: floor((5 + 0 + 0 - 3) / 2) + 1 = floor(2 / 2) + 1 = 2"; echo $?)
check "shape: output size" $(has "$out" "output: 1 x 2 x 2"; echo $?)
check "shape: remainder of the floor" $(has "$out" "remainder of the floor: 2 mod 2 = 0"; echo $?)
check "shape: MACs at stride 2 vs 1" \
    $(has "$out" "MACs: 36 at this stride, 81 at stride 1 -- ratio 0.444 (2.25x fewer)"; echo $?)

run_with_input '' shape --input 6x6 --kernel 3 --stride 2
check "shape: dropped row by index" $(has "$out" "dropped rows (no window reaches them): 1 (row 5)"; echo $?)
check "shape: never visited cells" $(has "$out" "never visited cells: 11 of 36 per channel"; echo $?)

run_with_input '' shape --input 7x8 --kernel 3 --stride 2 --dilation 2 --padding 1,0,2,0
check "shape: effective kernel with dilation" \
    $(has "$out" "height: effective kernel 2 * (3 - 1) + 1 = 5; floor((7 + 1 + 0 - 5) / 2) + 1 = floor(3 / 2) + 1 = 2"; echo $?)
check "shape: rows skipped between dilated taps" \
    $(has "$out" "never visited rows: 4 of 7 (rows 0, 2, 4, 6)"; echo $?)

run_with_input '' shape --input 5x5 --kernel 3 --padding full
check "shape: full padding is dilation*(k-1) per side" \
    $(has "$out" "floor((5 + 2 + 2 - 3) / 1) + 1 = floor(6 / 1) + 1 = 7"; echo $?)

run_with_input '' shape --op avg_pool2d --input 5x5 --kernel 2 --padding 1 --ceil-mode
check "shape: ceil_mode drops a window starting in the padding" \
    $(has "$out" "ceil((5 + 1 + 1 - 2) / 2) + 1 = ceil(5 / 2) + 1 = 4, minus the last window (it would start in the padding) = 3"; echo $?)

# Channels and groups: the output's channel count, MACs per group (C_in / groups per output channel).
run_with_input '' shape --input 56 --kernel 3 --stride 2 --padding 1 --in-channels 64 --out-channels 128 --groups 2
check "shape: channels and groups in the heading" \
    $(has "$out" "input 56x56 (64 -> 128 channels, groups 2), kernel 3x3, stride 2x2"; echo $?)
check "shape: --out-channels sets the output's channels" $(has "$out" "output: 128 x 28 x 28"; echo $?)
# 128 outputs x 784 cells x (64 / 2) x 9 taps = 28,901,376; stride 1: x4 cells.
check "shape: MACs count C_in / groups per output channel" \
    $(has "$out" "MACs: 28,901,376 at this stride, 115,605,504 at stride 1"; echo $?)
run_with_input '' shape --input 8 --kernel 3 --in-channels 3 --out-channels 4 --groups 2
check_refused "shape: groups must divide the input channels" "groups (2) must divide the input channels (3)"
run_with_input '' shape --input 8 --kernel 3 --in-channels 4 --out-channels 3 --groups 2
check_refused "shape: groups must divide the output channels" "groups"
run_with_input '' shape --input 8 --kernel 3 --in-channels 0
check_refused "shape: --in-channels must be positive" "input channels must be at least 1"

# explain with two groups and a bias: output channel 1 reads input channel 1 only.
run_with_input '' explain --input 4 --kernel 2 --stride 2 --in-channels 2 --out-channels 2 --groups 2 --bias 0.5 --cell 1,0,1
check "explain: grouped conv reads its own group's channel" \
    $(has "$out" "  x[1][0][2] = 19  * w[1][1][0][0] = 1  = 19"; echo $?)
check "explain: --bias is added to the sum" $(has "$out" "  sum = 86, + bias 0.5 = 86.5"; echo $?)
check "explain: the whole output of channel 1 (PyTorch: 78.5 86.5 / 110.5 118.5)" \
    $(has "$out" "  0 |  78.5  86.5
  1 | 110.5 118.5"; echo $?)
# A standard layer over three channels: one partial sum per input channel, then their total.
run_with_input '' explain --input 5 --kernel 3 --in-channels 3 --out-channels 2 --cell 1,0,0
check "explain: partial sums per input channel (seq: 63, 288, 513)" \
    $(has "$out" "  partial sums: channel 0 63, channel 1 288, channel 2 513"; echo $?)
check "explain: their total" $(has "$out" "  sum = 864"; echo $?)
run_with_input '' explain --input 4 --kernel 2 --op max_pool2d --bias 1
check_refused "explain: --bias does not apply to pools" "--bias"

# avg_pool2d --exclude-pad (count_include_pad=False): the corner window divides by its 4 real cells.
run_with_input '' explain --input 4 --kernel 3 --stride 2 --padding 1 --op avg_pool2d --exclude-pad --cell 0,0
check "explain: --exclude-pad divides by the input cells only" \
    $(has "$out" "  sum = 14, / 4 (input cells in the window) = 3.5"; echo $?)
check "explain: --exclude-pad output (PyTorch: 3.5 5 / 9.5 11)" $(has "$out" "  0 | 3.5   5
  1 | 9.5  11"; echo $?)
run_with_input '' explain --input 4 --kernel 3 --stride 2 --padding 1 --op avg_pool2d --cell 0,0
check "explain: padding counts by default (14 / 9)" $(has "$out" "/ 9"; echo $?)
run_with_input '' shape --input 4 --kernel 3 --exclude-pad
check_refused "shape: --exclude-pad applies to avg_pool2d only" "--exclude-pad"

run_with_input '' shape --input 5x5 --kernel 3 --stride 0
check_refused "shape: core refusal, nothing on stdout" "stride must be greater than zero"

run_with_input '' shape --input 5x5 --kernel 3 --padding same --stride 2
check_refused "shape: strided 'same' refused" "same"

run_with_input '' shape --input 5x5 --kernel 3 --strid 2
check_refused "shape: unknown option is named" "unknown option '--strid'"

run_with_input '' shape --input 5x5
check_refused "shape: missing --kernel" "missing --kernel"

run_with_input '' shape --input 5x5 --kernel 3 --stride
check_refused "shape: option without a value" "--stride needs a value"

run_with_input '' shape --input 5y5 --kernel 3
check_refused "shape: bad size" "--input"

run_with_input '' shape --op max_pool2d --input 5x5 --kernel 3 --padding-mode reflect
check_refused "shape: option of another op" "--padding-mode does not apply to max_pool2d"

# [SECTION] explain --------------------------------------------------------------------------------

run_with_input '' explain --input 5x5 --kernel 3 --stride 2
check "explain: exits 0" $([ "$status" -eq 0 ]; echo $?)
check "explain: four steps" $(has "$out" "step 4 of 4: y[1][1], window origin x[2][2] (rows 2..4, cols 2..4)"; echo $?)
check "explain: first tap" $(has "$out" "  x[0][0] =  1  * w[0][0] = 1  =  1"; echo $?)
for sum in 63 81 153 171; do
    check "explain: sum $sum" $(has "$out" "  sum = $sum"; echo $?)
done
check "explain: output map" $(has "$out" "  0 |  63  81
  1 | 153 171"; echo $?)
check "explain: input grid" $(has "$out" "  4 | 21 22 23 24 25"; echo $?)

# conv_transpose2d: the scatter, cropped by the padding; one output cell gathered (PyTorch's output
# is tests/golden/cases.json "lesson transposed-upsample").
run explain --op conv_transpose2d --input 4 --kernel 3 --stride 2 --padding 1 --output-padding 1
check "explain convT: exits 0" $([ "$status" -eq 0 ]; echo $?)
check "explain convT: the size formula" $(has "$out" "height: (4 - 1)*2 - 2*1 + 1*(3 - 1) + 1 + 1 = 8"; echo $?)
check "explain convT: 16 steps, one per input cell" $(has "$out" "step 16 of 16: x[3][3] = 16 scatters 16 * the kernel"; echo $?)
check "explain convT: a cropped tap" $(has "$out" "  y[-1][-1] += 1 * w[0][0] = 1 * 1 = 1   (cropped: outside the output)"; echo $?)
check "explain convT: PyTorch's output rows" $(has "$out" "  1 |  6 14  8 18 10 22 12 12
  2 |  5 11  6 13  7 15  8  8"; echo $?)
run explain --op conv_transpose2d --input 4 --kernel 3 --stride 2 --padding 1 --output-padding 1 --cell 2,3
check "explain convT --cell: the pairs reaching y[2][3]" $(has "$out" "  x[1][2] = 7  * w[1][0] = 1  = 7"; echo $?)
check "explain convT --cell: its value" $(has "$out" "  y[2][3] = 13"; echo $?)
run explain --op conv_transpose2d --input 4 --kernel 3 --stride 2 --output-padding 2
check_refused "explain convT: output_padding must be smaller than stride or dilation" "output_padding"
run explain --input 4 --kernel 3 --output-padding 1
check_refused "explain: --output-padding is conv_transpose2d's" "--output-padding"
run explain --op conv_transpose2d --input 4 --kernel 3 --padding 1,0,1,1
check_refused "explain convT: one padding per axis" "pads both sides equally"
run shape --op conv_transpose2d --input 4 --kernel 3
check_refused "shape: conv_transpose2d is explain's" "use explain"

run_with_input '' explain --input 4x4 --kernel 3 --stride 2 --padding 1 --padding-mode reflect --cell 0,0
check "explain: padding source is named" $(has "$out" "x[-1][-1] = 6  pad (reflect of x[1][1])"; echo $?)
check "explain: one cell" $(has "$out" "step 1 of 1: y[0][0]"; echo $?)

run_with_input '' explain --input 4x4 --kernel 2 --op max_pool2d --values random:7 --cell 0,0 --padding 1
check "explain: max pool marks the winner" $(has "$out" "<- max"; echo $?)

run_with_input '' explain --input 5x5 --kernel 3 --kernel-values 1,2
check_refused "explain: kernel list of the wrong length" "--kernel-values: got 2 values, expected 9"

run_with_input '' explain --input 5x5 --kernel 3 --cell 9,9
check_refused "explain: cell outside the output" "--cell"

run_with_input '' explain --input 2x4 --kernel 1 --values random:7
check "explain: random:SEED gives the app's values for that seed" $(has "$out" "  0 |  7 -9 -8  6
  1 | -2 -4  2  1"; echo $?)

for spelling in sobel_x sobel-x SOBEL-X; do
    run_with_input '' explain --input 3x3 --kernel 3 --kernel-values "$spelling"
    check "explain: kernel preset spelled $spelling" $(has "$out" "  0 | -1  0  1
  1 | -2  0  2"; echo $?)
done

run_with_input '' explain --input 5x5 --kernel 5 --kernel-values sharpen
check_refused "explain: a fixed 3x3 preset on another kernel size" "--kernel-values sharpen is a 3x3 kernel"

run_with_input '' explain --input 5x5 --kernel 3 --values random:-1
check_refused "explain: a negative seed" "--values"

# [SECTION] limits: at each limit accepted, just above refused with one line --------------------

# Regressions: these died with std::bad_alloc (exit 134) instead of a message.
run_with_input '' shape --op max_pool2d --input 1048576 --kernel 2
check "shape: a 2^20 x 2^20 pool allocates nothing of its size" \
    $([ "$status" -eq 0 ] && has "$out" "output: 1 x 524288 x 524288" && has "$out" "too large to compute or explain: input values 1099511627776 exceeds the limit of 16777216"; echo $?)
run_with_input '' explain --input 5 --kernel 1048576 --padding 524288
check_refused "explain: a 2^20 x 2^20 kernel is refused before it is allocated" \
    "too large to explain: weight values 1099511627776 exceeds the limit of 16777216"
run_with_input '' explain --op avg_pool2d --input 4 --kernel 100000 --padding 50000
check_refused "explain: a window of 10^10 taps is refused before tracing" \
    "too large to explain: work 10000000000 exceeds the limit of 4294967296"
run_with_input '{"op":"avg_pool2d","input":[[[1]]],"kernel_size":50000,"padding":25000}' compute
check "compute: a 2.5e9-cell padded window averages ones to a positive 4e-10" \
    $([ "$out" = '{"shape":[1,1,1],"output":[[[4e-10]]]}' ]; echo $?)

# The core's extent, 2^20 = 1048576, on every size option.
for option in --input --kernel --stride --dilation --padding --in-channels --out-channels; do
    case $option in
        --input) args=(--input 1048576x1 --kernel 1) ; above=(--input 1048577x1 --kernel 1) ;;
        --kernel) args=(--input 1048576x1 --kernel 1048576x1) ; above=(--input 1048576x1 --kernel 1048577x1) ;;
        --stride) args=(--input 1 --kernel 1 --stride 1048576) ; above=(--input 1 --kernel 1 --stride 1048577) ;;
        --dilation) args=(--input 1 --kernel 1 --dilation 1048576) ; above=(--input 1 --kernel 1 --dilation 1048577) ;;
        --padding) args=(--input 1 --kernel 1 --padding 1048576x0) ; above=(--input 1 --kernel 1 --padding 1048577x0) ;;
        --in-channels) args=(--input 1 --kernel 1 --in-channels 1048576) ; above=(--input 1 --kernel 1 --in-channels 1048577) ;;
        --out-channels) args=(--input 1 --kernel 1 --out-channels 1048576) ; above=(--input 1 --kernel 1 --out-channels 1048577) ;;
    esac
    run_with_input '' shape "${args[@]}"
    check "shape: $option at 1048576 is accepted" $([ "$status" -eq 0 ]; echo $?)
    run_with_input '' shape "${above[@]}"
    check_refused "shape: $option at 1048577 is refused" "at most 1048576 (got 1048577)"
done
run_with_input '' shape --input 1048576 --kernel 1 --in-channels 1048576 --out-channels 1048576
check_refused "shape: counts past 2^63 are refused, not wrapped" "too large to count"

# explain: at most 256x256 and 64 channels, the compute budget, and 2^20 printed taps.
run_with_input '' explain --input 256x256 --kernel 256 --values ones
check "explain: a 256x256 input is accepted" $([ "$status" -eq 0 ] && has "$out" "  sum = 65536"; echo $?)
run_with_input '' explain --input 257x256 --kernel 257x256
check_refused "explain: 257 rows are refused" "at most 256x256"
run_with_input '' explain --input 1 --kernel 1 --in-channels 64 --out-channels 64 --cell 0,0,0
check "explain: 64 channels are accepted" $([ "$status" -eq 0 ]; echo $?)
run_with_input '' explain --input 1 --kernel 1 --in-channels 65
check_refused "explain: 65 channels are refused" "64 channels"
run_with_input '' explain --input 1 --kernel 4096 --padding 2048x2048 --cell 0,0
check_refused "explain: weight values at 2^24 pass the budget, then the printed taps stop it" \
    "explain would print 16,777,216 taps, more than 1,048,576"
run_with_input '' explain --input 1 --kernel 4097x4096 --padding 2048x2048 --cell 0,0
check_refused "explain: weight values just above 2^24" "weight values 16781312 exceeds the limit of 16777216"
run_with_input '' explain --input 1 --kernel 1024 --padding 512 --values ones --cell 0,0
check "explain: 2^20 printed taps are accepted" $([ "$status" -eq 0 ] && has "$out" "  sum = 1"; echo $?)
run_with_input '' explain --input 1 --kernel 1025x1024 --padding 512 --cell 0,0
check_refused "explain: one row of taps more is refused" "explain would print 1,049,600 taps"

# [SECTION] bench and usage -----------------------------------------------------------------------

# A short normal run: every workload (conv2d, pools, conv_transpose2d) at stride 1 and 2, with
# figures (not checked: the machine's). The image-mode table after it is not checked here.
run_with_input '' bench --repeat 1
check "bench: exits 0, nothing on stderr" $([ "$status" -eq 0 ] && [ -z "$err" ]; echo $?)
check "bench: header" $(has "$out" "workload                             stride    output            MACs  median ms   cpu ms   GFLOP/s  % peak"; echo $?)
check "bench: the multiply-add peak the % column is taken against, positive" \
    $(printf '%s\n' "$out" | sed -nE 's/^multiply-adds, no memory\): ([0-9.]+) GFLOP\/s, ([0-9.]+) in processor time.*/\1 \2/p' |
        awk 'NF == 2 && $1 > 0 && $2 > 0 { ok = 1 } END { exit !ok }'; echo $?)
check "bench: seven workloads, each compared as stride 1 / stride 2" \
    $([ "$(printf '%s\n' "$out" | grep -c 'stride 1 / stride 2: time [0-9.]*, MACs [14]\.00')" -eq 7 ]; echo $?)
check "bench: the stem layer at stride 2 is 112x112 with 118,013,952 MACs" \
    $(printf '%s\n' "$out" | grep -Eq '^ +2 +112x112 +118,013,952 +[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{2} +[0-9]+%$'; echo $?)
check "bench: pools have no % of the multiply-add peak" \
    $(printf '%s\n' "$out" | grep -Eq '^max_pool2d 112x112 3x3 p1, 64 ch +1 +112x112 +7,225,344 .* -$'; echo $?)
check "bench: every timed row of the table has a positive median" \
    $(printf '%s\n' "$out" | sed '/^image mode/,$d' |
        awk 'NF >= 7 && !/stride 1 \// && $(NF-1) ~ /^[0-9.]+$/ { rows++; if ($(NF-3) <= 0) bad++ } END { exit !(rows == 14 && !bad) }'; echo $?)

run_with_input '' bench --repeat 1 --json
check "bench --json: exits 0, nothing on stderr" $([ "$status" -eq 0 ] && [ -z "$err" ]; echo $?)
check "bench --json: an array of 14 runs with the documented fields" \
    $([ "$(printf '%s\n' "$out" | head -n 1)" = "[" ] && [ "$(printf '%s\n' "$out" | tail -n 1)" = "]" ] &&
      [ "$(printf '%s\n' "$out" | grep -cE '^  \{"op": "[a-z_0-9]+", "in_channels": [0-9]+, "height": [0-9]+, "width": [0-9]+, "out_channels": [0-9]+, "kernel": [0-9]+, "stride": [12], "padding": [0-9]+, "median_ms": [0-9.]+, ')" -eq 14 ]; echo $?)
check "bench --json: each run carries the multiply-add peak" \
    $(printf '%s\n' "$out" | sed -nE 's/.*"cpu_gflops": [0-9.]+, "peak_gflops": ([0-9.]+), "cpu_peak_gflops": ([0-9.]+), .*/\1 \2/p' |
        awk '$1 > 0 && $2 > 0 { n++ } END { exit n != 14 }'; echo $?)
check "bench --json: the stem layer at stride 2" \
    $(has "$out" '{"op": "conv2d", "in_channels": 3, "height": 224, "width": 224, "out_channels": 64, "kernel": 7, "stride": 2, "padding": 3, "median_ms": '; echo $?)

run_with_input '' bench --simd no-such-target
check_refused "bench: unknown SIMD target" "--simd: 'no-such-target' is not available here"

run_with_input '' bench --repeat 0
check_refused "bench: --repeat must be positive" "--repeat"

run_with_input '' bench --fast
check_refused "bench: unknown option" "unknown option '--fast'"

run_with_input ''
check "usage: no command exits 2" $([ "$status" -eq 2 ] && [ -z "$out" ] && has "$err" "usage:"; echo $?)

run_with_input '' frobnicate
check_refused "usage: unknown command" "unknown command 'frobnicate'"

run_with_input '' --help
check "usage: --help prints usage on stdout, exit 0" \
    $([ "$status" -eq 0 ] && has "$out" "usage: strideconv" && [ -z "$err" ]; echo $?)

# --version: one version, CMake's project(VERSION) (the app's About and getState().version read the
# same generated constant); CHANGELOG.md has an entry for it. --notices: the licence and the notices.
SOURCE_DIR=${STRIDECONV_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
project_version=$(sed -n 's/^project(StrideConvolutionLab VERSION \([0-9.]*\) .*/\1/p' "$SOURCE_DIR/CMakeLists.txt")
run_with_input '' --version
check "--version: 'strideconv (Stride Convolution Lab $project_version)', the copyright, the licence; exit 0" \
    $([ "$status" -eq 0 ] && [ -n "$project_version" ] && [ -z "$err" ] &&
      [ "$(printf '%s\n' "$out" | head -n 1)" = "strideconv (Stride Convolution Lab $project_version)" ] &&
      has "$out" "Copyright (c)" && has "$out" "MIT licence"; echo $?)
check "--version: CHANGELOG.md has an entry for $project_version" \
    $(grep -q "^## \[$project_version\]" "$SOURCE_DIR/CHANGELOG.md"; echo $?)
run_with_input '' --version --verbose
check_refused "--version: takes no options" "takes no options, got '--verbose'"
run_with_input '' --notices
check "--notices: LICENSE, then the third-party notices of this build with their licence texts" \
    $([ "$status" -eq 0 ] && [ -z "$err" ] && [ "$(printf '%s\n' "$out" | head -n 1)" = "MIT License" ] &&
      has "$out" "Stride Convolution Lab $project_version -- third-party notices" &&
      has "$out" "Google Highway" && has "$out" "Licensed under the Apache License, Version 2.0" &&
      has "$out" "Eileen Collins" && has "$out" "CC0"; echo $?)

finish cli
