#!/usr/bin/env bash
# hostile_cli_test.sh -- the hostile list of issue 13: command lines and requests a curious or
# careless user sends, each of which must end in a correct answer (exit 0) or one line
# "strideconv: ..." (exit 2), never a signal, a crash, a hang or a wrong number. Includes every
# input the fuzz targets (tests/fuzz/) found that reached the command line.
#
#   tests/hostile_cli_test.sh build/native/strideconv     (a .js path runs under plain node)
#
# Prints "hostile: N passed, M failed" and exits 1 if anything failed.
set -u

CLI_TIMEOUT=120  # a hang is a failure here
source "$(dirname "$0")/cli_lib.sh" "$@"

refused() {  # refused WORD STDIN ARGS...: exit 2, nothing on stdout, one line naming WORD
    local word=$1 input=$2 ok=0
    shift 2
    run_with_input "$input" "$@"
    [ "$status" -eq 2 ] && [ -z "$out" ] && [ "$(lines "$err")" -eq 1 ] &&
      has "$err" "strideconv: " && has "$err" "$word" || ok=1
    check "$ran" $ok "expected exit 2, empty stdout, one stderr line mentioning '$word'"
}

answers() {  # answers WORD STDIN ARGS...: exit 0, nothing on stderr, stdout has WORD
    local word=$1 input=$2 ok=0
    shift 2
    run_with_input "$input" "$@"
    [ "$status" -eq 0 ] && [ -z "$err" ] && has "$out" "$word" || ok=1
    check "$ran" $ok "expected exit 0, empty stderr, stdout with '$word'"
}

# [1] The three commands of the issue: an average of all-ones is never negative; large sizes get
# an answer from shape and a refusal from explain, not std::bad_alloc (exit 134).
answers "y[0][0] = 0.197531" "" explain --op avg_pool2d --input 4 --kernel 9 --padding 4 --values ones
check "$ran" "$(has "$out" "= -"; echo $((1 - $?)))" "a negative number in the explanation of an all-ones average"
answers "1 x 1 x 1" "" shape --op avg_pool2d --input 4 --kernel 9 --padding 4
# A divisor past 2^31 (46341 x 46341 taps): PyTorch divides in 64 bits; 1 / 2147488281 > 0.
refused "for the one --cell asked for" "" explain --op avg_pool2d --input 1 --kernel 46341 --padding 23170 --values ones --cell 0,0
answers "too large to compute or explain" "" shape --input 1000000 --kernel 3
answers "999998 x 999998" "" shape --input 1000000 --kernel 3
refused "at most 256x256" "" explain --input 1000000 --kernel 3
refused "at most 256x256" "" explain --input 100000x3 --kernel 3
refused "too large to explain" "" explain --input 1 --kernel 1 --padding 1048576
refused "too large to explain" "" explain --input 256 --kernel 256 --in-channels 64 --out-channels 64
refused "taps" "" explain --input 256 --kernel 3 --in-channels 64 --out-channels 64
refused "2^63" "" shape --input 1048576 --kernel 1048576 --padding 1048576 --in-channels 1048576
refused "at most 1048576" "" shape --input 1048577 --kernel 3
refused "at most 1048576" "" shape --input 5 --kernel 3 --padding full --dilation 1048576

# [2] Numbers that are not numbers, or out of every range.
refused "out of range" "" shape --input 99999999999999999999 --kernel 3
refused "at least 1" "" shape --input -5 --kernel 3
refused "expected N or HxW" "" shape --input 5x5x5 --kernel 3
refused "greater than zero" "" shape --input 5 --kernel 3 --stride 0
refused "positive" "" shape --input 5 --kernel 3 --groups 0
refused "seed from 0 to 4294967295" "" explain --input 5 --kernel 3 --values random:99999999999999999999
refused "--bias" "" explain --input 5 --kernel 3 --bias nan
refused "--bias" "" explain --input 5 --kernel 3 --bias 1e39
refused "outside" "" explain --input 16 --kernel 3 --cell 0,1000000000,5
refused "given twice" "" shape --input 5 --input 6 --kernel 3
refused "needs a value" "" shape --input

# [3] compute: JSON that is not JSON, or a layer past the budget.
refused "JSON" "" compute
refused "JSON" "$(printf '%0.s[' $(seq 1 1000))" compute
refused "JSON" '{"op": "conv2d", "input": [[[1e309]]]}' compute
refused "too large" '{"op": "avg_pool2d", "input": [[[1, 1], [1, 1]]], "kernel_size": 65537, "padding": 32768}' compute
refused "too large" '{"op": "conv_transpose2d", "input": [[[1]]], "weight": [[[[1]]]], "stride": 1048576, "output_padding": 1048575, "dilation": 1048576}' compute
answers '"output":[[[4.6566' '{"op": "avg_pool2d", "input": [[[1]]], "kernel_size": 46341, "padding": 23170, "stride": 46341}' compute

# [4] stack and bench.
refused "whole numbers 1..4096" "" stack --input 4096 --layers 'conv:k=1048576'
refused "not 1..68" "" stack --preset resnet50 --cell 1000,0,0
refused "empty" "" stack --layers ';;;;'
refused "1 to 1000" "" bench --repeat 0
refused "not available here" "" bench --simd FOO

# [5] image: a padding far past the picture is refused before any allocation (it was
# std::bad_alloc, exit 134); files that are not pictures are named.
refused "too large" "" image --source text --route blurpool --blur 7 --stride 8 --padding 100000 --out "$WORK/y.npy"
refused "too large" "" image --source zoneplate --size 2048 --padding 1048576 --route stride1 --out "$WORK/y.npy"
refused "too large" "" image --source zoneplate --size 64 --padding 0,0,1048576,0 --route pool-max --out "$WORK/y.png"
refused "empty" "" image --in /dev/null --out "$WORK/y.npy"
refused "folder" "" image --in "$WORK" --out "$WORK/y.npy"
printf 'not a picture\n' > "$WORK/text.png"
refused "not an image" "" image --in "$WORK/text.png" --out "$WORK/y.npy"
refused "cannot open" "" image --in "$WORK/no such file.png" --out "$WORK/y.npy"
refused "unknown photo" "" image --source photo:nosuchphoto --out "$WORK/y.png"
refused "cannot write" "" image --source checker --size 16 --out "$WORK/no/such/folder/y.png"

# [6] The command line itself.
refused "unknown command" "" frobnicate
refused "takes no options" "" --version --json
refused "unknown option" "" shape --input 5 --kernel 3 --frobnicate

finish hostile
