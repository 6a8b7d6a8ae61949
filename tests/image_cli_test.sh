#!/usr/bin/env bash
# image_cli_test.sh -- `strideconv image` from the outside, natively and under node: .npy and PNG
# output, exact identities between routes (byte-equal files), the stated PNG value map, and every
# kind of bad input (missing or broken files, 0x0 and 30000x30000 headers, animated GIF, bad
# options): exit 0 or 2 with one stderr line, never a signal. Values against PyTorch: image_cli_test.py.
#
#   tests/image_cli_test.sh build/native/strideconv       (a .js path runs under node: the wasm build)
#
# Prints "image-cli: N passed, M failed" and exits 1 if anything failed.
set -u

source "$(dirname "$0")/cli_lib.sh" "$@"
ROOT=${STRIDECONV_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
PICTURE=$ROOT/tests/golden/image_input.png   # 13x11 RGB
magic() { head -c "$2" "$1" | od -A n -t x1 | tr -d ' \n'; }


# [SECTION] The issue's example and .npy --------------------------------------------------------

run image --in "$PICTURE" --gray --kernel sobel_x --padding 1 --stride 2 --route stride --out "$WORK/y.npy"
check "example: exit 0, nothing on stderr" $([ "$status" -eq 0 ] && [ -z "$err" ]; echo $?)
check "example: output size with the formula" \
    $(has "$out" "output: 1 x 6 x 7" && has "$out" "height: floor((11 + 1 + 1 - 3) / 2) + 1 = 6"; echo $?)
check "example: MACs" $(has "$out" "MACs: 378"; echo $?)
check "example: .npy magic and header" \
    $([ "$(magic "$WORK/y.npy" 8)" = "934e554d50590100" ] && grep -qa "'shape': (1, 6, 7)" "$WORK/y.npy"; echo $?)
check "example: .npy size = 128-byte header + 42 float32" $([ "$(wc -c <"$WORK/y.npy")" -eq $((128 + 4 * 42)) ]; echo $?)

run image --source zoneplate --size 64 --route blurpool --blur 4 --stride 2 --out "$WORK/zp.npy"
check "source: zone plate blurpool" $([ "$status" -eq 0 ] && has "$out" "output: 1 x 31 x 31" && has "$out" "blur: floor((62 + 1 + 2 - 4) / 2) + 1 = 31"; echo $?)

run image --source photo:brick --size 32x48 --route pool-max --stride 4 --kernel box --kernel-size 5 --padding 2 --out "$WORK/b.npy"
check "source: photo with a size and a note" $([ "$status" -eq 0 ] && has "$out" "note: The photo (256x256) was cropped" && has "$out" "output: 1 x 8 x 12"; echo $?)

# [SECTION] Exact identities: the same bytes from two routes -------------------------------------

run image --in "$PICTURE" --kernel emboss --padding 1 --stride 3 --route stride --out "$WORK/s.npy"
run image --in "$PICTURE" --kernel emboss --padding 1 --stride 3 --route blurpool --blur 1 --out "$WORK/b1.npy"
check "BlurPool F=1 is plain stride, byte for byte" $(cmp -s "$WORK/s.npy" "$WORK/b1.npy"; echo $?)
run image --in "$PICTURE" --kernel sharpen --stride 1 --route stride --out "$WORK/a.npy"
run image --in "$PICTURE" --kernel sharpen --stride 1 --route stride1 --out "$WORK/b.npy"
check "stride 1 is route stride1, byte for byte" $(cmp -s "$WORK/a.npy" "$WORK/b.npy"; echo $?)
run image --in "$PICTURE" --kernel identity --kernel-size 1 --stride 1 --route stride1 --out "$WORK/id.png"
check "identity: values in [0, 1] map to round(255 v)" $([ "$status" -eq 0 ] && has "$out" "gray level = round(255 * v)"; echo $?)
run image --in "$WORK/id.png" --kernel-size 1 --stride 1 --route stride1 --out "$WORK/again.npy"
run image --in "$PICTURE" --kernel-size 1 --stride 1 --route stride1 --out "$WORK/first.npy"
check "identity: the PNG written reads back to the same values" $(cmp -s "$WORK/again.npy" "$WORK/first.npy"; echo $?)

# [SECTION] PNG output and its value map -------------------------------------------------------

run image --in "$PICTURE" --kernel sobel_y --padding 1 --route stride1 --out "$WORK/sobel.png"
check "png: signed output, zero is mid-grey" \
    $([ "$status" -eq 0 ] && has "$out" "RGB PNG 13x11" && has "$out" "round(127.5 + 127.5 * v /" && has "$out" "zero is mid-grey"; echo $?)
check "png: PNG signature" $([ "$(magic "$WORK/sobel.png" 8)" = "89504e470d0a1a0a" ]; echo $?)
run image --source checker --size 16 --kernel ones --route stride --out "$WORK/ones.png"
check "png: positive output scaled by its maximum" $(has "$out" "round(255 * v / 9)"; echo $?)

# [SECTION] Bad input: one line, exit 2 -----------------------------------------------------------

printf 'not an image at all' >"$WORK/text.png"
run image --in "$WORK/text.png" --out "$WORK/y.npy"
check_refused "bad: a text file" "not an image"
head -c 60 "$PICTURE" >"$WORK/cut.png"
run image --in "$WORK/cut.png" --out "$WORK/y.npy"
check_refused "bad: a truncated PNG" "the PNG could not be decoded (corrupt or truncated file)"
: >"$WORK/empty.png"
run image --in "$WORK/empty.png" --out "$WORK/y.npy"
check_refused "bad: an empty file" "empty"
run image --in "$WORK" --out "$WORK/y.npy"
check_refused "bad: a folder" "is a folder"
run image --in "$WORK/missing.png" --out "$WORK/y.npy"
check_refused "bad: a missing file" "cannot open"
cp "$PICTURE" "$WORK/huge.png"
printf '\x00\x00\x75\x30\x00\x00\x75\x30' | dd of="$WORK/huge.png" bs=1 seek=16 conv=notrunc 2>/dev/null
run image --in "$WORK/huge.png" --out "$WORK/y.npy"
check_refused "bad: a 30000x30000 header is refused before decoding" "30000x30000"
cp "$PICTURE" "$WORK/zero.png"
printf '\x00\x00\x00\x00\x00\x00\x00\x00' | dd of="$WORK/zero.png" bs=1 seek=16 conv=notrunc 2>/dev/null
run image --in "$WORK/zero.png" --out "$WORK/y.npy"
check_refused "bad: a 0x0 header" "0x0 pixels"
# Three 2x2 frames (see image_test.cpp for the layout).
frame='\x21\xf9\x04\x00\x0a\x00\x00\x00\x2c\x00\x00\x00\x00\x02\x00\x02\x00\x00\x02\x04\x0c\x41\x30\x05\x00'
printf "GIF89a\x02\x00\x02\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff$frame$frame$frame\x3b" >"$WORK/anim.gif"
run image --in "$WORK/anim.gif" --kernel-size 1 --stride 1 --out "$WORK/y.npy"
check "animated GIF: first frame, with a note" \
    $([ "$status" -eq 0 ] && has "$out" "note: This is an animated GIF with 3 frames; only the first frame is used."; echo $?)

run image --in "$PICTURE" --route pool_max --out "$WORK/y.npy"
check_refused "bad: unknown route" "--route"
run image --in "$PICTURE" --stride 9 --out "$WORK/y.npy"
check_refused "bad: stride above 8" "--stride"
run image --in "$PICTURE" --blur 8 --route blurpool --out "$WORK/y.npy"
check_refused "bad: blur above 7" "--blur"
run image --in "$PICTURE" --out "$WORK/y.txt"
check_refused "bad: output type" ".npy or .png"
run image --in "$PICTURE" --source zoneplate --out "$WORK/y.npy"
check_refused "bad: both inputs" "either --in"
run image --in "$PICTURE"
check_refused "bad: no --out" "--out"
run image --in "$PICTURE" --weights 1,2 --out "$WORK/y.npy"
check_refused "bad: weights not square" "--kernel-size"
run image --in "$PICTURE" --kernel blur --out "$WORK/y.npy"
check_refused "bad: unknown kernel" "unknown kernel"
run image --source zoneplate --size 8 --out "$WORK/y.npy"
check_refused "bad: size below 16" "--size"
run image --in "$PICTURE" --kernel box --kernel-size 15 --route blurpool --out "$WORK/y.npy"
check_refused "bad: kernel larger than the picture" "kernel"
run image --in "$PICTURE" --padding same --stride 2 --out "$WORK/y.npy"
check_refused "bad: 'same' at stride 2" "same"
run image --in "$PICTURE" --out /nonexistent-dir/y.npy
check_refused "bad: unwritable output" "cannot write"

finish image-cli
