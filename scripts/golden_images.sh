#!/usr/bin/env bash
# golden_images.sh -- render the golden-image states (tests/golden-images/states.txt) natively under
# Xvfb and in headless Chromium, and compare them with the committed references.
#
#   scripts/golden_images.sh [native] [web] [--update] [--diff] [--filter TEXT]
#
#   (no target)  both; native needs build/native/strideconv_app, web needs build/web/dist/
#   --update     regenerate the references from this build (only changed images are rewritten);
#                review them (git diff --stat, the images themselves) and commit them saying why
#   --diff       also write side-by-side images (reference | this run | difference) for every image
#                that differs at all, into build/golden-images/TARGET-diff/
# Failing images always get a side-by-side image there. The comparison and its tolerance are
# described at the top of tests/golden-images/golden.mjs.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

targets=()
options=()
while [ "$#" -gt 0 ]; do
  case $1 in
    native | web) targets+=("$1") ;;
    --update | --diff) options+=("$1") ;;
    --filter) options+=("$1" "${2:?--filter takes a text}"); shift ;;
    -h | --help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "golden_images.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done
[ "${#targets[@]}" -gt 0 ] || targets=(native web)

status=0
for target in "${targets[@]}"; do
  case $target in
    native)
      # A screen larger than any state's window; 24-bit colour as on a desktop.
      timeout 600 xvfb-run -a -s '-screen 0 1600x1000x24' node tests/golden-images/golden.mjs native "${options[@]}" ||
        status=1
      ;;
    web) timeout 900 node tests/golden-images/golden.mjs web "${options[@]}" || status=1 ;;
  esac
done
exit "$status"
