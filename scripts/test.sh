#!/usr/bin/env bash
# test.sh -- everything CI checks, in order; rerunning is incremental.
#
#   scripts/test.sh [STAGE...]   stages: native wasm-tests asan fuzz web app images browser
#                                web-images release
#                                (default: all)
#
#   native      configure + build + ctest, native Release
#   wasm-tests  configure + build + ctest, the same doctest suite as WebAssembly under node
#   asan        configure + build + ctest, native Debug with AddressSanitizer + UBSan
#   fuzz        configure + build the libFuzzer targets (clang 14, ASan + UBSan; tests/fuzz/), then
#               scripts/fuzz.sh: each target for 12 s from its committed seeds (about a minute)
#   web         configure + build the web app into build/web/dist/; tests/third_party_test.py on it
#   app         tests/app/app_test.sh: the native app under Xvfb: frames, --query, --screenshot,
#               --size, --shots, session restore and when it is written (needs the native stage)
#   images      golden images of the native app under Xvfb vs tests/golden-images/native/
#               (needs the native stage; scripts/golden_images.sh regenerates and diffs them)
#   browser     web/tests/run.mjs: headless Chromium against build/web/dist/ (needs the web stage)
#   web-images  golden images of the web build in headless Chromium vs tests/golden-images/web/
#   release     scripts/release.sh into a temporary folder, checked by tests/release_check.sh (the
#               folder, zip and desktop tarball: files, licence, notices, version, same bytes twice)
# Every stage runs even if an earlier one failed; the exit status is non-zero if any failed.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh || { echo "test.sh: setup failed" >&2; exit 1; }

stages=("$@")
[ "${#stages[@]}" -gt 0 ] || stages=(native wasm-tests asan fuzz web app images browser web-images release)
failed=()

header() {
  printf '\n==================== %s ====================\n' "$1"
}

preset_build() {  # configure (only when new or the presets changed; the build re-runs CMake itself
                  # when CMakeLists.txt or a glob changes) + build a preset. In CI (CI set, as
                  # .ci/run has it) warnings on our own targets are errors, for both compilers.
  local cache="build/$1/CMakeCache.txt" werror=OFF
  [ -n "${CI:-}" ] && werror=ON
  if [ ! -f "$cache" ] || [ CMakePresets.json -nt "$cache" ] ||
     ! grep -qx "STRIDECONV_WERROR:BOOL=$werror" "$cache"; then
    cmake --preset "$1" -DSTRIDECONV_WERROR=$werror >/dev/null || return
  fi
  cmake --build --preset "$1" -j2
}

needs() {  # needs STAGE: the stage this one builds on must not have failed
  if [[ " ${failed[*]-} " == *" $1 "* ]]; then echo "skipped: the $1 stage failed"; return 1; fi
}

run_stage() {
  local stage=$1 start=$SECONDS status
  header "$stage"
  case $stage in
    native | wasm-tests | asan) preset_build "$stage" && ctest --preset "$stage" ;;
    fuzz) preset_build fuzz && bash scripts/fuzz.sh --seconds 12 ;;
    web) preset_build web && /usr/bin/python3 tests/third_party_test.py --ninja ninja \
           --manifest build/web/generated/third_party_manifest.tsv \
           --notices build/web/generated/THIRD_PARTY_NOTICES.txt ;;
    app) needs native && timeout 300 xvfb-run -a -s '-screen 0 1280x800x24' bash tests/app/app_test.sh build/native/strideconv_app ;;
    images) needs native && bash scripts/golden_images.sh native ;;
    browser) needs web && node web/tests/run.mjs build/web/dist ;;
    web-images) needs web && bash scripts/golden_images.sh web ;;
    release) needs native && needs web && bash tests/release_check.sh ;;
    *) echo "unknown stage: $stage" >&2; false ;;
  esac
  status=$?
  if [ "$status" -eq 0 ]; then
    echo "---- $stage: ok ($((SECONDS - start)) s)"
  else
    echo "---- $stage: FAILED (exit $status, $((SECONDS - start)) s)"
    failed+=("$stage")
  fi
}

for stage in "${stages[@]}"; do run_stage "$stage"; done

header summary
if [ "${#failed[@]}" -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all passed: ${stages[*]}"
